// Package redisstore is the store that replicas share: every tenant's world record (the active
// scenario's text, its Gen, the clock's offset) and each world's sessions, SMS outbox, payments,
// fault counters, journal and coverage counters, in Redis. Each check-and-transition is one Lua
// script, so among replicas exactly one approve of a session wins and a `times: N` fault fires N
// times; every script carries the Gen its replica believes in and refuses a stale one. Lists are
// capped as in memory and everything expires with a TTL.
package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/store"
)

// DefaultPrefix starts every key, so one Redis serves several installations.
const DefaultPrefix = "egovsim:"

// Time-outs: a Redis down or slow makes a call fail within OpTimeout, never hang.
const (
	DialTimeout = time.Second
	IOTimeout   = time.Second
	OpTimeout   = 2 * time.Second
)

// Keep is how long a world's lists, counters and record outlive their last write (the default
// tenant's record: its last use), and a payment outlives its settlement.
const Keep = 24 * time.Hour

// Lease is how long an approve may stay inflight: a replica that died between the check and the
// answer leaves the session approvable again after it (the server's write time-out is 30 s). A
// variable so that tests can shorten it.
var Lease = 40 * time.Second

// ErrUnavailable wraps every failure to reach Redis.
var ErrUnavailable = errors.New("redis")

// Shared is the Redis store of one process: one client, shared by all its tenants and worlds.
type Shared struct {
	c      *redis.Client
	prefix string
	// TenantTTL is how long a named tenant's record lives unused (the -tenant-idle).
	TenantTTL time.Duration
	log       *slog.Logger
	trips     atomic.Int64
	bgTrips   atomic.Int64
	hits      *hits

	logMu      sync.Mutex
	lastLog    time.Time
	suppressed int
}

var _ store.Shared = (*Shared)(nil)

// URLForm is the form of a store URL, for messages that refuse another.
const URLForm = "redis://[user:pass@]host:port/db or rediss://…"

// IsURL reports whether url names a Redis store (redis:// or rediss://, TLS): the one rule -store
// and sim.WithStore check before Open parses the rest.
func IsURL(url string) bool {
	return strings.HasPrefix(url, "redis://") || strings.HasPrefix(url, "rediss://")
}

// Open connects to url (redis://[user:pass@]host:port/db or rediss://…) with keys under prefix
// ("" = DefaultPrefix). It does not wait for Redis: Ping does.
func Open(url, prefix string, log *slog.Logger) (*Shared, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("-store %q: %w", redact(url), err)
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = DialTimeout, IOTimeout, IOTimeout
	opt.PoolTimeout = OpTimeout
	opt.DialerRetries = 1 // a Redis down fails the call at once; the next call dials again
	opt.ContextTimeoutEnabled = true
	// No retries: a script that timed out may have run, and running an approve twice is wrong.
	opt.MaxRetries = -1
	opt.DisableIdentity = true // CLIENT SETINFO is Redis 7.2+; Debian's 7.0 answers it with an error
	if prefix == "" {
		prefix = DefaultPrefix
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	quietOnce.Do(func() { redis.SetLogger(quiet{}) })
	s := &Shared{c: redis.NewClient(opt), prefix: prefix, TenantTTL: time.Hour, log: log}
	s.c.AddHook(counter{&s.trips, &s.bgTrips})
	s.hits = newHits(s)
	return s, nil
}

// quiet drops go-redis's own log lines (to the standard logger, process-wide): every failure
// reaches the caller, which logs it once a second through slog (trouble).
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

var quietOnce sync.Once

// redact hides a password in a URL for messages.
func redact(url string) string {
	if at := strings.LastIndex(url, "@"); at > 0 {
		if i := strings.Index(url, "://"); i >= 0 && i+3 < at {
			return url[:i+3] + "…@" + url[at+1:]
		}
	}
	return url
}

// Ping checks that Redis answers.
func (s *Shared) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, OpTimeout)
	defer cancel()
	return wrap(s.c.Ping(ctx).Err())
}

// Close writes the coverage counts still gathering, then releases the connections.
func (s *Shared) Close() error {
	s.hits.stop()
	return s.c.Close()
}

// RoundTrips counts the exchanges with Redis so far on the calls' own paths: a command or a
// pipeline is one, with the handshake of a connection dialled for it. The coverage batches
// written in the background are not among them (BackgroundTrips).
func (s *Shared) RoundTrips() int64 { return s.trips.Load() }

// BackgroundTrips counts the coverage batches written off the calls' paths.
func (s *Shared) BackgroundTrips() int64 { return s.bgTrips.Load() }

