// Package shell is the one HTTP shell both simulators run in: it picks the tenant a path names
// (/t/{tenant}/...), guards and serves the admin API and /metrics, journals, counts and (when asked)
// logs every upstream call with the status the client received, turns a panic into a harness error,
// and hands the call to the simulator.
package shell

import (
	"bufio"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/console"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/metrics"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// Settings are what a simulator takes beyond its scenario.
type Settings struct {
	// Store, when set, is the store replicas share (-store redis://…); nil keeps every world in
	// memory.
	Store store.Shared

	// AdminToken, when set, guards /__admin/ with "Authorization: Bearer <token>".
	AdminToken string
	// MaxSessions caps a world's E-Document sessions (0: store.DefaultSessions); a scenario's
	// limits.sessions may lower it, never raise it.
	MaxSessions int
	// MaxTenants and TenantIdle bound the named tenants (0: world's defaults).
	MaxTenants int
	TenantIdle time.Duration
	// HangCeiling bounds `hang` transport faults (0: fault.DefaultHangCeiling); tests shorten it.
	HangCeiling time.Duration
	Logger      *slog.Logger
	// LogRequests logs one line per upstream call (tenant, operation, status, outcome, duration,
	// fault) at info level.
	LogRequests bool
	// NoReasonHeader leaves X-Egovsim-Reason off the answers: the reasons stay in the journal.
	NoReasonHeader bool
}

// Sim is a simulator inside the shell.
type Sim interface {
	// Serve answers one call outside /__admin/ for tenant t; the tenant prefix is already off
	// r.URL.Path.
	Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant)
	// Operation names the call r (tenant prefix off) for metrics and logs: one of Operations, or
	// metrics.Other. It never returns a raw path.
	Operation(r *http.Request) string
	// Operations is the fixed list Operation answers from.
	Operations() []string
}

// Shell is a simulator's whole HTTP surface.
type Shell struct {
	Tenants *world.Tenants
	Log     *slog.Logger
	// Metrics are the simulator's own registry, served at /metrics.
	Metrics      *metrics.Metrics
	sim          Sim
	admin        http.Handler
	metricsPage  http.Handler
	token        []byte
	logRequests  bool
	reasonHeader bool
	service      string
	console      http.Handler
	streams      atomic.Int64 // console streams open
	quit         chan struct{}
	quitOnce     sync.Once
}

// New builds the shell: the default tenant on s (an error if s cannot be built), the admin API with
// the simulator's extra admin routes, and sim behind them.
func New(b *world.Builder, s *scenarios.Scenario, set Settings, sim Sim, adminRoutes func(*mux.Router)) (*Shell, error) {
	if set.Logger == nil {
		set.Logger = slog.New(slog.DiscardHandler)
	}
	b.MaxSessions, b.HangCeiling, b.Shared = set.MaxSessions, set.HangCeiling, set.Store
	ts, err := world.NewTenants(b, s, set.MaxTenants, set.TenantIdle)
	if err != nil {
		return nil, err
	}
	holds := metrics.HoldsPayments
	if b.Service == scenarios.ServiceEdoc {
		holds = metrics.HoldsSessions | metrics.HoldsSMS
	}
	m := metrics.New(metrics.Options{Simulator: b.Service, Operations: sim.Operations(), Holds: holds,
		Held: func() metrics.Held {
			st := ts.Default().World().Store.Stats()
			return metrics.Held{Sessions: st.Sessions, SMS: st.SMS, Payments: st.Payments}
		},
		Tenants: ts.Len})
	sh := &Shell{Tenants: ts, Log: set.Logger, Metrics: m, sim: sim,
		metricsPage: m.Handler(), logRequests: set.LogRequests, reasonHeader: !set.NoReasonHeader,
		service: b.Service, console: console.Handler(b.Service), quit: make(chan struct{})}
	sh.admin = admin.Router(ts, func(r *mux.Router) {
		sh.routes(r)
		if adminRoutes != nil {
			adminRoutes(r)
		}
	})
	if set.AdminToken != "" {
		sh.token = []byte(set.AdminToken)
	}
	return sh, nil
}

