package edoc_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	expiredKey    = "edoc_test_expired_000000000000000000000000000000"
	notStartedKey = "edoc_test_notstarted_000000000000000000000000000"
	noSubKey      = "edoc_test_nosubscription_0000000000000000000000"
	noAccessKey   = "edoc_test_noaccess_00000000000000000000000000000"
)

type coverageReport struct {
	Total, Covered int
	Share          float64
	Outcomes       []struct {
		Name string
		Hits int64
	}
}

func (h *harness) coverage() coverageReport {
	h.t.Helper()
	status, raw := h.raw("GET", "/__admin/coverage", "")
	var r coverageReport
	if status != 200 || json.Unmarshal(raw, &r) != nil {
		h.t.Fatalf("coverage: %d %s", status, raw)
	}
	return r
}

func (h *harness) junitFailures() int {
	h.t.Helper()
	status, raw := h.raw("GET", "/__admin/coverage?format=junit", "")
	var s struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if status != 200 || xml.Unmarshal(raw, &s) != nil {
		h.t.Fatalf("junit: %d %s", status, raw)
	}
	if s.Tests != len(edoc.Outcomes) {
		h.t.Errorf("junit: %d testcases, want %d", s.Tests, len(edoc.Outcomes))
	}
	return s.Failures
}

// journalLast is the newest journal entry.
func (h *harness) journalLast() journal.Entry {
	h.t.Helper()
	es := h.srv.Requests()
	if len(es) == 0 {
		h.t.Fatal("empty journal")
	}
	return es[len(es)-1]
}

func TestCoverageNoneHit(t *testing.T) {
	h := start(t, scenarios.Default())
	r := h.coverage()
	if r.Covered != 0 || r.Share != 0 || r.Total != len(edoc.Outcomes) || len(r.Outcomes) != r.Total {
		t.Fatalf("fresh coverage: %+v", r)
	}
	for i, o := range r.Outcomes {
		if o.Name != edoc.Outcomes[i].Name || o.Hits != 0 {
			t.Errorf("outcome %d: %+v, want %s with 0 hits", i, o, edoc.Outcomes[i].Name)
		}
	}
	if n := h.junitFailures(); n != len(edoc.Outcomes) {
		t.Errorf("junit failures: %d, want %d", n, len(edoc.Outcomes))
	}
}

// TestCoverageEveryOutcome hits every documented outcome once and sees 100 %; each call's
// journal entry names the outcome it was.
func TestCoverageEveryOutcome(t *testing.T) {
	h := start(t, scenarios.Default())
	h.badRequests = true
	want := func(outcome string) {
		t.Helper()
		if e := h.journalLast(); e.Outcome != outcome {
			t.Errorf("journal: outcome %q, want %q (%s %d)", e.Outcome, outcome, e.Path, e.Status)
		}
	}
	request := func(key, iin, phone, docType, outcome string) string {
		t.Helper()
		_, m := h.do("POST", reqPath+docType+"/", reqBody(key, iin, phone))
		want(outcome)
		id, _ := m["backend_session_id"].(string)
		return id
	}
	request(activeKey, "900101300027", "+77010000002", "identity_card", "subject_not_in_cmdb")
	request(activeKey, "900101300037", "+77010000003", "identity_card", "profile_not_found")
	request(activeKey, "900101300047", "+77010000004", "identity_card", "cant_connect")
	request(activeKey, "900101300057", "+77010000005", "identity_card", "service_unavailable")
	request(activeKey, "900101300067", "+77010000006", "identity_card", "gateway_timeout")
	request(activeKey, "900101300077", "+77010000007", "identity_card", "government_error")
	request(activeKey, "900101300018", happyTel, "identity_card", "invalid_iin")
	request(noAccessKey, happyIIN, happyTel, "identity_card", "no_access")
	request(notStartedKey, happyIIN, happyTel, "identity_card", "subscription_not_started")
	request(expiredKey, happyIIN, happyTel, "identity_card", "no_active_subscription")
	request(noSubKey, happyIIN, happyTel, "identity_card", "no_subscription")
	request(activeKey, happyIIN, happyTel, "no_such_type", "unknown_document_type")
	request("edoc_test_activ_0000000000000000000000000000000", happyIIN, happyTel, "identity_card", "invalid_api_key")
	request(activeKey, happyIIN, "12345", "identity_card", "invalid_phone")
	request(activeKey, "850515400012", "+77010000011", "diploma", "request_no_sms")

	approve := func(id, code string, file bool, ft, outcome string) {
		t.Helper()
		h.do("POST", approvePath, approveBody(id, code, file, ft))
		want(outcome)
	}
	id, code := h.request("identity_card", happyIIN, happyTel)
	want("request_sms")
	approve(id, "000000x", false, "pdf", "invalid_otp")
	approve(id, code, false, "pdf", "approve_json")
	approve(id, code, false, "pdf", "already_received")
	id, code = h.request("driver_license", happyIIN, happyTel)
	approve(id, code, true, "pdf", "approve_pdf")
	id, code = h.request("driver_license", happyIIN, happyTel)
	approve(id, code, true, "image", "approve_image")
	id, _ = h.request("identity_card", happyIIN, happyTel)
	for i := 0; i < 3; i++ {
		approve(id, "wrong!", false, "pdf", "invalid_otp")
	}
	approve(id, "wrong!", false, "pdf", "already_requested")
	approve("00000000-0000-4000-8000-000000000000", "123456", false, "pdf", "not_requested")
	id, code = h.request("identity_card", "900101300087", "+77010000008")
	approve(id, code, false, "pdf", "approve_failure_reason")
	id, code = h.request("identity_card", happyIIN, happyTel)
	if err := h.srv.Advance(6 * 60e9); err != nil {
		t.Fatal(err)
	}
	approve(id, code, false, "pdf", "otp_expired")

	r := h.coverage()
	for _, o := range r.Outcomes {
		if o.Hits == 0 {
			t.Errorf("outcome %s never hit", o.Name)
		}
	}
	if r.Covered != r.Total || r.Share != 1 {
		t.Errorf("coverage %d/%d (%v), want 100 %%", r.Covered, r.Total, r.Share)
	}
	if n := h.junitFailures(); n != 0 {
		t.Errorf("junit failures: %d", n)
	}
	// A scenario change is not a reset: the counts stay. A reset clears them.
	if status, raw := h.raw("PUT", "/__admin/scenario?name=flaky", ""); status != 200 {
		t.Fatalf("PUT scenario: %d %s", status, raw)
	}
	if r := h.coverage(); r.Covered != r.Total {
		t.Errorf("after a scenario change: %d/%d", r.Covered, r.Total)
	}
	h.do("POST", "/__admin/reset", "")
	if r := h.coverage(); r.Covered != 0 {
		t.Errorf("after a reset: %d covered", r.Covered)
	}
}

