package egov

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/scenarios"
)

// harness is one in-process simulator whose every exchange is checked against the contract.
type harness struct {
	t      *testing.T
	srv    *Server
	ts     *httptest.Server
	client *http.Client

	mu sync.Mutex
	// allowRequestErrors tolerates request-side contract errors: tests that send bad requests on purpose.
	allowRequestErrors bool
}

func newHarness(t *testing.T, s *scenarios.Scenario) *harness {
	t.Helper()
	srv, err := NewServer(s, shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, ts: httptest.NewServer(srv)}
	t.Cleanup(h.ts.Close)
	doc, err := contracts.EGov()
	if err != nil {
		t.Fatal(err)
	}
	v, err := contracts.NewValidator(doc)
	if err != nil {
		t.Fatal(err)
	}
	h.client = &http.Client{Transport: v.Transport(h.ts.Client().Transport, h.report), Timeout: 10 * time.Second}
	return h
}

func (h *harness) report(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var ce *contracts.Error
	if h.allowRequestErrors && errors.As(err, &ce) && ce.Phase == contracts.PhaseRequest {
		if !strings.Contains(err.Error(), "response") { // a joined response error still counts
			return
		}
	}
	for _, e := range splitJoined(err) {
		if errors.As(e, &ce) && ce.Phase == contracts.PhaseRequest && h.allowRequestErrors {
			continue
		}
		h.t.Errorf("%v", e)
	}
}

func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, splitJoined(e)...)
		}
		return out
	}
	return []error{err}
}

var goodHeaders = map[string]string{
	"Authorization": "Bearer egov_test_api_key",
	HeaderSenderID:  "test-sender",
	HeaderPassword:  "test-password",
	"Content-Type":  "application/json",
}

// post sends body (a string is sent as is) with the catalogue's credentials, changed by hdr ("" removes).
func (h *harness) post(op string, body any, hdr map[string]string) (int, map[string]any) {
	h.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			h.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, h.ts.URL+BasePath+op, bytes.NewReader(raw))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range goodHeaders {
		req.Header.Set(k, v)
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s: %v", op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		h.t.Fatalf("%s: answer %d is not a JSON object: %v\n%s", op, resp.StatusCode, err, data)
	}
	return resp.StatusCode, m
}

func (h *harness) ok(op string, body map[string]any) map[string]any {
	h.t.Helper()
	code, m := h.post(op, body, nil)
	if code != http.StatusOK {
		h.t.Fatalf("%s %v: status %d, want 200: %v", op, body, code, m)
	}
	return m
}

func (h *harness) refused(op string, body any, hdr map[string]string, wantStatus int, wantCode, wantInMessage string) {
	h.t.Helper()
	code, m := h.post(op, body, hdr)
	if code != wantStatus || m["code"] != wantCode || m["operation"] != op {
		h.t.Errorf("%s %v: got %d %v, want %d %s", op, body, code, m, wantStatus, wantCode)
		return
	}
	if msg, _ := m["message"].(string); !strings.Contains(msg, wantInMessage) {
		h.t.Errorf("%s %v: message %q does not contain %q", op, body, msg, wantInMessage)
	}
}

func get(m any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			mm, _ := m.(map[string]any)
			m = mm[k]
		case int:
			l, _ := m.([]any)
			if k >= len(l) {
				return nil
			}
			m = l[k]
		}
	}
	return m
}

func list(m any, path ...any) []any {
	l, _ := get(m, path...).([]any)
	return l
}

const (
	happy    = "900101300017"
	wife     = "850515400012"
	daughter = "150609600010"
	husband2 = "920304300014"
	wife2    = "880712400019"
	entity   = "150140000012"
	nobody   = "900101300126" // valid, held by no one in the catalogue
	noEntity = "150140000022" // a valid BIN of no entity
	cits     = "http://127.0.0.1:9000"
)

func TestOperationsTableMatchesUpstream(t *testing.T) {
	var names []string
	for n := range operations {
		names = append(names, n)
	}
	slices.Sort(names)
	want := slices.Clone(upstream.EgovOperations)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("operations = %v, want %v", names, want)
	}
}

func TestTestIdentifiers(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	if _, ok := h.srv.World().Pop.Person(nobody); ok || !kz.ValidIIN(nobody) {
		t.Fatalf("%s must be a valid IIN outside the catalogue", nobody)
	}
	if _, ok := h.srv.World().Pop.Entity(noEntity); ok || !kz.ValidBIN(noEntity) {
		t.Fatalf("%s must be a valid BIN of no entity", noEntity)
	}
}

