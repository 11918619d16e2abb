package shell

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/console"
	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/world"
)

// Bounds of the console's live stream (GET /__admin/events): each stream polls its tenant's world
// through the store's interface (so a store another process writes shows too) at most every
// StreamPoll, lives at most StreamLife (the page reconnects), and at most MaxStreams run at once.
var (
	StreamPoll = 250 * time.Millisecond
	StreamLife = 5 * time.Minute
	MaxStreams = int64(32)
)

// outcomes is the simulator's outcome table (empty for a simulator without one).
func (sh *Shell) outcomes() coverage.Table {
	if o, ok := sh.sim.(interface{ Outcomes() coverage.Table }); ok {
		return o.Outcomes()
	}
	return nil
}

// Coverage is the coverage report of tenant t's world.
func (sh *Shell) Coverage(t *world.Tenant) coverage.Report { return sh.coverage(t, sh.outcomes()) }

// coverage is tenant t's report of table.
func (sh *Shell) coverage(t *world.Tenant, table coverage.Table) coverage.Report {
	return table.Report(sh.service, tenantName(t), t.World().Coverage)
}

// CoverageReport is the default tenant's coverage report (serve writes it for -coverage-out).
func (sh *Shell) CoverageReport() coverage.Report { return sh.Coverage(sh.Default()) }

// routes are the shell's own admin calls: coverage and the console's live stream.
func (sh *Shell) routes(r *mux.Router) {
	r.HandleFunc(admin.Prefix+"coverage", sh.serveCoverage).Methods(http.MethodGet)
	r.HandleFunc(admin.Prefix+"events", sh.serveEvents).Methods(http.MethodGet)
}

func (sh *Shell) serveCoverage(w http.ResponseWriter, r *http.Request) {
	tr := r.URL.Query().Get("transport")
	if tr != "" && tr != coverage.JSON && tr != coverage.SOAP {
		admin.Error(w, http.StatusBadRequest, fmt.Sprintf("transport %q: want json or soap", tr))
		return
	}
	rep := sh.coverage(world.TenantFrom(r), sh.outcomes().For(tr))
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		writeJSON(w, rep)
	case "junit":
		var b bytes.Buffer
		if err := rep.JUnit(&b); err != nil {
			admin.Error(w, http.StatusInternalServerError, err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b.Bytes())
	default:
		admin.Error(w, http.StatusBadRequest, fmt.Sprintf("format %q: want json or junit", f))
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		admin.Error(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(b, '\n'))
}

// streamState is what the console's stream reports; the page fetches what changed.
type streamState struct {
	World    string `json:"world"` // changes with every reset and scenario change
	Scenario string `json:"scenario"`
	SMS      int    `json:"sms"`
	Payments int    `json:"payments"`
	Journal  int64  `json:"journal"` // entries held plus outcomes counted: changes with every call
	Offset   string `json:"offset"`
}

func stateOf(t *world.Tenant) streamState {
	wd := t.World()
	st := wd.Store.Stats()
	j := int64(wd.Journal.Len())
	for _, n := range wd.Coverage.Counts() {
		j += n
	}
	return streamState{World: fmt.Sprintf("%p", wd), Scenario: wd.Scen.Name, SMS: st.SMS, Payments: st.Payments,
		Journal: j, Offset: wd.Clock.Offset().String()}
}

// serveEvents is GET /__admin/events: server-sent events, one "state" event whenever the tenant's
// world changes (new SMS, calls, payments, clock, a reset), a comment every 15 s otherwise. It ends
// when the client goes, after StreamLife, or when the server shuts down.
func (sh *Shell) serveEvents(w http.ResponseWriter, r *http.Request) {
	if sh.streams.Add(1) > MaxStreams {
		sh.streams.Add(-1)
		admin.Error(w, http.StatusServiceUnavailable, fmt.Sprintf("too many console streams open (at most %d)", MaxStreams))
		return
	}
	defer sh.streams.Add(-1)
	t := world.TenantFrom(r)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	ctx, cancel := context.WithTimeout(r.Context(), StreamLife)
	defer cancel()
	tick := time.NewTicker(StreamPoll)
	defer tick.Stop()
	var last string
	quiet := time.Now()
	for {
		msg := ""
		b, _ := json.Marshal(stateOf(t))
		if s := string(b); s != last {
			last, msg = s, "event: state\ndata: "+s+"\n\n"
		} else if time.Since(quiet) > 15*time.Second {
			msg = ": still here\n\n"
		}
		if msg != "" {
			quiet = time.Now()
			_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := w.Write([]byte(msg)); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-sh.quit:
			return
		case <-tick.C:
		}
	}
}

// StopStreams ends every console stream, now and later: the server is shutting down (a stream
// would otherwise hold the shutdown for its whole grace). serve registers it with
// http.Server.RegisterOnShutdown.
func (sh *Shell) StopStreams() { sh.quitOnce.Do(func() { close(sh.quit) }) }

// isConsole reports whether p is the console's page or one of its assets.
func isConsole(p string) bool {
	return p == console.Path[:len(console.Path)-1] || strings.HasPrefix(p, console.Path)
}
