package egov

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/soap"
	"github.com/egovsim/egovsim/scenarios"
)

// validSOAP validates a whole message against the SyncChannel schemas with xmllint: a test fails
// without it under CI (CI set), and skips with the reason elsewhere.
func validSOAP(t testing.TB, msg []byte) {
	t.Helper()
	err := contracts.ValidateSyncChannel(msg)
	switch {
	case errors.Is(err, contracts.ErrNoXmllint) && os.Getenv("CI") != "":
		t.Fatalf("%v: CI is set, the SyncChannel answers must be validated", err)
	case errors.Is(err, contracts.ErrNoXmllint):
		t.Skipf("%v: the SyncChannel answers cannot be validated here", err)
	case err != nil:
		t.Error(err)
	}
}

// soapHarness is a simulator driven over its SyncChannel, every answer (and every request it
// means to be valid) checked with xmllint.
type soapHarness struct {
	t  *testing.T
	ts *httptest.Server
}

func newSOAP(t *testing.T, s *scenarios.Scenario) *soapHarness {
	t.Helper()
	srv, err := NewServer(s, shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &soapHarness{t: t, ts: ts}
}

// sendMessage is a SendMessage envelope for the operation op with its payload's elements (name,
// value pairs), from the catalogue's sender.
func sendMessage(op, messageID string, kv ...string) string {
	var svc *syncService
	for i := range syncServices {
		if syncServices[i].op == op {
			svc = &syncServices[i]
		}
	}
	return envelopeOf(svc.id, messageID, "", sender("test-sender", "test-password"), dataOf(svc.ns, svc.req, kv...))
}

func sender(id, password string) string {
	return "<sender><senderId>" + id + "</senderId><password>" + password + "</password></sender>"
}

func dataOf(ns, typ string, kv ...string) string {
	var b strings.Builder
	b.WriteString(`<data xmlns:p="` + ns + `" xsi:type="p:` + typ + `">`)
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString("<" + kv[i] + ">")
		_ = xml.EscapeText(&b, []byte(kv[i+1]))
		b.WriteString("</" + kv[i] + ">")
	}
	b.WriteString("</data>")
	return b.String()
}

