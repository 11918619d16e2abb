package egov

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/scenarios"
)

func (h *harness) coverageReport() coverage.Report { return coverageOf(h.t, h.ts.URL, "") }

// coverageOf reads GET /__admin/coverage with ?transport=transport when not "".
func coverageOf(t *testing.T, base, transport string) coverage.Report {
	t.Helper()
	u := base + "/__admin/coverage"
	if transport != "" {
		u += "?transport=" + transport
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r coverage.Report
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 {
		t.Fatalf("coverage: %d %v", resp.StatusCode, err)
	}
	return r
}

func TestEgovCoverageNoneHit(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	r := h.coverageReport()
	if r.Covered != 0 || r.Share != 0 || r.Total != len(Outcomes) || r.Simulator != scenarios.ServiceEgov {
		t.Fatalf("fresh coverage: %+v", r)
	}
	for i, o := range r.Outcomes {
		if o.Name != Outcomes[i].Name || o.Hits != 0 {
			t.Errorf("outcome %d: %+v", i, o)
		}
	}
	// Every operation has its success, its error codes; the payments their states.
	for _, op := range upstream.EgovOperations {
		for _, code := range []string{"VALIDATION_ERROR", "UNAUTHORIZED", "FORBIDDEN", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT", "UPSTREAM_ERROR"} {
			if !Outcomes.Has(op + "/" + code) {
				t.Errorf("no outcome %s/%s", op, code)
			}
		}
	}
	for _, st := range []string{"CREATED", "PAID", "FAILED"} {
		if !Outcomes.Has("paymentInfoRequest/" + st) {
			t.Errorf("no payment outcome %s", st)
		}
	}
}

// TestEgovCoverageEveryOutcome reaches every row a JSON client can meet once (with a scenario whose
// faults answer each fault code once per operation) and sees 100 % of ?transport=json; the
// SyncChannel's own rows stay unhit in the whole table.
func TestEgovCoverageEveryOutcome(t *testing.T) {
	s, err := scenarios.LoadBundled("default")
	if err != nil {
		t.Fatal(err)
	}
	var faults []scenarios.Fault
	for _, op := range upstream.EgovOperations {
		for _, e := range upstream.EgovFaults {
			faults = append(faults, scenarios.Fault{When: scenarios.When{Service: scenarios.ServiceEgov, Operation: op}, Error: e.Name, Times: 1})
		}
	}
	s.Faults, s.Source = append(faults, s.Faults...), nil
	h := newHarness(t, s)
	h.allowRequestErrors = true
	const unknown = "850515400306" // a valid IIN nobody in the catalogue holds
	sc := "TEST_SENDER"
	success := map[string]map[string]any{
		"gbdflUniversalServiceSync":  {"iin": happy, "senderCode": sc},
		"familyInfoServiceSync":      {"iin": happy, "senderCode": sc},
		"NEDBSyncSchoolData":         {"locationCode": "750000000"},
		"checkDebtorByIINBIN":        {"iinOrBin": "850515400012"},
		"citsDebts":                  {"iinBin": happy, "digitalSignBaseUrl": cits},
		"citsUpcPays":                {"iinBin": happy, "digitalSignBaseUrl": cits},
		"zagsFindMarriageSync":       {"iin": happy, "senderCode": sc},
		"MON_NEDB_UNIVERSAL_SERVICE": {"iin": "150609600010", "senderCode": sc},
		"initPaymentRequest":         {"amount": 100, "serviceId": "svc-1", "iinOrBin": happy},
		"GbdrnOwnerForRegCitizen":    {"iin": happy, "senderCode": sc},
		"paymentInfoRequest":         {"paymentId": "no-such-payment", "senderCode": sc},
	}
	empty := map[string]map[string]any{
		"gbdflUniversalServiceSync":  {"iin": unknown, "senderCode": sc},
		"familyInfoServiceSync":      {"iin": unknown, "senderCode": sc},
		"NEDBSyncSchoolData":         {"locationCode": "1"},
		"checkDebtorByIINBIN":        {"iinOrBin": happy},
		"citsDebts":                  {"iinBin": unknown, "digitalSignBaseUrl": cits},
		"citsUpcPays":                {"iinBin": unknown, "digitalSignBaseUrl": cits},
		"zagsFindMarriageSync":       {"iin": unknown, "senderCode": sc},
		"MON_NEDB_UNIVERSAL_SERVICE": {"iin": happy, "senderCode": sc},
		"GbdrnOwnerForRegCitizen":    {"iin": unknown, "senderCode": sc},
	}
	for _, op := range upstream.EgovOperations {
		for range upstream.EgovFaults { // the faults, once each, in order
			h.post(op, success[op], nil)
		}
		h.post(op, success[op], nil)
		if b, ok := empty[op]; ok {
			h.post(op, b, nil)
		}
		h.post(op, map[string]any{}, nil)
		h.post(op, success[op], map[string]string{"Authorization": "Bearer egov_test_api_kez"})
		h.post(op, success[op], map[string]string{HeaderPassword: "wrong"})
	}
	h.post("noSuchOperation", map[string]any{}, nil)
	_, m := h.post("initPaymentRequest", success["initPaymentRequest"], nil)
	id := m["payment"].(map[string]any)["paymentId"].(string)
	h.post("paymentInfoRequest", map[string]any{"paymentId": id, "senderCode": sc}, nil)
	if err := h.srv.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	h.post("paymentInfoRequest", map[string]any{"paymentId": id, "senderCode": sc}, nil)
	// FAILED needs a scenario whose payments fail: a scenario change keeps the counts.
	f, err := scenarios.LoadBundled("default")
	if err != nil {
		t.Fatal(err)
	}
	f.Payments.Outcome, f.Source = "failed", nil
	if err := h.srv.Activate(f); err != nil {
		t.Fatal(err)
	}
	_, m = h.post("initPaymentRequest", success["initPaymentRequest"], nil)
	id = m["payment"].(map[string]any)["paymentId"].(string)
	if err := h.srv.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	h.post("paymentInfoRequest", map[string]any{"paymentId": id, "senderCode": sc}, nil)

	r := coverageOf(t, h.ts.URL, coverage.JSON)
	for _, o := range r.Outcomes {
		if o.Hits == 0 {
			t.Errorf("outcome %s never hit", o.Name)
		}
		if o.Transport == coverage.SOAP {
			t.Errorf("?transport=json lists the SOAP-only %s", o.Name)
		}
	}
	if r.Covered != r.Total || r.Share != 1 {
		t.Errorf("coverage %d/%d", r.Covered, r.Total)
	}
	if all := h.coverageReport(); all.Covered != r.Covered || all.Total <= r.Total {
		t.Errorf("whole table: %d/%d, want %d covered of more than %d", all.Covered, all.Total, r.Covered, r.Total)
	}
}

// TestSOAPCoverage: a SOAP call that reaches an operation counts in that operation's rows; the
// SyncChannel's own refusals (envelope, signature, sender, serviceId, each soap_fault code) count
// in theirs, and ?transport=soap lists both.
func TestSOAPCoverage(t *testing.T) {
	src := "name: t\ncitizens: [{iin: \"900101300017\", surname: ИВАНОВ, name: ИВАН}]\negov: {require_signature: true}\nfaults:\n"
	for _, sc := range upstream.SyncChannelFaults {
		src += "  - {when: {service: egov, operation: gbdflUniversalServiceSync}, soap_fault: " + sc.Code + ", times: 1}\n"
	}
	s, err := scenarios.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	h := newSOAP(t, s)
	const signed = `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></wsse:Security>`
	creds := sender("test-sender", "test-password")
	gbdfl := dataOf(GBDFLNS, "Request", "senderCode", "TEST_SENDER", "iin", soapHappy)
	for _, sc := range upstream.SyncChannelFaults { // each soap_fault once, in order
		h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", signed, creds, gbdfl), sc.Status, sc.Code, "")
	}
	h.ok(envelopeOf("GBDFL_UniversalServiceSync", "", signed, creds, gbdfl))
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", signed, creds, dataOf(GBDFLNS, "Request", "senderCode", "TEST_SENDER")), 400, "SCE001", "iin")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", "", creds, gbdfl), 403, "SCE005", "")
	h.fault(envelopeOf("GBDFL_UniversalServiceSync", "", signed, sender("test-sender", "guess"), gbdfl), 403, "FORBIDDEN", "")
	h.fault(envelopeOf("NO_SUCH_SERVICE", "", signed, creds, gbdfl), 404, "SCE004", "Unknown serviceId")
	h.fault("<not-an-envelope/>", 400, "SCE001", "")

	want := map[string]int64{"gbdflUniversalServiceSync/success": 1, "gbdflUniversalServiceSync/VALIDATION_ERROR": 1,
		"soap/SCE001": 2, "soap/SCE005": 2, "soap/FORBIDDEN": 1, "soap/SCE004": 2}
	for _, sc := range upstream.SyncChannelFaults {
		if _, ok := want["soap/"+sc.Code]; !ok {
			want["soap/"+sc.Code] = 1
		}
	}
	r := coverageOf(t, h.ts.URL, coverage.SOAP)
	got := map[string]int64{}
	for _, o := range r.Outcomes {
		if o.Hits > 0 {
			got[o.Name] = o.Hits
		}
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s: %d hits, want %d", name, got[name], n)
		}
	}
	for name, n := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %d unexpected hits", name, n)
		}
	}
	if j := coverageOf(t, h.ts.URL, coverage.JSON); j.Total >= r.Total {
		t.Errorf("?transport=json lists %d rows, ?transport=soap %d: the SOAP rows are not set apart", j.Total, r.Total)
	}
	resp, err := http.Get(h.ts.URL + "/__admin/coverage?transport=carrier-pigeon")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("?transport=carrier-pigeon: %d, want 400", resp.StatusCode)
	}
}