func TestReasons(t *testing.T) {
	h := start(t, scenarios.Default())
	h.badRequests = true
	reasonOf := func(key, iin, phone, docType string) (int, string, string, journal.Entry) {
		t.Helper()
		req, _ := http.NewRequest("POST", h.url+reqPath+docType+"/", strings.NewReader(reqBody(key, iin, phone)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := h.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		detail, _ := m["detail"].(string)
		return resp.StatusCode, detail, resp.Header.Get(shell.ReasonHeader), h.journalLast()
	}
	for _, c := range []struct {
		name, key, iin, phone, docType string
		status                         int
		detail                         string
		reason                         []string
	}{
		{"unknown IIN", activeKey, "850515400306", happyTel, "identity_card", 404, "Subject not found in CMDB", []string{"IIN 850515400306 is not in the scenario's population"}},
		{"no phone in CMDB", activeKey, "900101300027", "+77010000002", "identity_card", 404, "Subject not found in CMDB", []string{"has no phone"}},
		{"another phone", activeKey, happyIIN, "+77010000099", "identity_card", 404, "Subject not found in CMDB", []string{"phone in CMDB is 7701*****01, not 7701*****99"}},
		{"no such document", activeKey, "850515400012", "+77010000011", "diploma", 200, "", []string{"no SMS", "holds no diploma", "holds: driver_license, identity_card, marriage_certificate"}},
		{"unknown key", "edoc_test_active_00000000000000000000000000000XY", happyIIN, happyTel, "identity_card", 401, "Invalid API key", []string{"closest known key is " + activeKey}},
	} {
		status, detail, header, e := reasonOf(c.key, c.iin, c.phone, c.docType)
		if status != c.status || detail != c.detail {
			t.Errorf("%s: the answer changed: %d %q", c.name, status, detail)
		}
		for _, want := range c.reason {
			if !strings.Contains(e.Reason, want) {
				t.Errorf("%s: journal reason %q, want %q in it", c.name, e.Reason, want)
			}
		}
		if header == "" || header != e.Reason {
			t.Errorf("%s: %s %q, journal %q", c.name, shell.ReasonHeader, header, e.Reason)
		}
	}
	// A success with nothing to explain has no header.
	req, _ := http.NewRequest("POST", h.url+reqPath+"identity_card/", strings.NewReader(reqBody(activeKey, happyIIN, happyTel)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v := resp.Header.Get(shell.ReasonHeader); v != "" {
		t.Errorf("a plain success has a reason: %q", v)
	}
}

func TestReasonHeaderOff(t *testing.T) {
	srv := newHandler(t, scenarios.Default(), shell.Settings{NoReasonHeader: true})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	resp, err := http.Post(ts.URL+reqPath+"identity_card/", "application/json", strings.NewReader(reqBody(activeKey, "900101300027", "+77010000002")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || resp.Header.Get(shell.ReasonHeader) != "" {
		t.Errorf("NoReasonHeader: %d %q", resp.StatusCode, resp.Header.Get(shell.ReasonHeader))
	}
	if es := srv.Requests(); len(es) != 1 || !strings.Contains(es[0].Reason, "has no phone") {
		t.Errorf("the journal keeps the reason: %+v", es)
	}
}

func TestSkippedFaultReasonAndFaultJournaled(t *testing.T) {
	s, err := scenarios.Parse("roll.yaml", []byte(`name: roll
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, phone: "+77010000001", all_documents: true}
faults:
  - {when: {service: edoc, operation: request, document_type: passport}, error: cant_connect, probability: 0}
  - {when: {service: edoc, operation: request, document_type: diploma}, error: government_error}
`))
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, s)
	if status, _ := h.do("POST", reqPath+"passport/", reqBody(activeKey, happyIIN, happyTel)); status != 200 {
		t.Fatalf("passport: %d", status)
	}
	e := h.journalLast()
	if !strings.Contains(e.Reason, "fault #0") || !strings.Contains(e.Reason, "probability roll skipped it") || e.Fault != nil {
		t.Errorf("skipped fault: %+v", e)
	}
	if status, _ := h.do("POST", reqPath+"diploma/", reqBody(activeKey, happyIIN, happyTel)); status != 424 {
		t.Fatalf("diploma: %d", status)
	}
	e = h.journalLast()
	if e.Fault == nil || e.Fault.Index != 1 || e.Fault.When["document_type"] != "diploma" || e.Fault.Does != "government_error" || e.Outcome != "government_error" {
		t.Errorf("fired fault: %+v %+v", e, e.Fault)
	}
}

func TestJournalEntryAndFilters(t *testing.T) {
	h := start(t, scenarios.Default())
	id, code := h.request("identity_card", happyIIN, happyTel)
	e := h.journalLast()
	if e.Operation != "request" || e.Session != id || e.Subject == nil || *e.Subject != (journal.Subject{IIN: happyIIN, DocumentType: "identity_card", Phone: happyTel}) ||
		!strings.Contains(e.Request, happyIIN) || !strings.Contains(e.Response, id) || e.Tenant != "" {
		t.Errorf("request entry: %+v", e)
	}
	if status, _ := h.do("POST", approvePath, approveBody(id, code, true, "pdf")); status != 200 {
		t.Fatal(status)
	}
	e = h.journalLast()
	if e.Outcome != "approve_pdf" || e.Session != id || e.Subject.IIN != happyIIN || !strings.Contains(e.Response, `"document_pdf":"<base64 pdf, `) ||
		len(e.Response) > journal.BodyCap+4 || !strings.Contains(e.Request, code) {
		t.Errorf("approve entry: outcome %q session %q response %d bytes: %.300s", e.Outcome, e.Session, len(e.Response), e.Response)
	}
	h.do("POST", reqPath+"identity_card/", reqBody(activeKey, "900101300027", "+77010000002"))
	list := func(q string) []journal.Entry {
		t.Helper()
		status, raw := h.raw("GET", "/__admin/requests?"+q, "")
		var m struct{ Requests []journal.Entry }
		if status != 200 || json.Unmarshal(raw, &m) != nil {
			t.Fatalf("requests?%s: %d %s", q, status, raw)
		}
		return m.Requests
	}
	if es := list("session=" + id); len(es) != 2 {
		t.Errorf("?session: %d entries", len(es))
	}
	if es := list("phone=87010000001"); len(es) != 1 || es[0].Session != id {
		t.Errorf("?phone: %+v", es)
	}
	if es := list("iin=900101300027"); len(es) != 1 || es[0].Outcome != "subject_not_in_cmdb" {
		t.Errorf("?iin: %+v", es)
	}
	if es := list("outcome=approve_pdf"); len(es) != 1 {
		t.Errorf("?outcome: %+v", es)
	}
	if es := list("since=1h"); len(es) != 3 {
		t.Errorf("?since=1h: %d", len(es))
	}
	if es := list("since=2100-01-01T00:00:00Z"); len(es) != 0 {
		t.Errorf("?since=future: %d", len(es))
	}
	if status, _ := h.raw("GET", "/__admin/requests?since=soon", ""); status != 400 {
		t.Errorf("a bad since: %d", status)
	}
	// A tenant's entries carry its name.
	h.do("POST", "/t/qa/"+strings.TrimPrefix(reqPath, "/")+"identity_card/", reqBody(activeKey, happyIIN, happyTel))
	status, raw := h.raw("GET", "/t/qa/__admin/requests", "")
	if status != 200 || !strings.Contains(string(raw), `"tenant":"qa"`) {
		t.Errorf("tenant journal: %d %s", status, raw)
	}
}

func TestReasonsOfApprove(t *testing.T) {
	h := start(t, scenarios.Default())
	h.do("POST", approvePath, approveBody("00000000-0000-4000-8000-000000000000", "123456", false, "pdf"))
	if e := h.journalLast(); e.Outcome != "not_requested" || !strings.Contains(e.Reason, "never opened, or forgotten by a reset") {
		t.Errorf("not requested: %+v", e)
	}
	id, code := h.request("identity_card", "900101300087", "+77010000008")
	h.do("POST", approvePath, approveBody(id, code, false, "pdf"))
	if e := h.journalLast(); e.Outcome != "approve_failure_reason" || !strings.Contains(e.Reason, "edoc_failure") || e.Subject.IIN != "900101300087" {
		t.Errorf("failure_reason: %+v", e)
	}
}
