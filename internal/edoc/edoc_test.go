package edoc_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	activeKey = "edoc_test_active_0000000000000000000000000000000"
	happyIIN  = "900101300017"
	happyTel  = "+77010000001"
)

// harness drives a real HTTP server; every exchange outside /__admin/ is checked against the contract.
type harness struct {
	t *testing.T
	// badRequests: the test sends off-contract requests on purpose; only answers are checked.
	badRequests bool
	url         string
	srv         *edoc.Server
	client      *http.Client
}

func start(t *testing.T, s *scenarios.Scenario) *harness {
	t.Helper()
	srv, err := edoc.NewServer(s, shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	doc, err := contracts.EDoc()
	if err != nil {
		t.Fatal(err)
	}
	v, err := contracts.NewValidator(doc)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, url: ts.URL, srv: srv}
	check := v.Transport(http.DefaultTransport, func(err error) {
		var ce *contracts.Error
		if h.badRequests && errors.As(err, &ce) && ce.Phase == contracts.PhaseRequest {
			return
		}
		t.Errorf("contract: %v", err)
	})
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasPrefix(r.URL.Path, "/__admin/") || strings.HasPrefix(r.URL.Path, "/t/") || r.URL.Path == "/metrics" {
			return http.DefaultTransport.RoundTrip(r)
		}
		return check.RoundTrip(r)
	})
	h.client = &http.Client{Transport: rt, Timeout: 30 * time.Second}
	return h
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (h *harness) do(method, path, body string) (int, map[string]any) {
	h.t.Helper()
	status, raw := h.raw(method, path, body)
	var m map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &m); err != nil {
			h.t.Fatalf("%s %s: body is not JSON: %v: %s", method, path, err, raw)
		}
	}
	return status, m
}