// background marks a context of work off the calls' paths, for the round-trip counter.
type background struct{}

// counter is a go-redis hook counting round trips.
type counter struct{ n, bg *atomic.Int64 }

// counted marks the context of an exchange already counted: a connection dialled for it says its
// handshake (HELLO, CLIENT …) inside it, with its context, and that is no call's round trip (it
// came and went with the pool, and made the counts of the calls that happened to dial uneven).
type counted struct{}

func (h counter) count(ctx context.Context) context.Context {
	if ctx.Value(counted{}) != nil {
		return ctx
	}
	if ctx.Value(background{}) != nil {
		h.bg.Add(1)
	} else {
		h.n.Add(1)
	}
	return context.WithValue(ctx, counted{}, true)
}

func (counter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h counter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		return next(h.count(ctx), cmd)
	}
}
func (h counter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		return next(h.count(ctx), cmds)
	}
}

func wrap(err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}

// trouble logs a failure to reach Redis, at most once a second (with how many were not logged).
func (s *Shared) trouble(op string, err error) {
	s.logMu.Lock()
	now := time.Now()
	if now.Sub(s.lastLog) < time.Second {
		s.suppressed++
		s.logMu.Unlock()
		return
	}
	n := s.suppressed
	s.lastLog, s.suppressed = now, 0
	s.logMu.Unlock()
	s.log.Error("shared store (redis) failed", "op", op, "err", err, "not_logged_since", n)
}

func ctxOp() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), OpTimeout)
}

func tenantSeg(tenant string) string {
	if tenant == "" {
		return "~" // no tenant name can be "~"
	}
	return tenant
}

func (s *Shared) recordKey(tenant string) string  { return s.prefix + tenantSeg(tenant) + ":w" }
func (s *Shared) tenantBase(tenant string) string { return s.prefix + tenantSeg(tenant) + ":" }

func (s *Shared) ttl(tenant string) time.Duration {
	if tenant == "" || s.TenantTTL <= 0 {
		return Keep
	}
	return s.TenantTTL
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

func ms(d time.Duration) string { return strconv.FormatInt(max(1, d.Milliseconds()), 10) }

// record reads a script's {epoch, seq, gen, off[, src]}.
func record(v any) (store.Record, error) {
	a, ok := v.([]any)
	if !ok || len(a) < 4 {
		return store.Record{}, fmt.Errorf("%w: unexpected world record %v", ErrUnavailable, v)
	}
	str := func(i int) string { x, _ := a[i].(string); return x }
	seq, err1 := strconv.ParseInt(str(1), 10, 64)
	off, err2 := strconv.ParseInt(str(3), 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return store.Record{}, fmt.Errorf("%w: corrupt world record: %v", ErrUnavailable, err)
	}
	r := store.Record{Epoch: str(0), Seq: seq, Gen: str(2), Offset: time.Duration(off)}
	if len(a) > 4 {
		if src, ok := a[4].(string); ok {
			r.Source = []byte(src)
		}
	}
	return r, nil
}

// Load reads the tenant's record, creating it from start when missing.
func (s *Shared) Load(ctx context.Context, tenant, gen string, start []byte) (store.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, OpTimeout)
	defer cancel()
	key := []string{s.recordKey(tenant)}
	v, err := loadScript.Run(ctx, s.c, key, gen, ms(s.ttl(tenant))).Result()
	if errors.Is(err, redis.Nil) {
		v, err = createScript.Run(ctx, s.c, key, newID(), newID(), start, ms(s.ttl(tenant))).Result()
	}
	if err != nil {
		err = wrap(err)
		s.trouble("load", err)
		return store.Record{}, err
	}
	return record(v)
}

// Activate makes src the tenant's scenario in a new Gen.
func (s *Shared) Activate(ctx context.Context, tenant string, src []byte) (store.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, OpTimeout)
	defer cancel()
	v, err := activateScript.Run(ctx, s.c, []string{s.recordKey(tenant)}, newID(), src, s.tenantBase(tenant), ms(s.ttl(tenant)), newID()).Result()
	if err != nil {
		err = wrap(err)
		s.trouble("activate", err)
		return store.Record{}, err
	}
	r, err := record(v)
	r.Source = src
	return r, err
}

// ErrNoRecord is Reset's and Advance's answer for a tenant whose record is gone (Redis lost it):
// Load again.
var ErrNoRecord = errors.New("redisstore: the tenant's world record is missing")

