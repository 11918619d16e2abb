package fault

import (
	"context"
	"fmt"
	"github.com/egovsim/egovsim/internal/store"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/egovsim/egovsim/scenarios"
)

func load(t *testing.T, faults string) []scenarios.Fault {
	t.Helper()
	s, err := scenarios.Parse("f.yaml", []byte("name: f\ncitizens: []\npopulation: {generate: 0}\nfaults:\n"+faults))
	if err != nil {
		t.Fatal(err)
	}
	return s.Faults
}

func TestMatchOrderTimesAndReset(t *testing.T) {
	e := New(load(t, `  - {when: {service: edoc, operation: request, iin: "900101300106"}, error: service_unavailable, times: 2}
  - {when: {service: edoc, document_type: diploma}, error: government_error}
  - {when: {service: egov}, error: upstream_error}
`), scenarios.ServiceEdoc, 0, newTickets())
	req := Request{Service: "edoc", Operation: "request", IIN: "900101300106", DocumentType: "identity_card"}
	for i := 0; i < 2; i++ {
		if h := match(e, req); h == nil || h.Error != "service_unavailable" {
			t.Fatalf("match %d: %+v", i, h)
		}
	}
	if h := match(e, req); h != nil {
		t.Fatalf("times: 2 fired a third time: %+v", h)
	}
	e.tickets = newTickets() // a reset builds a new world, with a new store
	if h := match(e, req); h == nil {
		t.Fatal("reset did not re-arm")
	}
	req.DocumentType = "diploma"
	req.IIN = "900101300017"
	if h := match(e, req); h == nil || h.Error != "government_error" {
		t.Fatalf("second fault: %+v", h)
	}
	req.Operation = "approve"
	req.DocumentType = "passport"
	if h := match(e, req); h != nil {
		t.Fatalf("egov fault leaked into edoc: %+v", h)
	}
}

func TestProbabilityAndDelayRange(t *testing.T) {
	e := New(load(t, "  - {when: {service: egov}, error: service_unavailable, probability: 0.3, delay: 10ms..20ms}\n"), scenarios.ServiceEgov, 0, newTickets())
	fired := 0
	for i := 0; i < 2000; i++ {
		if h := match(e, Request{Service: "egov"}); h != nil {
			fired++
			if h.Delay < 10*time.Millisecond || h.Delay > 20*time.Millisecond {
				t.Fatalf("delay %v outside 10ms..20ms", h.Delay)
			}
		}
	}
	if fired < 450 || fired > 750 {
		t.Errorf("probability 0.3 fired %d of 2000", fired)
	}
}

func TestWaitHonoursCancellation(t *testing.T) {
	h := &Hit{Fault: &scenarios.Fault{}, Delay: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.Wait(ctx); err == nil {
		t.Fatal("Wait ignored a cancelled context")
	}
	if !(&Hit{Fault: &scenarios.Fault{}}).DelayOnly() {
		t.Error("an empty fault only delays")
	}
}

func TestPlay(t *testing.T) {
	e := New(nil, scenarios.ServiceEdoc, 0, newTickets())
	var got []string
	answer := func(w http.ResponseWriter, name string, status int) {
		got = append(got, fmt.Sprint(name, ":", status))
	}
	play := func(f scenarios.Fault) (bool, *httptest.ResponseRecorder) {
		rec := httptest.NewRecorder()
		return e.Play(rec, httptest.NewRequest("POST", "/", nil), &Hit{Fault: &f}, answer), rec
	}
	if e.Play(httptest.NewRecorder(), httptest.NewRequest("POST", "/", nil), nil, answer) {
		t.Error("no hit answered")
	}
	if ok, _ := play(scenarios.Fault{Delay: scenarios.Delay{Max: time.Millisecond}}); ok {
		t.Error("a delay-only hit answered")
	}
	if ok, _ := play(scenarios.Fault{Error: "cant_connect"}); !ok || got[len(got)-1] != "cant_connect:0" {
		t.Errorf("named error: %v", got)
	}
	if ok, _ := play(scenarios.Fault{Status: 503}); !ok || got[len(got)-1] != ":503" {
		t.Errorf("bare status: %v", got)
	}
	ok, rec := play(scenarios.Fault{Status: 418, Body: map[string]any{"detail": "teapot"}})
	if !ok || rec.Code != 418 || rec.Body.String() != "{\"detail\":\"teapot\"}\n" || len(got) != 2 {
		t.Errorf("status with body: %d %q %v", rec.Code, rec.Body, got)
	}
	// httptest's recorder cannot be hijacked: a transport fault falls back to a bare 502.
	if ok, _ := play(scenarios.Fault{Transport: scenarios.TransportReset}); !ok || got[len(got)-1] != ":502" {
		t.Errorf("transport without hijacking: %v", got)
	}
}

func newTickets() Tickets { return store.NewMemory(store.Limits{}).Ticket }

func match(e *Engine, req Request) *Hit {
	h, err := e.Match(req)
	if err != nil {
		panic(err)
	}
	return h
}