func (h *harness) raw(method, path, body string) (int, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func reqBody(key, iin, phone string) string {
	return fmt.Sprintf(`{"api_key":%q,"iin":%q,"phone":%q}`, key, iin, phone)
}

func approveBody(id, code string, file bool, fileType string) string {
	return fmt.Sprintf(`{"backend_session_id":%q,"code":%q,"file":%v,"file_type":%q}`, id, code, file, fileType)
}

const reqPath = "/api/v1/backend/e-document/online-access/request/"
const approvePath = "/api/v1/backend/e-document/online-access/approve/"

// request opens a session and returns its id and the code from the SMS outbox ("" when none came).
func (h *harness) request(docType, iin, phone string) (string, string) {
	h.t.Helper()
	status, m := h.do("POST", reqPath+docType+"/", reqBody(activeKey, iin, phone))
	if status != 200 {
		h.t.Fatalf("request %s %s: %d %v", docType, iin, status, m)
	}
	id := m["backend_session_id"].(string)
	return id, h.codeFor(id, phone)
}

func (h *harness) codeFor(id, phone string) string {
	h.t.Helper()
	_, m := h.do("GET", "/__admin/sms?phone="+strings.ReplaceAll(phone, "+", "%2B"), "")
	for _, x := range m["messages"].([]any) {
		msg := x.(map[string]any)
		if msg["session_id"] == id {
			if msg["from"] != "1414" || !strings.Contains(msg["text"].(string), msg["code"].(string)) {
				h.t.Errorf("SMS: %v", msg)
			}
			return msg["code"].(string)
		}
	}
	return ""
}

func wantDetail(t *testing.T, status int, m map[string]any, wantStatus int, want string) {
	t.Helper()
	if status != wantStatus || m["detail"] != want {
		t.Errorf("got %d %v, want %d %q", status, m, wantStatus, want)
	}
}

func TestRequestTable(t *testing.T) {
	h := start(t, scenarios.Default())
	h.badRequests = true
	cases := []struct {
		name, docType, body string
		status              int
		detail              string // exact, or a prefix ending in ':' that names the field
	}{
		{"not an object", "identity_card", `[1,2]`, 400, "request body must be a JSON object"},
		{"empty body", "identity_card", ``, 400, "request body is empty: a JSON object is required"},
		{"malformed JSON", "identity_card", `{"api_key":`, 400, "JSON parse error - unexpected EOF"},
		{"missing api_key", "identity_card", `{"iin":"900101300017","phone":"+77010000001"}`, 400, "api_key: This field is required."},
		{"iin not a string", "identity_card", `{"api_key":"k","iin":900101300017,"phone":"+77010000001"}`, 400, "iin: Not a valid string."},
		{"missing phone", "identity_card", `{"api_key":"k","iin":"900101300017"}`, 400, "phone: This field is required."},
		{"unknown type", "id_card", reqBody(activeKey, happyIIN, happyTel), 404, "Unknown document type"},
		{"unknown key", "identity_card", reqBody("nope", happyIIN, happyTel), 401, "Invalid API key"},
		{"no subscription", "identity_card", reqBody("edoc_test_nosubscription_0000000000000000000000", happyIIN, happyTel), 400, "Client does not have subscription"},
		{"not started", "identity_card", reqBody("edoc_test_notstarted_000000000000000000000000000", happyIIN, happyTel), 400, "Subscription has not started"},
		{"expired", "identity_card", reqBody("edoc_test_expired_000000000000000000000000000000", happyIIN, happyTel), 400, "No active or future subscription for technology"},
		{"no access", "identity_card", reqBody("edoc_test_noaccess_00000000000000000000000000000", happyIIN, happyTel), 400, "Client does not have access to E-Document technology"},
		{"invalid IIN", "identity_card", reqBody(activeKey, "900101300018", happyTel), 400, "Invalid IIN"},
		{"invalid phone", "identity_card", reqBody(activeKey, happyIIN, "+1 555 0100"), 400, "Invalid phone"},
		{"fault", "identity_card", reqBody(activeKey, "900101300047", "+77010000004"), 503, "Can`t connect to e-document service"},
		{"not in CMDB", "identity_card", reqBody(activeKey, "900101300027", "+77010000002"), 404, "Subject not found in CMDB"},
		{"phone of someone else", "identity_card", reqBody(activeKey, happyIIN, "+77010000003"), 404, "Subject not found in CMDB"},
		{"unknown person", "identity_card", reqBody(activeKey, "850515400306", happyTel), 404, "Subject not found in CMDB"},
		{"no profile", "identity_card", reqBody(activeKey, "900101300037", "+77010000003"), 404, "Profile is not found"},
		// Order: the type is checked before the key, the key before the IIN, the IIN before the phone.
		{"type before key", "id_card", reqBody("nope", "1", "2"), 404, "Unknown document type"},
		{"key before IIN", "identity_card", reqBody("nope", "1", "2"), 401, "Invalid API key"},
		{"subscription before IIN", "identity_card", reqBody("edoc_test_expired_000000000000000000000000000000", "1", "2"), 400, "No active or future subscription for technology"},
		{"IIN before phone", "identity_card", reqBody(activeKey, "1", "2"), 400, "Invalid IIN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, m := h.do("POST", reqPath+c.docType+"/", c.body)
			got, _ := m["detail"].(string)
			if status != c.status || !(got == c.detail || strings.HasSuffix(c.detail, ":") && strings.HasPrefix(got, c.detail)) {
				t.Errorf("got %d %q, want %d %q", status, got, c.status, c.detail)
			}
		})
	}
	status, m := h.do("POST", reqPath+"identity_card/", reqBody(activeKey, happyIIN, "8 (701) 000-00-01"))
	if status != 200 || len(m["backend_session_id"].(string)) != 36 {
		t.Errorf("happy request with 8-prefixed phone: %d %v", status, m)
	}
}

