// Package world is one scenario activation and the tenants that hold one each. A World owns
// everything an activation owns: the scenario and its population (immutable, shared by every world
// built from the same scenario), the store (sessions, SMS, payments, fault counters), the fault
// engine, the clock's offset, the request journal and the limits. Activating a scenario or resetting
// builds a new world and retires the old one whole.
package world

import (
	"crypto/sha256"
	"errors"
	"sync"
	"time"
	"weak"

	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/scenarios"
)

// Base is what every world of one scenario shares, built once: read without locks.
type Base struct {
	Scen *scenarios.Scenario
	Pop  *population.Population
	// Extra is the simulator's own data derived from the scenario (mock-edoc's client table).
	Extra any
}

// World is one activation of a scenario.
type World struct {
	*Base
	Store   store.Store
	Faults  *fault.Engine
	Clock   *clock.Clock
	Journal journal.Log
	// Coverage counts the documented outcomes this world has answered.
	Coverage coverage.Counts
	Limits   store.Limits
	// Gen names the activation in a shared store ("" in memory).
	Gen string
}

// Builder makes worlds for one simulator.
type Builder struct {
	// Service is the simulator's name in a fault's `when` (scenarios.ServiceEdoc, ServiceEgov).
	Service string
	// MaxSessions is the process's cap on sessions: a scenario's limit may lower it, never raise it.
	MaxSessions int
	// HangCeiling bounds `hang` transport faults (0: the fault package's default).
	HangCeiling time.Duration
	// Extra derives the simulator's own data from a scenario, once per Base.
	Extra func(*scenarios.Scenario, *population.Population) (any, error)
	// NewStore makes a world's store (nil: in memory).
	NewStore func(store.Limits) store.Store
	// Shared, when set, holds every tenant's world in a store replicas share (Redis): NewStore is
	// then not used.
	Shared store.Shared

	mu    sync.Mutex
	bases map[[32]byte]weak.Pointer[Base]
}

// Base builds (or finds, when a live world already uses the same scenario text) the shared part of
// a scenario's worlds; a scenario changed in Go after parsing must clear Source, which is its key.
// A scenario that fails to build is an error and nothing changes.
func (b *Builder) Base(s *scenarios.Scenario) (*Base, error) {
	if s == nil {
		return nil, errors.New("no scenario")
	}
	key := sha256.Sum256(s.Source)
	b.mu.Lock()
	if b.bases == nil {
		b.bases = map[[32]byte]weak.Pointer[Base]{}
	}
	if wp, ok := b.bases[key]; ok && len(s.Source) > 0 {
		if base := wp.Value(); base != nil {
			b.mu.Unlock()
			return base, nil
		}
	}
	b.mu.Unlock()
	pop, err := population.Build(s)
	if err != nil {
		return nil, err
	}
	base := &Base{Scen: s, Pop: pop}
	if b.Extra != nil {
		if base.Extra, err = b.Extra(s, pop); err != nil {
			return nil, err
		}
	}
	if len(s.Source) > 0 {
		b.mu.Lock()
		for k, wp := range b.bases { // forget the dead ones, so the map stays small
			if wp.Value() == nil {
				delete(b.bases, k)
			}
		}
		b.bases[key] = weak.Make(base)
		b.mu.Unlock()
	}
	return base, nil
}

// limits are the store bounds of a world of base.
func (b *Builder) limits(base *Base) store.Limits {
	lim := base.Scen.Limits
	l := store.Limits{Sessions: b.MaxSessions, SMS: lim.SMS, Payments: lim.Payments}
	if l.Sessions <= 0 {
		l.Sessions = store.DefaultSessions
	}
	if lim.Sessions > 0 && lim.Sessions < l.Sessions {
		l.Sessions = lim.Sessions
	}
	return l
}

// World makes a fresh world of base: empty store, re-armed faults, the clock at real time, an
// empty journal.
func (b *Builder) World(base *Base) *World {
	lim := base.Scen.Limits
	l := b.limits(base)
	var st store.Store
	if b.NewStore != nil {
		st = b.NewStore(l)
	} else {
		st = store.NewMemory(l)
	}
	return &World{
		Base:     base,
		Store:    st,
		Faults:   fault.New(base.Scen.Faults, b.Service, b.HangCeiling, st.Ticket),
		Clock:    clock.New(),
		Journal:  journal.New(lim.Journal),
		Coverage: coverage.NewMemory(),
		Limits:   l,
	}
}
