// Package admin serves /__admin/, the configuration API both simulators share (docs/behaviour.md §5): health,
// scenarios, reset, the request journal, the virtual clock and the tenants, each for the tenant the
// request's path selects. A simulator adds its own routes (mock-edoc's SMS outbox) on the same
// router. Every admin answer that fails is {"error": ...}, on every path and method.
package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// Prefix is where the admin API lives.
const Prefix = "/__admin/"

// Router is the admin API of one server's tenants; extra adds a simulator's own routes.
func Router(ts *world.Tenants, extra func(*mux.Router)) http.Handler {
	// No path cleaning: gorilla/mux would answer /t/x/__admin//health with a 301 to /__admin/health,
	// another tenant's admin API; such a path gets the JSON 404 instead.
	r := mux.NewRouter().SkipClean(true)
	a := &adder{r}
	a.HandleFunc("/health", health).Methods(http.MethodGet)
	a.HandleFunc("/scenarios", listScenarios).Methods(http.MethodGet)
	a.HandleFunc("/scenario", getScenario).Methods(http.MethodGet)
	a.HandleFunc("/scenario", putScenario).Methods(http.MethodPut)
	a.HandleFunc("/reset", reset).Methods(http.MethodPost)
	a.HandleFunc("/requests", getRequests).Methods(http.MethodGet)
	a.HandleFunc("/requests", deleteRequests).Methods(http.MethodDelete)
	a.HandleFunc("/clock", getClock).Methods(http.MethodGet)
	a.HandleFunc("/clock", postClock).Methods(http.MethodPost)
	a.HandleFunc("/clock", func(w http.ResponseWriter, r *http.Request) {
		c := tenant(r).World().Clock
		c.Reset()
		web.JSON(w, http.StatusOK, clockBody(c))
	}).Methods(http.MethodDelete)
	a.HandleFunc("/scenario.schema.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/schema+json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(scenarios.Schema)
	}).Methods(http.MethodGet)
	a.HandleFunc("/tenants", func(w http.ResponseWriter, r *http.Request) {
		web.JSON(w, http.StatusOK, map[string]any{"tenants": ts.List()})
	}).Methods(http.MethodGet)
	if extra != nil {
		extra(r)
	}
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Error(w, http.StatusNotFound, "no such admin call "+r.URL.Path+"; see GET /__admin/health, /__admin/scenarios, /__admin/scenario, /__admin/requests, /__admin/clock, /__admin/tenants, /__admin/coverage, /__admin/ui/; PUT /__admin/scenario; POST /__admin/reset, /__admin/clock")
	})
	notAllowed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Error(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path)
	})
	r.NotFoundHandler, r.MethodNotAllowedHandler = notFound, notAllowed
	return r
}

// adder registers admin routes by their path under Prefix (no subrouter: gorilla/mux answers a
// method mismatch under a subrouter with its not-found handler, not a 405).
type adder struct{ r *mux.Router }

func (a *adder) HandleFunc(path string, f http.HandlerFunc) *mux.Route {
	return a.r.HandleFunc(strings.TrimSuffix(Prefix, "/")+path, f)
}

// Error answers an admin call's failure. Admin errors use {"error": ...} so they never look like
// a simulated upstream's {"detail": ...} or {"message", "code", "operation"}.
func Error(w http.ResponseWriter, status int, msg string) {
	web.JSON(w, status, map[string]string{"error": msg})
}

// readBody reads an admin body, answering 413 and 408 itself.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := web.ReadBody(r)
	switch {
	case errors.Is(err, web.ErrTooLarge):
		Error(w, http.StatusRequestEntityTooLarge, err.Error())
	case errors.Is(err, web.ErrSlowBody):
		Error(w, http.StatusRequestTimeout, err.Error())
	case err != nil:
		Error(w, http.StatusBadRequest, err.Error())
	default:
		return body, true
	}
	return nil, false
}

func tenant(r *http.Request) *world.Tenant { return world.TenantFrom(r) }

func status(w http.ResponseWriter, t *world.Tenant) {
	web.JSON(w, http.StatusOK, map[string]string{"status": "ok", "scenario": t.World().Scen.Name})
}

func health(w http.ResponseWriter, r *http.Request) { status(w, tenant(r)) }

func listScenarios(w http.ResponseWriter, r *http.Request) {
	web.JSON(w, http.StatusOK, map[string]any{"scenarios": scenarios.Bundled()})
}

func getScenario(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(tenant(r).World().Scen.Source)
}

func putScenario(w http.ResponseWriter, r *http.Request) {
	var (
		s   *scenarios.Scenario
		err error
	)
	if name := r.URL.Query().Get("name"); name != "" {
		s, err = scenarios.LoadBundled(name)
	} else {
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		s, err = scenarios.Parse("scenario", body)
	}
	t := tenant(r)
	if err == nil {
		err = Activate(t, s)
	}
	if errors.Is(err, world.ErrShared) {
		web.Harness(w, http.StatusServiceUnavailable, err.Error())
		return
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
	status(w, t)
}

// Activate makes s the tenant's scenario in a new world, carrying the coverage counts over: they
// count since the last reset, and a scenario change is not one.
func Activate(t *world.Tenant, s *scenarios.Scenario) error {
	old := t.World()
	if err := t.Activate(s); err != nil {
		return err
	}
	coverage.Carry(old.Coverage, t.World().Coverage)
	return nil
}

func reset(w http.ResponseWriter, r *http.Request) {
	t := tenant(r)
	if err := t.Reset(); err != nil { // only a shared store fails
		web.Harness(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	status(w, t)
}

// getRequests is GET /__admin/requests, filtered by ?phone=, ?iin=, ?session=, ?outcome=, ?since=.
func getRequests(w http.ResponseWriter, r *http.Request) {
	wd := tenant(r).World()
	f, err := journal.ParseFilter(r.URL.Query(), wd.Clock.Now())
	if err != nil {
		Error(w, http.StatusBadRequest, err.Error())
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"requests": f.Select(wd.Journal.Entries())})
}

func deleteRequests(w http.ResponseWriter, r *http.Request) {
	tenant(r).World().Journal.Clear()
	web.JSON(w, http.StatusOK, map[string]any{"requests": []journal.Entry{}})
}

func clockBody(c *clock.Clock) map[string]string {
	return map[string]string{"now": c.Now().UTC().Format(time.RFC3339Nano), "offset": c.Offset().String()}
}

func getClock(w http.ResponseWriter, r *http.Request) {
	web.JSON(w, http.StatusOK, clockBody(tenant(r).World().Clock))
}

func postClock(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
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
	c := tenant(r).World().Clock
	if err := c.Advance(d); errors.Is(err, world.ErrShared) {
		web.Harness(w, http.StatusServiceUnavailable, err.Error())
		return
	} else if err != nil {
		Error(w, http.StatusBadRequest, "advance: "+err.Error())
		return
	}
	web.JSON(w, http.StatusOK, clockBody(c))
}