// Default is the tenant of paths without a tenant prefix.
func (sh *Shell) Default() *world.Tenant { return sh.Tenants.Default() }

// The default tenant's world, for embedding and tests (the admin API does the same per tenant).

// World is the default tenant's active world.
func (sh *Shell) World() *world.World { return sh.Default().World() }

// Scenario is the default tenant's active scenario.
func (sh *Shell) Scenario() *scenarios.Scenario { return sh.World().Scen }

// Activate makes s the default tenant's scenario in a new world; on error the old one stays.
// Coverage counts carry over: they count since the last reset.
func (sh *Shell) Activate(s *scenarios.Scenario) error { return admin.Activate(sh.Default(), s) }

// Reset gives the default tenant a new world of its scenario: sessions, messages, payments, fault
// counters, journal and clock offset forgotten.
func (sh *Shell) Reset() { sh.Default().Reset() }

// Advance moves the default tenant's clock forward (at most 100 years ahead of real time).
func (sh *Shell) Advance(d time.Duration) error { return sh.World().Clock.Advance(d) }

// Now is the default tenant's simulated time.
func (sh *Shell) Now() time.Time { return sh.World().Clock.Now() }

// Clock is the default tenant's clock (a reset or a new scenario brings a new one).
func (sh *Shell) Clock() *clock.Clock { return sh.World().Clock }

// Requests is the default tenant's journal, oldest first.
func (sh *Shell) Requests() []journal.Entry { return sh.World().Journal.Entries() }

// TenantPrefix starts a path that selects a tenant: /t/{tenant}/...
const TenantPrefix = "/t/"

// ServeHTTP serves one request.
func (sh *Shell) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == "PRI" && r.ProtoMajor == 2 {
		// An HTTP/2 prior-knowledge preface: the simulators speak HTTP/1.1 only.
		web.Harness(w, http.StatusHTTPVersionNotSupported, "HTTP/2 without TLS (h2c prior knowledge) is not served: use HTTP/1.1")
		return
	}
	if r.URL.Path == metrics.Path {
		sh.serveMetrics(w, r)
		return
	}
	t := sh.Tenants.Default()
	if rest, ok := strings.CutPrefix(r.URL.Path, TenantPrefix); ok {
		name, path, _ := strings.Cut(rest, "/")
		path = "/" + path
		if isConsole(path) { // the page and its assets: no token, no tenant made
			sh.console.ServeHTTP(w, withPath(r, path))
			return
		}
		if isAdmin(path) && !sh.authorized(r) { // before the tenant is made: a refused call makes none
			unauthorized(w)
			return
		}
		tt, err := sh.Tenants.Get(name)
		switch {
		case errors.Is(err, world.ErrBadName):
			admin.Error(w, http.StatusBadRequest, fmt.Sprintf("tenant %q: %v", name, err))
			return
		case err != nil:
			web.Harness(w, http.StatusServiceUnavailable, err.Error())
			return
		}
		t = tt
		r = withPath(r, path)
	}
	if isConsole(r.URL.Path) {
		sh.console.ServeHTTP(w, r)
		return
	}
	if isAdmin(r.URL.Path) {
		if !sh.authorized(r) {
			unauthorized(w)
			return
		}
		if sh.synced(w, r, t) {
			sh.admin.ServeHTTP(w, world.WithTenant(r, t))
		}
		return
	}
	if !sh.synced(w, r, t) {
		return
	}
	c := &call{Recorder: web.Recorder{ResponseWriter: w}, sh: sh, t: t, r: r, start: time.Now()}
	if r.Body != nil && r.Body != http.NoBody {
		c.body = &capture{ReadCloser: r.Body}
		r.Body = c.body
	}
	defer c.done() // runs after the recovery below: a recovered panic has answered its 500 by then
	defer web.Recovered(sh.Log, c, r)
	sh.sim.Serve(c, r, t)
}