func TestEgovReasons(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	body := map[string]any{"iin": happy, "senderCode": "TEST_SENDER"}
	for _, c := range []struct {
		name   string
		hdr    map[string]string
		status int
		reason string
	}{
		{"unknown bearer", map[string]string{"Authorization": "Bearer egov_test_api_kez"}, 401, "the known key is egov_test_api_key"},
		{"wrong password", map[string]string{HeaderPassword: "guess"}, 403, "the sender password is wrong for sender test-sender"},
		{"wrong sender", map[string]string{HeaderSenderID: "someone"}, 403, "sender someone is not the scenario's egov.sender_id (test-sender)"},
	} {
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+BasePath+"gbdflUniversalServiceSync", strings.NewReader(`{"iin":"`+happy+`","senderCode":"TEST_SENDER"}`))
		for k, v := range goodHeaders {
			req.Header.Set(k, v)
		}
		for k, v := range c.hdr {
			req.Header.Set(k, v)
		}
		resp, err := h.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		es := h.srv.Requests()
		e := es[len(es)-1]
		if resp.StatusCode != c.status || !strings.Contains(e.Reason, c.reason) || resp.Header.Get(shell.ReasonHeader) != e.Reason {
			t.Errorf("%s: %d, reason %q, header %q", c.name, resp.StatusCode, e.Reason, resp.Header.Get(shell.ReasonHeader))
		}
	}
	h.post("gbdflUniversalServiceSync", map[string]any{"iin": "850515400306", "senderCode": "TEST_SENDER"}, nil)
	es := h.srv.Requests()
	if e := es[len(es)-1]; e.Outcome != "gbdflUniversalServiceSync/empty" || !strings.Contains(e.Reason, "nothing found") {
		t.Errorf("empty entry: %+v", e)
	}
	h.post("gbdflUniversalServiceSync", body, nil)
	es = h.srv.Requests()
	if e := es[len(es)-1]; e.Outcome != "gbdflUniversalServiceSync/success" || e.Subject == nil || e.Subject.IIN != happy || e.Reason != "" {
		t.Errorf("success entry: %+v", e)
	}
}