func envelopeOf(serviceID, messageID, header, sender, data string) string {
	id := ""
	if messageID != "" {
		id = "<messageId>" + messageID + "</messageId>"
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v10="http://bip.bee.kz/SyncChannel/v10/Types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Header>` + header + `</soapenv:Header>
<soapenv:Body><v10:SendMessage><request>
<requestInfo>` + id + `<serviceId>` + serviceID + `</serviceId><messageDate>2026-01-15T10:00:00.000+05:00</messageDate>` + sender + `</requestInfo>
<requestData>` + data + `</requestData>
</request></v10:SendMessage></soapenv:Body></soapenv:Envelope>`
}

// soapAnswer is what a test reads of an answer.
type soapAnswer struct {
	status int
	raw    []byte
	Body   struct {
		Response *struct {
			Response struct {
				Info struct {
					MessageID     string `xml:"messageId"`
					CorrelationID string `xml:"correlationId"`
					ResponseDate  string `xml:"responseDate"`
					Code          string `xml:"status>code"`
					Message       string `xml:"status>message"`
					SessionID     string `xml:"sessionId"`
				} `xml:"responseInfo"`
				Data struct {
					Type  string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
					Inner string `xml:",innerxml"`
				} `xml:"responseData>data"`
			} `xml:"response"`
		} `xml:"http://bip.bee.kz/SyncChannel/v10/Types SendMessageResponse"`
		Fault *struct {
			Code   string `xml:"faultcode"`
			String string `xml:"faultstring"`
			Info   struct {
				Code    string `xml:"errorCode"`
				Message string `xml:"errorMessage"`
				Date    string `xml:"errorDate"`
			} `xml:"detail>SendMessageFault1_SendMessageFault"`
		} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Fault"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

// post sends body to path (SOAPPath when ""), text/xml, and reads the SOAP answer.
func (h *soapHarness) post(path, body string, hdr ...string) *soapAnswer {
	h.t.Helper()
	if path == "" {
		path = SOAPPath
	}
	req, err := http.NewRequest(http.MethodPost, h.ts.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", soap.ContentType)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	a := &soapAnswer{status: resp.StatusCode}
	if a.raw, err = io.ReadAll(resp.Body); err != nil {
		h.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != soap.ContentType {
		h.t.Fatalf("answer %d is %q, not %s: %s", a.status, ct, soap.ContentType, a.raw)
	}
	if err := xml.Unmarshal(a.raw, a); err != nil {
		h.t.Fatalf("answer %d is no XML: %v: %s", a.status, err, a.raw)
	}
	validSOAP(h.t, a.raw)
	return a
}

// ok posts a SendMessage that must succeed, and returns its payload.
func (h *soapHarness) ok(body string) *soapAnswer {
	h.t.Helper()
	validSOAP(h.t, []byte(body))
	a := h.post("", body)
	if a.status != http.StatusOK || a.Body.Response == nil {
		h.t.Fatalf("want 200 SendMessageResponse, got %d: %s", a.status, a.raw)
	}
	if info := a.Body.Response.Response.Info; info.Code != "SCSS001" || info.Message != "Message has been processed successfully" || info.MessageID == "" {
		h.t.Errorf("responseInfo = %+v", info)
	}
	return a
}

// fault posts body and wants a fault of this status and code whose message says want.
func (h *soapHarness) fault(body string, status int, code, want string) *soapAnswer {
	h.t.Helper()
	a := h.post("", body)
	f := a.Body.Fault
	switch {
	case f == nil:
		h.t.Errorf("want a %s fault, got %d: %s", code, a.status, a.raw)
	case a.status != status || f.Info.Code != code || !strings.Contains(f.Info.Message, want):
		h.t.Errorf("want %d %s %q, got %d %s %q", status, code, want, a.status, f.Info.Code, f.Info.Message)
	case f.Info.Date == "" || !strings.Contains(f.String, code):
		h.t.Errorf("fault without errorDate or code in faultstring: %s", a.raw)
	}
	return a
}

const (
	soapHappy   = "900101300017"
	soapNobody  = "900101300126"
	soapEntity  = "150140000012"
	soapOutage  = "750220300021"
	soapWife    = "850515400012"
	soapBadIIN  = "900101300018"
	soapSignURL = "http://127.0.0.1:9000"
)

// Every operation answers over SOAP: the catalogue's person (found) and nobody (empty lists), the
// payload in the envelope, its correlationId the request's messageId.
func TestSOAPEveryOperation(t *testing.T) {
	h := newSOAP(t, scenarios.Default())
	cases := []struct {
		op        string
		found     []string
		empty     []string
		want, not string // in the found answer's payload; in the empty one's
	}{
		{"gbdflUniversalServiceSync", []string{"senderCode", "TEST_SENDER", "iin", soapHappy}, []string{"senderCode", "TEST_SENDER", "iin", soapNobody}, "<person><iin>" + soapHappy + "</iin>", "<person>"},
		{"familyInfoServiceSync", []string{"senderCode", "TEST_SENDER", "iin", soapHappy}, []string{"senderCode", "TEST_SENDER", "iin", soapNobody}, "<marriageInfo>", "<marriageInfo>"},
		{"NEDBSyncSchoolData", []string{"locationCode", "750000000"}, []string{"locationCode", "111111111"}, "<school><bin>", "<school>"},
		{"checkDebtorByIINBIN", []string{"iinOrBin", soapWife}, []string{"iinOrBin", soapNobody}, "<item><execProc>", "<item>"},
		{"citsDebts", []string{"iinBin", soapEntity, "digitalSignBaseUrl", soapSignURL}, []string{"iinBin", soapNobody, "digitalSignBaseUrl", soapSignURL}, "<taxOrganization>", "<taxOrganization>"},
		{"citsUpcPays", []string{"iinBin", soapEntity, "digitalSignBaseUrl", soapSignURL}, []string{"iinBin", soapNobody, "digitalSignBaseUrl", soapSignURL}, "<taxOrganizations>", "<taxOrganization>"},
		{"zagsFindMarriageSync", []string{"senderCode", "TEST_SENDER", "iin", soapHappy}, []string{"senderCode", "TEST_SENDER", "iin", soapNobody}, "<marriageInfo>", "<marriageInfo>"},
		{"MON_NEDB_UNIVERSAL_SERVICE", []string{"senderCode", "TEST_SENDER", "iin", "150609600010"}, []string{"senderCode", "TEST_SENDER", "iin", soapNobody}, "<record>", "<record>"},
		{"GbdrnOwnerForRegCitizen", []string{"senderCode", "TEST_SENDER", "iin", soapHappy}, []string{"senderCode", "TEST_SENDER", "iin", soapNobody}, "<property><cadastralNumber>", "<property>"},
		{"initPaymentRequest", []string{"amount", "1500.50", "serviceId", "SVC-001", "iinOrBin", soapHappy}, nil, "<status>CREATED</status>", ""},
	}
	for _, c := range cases {
		t.Run(c.op, func(t *testing.T) {
			h.t = t
			a := h.ok(sendMessage(c.op, "req-123", c.found...))
			r := a.Body.Response.Response
			if r.Info.CorrelationID != "req-123" {
				t.Errorf("correlationId = %q, want the request's messageId req-123", r.Info.CorrelationID)
			}
			if !strings.Contains(r.Data.Inner, c.want) {
				t.Errorf("payload lacks %s: %s", c.want, r.Data.Inner)
			}
			if c.empty == nil {
				return
			}
			e := h.ok(sendMessage(c.op, "", c.empty...)).Body.Response.Response
			if strings.Contains(e.Data.Inner, c.not) {
				t.Errorf("empty answer holds %s: %s", c.not, e.Data.Inner)
			}
			if e.Info.CorrelationID == "" || e.Info.CorrelationID == e.Info.MessageID {
				t.Errorf("no messageId sent: correlationId = %q, want one generated for the request", e.Info.CorrelationID)
			}
		})
	}
	h.t = t
	// GBDFL's answer is the evidence's: cs:Response, with messageResult 00000.
	g := h.ok(sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapHappy)).Body.Response.Response.Data
	if !strings.HasSuffix(g.Type, ":Response") || !strings.Contains(g.Inner, "<messageResult><code>00000</code>") {
		t.Errorf("GBDFL data: type %q, payload %s", g.Type, g.Inner)
	}
}

// A payment made over SOAP settles on the world's clock, and paymentInfoRequest reads it; an
// unknown payment is a PAYMENT_NOT_FOUND fault.
func TestSOAPPayments(t *testing.T) {
	h := newSOAP(t, scenarios.Default())
	a := h.ok(sendMessage("initPaymentRequest", "", "amount", "2500", "serviceId", "SVC-001", "iinOrBin", soapHappy))
	var p struct {
		ID string `xml:"payment>paymentId"`
	}
	if err := xml.Unmarshal([]byte("<x>"+a.Body.Response.Response.Data.Inner+"</x>"), &p); err != nil || p.ID == "" {
		t.Fatalf("no paymentId (%v): %s", err, a.raw)
	}
	info := h.ok(sendMessage("paymentInfoRequest", "", "senderCode", "TEST_SENDER", "paymentId", p.ID))
	if !strings.Contains(info.Body.Response.Response.Data.Inner, "<paymentId>"+p.ID+"</paymentId>") {
		t.Errorf("paymentInfoRequest: %s", info.raw)
	}
	h.fault(sendMessage("paymentInfoRequest", "", "senderCode", "TEST_SENDER", "paymentId", "nope"), 404, "PAYMENT_NOT_FOUND", "Payment not found: nope")
	h.fault(sendMessage("initPaymentRequest", "", "amount", "lots", "serviceId", "SVC-001", "iinOrBin", soapHappy), 400, "SCE001", "amount: must be a number")
}

// The operations' own checks refuse as over JSON, with the JSON facade's words, as SCE001 or
// FORBIDDEN faults.
func TestSOAPParameterChecks(t *testing.T) {
	h := newSOAP(t, scenarios.Default())
	h.fault(sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapBadIIN), 400, "SCE001", "iin: must be 12 digits with a valid check digit")
	h.fault(sendMessage("gbdflUniversalServiceSync", "", "iin", soapHappy), 400, "SCE001", "senderCode: is required")
	h.fault(sendMessage("gbdflUniversalServiceSync", "", "senderCode", "OTHER", "iin", soapHappy), 403, "FORBIDDEN", "senderCode")
	h.fault(sendMessage("NEDBSyncSchoolData", ""), 400, "SCE001", "locationCode: is required")
	h.fault(sendMessage("citsDebts", "", "iinBin", soapEntity, "digitalSignBaseUrl", "ftp://x"), 400, "SCE001", "digitalSignBaseUrl")
	h.fault(sendMessage("familyInfoServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapHappy, "channel", "web"), 400, "SCE001", "unknown element channel for serviceId ZAGS_FamilyInfoServiceSync")
}

// Sender credentials are requestInfo/sender: missing or wrong, a FORBIDDEN fault; no bearer key
// is asked for.
func TestSOAPAuthentication(t *testing.T) {
	h := newSOAP(t, scenarios.Default())
	data := dataOf(GBDFLNS, "Request", "senderCode", "TEST_SENDER", "iin", soapHappy)
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", "", data), 403, "FORBIDDEN", "requestInfo/sender is required")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", "<sender><password>x</password></sender>", data), 403, "FORBIDDEN", "senderId is required")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", "<sender><senderId>test-sender</senderId></sender>", data), 403, "FORBIDDEN", "password is required")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", sender("test-sender", "wrong"), data), 403, "FORBIDDEN", "Invalid sender credentials")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", sender("other", "test-password"), data), 403, "FORBIDDEN", "Invalid sender credentials")
	// Credentials are checked before the serviceId, as over JSON before the operation.
	h.fault(envelopeOf("NoSuchService", "", "", sender("test-sender", "wrong"), data), 403, "FORBIDDEN", "Invalid sender credentials")
}

// Envelopes that are not a SendMessage are SCE001 faults naming what is wrong; an unknown
// serviceId is SCE004.
func TestSOAPMalformedEnvelopes(t *testing.T) {
	h := newSOAP(t, scenarios.Default())
	good := sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapHappy)
	data := dataOf(GBDFLNS, "Request", "iin", soapHappy)
	for _, c := range []struct{ name, body, want string }{
		{"empty", "", "empty body"},
		{"not XML", "hello", "text outside the root element"},
		{"JSON", `{"iin":"900101300017"}`, "text outside the root element"},
		{"cut short", good[:len(good)/2], "not well-formed XML"},
		{"DTD", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>` + good[strings.Index(good, "<soapenv:Envelope"):], "DTD"},
		{"two roots", good + "<x/>", "more than one root element"},
		{"not an envelope", `<Envelope/>`, "element Envelope (no namespace) is in the wrong namespace"},
		{"not SOAP", `<html><body/></html>`, "got element html (no namespace), want {http://schemas.xmlsoap.org/soap/envelope/}Envelope"},
		{"SOAP 1.2", `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>`, "SOAP 1.2"},
		{"no body", `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/></e:Envelope>`, "no Body"},
		{"empty body", `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>`, "want exactly one element, SendMessage"},
		{"wrong operation", strings.ReplaceAll(good, "v10:SendMessage", "v10:SendMessages"), "got element {http://bip.bee.kz/SyncChannel/v10/Types}SendMessages"},
		{"wrong namespace", strings.Replace(good, `xmlns:v10="http://bip.bee.kz/SyncChannel/v10/Types"`, `xmlns:v10="http://bip.bee.kz/SyncChannel/v11/Types"`, 1), "SendMessage is in the wrong namespace"},
		{"qualified request", strings.ReplaceAll(strings.ReplaceAll(good, "<request>", "<v10:request>"), "</request>", "</v10:request>"), "request is in the wrong namespace"},
		{"qualified requestInfo element", strings.ReplaceAll(good, "<serviceId>GBDFL_UniversalServiceSync</serviceId>", "<v10:serviceId>GBDFL_UniversalServiceSync</v10:serviceId>"), "must be unqualified"},
		{"no serviceId", strings.ReplaceAll(good, "<serviceId>GBDFL_UniversalServiceSync</serviceId>", ""), "serviceId is required"},
		{"no requestData", strings.Replace(good, good[strings.Index(good, "<requestData>"):strings.Index(good, "</requestData>")+len("</requestData>")], "", 1), "requestData is required"},
		{"unknown requestInfo element", strings.Replace(good, "<serviceId>", "<channel>web</channel><serviceId>", 1), "unknown element channel"},
		{"no xsi:type", strings.Replace(good, `xsi:type="p:Request"`, "", 1), "xsi:type is required"},
		{"undeclared prefix", strings.Replace(good, `xsi:type="p:Request"`, `xsi:type="q:Request"`, 1), `prefix "q" is not declared`},
		{"wrong payload namespace", envelopeOf("GBDFL_UniversalServiceSync", "", "", sender("test-sender", "test-password"), dataOf("http://message.persistence.interactive.nat/v2", "Request", "iin", soapHappy)), "does not fit serviceId GBDFL_UniversalServiceSync"},
		{"wrong payload type", envelopeOf("ZAGS_FamilyInfoServiceSync", "", "", sender("test-sender", "test-password"), data), "does not fit serviceId ZAGS_FamilyInfoServiceSync"},
		{"nested parameter", strings.Replace(good, "<iin>"+soapHappy+"</iin>", "<iin><v>1</v></iin>", 1), "must be text"},
		{"repeated parameter", strings.Replace(good, "<iin>", "<iin>1</iin><iin>", 1), "iin appears twice"},
		{"deep", `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/">` + strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40) + `</e:Envelope>`, "nested deeper than 32"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h.t = t
			h.fault(c.body, 400, "SCE001", c.want)
		})
	}
	h.t = t
	h.fault(envelopeOf("GBDFL_Universal", "", "", sender("test-sender", "test-password"), data), 404, "SCE004", `Unknown serviceId "GBDFL_Universal"`)
	// The transport: text/xml only; a body past the bound is refused before it is parsed.
	for ct, want := range map[string]string{"": "Content-Type is required", "application/json": "want text/xml", "application/soap+xml": "SOAP 1.2", "text/xml; charset=windows-1251": "want utf-8"} {
		a := h.post("", good, "Content-Type", ct)
		if a.status != 400 || a.Body.Fault == nil || !strings.Contains(a.Body.Fault.Info.Message, want) {
			t.Errorf("Content-Type %q: %d %s", ct, a.status, a.raw)
		}
	}
	big := strings.Replace(good, "<iin>", "<iin>"+strings.Repeat("1", 1<<20), 1)
	if a := h.post("", big); a.status != 413 || a.Body.Fault == nil || a.Body.Fault.Info.Code != "SCE001" {
		t.Errorf("a body past 1 MiB: %d %s", a.status, a.raw[:min(len(a.raw), 300)])
	}
	// Other methods and paths under SOAPPath.
	resp, err := h.ts.Client().Get(h.ts.URL + SOAPPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET %s = %d, Allow %q", SOAPPath, resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// The scenario's faults fire over SOAP as over JSON, by operation and IIN; soap_fault faults fire
// on SOAP calls only; transport faults break the connection.
func TestSOAPFaults(t *testing.T) {
	s, err := scenarios.Parse("t.yaml", []byte(`name: t
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН}
  - {iin: "850515400012", surname: ИВАНОВА, name: АЙГУЛЬ}
faults:
  - {when: {service: egov, operation: familyInfoServiceSync}, soap_fault: SCE909}
  - {when: {service: egov, operation: citsDebts}, soap_fault: SCE016}
  - {when: {service: egov, operation: NEDBSyncSchoolData}, status: 502}
  - {when: {service: egov, operation: checkDebtorByIINBIN}, transport: reset}
  - {when: {service: egov, iin: "850515400012"}, error: gateway_timeout}
  - {when: {service: egov, operation: citsUpcPays}, error: service_unavailable, delay: 50ms}
`))
	if err != nil {
		t.Fatal(err)
	}
	h := newSOAP(t, s)
	h.fault(sendMessage("familyInfoServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapHappy), 500, "SCE909", "Internal error")
	h.fault(sendMessage("citsDebts", "", "iinBin", soapHappy, "digitalSignBaseUrl", soapSignURL), 403, "SCE016", "signature")
	h.fault(sendMessage("NEDBSyncSchoolData", "", "locationCode", "750000000"), 502, "UPSTREAM_ERROR", "Bad Gateway")
	h.fault(sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapWife), 504, "GATEWAY_TIMEOUT", "did not answer in time")
	start := time.Now()
	h.fault(sendMessage("citsUpcPays", "", "iinBin", soapHappy, "digitalSignBaseUrl", soapSignURL), 503, "SERVICE_UNAVAILABLE", "temporarily unavailable")
	if time.Since(start) < 50*time.Millisecond {
		t.Error("the fault's delay was not played")
	}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+SOAPPath, strings.NewReader(sendMessage("checkDebtorByIINBIN", "", "iinOrBin", soapHappy)))
	req.Header.Set("Content-Type", soap.ContentType)
	if resp, err := h.ts.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("transport: reset answered %d", resp.StatusCode)
	}
	// A soap_fault does not fire on the JSON facade.
	j := newHarness(t, s)
	if st, _ := j.post("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": soapHappy}, nil); st != 200 {
		t.Errorf("JSON familyInfoServiceSync under a soap_fault = %d, want 200", st)
	}
}