func TestGBDFL(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	const op = "gbdflUniversalServiceSync"
	msgID := "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
	m := h.ok(op, map[string]any{"senderCode": "TEST_SENDER", "iin": happy, "messageId": msgID})
	if get(m, "success") != true || get(m, "responseInfo", "correlationId") != msgID || get(m, "responseInfo", "messageId") == msgID {
		t.Errorf("responseInfo: %v", m["responseInfo"])
	}
	// The connector document's own example echoes a messageId "req-123": any non-empty string is one.
	if m := h.ok(op, map[string]any{"senderCode": "TEST_SENDER", "iin": happy, "messageId": "req-123"}); get(m, "responseInfo", "correlationId") != "req-123" {
		t.Errorf("messageId req-123 not echoed: %v", m["responseInfo"])
	}
	if d, _ := get(m, "responseInfo", "responseDate").(string); !strings.HasSuffix(d, "Z") || len(d) != len("2024-03-15T10:30:00.000Z") {
		t.Errorf("responseDate %q: want RFC 3339 with milliseconds in UTC", d)
	}
	p := get(m, "persons", 0)
	for path, want := range map[string]any{"iin": happy, "surname": "ИВАНОВ", "name": "ИВАН", "patronymic": "ИВАНОВИЧ", "birthDate": "1990-01-01"} {
		if get(p, path) != want {
			t.Errorf("%s = %v, want %v", path, get(p, path), want)
		}
	}
	if get(p, "gender", "code") != "1" || get(p, "gender", "nameRu") != "Мужской" || get(p, "citizenship", "code") != "KZ" {
		t.Errorf("gender/citizenship: %v %v", get(p, "gender"), get(p, "citizenship"))
	}
	docs := list(p, "documents")
	if len(docs) != 2 || get(docs[0], "type", "code") != "002" || get(docs[0], "number") != "041234567" || get(docs[1], "type", "code") != "001" {
		t.Errorf("documents: %v", docs)
	}
	passport := get(docs[1], "number").(string)

	// Name search (case-insensitive), narrowed by patronymic, and document-number search.
	for _, q := range []map[string]any{
		{"surname": "иванов", "name": "Иван", "birthDate": "1990-01-01"},
		{"surname": "ИВАНОВ", "name": "ИВАН", "patronymic": "ИВАНОВИЧ", "birthDate": "1990-01-01"},
		{"documentNumber": "041234567"},
		{"documentNumber": passport},
		{"iin": happy, "documentNumber": "041234567"},
	} {
		q["senderCode"] = "TEST_SENDER"
		if got := list(h.ok(op, q), "persons"); len(got) != 1 || get(got[0], "iin") != happy {
			t.Errorf("%v: persons %v", q, got)
		}
	}
	// Criteria that match nobody: a success with an empty list.
	for _, q := range []map[string]any{
		{"iin": nobody},
		{"surname": "ИВАНОВ", "name": "ИВАН", "patronymic": "ПЕТРОВИЧ", "birthDate": "1990-01-01"},
		{"surname": "ИВАНОВ", "name": "ИВАН", "birthDate": "1990-01-02"},
		{"documentNumber": "000000000"},
		{"iin": happy, "documentNumber": "999"},
		{"iin": wife, "surname": "ИВАНОВ"},
	} {
		q["senderCode"] = "TEST_SENDER"
		if got := get(h.ok(op, q), "persons"); got == nil || len(got.([]any)) != 0 {
			t.Errorf("%v: persons %v, want []", q, got)
		}
	}
	// The daughter: female, no identity document yet.
	p = get(h.ok(op, map[string]any{"senderCode": "TEST_SENDER", "iin": daughter}), "persons", 0)
	if get(p, "gender", "code") != "2" || get(p, "gender", "nameRu") != "Женский" || len(list(p, "documents")) != 0 || list(p, "documents") == nil {
		t.Errorf("daughter: %v", p)
	}
}

