// Package edoc is the E-Document simulator (SPEC §2): the request → SMS → approve state machine on
// the simulator's clock, its checks in the documented order, and its HTTP handlers.
package edoc

import (
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/artifact"
	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/fault"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

// BasePath is the upstream's base path, to the letter.
const BasePath = "/api/v1/backend/e-document/online-access/"

// Defaults for the stores a scenario's limits leave open.
const (
	DefaultSMSCap        = 10_000
	DefaultArtifactBytes = 64 << 20
)

// Server is the E-Document simulator. It serves HTTP and is the admin API's Simulator.
type Server struct {
	set     serve.Settings
	log     *slog.Logger
	clock   *clock.Clock
	journal *admin.Journal
	files   *artifact.Cache
	handler http.Handler

	// mu serialises Activate and Reset; requests read st without it.
	mu sync.Mutex
	st atomic.Pointer[state]

	rngMu sync.Mutex
	rng   *rand.Rand
}

// state is everything one scenario activation owns; swapped whole.
type state struct {
	scen     *scenarios.Scenario
	pop      *population.Population
	faults   *fault.Engine
	clients  map[string]*scenarios.Client
	sessions *sessions
	sms      *outbox
}

// NewServer builds the simulator for a validated scenario.
func NewServer(s *scenarios.Scenario, set serve.Settings) (*Server, error) {
	if set.Logger == nil {
		set.Logger = slog.New(slog.DiscardHandler)
	}
	if set.MaxSessions <= 0 {
		set.MaxSessions = serve.DefaultMaxSessions
	}
	srv := &Server{
		set:     set,
		log:     set.Logger,
		clock:   clock.New(),
		journal: admin.NewJournal(s.Limits.Journal),
		files:   artifact.NewCache(DefaultArtifactBytes),
		rng:     rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x1414)),
	}
	st, err := srv.newState(s)
	if err != nil {
		return nil, err
	}
	srv.st.Store(st)
	srv.handler = web.Recover(srv.log, srv.journal.Middleware(srv.clock, srv.hot(srv.routes())))
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
	st := &state{scen: s, pop: pop, faults: srv.newFaults(s), clients: map[string]*scenarios.Client{}}
	for i := range s.Edoc.Clients {
		st.clients[s.Edoc.Clients[i].APIKey] = &s.Edoc.Clients[i]
	}
	srv.freshStores(st)
	return st, nil
}

func (srv *Server) freshStores(st *state) {
	capSessions := srv.set.MaxSessions
	if st.scen.Limits.Sessions > 0 {
		capSessions = st.scen.Limits.Sessions
	}
	capSMS := DefaultSMSCap
	if st.scen.Limits.SMS > 0 {
		capSMS = st.scen.Limits.SMS
	}
	st.sessions = newSessions(capSessions)
	st.sms = newOutbox(capSMS)
}

func (srv *Server) newFaults(s *scenarios.Scenario) *fault.Engine {
	return fault.New(s.Faults, scenarios.ServiceEdoc, srv.set.HangCeiling)
}

// ServeHTTP serves the simulator and its admin API.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { srv.handler.ServeHTTP(w, r) }

// Scenario is the active scenario.
func (srv *Server) Scenario() *scenarios.Scenario { return srv.st.Load().scen }

// Activate replaces the scenario and forgets all state. A scenario that fails to build leaves the
// old one active.
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

// Reset forgets sessions, messages and fault counters; the scenario stays.
func (srv *Server) Reset() {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	old := srv.st.Load()
	st := &state{scen: old.scen, pop: old.pop, faults: srv.newFaults(old.scen), clients: old.clients}
	srv.freshStores(st)
	srv.st.Store(st)
}

// Clock is the simulator's clock (tests and the admin API move it).
func (srv *Server) Clock() *clock.Clock { return srv.clock }

// hot serves the two upstream calls without the router's regular expressions; every other path,
// and any path the router would clean or redirect, goes to the router.
func (srv *Server) hot(next http.Handler) http.Handler {
	const reqPrefix = BasePath + "request/"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			p := r.URL.Path
			if rest, ok := strings.CutPrefix(p, reqPrefix); ok && len(rest) > 1 && rest[len(rest)-1] == '/' && strings.IndexByte(rest[:len(rest)-1], '/') < 0 {
				srv.request(w, r, rest[:len(rest)-1])
				return
			}
			if p == BasePath+"approve/" {
				srv.handleApprove(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (srv *Server) routes() http.Handler {
	r := mux.NewRouter()
	api := r.PathPrefix("/api/v1/backend/e-document/online-access").Subrouter()
	api.HandleFunc("/request/{document_type}/", srv.handleRequest).Methods(http.MethodPost)
	api.HandleFunc("/approve/", srv.handleApprove).Methods(http.MethodPost)
	a := admin.Router(r, admin.Config{Sim: srv, Clock: srv.clock, Journal: srv.journal, Token: srv.set.AdminToken})
	a.HandleFunc("/sms", srv.handleSMS).Methods(http.MethodGet)
	r.NotFoundHandler = http.HandlerFunc(srv.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.JSON(w, http.StatusMethodNotAllowed, map[string]string{"detail": `Method "` + r.Method + `" not allowed.`})
	})
	return r
}

// Messages lists the SMS sent to a phone in normal form ("" = all), oldest first.
func (srv *Server) Messages(phone string) []SMS {
	if n, err := kz.NormalizePhone(phone); err == nil {
		phone = n
	}
	return srv.st.Load().sms.to(phone)
}

// Sessions is the number of sessions held.
func (srv *Server) Sessions() int { return srv.st.Load().sessions.len() }

// JournalLen is the number of journaled requests.
func (srv *Server) JournalLen() int { return srv.journal.Len() }
