package store

import (
	"context"
	"time"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/journal"
)

// Record is a tenant's world as a store shared by replicas holds it: which activation is live, its
// scenario text and the clock's offset. Every replica builds its own World from it (the population
// is rebuilt locally from the text, never stored).
type Record struct {
	// Epoch names the record's creation: a store that lost its data (a Redis restarted without
	// persistence) starts a new epoch, and Seq counts again from 1.
	Epoch string
	// Seq grows by one with every change of the record (an activation, a reset, a clock move), so a
	// replica never applies an older record over a newer one.
	Seq int64
	// Gen names the activation: a new one for every PUT /__admin/scenario and POST /__admin/reset.
	// Everything a world stores lives under its Gen, and every store call carries the Gen the
	// replica believes in: a stale one answers ErrRetired and makes the replica reload.
	Gen    string
	Offset time.Duration
	// Source is the scenario YAML; Load leaves it nil when the caller already holds Gen.
	Source []byte
}

// Parts are the shared halves of one world.
type Parts struct {
	Store    Store
	Journal  journal.Log
	Coverage coverage.Counts
}

// Shared is a store that several replicas share (Redis): each tenant's world record, and the
// parts of each world. tenant "" is the default tenant.
type Shared interface {
	// Load reads tenant's record, creating it from start (the replica's own scenario) when there is
	// none. Source is set only when the record's Gen is not gen.
	Load(ctx context.Context, tenant, gen string, start []byte) (Record, error)
	// Activate makes src the tenant's scenario in a new Gen, the clock back at real time.
	Activate(ctx context.Context, tenant string, src []byte) (Record, error)
	// Reset starts a new Gen of the tenant's scenario, the clock back at real time; the record must
	// exist (Load first).
	Reset(ctx context.Context, tenant string) (Record, error)
	// Advance moves the tenant's clock forward by d, refusing a move past max with tooFar; Source is
	// never set.
	Advance(ctx context.Context, tenant string, d, max time.Duration, tooFar error) (Record, error)
	// World makes the parts of the world gen of tenant, bounded by l and a journal of journalCap.
	// stale is called (and the call answers ErrRetired) when a store call finds that gen is no
	// longer the tenant's: the caller reloads, then serves again.
	World(tenant, gen string, l Limits, journalCap int, stale func()) Parts
	// Close releases the connections.
	Close() error
}