// WS-Security: a wsse:Security header is accepted unverified; require_signature wants a
// ds:Signature in it (SCE005 when missing).
func TestSOAPSignature(t *testing.T) {
	const security = `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" soapenv:mustUnderstand="1">%s</wsse:Security>`
	const signature = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`
	data := dataOf(GBDFLNS, "Request", "senderCode", "TEST_SENDER", "iin", soapHappy)
	signed := envelopeOf("GBDFL_UniversalServiceSync", "", strings.Replace(security, "%s", signature, 1), sender("test-sender", "test-password"), data)
	unsigned := envelopeOf("GBDFL_UniversalServiceSync", "", strings.Replace(security, "%s", "", 1), sender("test-sender", "test-password"), data)
	bare := envelopeOf("GBDFL_UniversalServiceSync", "", "", sender("test-sender", "test-password"), data)

	h := newSOAP(t, scenarios.Default())
	for _, body := range []string{signed, unsigned, bare} {
		h.ok(body)
	}
	s, err := scenarios.Parse("t.yaml", []byte("name: t\ncitizens: [{iin: \"900101300017\", surname: ИВАНОВ, name: ИВАН}]\negov: {require_signature: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Egov.SenderID != scenarios.DefaultEgov.SenderID || !s.Egov.RequireSignature {
		t.Fatalf("require_signature alone: egov = %+v, want the catalogue's credentials and the flag", s.Egov)
	}
	h = newSOAP(t, s)
	h.ok(signed)
	h.fault(unsigned, 403, "SCE005", "holds no ds:Signature")
	h.fault(bare, 403, "SCE005", "no wsse:Security header")
}

// The WSDL and its schemas are served; the WSDL's address is where it was fetched from, a
// tenant's prefix included.
func TestSOAPServesWSDL(t *testing.T) {
	h := newSOAP(t, scenarios.Default())
	for path, want := range map[string]string{
		SOAPPath + "?wsdl":                      `<soap:address location="` + h.ts.URL + SOAPPath + `"/>`,
		SOAPPath + "?WSDL":                      `<wsdl:operation name="SendMessage">`,
		"/t/team-a" + SOAPPath + "?wsdl":        `<soap:address location="` + h.ts.URL + "/t/team-a" + SOAPPath + `"/>`,
		SOAPPath + contracts.SyncChannelXSD:     `name="SendMessageFault1_SendMessageFault"`,
		SOAPPath + contracts.SyncChannelGBDFL:   `targetNamespace="` + GBDFLNS + `"`,
		SOAPPath + contracts.SyncChannelPayload: `name="FamilyInfoResponse"`,
	} {
		resp, err := h.ts.Client().Get(h.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != soap.ContentType || !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %d %s, want %s in:\n%.300s", path, resp.StatusCode, resp.Header.Get("Content-Type"), want, body)
		}
	}
	if a := h.post("/t/team-a"+SOAPPath, sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapHappy)); a.status != 200 {
		t.Errorf("a tenant's SendMessage = %d: %s", a.status, a.raw)
	}
	resp, err := h.ts.Client().Get(h.ts.URL + SOAPPath + "nope.xsd")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET nope.xsd = %d", resp.StatusCode)
	}
}

// The serviceId table covers the eleven operations once each, and each answer type is the one
// the operation returns.
func TestSOAPServiceTable(t *testing.T) {
	ids := map[string]bool{}
	for _, s := range syncServices {
		if _, ok := operations[s.op]; !ok || ids[s.id] {
			t.Errorf("row %s -> %s: unknown operation or repeated serviceId", s.id, s.op)
		}
		ids[s.id] = true
	}
	if len(syncServices) != len(operations) {
		t.Errorf("%d rows for %d operations", len(syncServices), len(operations))
	}
}

// Whatever the envelope, SendMessage answers a SOAP envelope with a status no worse than 4xx: a
// success or a fault, never a 5xx or a panic.
func FuzzSendMessage(f *testing.F) {
	for _, seed := range []string{
		sendMessage("gbdflUniversalServiceSync", "req-1", "senderCode", "TEST_SENDER", "iin", soapHappy),
		sendMessage("initPaymentRequest", "", "amount", "1e308", "serviceId", "x", "iinOrBin", soapHappy),
		sendMessage("paymentInfoRequest", "", "senderCode", "TEST_SENDER", "paymentId", "x"),
		sendMessage("NEDBSyncSchoolData", "", "locationCode", "750000000"),
		`<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>`, "", "\xff", "<a",
	} {
		f.Add(seed)
	}
	srv, err := NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, SOAPPath, strings.NewReader(body))
		req.Header.Set("Content-Type", soap.ContentType)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 403, 404, 413:
		default:
			t.Fatalf("%q: status %d %s", body, rec.Code, rec.Body)
		}
		var env struct {
			XMLName xml.Name
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.XMLName.Space != soap.EnvelopeNS {
			t.Fatalf("%q: answer is no SOAP envelope (%v): %s", body, err, rec.Body)
		}
	})
}

// Latency and the transport faults play over SOAP as over JSON.
func TestSOAPLatencyAndTransport(t *testing.T) {
	s, err := scenarios.Parse("t.yaml", []byte(`name: t
citizens: [{iin: "900101300017", surname: ИВАНОВ, name: ИВАН}]
latency: {operations: {NEDBSyncSchoolData: 60ms}}
faults:
  - {when: {service: egov, operation: checkDebtorByIINBIN}, transport: truncated}
  - {when: {service: egov, operation: citsDebts}, transport: malformed}
`))
	if err != nil {
		t.Fatal(err)
	}
	h := newSOAP(t, s)
	start := time.Now()
	h.ok(sendMessage("NEDBSyncSchoolData", "", "locationCode", "750000000"))
	if took := time.Since(start); took < 60*time.Millisecond {
		t.Errorf("latency not played: %v", took)
	}
	for op, kv := range map[string][]string{"checkDebtorByIINBIN": {"iinOrBin", soapHappy}, "citsDebts": {"iinBin", soapHappy, "digitalSignBaseUrl", soapSignURL}} {
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+SOAPPath, strings.NewReader(sendMessage(op, "", kv...)))
		req.Header.Set("Content-Type", soap.ContentType)
		resp, err := h.ts.Client().Do(req)
		if err != nil {
			continue // truncated: the client may see the cut as an error at once
		}
		body, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr == nil && xml.Unmarshal(body, new(struct{ XMLName xml.Name })) == nil {
			t.Errorf("%s: a transport fault answered a whole document: %d %s", op, resp.StatusCode, body)
		}
	}
}

// egov.soap_fault_status: wsi answers every SendMessage fault with HTTP 500 (SOAP 1.1 §6.2, WS-I
// BP R1126), its ErrorInfo unchanged; the default keeps the facade's statuses. A wrong method is
// no SendMessage and keeps its 405.
func TestSOAPFaultStatusDialect(t *testing.T) {
	s, err := scenarios.Parse("t.yaml", []byte("name: t\ncitizens: [{iin: \"900101300017\", surname: ИВАНОВ, name: ИВАН}]\negov: {soap_fault_status: wsi}\nfaults:\n  - {when: {service: egov, operation: citsDebts}, error: gateway_timeout}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Egov.SenderID != scenarios.DefaultEgov.SenderID {
		t.Fatalf("soap_fault_status alone: egov = %+v, want the catalogue's credentials", s.Egov)
	}
	if d := scenarios.Default(); d.Egov.SOAPFaultStatus != scenarios.SOAPFaultFacade {
		t.Fatalf("default soap_fault_status = %q", d.Egov.SOAPFaultStatus)
	}
	h := newSOAP(t, s)
	h.ok(sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER", "iin", soapHappy))
	h.fault(sendMessage("gbdflUniversalServiceSync", "", "senderCode", "TEST_SENDER"), 500, "SCE001", "iin")
	data := dataOf(GBDFLNS, "Request", "senderCode", "TEST_SENDER", "iin", soapHappy)
	h.fault(envelopeOf("NO_SUCH_SERVICE", "", "", sender("test-sender", "test-password"), data), 500, "SCE004", "Unknown serviceId")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", sender("test-sender", "guess"), data), 500, "FORBIDDEN", "")
	h.fault(sendMessage("citsDebts", "", "iinBin", soapHappy, "digitalSignBaseUrl", soapSignURL), 500, "GATEWAY_TIMEOUT", "did not answer in time")
	h.fault("<x/>", 500, "SCE001", "")
	resp, err := http.Get(h.ts.URL + SOAPPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s under wsi: %d, want 405", SOAPPath, resp.StatusCode)
	}
	if _, err := scenarios.Parse("t.yaml", []byte("name: t\negov: {soap_fault_status: ws1}\n")); err == nil || !strings.Contains(err.Error(), "want facade or wsi") {
		t.Errorf("soap_fault_status: ws1 → %v", err)
	}
}