func TestGBDFLValidation(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	h.allowRequestErrors = true
	const op = "gbdflUniversalServiceSync"
	for _, c := range []struct {
		body any
		want string
	}{
		{map[string]any{"senderCode": "TEST_SENDER"}, "search criterion is required"},
		{map[string]any{"senderCode": "TEST_SENDER", "patronymic": "ИВАНОВИЧ", "birthDate": "1990-01-01"}, "search criterion is required"},
		{map[string]any{"senderCode": "TEST_SENDER", "surname": "ИВАНОВ", "name": "ИВАН"}, "birthDate: is required when searching by name"},
		{map[string]any{"senderCode": "TEST_SENDER", "surname": "ИВАНОВ", "birthDate": "1990-01-01"}, "name: is required"},
		{map[string]any{"senderCode": "TEST_SENDER", "name": "ИВАН", "birthDate": "1990-01-01"}, "surname: is required"},
		{map[string]any{"senderCode": "TEST_SENDER", "surname": "ИВАНОВ", "name": "ИВАН", "birthDate": "01.01.1990"}, "birthDate: must be a date"},
		{map[string]any{"senderCode": "TEST_SENDER", "iin": "900101300018"}, "iin: must be 12 digits with a valid check digit"},
		{map[string]any{"senderCode": "TEST_SENDER", "iin": "12345"}, "iin: must be 12 digits"},
		{map[string]any{"senderCode": "TEST_SENDER", "iin": 900101300017}, "iin: must be a string"},
		{map[string]any{"senderCode": 1, "iin": happy}, "senderCode: must be a string"},
		{map[string]any{"iin": happy}, "senderCode: is required"},
		{`[]`, "JSON object"},
		{``, "empty"},
		{`{"iin":`, "not valid JSON"},
		{`{"senderCode":"TEST_SENDER","iin":"900101300017"} {}`, "one JSON object"},
	} {
		h.refused(op, c.body, nil, 400, "VALIDATION_ERROR", c.want)
	}
	h.refused(op, map[string]any{"senderCode": "OTHER", "iin": happy}, nil, 403, "FORBIDDEN", "senderCode")
	// Unknown keys are ignored, like the connector's own extra fields.
	if got := list(h.ok(op, map[string]any{"senderCode": "TEST_SENDER", "iin": happy, "channel": "web", "extra": map[string]any{"x": 1}}), "persons"); len(got) != 1 {
		t.Errorf("unknown keys: %v", got)
	}
}

func TestFamily(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	sd := get(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}), "serviceData")
	births, marriages, divorces := list(sd, "birthInfos"), list(sd, "marriageInfos"), list(sd, "divorceInfos")
	if len(births) != 1 || get(births[0], "childIin") != daughter || get(births[0], "fatherIin") != happy || get(births[0], "motherIin") != wife {
		t.Errorf("birthInfos: %v", births)
	}
	if len(marriages) != 1 || get(marriages[0], "husbandIin") != happy || get(marriages[0], "wifeIin") != wife || get(marriages[0], "marriageDate") != "2013-08-17" {
		t.Errorf("marriageInfos: %v", marriages)
	}
	if divorces == nil || len(divorces) != 0 {
		t.Errorf("divorceInfos: %v", divorces)
	}
	// The wife sees the same marriage, act number included.
	wm := list(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": wife}), "serviceData", "marriageInfos")
	if len(wm) != 1 || get(wm[0], "actNumber") != get(marriages[0], "actNumber") || get(wm[0], "husbandIin") != happy {
		t.Errorf("wife's marriage %v, husband's %v", wm, marriages)
	}
	// The daughter's own birth record, with both parents.
	db := list(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": daughter}), "serviceData", "birthInfos")
	if len(db) != 1 || get(db[0], "childIin") != daughter || get(db[0], "actNumber") != get(births[0], "actNumber") {
		t.Errorf("daughter's birthInfos: %v", db)
	}
	// The divorced couple: a divorce, no current marriage; ZAGS keeps the former marriage.
	for _, iin := range []string{husband2, wife2} {
		sd := get(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": iin}), "serviceData")
		d := list(sd, "divorceInfos")
		if len(list(sd, "marriageInfos")) != 0 || len(d) != 1 || get(d[0], "husbandIin") != husband2 || get(d[0], "wifeIin") != wife2 || get(d[0], "divorceDate") != "2020-11-03" {
			t.Errorf("%s: %v", iin, sd)
		}
		ms := list(h.ok("zagsFindMarriageSync", map[string]any{"senderCode": "TEST_SENDER", "iin": iin}), "serviceData", "marriageInfos")
		if len(ms) != 1 || get(ms[0], "marriageDate") != "2014-06-21" || get(ms[0], "husbandIin") != husband2 {
			t.Errorf("%s zags: %v", iin, ms)
		}
	}
	ms := list(h.ok("zagsFindMarriageSync", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}), "serviceData", "marriageInfos")
	if len(ms) != 1 || get(ms[0], "wifeIin") != wife {
		t.Errorf("zags happy: %v", ms)
	}
	for _, op := range []string{"familyInfoServiceSync", "zagsFindMarriageSync"} {
		m := h.ok(op, map[string]any{"senderCode": "TEST_SENDER", "iin": nobody})
		if l := list(m, "serviceData", "marriageInfos"); l == nil || len(l) != 0 {
			t.Errorf("%s nobody: %v", op, m)
		}
	}
}

func TestSchoolsAndEducation(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	m := h.ok("NEDBSyncSchoolData", map[string]any{"locationCode": "750000000"})
	if len(list(m, "schools")) < 3 || get(m, "responseInfo", "status", "code") != "01" || get(m, "responseInfo", "status", "message") != "Data available" {
		t.Errorf("schools: %v", m)
	}
	if l := list(h.ok("NEDBSyncSchoolData", map[string]any{"locationCode": "111111111"}), "schools"); l == nil || len(l) != 0 {
		t.Errorf("no schools: %v", l)
	}
	h.allowRequestErrors = true
	h.refused("NEDBSyncSchoolData", map[string]any{}, nil, 400, "VALIDATION_ERROR", "locationCode: is required")
	h.refused("NEDBSyncSchoolData", map[string]any{"locationCode": "almaty"}, nil, 400, "VALIDATION_ERROR", "locationCode")
	h.allowRequestErrors = false

	e := get(h.ok("MON_NEDB_UNIVERSAL_SERVICE", map[string]any{"senderCode": "TEST_SENDER", "iin": daughter}), "educationInfo")
	r := list(e, "records")
	if get(e, "iin") != daughter || len(r) != 1 || get(r[0], "bin") != "081240003127" || get(r[0], "grade") != 5.0 || get(r[0], "enrolledDate") != "2022-09-01" {
		t.Errorf("education: %v", e)
	}
	if r := list(h.ok("MON_NEDB_UNIVERSAL_SERVICE", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}), "educationInfo", "records"); r == nil || len(r) != 0 {
		t.Errorf("adult education: %v", r)
	}
}