// Reset starts a new Gen of the tenant's scenario.
func (s *Shared) Reset(ctx context.Context, tenant string) (store.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, OpTimeout)
	defer cancel()
	v, err := resetScript.Run(ctx, s.c, []string{s.recordKey(tenant)}, newID(), "", s.tenantBase(tenant), ms(s.ttl(tenant))).Result()
	if errors.Is(err, redis.Nil) {
		return store.Record{}, ErrNoRecord
	}
	if err != nil {
		err = wrap(err)
		s.trouble("reset", err)
		return store.Record{}, err
	}
	return record(v)
}

// Advance moves the tenant's clock.
func (s *Shared) Advance(ctx context.Context, tenant string, d, maxOffset time.Duration, tooFar error) (store.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, OpTimeout)
	defer cancel()
	v, err := advanceScript.Run(ctx, s.c, []string{s.recordKey(tenant)}, int64(d), int64(maxOffset)).Result()
	switch {
	case errors.Is(err, redis.Nil):
		return store.Record{}, ErrNoRecord
	case err != nil:
		err = wrap(err)
		s.trouble("advance", err)
		return store.Record{}, err
	case v == "FAR":
		return store.Record{}, tooFar
	}
	return record(v)
}

// World makes the parts of world gen of tenant.
func (s *Shared) World(tenant, gen string, l store.Limits, journalCap int, stale func()) store.Parts {
	l = l.OrDefaults()
	if journalCap <= 0 {
		journalCap = journal.DefaultCap
	}
	w := &World{s: s, rec: s.recordKey(tenant), gen: gen, base: s.tenantBase(tenant) + gen + ":", lim: l, stale: stale}
	return store.Parts{Store: w, Journal: &Journal{w: w, cap: journalCap}, Coverage: &Coverage{w: w}}
}

// World is one world's store in Redis.
type World struct {
	s       *Shared
	rec     string // the tenant's record key
	gen     string
	base    string // the gen's key base
	lim     store.Limits
	stale   func()
	retired atomic.Bool
}

var _ store.Store = (*World)(nil)

// run runs a data script with the record key and gen, mapping "STALE" to ErrRetired (after the
// stale callback has reloaded the tenant) and Redis failures to ErrUnavailable.
func (w *World) run(op string, sc *redis.Script, args ...any) (any, error) {
	if w.retired.Load() {
		return nil, store.ErrRetired
	}
	ctx, cancel := ctxOp()
	defer cancel()
	v, err := sc.Run(ctx, w.s.c, []string{w.rec}, append([]any{w.gen, w.base}, args...)...).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		err = wrap(err)
		w.s.trouble(op, err)
		return nil, err
	}
	if v == "STALE" {
		w.retired.Store(true)
		if w.stale != nil {
			w.stale()
		}
		return nil, store.ErrRetired
	}
	return v, nil
}

func micros(t time.Time) int64 { return t.UnixMicro() }

// OpenSession stores the session and its SMS.
func (w *World) OpenSession(sess store.Session, sms *store.SMS, now time.Time) error {
	ttl := sess.ExpiresAt.Add(store.ExpiredGrace).Sub(now)
	var smsJSON []byte
	phone := ""
	if sms != nil {
		var err error
		if smsJSON, err = json.Marshal(sms); err != nil {
			return err
		}
		phone = sms.To
	}
	_, err := w.run("open", openScript, sess.ID, sess.IIN, sess.DocType, sess.APIKey, sess.Code,
		micros(sess.ExpiresAt), sess.ExpiresAt.Format(time.RFC3339Nano), ms(ttl), w.lim.Sessions,
		smsJSON, phone, w.lim.SMS, ms(Keep))
	return err
}

// BeginApprove runs the approve's check and transition as one script.
func (w *World) BeginApprove(id, code string, now time.Time, maxAttempts int) (store.Session, store.Refusal, error) {
	real := time.Now()
	v, err := w.run("begin", beginScript, id, code, micros(now), maxAttempts, real.UnixMilli(),
		real.Add(Lease).UnixMilli(), store.ExpiredGrace.Microseconds())
	if err != nil {
		return store.Session{}, store.OK, err
	}
	a, ok := v.([]any)
	if !ok || len(a) < 1 {
		return store.Session{}, store.OK, fmt.Errorf("%w: unexpected approve answer %v", ErrUnavailable, v)
	}
	r, _ := a[0].(int64)
	if len(a) < 6 {
		return store.Session{}, store.Refusal(r), nil
	}
	str := func(i int) string { x, _ := a[i].(string); return x }
	exp, _ := time.Parse(time.RFC3339Nano, str(5))
	return store.Session{ID: id, IIN: str(1), DocType: str(2), APIKey: str(3), Code: str(4), ExpiresAt: exp}, store.Refusal(r), nil
}

