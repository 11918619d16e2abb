package bench

import (
	"strings"
	"testing"

	"github.com/egovsim/egovsim/bench/bare"
	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
)

// The benchmarks only count operations; these checks make sure each operation they time is the one
// they claim (a 200 with a real answer), so a broken flow cannot pass for a fast one.

func TestBareAnswers(t *testing.T) {
	tg := serveLoopback(t, bare.Handler())
	var ans struct {
		ID string `json:"backend_session_id"`
	}
	if err := tg.post(requestPath, jsonHeaders, requestBody, &ans); err != nil || len(ans.ID) != 36 {
		t.Fatalf("bare: %v %q", err, ans.ID)
	}
}

func TestEdocFlowsAnswer(t *testing.T) {
	tg := serveLoopback(t, newEdoc(t, fixedOTPScenario()))
	for _, tail := range []string{`"file":false,"file_type":"pdf"`, `"file":true,"file_type":"pdf"`, `"file":true,"file_type":"image"`} {
		if err := requestApprove(tg, tail); err != nil {
			t.Errorf("%s: %v", tail, err)
		}
	}
	// The code really is pinned: a second approve of the same session is refused, not re-served.
	var ans struct {
		ID string `json:"backend_session_id"`
	}
	if err := tg.post(requestPath, jsonHeaders, requestBody, &ans); err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"backend_session_id":"` + ans.ID + `","code":"` + fixedCode + `","file":false,"file_type":"pdf"}`)
	if err := tg.post(approvePath, jsonHeaders, body, nil); err != nil {
		t.Fatal(err)
	}
	if err := tg.post(approvePath, jsonHeaders, body, nil); err == nil {
		t.Error("a second approve of one session answered 200")
	}
}

func TestEgovGBDFLAnswers(t *testing.T) {
	s := populationScenario(t, 500) // the benchmark's shape, small enough for -race
	bodies := gbdflBodies(t, s, 8)
	tg := serveLoopback(t, newEgov(t, s))
	for _, b := range bodies {
		var ans struct {
			Persons []struct {
				IIN string `json:"iin"`
			} `json:"persons"`
		}
		if err := tg.post(gbdflPath, egovHeaders, b, &ans); err != nil {
			t.Fatal(err)
		}
		if len(ans.Persons) != 1 || ans.Persons[0].IIN == "" {
			t.Fatalf("%s: persons %v", b, ans.Persons)
		}
	}
}

// TestSessionsStayCapped runs the heap benchmark's helper at a small scale: ten times the cap in
// sessions, all answered 200, and the oldest session is gone (evicted), not kept.
func TestSessionsStayCapped(t *testing.T) {
	srv, err := edoc.NewServer(fixedOTPScenario(), shell.Settings{MaxSessions: 100})
	if err != nil {
		t.Fatal(err)
	}
	tg := serveLoopback(t, srv)
	var first struct {
		ID string `json:"backend_session_id"`
	}
	if err := tg.post(requestPath, jsonHeaders, requestBody, &first); err != nil {
		t.Fatal(err)
	}
	if failed := createSessions(srv, 1000); failed > 0 {
		t.Fatalf("%d of 1000 requests failed", failed)
	}
	body := []byte(`{"backend_session_id":"` + first.ID + `","code":"` + fixedCode + `","file":false,"file_type":"pdf"}`)
	var refusal struct {
		Detail string `json:"detail"`
	}
	err = tg.post(approvePath, jsonHeaders, body, &refusal)
	if err == nil || !strings.Contains(err.Error(), "You have not sent a request for access to an e-document") {
		t.Errorf("approve of the oldest of 1001 sessions with a cap of 100: %v, want 400 not requested", err)
	}
}

// TestKeepAlive: the client reuses its connection, so the benchmarks time requests, not dials.
func TestKeepAlive(t *testing.T) {
	tg := serveLoopback(t, newEdoc(t, fixedOTPScenario()))
	for range 20 {
		if err := requestApprove(tg, `"file":false,"file_type":"pdf"`); err != nil {
			t.Fatal(err)
		}
	}
	if n := tg.dials.Load(); n != 1 {
		t.Errorf("40 sequential requests opened %d connections, want 1", n)
	}
}