func TestDebtsTaxesProperty(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	debtor := func(id string) []any {
		m := h.ok("checkDebtorByIINBIN", map[string]any{"iinOrBin": id})
		if _, has := m["responseInfo"]; has || get(m, "status", "code") != "SCSS001" || get(m, "messageId") == "" {
			t.Errorf("checkDebtor shape: %v", m)
		}
		return list(m, "data")
	}
	if d := debtor(happy); d == nil || len(d) != 0 {
		t.Errorf("happy citizen has no enforcement debts: %v", d)
	}
	if d := debtor(wife); len(d) != 1 || get(d[0], "debtorIin") != wife || get(d[0], "recoveryAmount") != 150000.5 || get(d[0], "categoryRu") != "Исполнительный лист" {
		t.Errorf("wife: %v", d)
	}
	if d := debtor(entity); len(d) != 1 || get(d[0], "debtorIin") != entity {
		t.Errorf("entity: %v", d)
	}
	if d := debtor(noEntity); d == nil || len(d) != 0 { // a valid BIN of no entity
		t.Errorf("unknown BIN: %v", d)
	}
	id := "0b7e8f9a-1c2d-4e3f-8a4b-5c6d7e8f9a0b"
	if m := h.ok("checkDebtorByIINBIN", map[string]any{"iinOrBin": wife, "messageId": id}); m["messageId"] != id {
		t.Errorf("checkDebtor messageId %v, want the request's %s", m["messageId"], id)
	}

	di := get(h.ok("citsDebts", map[string]any{"iinBin": happy, "digitalSignBaseUrl": cits}), "debtsInfo")
	if get(di, "iinBin") != happy || get(di, "totalTaxArrear") != 45230.5 || len(list(di, "taxOrganizations")) != 1 {
		t.Errorf("citsDebts happy: %v", di)
	}
	di = get(h.ok("citsDebts", map[string]any{"iinBin": entity, "digitalSignBaseUrl": cits, "certEnvPrefix": "TEST"}), "debtsInfo")
	if get(di, "totalArrear") != 125000.75 {
		t.Errorf("citsDebts entity: %v", di)
	}
	di = get(h.ok("citsDebts", map[string]any{"iinBin": wife, "digitalSignBaseUrl": cits}), "debtsInfo")
	if get(di, "totalArrear") != 0.0 || list(di, "taxOrganizations") == nil || len(list(di, "taxOrganizations")) != 0 {
		t.Errorf("citsDebts none: %v", di)
	}
	// The document allows 10–12 digits for citsDebts: a shorter number finds nothing.
	di = get(h.ok("citsDebts", map[string]any{"iinBin": "1501400000", "digitalSignBaseUrl": cits}), "debtsInfo")
	if get(di, "iinBin") != "1501400000" || get(di, "totalArrear") != 0.0 {
		t.Errorf("citsDebts 10 digits: %v", di)
	}

	td := get(h.ok("citsUpcPays", map[string]any{"iinBin": happy, "digitalSignBaseUrl": cits}), "taxData")
	if get(td, "totalUpcPays") != 30900.25 || len(list(td, "taxOrganizations")) != 2 || get(td, "taxOrganizations", 0, "kind") != "property" {
		t.Errorf("citsUpcPays: %v", td)
	}

	props := list(h.ok("GbdrnOwnerForRegCitizen", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}), "properties")
	if len(props) != 1 || get(props[0], "cadastralNumber") != "20:311:004:123:45" || get(props[0], "area") != 72.4 || get(props[0], "share") != "1/1" {
		t.Errorf("properties: %v", props)
	}
	if p := list(h.ok("GbdrnOwnerForRegCitizen", map[string]any{"senderCode": "TEST_SENDER", "iin": wife}), "properties"); p == nil || len(p) != 0 {
		t.Errorf("wife owns nothing: %v", p)
	}

	h.allowRequestErrors = true
	h.refused("citsDebts", map[string]any{"iinBin": happy}, nil, 400, "VALIDATION_ERROR", "digitalSignBaseUrl: is required")
	h.refused("citsDebts", map[string]any{"iinBin": happy, "digitalSignBaseUrl": "not a url"}, nil, 400, "VALIDATION_ERROR", "digitalSignBaseUrl")
	h.refused("citsUpcPays", map[string]any{"iinBin": "1501400000", "digitalSignBaseUrl": cits}, nil, 400, "VALIDATION_ERROR", "iinBin")
	h.refused("checkDebtorByIINBIN", map[string]any{"iinOrBin": "150140000013"}, nil, 400, "VALIDATION_ERROR", "iinOrBin")
}

