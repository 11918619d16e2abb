package edoc_test

// Regression tests of the issue "Eleven ways to lose data or hang", at the HTTP level against a
// real listener where the defect needs one. Each failed on the code before its fix.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

// slowPost sends a POST's headers and the first n bytes of its body, runs between, then the rest, and
// returns the status line and body of the answer.
func slowPost(t *testing.T, addr, path, body string, n int, between func()) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", path, len(body), body[:n])
	time.Sleep(50 * time.Millisecond) // let the server start on the request and wait for the body
	between()
	if _, err := io.WriteString(c, body[n:]); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// 1. A request is served by the world active when its body has been read.
func TestRequestServedByWorldActiveAfterBody(t *testing.T) {
	h := start(t, scenarios.Default())
	addr := strings.TrimPrefix(h.url, "http://")
	status, body := slowPost(t, addr, reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel), 5, func() {
		if s, m := h.do("PUT", "/__admin/scenario?name=outage", ""); s != 200 {
			t.Fatalf("PUT outage: %d %v", s, m)
		}
	})
	if status != 503 {
		t.Fatalf("request whose body arrived after the outage was activated: %d %s, want the outage's 503", status, body)
	}

	// The mirror case: an approve whose body arrives after a reset finds no session.
	h.do("PUT", "/__admin/scenario?name=default", "")
	id, code := h.request("identity_card", happyIIN, happyTel)
	status, body = slowPost(t, addr, approvePath, approveBody(id, code, false, "pdf"), 5, func() {
		if s, _ := h.do("POST", "/__admin/reset", ""); s != 200 {
			t.Fatal("reset")
		}
	})
	if status != 400 || !strings.Contains(body, "You have not sent a request for access to an e-document") {
		t.Fatalf("approve after a reset forgot its session: %d %s", status, body)
	}
}

// 2. A document the simulator cannot render is a harness error, and the session stays approvable.
func TestRenderFailureIsAHarnessErrorAndKeepsTheSession(t *testing.T) {
	s := scenarios.Default()
	cp := *s
	cp.Citizens = append([]scenarios.Citizen(nil), s.Citizens...)
	for i := range cp.Citizens {
		if cp.Citizens[i].IIN == happyIIN {
			docs := map[string]map[string]any{}
			for k, v := range cp.Citizens[i].Documents {
				docs[k] = v
			}
			docs["identity_card"] = map[string]any{"number": "АБ1234567"} // no Code 128 for Cyrillic
			cp.Citizens[i].Documents = docs
		}
	}
	cp.Source = nil
	h := start(t, &cp)
	id, code := h.request("identity_card", happyIIN, happyTel)
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest("POST", h.url+approvePath, strings.NewReader(approveBody(id, code, false, "pdf")))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 500 || resp.Header.Get(web.HarnessHeader) != "true" || !strings.Contains(string(b), `"harness_error"`) || strings.Contains(string(b), "detail") {
			t.Fatalf("approve %d of an unrenderable document: %d %v %s, want a harness error", i+1, resp.StatusCode, resp.Header, b)
		}
	}
}

// 5. The clock cannot be moved past its bound, so an expired code never becomes valid again.
func TestClockAdvanceIsBounded(t *testing.T) {
	h := start(t, scenarios.Default())
	id, code := h.request("identity_card", happyIIN, happyTel)
	if s, _ := h.do("POST", "/__admin/clock", `{"advance":"876000h"}`); s != 200 {
		t.Fatalf("advance 100 years: %d", s)
	}
	for _, adv := range []string{"2562047h", "1h"} {
		s, m := h.do("POST", "/__admin/clock", `{"advance":"`+adv+`"}`)
		if s != 400 || m["error"] == nil {
			t.Fatalf("advance %s past the bound: %d %v, want 400 {error}", adv, s, m)
		}
	}
	s, m := h.do("POST", approvePath, approveBody(id, code, false, "pdf"))
	wantDetail(t, s, m, 400, "OTP code has expired")
}