func TestApproveFlowAndFiles(t *testing.T) {
	h := start(t, scenarios.Default())
	for _, tc := range []struct {
		file     bool
		fileType string
	}{{false, "pdf"}, {true, "pdf"}, {true, "image"}} {
		id, code := h.request("identity_card", happyIIN, happyTel)
		if len(code) != 6 {
			t.Fatalf("OTP %q", code)
		}
		status, m := h.do("POST", approvePath, approveBody(id, code, tc.file, tc.fileType))
		if status != 200 {
			t.Fatalf("approve: %d %v", status, m)
		}
		common := m["result_json"].(map[string]any)["common"].(map[string]any)
		owner := common["docOwner"].(map[string]any)
		if owner["iin"] != happyIIN || owner["lastName"] != "ИВАНОВ" || owner["firstName"] != "ИВАН" || common["docNumber"] != "041234567" {
			t.Errorf("result_json.common = %v", common)
		}
		if m["failure_reason"] != nil || m["document_type"] != "identity_card" {
			t.Errorf("failure_reason/document_type: %v %v", m["failure_reason"], m["document_type"])
		}
		decode := func(field string) []byte {
			s, ok := m[field].(string)
			if !ok {
				t.Fatalf("%s is %v", field, m[field])
			}
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				t.Fatalf("%s: %v", field, err)
			}
			return b
		}
		if _, err := jpeg.Decode(bytes.NewReader(decode("face_photo"))); err != nil {
			t.Errorf("face_photo: %v", err)
		}
		for _, f := range []string{"qrcode", "barcode"} {
			if _, err := png.Decode(bytes.NewReader(decode(f))); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
		switch {
		case !tc.file:
			if m["document_pdf"] != nil || m["document_image"] != nil {
				t.Error("file=false must give no document file")
			}
		case tc.fileType == "pdf":
			if pdf := decode("document_pdf"); !bytes.HasPrefix(pdf, []byte("%PDF-")) || m["document_image"] != nil {
				t.Error("document_pdf is not a PDF, or an image came too")
			}
		default:
			if _, err := jpeg.Decode(bytes.NewReader(decode("document_image"))); err != nil || m["document_pdf"] != nil {
				t.Errorf("document_image: %v", err)
			}
		}
		// A second approve of the same session.
		status, m = h.do("POST", approvePath, approveBody(id, code, false, "pdf"))
		wantDetail(t, status, m, 400, "EDocument for this session has already been received")
	}
}

func TestApproveTable(t *testing.T) {
	s := scenarios.Default()
	h := start(t, s)
	h.badRequests = true
	id, code := h.request("identity_card", happyIIN, happyTel)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	cases := []struct {
		name, body string
		status     int
		detail     string
	}{
		{"not an object", `"x"`, 400, "request body must be a JSON object"},
		{"missing id", `{"code":"1","file":true,"file_type":"pdf"}`, 400, "backend_session_id: This field is required."},
		{"code not a string", fmt.Sprintf(`{"backend_session_id":%q,"code":123456,"file":true,"file_type":"pdf"}`, id), 400, "code: Not a valid string."},
		{"file not a bool", fmt.Sprintf(`{"backend_session_id":%q,"code":"1","file":"yes","file_type":"pdf"}`, id), 400, "file: Must be a valid boolean."},
		{"missing file_type", fmt.Sprintf(`{"backend_session_id":%q,"code":"1","file":true}`, id), 400, "file_type: This field is required."},
		{"bad file_type", approveBody(id, code, true, "docx"), 400, `file_type: "docx" is not a valid choice (pdf, image).`},
		{"no such session", approveBody("00000000-0000-4000-8000-000000000000", code, true, "pdf"), 400, "You have not sent a request for access to an e-document"},
		{"wrong code", approveBody(id, wrong, true, "pdf"), 400, "Invalid OTP code"},
		{"right code after one wrong", approveBody(id, code, false, "pdf"), 200, ""},
		{"already received", approveBody(id, code, false, "pdf"), 400, "EDocument for this session has already been received"},
	}
	for _, c := range cases {
		status, m := h.do("POST", approvePath, c.body)
		if status != c.status || (c.detail != "" && m["detail"] != c.detail) {
			t.Errorf("%s: got %d %v, want %d %q", c.name, status, m["detail"], c.status, c.detail)
		}
	}
}