func TestPayments(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	m := h.ok("initPaymentRequest", map[string]any{"amount": 1500.5, "serviceId": "SVC-001", "iinOrBin": happy})
	p := get(m, "payment")
	id, _ := get(p, "paymentId").(string)
	if get(p, "status") != "CREATED" || get(p, "amount") != 1500.5 || get(p, "iinOrBin") != happy || get(p, "paidAt") != nil {
		t.Fatalf("created: %v", p)
	}
	info := func() any {
		return get(h.ok("paymentInfoRequest", map[string]any{"paymentId": id, "senderCode": "TEST_SENDER"}), "payment")
	}
	if s := get(info(), "status"); s != "CREATED" {
		t.Errorf("before settling: %v", s)
	}
	h.srv.Clock().Advance(59 * time.Second)
	if s := get(info(), "status"); s != "CREATED" {
		t.Errorf("after 59s: %v", s)
	}
	h.srv.Clock().Advance(2 * time.Second)
	p = info()
	created, _ := time.Parse(time.RFC3339, get(p, "createdAt").(string))
	paid, _ := time.Parse(time.RFC3339, get(p, "paidAt").(string))
	if get(p, "status") != "PAID" || paid.Sub(created) != time.Minute {
		t.Errorf("after 61s: %v", p)
	}
	// A BIN pays too; bad amounts and payers are refused.
	h.ok("initPaymentRequest", map[string]any{"amount": 1, "serviceId": "S", "iinOrBin": entity})
	h.allowRequestErrors = true
	for _, c := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"amount": 0, "serviceId": "S", "iinOrBin": happy}, "amount: must be greater than 0"},
		{map[string]any{"amount": -5, "serviceId": "S", "iinOrBin": happy}, "amount: must be greater than 0"},
		{map[string]any{"amount": "1500", "serviceId": "S", "iinOrBin": happy}, "amount: must be a number"},
		{map[string]any{"serviceId": "S", "iinOrBin": happy}, "amount: is required"},
		{map[string]any{"amount": 1, "serviceId": " ", "iinOrBin": happy}, "serviceId: is required"},
		{map[string]any{"amount": 1, "serviceId": "S", "iinOrBin": "900101300018"}, "iinOrBin"},
	} {
		h.refused("initPaymentRequest", c.body, nil, 400, "VALIDATION_ERROR", c.want)
	}
	h.refused("paymentInfoRequest", map[string]any{"paymentId": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "senderCode": "TEST_SENDER"}, nil, 404, "PAYMENT_NOT_FOUND", "Payment not found")
	h.refused("paymentInfoRequest", map[string]any{"senderCode": "TEST_SENDER"}, nil, 400, "VALIDATION_ERROR", "paymentId: is required")

	// Reset forgets payments.
	h.srv.Reset()
	h.refused("paymentInfoRequest", map[string]any{"paymentId": id, "senderCode": "TEST_SENDER"}, nil, 404, "PAYMENT_NOT_FOUND", "")
}

