package world

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/egovsim/egovsim/scenarios"
)

// Tenant is one isolated world holder: the default tenant (paths without /t/{name}/) or a named one.
type Tenant struct {
	Name string

	mu       sync.Mutex // serialises Activate and Reset; requests read w without it
	w        atomic.Pointer[World]
	lastUsed atomic.Int64 // unix nanoseconds of real time
	b        *Builder
	start    *Base                  // the server's scenario, for a shared record made afresh
	synced   atomic.Pointer[synced] // the shared record World stands for (Builder.Shared only)
}

// World is the tenant's active world.
func (t *Tenant) World() *World { return t.w.Load() }

// touch records a use now.
func (t *Tenant) touch(now time.Time) { t.lastUsed.Store(now.UnixNano()) }

// LastUsed is when the tenant was last used.
func (t *Tenant) LastUsed() time.Time { return time.Unix(0, t.lastUsed.Load()) }

// Activate builds a world for s and makes it the tenant's; on error the old one stays active. On a
// shared store every replica's tenant takes it (each at its next call).
func (t *Tenant) Activate(s *scenarios.Scenario) error {
	base, err := t.b.Base(s) // the slow part, outside the lock
	if err != nil {
		return err
	}
	if t.b.Shared != nil {
		return t.activateShared(base)
	}
	t.mu.Lock()
	old := t.w.Swap(t.b.World(base))
	t.mu.Unlock()
	retire(old)
	return nil
}

// Reset replaces the world by a fresh one of the same scenario. The scenario is read under the
// same lock as the swap, so a reset racing an activation never brings the old scenario back. Only a
// shared store can fail (the old world then stays).
func (t *Tenant) Reset() error {
	if t.b.Shared != nil {
		return t.resetShared()
	}
	t.mu.Lock()
	old := t.w.Swap(t.b.World(t.w.Load().Base))
	t.mu.Unlock()
	retire(old)
	return nil
}

// fresh gives a tenant that came back from idleness a new world of base, keeping the Tenant
// itself, so a call still holding it is served by the new world.
func (t *Tenant) fresh(base *Base) {
	if t.b.Shared != nil {
		return // the shared record decides, and expires by itself when idle
	}
	t.mu.Lock()
	old := t.w.Swap(t.b.World(base))
	t.mu.Unlock()
	retire(old)
}

func retire(w *World) {
	if w != nil {
		w.Store.Retire()
	}
}

// Name rules and bounds of tenants.
const (
	DefaultMaxTenants = 1000
	DefaultTenantIdle = time.Hour
	maxNameLen        = 64
)

// Errors of Tenants.Get.
var (
	ErrBadName = errors.New("tenant names are 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'")
	ErrTooMany = errors.New("too many tenants")
)

// ValidName reports whether s may name a tenant: [A-Za-z0-9._-]{1,64}.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > maxNameLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Tenants holds the default tenant and the named ones, bounded in number and forgotten when idle.
type Tenants struct {
	b     *Builder
	def   *Tenant
	start *Base // the server's scenario: where a new tenant starts
	max   int
	idle  time.Duration
	now   func() time.Time // real time; tests replace it

	mu        sync.Mutex
	named     map[string]*Tenant
	lastSweep time.Time
}

// NewTenants makes the default tenant on s. max <= 0 and idle <= 0 take the defaults.
func NewTenants(b *Builder, s *scenarios.Scenario, max int, idle time.Duration) (*Tenants, error) {
	if max <= 0 {
		max = DefaultMaxTenants
	}
	if idle <= 0 {
		idle = DefaultTenantIdle
	}
	ts := &Tenants{b: b, max: max, idle: idle, now: time.Now, named: map[string]*Tenant{}}
	def := &Tenant{b: b}
	if b.Shared != nil {
		// Replicas share the default tenant's world: a replica (re)starting joins it, never resets
		// it. Its first call reads the record (made from s when there is none yet).
		base, err := b.Base(s)
		if err != nil {
			return nil, err
		}
		def.start = base
		def.w.Store(b.placeholder(base, def))
		ts.def, ts.start = def, base
		return ts, nil
	}
	if err := def.Activate(s); err != nil {
		return nil, err
	}
	ts.def, ts.start = def, def.World().Base
	def.start = ts.start
	return ts, nil
}

// Default is the tenant of paths without a tenant prefix. It is never forgotten.
func (ts *Tenants) Default() *Tenant { return ts.def }

// Get finds the named tenant, creating it on first use from the server's scenario. A
// tenant idle for longer than the idle time is forgotten: its name then starts afresh.
func (ts *Tenants) Get(name string) (*Tenant, error) {
	if !ValidName(name) {
		return nil, ErrBadName
	}
	now := ts.now()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t, ok := ts.named[name]; ok && now.Sub(t.LastUsed()) <= ts.idle {
		t.touch(now)
		return t, nil
	}
	if now.Sub(ts.lastSweep) > time.Minute || len(ts.named) >= ts.max {
		ts.sweep(now)
	}
	if t, ok := ts.named[name]; ok { // idle, but not yet swept: the same tenant, a new world
		t.fresh(ts.start)
		t.touch(now)
		return t, nil
	}
	if len(ts.named) >= ts.max {
		return nil, fmt.Errorf("%w: at most %d at once (-max-tenants); idle ones are forgotten after %v (-tenant-idle)", ErrTooMany, ts.max, ts.idle)
	}
	t := &Tenant{Name: name, b: ts.b, start: ts.start}
	t.touch(now)
	if ts.b.Shared != nil {
		t.w.Store(ts.b.placeholder(ts.start, t))
	} else {
		t.w.Store(ts.b.World(ts.start))
	}
	ts.named[name] = t
	return t, nil
}

// sweep forgets idle tenants; the caller holds mu.
func (ts *Tenants) sweep(now time.Time) {
	ts.lastSweep = now
	for name, t := range ts.named {
		if now.Sub(t.LastUsed()) > ts.idle {
			// Forgotten, not retired: a call still running in it (a long delay) finishes there, and
			// the world goes to the garbage collector with the last one.
			delete(ts.named, name)
		}
	}
}

// Info describes a tenant for GET /__admin/tenants.
type Info struct {
	Name     string    `json:"name"`
	Scenario string    `json:"scenario"`
	LastUsed time.Time `json:"last_used"`
}

// List describes the named tenants still alive, by name.
func (ts *Tenants) List() []Info {
	ts.mu.Lock()
	ts.sweep(ts.now())
	out := make([]Info, 0, len(ts.named))
	for _, t := range ts.named {
		out = append(out, Info{Name: t.Name, Scenario: t.World().Scen.Name, LastUsed: t.LastUsed().UTC()})
	}
	ts.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Len is the number of named tenants held.
func (ts *Tenants) Len() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.named)
}

type tenantKey struct{}

// WithTenant carries t in r's context, for handlers behind a router.
func WithTenant(r *http.Request, t *Tenant) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), tenantKey{}, t))
}

// TenantFrom is the tenant WithTenant put in r's context, or nil.
func TenantFrom(r *http.Request) *Tenant {
	t, _ := r.Context().Value(tenantKey{}).(*Tenant)
	return t
}
