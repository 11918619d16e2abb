// Package shell is the one HTTP shell both simulators run in: it picks the tenant a path names
// (/t/{tenant}/...), guards and serves the admin API, journals every upstream call with the status
// the client received, turns a panic into a harness error, and hands the call to the simulator.
package shell

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// Settings are what a simulator takes beyond its scenario.
type Settings struct {
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
}

// Sim is a simulator inside the shell.
type Sim interface {
	// Serve answers one call outside /__admin/ for tenant t; the tenant prefix is already off
	// r.URL.Path.
	Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant)
}

// Shell is a simulator's whole HTTP surface.
type Shell struct {
	Tenants *world.Tenants
	Log     *slog.Logger
	sim     Sim
	admin   http.Handler
	token   []byte
}

// New builds the shell: the default tenant on s (an error if s cannot be built), the admin API with
// the simulator's extra admin routes, and sim behind them.
func New(b *world.Builder, s *scenarios.Scenario, set Settings, sim Sim, adminRoutes func(*mux.Router)) (*Shell, error) {
	if set.Logger == nil {
		set.Logger = slog.New(slog.DiscardHandler)
	}
	b.MaxSessions, b.HangCeiling = set.MaxSessions, set.HangCeiling
	ts, err := world.NewTenants(b, s, set.MaxTenants, set.TenantIdle)
	if err != nil {
		return nil, err
	}
	sh := &Shell{Tenants: ts, Log: set.Logger, sim: sim, admin: admin.Router(ts, adminRoutes)}
	if set.AdminToken != "" {
		sh.token = []byte(set.AdminToken)
	}
	return sh, nil
}

// Default is the tenant of paths without a tenant prefix.
func (sh *Shell) Default() *world.Tenant { return sh.Tenants.Default() }

// TenantPrefix starts a path that selects a tenant: /t/{tenant}/...
const TenantPrefix = "/t/"

// ServeHTTP serves one request.
func (sh *Shell) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == "PRI" && r.ProtoMajor == 2 {
		// An HTTP/2 prior-knowledge preface: the simulators speak HTTP/1.1 only.
		web.Harness(w, http.StatusHTTPVersionNotSupported, "HTTP/2 without TLS (h2c prior knowledge) is not served: use HTTP/1.1")
		return
	}
	t := sh.Tenants.Default()
	if rest, ok := strings.CutPrefix(r.URL.Path, TenantPrefix); ok {
		name, path, _ := strings.Cut(rest, "/")
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
		r = withPath(r, "/"+path)
	}
	if p := r.URL.Path; strings.HasPrefix(p, admin.Prefix) || p == strings.TrimSuffix(admin.Prefix, "/") {
		if !sh.authorized(r) {
			admin.Error(w, http.StatusUnauthorized, "admin token required: Authorization: Bearer <token>")
			return
		}
		sh.admin.ServeHTTP(w, world.WithTenant(r, t))
		return
	}
	c := &call{t: t, r: r, start: time.Now()}
	c.rec = web.Recorder{ResponseWriter: w, Hook: c}
	defer c.gone() // runs after the recovery below: a recovered panic has answered its 500 by then
	defer web.Recovered(sh.Log, &c.rec, r)
	sh.sim.Serve(&c.rec, r, t)
}

// call is one upstream call being answered; it journals the call in its tenant's world the moment
// its status is decided, before the answer reaches the client.
type call struct {
	rec   web.Recorder
	t     *world.Tenant
	r     *http.Request
	start time.Time
}

// Decided journals the call with the status the client receives.
func (c *call) Decided(status int) {
	wd := c.t.World()
	wd.Journal.Add(journal.Entry{Method: c.r.Method, Path: c.r.URL.Path, Status: status,
		DurationMS: float64(time.Since(c.start).Microseconds()) / 1000, At: wd.Clock.Now().UTC()})
}

// gone journals a call that wrote nothing: 200 with an empty body, or 499 when the client gave up
// before an answer was written.
func (c *call) gone() {
	if c.rec.Status != 0 {
		return
	}
	status := http.StatusOK
	if c.r.Context().Err() != nil {
		status = 499
	}
	c.rec.Status = status
	c.Decided(status)
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