func TestLockAfterWrongCodes(t *testing.T) {
	h := start(t, scenarios.Default())
	id, code := h.request("driver_license", happyIIN, happyTel)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for i := 0; i < 3; i++ {
		status, m := h.do("POST", approvePath, approveBody(id, wrong, false, "pdf"))
		wantDetail(t, status, m, 400, "Invalid OTP code")
	}
	status, m := h.do("POST", approvePath, approveBody(id, code, false, "pdf"))
	wantDetail(t, status, m, 400, "You have already requested a document for this session")
}

func TestExpiryOnTheClock(t *testing.T) {
	h := start(t, scenarios.Default())
	id, code := h.request("identity_card", happyIIN, happyTel)
	id2, code2 := h.request("identity_card", happyIIN, happyTel)
	if status, m := h.do("POST", "/__admin/clock", `{"advance":"4m59s"}`); status != 200 || m["now"] == nil {
		t.Fatalf("clock: %d %v", status, m)
	}
	if status, _ := h.do("POST", approvePath, approveBody(id, code, false, "pdf")); status != 200 {
		t.Fatalf("approve before the TTL: %d", status)
	}
	h.do("POST", "/__admin/clock", `{"advance":"2s"}`)
	status, m := h.do("POST", approvePath, approveBody(id2, code2, false, "pdf"))
	wantDetail(t, status, m, 400, "OTP code has expired")
	// Reset puts the clock back and forgets the sessions.
	h.do("POST", "/__admin/reset", "")
	status, m = h.do("POST", approvePath, approveBody(id2, code2, false, "pdf"))
	wantDetail(t, status, m, 400, "You have not sent a request for access to an e-document")
}

func TestConcurrentApproves(t *testing.T) {
	h := start(t, scenarios.Default())
	for round := 0; round < 5; round++ {
		id, code := h.request("passport", happyIIN, happyTel)
		const n = 16
		var wg sync.WaitGroup
		results := make(chan string, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, m := h.do("POST", approvePath, approveBody(id, code, true, "pdf"))
				if status == 200 {
					results <- "200"
					return
				}
				results <- fmt.Sprint(status, " ", m["detail"])
			}()
		}
		wg.Wait()
		close(results)
		ok := 0
		for r := range results {
			switch r {
			case "200":
				ok++
			case "400 You have already requested a document for this session", "400 EDocument for this session has already been received":
			default:
				t.Errorf("unexpected answer %q", r)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d approves got 200, want exactly 1", round, ok)
		}
	}
}

