package redisstore_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store/redisstore"
	"github.com/egovsim/egovsim/internal/store/redisstore/redistest"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	activeKey = "edoc_test_active_0000000000000000000000000000000"
	happyIIN  = "900101300017"
	happyTel  = "+77010000001"
)

var (
	requestPath = edoc.BasePath + "request/identity_card/"
	approvePath = edoc.BasePath + "approve/"
	requestBody = `{"api_key":"` + activeKey + `","iin":"` + happyIIN + `","phone":"` + happyTel + `"}`
)

// replica is one simulator on its own Redis connections, as a separate process would be.
type replica struct {
	url    string
	shared *redisstore.Shared
}

// edocReplicas starts n in-process mock-edoc replicas on one Redis, each with its own client.
func edocReplicas(t *testing.T, rs *redistest.Server, n int, s *scenarios.Scenario) []*replica {
	t.Helper()
	out := make([]*replica, n)
	for i := range out {
		sh, err := redisstore.Open(rs.URL(), "test:", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sh.Close() })
		srv, err := edoc.NewServer(s, shell.Settings{Store: sh})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		out[i] = &replica{url: ts.URL, shared: sh}
	}
	return out
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func call(t *testing.T, method, url, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(b)}
	_ = json.Unmarshal(b, &a.body)
	return a
}

func (a answer) want(t *testing.T, status int) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("want %d, got %d %s", status, a.status, a.raw)
	}
	return a
}

func request(t *testing.T, r *replica) string {
	t.Helper()
	a := call(t, http.MethodPost, r.url+requestPath, requestBody).want(t, 200)
	id, _ := a.body["backend_session_id"].(string)
	return id
}

func code(t *testing.T, r *replica, session string) string {
	t.Helper()
	a := call(t, http.MethodGet, r.url+"/__admin/sms?phone=%2B77010000001&session="+session, "").want(t, 200)
	ms, _ := a.body["messages"].([]any)
	if len(ms) != 1 {
		t.Fatalf("want one SMS for %s, got %s", session, a.raw)
	}
	c, _ := ms[0].(map[string]any)["code"].(string)
	return c
}

func approveBody(id, code string) string {
	return `{"backend_session_id":"` + id + `","code":"` + code + `","file":false,"file_type":"pdf"}`
}

func detailOf(a answer) string { d, _ := a.body["detail"].(string); return d }

// A citizen requests on one replica, the SMS is read on a second, the approve lands on a third,
// and a second approve anywhere is the documented "already received".
func TestThreeReplicasCarryOneSession(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 3, scenarios.Default())
	id := request(t, r[0])
	c := code(t, r[1], id)
	a := call(t, http.MethodPost, r[2].url+approvePath, approveBody(id, c)).want(t, 200)
	if a.body["document_type"] != "identity_card" {
		t.Fatalf("approve answer: %s", a.raw)
	}
	for _, x := range r {
		if d := detailOf(call(t, http.MethodPost, x.url+approvePath, approveBody(id, c)).want(t, 400)); !strings.Contains(d, "already") {
			t.Fatalf("second approve: %q", d)
		}
	}
	// The journal is one: every replica lists the calls of all three.
	j := call(t, http.MethodGet, r[1].url+"/__admin/requests", "").want(t, 200)
	if n := len(j.body["requests"].([]any)); n != 5 {
		t.Fatalf("journal on replica 1 holds %d calls, want 5: %s", n, j.raw)
	}
}

// Wrong codes count on every replica alike: the third wrong one, wherever it lands, locks the
// session.
func TestWrongCodesAndTheLockAreShared(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 3, scenarios.Default())
	id := request(t, r[0])
	c := code(t, r[0], id)
	for i := range 3 {
		call(t, http.MethodPost, r[i].url+approvePath, approveBody(id, "000000")).want(t, 400)
	}
	d := detailOf(call(t, http.MethodPost, r[0].url+approvePath, approveBody(id, c)).want(t, 400))
	if !strings.Contains(d, "already") {
		t.Fatalf("after three wrong codes on three replicas the right one is refused as locked, got %q", d)
	}
}