// 7. The journal records what the client received, a recovered panic's 500 included (shell test),
// and 11. a scenario PUT sizes the journal by its limits.journal.
func TestJournalSizedByTheActiveScenario(t *testing.T) {
	h := start(t, scenarios.Default())
	small := strings.Replace(string(scenarios.Default().Source), "name: default", "name: small-journal\nlimits: {journal: 5}", 1)
	if s, m := h.do("PUT", "/__admin/scenario", small); s != 200 {
		t.Fatalf("PUT: %d %v", s, m)
	}
	for i := 0; i < 12; i++ {
		h.do("POST", reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	}
	_, m := h.do("GET", "/__admin/requests", "")
	if n := len(m["requests"].([]any)); n != 5 {
		t.Fatalf("journal holds %d entries, want the scenario's 5", n)
	}
}

// 10. Large limits do not preallocate, and a scenario's limit never raises the process's cap.
func TestLimitsGrowWithUseAndNeverRaiseTheProcessCap(t *testing.T) {
	big := strings.Replace(string(scenarios.Default().Source), "name: default", "name: big\nlimits: {sessions: 10000000, sms: 10000000, journal: 10000000, payments: 10000000}", 1)
	s, err := scenarios.Parse("big.yaml", []byte(big))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	srv, err := edoc.NewServer(s, shell.Settings{MaxSessions: 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := srv.Activate(s); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 5; i++ {
		srv.Reset()
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for i := 0; i < 30; i++ {
		resp, err := http.Post(ts.URL+reqPath+"identity_card/", "application/json", strings.NewReader(reqBody(activeKey, happyIIN, happyTel)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 64<<20 {
		t.Errorf("heap grew %d MiB for stores of 10 000 000 slots holding 30 items", grew>>20)
	}
	if n := srv.Sessions(); n != 10 {
		t.Errorf("holds %d sessions, want the process cap 10 (the scenario's 10 000 000 may not raise it)", n)
	}
}

// Smaller: a body that does not arrive in time is 408, without socket addresses.
func TestSlowBodyIs408(t *testing.T) {
	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()
	status, body := slowPost(t, ts.Listener.Addr().String(), reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel), 5, func() { time.Sleep(500 * time.Millisecond) })
	if status != 408 || strings.Contains(body, "127.0.0.1") || strings.Contains(body, "tcp") {
		t.Fatalf("slow body: %d %s", status, body)
	}
}

// Smaller: admin errors are {"error"} on every admin path and method; an oversized admin body is 413.
func TestAdminErrorsInTheAdminShape(t *testing.T) {
	h := start(t, scenarios.Default())
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"DELETE", "/__admin/health", "", 405},
		{"POST", "/__admin/sms", "", 405},
		{"GET", "/__admin/nothing", "", 404},
		{"PATCH", "/__admin/scenario", "", 405},
		{"POST", "/__admin/clock", `{"advance":"` + strings.Repeat("1", 2<<20) + `"}`, 413},
		{"PUT", "/__admin/scenario", strings.Repeat("#", 2<<20), 413},
		{"GET", "/t/bad name!/__admin/health", "", 400},
	} {
		s, m := h.do(c.method, strings.ReplaceAll(c.path, " ", "%20"), c.body)
		if s != c.status || m["error"] == nil || m["detail"] != nil || m["code"] != nil {
			t.Errorf("%s %s: %d %v, want %d {error}", c.method, c.path, s, m, c.status)
		}
	}
}

// DRF edges: 415 for a non-JSON media type, 405 on every known path, "Not found." elsewhere.
func TestDRFEdges(t *testing.T) {
	h := start(t, scenarios.Default())
	h.badRequests = true
	req, _ := http.NewRequest("POST", h.url+reqPath+"identity_card/", strings.NewReader(reqBody(activeKey, happyIIN, happyTel)))
	req.Header.Set("Content-Type", "text/plain")
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 415 || strings.TrimSpace(string(b)) != `{"detail":"Unsupported media type \"text/plain\" in request."}` {
		t.Errorf("text/plain: %d %s", resp.StatusCode, b)
	}
	for _, p := range []string{reqPath + "identity_card/", reqPath + "no_such_type/", approvePath} {
		for _, m := range []string{"GET", "PUT", "DELETE"} {
			s, body := h.do(m, p, "")
			wantDetail(t, s, body, 405, `Method "`+m+`" not allowed.`)
		}
	}
	for _, p := range []string{"/", "/api/", reqPath, reqPath + "identity_card", approvePath + "x/"} {
		s, body := h.do("POST", p, "{}")
		wantDetail(t, s, body, 404, "Not found.")
	}
}

// Smaller: tenants are isolated worlds under /t/{tenant}/.
func TestTenantsAreIsolated(t *testing.T) {
	h := start(t, scenarios.Default())
	if s, _ := h.do("PUT", "/t/a/__admin/scenario?name=outage", ""); s != 200 {
		t.Fatal("PUT in tenant a")
	}
	s, m := h.do("POST", "/t/a"+reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	wantDetail(t, s, m, 503, "EDocument service is not available now")
	s, m = h.do("POST", "/t/b"+reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	if s != 200 {
		t.Fatalf("tenant b answered %d %v: tenant a's scenario leaked", s, m)
	}
	id := m["backend_session_id"].(string)
	if _, m := h.do("GET", "/t/a/__admin/sms", ""); len(m["messages"].([]any)) != 0 {
		t.Errorf("tenant a sees tenant b's SMS: %v", m)
	}
	_, m = h.do("GET", "/t/b/__admin/sms?session="+id, "")
	if len(m["messages"].([]any)) != 1 {
		t.Errorf("tenant b's SMS by session: %v", m)
	}
	if _, m := h.do("GET", "/__admin/health", ""); m["scenario"] != "default" {
		t.Errorf("the default tenant changed: %v", m)
	}
	_, m = h.do("GET", "/__admin/tenants", "")
	if ts := m["tenants"].([]any); len(ts) != 2 || ts[0].(map[string]any)["scenario"] != "outage" {
		t.Errorf("tenants: %v", m)
	}
}

// The bundled flaky scenario's promise: every call takes 50ms..400ms, also those the fault roll
// lets through (before the latency key, they took about 2 ms).
func TestFlakyLatencyOnEveryCall(t *testing.T) {
	h := start(t, scenarios.Default())
	if s, _ := h.do("PUT", "/__admin/scenario?name=flaky", ""); s != 200 {
		t.Fatal("PUT flaky")
	}
	for i := 0; i < 6; i++ {
		began := time.Now()
		s, m := h.do("POST", reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
		took := time.Since(began)
		if took < 50*time.Millisecond {
			t.Errorf("call %d answered %d in %v, under the scenario's 50ms", i, s, took)
		}
		if s == 200 {
			began = time.Now()
			h.do("POST", approvePath, approveBody(m["backend_session_id"].(string), "123456", false, "pdf"))
			if took := time.Since(began); took < 50*time.Millisecond {
				t.Errorf("approve answered in %v, under the scenario's 50ms", took)
			}
		}
	}
}

// The dialect cmdb_text: MCDB answers the English guide's spelling, from the flow and from a fault.
func TestCMDBTextDialect(t *testing.T) {
	h := start(t, scenarios.Default())
	if s, _ := h.do("PUT", "/__admin/scenario?name=dialects", ""); s != 200 {
		t.Fatal("PUT dialects")
	}
	s, m := h.do("POST", reqPath+"identity_card/", reqBody(activeKey, "900101300027", "+77010000002"))
	wantDetail(t, s, m, 404, "Subject not found in MCDB")
	withFault := strings.Replace(string(scenarios.Default().Source), "name: default", "name: mcdb-fault", 1)
	withFault = strings.Replace(withFault, "\nedoc:\n", "\nedoc:\n  dialect: {cmdb_text: MCDB}\n", 1)
	withFault = strings.Replace(withFault, "faults:\n", "faults:\n  - {when: {service: edoc, operation: request, iin: \"900101300017\"}, error: subject_not_in_cmdb}\n", 1)
	if s, m := h.do("PUT", "/__admin/scenario", withFault); s != 200 {
		t.Fatalf("PUT: %d %v", s, m)
	}
	s, m = h.do("POST", reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	wantDetail(t, s, m, 404, "Subject not found in MCDB")
}

// The scenario format's JSON Schema is served for editors.
func TestSchemaServed(t *testing.T) {
	h := start(t, scenarios.Default())
	s, raw := h.raw("GET", "/__admin/scenario.schema.json", "")
	if s != 200 || !strings.Contains(string(raw), `"$schema"`) || string(raw) != string(scenarios.Schema) {
		t.Fatalf("schema: %d %.80s", s, raw)
	}
}

// Two tenants racing: approves, resets, scenario PUTs and clock moves in both; nothing leaks across.
func TestTwoTenantsRacing(t *testing.T) {
	h := start(t, scenarios.Default())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}, Timeout: 20 * time.Second}
	post := func(path, body string) (int, map[string]any) { return postFrom(t, client, h.url+path, body) }
	get := func(path string) map[string]any {
		resp, err := client.Get(h.url + path)
		if err != nil {
			t.Error(err)
			return nil
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return m
	}
	var (
		mu       sync.Mutex
		sessions = map[string]string{} // session -> tenant
	)
	var wg sync.WaitGroup
	for _, tn := range []string{"a", "b"} {
		for g := 0; g < 6; g++ {
			wg.Add(1)
			go func(tn string, g int) {
				defer wg.Done()
				other := map[string]string{"a": "b", "b": "a"}[tn]
				for i := 0; i < 40; i++ {
					switch {
					case g == 0 && i%10 == 5:
						post("/t/"+tn+"/__admin/reset", "")
					case g == 1 && i%10 == 7:
						resp, err := http.DefaultClient.Do(mustReq("PUT", h.url+"/t/"+tn+"/__admin/scenario?name=default"))
						if err == nil {
							resp.Body.Close()
						}
					case g == 2 && i%10 == 3:
						post("/t/"+tn+"/__admin/clock", `{"advance":"10s"}`)
					default:
						s, m := post("/t/"+tn+reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
						if s != 200 {
							t.Errorf("tenant %s request: %d %v", tn, s, m)
							continue
						}
						id := m["backend_session_id"].(string)
						mu.Lock()
						sessions[id] = tn
						mu.Unlock()
						code := ""
						if ms, ok := get("/t/" + tn + "/__admin/sms?session=" + id)["messages"].([]any); ok && len(ms) == 1 {
							code = ms[0].(map[string]any)["code"].(string)
						}
						// The other tenant never knows this session.
						s, m = post("/t/"+other+approvePath, approveBody(id, code, false, "pdf"))
						if s != 400 || m["detail"] != "You have not sent a request for access to an e-document" {
							t.Errorf("tenant %s approved tenant %s's session: %d %v", other, tn, s, m)
						}
						if code != "" {
							post("/t/"+tn+approvePath, approveBody(id, code, false, "pdf"))
						}
					}
				}
			}(tn, g)
		}
	}
	wg.Wait()
	for _, tn := range []string{"a", "b"} {
		ms, _ := get("/t/" + tn + "/__admin/sms")["messages"].([]any)
		for _, x := range ms {
			id := x.(map[string]any)["session_id"].(string)
			if owner := sessions[id]; owner != tn {
				t.Errorf("tenant %s's outbox holds an SMS of tenant %q's session", tn, owner)
			}
		}
	}
	if len(sessions) == 0 {
		t.Fatal("no session was opened: the test tested nothing")
	}
}

func mustReq(method, url string) *http.Request {
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		panic(err)
	}
	return r
}

// /metrics counts the faults that fired and the rendered-files cache's hits and misses.
func TestMetricsCountFaultsAndCache(t *testing.T) {
	h := start(t, scenarios.Default())
	h.do("POST", reqPath+"identity_card/", reqBody(activeKey, "900101300047", "+77010000004")) // cant_connect
	for i := 0; i < 2; i++ {
		id, code := h.request("identity_card", happyIIN, happyTel)
		if s, _ := h.do("POST", approvePath, approveBody(id, code, true, "pdf")); s != 200 {
			t.Fatal("approve")
		}
	}
	_, raw := h.raw("GET", "/metrics", "")
	text := string(raw)
	for _, want := range []string{
		`egovsim_faults_total{fault="cant_connect",simulator="edoc"} 1`,
		`egovsim_requests_total{operation="approve",outcome="ok",simulator="edoc"} 2`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	hits := regexp.MustCompile(`egovsim_artifact_cache_hits_total\{simulator="edoc"\} ([0-9]+)`).FindStringSubmatch(text)
	if hits == nil || hits[1] == "0" {
		t.Errorf("no cache hits counted after the second approve of one document: %v", hits)
	}
}

// Smaller: an HTTP/2 prior-knowledge preface gets a clear answer, not "301 /%2A".
func TestH2CPreface(t *testing.T) {
	h := start(t, scenarios.Default())
	c, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = io.WriteString(c, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	b, _ := io.ReadAll(c)
	if !strings.HasPrefix(string(b), "HTTP/1.1 505") || !strings.Contains(string(b), "h2c") || strings.Contains(string(b), "301") {
		t.Fatalf("h2c preface answered %q", b)
	}
}

// Review findings: a refused admin call makes no tenant; a doubled slash never leaves the tenant;
// an in-process transport fault without a connection to take over answers the promised 502.
func TestTenantEdges(t *testing.T) {
	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{AdminToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/t/evil/__admin/health", nil))
	if rec.Code != 401 || srv.Tenants.Len() != 0 {
		t.Fatalf("unauthorised admin call: %d, %d tenants made", rec.Code, srv.Tenants.Len())
	}
	req := httptest.NewRequest("GET", "/t/x/__admin//health", nil)
	req.Header.Set("Authorization", "Bearer tok")
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 404 || rec.Header().Get("Location") != "" {
		t.Fatalf("doubled slash: %d Location %q", rec.Code, rec.Header().Get("Location"))
	}
	reset := strings.Replace(string(scenarios.Default().Source), "faults:\n", "faults:\n  - {when: {service: edoc, operation: request, iin: \"900101300017\"}, transport: reset}\n", 1)
	s, err := scenarios.Parse("reset.yaml", []byte(reset))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Activate(s); err != nil {
		t.Fatal(err)
	}
	req = httptest.NewRequest("POST", reqPath+"identity_card/", strings.NewReader(reqBody(activeKey, happyIIN, happyTel)))
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder() // cannot be hijacked
	srv.ServeHTTP(rec, req)
	if rec.Code != 502 || !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("transport fault on a writer that cannot be hijacked: %d %q, want the 502 fallback", rec.Code, rec.Body)
	}
	if es := srv.Requests(); len(es) != 1 || es[0].Status != 502 {
		t.Fatalf("journal %+v, want the 502", es)
	}
}
