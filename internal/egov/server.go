// Package egov is the SmartBridge gateway simulator (docs/behaviour.md §3): the eleven operations of the connector
// document over one synthetic population, its credential and parameter checks, scenario faults and a
// small payment state machine on a world's clock. routes.go shows the whole surface; the shell
// (internal/shell) gives it tenants, the admin API and the journal.
package egov

import (
	"github.com/egovsim/egovsim/internal/clock"
	"net/http"
	"time"

	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// BasePath is where the operations live: POST BasePath + operation (docs/behaviour.md §3, assumed path).
const BasePath = "/api/egov/"

// Server is the gateway simulator.
type Server struct {
	*shell.Shell
}

// state is what one call runs against: the world's scenario, population and payments.
type state struct {
	scen     *scenarios.Scenario
	pop      *population.Population
	payments payments
}

func stateOf(wd *world.World) state {
	return state{scen: wd.Scen, pop: wd.Pop, payments: paymentsOf(wd)}
}

// NewServer builds the simulator for a validated scenario.
func NewServer(s *scenarios.Scenario, set shell.Settings) (*Server, error) {
	srv := &Server{}
	sh, err := shell.New(&world.Builder{Service: scenarios.ServiceEgov}, s, set, srv, nil)
	if err != nil {
		return nil, err
	}
	srv.Shell = sh
	return srv, nil
}

func (srv *Server) world() *world.World { return srv.Default().World() }

// Scenario is the default tenant's active scenario.
func (srv *Server) Scenario() *scenarios.Scenario { return srv.world().Scen }

// Activate makes s the default tenant's scenario and forgets its state; on error the old one stays.
func (srv *Server) Activate(s *scenarios.Scenario) error { return srv.Default().Activate(s) }

// Reset forgets the default tenant's payments, fault counters, journal and clock offset.
func (srv *Server) Reset() { srv.Default().Reset() }

// Advance moves the default tenant's clock forward.
func (srv *Server) Advance(d time.Duration) error { return srv.world().Clock.Advance(d) }

// Now is the default tenant's simulated time.
func (srv *Server) Now() time.Time { return srv.world().Clock.Now() }

// Requests is the default tenant's journal, oldest first.
func (srv *Server) Requests() []journal.Entry { return srv.world().Journal.Entries() }

var _ http.Handler = (*Server)(nil)

// Clock is the default tenant's clock (a reset or a new scenario brings a new one).
func (srv *Server) Clock() *clock.Clock { return srv.world().Clock }