func TestCatalogue(t *testing.T) {
	h := start(t, scenarios.Default())
	cases := []struct {
		iin, phone string
		status     int
		detail     string
		minDelay   time.Duration
	}{
		{"900101300027", "+77010000002", 404, "Subject not found in CMDB", 0},
		{"900101300037", "+77010000003", 404, "Profile is not found", 0},
		{"900101300047", "+77010000004", 503, "Can`t connect to e-document service", 0},
		{"900101300057", "+77010000005", 503, "EDocument service is not available now", 0},
		{"900101300067", "+77010000006", 504, "Could not send request to e-document service", time.Second},
		{"900101300077", "+77010000007", 424, "Government service error", 0},
	}
	for _, c := range cases {
		t.Run(c.iin, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			status, m := h.do("POST", reqPath+"identity_card/", reqBody(activeKey, c.iin, c.phone))
			wantDetail(t, status, m, c.status, c.detail)
			if time.Since(start) < c.minDelay {
				t.Errorf("answered after %v, want at least %v", time.Since(start), c.minDelay)
			}
		})
	}
	t.Run("failure_reason", func(t *testing.T) {
		id, code := h.request("identity_card", "900101300087", "+77010000008")
		status, m := h.do("POST", approvePath, approveBody(id, code, true, "pdf"))
		if status != 200 || m["failure_reason"] == nil || m["result_json"] != nil || m["document_pdf"] != nil || m["face_photo"] != nil {
			t.Errorf("got %d %v", status, m)
		}
	})
	t.Run("slow citizen", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		id, code := h.request("identity_card", "900101300097", "+77010000009")
		if time.Since(start) < 3*time.Second {
			t.Errorf("request answered after %v, want >= 3s", time.Since(start))
		}
		if status, _ := h.do("POST", approvePath, approveBody(id, code, false, "pdf")); status != 200 {
			t.Errorf("approve: %d", status)
		}
	})
	t.Run("first request after reset fails", func(t *testing.T) {
		body := reqBody(activeKey, "900101300106", "+77010000010")
		status, m := h.do("POST", reqPath+"identity_card/", body)
		wantDetail(t, status, m, 503, "EDocument service is not available now")
		if status, _ := h.do("POST", reqPath+"identity_card/", body); status != 200 {
			t.Errorf("second request: %d", status)
		}
		// POST /__admin/reset re-arms it.
		if status, _ := h.do("POST", "/__admin/reset", ""); status != 200 {
			t.Fatalf("reset: %d", status)
		}
		status, m = h.do("POST", reqPath+"identity_card/", body)
		wantDetail(t, status, m, 503, "EDocument service is not available now")
		if status, _ := h.do("POST", reqPath+"identity_card/", body); status != 200 {
			t.Errorf("second request after the reset: %d", status)
		}
	})
	t.Run("wife holds three types", func(t *testing.T) {
		for _, slug := range document.Slugs() {
			id, code := h.request(slug, "850515400012", "+77010000011")
			held := slug == "identity_card" || slug == "driver_license" || slug == "marriage_certificate"
			if held != (code != "") {
				t.Errorf("%s: held %v, SMS code %q", slug, held, code)
			}
			if !held {
				status, m := h.do("POST", approvePath, approveBody(id, "123456", false, "pdf"))
				wantDetail(t, status, m, 400, "Invalid OTP code")
			}
		}
	})
	t.Run("happy citizen holds all 24", func(t *testing.T) {
		numbers := map[string]bool{}
		for _, slug := range document.Slugs() {
			id, code := h.request(slug, happyIIN, happyTel)
			status, m := h.do("POST", approvePath, approveBody(id, code, false, "pdf"))
			if status != 200 {
				t.Fatalf("%s: %d %v", slug, status, m)
			}
			common := m["result_json"].(map[string]any)["common"].(map[string]any)
			numbers[common["docNumber"].(string)] = true
		}
		if len(numbers) != 24 {
			t.Errorf("24 types gave %d distinct document numbers", len(numbers))
		}
	})
}

