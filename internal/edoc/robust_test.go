package edoc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

func newHandler(t testing.TB, s *scenarios.Scenario, set shell.Settings) *edoc.Server {
	t.Helper()
	srv, err := edoc.NewServer(s, set)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// FuzzHandler sends arbitrary methods, paths and bodies: nothing may panic or answer 5xx.
func FuzzHandler(f *testing.F) {
	f.Add("POST", "/api/v1/backend/e-document/online-access/request/identity_card/", reqBody(activeKey, happyIIN, happyTel))
	f.Add("POST", "/api/v1/backend/e-document/online-access/approve/", approveBody("x", "1", true, "pdf"))
	f.Add("POST", "/api/v1/backend/e-document/online-access/request/%ff/", "{}")
	f.Add("GET", "/__admin/sms?phone=%2B7", "")
	f.Add("POST", "/__admin/clock", `{"advance":"1h"}`)
	f.Add("PUT", "/__admin/scenario", "name: x\ncitizens: []\n")
	srv := newHandler(f, scenarios.Default(), shell.Settings{MaxSessions: 1000})
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") || method == "" || strings.ContainsAny(method, " \r\n\t()<>@,;:\\\"/[]?={}") {
			return
		}
		if strings.HasPrefix(path, "/__admin/scenario") && method == http.MethodPut {
			defer srv.Activate(scenarios.Default())
		}
		req, err := http.NewRequest(method, "http://sim"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(req.Context(), 50*time.Millisecond) // the catalogue's delayed citizens
		defer cancel()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req.WithContext(ctx))
		if rec.Code >= 500 && !isFaultAnswer(rec.Body.Bytes()) {
			t.Fatalf("%s %s %q: %d %s", method, path, body, rec.Code, rec.Body)
		}
	})
}

// isFaultAnswer tells the catalogue's deliberate 5xx (documented texts) from a crash.
func isFaultAnswer(body []byte) bool {
	var m map[string]string
	_ = json.Unmarshal(body, &m)
	switch m["detail"] {
	case "Can`t connect to e-document service", "EDocument service is not available now", "Could not send request to e-document service":
		return true
	}
	return false
}

