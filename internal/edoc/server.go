// Package edoc is the E-Document simulator (docs/behaviour.md §2): the request → SMS → approve flow on a world's
// store and clock, its checks in the documented order, and its handlers. routes.go shows the whole
// surface; the shell (internal/shell) gives it tenants, the admin API and the journal.
package edoc

import (
	"github.com/egovsim/egovsim/internal/clock"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/artifact"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// BasePath is the upstream's base path, to the letter.
const BasePath = "/api/v1/backend/e-document/online-access/"

// DefaultArtifactBytes bounds the rendered-files cache.
const DefaultArtifactBytes = 64 << 20

// SMS is one message of the outbox.
type SMS = store.SMS

// Server is the E-Document simulator.
type Server struct {
	*shell.Shell
	files *artifact.Cache

	rngMu sync.Mutex
	rng   *rand.Rand
}

// clients is the scenario's E-Document client table, by API key: a Base's Extra.
type clients map[string]*scenarios.Client

// NewServer builds the simulator for a validated scenario.
func NewServer(s *scenarios.Scenario, set shell.Settings) (*Server, error) {
	srv := &Server{
		files: artifact.NewCache(DefaultArtifactBytes),
		rng:   rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x1414)),
	}
	b := &world.Builder{Service: scenarios.ServiceEdoc, Extra: func(s *scenarios.Scenario, _ *population.Population) (any, error) {
		cs := clients{}
		for i := range s.Edoc.Clients {
			cs[s.Edoc.Clients[i].APIKey] = &s.Edoc.Clients[i]
		}
		return cs, nil
	}}
	sh, err := shell.New(b, s, set, srv, srv.adminRoutes)
	if err != nil {
		return nil, err
	}
	srv.Shell = sh
	sh.Metrics.ArtifactCache(srv.files.Stats)
	return srv, nil
}

func (srv *Server) world() *world.World { return srv.Default().World() }

// Scenario is the default tenant's active scenario.
func (srv *Server) Scenario() *scenarios.Scenario { return srv.world().Scen }

// Activate makes s the default tenant's scenario and forgets its state; on error the old one stays.
func (srv *Server) Activate(s *scenarios.Scenario) error { return srv.Default().Activate(s) }

// Reset forgets the default tenant's sessions, messages, fault counters, journal and clock offset.
func (srv *Server) Reset() { srv.Default().Reset() }

// Advance moves the default tenant's clock forward.
func (srv *Server) Advance(d time.Duration) error { return srv.world().Clock.Advance(d) }

// Now is the default tenant's simulated time.
func (srv *Server) Now() time.Time { return srv.world().Clock.Now() }

// Requests is the default tenant's journal, oldest first.
func (srv *Server) Requests() []journal.Entry { return srv.world().Journal.Entries() }

// Messages lists the SMS the default tenant sent to a phone in any accepted form ("" = all),
// oldest first.
func (srv *Server) Messages(phone string) []SMS {
	if n, err := kz.NormalizePhone(phone); err == nil {
		phone = n
	}
	ms, _ := srv.world().Store.Messages(phone, "")
	return ms
}

// Sessions is the number of sessions the default tenant holds.
func (srv *Server) Sessions() int { return srv.world().Store.Stats().Sessions }

// JournalLen is the number of requests the default tenant's journal holds.
func (srv *Server) JournalLen() int { return srv.world().Journal.Len() }

var _ http.Handler = (*Server)(nil)

// Clock is the default tenant's clock (a reset or a new scenario brings a new one).
func (srv *Server) Clock() *clock.Clock { return srv.world().Clock }