// synced brings t up to its world in the shared store (replicas, -store) before a call is served,
// answering a harness 503 itself when it cannot (the store logs its failures); in memory it does
// nothing.
func (sh *Shell) synced(w http.ResponseWriter, r *http.Request, t *world.Tenant) bool {
	if err := t.Sync(r.Context()); err != nil {
		web.Harness(w, http.StatusServiceUnavailable, err.Error())
		return false
	}
	return true
}

// call is the writer an upstream call is answered through: the status, whether the connection was
// taken over, the fault played (metrics.FaultFired finds it) and the simulator's notes
// (journal.Note finds them). It journals the call in its tenant's world before any byte of the
// answer reaches the client (at the first Write or Flush, when a transport fault takes the
// connection, or when the handler is done having written nothing), and counts and logs it when the
// handler is done.
type call struct {
	web.Recorder
	sh        *Shell
	t         *world.Tenant
	r         *http.Request
	body      *capture
	start     time.Time
	hijacked  bool
	fault     string
	notes     journal.Notes
	journaled bool
	op        string // the operation journaled: the handler's note, else the simulator's name for r
	harness   bool   // the answer is a harness error (>= 400 with web.HarnessHeader)
	gone      bool   // the client gave up before anything was written
}

// Hijack notes that the connection was taken over (a transport fault) and journals the call: the
// client gets no status, the entry names the transport fault.
func (c *call) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := c.Recorder.Hijack()
	c.hijacked = err == nil
	if c.hijacked {
		c.record(nil)
	}
	return conn, rw, err
}

// NoteFault keeps the first fault played on the call.
func (c *call) NoteFault(name string) {
	if c.fault == "" {
		c.fault = name
	}
}

// Note takes the simulator's notes on the call (journal.Note).
func (c *call) Note(n journal.Notes) { c.notes.Merge(n) }

// WriteHeader adds the reason header, when the simulator noted a reason and the shell gives it.
func (c *call) WriteHeader(code int) {
	if c.Status == 0 && c.notes.Reason != "" && c.sh.reasonHeader {
		c.Header().Set(ReasonHeader, headerSafe(c.notes.Reason))
	}
	c.Recorder.WriteHeader(code)
}

// Write journals the call with the answer's first bytes, then writes them.
func (c *call) Write(b []byte) (int, error) {
	if c.Status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if !c.journaled {
		c.record(b)
	}
	return c.Recorder.Write(b)
}

// Flush journals the call before anything reaches the client.
func (c *call) Flush() {
	if c.Status != 0 && !c.journaled {
		c.record(nil)
	}
	c.Recorder.Flush()
}

// record journals the call once and counts its outcome.
func (c *call) record(answer []byte) {
	if c.journaled {
		return
	}
	c.journaled = true
	wd := c.t.World()
	n := &c.notes
	e := journal.Entry{Method: c.r.Method, Path: c.r.URL.Path, Status: c.Status,
		DurationMS: float64(time.Since(c.start).Microseconds()) / 1000, At: wd.Clock.Now().UTC(),
		Tenant: c.t.Name, Operation: n.Operation, Session: n.Session, Outcome: n.Outcome, Reason: n.Reason, Fault: n.Fault,
		Response: journal.Body(answer, journal.BodyCap)}
	if n.Operation == "" {
		e.Operation = c.sh.sim.Operation(c.r)
	}
	c.op = e.Operation
	c.harness = c.Status >= 400 && c.Header().Get(web.HarnessHeader) != ""
	if n.Subject != (journal.Subject{}) {
		s := n.Subject
		e.Subject = &s
	}
	if c.body != nil {
		e.Request = journal.Body(c.body.kept, journal.BodyCap)
	}
	if kind, ok := strings.CutPrefix(c.fault, "transport_"); ok && (c.hijacked || !c.gone) {
		e.Transport, e.Outcome = kind, c.fault
		if c.hijacked {
			e.Status = 0 // no status reached the client
		}
	}
	if c.harness && e.Status != 0 {
		e.Outcome = "harness_error"
	}
	wd.Journal.Add(e)
	if e.Outcome != "" && e.Outcome != "harness_error" {
		wd.Coverage.Hit(e.Outcome)
	}
}