// TestStress runs 64 goroutines of requests, approves, resets and clock moves, and checks the
// invariants: one 200 per session, one SMS per successful request for a held document, no approve
// with a wrong or expired code, and a journal within its cap.
func TestStress(t *testing.T) {
	s, err := scenarios.Parse("stress.yaml", []byte(`name: stress
otp: {ttl: 5m, max_attempts: 3}
limits: {journal: 200, sms: 100000}
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, phone: "+77010000001", all_documents: true}
  - {iin: "850515400012", surname: ИВАНОВА, name: АЙГУЛЬ, phone: "+77010000011", documents: {identity_card: {}}}
`))
	if err != nil {
		t.Fatal(err)
	}
	srv := newHandler(t, s, shell.Settings{MaxSessions: 100000})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 20 * time.Second}
	post := func(path, body string) (int, map[string]any) { return postFrom(t, client, ts.URL+path, body) }
	var (
		mu        sync.Mutex
		successes = map[string]int{} // session -> 200s
		resets    atomic.Int64
	)
	var wg sync.WaitGroup
	deadline := time.Now().Add(3 * time.Second)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 7))
			for i := 0; time.Now().Before(deadline) && i < 400; i++ {
				switch k := r.IntN(100); {
				case k < 2 && g == 0:
					srv.Reset() // admin reset, as POST /__admin/reset does
					resets.Add(1)
				case k < 4 && g == 1:
					srv.Clock().Advance(time.Duration(r.IntN(90)) * time.Second)
				case k < 3 && g == 2:
					if err := srv.Activate(s); err != nil { // a scenario PUT: a new world
						t.Error(err)
					}
					resets.Add(1)
				case g == 3:
					// A body that arrives in two parts while resets and PUTs go on: answered by one
					// world, never half in two, never a 5xx.
					pr, pw := io.Pipe()
					go func() {
						body := reqBody(activeKey, "900101300017", "+77010000001")
						_, _ = io.WriteString(pw, body[:7])
						time.Sleep(time.Duration(r.IntN(3)) * time.Millisecond)
						_, _ = io.WriteString(pw, body[7:])
						_ = pw.Close()
					}()
					resp, err := client.Post(ts.URL+reqPath+"identity_card/", "application/json", pr)
					if err != nil {
						t.Error(err)
						continue
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						t.Errorf("slow-body request: %d", resp.StatusCode)
					}
				default:
					docType := "identity_card"
					if r.IntN(4) == 0 {
						docType = "diploma" // the second citizen holds none: 200 and no SMS
					}
					iin, phone := "900101300017", "+77010000001"
					if r.IntN(2) == 0 {
						iin, phone = "850515400012", "+77010000011"
					}
					status, m := post(reqPath+docType+"/", reqBody(activeKey, iin, phone))
					if status != 200 {
						t.Errorf("request: %d %v", status, m)
						continue
					}
					id := m["backend_session_id"].(string)
					code := ""
					for _, msg := range srv.Messages(phone) {
						if msg.SessionID == id {
							code = msg.Code
						}
					}
					held := iin == "900101300017" || docType == "identity_card"
					if held && code == "" && resets.Load() == 0 {
						t.Errorf("no SMS for a held document (session %s)", id)
					}
					// Wrong codes never succeed.
					bad := "000000"
					if code == bad {
						bad = "999999"
					}
					if status, m := post(approvePath, approveBody(id, bad, false, "pdf")); status == 200 {
						t.Errorf("approve with a wrong code succeeded: %v", m)
					}
					// Several approves race with the right code.
					var inner sync.WaitGroup
					for j := 0; j < 3; j++ {
						inner.Add(1)
						go func() {
							defer inner.Done()
							status, m := post(approvePath, approveBody(id, code, false, "pdf"))
							if status == 200 {
								if !held {
									t.Errorf("approve succeeded for a document not held: %v", m)
								}
								mu.Lock()
								successes[id]++
								mu.Unlock()
							}
						}()
					}
					inner.Wait()
				}
			}
		}(g)
	}
	wg.Wait()
	for id, n := range successes {
		if n != 1 {
			t.Errorf("session %s: %d approves got 200", id, n)
		}
	}
	if n := srv.JournalLen(); n > 200 {
		t.Errorf("journal holds %d entries, cap 200", n)
	}
	// The journal keeps bodies (capped): bounded by bytes too.
	if j, ok := srv.World().Journal.(*journal.Memory); !ok || j.Bytes() > journal.MaxBytes || j.Bytes() > 200*(2*journal.BodyCap+2048) {
		t.Errorf("journal bytes: %v", srv.World().Journal)
	} else if es := srv.Requests(); len(es) == 0 || es[len(es)-1].Request == "" {
		t.Error("the stress journal kept no request bodies")
	}
	if len(successes) == 0 {
		t.Fatal("the stress test approved nothing: it tested nothing")
	}
	// Codes expire: after the TTL on the clock no approve succeeds.
	status, m := post(reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	if status != 200 {
		t.Fatal(status)
	}
	id := m["backend_session_id"].(string)
	code := ""
	for _, msg := range srv.Messages(happyTel) {
		if msg.SessionID == id {
			code = msg.Code
		}
	}
	srv.Clock().Advance(5 * time.Minute)
	if status, _ := post(approvePath, approveBody(id, code, false, "pdf")); status == 200 {
		t.Error("an expired code was accepted")
	}
}

// TestSMSPerRequest: exactly one SMS per successful request for a held document, none otherwise.
func TestSMSPerRequest(t *testing.T) {
	srv := newHandler(t, scenarios.Default(), shell.Settings{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			docType := []string{"identity_card", "passport"}[i%2] // the wife holds only the first
			resp, err := http.Post(ts.URL+reqPath+docType+"/", "application/json", strings.NewReader(reqBody(activeKey, "850515400012", "+77010000011")))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}(i)
	}
	wg.Wait()
	if got := len(srv.Messages("77010000011")); got != 16 {
		t.Errorf("%d SMS for 16 requests of a held type and 16 of a type not held", got)
	}
}