// FinishApprove ends an inflight approve; a session gone (or a world retired) is ErrRetired.
func (w *World) FinishApprove(id string, delivered bool) error {
	st := "o"
	if delivered {
		st = "d"
	}
	v, err := w.run("finish", finishScript, id, st)
	if err == nil && v == "GONE" {
		return store.ErrRetired
	}
	return err
}

// Messages lists the outbox, oldest first, filtered.
func (w *World) Messages(phone, sessionID string) ([]store.SMS, error) {
	out := []store.SMS{}
	v, err := w.run("messages", messagesScript, phone)
	if err != nil {
		return out, err
	}
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		return out, fmt.Errorf("%w: unexpected outbox answer", ErrUnavailable)
	}
	last, _ := a[0].(int64)
	items, _ := a[1].([]any)
	for _, it := range items {
		line, _ := it.(string)
		seqText, rest, _ := strings.Cut(line, "|")
		sid, body, _ := strings.Cut(rest, "|")
		// A message the main list (capped) no longer holds is gone, as in memory, even if its
		// phone's list still has it.
		if seq, _ := strconv.ParseInt(seqText, 10, 64); seq <= last-int64(w.lim.SMS) {
			continue
		}
		if sessionID != "" && sid != sessionID {
			continue
		}
		var m store.SMS
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			return out, fmt.Errorf("%w: corrupt message: %v", ErrUnavailable, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// AddPayment stores a payment; it expires Keep after it settles.
func (w *World) AddPayment(p store.Payment) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.run("add-payment", addPaymentScript, p.ID, b, w.lim.Payments, ms(p.Settles.Sub(p.CreatedAt)+Keep), ms(Keep))
	return err
}

// Payment finds a payment.
func (w *World) Payment(id string) (store.Payment, bool, error) {
	v, err := w.run("payment", paymentScript, id)
	if err != nil || v == nil {
		return store.Payment{}, false, err
	}
	var p store.Payment
	s, _ := v.(string)
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return store.Payment{}, false, fmt.Errorf("%w: corrupt payment: %v", ErrUnavailable, err)
	}
	return p, true, nil
}