func TestCustomScenarioThroughAdmin(t *testing.T) {
	h := start(t, scenarios.Default())
	yaml := `name: custom
otp: {fixed: "4242", ttl: 1m, max_attempts: 1}
edoc:
  clients: [{api_key: my-key-000000000000000000000000000000000000000000, subscription: active}]
citizens:
  - {iin: "850515400306", surname: ТЕСТОВА, name: ЖАНАР, phone: "+77770000001", documents: {diploma: {number: "DP-1"}}}
faults:
  - {when: {service: edoc, operation: approve, document_type: diploma}, status: 503, body: {detail: EDocument service is not available now}, times: 1}
`
	status, raw := h.raw("PUT", "/__admin/scenario", yaml)
	if status != 200 {
		t.Fatalf("PUT scenario: %d %s", status, raw)
	}
	if _, m := h.do("GET", "/__admin/health", ""); m["scenario"] != "custom" {
		t.Fatalf("health: %v", m)
	}
	status, m := h.do("POST", reqPath+"diploma/", `{"api_key":"my-key-000000000000000000000000000000000000000000","iin":"850515400306","phone":"87770000001"}`)
	if status != 200 {
		t.Fatalf("request: %d %v", status, m)
	}
	id := m["backend_session_id"].(string)
	if code := h.codeFor(id, "+77770000001"); code != "4242" {
		t.Fatalf("fixed code: %q", code)
	}
	status, m = h.do("POST", approvePath, approveBody(id, "4242", false, "pdf"))
	wantDetail(t, status, m, 503, "EDocument service is not available now")
	status, m = h.do("POST", approvePath, approveBody(id, "4242", false, "pdf"))
	if status != 200 || m["result_json"].(map[string]any)["common"].(map[string]any)["docNumber"] != "DP-1" {
		t.Fatalf("approve after the fault: %d %v", status, m)
	}
	// The old catalogue is gone.
	status, m = h.do("POST", reqPath+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	wantDetail(t, status, m, 401, "Invalid API key")
	// A refused scenario names the line and leaves the active one in place.
	status, raw = h.raw("PUT", "/__admin/scenario", "name: bad\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\n")
	if status != 400 || !bytes.Contains(raw, []byte(`"line":3`)) {
		t.Fatalf("refused PUT: %d %s", status, raw)
	}
	if _, m := h.do("GET", "/__admin/health", ""); m["scenario"] != "custom" {
		t.Fatalf("after a refused PUT: %v", m)
	}
	if status, raw = h.raw("PUT", "/__admin/scenario?name=default", ""); status != 200 {
		t.Fatalf("PUT ?name=default: %d %s", status, raw)
	}
}

func TestAdminAPI(t *testing.T) {
	h := start(t, scenarios.Default())
	h.request("identity_card", happyIIN, happyTel)
	status, m := h.do("GET", "/__admin/requests", "")
	reqs := m["requests"].([]any)
	if status != 200 || len(reqs) != 1 || reqs[0].(map[string]any)["status"].(float64) != 200 {
		t.Fatalf("journal: %v", m)
	}
	if status, m = h.do("DELETE", "/__admin/requests", ""); status != 200 {
		t.Fatal(status)
	}
	if _, m = h.do("GET", "/__admin/requests", ""); len(m["requests"].([]any)) != 0 {
		t.Fatal("journal not cleared")
	}
	if status, m = h.do("GET", "/__admin/scenarios", ""); status != 200 || len(m["scenarios"].([]any)) < 3 {
		t.Fatalf("scenarios: %v", m)
	}
	status, raw := h.raw("GET", "/__admin/scenario", "")
	if status != 200 || !bytes.Contains(raw, []byte("# The built-in catalogue")) {
		t.Fatalf("scenario: %d", status)
	}
	if status, m = h.do("GET", "/__admin/sms?phone=123", ""); status != 400 {
		t.Fatalf("bad phone: %d", status)
	}
	if status, m = h.do("POST", "/__admin/clock", `{"advance":"-1m"}`); status != 400 {
		t.Fatalf("negative advance: %d", status)
	}
}

func TestBadInputNeverFails(t *testing.T) {
	h := start(t, scenarios.Default())
	h.client = &http.Client{Timeout: 10 * time.Second} // these exchanges are off-contract on purpose
	big := `{"api_key":"` + strings.Repeat("a", 1<<20) + `","iin":"1","phone":"2"}`
	status, m := h.do("POST", reqPath+"identity_card/", big)
	if status != 413 || m["detail"] == nil {
		t.Errorf("oversized body: %d %v", status, m)
	}
	for _, body := range []string{"null", "{}", `{"api_key":null}`, "{\"api_key\":\"\xff\"}", `{"a":1}{"b":2}`, "   ", `{"api_key":"k","iin":"1","phone":"2","extra":{"x":[1,2]}}`} {
		for _, p := range []string{reqPath + "identity_card/", approvePath} {
			status, _ := h.raw("POST", p, body)
			if status < 400 || status >= 500 {
				t.Errorf("POST %s %q: %d", p, body, status)
			}
		}
	}
	if status, m = h.do("GET", approvePath, ""); status != 405 {
		t.Errorf("GET approve: %d %v", status, m)
	}
	if status, m = h.do("POST", "/api/v1/backend/e-document/online-access/approve", "{}"); status != 404 || m["detail"] != "Not found." {
		t.Errorf("no trailing slash: %d %v", status, m)
	}
}
