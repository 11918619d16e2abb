// Package admin serves /__admin/, the configuration API both simulators share (SPEC §5): health,
// scenarios, reset, the request journal and the virtual clock. A simulator adds its own routes
// (mock-edoc's SMS outbox) on the same subrouter.
package admin

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

// Prefix is where the admin API lives.
const Prefix = "/__admin/"

// Simulator is what a simulator gives the admin API.
type Simulator interface {
	// Scenario is the active scenario.
	Scenario() *scenarios.Scenario
	// Activate makes s the active scenario and forgets all state; on error the old one stays.
	Activate(s *scenarios.Scenario) error
	// Reset forgets sessions, messages, payments and fault counters.
	Reset()
}

// Config wires the admin API.
type Config struct {
	Sim     Simulator
	Clock   *clock.Clock
	Journal *Journal
	// Token, when set, guards every admin call with "Authorization: Bearer <token>".
	Token string
}

// Router registers the admin routes under Prefix on r and returns the subrouter for extra routes.
func Router(r *mux.Router, cfg Config) *mux.Router {
	a := r.PathPrefix(strings.TrimSuffix(Prefix, "/")).Subrouter()
	if cfg.Token != "" {
		a.Use(func(next http.Handler) http.Handler {
			want := []byte("Bearer " + cfg.Token)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
					web.JSON(w, http.StatusUnauthorized, map[string]string{"error": "admin token required: Authorization: Bearer <token>"})
					return
				}
				next.ServeHTTP(w, r)
			})
		})
	}
	a.HandleFunc("/health", health(cfg)).Methods(http.MethodGet)
	a.HandleFunc("/scenarios", listScenarios).Methods(http.MethodGet)
	a.HandleFunc("/scenario", getScenario(cfg)).Methods(http.MethodGet)
	a.HandleFunc("/scenario", putScenario(cfg)).Methods(http.MethodPut)
	a.HandleFunc("/reset", reset(cfg)).Methods(http.MethodPost)
	a.HandleFunc("/requests", getRequests(cfg)).Methods(http.MethodGet)
	a.HandleFunc("/requests", deleteRequests(cfg)).Methods(http.MethodDelete)
	a.HandleFunc("/clock", getClock(cfg)).Methods(http.MethodGet)
	a.HandleFunc("/clock", postClock(cfg)).Methods(http.MethodPost)
	return a
}

// Error answers an admin call's failure. Admin errors use {"error": ...} so they never look like
// a simulated upstream's {"detail": ...}.
func Error(w http.ResponseWriter, status int, msg string) {
	web.JSON(w, status, map[string]string{"error": msg})
}

func health(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		web.JSON(w, http.StatusOK, map[string]string{"status": "ok", "scenario": cfg.Sim.Scenario().Name})
	}
}

func listScenarios(w http.ResponseWriter, r *http.Request) {
	web.JSON(w, http.StatusOK, map[string]any{"scenarios": scenarios.Bundled()})
}

func getScenario(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(cfg.Sim.Scenario().Source)
	}
}

func putScenario(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var (
			s   *scenarios.Scenario
			err error
		)
		if name := r.URL.Query().Get("name"); name != "" {
			s, err = scenarios.LoadBundled(name)
		} else {
			var body []byte
			body, err = web.ReadBody(r)
			if errors.Is(err, web.ErrTooLarge) {
				Error(w, http.StatusRequestEntityTooLarge, err.Error())
				return
			}
			if err == nil {
				s, err = scenarios.Parse("scenario", body)
			}
		}
		if err == nil {
			err = cfg.Sim.Activate(s)
		}
		if err != nil {
			var se *scenarios.Error
			problems := []scenarios.Problem{{Message: err.Error()}}
			if errors.As(err, &se) {
				problems = se.Problems
			}
			web.JSON(w, http.StatusBadRequest, map[string]any{"errors": problems})
			return
		}
		cfg.Journal.Clear()
		cfg.Clock.Reset()
		web.JSON(w, http.StatusOK, map[string]string{"status": "ok", "scenario": s.Name})
	}
}

func reset(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cfg.Sim.Reset()
		cfg.Journal.Clear()
		cfg.Clock.Reset()
		web.JSON(w, http.StatusOK, map[string]string{"status": "ok", "scenario": cfg.Sim.Scenario().Name})
	}
}

func getRequests(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		web.JSON(w, http.StatusOK, map[string]any{"requests": cfg.Journal.Entries()})
	}
}

func deleteRequests(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cfg.Journal.Clear()
		web.JSON(w, http.StatusOK, map[string]any{"requests": []Entry{}})
	}
}

func clockBody(c *clock.Clock) map[string]string {
	return map[string]string{"now": c.Now().UTC().Format(time.RFC3339Nano), "offset": c.Offset().String()}
}

func getClock(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		web.JSON(w, http.StatusOK, clockBody(cfg.Clock))
	}
}

func postClock(cfg Config) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := web.ReadBody(r)
		if err != nil {
			Error(w, http.StatusBadRequest, err.Error())
			return
		}
		m, err := web.DecodeObject(body)
		if err != nil {
			Error(w, http.StatusBadRequest, err.Error())
			return
		}
		adv, err := web.String(m, "advance")
		if err != nil {
			Error(w, http.StatusBadRequest, err.Error()+` Example: {"advance":"6m"}`)
			return
		}
		d, err := time.ParseDuration(adv)
		if err != nil || d <= 0 {
			Error(w, http.StatusBadRequest, `advance: a positive duration such as "6m" or "90s"`)
			return
		}
		cfg.Clock.Advance(d)
		web.JSON(w, http.StatusOK, clockBody(cfg.Clock))
	}
}
