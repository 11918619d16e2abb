// Package egov is the SmartBridge gateway simulator (SPEC §3): the eleven operations of the connector
// document over one synthetic population, its credential and parameter checks, scenario faults and a
// small payment state machine on the simulator's clock.
package egov

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/scenarios"
)

// BasePath is where the operations live: POST BasePath + operation (SPEC §3, assumed path).
const BasePath = "/api/egov/"

// DefaultPaymentsCap bounds the payment store when the scenario sets no limit; the oldest go first.
const DefaultPaymentsCap = 100_000

// Server is the gateway simulator. It serves HTTP and is the admin API's Simulator.
type Server struct {
	set     serve.Settings
	log     *slog.Logger
	clock   *clock.Clock
	journal *admin.Journal
	handler http.Handler

	// mu serialises Activate and Reset; requests read st without it.
	mu sync.Mutex
	st atomic.Pointer[state]
}

// state is everything one scenario activation owns; it is swapped whole, so a request sees one
// scenario's population, faults and payments, never a mix.
type state struct {
	scen     *scenarios.Scenario
	pop      *population.Population
	faults   *fault.Engine
	payments *payments
}

// NewServer builds the simulator for a validated scenario.
func NewServer(s *scenarios.Scenario, set serve.Settings) (*Server, error) {
	if set.Logger == nil {
		set.Logger = slog.New(slog.DiscardHandler)
	}
	srv := &Server{set: set, log: set.Logger, clock: clock.New()}
	st, err := srv.newState(s)
	if err != nil {
		return nil, err
	}
	srv.journal = admin.NewJournal(s.Limits.Journal)
	srv.st.Store(st)
	srv.handler = srv.routes()
	return srv, nil
}

func (srv *Server) newState(s *scenarios.Scenario) (*state, error) {
	if s == nil {
		return nil, errors.New("no scenario")
	}
	pop, err := population.Build(s)
	if err != nil {
		return nil, err
	}
	return &state{scen: s, pop: pop, faults: fault.New(s.Faults, scenarios.ServiceEgov, srv.set.HangCeiling), payments: newPayments(s)}, nil
}

// ServeHTTP serves the simulator and its admin API.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { srv.handler.ServeHTTP(w, r) }

// Scenario is the active scenario.
func (srv *Server) Scenario() *scenarios.Scenario { return srv.st.Load().scen }

// Activate replaces the scenario and forgets payments and fault counters. The new state is built
// whole before the swap, so a scenario that fails to build leaves the old one active.
func (srv *Server) Activate(s *scenarios.Scenario) error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	st, err := srv.newState(s)
	if err != nil {
		return err
	}
	srv.st.Store(st)
	return nil
}

// Reset forgets payments and fault counters; the scenario and its population stay.
func (srv *Server) Reset() {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	old := srv.st.Load()
	srv.st.Store(&state{scen: old.scen, pop: old.pop, faults: fault.New(old.scen.Faults, scenarios.ServiceEgov, srv.set.HangCeiling), payments: newPayments(old.scen)})
}

// Clock is the simulator's clock (tests and the admin API move it).
func (srv *Server) Clock() *clock.Clock { return srv.clock }

var _ admin.Simulator = (*Server)(nil)