func scenario(t *testing.T, yaml string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const oneCitizen = `
name: t
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, documents: {identity_card: {}}}
`

func TestPaymentsFailedOutcomeAndCap(t *testing.T) {
	h := newHarness(t, scenario(t, oneCitizen+"payments: {settle_after: 10s, outcome: failed}\nlimits: {payments: 2}\n"))
	var ids []string
	for i := 0; i < 3; i++ {
		m := h.ok("initPaymentRequest", map[string]any{"amount": 10, "serviceId": "S", "iinOrBin": happy})
		ids = append(ids, get(m, "payment", "paymentId").(string))
	}
	if n := h.srv.World().Store.Stats().Payments; n != 2 {
		t.Errorf("store holds %d payments, want the cap 2", n)
	}
	h.refused("paymentInfoRequest", map[string]any{"paymentId": ids[0], "senderCode": "TEST_SENDER"}, nil, 404, "PAYMENT_NOT_FOUND", "")
	h.srv.Clock().Advance(10 * time.Second)
	p := get(h.ok("paymentInfoRequest", map[string]any{"paymentId": ids[2], "senderCode": "TEST_SENDER"}), "payment")
	if get(p, "status") != "FAILED" || get(p, "paidAt") != nil {
		t.Errorf("failed payment: %v", p)
	}
}

func TestAuthOrder(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	h.allowRequestErrors = true
	const op = "familyInfoServiceSync"
	bad := map[string]any{"iin": "1", "senderCode": "TEST_SENDER"} // invalid too: credentials are checked first
	h.refused(op, bad, map[string]string{"Authorization": ""}, 401, "UNAUTHORIZED", "Missing bearer token")
	h.refused(op, bad, map[string]string{"Authorization": "Basic eDp5"}, 401, "UNAUTHORIZED", "Bearer")
	h.refused(op, bad, map[string]string{"Authorization": "Bearer nope", HeaderSenderID: ""}, 401, "UNAUTHORIZED", "Invalid bearer token")
	h.refused(op, bad, map[string]string{HeaderSenderID: ""}, 403, "FORBIDDEN", HeaderSenderID)
	h.refused(op, bad, map[string]string{HeaderPassword: ""}, 403, "FORBIDDEN", HeaderPassword)
	h.refused(op, bad, map[string]string{HeaderSenderID: "other"}, 403, "FORBIDDEN", "Invalid sender credentials")
	h.refused(op, bad, map[string]string{HeaderPassword: "other"}, 403, "FORBIDDEN", "Invalid sender credentials")
	h.refused(op, bad, nil, 400, "VALIDATION_ERROR", "iin")
	// The scheme is case-insensitive.
	if code, _ := h.post(op, map[string]any{"iin": happy, "senderCode": "TEST_SENDER"}, map[string]string{"Authorization": "bearer egov_test_api_key"}); code != 200 {
		t.Errorf("lower-case bearer: %d", code)
	}
	// Unknown operations: credentials first, then 404 whatever the body.
	h.refused("gbdflSync", "not json", map[string]string{"Authorization": ""}, 401, "UNAUTHORIZED", "")
	h.refused("gbdflSync", "not json", nil, 404, "UNKNOWN_OPERATION", "gbdflSync")
	h.refused("GBDFLUNIVERSALSERVICESYNC", "{}", nil, 404, "UNKNOWN_OPERATION", "")
}

func TestTooLarge(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	h.allowRequestErrors = true
	big := `{"iin":"900101300017","senderCode":"TEST_SENDER","pad":"` + strings.Repeat("x", 1<<20) + `"}`
	h.refused("familyInfoServiceSync", big, nil, 413, "VALIDATION_ERROR", "1 MiB")
}

func TestCatalogueFaults(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	start := time.Now()
	h.refused("citsDebts", map[string]any{"iinBin": "750220300011", "digitalSignBaseUrl": cits}, nil, 504, "GATEWAY_TIMEOUT", "")
	if d := time.Since(start); d < time.Second {
		t.Errorf("504 after %v, want at least 1s", d)
	}
	h.refused("GbdrnOwnerForRegCitizen", map[string]any{"iin": "750220300021", "senderCode": "TEST_SENDER"}, nil, 503, "SERVICE_UNAVAILABLE", "")
	// By name too: faults follow the person found.
	h.refused("gbdflUniversalServiceSync", map[string]any{"senderCode": "TEST_SENDER", "surname": "ВОЛКОВ", "name": "ИГОРЬ", "birthDate": "1975-02-20"}, nil, 503, "SERVICE_UNAVAILABLE", "")
	// Validation comes before faults.
	h.allowRequestErrors = true
	h.refused("GbdrnOwnerForRegCitizen", map[string]any{"iin": "750220300021"}, nil, 400, "VALIDATION_ERROR", "senderCode")
}

func TestScenarioFaults(t *testing.T) {
	h := newHarness(t, scenario(t, oneCitizen+`
faults:
  - {when: {service: egov, operation: citsDebts}, error: upstream_error, times: 1}
  - {when: {service: egov, operation: citsUpcPays}, status: 503, body: {message: custom, code: SERVICE_UNAVAILABLE, operation: citsUpcPays}}
  - {when: {service: egov, operation: checkDebtorByIINBIN}, status: 502}
  - {when: {service: egov, operation: NEDBSyncSchoolData}, delay: 50ms}
  - {when: {service: egov, operation: GbdrnOwnerForRegCitizen}, transport: reset}
  - {when: {service: egov, operation: MON_NEDB_UNIVERSAL_SERVICE}, transport: malformed}
  - {when: {service: edoc}, error: service_unavailable}
`))
	debts := map[string]any{"iinBin": happy, "digitalSignBaseUrl": cits}
	h.refused("citsDebts", debts, nil, 502, "UPSTREAM_ERROR", "")
	h.ok("citsDebts", debts) // times: 1
	h.srv.Reset()            // re-arms it
	h.refused("citsDebts", debts, nil, 502, "UPSTREAM_ERROR", "")
	h.refused("citsUpcPays", debts, nil, 503, "SERVICE_UNAVAILABLE", "custom")
	h.refused("checkDebtorByIINBIN", map[string]any{"iinOrBin": happy}, nil, 502, "UPSTREAM_ERROR", "Bad Gateway")
	start := time.Now()
	h.ok("NEDBSyncSchoolData", map[string]any{"locationCode": "750000000"})
	if time.Since(start) < 50*time.Millisecond {
		t.Error("delay-only fault did not delay")
	}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+BasePath+"GbdrnOwnerForRegCitizen", strings.NewReader(`{"iin":"900101300017","senderCode":"TEST_SENDER"}`))
	for k, v := range goodHeaders {
		req.Header.Set(k, v)
	}
	if resp, err := h.ts.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("transport reset: got a response %d", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, h.ts.URL+BasePath+"MON_NEDB_UNIVERSAL_SERVICE", strings.NewReader(`{"iin":"900101300017","senderCode":"TEST_SENDER"}`))
	for k, v := range goodHeaders {
		req.Header.Set(k, v)
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || json.Valid(body) {
		t.Errorf("malformed: %d %s", resp.StatusCode, body)
	}
}

func TestActivate(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	m := h.ok("initPaymentRequest", map[string]any{"amount": 10, "serviceId": "S", "iinOrBin": happy})
	id := get(m, "payment", "paymentId").(string)
	if err := h.srv.Activate(nil); err == nil {
		t.Fatal("Activate(nil) succeeded")
	}
	// The refused scenario left the old one, payments included.
	if h.srv.Scenario().Name != "default" {
		t.Fatal("refused activation changed the scenario")
	}
	h.ok("paymentInfoRequest", map[string]any{"paymentId": id, "senderCode": "TEST_SENDER"})

	other := scenario(t, oneCitizen+`egov: {api_key: k2, sender_id: s2, password: p2, sender_code: C2}`)
	if err := h.srv.Activate(other); err != nil {
		t.Fatal(err)
	}
	h.allowRequestErrors = true
	h.refused("familyInfoServiceSync", map[string]any{"iin": happy, "senderCode": "C2"}, nil, 401, "UNAUTHORIZED", "")
	code, body := h.post("familyInfoServiceSync", map[string]any{"iin": happy, "senderCode": "C2"},
		map[string]string{"Authorization": "Bearer k2", HeaderSenderID: "s2", HeaderPassword: "p2"})
	if code != 200 || len(list(body, "serviceData", "marriageInfos")) != 0 {
		t.Errorf("new scenario: %d %v", code, body)
	}
}

// Requests racing a scenario swap see one scenario or the other, never a mix or a failure.
func TestConcurrentActivate(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	other := scenario(t, oneCitizen)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s := other
			if i%2 == 0 {
				s = scenarios.Default()
			}
			if err := h.srv.Activate(s); err != nil {
				t.Error(err)
				return
			}
			h.srv.Reset()
		}
	}()
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				code, m := h.post("gbdflUniversalServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}, nil)
				if code != 200 || len(list(m, "persons")) != 1 {
					t.Errorf("during swaps: %d %v", code, m)
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
}

func TestNotFoundAndMethods(t *testing.T) {
	srv, err := NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/egov/citsDebts", 405},
		{"GET", "/elsewhere", 404},
		{"GET", "/__admin/health", 200},
		{"POST", "/api/egov/a/b", 401},
	} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		if rec.Code != c.status || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s %s: %d %s, want %d", c.method, c.path, rec.Code, rec.Body, c.status)
		}
	}
	// The journal records gateway calls.
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("journal holds %d entries, want 3 (admin calls are not journaled)", n)
	}
}