// 32 approves of one session at once, spread over three replicas: exactly one 200, and the others
// the documented 400s.
func TestConcurrentApprovesOneWins(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 3, scenarios.Default())
	id := request(t, r[0])
	c := code(t, r[1], id)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = map[int]int{}
		bad    []string
	)
	start := make(chan struct{})
	for i := range 32 {
		wg.Go(func() {
			<-start
			a := call(t, http.MethodPost, r[i%3].url+approvePath, approveBody(id, c))
			mu.Lock()
			defer mu.Unlock()
			counts[a.status]++
			if d := detailOf(a); a.status == 400 && !strings.Contains(d, "already") {
				bad = append(bad, d)
			}
		})
	}
	close(start)
	wg.Wait()
	if counts[200] != 1 || counts[400] != 31 || len(bad) > 0 {
		t.Fatalf("statuses %v, unexpected refusals %q", counts, bad)
	}
}

const timesOnce = `name: once
otp: {fixed: "123456"}
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, patronymic: ИВАНОВИЧ, phone: "+77010000001", all_documents: true}
edoc:
  clients:
    - {api_key: ` + activeKey + `, name: Active client, subscription: active}
faults:
  - {when: {service: edoc, operation: request}, error: service_unavailable, times: 1}
`

// A `times: 1` fault hit through two replicas at once fires once.
func TestTimesOnceAcrossReplicas(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 2, scenarios.Default())
	call(t, http.MethodPut, r[0].url+"/__admin/scenario", timesOnce).want(t, 200)
	for round := range 5 {
		call(t, http.MethodPost, r[round%2].url+"/__admin/reset", "").want(t, 200)
		var wg sync.WaitGroup
		var mu sync.Mutex
		counts := map[int]int{}
		start := make(chan struct{})
		for i := range 16 {
			wg.Go(func() {
				<-start
				a := call(t, http.MethodPost, r[i%2].url+requestPath, requestBody)
				mu.Lock()
				counts[a.status]++
				mu.Unlock()
			})
		}
		close(start)
		wg.Wait()
		if counts[503] != 1 || counts[200] != 15 {
			t.Fatalf("round %d: statuses %v, want one 503 and fifteen 200s", round, counts)
		}
	}
}

// A scenario, a reset and a clock move on one replica are in force on every replica when their
// answer returns; a refused scenario changes nothing anywhere; named tenants are shared too.
func TestAdminChangesReachEveryReplica(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 3, scenarios.Default())
	id := request(t, r[0])
	c := code(t, r[0], id)

	// The clock: moved on one, every replica expires the code.
	a := call(t, http.MethodPost, r[1].url+"/__admin/clock", `{"advance":"6m"}`).want(t, 200)
	for _, x := range r {
		if got := call(t, http.MethodGet, x.url+"/__admin/clock", "").want(t, 200).body["offset"]; got != a.body["offset"] || got != "6m0s" {
			t.Fatalf("offset %v on a replica, %v where it moved", got, a.body["offset"])
		}
	}
	if d := detailOf(call(t, http.MethodPost, r[2].url+approvePath, approveBody(id, c)).want(t, 400)); !strings.Contains(strings.ToLower(d), "expired") {
		t.Fatalf("approve after the clock moved elsewhere: %q", d)
	}

	// A refused scenario: 400, and every replica still serves the old one.
	call(t, http.MethodPut, r[0].url+"/__admin/scenario", "name: broken\nnot_a_key: 1\n").want(t, 400)
	for _, x := range r {
		if s := call(t, http.MethodGet, x.url+"/__admin/health", "").body["scenario"]; s != "default" {
			t.Fatalf("after a refused scenario a replica serves %v", s)
		}
	}

	// A scenario: activated on one, served by all.
	call(t, http.MethodPut, r[2].url+"/__admin/scenario?name=outage", "").want(t, 200)
	for _, x := range r {
		call(t, http.MethodPost, x.url+requestPath, requestBody).want(t, 503)
	}
	// Back, and a reset: the clock is at real time again everywhere, the old session forgotten.
	call(t, http.MethodPut, r[0].url+"/__admin/scenario?name=default", "").want(t, 200)
	id = request(t, r[1])
	call(t, http.MethodPost, r[0].url+"/__admin/reset", "").want(t, 200)
	for _, x := range r {
		if got := call(t, http.MethodGet, x.url+"/__admin/clock", "").body["offset"]; got != "0s" {
			t.Fatalf("offset after a reset: %v", got)
		}
		if d := detailOf(call(t, http.MethodPost, x.url+approvePath, approveBody(id, "000000")).want(t, 400)); !strings.Contains(d, "not sent a request") {
			t.Fatalf("a session of the reset world: %q", d)
		}
	}

	// A named tenant: its scenario on one replica is its scenario on all; the default tenant keeps
	// its own.
	call(t, http.MethodPut, r[0].url+"/t/job-42/__admin/scenario?name=outage", "").want(t, 200)
	call(t, http.MethodPost, r[1].url+"/t/job-42"+requestPath, requestBody).want(t, 503)
	call(t, http.MethodPost, r[2].url+requestPath, requestBody).want(t, 200)
	nid := request(t, &replica{url: r[2].url + "/t/other"})
	nc := code(t, &replica{url: r[0].url + "/t/other"}, nid)
	call(t, http.MethodPost, r[1].url+"/t/other"+approvePath, approveBody(nid, nc)).want(t, 200)
}

