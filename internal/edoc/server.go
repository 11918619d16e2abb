// Package edoc is the E-Document simulator (docs/behaviour.md §2): the request → SMS → approve flow on a world's
// store and clock, its checks in the documented order, and its handlers. routes.go shows the whole
// surface; the shell (internal/shell) gives it tenants, the admin API and the journal.
package edoc

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/artifact"
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

// Messages lists the SMS the default tenant sent to a phone in any accepted form ("" = all),
// oldest first.
func (srv *Server) Messages(phone string) []SMS {
	if n, err := kz.NormalizePhone(phone); err == nil {
		phone = n
	}
	ms, _ := srv.World().Store.Messages(phone, "")
	return ms
}

// Sessions is the number of sessions the default tenant holds.
func (srv *Server) Sessions() int { return srv.World().Store.Stats().Sessions }

// JournalLen is the number of requests the default tenant's journal holds.
func (srv *Server) JournalLen() int { return srv.World().Journal.Len() }

var _ http.Handler = (*Server)(nil)
