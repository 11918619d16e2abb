package shell

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

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
