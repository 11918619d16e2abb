package world

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/scenarios"
)

// A tenant on a shared store (Builder.Shared) keeps, beside its World, the record it was built
// from. Sync reads the tenant's record from the store at the start of every call (one round trip)
// and applies a newer one: another Gen (a scenario activated or a reset on any replica) builds a new
// World from the record's YAML (its Base found by text when this replica already has it), a moved
// clock sets the offset. Every store call of the World then carries its Gen, so a change that lands
// between the Sync and the call is caught there too: the call answers ErrRetired, the tenant
// reloads, and the handler serves it again, as after a local reset.

// synced is the record a tenant's World stands for.
type synced struct {
	epoch string
	seq   int64
}

// AdminTimeout bounds the store round trips of one admin change or sync.
const AdminTimeout = 3 * time.Second

// ErrShared wraps a shared store's failure to sync a tenant, or a record this replica cannot build.
var ErrShared = errors.New("the shared store")

// Sync brings the tenant's World up to its record in the shared store; without one it does
// nothing. It fails when the store cannot be reached or its scenario cannot be built here.
func (t *Tenant) Sync(ctx context.Context) error {
	if t.b.Shared == nil {
		return nil
	}
	return t.sync(ctx)
}

func (t *Tenant) sync(ctx context.Context) error {
	w := t.w.Load()
	rec, err := t.b.Shared.Load(ctx, t.Name, w.Gen, t.start.Scen.Source)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrShared, err)
	}
	if !t.newer(rec) && rec.Gen == w.Gen {
		return nil // the fast path: nothing changed
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.apply(ctx, rec)
}

// newer reports whether rec is newer than what the tenant stands for.
func (t *Tenant) newer(rec store.Record) bool {
	st := t.synced.Load()
	return st == nil || rec.Epoch != st.epoch || rec.Seq > st.seq
}

// apply makes rec the tenant's World when it is newer; the caller holds t.mu.
func (t *Tenant) apply(ctx context.Context, rec store.Record) error {
	w := t.w.Load()
	if !t.newer(rec) {
		return nil // a read that raced a newer one already applied
	}
	if rec.Gen == w.Gen {
		w.Clock.Set(rec.Offset)
		t.synced.Store(&synced{rec.Epoch, rec.Seq})
		return nil
	}
	if rec.Source == nil { // read by a caller that held this Gen already: read it again whole
		var err error
		if rec, err = t.b.Shared.Load(ctx, t.Name, "", t.start.Scen.Source); err != nil {
			return fmt.Errorf("%w: %v", ErrShared, err)
		}
	}
	base := w.Base
	if string(rec.Source) != string(base.Scen.Source) {
		s, err := scenarios.Parse("scenario", rec.Source)
		if err == nil {
			base, err = t.b.Base(s)
		}
		if err != nil {
			return fmt.Errorf("%w: its scenario cannot be built by this replica: %v", ErrShared, err)
		}
	}
	t.install(base, rec)
	return nil
}

// install makes a World of base under rec's Gen the tenant's, standing for rec, and retires the
// old one; the caller holds t.mu.
func (t *Tenant) install(base *Base, rec store.Record) {
	old := t.w.Swap(t.b.sharedWorld(base, t, rec.Gen, rec.Offset))
	t.synced.Store(&synced{rec.Epoch, rec.Seq})
	retire(old)
}

// resync reloads the tenant after a store call found its Gen stale; the call is served again by
// whatever World the tenant then has, and a failure here shows up as that call's store error.
func (t *Tenant) resync() {
	ctx, cancel := context.WithTimeout(context.Background(), AdminTimeout)
	defer cancel()
	_ = t.sync(ctx)
}

// sharedWorld is a World of base whose parts live in the shared store under gen.
func (b *Builder) sharedWorld(base *Base, t *Tenant, gen string, offset time.Duration) *World {
	l := b.limits(base)
	p := b.Shared.World(t.Name, gen, l, base.Scen.Limits.Journal, t.resync)
	return &World{
		Base:     base,
		Store:    p.Store,
		Faults:   fault.New(base.Scen.Faults, b.Service, b.HangCeiling, p.Store.Ticket),
		Clock:    clock.NewShared(offset, t.advance),
		Journal:  p.Journal,
		Coverage: p.Coverage,
		Limits:   l,
		Gen:      gen,
	}
}

// placeholder is the World a tenant on a shared store starts with before it has read its record:
// every store call of it is stale, so the first one loads the record.
func (b *Builder) placeholder(base *Base, t *Tenant) *World { return b.sharedWorld(base, t, "", 0) }

// advance moves the tenant's clock in the shared store, for every replica.
func (t *Tenant) advance(d time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), AdminTimeout)
	defer cancel()
	rec, err := t.b.Shared.Advance(ctx, t.Name, d, clock.MaxOffset, clock.ErrTooFar)
	if errors.Is(err, clock.ErrTooFar) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrShared, err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// Only a record one step on from ours is ours plus this move; otherwise something else changed
	// too (a reset elsewhere), which the next Sync applies whole.
	if st := t.synced.Load(); st != nil && rec.Epoch == st.epoch && rec.Seq == st.seq+1 && rec.Gen == t.w.Load().Gen {
		t.synced.Store(&synced{rec.Epoch, rec.Seq})
	}
	return rec.Offset, nil
}

// activateShared makes s the tenant's scenario in the shared store, then here.
func (t *Tenant) activateShared(base *Base) error {
	if len(base.Scen.Source) == 0 {
		return fmt.Errorf("%w: a scenario shared by replicas needs its YAML text (Source)", ErrShared)
	}
	ctx, cancel := context.WithTimeout(context.Background(), AdminTimeout)
	defer cancel()
	t.mu.Lock()
	defer t.mu.Unlock()
	rec, err := t.b.Shared.Activate(ctx, t.Name, base.Scen.Source)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrShared, err)
	}
	t.install(base, rec)
	return nil
}

// resetShared starts a new Gen of the tenant's scenario in the shared store, then here.
func (t *Tenant) resetShared() error {
	ctx, cancel := context.WithTimeout(context.Background(), AdminTimeout)
	defer cancel()
	t.mu.Lock()
	defer t.mu.Unlock()
	rec, err := t.b.Shared.Reset(ctx, t.Name)
	if err != nil {
		// A record lost (Redis restarted empty): make it again from this replica's scenario, which
		// is a reset too.
		if rec, err = t.b.Shared.Load(ctx, t.Name, t.w.Load().Gen, t.start.Scen.Source); err == nil {
			rec, err = t.b.Shared.Reset(ctx, t.Name)
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrShared, err)
		}
	}
	return t.apply(ctx, rec)
}