// Payments lists the newest payments first, at most n (n <= 0: all held).
func (w *World) Payments(n int) ([]store.Payment, error) {
	v, err := w.run("payments", paymentsScript, max(n, 0))
	if err != nil {
		return nil, err
	}
	a, _ := v.([]any)
	out := make([]store.Payment, 0, len(a))
	for i := len(a) - 1; i >= 0; i-- {
		var p store.Payment
		s, _ := a[i].(string)
		if err := json.Unmarshal([]byte(s), &p); err != nil {
			return nil, fmt.Errorf("%w: corrupt payment: %v", ErrUnavailable, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// Ticket takes one of a fault's `times`, across every replica.
func (w *World) Ticket(fault, times int) (bool, error) {
	v, err := w.run("ticket", ticketScript, fault, times, ms(Keep))
	if err != nil {
		return false, err
	}
	n, _ := v.(int64)
	return n == 1, nil
}

// Stats counts what the world holds (sessions: those not yet evicted by the cap, some of them
// past their TTL).
func (w *World) Stats() store.Stats {
	if w.retired.Load() {
		return store.Stats{}
	}
	ctx, cancel := ctxOp()
	defer cancel()
	p := w.s.c.Pipeline()
	sess, sms, pay := p.ZCard(ctx, w.base+"sidx"), p.LLen(ctx, w.base+"sms"), p.LLen(ctx, w.base+"po")
	if _, err := p.Exec(ctx); err != nil {
		w.s.trouble("stats", wrap(err))
		return store.Stats{}
	}
	return store.Stats{Sessions: int(sess.Val()), SMS: int(sms.Val()), Payments: int(pay.Val())}
}

// Retire ends the world here: later calls answer ErrRetired. Its data in Redis was unlinked by
// the activation or reset that replaced it, or goes with its TTLs.
func (w *World) Retire() { w.retired.Store(true) }

// Journal is a world's request journal in Redis: entries as JSON (every field of journal.Entry,
// whatever it grows), capped.
type Journal struct {
	w   *World
	cap int
}

var _ journal.Log = (*Journal)(nil)

// Add records an entry; a failure is logged, never the call's.
func (j *Journal) Add(e journal.Entry) {
	b, err := json.Marshal(e)
	if err != nil {
		j.w.s.log.Error("journal entry", "err", err)
		return
	}
	ctx, cancel := ctxOp()
	defer cancel()
	k := j.w.base + "j"
	p := j.w.s.c.Pipeline()
	p.RPush(ctx, k, b)
	p.LTrim(ctx, k, int64(-j.cap), -1)
	p.PExpire(ctx, k, Keep)
	if _, err := p.Exec(ctx); err != nil {
		j.w.s.trouble("journal", wrap(err))
	}
}

// Entries returns the journal, oldest first (empty when Redis fails: logged).
func (j *Journal) Entries() []journal.Entry {
	ctx, cancel := ctxOp()
	defer cancel()
	items, err := j.w.s.c.LRange(ctx, j.w.base+"j", 0, -1).Result()
	out := make([]journal.Entry, 0, len(items))
	if err != nil {
		j.w.s.trouble("journal", wrap(err))
		return out
	}
	for _, it := range items {
		var e journal.Entry
		if json.Unmarshal([]byte(it), &e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// Len is the number of entries held.
func (j *Journal) Len() int {
	ctx, cancel := ctxOp()
	defer cancel()
	n, err := j.w.s.c.LLen(ctx, j.w.base+"j").Result()
	if err != nil {
		j.w.s.trouble("journal", wrap(err))
	}
	return int(n)
}

// Cap is the most entries held.
func (j *Journal) Cap() int { return j.cap }

// Clear forgets every entry.
func (j *Journal) Clear() {
	ctx, cancel := ctxOp()
	defer cancel()
	if err := j.w.s.c.Del(ctx, j.w.base+"j").Err(); err != nil {
		j.w.s.trouble("journal", wrap(err))
	}
}

// Coverage is a world's outcome counters in Redis. Hits are added to a per-process batch that one
// goroutine writes as it can (one pipeline for whatever gathered meanwhile), so counting costs a
// call no round trip of its own; Counts writes this process's batch first, and another replica's
// hits show there within one Redis round trip of their answer.
type Coverage struct{ w *World }

var _ coverage.Counts = (*Coverage)(nil)

// Hit counts one answer of outcome.
func (c *Coverage) Hit(outcome string) { c.w.s.hits.add(c.w.base+"cov", outcome) }

// Counts returns the counters (empty when Redis fails: logged).
func (c *Coverage) Counts() map[string]int64 {
	c.w.s.hits.flush()
	ctx, cancel := ctxOp()
	defer cancel()
	out := map[string]int64{}
	m, err := c.w.s.c.HGetAll(ctx, c.w.base+"cov").Result()
	if err != nil {
		c.w.s.trouble("coverage", wrap(err))
		return out
	}
	for k, v := range m {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[k] = n
		}
	}
	return out
}

// hits is the batch of coverage counts not yet in Redis.
type hits struct {
	s       *Shared
	mu      sync.Mutex
	pending map[string]map[string]int64 // key → outcome → count
	wake    chan struct{}
	done    chan struct{}
	stopped chan struct{}
	flushMu sync.Mutex // one write at a time, so Counts after flush sees every earlier hit
}

func newHits(s *Shared) *hits {
	h := &hits{s: s, pending: map[string]map[string]int64{}, wake: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{})}
	go h.run()
	return h
}

func (h *hits) add(key, outcome string) {
	h.mu.Lock()
	m := h.pending[key]
	if m == nil {
		m = map[string]int64{}
		h.pending[key] = m
	}
	m[outcome]++
	h.mu.Unlock()
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

func (h *hits) run() {
	defer close(h.stopped)
	for {
		select {
		case <-h.wake:
			h.flush()
		case <-h.done:
			h.flush()
			return
		}
	}
}

// flush writes what gathered in one pipeline; a failure loses those counts (logged): they are
// statistics, and a Redis that is down fails the calls themselves anyway.
func (h *hits) flush() {
	h.flushMu.Lock()
	defer h.flushMu.Unlock()
	h.mu.Lock()
	batch := h.pending
	if len(batch) == 0 {
		h.mu.Unlock()
		return
	}
	h.pending = map[string]map[string]int64{}
	h.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), background{}, true), OpTimeout)
	defer cancel()
	p := h.s.c.Pipeline()
	for key, m := range batch {
		for outcome, n := range m {
			p.HIncrBy(ctx, key, outcome, n)
		}
		p.PExpire(ctx, key, Keep)
	}
	if _, err := p.Exec(ctx); err != nil {
		h.s.trouble("coverage", wrap(err))
	}
}

func (h *hits) stop() {
	close(h.done)
	<-h.stopped
}