// Redis killed mid-flow: every call, upstream and admin, answers a harness 503 within the
// time-outs; when Redis is back (empty: it kept nothing) the replicas recover by themselves.
func TestRedisKilledAndRestarted(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 2, scenarios.Default())
	id := request(t, r[0])
	c := code(t, r[1], id)
	rs.Kill()
	for _, p := range []struct{ method, path, body string }{
		{http.MethodPost, approvePath, approveBody(id, c)},
		{http.MethodPost, requestPath, requestBody},
		{http.MethodGet, "/__admin/sms", ""},
		{http.MethodPost, "/__admin/reset", ""},
		{http.MethodPost, "/__admin/clock", `{"advance":"1m"}`},
		{http.MethodPut, "/__admin/scenario?name=outage", ""},
	} {
		began := time.Now()
		a := call(t, p.method, r[1].url+p.path, p.body)
		if a.status != 503 || a.header.Get(web.HarnessHeader) != "true" || a.body["harness_error"] == nil {
			t.Fatalf("%s %s with Redis down: %d %v %s", p.method, p.path, a.status, a.header, a.raw)
		}
		if d := time.Since(began); d > 5*time.Second {
			t.Fatalf("%s %s took %v with Redis down", p.method, p.path, d)
		}
	}
	rs.Restart()
	deadline := time.Now().Add(10 * time.Second)
	for {
		a := call(t, http.MethodPost, r[0].url+requestPath, requestBody)
		if a.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after Redis came back: %d %s", a.status, a.raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Redis kept nothing: the old session is forgotten (the documented "not requested"), and a new
	// flow runs across both replicas.
	call(t, http.MethodPost, r[1].url+approvePath, approveBody(id, c)).want(t, 400)
	id = request(t, r[1])
	call(t, http.MethodPost, r[0].url+approvePath, approveBody(id, code(t, r[0], id))).want(t, 200)
}

// A payment created on one gateway replica is read, and settles, on another.
func TestPaymentsAcrossGatewayReplicas(t *testing.T) {
	rs := redistest.Start(t)
	var urls []string
	for range 2 {
		sh, err := redisstore.Open(rs.URL(), "test:", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sh.Close() })
		srv, err := egov.NewServer(scenarios.Default(), shell.Settings{Store: sh})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		urls = append(urls, ts.URL)
	}
	op := func(u, name, body string) answer {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, u+egov.BasePath+name, bytes.NewReader([]byte(body)))
		req.Header = http.Header{"Authorization": {"Bearer egov_test_api_key"}, "X-Egov-Sender-Id": {"test-sender"},
			"X-Egov-Password": {"test-password"}, "Content-Type": {"application/json"}}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		a := answer{status: resp.StatusCode, raw: string(b)}
		_ = json.Unmarshal(b, &a.body)
		return a
	}
	a := op(urls[0], "initPaymentRequest", `{"amount":1500.5,"serviceId":"SVC-001","iinOrBin":"`+happyIIN+`"}`).want(t, 200)
	pid, _ := a.body["payment"].(map[string]any)["paymentId"].(string)
	info := func(u string) string {
		p := op(u, "paymentInfoRequest", fmt.Sprintf(`{"paymentId":%q,"senderCode":"TEST_SENDER"}`, pid)).want(t, 200)
		s, _ := p.body["payment"].(map[string]any)["status"].(string)
		return s
	}
	if s := info(urls[1]); s != "CREATED" {
		t.Fatalf("on the other replica: %s", s)
	}
	call(t, http.MethodPost, urls[0]+"/__admin/clock", `{"advance":"1h"}`).want(t, 200)
	if s := info(urls[1]); s != "PAID" {
		t.Fatalf("after the clock moved on the first replica: %s", s)
	}
}

