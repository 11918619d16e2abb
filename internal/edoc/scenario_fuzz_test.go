package edoc_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

// FuzzScenarioApprove loads a fuzzed scenario, activates it and approves every citizen's documents
// with a PDF and with an image: whatever the loader accepts must answer without a 5xx, a panic or a
// body that is not JSON. Faults and latency are dropped (they answer 5xx and wait on purpose), and
// large generated populations are left to the population's own tests.
func FuzzScenarioApprove(f *testing.F) {
	for _, name := range []string{"default", "dialects", "flaky"} {
		s, err := scenarios.LoadBundled(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s.Source)
	}
	f.Add([]byte("name: x\ncitizens:\n  - {iin: \"900101300017\", surname: \"😀\", name: \"𝕏\", phone: \"+77010000001\", documents: {identity_card: {number: \"041234567\", note: \"𝕏 ✓\"}}}\n"))
	f.Add([]byte("name: x\nedoc: {dialect: {dates: epoch_s}}\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, phone: \"+77010000001\", all_documents: true}\n"))
	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		f.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	f.Cleanup(ts.Close)
	f.Fuzz(func(t *testing.T, yaml []byte) {
		s, err := scenarios.Parse("fuzz.yaml", yaml)
		if err != nil {
			return
		}
		if s.Population != nil && s.Population.Generate > 200 {
			return
		}
		s.Faults, s.Latency = nil, scenarios.Latency{}
		s.Source = nil // changed after parsing: no longer the text it was parsed from (worlds share a base by text)
		if err := srv.Activate(s); err != nil {
			return // a population that cannot build is refused, and the old world stays
		}
		post := func(path, body string) (int, map[string]any) {
			resp, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var m map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
				t.Fatalf("POST %s: %d, body is not JSON: %v", path, resp.StatusCode, err)
			}
			if resp.StatusCode >= 500 {
				t.Fatalf("POST %s: %d %v", path, resp.StatusCode, m)
			}
			return resp.StatusCode, m
		}
		rendered := 0
		for ci, c := range s.Citizens {
			if c.Phone == "" || ci > 1 {
				continue
			}
			n := 0
			for slug := range c.Documents {
				if n++; n > 2 { // a few per citizen: renders are the slow part
					break
				}
				key := "edoc_test_active_0000000000000000000000000000000"
				for _, cl := range s.Edoc.Clients {
					if cl.Subscription == scenarios.SubActive {
						key = cl.APIKey
					}
				}
				status, m := post(reqPath+slug+"/", reqBody(key, c.IIN, c.Phone))
				if status != 200 {
					continue
				}
				id := m["backend_session_id"].(string)
				code := ""
				for _, msg := range srv.Messages(c.Phone) {
					if msg.SessionID == id {
						code = msg.Code
					}
				}
				// The first document with both files (renders are the slow part), the others bare;
				// a wrong code first, so the right one still finds the session open.
				post(approvePath, approveBody(id, code+"x", false, "pdf"))
				post(approvePath, approveBody(id, code, rendered < 1, "pdf"))
				if rendered++; rendered == 1 {
					id2 := m["backend_session_id"].(string)
					post(approvePath, approveBody(id2, code, true, "image")) // already received: a 400, still JSON
					if status, m := post(reqPath+slug+"/", reqBody(key, c.IIN, c.Phone)); status == 200 {
						id3 := m["backend_session_id"].(string)
						for _, msg := range srv.Messages(c.Phone) {
							if msg.SessionID == id3 {
								post(approvePath, approveBody(id3, msg.Code, true, "image"))
							}
						}
					}
				}
			}
		}
	})
}