// Whatever the body, every operation answers a documented error or a success: never a 500 or a panic.
func FuzzOperations(f *testing.F) {
	for _, seed := range []string{
		`{"senderCode":"TEST_SENDER","iin":"900101300017"}`, `{"iinOrBin":"150140000012"}`, `{"amount":1e308,"serviceId":"x","iinOrBin":"900101300017"}`,
		`{"iinBin":"1501400000","digitalSignBaseUrl":"http://x"}`, `{"paymentId":null,"senderCode":"TEST_SENDER"}`, `{"locationCode":"750000000"}`,
		`{"senderCode":"TEST_SENDER","surname":"И","name":"И","birthDate":"2020-02-30"}`, `null`, `{"a":`, "\xff", `{"messageId":"00000000-0000-0000-0000-000000000000","iin":"900101300017","senderCode":"TEST_SENDER"}`,
	} {
		f.Add(uint8(0), seed)
	}
	srv, err := NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		op := upstream.EgovOperations[int(which)%len(upstream.EgovOperations)]
		req := httptest.NewRequest(http.MethodPost, BasePath+op, strings.NewReader(body))
		for k, v := range goodHeaders {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 403, 404:
		default:
			t.Fatalf("%s %q: status %d %s", op, body, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: body not JSON: %s", op, body, rec.Body)
		}
	})
}

