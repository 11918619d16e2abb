// Package egov is the SmartBridge gateway simulator (docs/behaviour.md §3): the eleven operations of the connector
// document over one synthetic population, its credential and parameter checks, scenario faults and a
// small payment state machine on a world's clock. routes.go shows the whole surface; the shell
// (internal/shell) gives it tenants, the admin API and the journal.
package egov

import (
	"net/http"

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
	sh, err := shell.New(&world.Builder{Service: scenarios.ServiceEgov}, s, set, srv, srv.adminRoutes)
	if err != nil {
		return nil, err
	}
	srv.Shell = sh
	return srv, nil
}

var _ http.Handler = (*Server)(nil)
