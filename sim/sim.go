// Package sim embeds the egovsim simulators in a Go program: mock-edoc (the E-Document API) and
// mock-egov (the SmartBridge gateway) as http.Handlers, serving exactly what the binaries serve
// (the upstream API, tenants under /t/{tenant}/ and the admin API under /__admin/), with the
// simulator's state in reach of the test: the SMS a citizen got, the request journal, the virtual
// clock.
//
//	e, err := sim.NewEdoc(nil) // nil: the bundled default scenario
//	srv := httptest.NewServer(e)
//	defer srv.Close()
//	id, _ := edoc.New(srv.URL, sim.DefaultEdocAPIKey).RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
//	code, _ := e.Code("+77010000001")
//
// Package simtest does the httptest part for a test, with t.Cleanup.
//
// The methods that read or change state (Reset, Activate, Advance, Now, Requests, SMS, Code) act on
// the default tenant, the one of paths without /t/{tenant}/. Every method is safe for concurrent
// use with each other and with requests in flight.
package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store/redisstore"
	"github.com/egovsim/egovsim/scenarios"
)

// Credentials of the default scenario's catalogue (README, "The default catalogue").
const (
	// DefaultEdocAPIKey is the E-Document client with an active subscription.
	DefaultEdocAPIKey = "edoc_test_active_0000000000000000000000000000000"
	// The gateway's bearer key, X-Egov-Sender-Id, X-Egov-Password and senderCode.
	DefaultEgovAPIKey     = "egov_test_api_key"
	DefaultEgovSenderID   = "test-sender"
	DefaultEgovPassword   = "test-password"
	DefaultEgovSenderCode = "TEST_SENDER"
)

// Option configures a simulator.
type Option func(*config)

type config struct {
	set shell.Settings
	err error
	// storeURL and storePrefix: WithStore.
	storeURL, storePrefix string
}

func (c *config) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// WithLogger sends the simulator's log (a panic it recovered from, mostly) to l; the default
// discards it.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.set.Logger = l } }

// WithAdminToken guards /__admin/ with "Authorization: Bearer <token>", as -admin-token does; ""
// leaves it open (the default). A token of only whitespace is refused.
func WithAdminToken(token string) Option {
	return func(c *config) {
		if token != "" && strings.TrimSpace(token) == "" {
			c.fail(errors.New("sim: WithAdminToken: the token is only whitespace"))
		}
		c.set.AdminToken = token
	}
}

// WithMaxSessions caps the E-Document sessions each tenant keeps (default 100 000), the oldest
// evicted beyond it, as -max-sessions does; a scenario's limits.sessions may lower it. n must be at
// least 1. mock-egov keeps no sessions and ignores it.
func WithMaxSessions(n int) Option {
	return func(c *config) {
		if n < 1 {
			c.fail(errors.New("sim: WithMaxSessions: at least 1"))
		}
		c.set.MaxSessions = n
	}
}

// WithMaxTenants bounds the named tenants (/t/{tenant}/...) held at once (default 1000), as
// -max-tenants does. n must be at least 1.
func WithMaxTenants(n int) Option {
	return func(c *config) {
		if n < 1 {
			c.fail(errors.New("sim: WithMaxTenants: at least 1"))
		}
		c.set.MaxTenants = n
	}
}

// WithTenantIdle forgets a named tenant unused for d (default one hour), as -tenant-idle does; its
// name then starts afresh. d must be positive.
func WithTenantIdle(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.fail(errors.New("sim: WithTenantIdle: a positive duration"))
		}
		c.set.TenantIdle = d
	}
}

// WithStore keeps the simulator's worlds in Redis at url (redis://[user:pass@]host:port/db or
// rediss://…) under keys starting with prefix ("" = "egovsim:"), as -store and -store-prefix do:
// every simulator, binary or embedded, given the same url and prefix serves the same world. Close
// the simulator to release its connections. The default keeps everything in memory.
func WithStore(url, prefix string) Option {
	return func(c *config) {
		if !redisstore.IsURL(url) {
			c.fail(errors.New("sim: WithStore: want " + redisstore.URLForm))
		}
		c.storeURL, c.storePrefix = url, prefix
	}
}

func settings(opts []Option) (shell.Settings, error) {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.err == nil && c.storeURL != "" {
		rs, err := redisstore.Open(c.storeURL, c.storePrefix, c.set.Logger)
		if err != nil {
			return c.set, fmt.Errorf("sim: WithStore: %w", err)
		}
		if c.set.TenantIdle > 0 {
			rs.TenantTTL = c.set.TenantIdle
		}
		c.set.Store = rs
	}
	return c.set, c.err
}

// Request is one call to the simulated upstream, as the journal (GET /__admin/requests) holds it:
// the admin API is not journaled.
type Request struct {
	Method   string
	Path     string // without the tenant prefix
	Status   int    // as the client received it; 499 when the client gave up first
	Duration time.Duration
	At       time.Time // on the simulator's clock
}

func requests(es []journal.Entry) []Request {
	out := make([]Request, len(es))
	for i, e := range es {
		out[i] = Request{Method: e.Method, Path: e.Path, Status: e.Status,
			Duration: time.Duration(e.DurationMS * float64(time.Millisecond)), At: e.At}
	}
	return out
}