func TestSessionCapEvictsOldest(t *testing.T) {
	srv := newHandler(t, scenarios.Default(), shell.Settings{MaxSessions: 10})
	var first string
	for i := 0; i < 25; i++ {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", reqPath+"identity_card/", strings.NewReader(reqBody(activeKey, happyIIN, happyTel))))
		var m map[string]string
		_ = json.Unmarshal(rec.Body.Bytes(), &m)
		if i == 0 {
			first = m["backend_session_id"]
		}
	}
	if n := srv.Sessions(); n != 10 {
		t.Fatalf("%d sessions held, cap 10", n)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", approvePath, strings.NewReader(approveBody(first, "000000", false, "pdf"))))
	if !strings.Contains(rec.Body.String(), "You have not sent a request for access to an e-document") {
		t.Fatalf("the oldest session should be gone: %s", rec.Body)
	}
}

func TestTransportFaults(t *testing.T) {
	s, err := scenarios.Parse("transport.yaml", []byte(`name: transport
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, phone: "+77010000001", all_documents: true}
faults:
  - {when: {service: edoc, document_type: passport}, transport: reset}
  - {when: {service: edoc, document_type: diploma}, transport: hang}
  - {when: {service: edoc, document_type: srts}, transport: malformed}
  - {when: {service: edoc, document_type: hunter}, transport: truncated}
`))
	if err != nil {
		t.Fatal(err)
	}
	srv := newHandler(t, s, shell.Settings{})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	call := func(ctx context.Context, docType string) (*http.Response, []byte, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+reqPath+docType+"/", strings.NewReader(reqBody(activeKey, happyIIN, happyTel)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	if _, _, err := call(context.Background(), "passport"); err == nil {
		t.Error("reset: want a connection error")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	start := time.Now()
	_, _, err = call(ctx, "diploma")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("hang: want the client's own time-out, got %v after %v", err, time.Since(start))
	}
	resp, body, err := call(context.Background(), "srts")
	if err != nil || resp.StatusCode != 200 || json.Valid(body) {
		t.Errorf("malformed: want 200 with broken JSON, got %v %q %v", resp, body, err)
	}
	_, body, err = call(context.Background(), "hunter")
	if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated: want an unexpected EOF reading the body, got %v (%q)", err, body)
	}
	// Others still work.
	if resp, _, err := call(context.Background(), "identity_card"); err != nil || resp.StatusCode != 200 {
		t.Errorf("untouched type: %v %v", resp, err)
	}
	// Each is journaled by its name: the status that reached the client (none when the connection
	// broke), the outcome and the fault that did it.
	for _, c := range []struct {
		docType, kind string
		status        int
	}{{"passport", "reset", 0}, {"srts", "malformed", 200}, {"hunter", "truncated", 0}} {
		var e *journal.Entry
		for _, x := range srv.Requests() {
			if x.Subject != nil && x.Subject.DocumentType == c.docType {
				e = &x
			}
		}
		if e == nil || e.Transport != c.kind || e.Status != c.status || e.Outcome != "transport_"+c.kind || e.Fault == nil || e.Fault.Does != "transport_"+c.kind {
			t.Errorf("%s: journaled %+v", c.docType, e)
		}
	}
}

func TestHangHasACeiling(t *testing.T) {
	s, err := scenarios.Parse("hang.yaml", []byte("name: hang\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, phone: \"+77010000001\"}\nfaults:\n  - {when: {service: edoc}, transport: hang}\n"))
	if err != nil {
		t.Fatal(err)
	}
	srv := newHandler(t, s, shell.Settings{HangCeiling: 200 * time.Millisecond})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	start := time.Now()
	resp, err := http.Post(ts.URL+reqPath+"identity_card/", "application/json", strings.NewReader(reqBody(activeKey, happyIIN, happyTel)))
	if err == nil {
		resp.Body.Close()
		t.Fatal("want the connection closed after the ceiling")
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("ceiling not honoured: %v", time.Since(start))
	}
}

func TestAdminToken(t *testing.T) {
	srv := newHandler(t, scenarios.Default(), shell.Settings{AdminToken: "s3cret"})
	for _, c := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer nope", 401}, {"Bearer s3cret", 200}} {
		req := httptest.NewRequest("GET", "/__admin/health", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("auth %q: %d, want %d", c.auth, rec.Code, c.want)
		}
	}
	// The simulated API itself needs no admin token.
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", reqPath+"identity_card/", bytes.NewReader([]byte(reqBody(activeKey, happyIIN, happyTel)))))
	if rec.Code != 200 {
		t.Errorf("API call with a token set: %d", rec.Code)
	}
}

// postFrom posts a JSON body from goroutines of a race test: a failure is reported, not fatal.
func postFrom(t *testing.T, client *http.Client, url, body string) (int, map[string]any) {
	resp, err := client.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}