func TestPaymentsAdmin(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	h.post("initPaymentRequest", map[string]any{"amount": 100, "serviceId": "svc-1", "iinOrBin": happy}, nil)
	list := func() []paymentView {
		resp, err := http.Get(h.ts.URL + "/__admin/payments")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m struct{ Payments []paymentView }
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
			t.Fatalf("payments: %d %v", resp.StatusCode, err)
		}
		return m.Payments
	}
	if ps := list(); len(ps) != 1 || ps[0].Status != PaymentCreated || ps[0].IINOrBIN != happy {
		t.Fatalf("payments: %+v", ps)
	}
	if err := h.srv.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if ps := list(); len(ps) != 1 || ps[0].Status != PaymentPaid || ps[0].PaidAt == nil {
		t.Errorf("payments after settlement: %+v", ps)
	}
	resp, err := http.Get(h.ts.URL + "/__admin/payments?limit=0")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("limit=0: %d", resp.StatusCode)
	}
}

// TestErrorOutcome pins each error's outcome name: a table row "<operation>/<code>" (a bare
// status fault's too), UNKNOWN_OPERATION alone, the 405/408/413 refusals under their names outside
// the table, and "other" for a name outside the eleven.
func TestErrorOutcome(t *testing.T) {
	const op = "gbdflUniversalServiceSync"
	for _, c := range []struct {
		op    string
		kind  *upstream.Egov
		want  string
		table bool
	}{
		{op, upstream.EgovValidation, op + "/VALIDATION_ERROR", true},
		{op, upstream.EgovForbidden, op + "/FORBIDDEN", true},
		{op, upstream.EgovGatewayTimeout, op + "/GATEWAY_TIMEOUT", true},
		{op, kindForStatus(418), op + "/UPSTREAM_ERROR", true},
		{"paymentInfoRequest", upstream.EgovPaymentNotFound, "paymentInfoRequest/PAYMENT_NOT_FOUND", true},
		{"noSuchOperation", upstream.EgovUnknownOperation, "UNKNOWN_OPERATION", true},
		{op, upstream.EgovMethodNotAllowed, op + "/method_not_allowed", false},
		{op, upstream.EgovRequestTimeout, op + "/request_timeout", false},
		{op, upstream.EgovPayloadTooLarge, op + "/payload_too_large", false},
		{"noSuchOperation", upstream.EgovValidation, "other/VALIDATION_ERROR", false},
	} {
		got := errorOutcome(c.op, c.kind)
		if got != c.want {
			t.Errorf("errorOutcome(%s, %+v) = %s, want %s", c.op, *c.kind, got, c.want)
		}
		if Outcomes.Has(got) != c.table {
			t.Errorf("%s: in the outcome table %v, want %v", got, !c.table, c.table)
		}
	}
}

// TestKindForStatus: a raw-status fault answers its status's error code (404 UNKNOWN_OPERATION
// among them); a status with none answers UPSTREAM_ERROR with that status.
func TestKindForStatus(t *testing.T) {
	for _, k := range append(slices.Clone(errorCodes), upstream.EgovUnknownOperation) {
		if got := kindForStatus(k.Status); got != k {
			t.Errorf("kindForStatus(%d) = %+v, want %s", k.Status, *got, k.Name)
		}
	}
	if got := kindForStatus(418); got.Status != 418 || got.Code != upstream.EgovUpstreamError.Code || got.Name != "" {
		t.Errorf("kindForStatus(418) = %+v", *got)
	}
}