// ZAGS records carry the act number, office and date of the certificates E-Document shows.
func TestRecordsMatchCertificates(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	pop := h.srv.World().Pop
	husband, _ := pop.Person(happy)
	cert, _ := husband.Document("marriage_certificate").Act()
	m := get(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": wife}), "serviceData", "marriageInfos", 0)
	if get(m, "actNumber") != cert.Number || get(m, "zagsNameRu") != cert.Office || get(m, "marriageDate") != cert.Married.String() {
		t.Errorf("marriage record %v, certificate %+v", m, cert)
	}
	divorced, _ := pop.Person(husband2)
	cert, _ = divorced.Document("divorce_certificate").Act()
	d := get(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": wife2}), "serviceData", "divorceInfos", 0)
	if get(d, "actNumber") != cert.Number || get(d, "divorceDate") != cert.Divorced.String() {
		t.Errorf("divorce record %v, certificate %+v", d, cert)
	}
	child, _ := pop.Person(daughter)
	cert, _ = child.Document("birth_certificate").Act()
	b := get(h.ok("familyInfoServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}), "serviceData", "birthInfos", 0)
	if get(b, "actNumber") != cert.Number || get(b, "actDate") != cert.Registered.String() || cert.Number == "" {
		t.Errorf("birth record %v, certificate %+v", b, cert)
	}
}