// Round trips to Redis per call, counted by the client's hook: a request, an approve, a SMS read.
func TestRoundTripsPerCall(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 1, scenarios.Default())
	// A first flow loads the world record and the scripts (EVALSHA answers NOSCRIPT once).
	first := request(t, r[0])
	call(t, http.MethodPost, r[0].url+approvePath, approveBody(first, code(t, r[0], first))).want(t, 200)
	trips := func(f func()) int64 {
		n := r[0].shared.RoundTrips()
		f()
		return r[0].shared.RoundTrips() - n
	}
	var id, c string
	req := trips(func() { id = request(t, r[0]) })
	sms := trips(func() { c = code(t, r[0], id) })
	appr := trips(func() { call(t, http.MethodPost, r[0].url+approvePath, approveBody(id, c)).want(t, 200) })
	t.Logf("round trips: request %d, approve %d, SMS read %d", req, appr, sms)
	// sync + OpenSession + journal; sync + BeginApprove + FinishApprove + journal; sync + outbox.
	if req > 3 || appr > 4 || sms > 2 {
		t.Fatalf("round trips: request %d (want <= 3), approve %d (<= 4), SMS read %d (<= 2)", req, appr, sms)
	}
}

// Redis that stops answering without closing its connections (SIGSTOP): every call still answers a
// harness 503 within the time-outs, and the replicas recover when it continues.
func TestRedisTooSlow(t *testing.T) {
	rs := redistest.Start(t)
	r := edocReplicas(t, rs, 2, scenarios.Default())
	id := request(t, r[0])
	c := code(t, r[1], id)
	rs.Pause()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			began := time.Now()
			a := call(t, http.MethodPost, r[i%2].url+approvePath, approveBody(id, c))
			if a.status != 503 || a.header.Get(web.HarnessHeader) != "true" {
				t.Errorf("approve with Redis stopped: %d %s", a.status, a.raw)
			}
			if d := time.Since(began); d > 5*time.Second {
				t.Errorf("approve with Redis stopped took %v", d)
			}
		})
	}
	wg.Wait()
	rs.Resume()
	deadline := time.Now().Add(10 * time.Second)
	for {
		a := call(t, http.MethodPost, r[1].url+approvePath, approveBody(id, c))
		if a.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after Redis continued: %d %s", a.status, a.raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Two installations on one Redis, each under its own -store-prefix, do not see each other.
func TestPrefixesIsolateInstallations(t *testing.T) {
	rs := redistest.Start(t)
	var urls []string
	for _, prefix := range []string{"team-a:", "team-b:"} {
		sh, err := redisstore.Open(rs.URL(), prefix, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sh.Close() })
		srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{Store: sh})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		urls = append(urls, ts.URL)
	}
	call(t, http.MethodPut, urls[0]+"/__admin/scenario?name=outage", "").want(t, 200)
	call(t, http.MethodPost, urls[0]+requestPath, requestBody).want(t, 503)
	id := request(t, &replica{url: urls[1]})
	if a := call(t, http.MethodGet, urls[0]+"/__admin/sms", "").want(t, 200); len(a.body["messages"].([]any)) != 0 {
		t.Fatalf("team a sees team b's outbox: %s (session %s)", a.raw, id)
	}
}