// done journals a call that wrote nothing (200 with an empty body, or 499 when the client gave up
// before an answer was written), counts it and, with LogRequests, logs it.
func (c *call) done() {
	sh, r := c.sh, c.r
	d := time.Since(c.start)
	written := c.Status
	status, gone := written, false
	if status == 0 {
		status = http.StatusOK
		if r.Context().Err() != nil {
			status, gone = 499, true
			c.gone, c.notes.Outcome = true, "client_gone"
		}
		c.Status = status
	}
	c.record(nil) // sets c.op and c.harness
	// A transport fault counts as one only if it took the connection or wrote its broken answer; a
	// client that gave up during its delay is gone.
	transport := c.hijacked || (written != 0 && strings.HasPrefix(c.fault, "transport_"))
	outcome := metrics.Classify(written, c.harness, transport, gone)
	op := c.op
	if c.notes.Operation != "" { // named by the handler (a SOAP call's serviceId is in its body); Observe bounds it
		op = c.notes.Operation
	}
	sh.Metrics.Observe(op, outcome, d)
	if c.fault != "" {
		sh.Metrics.Fault(c.fault)
	}
	if sh.logRequests {
		attrs := []slog.Attr{slog.String("tenant", tenantName(c.t)), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("operation", op), slog.Int("status", status), slog.String("outcome", outcome.String()),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000)}
		if c.fault != "" {
			attrs = append(attrs, slog.String("fault", c.fault))
		}
		if c.notes.Reason != "" {
			attrs = append(attrs, slog.String("reason", c.notes.Reason))
		}
		sh.Log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	}
}

// ReasonHeader carries the journal's reason on an answer (off with Settings.NoReasonHeader).
const ReasonHeader = "X-Egovsim-Reason"

// headerSafe makes a reason a valid header value: printable ASCII, at most 512 bytes.
func headerSafe(s string) string {
	b := make([]byte, 0, min(len(s), 512))
	for _, r := range s {
		if len(b) >= 512 {
			break
		}
		if r < 0x20 || r > 0x7e {
			r = '?'
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// capture keeps the first journal.BodyCap+1 bytes of a request body as the handler reads it.
type capture struct {
	io.ReadCloser
	kept []byte
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if room := journal.BodyCap + 1 - len(c.kept); room > 0 && n > 0 {
		c.kept = append(c.kept, p[:min(n, room)]...)
	}
	return n, err
}

// DefaultTenantName names the default tenant in request logs and coverage reports; no named tenant
// can be called that.
const DefaultTenantName = "(default)"

// tenantName is t's name in logs and reports.
func tenantName(t *world.Tenant) string {
	if t.Name == "" {
		return DefaultTenantName
	}
	return t.Name
}

// serveMetrics serves /metrics, guarded like the admin API.
func (sh *Shell) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if !sh.authorized(r) {
		unauthorized(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		admin.Error(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+metrics.Path)
		return
	}
	sh.metricsPage.ServeHTTP(w, r)
}

func unauthorized(w http.ResponseWriter) {
	admin.Error(w, http.StatusUnauthorized, "admin token required: Authorization: Bearer <token>")
}

func isAdmin(p string) bool {
	return strings.HasPrefix(p, admin.Prefix) || p == strings.TrimSuffix(admin.Prefix, "/")
}

// authorized checks the admin token; the scheme is case-insensitive, like the gateway's bearer.
func (sh *Shell) authorized(r *http.Request) bool {
	if sh.token == nil {
		return true
	}
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), sh.token) == 1
}

// withPath is r with another path (the tenant prefix taken off).
func withPath(r *http.Request, path string) *http.Request {
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path, u.RawPath = path, ""
	r2.URL = &u
	return r2
}
