// This file is package contracts_test, not contracts: it imports the simulators (internal/...) to ask
// them what they actually send. The rule that contracts never imports internal/ is about the library
// code, which describes the wire, not the implementation; a test may look at the implementation to
// keep the two equal.
package contracts_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/document"
	sedoc "github.com/egovsim/egovsim/internal/edoc"
	segov "github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/scenarios"
)

// sent is what the simulators say, collected from the upstream tables and from probes of the real handlers.
type sent struct {
	texts map[string]bool // every detail, message and error text
	codes map[string]bool // every gateway error code
}

func (s *sent) add(text string) { s.texts[text] = true }

type probe struct {
	t       *testing.T
	base    string
	headers map[string]string
}

// call sends one request and returns the status and the decoded JSON body.
func (p probe) call(method, path, ct, body string, header map[string]string) (int, map[string]any) {
	p.t.Helper()
	req, err := http.NewRequest(method, p.base+path, strings.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	for k, v := range p.headers {
		req.Header.Set(k, v)
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		p.t.Errorf("%s %s: %d answer is not a JSON object: %.200s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

func str(v any) string { s, _ := v.(string); return s }

const (
	edocAPI   = "/api/v1/backend/e-document/online-access/"
	activeKey = "edoc_test_active_0000000000000000000000000000000"
)

// edocTexts asks mock-edoc (and its admin API) for every text an example may quote.
func edocTexts(t *testing.T, s *sent) {
	srv, err := sedoc.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	p := probe{t: t, base: ts.URL}
	detail := func(method, path, ct, body string) {
		t.Helper()
		_, m := p.call(method, path, ct, body, nil)
		s.add(str(m["detail"]))
	}
	const ctJSON = "application/json"
	detail("POST", edocAPI+"request/identity_card/", ctJSON, `{"api_key":"k"}`)
	detail("POST", edocAPI+"request/identity_card/", "text/plain", `{}`)
	detail("POST", edocAPI+"request/identity_card/", ctJSON, `{`)
	detail("POST", edocAPI+"approve/", ctJSON, `{`)
	detail("POST", edocAPI+"approve/", ctJSON, `{"backend_session_id":"s","code":"1","file":true,"file_type":"doc"}`)
	detail("POST", edocAPI+"approve", ctJSON, `{}`)
	detail("POST", edocAPI+"request/identity_card", ctJSON, `{}`)
	for _, m := range []string{"GET", "PUT", "PATCH", "DELETE"} {
		detail(m, edocAPI+"approve/", "", "")
		detail(m, edocAPI+"request/identity_card/", "", "")
	}

	// Admin: the SMS text (with the example's code), the scenarios, refusals, the clock.
	if st, _ := p.call("POST", edocAPI+"request/identity_card/", ctJSON,
		`{"api_key":"`+activeKey+`","iin":"900101300017","phone":"77010000001"}`, nil); st != 200 {
		t.Fatalf("request for the SMS: %d", st)
	}
	_, m := p.call("GET", "/__admin/sms?phone=77010000001", "", "", nil)
	for _, msg := range m["messages"].([]any) {
		mm := msg.(map[string]any)
		s.add(strings.ReplaceAll(str(mm["text"]), str(mm["code"]), "123456"))
	}
	_, m = p.call("GET", "/__admin/scenarios", "", "", nil)
	for _, sc := range m["scenarios"].([]any) {
		s.add(str(sc.(map[string]any)["description"]))
	}
	_, m = p.call("GET", "/__admin/sms?phone=12", "", "", nil)
	s.add(str(m["error"]))
	_, m = p.call("POST", "/__admin/clock", ctJSON, `{"advance":"soon"}`, nil)
	s.add(str(m["error"]))
	for _, put := range []struct{ path, body string }{
		{"/__admin/scenario?name=nope", ""},
		{"/__admin/scenario", "name: x\ncitizens:\n  - surname: A\n    iin: \"900101300018\"\n    name: B\n"},
	} {
		_, m = p.call("PUT", put.path, "text/yaml", put.body, nil)
		for _, e := range m["errors"].([]any) {
			s.add(str(e.(map[string]any)["message"]))
		}
	}
	// The MCDB dialect of the CMDB 404.
	mcdb := "name: mcdb\nedoc:\n  dialect: {cmdb_text: MCDB}\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B}\n"
	if st, m := p.call("PUT", "/__admin/scenario", "text/yaml", mcdb, nil); st != 200 {
		t.Errorf("a scenario with the MCDB dialect refused: %v", m)
	}
	detail("POST", edocAPI+"request/identity_card/", ctJSON, `{"api_key":"`+activeKey+`","iin":"900101300017","phone":"77010000001"}`)

	// The token's 401.
	guarded, err := sedoc.NewServer(scenarios.Default(), shell.Settings{AdminToken: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	gs := httptest.NewServer(guarded)
	defer gs.Close()
	_, m = probe{t: t, base: gs.URL}.call("GET", "/__admin/health", "", "", nil)
	s.add(str(m["error"]))
}

// egovTexts asks mock-egov for every message and code an example may quote.
func egovTexts(t *testing.T, s *sent) {
	srv, err := segov.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	p := probe{t: t, base: ts.URL, headers: map[string]string{
		"Authorization": "Bearer egov_test_api_key", "X-Egov-Sender-Id": "test-sender", "X-Egov-Password": "test-password",
	}}
	call := func(method, op, body string, header map[string]string) {
		t.Helper()
		_, m := p.call(method, "/api/egov/"+op, "application/json", body, header)
		s.add(str(m["message"]))
		s.codes[str(m["code"])] = true
	}
	call("POST", "familyInfoServiceSync", `{"iin":"900101300018","senderCode":"TEST_SENDER"}`, nil)
	call("POST", "gbdflUniversalServiceSync", `{"senderCode":"TEST_SENDER","surname":"ИВАНОВ","name":"ИВАН"}`, nil)
	call("POST", "familyInfoServiceSync", `{}`, map[string]string{"Authorization": ""})
	call("POST", "familyInfoServiceSync", `{}`, map[string]string{"Authorization": "Bearer wrong"})
	call("POST", "familyInfoServiceSync", `{}`, map[string]string{"X-Egov-Sender-Id": ""})
	call("POST", "familyInfoServiceSync", `{}`, map[string]string{"X-Egov-Password": "wrong"})
	call("POST", "gbdflSync", `{}`, nil)
	call("POST", "paymentInfoRequest", `{"paymentId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","senderCode":"TEST_SENDER"}`, nil)
	call("POST", "citsDebts", `{"iinBin":"`+strings.Repeat("1", 2<<20)+`"}`, nil)
	call("POST", "gbdflUniversalServiceSync", `{"senderCode":"TEST_SENDER","iin":"750220300021"}`, nil)
	call("POST", "gbdflUniversalServiceSync", `{"senderCode":"TEST_SENDER","iin":"750220300011"}`, nil)
	for _, m := range []string{"GET", "PUT", "PATCH", "DELETE"} {
		call(m, "gbdflUniversalServiceSync", "", nil)
	}
	for _, e := range []*upstream.Egov{upstream.EgovValidation, upstream.EgovUnauthorized, upstream.EgovForbidden,
		upstream.EgovUnknownOperation, upstream.EgovPaymentNotFound, upstream.EgovPayloadTooLarge,
		upstream.EgovServiceUnavailable, upstream.EgovGatewayTimeout, upstream.EgovUpstreamError} {
		s.codes[e.Code] = true
		// Fault errors answer with the table's message; the others carry their own.
		if slices.Contains(upstream.EgovFaults, e) {
			s.add(e.Message)
		}
	}
}

func serverTexts(t *testing.T) *sent {
	s := &sent{texts: map[string]bool{}, codes: map[string]bool{}}
	for _, e := range upstream.EdocErrors {
		s.add(e.Detail)
	}
	s.add(upstream.PayloadTooLarge.Detail)
	edocTexts(t, s)
	egovTexts(t, s)
	delete(s.texts, "")
	delete(s.codes, "")
	return s
}

// quoted is a text an example of a contract quotes.
type quoted struct{ example, where, field, text string }

// examples walks every response example of doc and returns the texts they quote.
func examples(t *testing.T, name string, doc *openapi3.T) []quoted {
	var out []quoted
	var example string
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				switch k {
				case "detail", "message", "error", "text", "description", "code":
					if s, ok := x.(string); ok && (k != "code" || name == contracts.EGovFile) && (k != "description" || name == contracts.AdminFile) {
						out = append(out, quoted{example, where + "/" + k, k, s})
						continue
					}
				}
				walk(where+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s/%d", where, i), x)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code, rr := range op.Responses.Map() {
				for _, mt := range rr.Value.Content {
					for exName, ex := range mt.Examples {
						example = fmt.Sprintf("%s %s %s %s", method, path, code, exName)
						walk(example, ex.Value.Value)
					}
				}
			}
		}
	}
	return out
}

// Every text an example quotes is one the simulators send, and every gateway code they send is in the
// ErrorCode enum: an example is what a user sees, not a paraphrase.
func TestExamplesQuoteWhatTheServersSend(t *testing.T) {
	s := serverTexts(t)
	// Texts the simulators do not send, quoted on purpose (e.g. user data in the success examples).
	notServerText := map[string]bool{}
	load := map[string]func() (*openapi3.T, error){contracts.EDocFile: contracts.EDoc, contracts.EGovFile: contracts.EGov, contracts.AdminFile: contracts.Admin}
	// Success bodies hold data, not texts: only error bodies, the SMS and the scenario list are compared.
	isData := regexp.MustCompile(` (200) (document|isoDates|found|family|schools|debtor|clean|arrears|upcoming|married|pupil|created|paid|apartment|session)$`)
	var missing []string
	for _, name := range []string{contracts.EDocFile, contracts.EGovFile, contracts.AdminFile} {
		doc, err := load[name]()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range examples(t, name, doc) {
			if isData.MatchString(q.example) || notServerText[q.text] {
				continue
			}
			if q.field == "code" {
				if !s.codes[q.text] {
					missing = append(missing, fmt.Sprintf("%s: %s: code %q is not one the gateway sends", name, q.where, q.text))
				}
				continue
			}
			if !s.texts[q.text] {
				missing = append(missing, fmt.Sprintf("%s: %s: %s %q is not what the server sends", name, q.where, q.field, q.text))
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
	if t.Failed() {
		var all []string
		for text := range s.texts {
			all = append(all, text)
		}
		sort.Strings(all)
		t.Logf("the servers send:\n  %s", strings.Join(all, "\n  "))
	}

	// Every code the gateway sends is in the contract's enum.
	egov, err := contracts.EGov()
	if err != nil {
		t.Fatal(err)
	}
	var enum []string
	for _, v := range egov.Components.Schemas["ErrorCode"].Value.Enum {
		enum = append(enum, v.(string))
	}
	for code := range s.codes {
		if !slices.Contains(enum, code) {
			t.Errorf("the gateway sends code %q, not in ErrorCode %v", code, enum)
		}
	}
}

// docType.code in the contract is the simulator's, type by type.
func TestDocTypeCodesAreTheSimulators(t *testing.T) {
	doc, err := contracts.EDoc()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, v := range doc.Components.Schemas["DocTypeCode"].Value.Enum {
		codes = append(codes, v.(string))
	}
	var want []string
	for _, typ := range document.Types {
		want = append(want, typ.Code)
	}
	if !slices.Equal(codes, want) {
		t.Errorf("DocTypeCode\n contract %v\nsimulator %v", codes, want)
	}
}

// The simulators' own answers pass their contracts: an approve of every type in each date dialect, a
// GBDFL person, the DRF edges.
func TestSimulatorAnswersPassTheContracts(t *testing.T) {
	edoc, err := contracts.EDoc()
	if err != nil {
		t.Fatal(err)
	}
	v, err := contracts.NewValidator(edoc)
	if err != nil {
		t.Fatal(err)
	}
	for _, dialect := range []string{"", "epoch_ms", "epoch_s", "iso"} {
		t.Run("dates "+dialect, func(t *testing.T) {
			sc := scenarios.Default()
			if dialect != "" {
				var err error
				sc, err = scenarios.Parse("dialect.yaml", []byte("name: d\nedoc:\n  dialect: {dates: "+dialect+"}\n"+
					"citizens:\n  - {iin: \"900101300017\", surname: ИВАНОВ, name: ИВАН, phone: \"+77010000001\", all_documents: true}\n"))
				if err != nil {
					t.Fatal(err)
				}
			}
			srv, err := sedoc.NewServer(sc, shell.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			hc := &http.Client{Transport: v.Transport(nil, func(err error) { t.Error(err) })}
			for _, slug := range document.Slugs() {
				id := postJSON(t, hc, ts.URL+edocAPI+"request/"+slug+"/", `{"api_key":"`+activeKey+`","iin":"900101300017","phone":"77010000001"}`)["backend_session_id"]
				code := smsCode(t, ts.URL, str(id))
				postJSON(t, hc, ts.URL+edocAPI+"approve/", `{"backend_session_id":"`+str(id)+`","code":"`+code+`","file":false,"file_type":"pdf"}`)
			}
			req, _ := http.NewRequest("POST", ts.URL+edocAPI+"approve/", strings.NewReader("{}"))
			req.Header.Set("Content-Type", "text/plain")
			// Off-contract on purpose (the request's media type): sent unchecked; the 415 it gets is
			// checked against the examples in TestExamplesQuoteWhatTheServersSend.
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
			if resp, err := hc.Get(ts.URL + edocAPI + "approve/"); err == nil {
				resp.Body.Close()
			}
		})
	}
}

func postJSON(t *testing.T, hc *http.Client, url, body string) map[string]any {
	t.Helper()
	resp, err := hc.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v %v", url, resp.StatusCode, out, err)
	}
	return out
}

func smsCode(t *testing.T, base, id string) string {
	t.Helper()
	resp, err := http.Get(base + "/__admin/sms?phone=77010000001")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Messages []struct {
			Code      string `json:"code"`
			SessionID string `json:"session_id"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, m := range out.Messages {
		if m.SessionID == id {
			return m.Code
		}
	}
	t.Fatalf("no SMS for session %s", id)
	return ""
}
