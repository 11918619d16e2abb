package sim_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/sim"
)

const (
	edocBase = "/api/v1/backend/e-document/online-access/"
	iin      = "900101300017"
	phone    = "+77010000001"
)

// call sends one request straight into h and decodes a JSON answer.
func call(t *testing.T, h http.Handler, method, path, body string, header ...string) (int, map[string]any) {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("%s %s: %d answer is not a JSON object: %v: %q", method, path, w.Code, err, w.Body.String())
	}
	return w.Code, m
}

// request asks for the identity card of the happy citizen under prefix ("" or /t/{tenant}) and
// returns the session id.
func request(t *testing.T, h http.Handler, prefix, phone string) string {
	t.Helper()
	status, m := call(t, h, http.MethodPost, prefix+edocBase+"request/identity_card/",
		`{"api_key":"`+sim.DefaultEdocAPIKey+`","iin":"`+iin+`","phone":"`+phone+`"}`)
	id, _ := m["backend_session_id"].(string)
	if status != http.StatusOK || id == "" {
		t.Fatalf("request: %d %v", status, m)
	}
	return id
}

func approve(t *testing.T, h http.Handler, id, code string) (int, string) {
	t.Helper()
	status, m := call(t, h, http.MethodPost, edocBase+"approve/",
		`{"backend_session_id":"`+id+`","code":"`+code+`","file":false,"file_type":"pdf"}`)
	d, _ := m["detail"].(string)
	return status, d
}

