package shell

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

type panicky struct{}

func (panicky) Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant) { panic("boom") }
func (panicky) Operation(*http.Request) string                                { return "other" }
func (panicky) Operations() []string                                          { return nil }

// The journal records what the client received: a recovered panic is journaled as its 500, and
// the answer is a harness error, never a simulated upstream's.
func TestPanicIsJournaledAsWhatTheClientGot(t *testing.T) {
	sh, err := New(&world.Builder{Service: scenarios.ServiceEdoc}, scenarios.Default(), Settings{AdminToken: "tok"}, panicky{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	sh.ServeHTTP(rec, httptest.NewRequest("POST", "/api/x", nil))
	var body map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != 500 || rec.Header().Get(web.HarnessHeader) != "true" || body["harness_error"] != "simulator bug: boom" {
		t.Fatalf("panic answered %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if es := sh.Default().World().Journal.Entries(); len(es) != 1 || es[0].Status != 500 {
		t.Fatalf("journal %+v, want one 500", es)
	}
	// The admin token's scheme is case-insensitive.
	for auth, want := range map[string]int{"Bearer tok": 200, "bearer tok": 200, "BEARER tok": 200, "Bearer nope": 401, "": 401, "Basic tok": 401} {
		req := httptest.NewRequest("GET", "/__admin/health", nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		sh.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Authorization %q: %d, want %d", auth, rec.Code, want)
		}
	}
}

type reasoner struct{ reason string }

func (s reasoner) Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant) {
	journal.Reason(w, s.reason)
	web.JSON(w, http.StatusNotFound, map[string]string{"detail": "Not found."})
}
func (reasoner) Operation(*http.Request) string { return "other" }
func (reasoner) Operations() []string           { return nil }

// The journal keeps a reason whole; its header is always a valid header value (printable ASCII, at
// most 512 bytes): a reason's newline or Cyrillic never breaks the answer or injects a header.
func TestReasonHeaderIsASafeValue(t *testing.T) {
	reason := "line one\r\nX-Injected: yes; Иван " + strings.Repeat("x", 600)
	sh, err := New(&world.Builder{Service: scenarios.ServiceEdoc}, scenarios.Default(), Settings{}, reasoner{reason}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	sh.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	got := rec.Header().Get(ReasonHeader)
	if len(got) != 512 || !strings.HasPrefix(got, "line one??X-Injected: yes; ???? xxx") || rec.Header().Get("X-Injected") != "" {
		t.Errorf("%s: %q (%d bytes)", ReasonHeader, got, len(got))
	}
	for _, c := range []byte(got) {
		if c < 0x20 || c > 0x7e {
			t.Fatalf("%s holds byte %#x", ReasonHeader, c)
		}
	}
	if es := sh.Default().World().Journal.Entries(); len(es) != 1 || es[0].Reason != reason {
		t.Errorf("journal %+v, want the reason whole", es)
	}
}