// SMS is one message of mock-edoc's outbox: what "1414" sent to a citizen.
type SMS struct {
	From      string // "1414"
	To        string // the phone in normal form, 77XXXXXXXXX
	Text      string
	Code      string // the one-time code the text carries
	SessionID string // the backend_session_id it was sent for
	SentAt    time.Time
}

// core is what both simulators offer on their default tenant, written once.
type core struct {
	sh    *shell.Shell
	store io.Closer // WithStore's connections, or nil
}

// Close releases what the simulator holds outside the process (WithStore's Redis connections);
// without WithStore it does nothing. The handler must not be used after it.
func (c core) Close() error {
	if c.store == nil {
		return nil
	}
	return c.store.Close()
}

// ServeHTTP serves what the binary serves, byte for byte; a call is in Requests() before its
// client has the answer.
func (c core) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.sh.ServeHTTP(w, r) }

// sync brings the default tenant up to its shared world (WithStore) before a read of its state;
// in memory it does nothing. A store that fails shows in the read itself (an empty answer).
func (c core) sync() { _ = c.sh.Default().Sync(context.Background()) }

// Scenario is the active scenario.
func (c core) Scenario() *Scenario { c.sync(); return &Scenario{s: c.sh.Scenario()} }

// Activate makes s the active scenario (nil: the default) and forgets every session, message,
// payment, fault counter, journal entry and clock move, as PUT /__admin/scenario does. On an error
// the old scenario stays active, its state untouched.
func (c core) Activate(s *Scenario) error {
	scen, err := scenario(s)
	if err != nil {
		return err
	}
	return c.sh.Activate(scen)
}

// Reset forgets every session, message, payment, fault counter, journal entry and clock move of
// the active scenario, as POST /__admin/reset does.
func (c core) Reset() { c.sh.Reset() }

// Advance moves the simulator's clock forward by d, as POST /__admin/clock does: codes expire,
// sessions are forgotten and payments settle as if d had passed. d <= 0 changes nothing; the clock
// refuses to run more than 100 years ahead of real time, the only error.
func (c core) Advance(d time.Duration) error { return c.sh.Advance(d) }

// Now is the simulator's time: real time plus every Advance since the last Reset or Activate.
func (c core) Now() time.Time { c.sync(); return c.sh.Now() }

// Requests lists the calls to the upstream API, oldest first (the newest 1000 unless the scenario's
// limits.journal says otherwise).
func (c core) Requests() []Request { c.sync(); return requests(c.sh.Requests()) }

// Edoc is the E-Document simulator (mock-edoc) as an http.Handler.
type Edoc struct {
	core
	srv *edoc.Server
}

// NewEdoc builds the E-Document simulator on s (nil: the bundled default scenario).
func NewEdoc(s *Scenario, opts ...Option) (*Edoc, error) {
	srv, st, err := build(s, opts, edoc.NewServer)
	if err != nil {
		return nil, err
	}
	return &Edoc{core: core{srv.Shell, st}, srv: srv}, nil
}

// build makes a simulator's server on s with the options: the one path both constructors take.
func build[S any](s *Scenario, opts []Option, newServer func(*scenarios.Scenario, shell.Settings) (S, error)) (S, io.Closer, error) {
	var zero S
	scen, err := scenario(s)
	if err != nil {
		return zero, nil, err
	}
	set, err := settings(opts)
	if err != nil {
		return zero, nil, err
	}
	srv, err := newServer(scen, set)
	if set.Store == nil {
		return srv, nil, err
	}
	if err != nil {
		_ = set.Store.Close() // the error that matters is newServer's
		return zero, nil, err
	}
	return srv, set.Store, nil
}

// SMS lists the messages sent to phone, oldest first. The phone is taken in any form the API
// accepts (+77XXXXXXXXX, 77XXXXXXXXX, 87XXXXXXXXX, with spaces, dashes or parentheses); "" lists
// every message. A phone that is not a Kazakhstan mobile number has none.
func (e *Edoc) SMS(phone string) []SMS {
	e.sync()
	ms := e.srv.Messages(phone)
	out := make([]SMS, len(ms))
	for i, m := range ms {
		out[i] = SMS{From: m.From, To: m.To, Text: m.Text, Code: m.Code, SessionID: m.SessionID, SentAt: m.SentAt}
	}
	return out
}

// Code is the one-time code of the newest SMS to phone (in any accepted form), and false when none
// was sent (or phone is "").
func (e *Edoc) Code(phone string) (string, bool) {
	if phone == "" {
		return "", false
	}
	ms := e.SMS(phone)
	if len(ms) == 0 {
		return "", false
	}
	return ms[len(ms)-1].Code, true
}

// Egov is the SmartBridge gateway simulator (mock-egov) as an http.Handler.
type Egov struct {
	core
}

// NewEgov builds the gateway simulator on s (nil: the bundled default scenario).
func NewEgov(s *Scenario, opts ...Option) (*Egov, error) {
	srv, st, err := build(s, opts, egov.NewServer)
	if err != nil {
		return nil, err
	}
	return &Egov{core: core{srv.Shell, st}}, nil
}

var (
	_ http.Handler = (*Edoc)(nil)
	_ http.Handler = (*Egov)(nil)
)