func newEdoc(t *testing.T, s *sim.Scenario, opts ...sim.Option) *sim.Edoc {
	t.Helper()
	e, err := sim.NewEdoc(s, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func newEgov(t *testing.T, s *sim.Scenario, opts ...sim.Option) *sim.Egov {
	t.Helper()
	g, err := sim.NewEgov(s, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func code(t *testing.T, e *sim.Edoc, phone string) string {
	t.Helper()
	c, ok := e.Code(phone)
	if !ok || c == "" {
		t.Fatalf("no code for %s", phone)
	}
	return c
}

const custom = `name: tiny
citizens:
  - {iin: "900101300017", surname: ТЕСТОВ, name: ТЕСТ, phone: "+77010000001", all_documents: true}
edoc:
  clients:
    - {api_key: edoc_test_active_0000000000000000000000000000000, subscription: active}
otp: {fixed: "111111"}
`

func TestLoadScenario(t *testing.T) {
	for _, name := range []string{"default", "outage", "flaky"} {
		s, err := sim.LoadScenario(name)
		if err != nil || s.Name() != name || s.Description() == "" || len(s.YAML()) == 0 {
			t.Errorf("%s: %v %v", name, s, err)
		}
	}
	if _, err := sim.LoadScenario("no-such"); err == nil || !strings.Contains(err.Error(), "no bundled scenario") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := sim.LoadScenario(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	p := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(p, []byte("name: bad\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, gender: female}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sim.LoadScenario(p)
	var se *sim.ScenarioError
	if !errors.As(err, &se) || se.File != p || len(se.Problems) != 1 || se.Problems[0].Line != 3 ||
		!strings.Contains(se.Problems[0].Message, "contradicts IIN") || !strings.HasPrefix(err.Error(), p+":3: ") {
		t.Fatalf("want a refusal with file and line, got %#v", err)
	}
	var inner *scenarios.Error
	if !errors.As(err, &inner) || inner.File != p {
		t.Errorf("the loader's own error is not reachable: %v", err)
	}
	good := filepath.Join(t.TempDir(), "tiny.yaml")
	if err := os.WriteFile(good, []byte(custom), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := sim.LoadScenario(good); err != nil || s.Name() != "tiny" {
		t.Errorf("file: %v %v", s, err)
	}
}

func TestParseScenario(t *testing.T) {
	s, err := sim.ParseScenario([]byte(custom))
	if err != nil || s.Name() != "tiny" || string(s.YAML()) != custom {
		t.Fatalf("%v %v", s, err)
	}
	_, err = sim.ParseScenario([]byte("name: x\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\nbogus: 1\n"))
	var se *sim.ScenarioError
	if !errors.As(err, &se) || se.File != "scenario" || len(se.Problems) == 0 {
		t.Fatalf("%#v", err)
	}
	for _, p := range se.Problems {
		if p.Line == 0 || p.Message == "" {
			t.Errorf("problem without a line: %+v", p)
		}
	}
	if !strings.Contains(err.Error(), `scenario:4: unknown key "bogus"`) {
		t.Errorf("error text: %q", err)
	}
	if s, err := sim.ParseScenario(nil); err == nil {
		t.Errorf("empty YAML accepted: %v", s)
	}
	var nilScen *sim.Scenario
	if nilScen.Name() != "default" {
		t.Errorf("a nil Scenario is %q, not the default", nilScen.Name())
	}
}

func TestNewAndOptions(t *testing.T) {
	e := newEdoc(t, nil)
	if e.Scenario().Name() != "default" {
		t.Errorf("nil scenario: %q", e.Scenario().Name())
	}
	if g := newEgov(t, nil); g.Scenario().Name() != "default" {
		t.Errorf("egov nil scenario: %q", g.Scenario().Name())
	}
	if _, err := sim.NewEdoc(&sim.Scenario{}); err == nil {
		t.Error("an empty Scenario was accepted")
	}
	if _, err := sim.NewEgov(&sim.Scenario{}); err == nil {
		t.Error("egov: an empty Scenario was accepted")
	}
	for name, o := range map[string]sim.Option{
		"sessions": sim.WithMaxSessions(0), "tenants": sim.WithMaxTenants(0),
		"idle": sim.WithTenantIdle(0), "token": sim.WithAdminToken("  "),
	} {
		if _, err := sim.NewEdoc(nil, o); err == nil {
			t.Errorf("%s: a bad option was accepted", name)
		}
		if _, err := sim.NewEgov(nil, o); err == nil {
			t.Errorf("egov %s: a bad option was accepted", name)
		}
	}
	if _, err := sim.NewEdoc(nil, nil, sim.WithLogger(nil)); err != nil {
		t.Errorf("nil option or logger: %v", err)
	}
}

func TestResetForgetsSessions(t *testing.T) {
	e := newEdoc(t, nil)
	id := request(t, e, "", phone)
	c := code(t, e, phone)
	if err := e.Advance(time.Minute); err != nil {
		t.Fatal(err)
	}
	e.Reset()
	if ms := e.SMS(phone); len(ms) != 0 {
		t.Errorf("messages after reset: %v", ms)
	}
	if rs := e.Requests(); len(rs) != 0 {
		t.Errorf("journal after reset: %v", rs)
	}
	if d := e.Now().Sub(time.Now()); d > 30*time.Second {
		t.Errorf("clock still %v ahead after reset", d)
	}
	if st, d := approve(t, e, id, c); st != 400 || d != "You have not sent a request for access to an e-document" {
		t.Errorf("approve after reset: %d %q", st, d)
	}
}

func TestActivate(t *testing.T) {
	e := newEdoc(t, nil)
	id := request(t, e, "", phone)
	c := code(t, e, phone)
	if err := e.Activate(&sim.Scenario{}); err == nil {
		t.Fatal("an empty Scenario was activated")
	}
	if e.Scenario().Name() != "default" {
		t.Errorf("scenario after a refusal: %q", e.Scenario().Name())
	}
	if st, d := approve(t, e, id, c); st != 200 {
		t.Errorf("the old state did not survive a refusal: %d %q", st, d)
	}

	tiny, err := sim.ParseScenario([]byte(custom))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Activate(tiny); err != nil {
		t.Fatal(err)
	}
	if e.Scenario().Name() != "tiny" || len(e.SMS("")) != 0 {
		t.Errorf("after activate: %q, %d messages", e.Scenario().Name(), len(e.SMS("")))
	}
	id = request(t, e, "", phone)
	if c := code(t, e, phone); c != "111111" {
		t.Errorf("the scenario's fixed code: %q", c)
	}
	if st, d := approve(t, e, id, "111111"); st != 200 {
		t.Errorf("approve on the custom scenario: %d %q", st, d)
	}
	// Another citizen of the default catalogue is nobody here.
	status, m := call(t, e, http.MethodPost, edocBase+"request/identity_card/",
		`{"api_key":"`+sim.DefaultEdocAPIKey+`","iin":"850515400012","phone":"+77010000011"}`)
	if status != 404 || m["detail"] != "Subject not found in CMDB" {
		t.Errorf("a default citizen on the custom scenario: %d %v", status, m)
	}
	if err := e.Activate(nil); err != nil || e.Scenario().Name() != "default" {
		t.Errorf("back to the default: %v %q", err, e.Scenario().Name())
	}

	g := newEgov(t, nil)
	if err := g.Activate(&sim.Scenario{}); err == nil || g.Scenario().Name() != "default" {
		t.Errorf("egov refusal: %v %q", err, g.Scenario().Name())
	}
	if err := g.Activate(tiny); err != nil || g.Scenario().Name() != "tiny" {
		t.Errorf("egov activate: %v %q", err, g.Scenario().Name())
	}
}

func TestAdvanceExpiresOTP(t *testing.T) {
	e := newEdoc(t, nil)
	id := request(t, e, "", phone)
	c := code(t, e, phone)
	before := e.Now()
	if err := e.Advance(6 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if d := e.Now().Sub(before); d < 6*time.Minute || d > 6*time.Minute+30*time.Second {
		t.Errorf("Now moved %v", d)
	}
	if st, d := approve(t, e, id, c); st != 400 || d != "OTP code has expired" {
		t.Errorf("approve after 6 minutes: %d %q", st, d)
	}
	if err := e.Advance(-time.Hour); err != nil || e.Now().Before(before.Add(6*time.Minute)) {
		t.Errorf("a negative advance: %v", err)
	}
	if err := e.Advance(200 * 365 * 24 * time.Hour); err == nil {
		t.Error("the clock ran 200 years ahead")
	}
}

func TestSMSAndCodeInEveryPhoneForm(t *testing.T) {
	e := newEdoc(t, nil)
	id1 := request(t, e, "", "8 (701) 000-00-01") // the request takes any form too
	id2 := request(t, e, "", phone)
	forms := []string{"+77010000001", "77010000001", "87010000001", "+7 701 000 00 01", "8-701-000-00-01", "+7 (701) 000-0001"}
	for _, f := range forms {
		ms := e.SMS(f)
		if len(ms) != 2 {
			t.Fatalf("%q: %d messages", f, len(ms))
		}
		for i, id := range []string{id1, id2} {
			m := ms[i]
			if m.From != "1414" || m.To != "77010000001" || m.SessionID != id || len(m.Code) != 6 ||
				!strings.Contains(m.Text, m.Code) || m.SentAt.IsZero() {
				t.Errorf("%q: message %d: %+v", f, i, m)
			}
		}
		if c, ok := e.Code(f); !ok || c != ms[1].Code {
			t.Errorf("%q: Code %q %v, want the newest %q", f, c, ok, ms[1].Code)
		}
	}
	if st, d := approve(t, e, id2, code(t, e, "87010000001")); st != 200 {
		t.Errorf("approve with Code: %d %q", st, d)
	}
	for _, none := range []string{"+77010000002", "12345", "   ", ""} {
		if c, ok := e.Code(none); ok {
			t.Errorf("Code(%q) = %q", none, c)
		}
	}
	if n := len(e.SMS("+77010000002")); n != 0 {
		t.Errorf("another phone has %d messages", n)
	}
	if n := len(e.SMS("")); n != 2 {
		t.Errorf(`SMS("") lists %d messages, want every one`, n)
	}
}

func TestRequestsRecordCalls(t *testing.T) {
	e := newEdoc(t, nil)
	start := e.Now()
	id := request(t, e, "", phone)
	approve(t, e, id, "000000") // wrong (or, once in a million, right): either way journaled
	call(t, e, http.MethodGet, "/__admin/health", "")
	rs := e.Requests()
	if len(rs) != 2 {
		t.Fatalf("journal: %+v", rs)
	}
	if r := rs[0]; r.Method != "POST" || r.Path != edocBase+"request/identity_card/" || r.Status != 200 || r.At.Before(start.Add(-time.Second)) || r.Duration < 0 {
		t.Errorf("request: %+v", r)
	}
	if r := rs[1]; r.Path != edocBase+"approve/" || (r.Status != 400 && r.Status != 200) {
		t.Errorf("approve: %+v", r)
	}

	g := newEgov(t, nil)
	status, _ := gateway(t, g, "", "gbdflUniversalServiceSync", `{"senderCode":"TEST_SENDER","iin":"900101300017"}`)
	if status != 200 {
		t.Fatalf("gbdfl: %d", status)
	}
	gateway(t, g, "", "gbdflUniversalServiceSync", `{"iin":"900101300017"}`) // senderCode missing: 400
	rs = g.Requests()
	if len(rs) != 2 || rs[0].Path != "/api/egov/gbdflUniversalServiceSync" || rs[0].Status != 200 || rs[1].Status != 400 {
		t.Errorf("egov journal: %+v", rs)
	}
}

func gateway(t *testing.T, h http.Handler, prefix, op, body string) (int, map[string]any) {
	t.Helper()
	return call(t, h, http.MethodPost, prefix+"/api/egov/"+op, body, "Authorization", "Bearer "+sim.DefaultEgovAPIKey,
		"X-Egov-Sender-Id", sim.DefaultEgovSenderID, "X-Egov-Password", sim.DefaultEgovPassword)
}

func paymentStatus(t *testing.T, g *sim.Egov, prefix, id string) (int, string) {
	t.Helper()
	status, m := gateway(t, g, prefix, "paymentInfoRequest", `{"paymentId":"`+id+`","senderCode":"`+sim.DefaultEgovSenderCode+`"}`)
	p, _ := m["payment"].(map[string]any)
	s, _ := p["status"].(string)
	return status, s
}

func initPayment(t *testing.T, g *sim.Egov, prefix string) string {
	t.Helper()
	status, m := gateway(t, g, prefix, "initPaymentRequest", `{"amount":1500,"serviceId":"SVC-001","iinOrBin":"900101300017"}`)
	p, _ := m["payment"].(map[string]any)
	id, _ := p["paymentId"].(string)
	if status != 200 || id == "" || p["status"] != "CREATED" {
		t.Fatalf("init payment: %d %v", status, m)
	}
	return id
}

func TestEgovAdvanceSettlesAndResetForgets(t *testing.T) {
	g := newEgov(t, nil)
	id := initPayment(t, g, "")
	if _, s := paymentStatus(t, g, "", id); s != "CREATED" {
		t.Errorf("before the clock moves: %q", s)
	}
	if err := g.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if g.Now().Sub(time.Now()) < 2*time.Minute-time.Second {
		t.Errorf("Now did not move: %v", g.Now())
	}
	if _, s := paymentStatus(t, g, "", id); s != "PAID" {
		t.Errorf("after 2 minutes: %q", s)
	}
	g.Reset()
	if st, _ := paymentStatus(t, g, "", id); st != 404 {
		t.Errorf("a payment after reset: %d", st)
	}
	if err := g.Advance(200 * 365 * 24 * time.Hour); err == nil {
		t.Error("the clock ran 200 years ahead")
	}
}

func TestTenantsAreIsolated(t *testing.T) {
	e := newEdoc(t, nil)
	id := request(t, e, "/t/a", phone)
	_, a := call(t, e, http.MethodGet, "/t/a/__admin/sms?phone=77010000001", "")
	_, b := call(t, e, http.MethodGet, "/t/b/__admin/sms?phone=77010000001", "")
	if ms, _ := a["messages"].([]any); len(ms) != 1 {
		t.Errorf("tenant a: %v", a)
	}
	if ms, _ := b["messages"].([]any); len(ms) != 0 {
		t.Errorf("tenant b sees a's message: %v", b)
	}
	if n := len(e.SMS(phone)); n != 0 {
		t.Errorf("the default tenant sees a's message: %d", n)
	}
	if n := len(e.Requests()); n != 0 {
		t.Errorf("the default tenant's journal holds a's call: %d", n)
	}
	status, m := call(t, e, http.MethodPost, "/t/b"+edocBase+"approve/", `{"backend_session_id":"`+id+`","code":"000000","file":false,"file_type":"pdf"}`)
	if status != 400 || m["detail"] != "You have not sent a request for access to an e-document" {
		t.Errorf("a's session at b: %d %v", status, m)
	}
	if status, m := call(t, e, http.MethodGet, "/t/bad!name/__admin/health", ""); status != 400 {
		t.Errorf("bad tenant name: %d %v", status, m)
	}

	g := newEgov(t, nil)
	pid := initPayment(t, g, "/t/a")
	if st, s := paymentStatus(t, g, "/t/a", pid); st != 200 || s != "CREATED" {
		t.Errorf("a's payment at a: %d %q", st, s)
	}
	if st, _ := paymentStatus(t, g, "/t/b", pid); st != 404 {
		t.Errorf("a's payment at b: %d", st)
	}
	if st, _ := paymentStatus(t, g, "", pid); st != 404 {
		t.Errorf("a's payment at the default tenant: %d", st)
	}
}

func TestAdminTokenAndTenantBounds(t *testing.T) {
	e := newEdoc(t, nil, sim.WithAdminToken("s3cret"), sim.WithMaxTenants(1))
	if st, _ := call(t, e, http.MethodGet, "/__admin/health", ""); st != 401 {
		t.Errorf("admin without the token: %d", st)
	}
	if st, _ := call(t, e, http.MethodGet, "/__admin/health", "", "Authorization", "Bearer s3cret"); st != 200 {
		t.Errorf("admin with the token: %d", st)
	}
	request(t, e, "", phone) // the upstream API is not guarded
	request(t, e, "/t/one", phone)
	status, _ := call(t, e, http.MethodPost, "/t/two"+edocBase+"request/identity_card/", `{}`)
	if status != http.StatusServiceUnavailable {
		t.Errorf("a second tenant beyond WithMaxTenants(1): %d", status)
	}

	g := newEgov(t, nil, sim.WithAdminToken("s3cret"))
	if st, _ := call(t, g, http.MethodGet, "/__admin/health", ""); st != 401 {
		t.Errorf("egov admin without the token: %d", st)
	}
}

func TestMaxSessions(t *testing.T) {
	e := newEdoc(t, nil, sim.WithMaxSessions(1))
	first := request(t, e, "", phone)
	c1 := e.SMS(phone)[0].Code
	request(t, e, "", phone)
	if st, d := approve(t, e, first, c1); st != 400 || d != "You have not sent a request for access to an e-document" {
		t.Errorf("the evicted session: %d %q", st, d)
	}
}

func TestTenantIdle(t *testing.T) {
	e := newEdoc(t, nil, sim.WithTenantIdle(time.Nanosecond))
	id := request(t, e, "/t/a", phone)
	time.Sleep(time.Millisecond)
	status, m := call(t, e, http.MethodPost, "/t/a"+edocBase+"approve/", `{"backend_session_id":"`+id+`","code":"000000","file":false,"file_type":"pdf"}`)
	if status != 400 || m["detail"] != "You have not sent a request for access to an e-document" {
		t.Errorf("an idle tenant was not forgotten: %d %v", status, m)
	}
}
