package contracts

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/egovsim/egovsim/internal/document"
)

type loadFunc func() (*openapi3.T, error)

var docs = []struct {
	name string
	load loadFunc
}{
	{EDocFile, EDoc},
	{EGovFile, EGov},
	{AdminFile, Admin},
}

func validator(t testing.TB, load loadFunc) *Validator {
	t.Helper()
	doc, err := load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewValidator(doc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDocumentsLoadAndValidate(t *testing.T) {
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			doc, err := d.load()
			if err != nil {
				t.Fatal(err)
			}
			if doc.OpenAPI != "3.0.3" {
				t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
			}
			if err := doc.Validate(t.Context(), openapi3.EnableExamplesValidation()); err != nil {
				t.Errorf("validate: %v", err)
			}
			if len(doc.Servers) != 0 {
				t.Errorf("servers not cleared: %v", doc.Servers)
			}
			again, err := d.load()
			if err != nil || again != doc {
				t.Errorf("second load gave another document (%p, %p) or %v", again, doc, err)
			}
			raw, err := Raw(d.name)
			if err != nil || len(raw) == 0 {
				t.Errorf("Raw(%q): %d bytes, %v", d.name, len(raw), err)
			}
		})
	}
}

// No operation may fall back to a `default` response: an undocumented status must fail.
func TestNoDefaultResponses(t *testing.T) {
	for _, d := range docs {
		doc, err := d.load()
		if err != nil {
			t.Fatal(err)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				if op.Responses.Default() != nil {
					t.Errorf("%s: %s %s has a default response", d.name, method, path)
				}
				for code := range op.Responses.Map() {
					if _, err := strconv.Atoi(code); err != nil {
						t.Errorf("%s: %s %s has a status range %q", d.name, method, path, code)
					}
				}
			}
		}
	}
}

func statuses(t *testing.T, doc *openapi3.T, path string) []string {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil || item.Post == nil {
		t.Fatalf("no POST %s", path)
	}
	var out []string
	for code := range item.Post.Responses.Map() {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

func TestDocumentedStatuses(t *testing.T) {
	edoc, err := EDoc()
	if err != nil {
		t.Fatal(err)
	}
	const base = "/api/v1/backend/e-document/online-access/"
	for path, want := range map[string][]string{
		base + "request/{document_type}/": {"200", "400", "401", "404", "413", "415", "424", "503", "504"},
		base + "approve/":                 {"200", "400", "401", "404", "413", "415", "424", "503", "504"},
	} {
		if got := statuses(t, edoc, path); !slices.Equal(got, want) {
			t.Errorf("%s: statuses %v, want %v", path, got, want)
		}
	}
	egov, err := EGov()
	if err != nil {
		t.Fatal(err)
	}
	ops := []string{"gbdflUniversalServiceSync", "familyInfoServiceSync", "NEDBSyncSchoolData", "checkDebtorByIINBIN",
		"citsDebts", "citsUpcPays", "zagsFindMarriageSync", "MON_NEDB_UNIVERSAL_SERVICE", "initPaymentRequest",
		"GbdrnOwnerForRegCitizen", "paymentInfoRequest"}
	for _, op := range ops {
		want := []string{"200", "400", "401", "403", "404", "413", "502", "503", "504"}
		if got := statuses(t, egov, "/api/egov/"+op); !slices.Equal(got, want) {
			t.Errorf("%s: statuses %v, want %v", op, got, want)
		}
		if id := egov.Paths.Value("/api/egov/" + op).Post.OperationID; id != op {
			t.Errorf("operationId %q, want %q", id, op)
		}
	}
	if n := egov.Paths.Len(); n != len(ops)+1 {
		t.Errorf("%d gateway paths, want the eleven operations and the catch-all", n)
	}
}

// The contract's DocumentType enum is the upstream table, as internal/document spells it.
func TestDocumentTypeEnum(t *testing.T) {
	doc, err := EDoc()
	if err != nil {
		t.Fatal(err)
	}
	ref := doc.Components.Schemas["DocumentType"]
	if ref == nil {
		t.Fatal("no DocumentType schema")
	}
	var got []string
	for _, v := range ref.Value.Enum {
		got = append(got, v.(string))
	}
	if want := document.Slugs(); !slices.Equal(got, want) {
		t.Errorf("DocumentType enum\n got %v\nwant %v", got, want)
	}
	if len(got) != 24 {
		t.Errorf("%d document types, want 24", len(got))
	}
	// The path parameter itself is left open so that an unknown type reaches the server (404).
	p := doc.Paths.Value("/api/v1/backend/e-document/online-access/request/{document_type}/").Parameters.GetByInAndName("path", "document_type")
	if p == nil || len(p.Schema.Value.Enum) != 0 || p.Schema.Value.Pattern != "" {
		t.Errorf("document_type path parameter must be a plain string, got %+v", p)
	}
	for _, slug := range got {
		if !strings.Contains(p.Description, slug) {
			t.Errorf("path parameter description does not list %q", slug)
		}
	}
	// docType.code is the CamelCase of the slug, in the same order; each type has its approve variant.
	var codes []string
	for _, v := range doc.Components.Schemas["DocTypeCode"].Value.Enum {
		codes = append(codes, v.(string))
	}
	var want []string
	for _, slug := range got {
		want = append(want, camel(slug))
	}
	if !slices.Equal(codes, want) {
		t.Errorf("DocTypeCode enum\n got %v\nwant %v", codes, want)
	}
	resp := doc.Components.Schemas["ApproveResponse"].Value
	if resp.Discriminator == nil || resp.Discriminator.PropertyName != "document_type" || len(resp.OneOf) != 24 || len(resp.Discriminator.Mapping) != 24 {
		t.Fatalf("ApproveResponse is not a oneOf of 24 discriminated by document_type: %+v", resp)
	}
	for i, slug := range got {
		ref := "#/components/schemas/Approve" + camel(slug)
		if resp.OneOf[i].Ref != ref || resp.Discriminator.Mapping[slug].Ref != ref {
			t.Errorf("%s: oneOf[%d] = %q, mapping %q, want %q", slug, i, resp.OneOf[i].Ref, resp.Discriminator.Mapping[slug].Ref, ref)
		}
		domain := doc.Components.Schemas[camel(slug)+"Domain"]
		if domain == nil || domain.Value.AdditionalProperties.Has == nil || !*domain.Value.AdditionalProperties.Has || len(domain.Value.Properties) == 0 {
			t.Errorf("%s: the domain schema must be an open object with typed properties", slug)
		}
	}
}

func camel(slug string) string {
	var b strings.Builder
	for _, part := range strings.Split(slug, "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// The documented error texts, to the letter.
func TestEdocErrorTexts(t *testing.T) {
	doc, err := EDoc()
	if err != nil {
		t.Fatal(err)
	}
	enum := func(schema string) []string {
		var out []string
		for _, v := range doc.Components.Schemas[schema].Value.Properties["detail"].Value.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	for schema, want := range map[string][]string{
		"Detail401": {"Invalid API key"},
		"Detail404": {"Unknown document type", "Subject not found in CMDB", "Subject not found in MCDB", "Profile is not found"},
		"Detail424": {"Government service error"},
		"Detail503": {"Can`t connect to e-document service", "EDocument service is not available now"},
		"Detail504": {"Could not send request to e-document service"},
	} {
		if got := enum(schema); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", schema, got, want)
		}
	}
	raw, err := Raw(EDocFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Invalid IIN", "EDocument for this session has already been received",
		"Client does not have access to E-Document technology", "You have already requested a document for this session",
		"You have not sent a request for access to an e-document", "Subscription has not started",
		"No active or future subscription for technology", "Client does not have subscription",
	} {
		if !bytes.Contains(raw, []byte("{detail: "+text+"}")) {
			t.Errorf("no example with the documented 400 text %q", text)
		}
	}
}

const (
	edocBase  = "http://127.0.0.1:8081/api/v1/backend/e-document/online-access/"
	egovBase  = "http://127.0.0.1:8082/api/egov/"
	adminBase = "http://127.0.0.1:8081/__admin/"
	sessionID = "3f2c6a9e-8d0b-4c41-9a57-1b2e3d4f5a6b"
)

var egovHeaders = map[string]string{
	"Authorization":    "Bearer egov_test_api_key",
	"X-Egov-Sender-Id": "test-sender",
	"X-Egov-Password":  "test-password",
}

func newRequest(t testing.TB, method, url, ct, body string, header map[string]string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func approveDoc() map[string]any {
	return map[string]any{
		"document_type": "identity_card",
		"result_json": map[string]any{
			"common": map[string]any{
				"docOwner":          map[string]any{"iin": "900101300017", "firstName": "ИВАН", "lastName": "ИВАНОВ", "middleName": "ИВАНОВИЧ"},
				"docType":           map[string]any{"code": "IdentityCard", "nameRu": "Удостоверение личности", "nameKk": "Жеке куәлік", "nameEn": "Identity card"},
				"docNumber":         "041234567",
				"docUri":            "IdentityCard:041234567",
				"docIssuedDate":     1457892000000,
				"docExpirationDate": 1773338400000,
				"docIssuer":         map[string]any{"nameRu": "МВД", "nameKk": "ІІМ", "nameEn": "MIA"},
			},
			"domain": map[string]any{
				"docNumber": "041234567", "docIssuedDate": 1457892000000, "docExpirationDate": 1773338400000,
				"docPhoto": b64("\xff\xd8\xff\xe0 jpeg"), "placeOfBirth": "Г. АЛМАТЫ", "nationality": "КАЗАХ",
				"citizenship": "КАЗАХСТАН", "gender": "M", "address": "Г. АЛМАТЫ, УЛ. АБАЯ, Д. 1",
				"anything": []any{1, "two"}, // a scenario may add any key
			},
		},
		"face_photo":     b64("\xff\xd8\xff\xe0 jpeg"),
		"qrcode":         b64("\x89PNG qr"),
		"barcode":        b64("\x89PNG bar"),
		"document_image": nil,
		"document_pdf":   b64("%PDF-1.4 ..."),
		"failure_reason": nil,
	}
}

// with returns a deep copy of m with edit applied.
func with(t testing.TB, m map[string]any, edit func(map[string]any)) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(jsonOf(t, m)), &c); err != nil {
		t.Fatal(err)
	}
	edit(c)
	return jsonOf(t, c)
}

func sub(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m = m[k].(map[string]any)
	}
	return m
}

type exchange struct {
	name    string
	load    loadFunc
	method  string
	url     string
	reqCT   string
	reqBody string
	header  map[string]string
	status  int
	respCT  string
	resp    string
	// fail names the phase that must fail ("" = the exchange must pass) and want the texts its error must hold.
	fail Phase
	want []string
}

func TestExchanges(t *testing.T) {
	const (
		reqOK     = `{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300017","phone":"77010000001"}`
		approveOK = `{"backend_session_id":"` + sessionID + `","code":"123456","file":true,"file_type":"pdf"}`
		jsonCT    = "application/json"
		ri        = `"responseInfo":{"messageId":"0b7e8f9a-1c2d-4e3f-8a4b-5c6d7e8f9a0b","correlationId":"6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f","responseDate":"2024-03-15T10:30:00.000Z","status":{"code":"SCSS001","message":"Success"}}`
	)
	dict := func(code, ru string) string {
		return `{"code":"` + code + `","nameRu":"` + ru + `","nameKz":"` + ru + `"}`
	}
	person := `{"iin":"900101300017","surname":"ИВАНОВ","name":"ИВАН","patronymic":null,"birthDate":"1990-01-01",` +
		`"gender":` + dict("1", "Мужской") + `,"citizenship":` + dict("KZ", "Республика Казахстан") + `,` +
		`"nationality":` + dict("005", "Казах") + `,"lifeStatus":` + dict("0", "Нормальный") + `,` +
		`"birthPlace":{"country":` + dict("398", "Казахстан") + `,"region":` + dict("1975", "Алматы") + `,"district":` + dict("1975007", "Медеуский") + `,"city":"Алматы"},` +
		`"regAddress":{"country":` + dict("398", "Казахстан") + `,"region":` + dict("1975", "Алматы") + `,"district":` + dict("1975007", "Медеуский") + `,` +
		`"city":"Алматы","street":"улица Абая","building":"10","flat":null,"beginDate":"2012-05-14","status":` + dict("1", "Постоянная") + `},` +
		`"engFirstName":"IVAN","engSurname":"IVANOV",` +
		`"documents":[{"type":` + dict("002", "УДОСТОВЕРЕНИЕ РК") + `,"number":"041234567","beginDate":"2016-03-14",` +
		`"endDate":"2026-03-13","issueOrganization":` + dict("002", "МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РК") + `,"status":` + dict("00", "ДОКУМЕНТ ДЕЙСТВИТЕЛЕН") + `}]}`
	payment := `{"paymentId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","status":"CREATED","amount":1500,"serviceId":"SVC-001","iinOrBin":"900101300017","createdAt":"2024-03-15T10:30:00Z","paidAt":null}`
	doc := approveDoc()

	cases := []exchange{
		// E-Document, must pass.
		{name: "request 200", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 200, respCT: jsonCT, resp: `{"backend_session_id":"` + sessionID + `"}`},
		{name: "request 200 with charset", load: EDoc, method: "POST", url: edocBase + "request/attorney/", reqCT: "application/json; charset=utf-8", reqBody: reqOK,
			status: 200, respCT: "application/json; charset=utf-8", resp: `{"backend_session_id":"` + sessionID + `"}`},
		{name: "unknown document type reaches the server, 404", load: EDoc, method: "POST", url: edocBase + "request/Passport-X/", reqCT: jsonCT, reqBody: reqOK,
			status: 404, respCT: jsonCT, resp: `{"detail":"Unknown document type"}`},
		{name: "request 400 field", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 400, respCT: jsonCT, resp: `{"detail":"iin: this field is required"}`},
		{name: "request 401", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 401, respCT: jsonCT, resp: `{"detail":"Invalid API key"}`},
		{name: "request 404 CMDB", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 404, respCT: jsonCT, resp: `{"detail":"Subject not found in CMDB"}`},
		{name: "request 413", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 413, respCT: jsonCT, resp: `{"detail":"Request body is larger than 1 MiB"}`},
		{name: "request 424", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 424, respCT: jsonCT, resp: `{"detail":"Government service error"}`},
		{name: "request 503 backtick", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 503, respCT: jsonCT, resp: "{\"detail\":\"Can`t connect to e-document service\"}"},
		{name: "request 504", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 504, respCT: jsonCT, resp: `{"detail":"Could not send request to e-document service"}`},
		{name: "approve 200 pdf", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: jsonOf(t, doc)},
		{name: "approve 200 no expiry", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { sub(m, "result_json", "common")["docExpirationDate"] = nil })},
		{name: "approve 200 epoch seconds", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) {
				sub(m, "result_json", "common")["docIssuedDate"] = 1457892000
				sub(m, "result_json", "domain")["docExpirationDate"] = 1773338400
			})},
		{name: "approve 200 ISO dates and a null domain date", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) {
				sub(m, "result_json", "common")["docIssuedDate"] = "2016-03-14"
				sub(m, "result_json", "common")["docExpirationDate"] = "2026-03-13"
				sub(m, "result_json", "domain")["docExpirationDate"] = nil
			})},
		{name: "approve 200 driver licence", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) {
				m["document_type"] = "driver_license"
				c := sub(m, "result_json", "common")
				c["docType"].(map[string]any)["code"] = "DriverLicense"
				c["docUri"] = "DriverLicense:DL12345678"
				m["result_json"].(map[string]any)["domain"] = map[string]any{
					"categories":  []any{map[string]any{"category": "B", "issueDate": 1274292000000, "expiryDate": 1869674400000}},
					"firstIssued": 1274292000000, "restrictions": "НЕТ", "placeOfIssue": "СПЕЦЦОН Г. АЛМАТЫ",
				}
			})},
		{name: "request 404 MCDB dialect", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 404, respCT: jsonCT, resp: `{"detail":"Subject not found in MCDB"}`},
		{name: "request 415 text/plain", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 415, respCT: jsonCT, resp: `{"detail":"Unsupported media type \"text/plain\" in request."}`},
		{name: "approve 400 JSON parse error", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 400, respCT: jsonCT, resp: `{"detail":"JSON parse error - unexpected EOF"}`},
		{name: "GET approve 405", load: EDoc, method: "GET", url: edocBase + "approve/",
			status: 405, respCT: jsonCT, resp: `{"detail":"Method \"GET\" not allowed."}`},
		{name: "DELETE request 405", load: EDoc, method: "DELETE", url: edocBase + "request/identity_card/",
			status: 405, respCT: jsonCT, resp: `{"detail":"Method \"DELETE\" not allowed."}`},
		{name: "approve without the trailing slash 404", load: EDoc, method: "POST", url: edocBase + "approve", reqCT: jsonCT, reqBody: approveOK,
			status: 404, respCT: jsonCT, resp: `{"detail":"Not found."}`},
		{name: "a tenant's request", load: EDoc, method: "POST", url: "http://127.0.0.1:8081/t/team-a.1/api/v1/backend/e-document/online-access/request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 200, respCT: jsonCT, resp: `{"backend_session_id":"` + sessionID + `"}`},
		{name: "approve 200 failure", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: `{"document_type":"identity_card","result_json":null,"face_photo":null,"qrcode":null,"barcode":null,"document_image":null,"document_pdf":null,"failure_reason":"Digital document is not available"}`},
		{name: "approve 400", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 400, respCT: jsonCT, resp: `{"detail":"You have not sent a request for access to an e-document"}`},
		{name: "approve 503", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 503, respCT: jsonCT, resp: `{"detail":"EDocument service is not available now"}`},

		// E-Document, must fail.
		{name: "approve renamed field", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { m["documentPdf"] = m["document_pdf"]; delete(m, "document_pdf") }),
			fail: PhaseResponse, want: []string{"approveDocument", "response 200", "document_pdf", "documentPdf"}},
		{name: "approve document_pdf missing", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { delete(m, "document_pdf") }),
			fail: PhaseResponse, want: []string{`property "document_pdf" is missing`}},
		{name: "approve extra field", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { m["extra"] = 1 }),
			fail: PhaseResponse, want: []string{"extra"}},
		{name: "approve nested field missing", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { delete(sub(m, "result_json", "common", "docOwner"), "iin") }),
			fail: PhaseResponse, want: []string{"/result_json/common/docOwner", `"iin" is missing`}},
		{name: "approve pdf not base64", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { m["document_pdf"] = "%PDF-1.4 raw" }),
			fail: PhaseResponse, want: []string{"/document_pdf", "base64"}},
		{name: "approve result_json not object", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { m["result_json"] = "{}" }),
			fail: PhaseResponse, want: []string{"/result_json"}},
		{name: "request 500 undocumented", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 500, respCT: jsonCT, resp: `{"detail":"boom"}`,
			fail: PhaseResponse, want: []string{"requestDocument", "status 500 is not documented", `{"detail":"boom"}`}},
		{name: "request 307 undocumented", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 307, respCT: "", resp: "",
			fail: PhaseResponse, want: []string{"status 307 is not documented"}},
		{name: "request 200 wrong content type", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 200, respCT: "text/html", resp: `<html></html>`,
			fail: PhaseResponse, want: []string{"Content-Type", "text/html"}},
		{name: "request 200 session id not uuid", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 200, respCT: jsonCT, resp: `{"backend_session_id":"abc"}`,
			fail: PhaseResponse, want: []string{"/backend_session_id"}},
		{name: "request 503 apostrophe", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 503, respCT: jsonCT, resp: `{"detail":"Can't connect to e-document service"}`,
			fail: PhaseResponse, want: []string{"/detail"}},
		{name: "error body not detail", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 400, respCT: jsonCT, resp: `{"error":"Invalid IIN"}`,
			fail: PhaseResponse, want: []string{`"detail" is missing`}},
		{name: "malformed JSON 200", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT, reqBody: reqOK,
			status: 200, respCT: jsonCT, resp: `{"backend_session_id":`,
			fail: PhaseResponse, want: []string{"decode"}},
		{name: "request body missing phone", load: EDoc, method: "POST", url: edocBase + "request/identity_card/", reqCT: jsonCT,
			reqBody: `{"api_key":"k","iin":"900101300017"}`, status: 400, respCT: jsonCT, resp: `{"detail":"phone: this field is required"}`,
			fail: PhaseRequest, want: []string{"requestDocument", "request", `"phone" is missing`}},
		{name: "approve body bad file_type", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT,
			reqBody: `{"backend_session_id":"x","code":"1","file":true,"file_type":"doc"}`, status: 400, respCT: jsonCT, resp: `{"detail":"file_type: must be one of pdf, image"}`,
			fail: PhaseRequest, want: []string{"/file_type"}},
		{name: "approve body file as string", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT,
			reqBody: `{"backend_session_id":"x","code":"1","file":"true","file_type":"pdf"}`, status: 400, respCT: jsonCT, resp: `{"detail":"file: must be a boolean"}`,
			fail: PhaseRequest, want: []string{"/file"}},
		{name: "path without trailing slash, another text", load: EDoc, method: "POST", url: edocBase + "approve", reqCT: jsonCT, reqBody: approveOK,
			status: 404, respCT: jsonCT, resp: `{"detail":"Not found"}`,
			fail: PhaseResponse, want: []string{"/detail"}},
		{name: "GET approve, not DRF's text", load: EDoc, method: "GET", url: edocBase + "approve/",
			status: 405, respCT: jsonCT, resp: `{"detail":"Method not allowed"}`,
			fail: PhaseResponse, want: []string{"/detail"}},
		{name: "HEAD approve", load: EDoc, method: "HEAD", url: edocBase + "approve/",
			status: 405, respCT: jsonCT, resp: ``,
			fail: PhaseRequest, want: []string{"method HEAD is not documented"}},
		{name: "unknown path", load: EDoc, method: "POST", url: edocBase + "nope/", reqCT: jsonCT, reqBody: reqOK,
			status: 404, respCT: jsonCT, resp: `{"detail":"Not found."}`,
			fail: PhaseRequest, want: []string{"path is not documented"}},
		{name: "approve docType code in upper case", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { sub(m, "result_json", "common", "docType")["code"] = "IDENTITY_CARD" }),
			fail: PhaseResponse, want: []string{"/result_json/common/docType/code"}},
		{name: "approve without docUri", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { delete(sub(m, "result_json", "common"), "docUri") }),
			fail: PhaseResponse, want: []string{"/result_json/common", `"docUri" is missing`}},
		{name: "approve date as a boolean", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { sub(m, "result_json", "common")["docIssuedDate"] = true }),
			fail: PhaseResponse, want: []string{"/result_json/common/docIssuedDate"}},
		{name: "approve issued date null", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { sub(m, "result_json", "common")["docIssuedDate"] = nil }),
			fail: PhaseResponse, want: []string{"/result_json/common/docIssuedDate"}},
		{name: "approve date in another format", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { sub(m, "result_json", "domain")["docIssuedDate"] = "14.03.2016" }),
			fail: PhaseResponse, want: []string{"/result_json/domain/docIssuedDate"}},
		{name: "identity card domain without docPhoto", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { delete(sub(m, "result_json", "domain"), "docPhoto") }),
			fail: PhaseResponse, want: []string{"/result_json/domain", `"docPhoto" is missing`}},
		{name: "approve of an undocumented type", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { m["document_type"] = "id_card" }),
			fail: PhaseResponse, want: []string{"document_type"}},
		{name: "driver licence answered with the identity card's domain", load: EDoc, method: "POST", url: edocBase + "approve/", reqCT: jsonCT, reqBody: approveOK,
			status: 200, respCT: jsonCT, resp: with(t, doc, func(m map[string]any) { m["document_type"] = "driver_license" }),
			fail: PhaseResponse, want: []string{"/result_json/domain", `"categories" is missing`}},

		// Gateway, must pass.
		{name: "gbdfl 200", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"900101300017","messageId":"6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"}`,
			status:  200, respCT: jsonCT, resp: `{"success":true,` + ri + `,"persons":[` + person + `]}`},
		{name: "gbdfl 200 by name, nothing found", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","surname":"ИВАНОВ","name":"ИВАН","birthDate":"1990-01-01"}`,
			status:  200, respCT: jsonCT, resp: `{"success":true,` + ri + `,"persons":[]}`},
		{name: "family 200", load: EGov, method: "POST", url: egovBase + "familyInfoServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER"}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"serviceData":{"birthInfos":[{"childIin":"150609600010","childSurname":"ИВАНОВА","childName":"АЙГЕРИМ","childPatronymic":null,"childBirthDate":"2015-06-09","fatherIin":"900101300017","motherIin":null,"actNumber":"1","actDate":"2015-06-16","zagsNameRu":"ЗАГС"}],"marriageInfos":[],"divorceInfos":[{"husbandIin":"920304300014","wifeIin":"880712400019","actNumber":"9","divorceDate":"2020-02-02","zagsNameRu":"ЗАГС"}]}}`},
		{name: "NEDB 200 with 01", load: EGov, method: "POST", url: egovBase + "NEDBSyncSchoolData", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"locationCode":"750000000"}`,
			status:  200, respCT: jsonCT, resp: `{"responseInfo":{"messageId":"m","correlationId":"c","responseDate":"2024-03-15T10:30:00Z","status":{"code":"01","message":"Data available"}},"schools":[{"bin":"081240003127","nedbId":"19663","nameRu":"Школа","nameKk":"Мектеп"}]}`},
		{name: "checkDebtor 200 own shape", load: EGov, method: "POST", url: egovBase + "checkDebtorByIINBIN", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iinOrBin":"150140000012"}`,
			status:  200, respCT: jsonCT, resp: `{"messageId":"0b7e8f9a-1c2d-4e3f-8a4b-5c6d7e8f9a0b","status":{"code":"SCSS001","message":"Success"},"data":[{"execProc":123.45,"debtorIin":"150140000012","recoveryAmount":150000.5,"categoryRu":"Исполнительный лист"}]}`},
		{name: "citsDebts 10-digit iinBin", load: EGov, method: "POST", url: egovBase + "citsDebts", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iinBin":"1501400000","digitalSignBaseUrl":"http://127.0.0.1:9000"}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"debtsInfo":{"iinBin":"1501400000","totalArrear":0,"totalTaxArrear":0,"taxOrganizations":[]}}`},
		{name: "initPayment 200", load: EGov, method: "POST", url: egovBase + "initPaymentRequest", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"amount":1500.5,"serviceId":"SVC-001","iinOrBin":"900101300017"}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"payment":` + payment + `}`},
		{name: "paymentInfo 404 PAYMENT_NOT_FOUND", load: EGov, method: "POST", url: egovBase + "paymentInfoRequest", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"paymentId":"nope","senderCode":"TEST_SENDER"}`,
			status:  404, respCT: jsonCT, resp: `{"message":"Payment not found","code":"PAYMENT_NOT_FOUND","operation":"paymentInfoRequest"}`},
		{name: "gbdfl 400", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","surname":"ИВАНОВ","name":"ИВАН"}`,
			status:  400, respCT: jsonCT, resp: `{"message":"birthDate is required when searching by name","code":"VALIDATION_ERROR","operation":"gbdflUniversalServiceSync"}`},
		{name: "family 401", load: EGov, method: "POST", url: egovBase + "familyInfoServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER"}`,
			status:  401, respCT: jsonCT, resp: `{"message":"Invalid or missing bearer token","code":"UNAUTHORIZED","operation":"familyInfoServiceSync"}`},
		{name: "gbdfl 504", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"750220300011"}`,
			status:  504, respCT: jsonCT, resp: `{"message":"Upstream service did not answer in time","code":"GATEWAY_TIMEOUT","operation":"gbdflUniversalServiceSync"}`},
		{name: "GET on an operation 405", load: EGov, method: "GET", url: egovBase + "gbdflUniversalServiceSync",
			status: 405, respCT: jsonCT, resp: `{"message":"Method GET not allowed: operations are called with POST","code":"METHOD_NOT_ALLOWED","operation":"gbdflUniversalServiceSync"}`},
		{name: "messageId any non-empty string", load: EGov, method: "POST", url: egovBase + "zagsFindMarriageSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER","messageId":"req-123"}`,
			status:  200, respCT: jsonCT, resp: `{"responseInfo":{"messageId":"0b7e8f9a-1c2d-4e3f-8a4b-5c6d7e8f9a0b","correlationId":"req-123","responseDate":"2024-03-15T10:30:00.000Z","status":{"code":"SCSS001","message":"Success"}},"serviceData":{"marriageInfos":[]}}`},
		{name: "missing sender header reaches the server, 403", load: EGov, method: "POST", url: egovBase + "familyInfoServiceSync", reqCT: jsonCT,
			header:  map[string]string{"Authorization": "Bearer egov_test_api_key", "X-Egov-Password": "test-password"},
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER"}`,
			status:  403, respCT: jsonCT, resp: `{"message":"Missing X-Egov-Sender-Id header","code":"FORBIDDEN","operation":"familyInfoServiceSync"}`},
		{name: "no credentials at all reach the server, 401", load: EGov, method: "POST", url: egovBase + "familyInfoServiceSync", reqCT: jsonCT,
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER"}`,
			status:  401, respCT: jsonCT, resp: `{"message":"Missing bearer token: send Authorization: Bearer <apiKey>","code":"UNAUTHORIZED","operation":"familyInfoServiceSync"}`},
		{name: "a tenant's operation", load: EGov, method: "POST", url: "http://127.0.0.1:8082/t/acme/api/egov/checkDebtorByIINBIN", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iinOrBin":"150140000012"}`,
			status:  200, respCT: jsonCT, resp: `{"messageId":"0b7e8f9a-1c2d-4e3f-8a4b-5c6d7e8f9a0b","status":{"code":"SCSS001","message":"Success"},"data":[]}`},
		{name: "unknown operation 404", load: EGov, method: "POST", url: egovBase + "gbdflSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"anything":1}`,
			status:  404, respCT: jsonCT, resp: `{"message":"Unknown operation","code":"UNKNOWN_OPERATION","operation":"gbdflSync"}`},

		// Gateway, must fail.
		{name: "checkDebtor with responseInfo shape", load: EGov, method: "POST", url: egovBase + "checkDebtorByIINBIN", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iinOrBin":"150140000012"}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"data":[]}`,
			fail: PhaseResponse, want: []string{"checkDebtorByIINBIN", `"messageId" is missing`, "responseInfo"}},
		{name: "error without operation", load: EGov, method: "POST", url: egovBase + "citsDebts", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iinBin":"900101300017","digitalSignBaseUrl":"u"}`,
			status:  400, respCT: jsonCT, resp: `{"message":"Invalid IIN format","code":"VALIDATION_ERROR"}`,
			fail: PhaseResponse, want: []string{`"operation" is missing`}},
		{name: "401 with FORBIDDEN code", load: EGov, method: "POST", url: egovBase + "citsDebts", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iinBin":"900101300017","digitalSignBaseUrl":"u"}`,
			status:  401, respCT: jsonCT, resp: `{"message":"x","code":"FORBIDDEN","operation":"citsDebts"}`,
			fail: PhaseResponse, want: []string{"/code"}},
		{name: "paymentInfo 404 UNKNOWN_OPERATION", load: EGov, method: "POST", url: egovBase + "paymentInfoRequest", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"paymentId":"p","senderCode":"TEST_SENDER"}`,
			status:  404, respCT: jsonCT, resp: `{"message":"x","code":"UNKNOWN_OPERATION","operation":"paymentInfoRequest"}`,
			fail: PhaseResponse, want: []string{"/code"}},
		{name: "gbdfl 500", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"900101300017"}`,
			status:  500, respCT: jsonCT, resp: `{"message":"x","code":"UPSTREAM_ERROR","operation":"gbdflUniversalServiceSync"}`,
			fail: PhaseResponse, want: []string{"status 500 is not documented"}},
		{name: "gbdfl gender M", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"900101300017"}`,
			status:  200, respCT: jsonCT, resp: `{"success":true,` + ri + `,"persons":[` + strings.Replace(person, `"code":"1"`, `"code":"M"`, 1) + `]}`,
			fail: PhaseResponse, want: []string{"/persons/0/gender/code"}},
		{name: "gbdfl without responseInfo.correlationId", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"900101300017"}`,
			status:  200, respCT: jsonCT, resp: `{"success":true,` + strings.Replace(ri, `"correlationId":"6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",`, "", 1) + `,"persons":[]}`,
			fail: PhaseResponse, want: []string{`"correlationId" is missing`}},
		{name: "family without divorceInfos", load: EGov, method: "POST", url: egovBase + "familyInfoServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER"}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"serviceData":{"birthInfos":[],"marriageInfos":[]}}`,
			fail: PhaseResponse, want: []string{"/serviceData", "divorceInfos"}},
		{name: "payment status PENDING", load: EGov, method: "POST", url: egovBase + "paymentInfoRequest", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"paymentId":"p","senderCode":"TEST_SENDER"}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"payment":` + strings.Replace(payment, "CREATED", "PENDING", 1) + `}`,
			fail: PhaseResponse, want: []string{"/payment/status"}},
		{name: "initPayment amount 0", load: EGov, method: "POST", url: egovBase + "initPaymentRequest", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"amount":0,"serviceId":"SVC-001","iinOrBin":"900101300017"}`,
			status:  400, respCT: jsonCT, resp: `{"message":"amount must be positive","code":"VALIDATION_ERROR","operation":"initPaymentRequest"}`,
			fail: PhaseRequest, want: []string{"/amount"}},
		{name: "IIN of 11 digits", load: EGov, method: "POST", url: egovBase + "familyInfoServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iin":"90010130001","senderCode":"TEST_SENDER"}`,
			status:  400, respCT: jsonCT, resp: `{"message":"Invalid IIN format","code":"VALIDATION_ERROR","operation":"familyInfoServiceSync"}`,
			fail: PhaseRequest, want: []string{"/iin"}},
		{name: "messageId empty", load: EGov, method: "POST", url: egovBase + "zagsFindMarriageSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"iin":"900101300017","senderCode":"TEST_SENDER","messageId":""}`,
			status:  200, respCT: jsonCT, resp: `{` + ri + `,"serviceData":{"marriageInfos":[]}}`,
			fail: PhaseRequest, want: []string{"/messageId"}},
		{name: "gbdfl person without regAddress.street", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"900101300017"}`,
			status:  200, respCT: jsonCT, resp: `{"success":true,` + ri + `,"persons":[` + strings.Replace(person, `"street":"улица Абая",`, "", 1) + `]}`,
			fail: PhaseResponse, want: []string{"/persons/0/regAddress", `"street" is missing`}},
		{name: "gbdfl dictionary without nameKz", load: EGov, method: "POST", url: egovBase + "gbdflUniversalServiceSync", reqCT: jsonCT, header: egovHeaders,
			reqBody: `{"senderCode":"TEST_SENDER","iin":"900101300017"}`,
			status:  200, respCT: jsonCT, resp: `{"success":true,` + ri + `,"persons":[` + strings.Replace(person, `"nameKz":"Казах"`, `"nameKk":"Казах"`, 1) + `]}`,
			fail: PhaseResponse, want: []string{"/persons/0/nationality"}},
		{name: "405 with another code", load: EGov, method: "GET", url: egovBase + "citsDebts",
			status: 405, respCT: jsonCT, resp: `{"message":"x","code":"UNKNOWN_OPERATION","operation":"citsDebts"}`,
			fail: PhaseResponse, want: []string{"/code"}},

		// Admin, must pass.
		{name: "health", load: Admin, method: "GET", url: adminBase + "health", status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"default"}`},
		{name: "scenarios", load: Admin, method: "GET", url: adminBase + "scenarios", status: 200, respCT: jsonCT, resp: `{"scenarios":[{"name":"default","description":"The catalogue"}]}`},
		{name: "get scenario yaml", load: Admin, method: "GET", url: adminBase + "scenario", status: 200, respCT: "text/yaml; charset=utf-8", resp: "name: default\ncitizens: []\n"},
		{name: "put scenario body", load: Admin, method: "PUT", url: adminBase + "scenario", reqCT: "text/yaml", reqBody: "name: mine\ncitizens: []\n",
			status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"mine"}`},
		{name: "put scenario by name", load: Admin, method: "PUT", url: adminBase + "scenario?name=default",
			status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"default"}`},
		{name: "put scenario refused", load: Admin, method: "PUT", url: adminBase + "scenario", reqCT: "application/x-yaml", reqBody: "name: [",
			status: 400, respCT: jsonCT, resp: `{"errors":[{"line":1,"message":"yaml: did not find expected node content"}]}`},
		{name: "reset", load: Admin, method: "POST", url: adminBase + "reset", status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"default"}`},
		{name: "requests", load: Admin, method: "GET", url: adminBase + "requests", status: 200, respCT: jsonCT,
			resp: `{"requests":[{"method":"POST","path":"/api/egov/citsDebts","status":200,"duration_ms":1.5,"at":"2024-03-15T10:30:00Z"}]}`},
		{name: "clear requests", load: Admin, method: "DELETE", url: adminBase + "requests", status: 200, respCT: jsonCT, resp: `{"requests":[]}`},
		{name: "get scenario application/yaml", load: Admin, method: "GET", url: adminBase + "scenario", status: 200, respCT: "application/yaml", resp: "name: default\n"},
		{name: "put scenario too large", load: Admin, method: "PUT", url: adminBase + "scenario", reqCT: "text/yaml", reqBody: "name: x\n",
			status: 413, respCT: jsonCT, resp: `{"error":"request body is larger than 1 MiB"}`},
		{name: "get clock", load: Admin, method: "GET", url: adminBase + "clock", status: 200, respCT: jsonCT, resp: `{"now":"2024-03-15T10:36:00Z","offset":"6m0s"}`},
		{name: "clock 400", load: Admin, method: "POST", url: adminBase + "clock", reqCT: jsonCT, reqBody: `{"advance":"soon"}`,
			status: 400, respCT: jsonCT, resp: `{"error":"advance: a positive duration such as \"6m\" or \"90s\""}`},
		{name: "admin token missing", load: Admin, method: "GET", url: adminBase + "health", status: 401, respCT: jsonCT, resp: `{"error":"admin token required"}`},
		{name: "sms on mock-egov", load: Admin, method: "GET", url: adminBase + "sms", status: 404, respCT: jsonCT, resp: `{"error":"no such admin call"}`},
		{name: "sms without phone", load: Admin, method: "GET", url: adminBase + "sms", status: 200, respCT: jsonCT, resp: `{"messages":[]}`},
		{name: "clock", load: Admin, method: "POST", url: adminBase + "clock", reqCT: jsonCT, reqBody: `{"advance":"6m"}`,
			status: 200, respCT: jsonCT, resp: `{"now":"2024-03-15T10:36:00.123+05:00","offset":"6m0s"}`},
		{name: "tenants", load: Admin, method: "GET", url: adminBase + "tenants", status: 200, respCT: jsonCT,
			resp: `{"tenants":[{"name":"team-a","scenario":"default","last_used":"2024-03-15T10:30:00Z"}]}`},
		{name: "scenario schema", load: Admin, method: "GET", url: adminBase + "scenario.schema.json", status: 200, respCT: "application/schema+json",
			resp: `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["name","citizens"]}`},
		{name: "a tenant's health, with the token", load: Admin, method: "GET", url: "http://127.0.0.1:8081/t/team-a/__admin/health",
			header: map[string]string{"Authorization": "Bearer s3cret"}, status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"default"}`},
		{name: "sms", load: Admin, method: "GET", url: adminBase + "sms?phone=%2B77010000001", status: 200, respCT: jsonCT,
			resp: `{"messages":[{"from":"1414","to":"77010000001","text":"Код: 123456","code":"123456","session_id":"` + sessionID + `","sent_at":"2024-03-15T10:30:00Z"}]}`},

		// Admin, must fail.
		{name: "tenant without last_used", load: Admin, method: "GET", url: adminBase + "tenants", status: 200, respCT: jsonCT,
			resp: `{"tenants":[{"name":"team-a","scenario":"default"}]}`,
			fail: PhaseResponse, want: []string{"/tenants/0", "last_used"}},
		{name: "a tenant name too long", load: Admin, method: "GET", url: "http://127.0.0.1:8081/t/" + strings.Repeat("a", 65) + "/__admin/health",
			status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"default"}`,
			fail: PhaseRequest, want: []string{"path is not documented"}},
		{name: "clock now not a time", load: Admin, method: "POST", url: adminBase + "clock", reqCT: jsonCT, reqBody: `{"advance":"6m"}`,
			status: 200, respCT: jsonCT, resp: `{"now":"in six minutes"}`,
			fail: PhaseResponse, want: []string{"/now"}},
		{name: "sms without session_id", load: Admin, method: "GET", url: adminBase + "sms?phone=77010000001", status: 200, respCT: jsonCT,
			resp: `{"messages":[{"from":"1414","to":"77010000001","text":"t","code":"123456","sent_at":"2024-03-15T10:30:00Z"}]}`,
			fail: PhaseResponse, want: []string{"/messages/0", "session_id"}},
		{name: "refused with line as string", load: Admin, method: "PUT", url: adminBase + "scenario", reqCT: "text/yaml", reqBody: "x: 1",
			status: 400, respCT: jsonCT, resp: `{"errors":[{"line":"3","message":"unknown key x"}]}`,
			fail: PhaseResponse, want: []string{"/errors/0/line"}},
		{name: "scenario as JSON", load: Admin, method: "GET", url: adminBase + "scenario", status: 200, respCT: jsonCT, resp: `{"name":"default"}`,
			fail: PhaseResponse, want: []string{"application/json"}},
		{name: "health 500", load: Admin, method: "GET", url: adminBase + "health", status: 500, respCT: jsonCT, resp: `{}`,
			fail: PhaseResponse, want: []string{"status 500 is not documented"}},
		{name: "clock 400 in the scenario shape", load: Admin, method: "POST", url: adminBase + "clock", reqCT: jsonCT, reqBody: `{"advance":"soon"}`,
			status: 400, respCT: jsonCT, resp: `{"errors":[{"line":0,"message":"bad"}]}`,
			fail: PhaseResponse, want: []string{`"error" is missing`}},
		{name: "put scenario empty name", load: Admin, method: "PUT", url: adminBase + "scenario?name=", status: 200, respCT: jsonCT, resp: `{"status":"ok","scenario":"default"}`,
			fail: PhaseRequest, want: []string{`query parameter "name"`, "minLength"}},
		{name: "clock without advance", load: Admin, method: "POST", url: adminBase + "clock", reqCT: jsonCT, reqBody: `{"by":"6m"}`,
			status: 400, respCT: jsonCT, resp: `{"error":"advance: This field is required."}`,
			fail: PhaseRequest, want: []string{`"advance" is missing`}},
	}

	validators := map[string]*Validator{}
	for _, d := range docs {
		validators[d.name] = validator(t, d.load)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := c.load()
			if err != nil {
				t.Fatal(err)
			}
			var v *Validator
			for _, d := range docs {
				if d2, _ := d.load(); d2 == doc {
					v = validators[d.name]
				}
			}
			req := newRequest(t, c.method, c.url, c.reqCT, c.reqBody, c.header)
			header := http.Header{}
			if c.respCT != "" {
				header.Set("Content-Type", c.respCT)
			}
			resp := &http.Response{StatusCode: c.status, Header: header}
			err = v.Exchange(req, []byte(c.reqBody), resp, []byte(c.resp))
			if c.fail == "" {
				if err != nil {
					t.Fatalf("must pass, got:\n%v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("must fail in the %s", c.fail)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("not a *contracts.Error: %T %v", err, err)
			}
			if ce.Phase != c.fail {
				t.Fatalf("failed in the %s, want the %s:\n%v", ce.Phase, c.fail, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

// Every example in the documents passes the validator, with its stricter uuid and base64 formats.
func TestExamplesPass(t *testing.T) {
	params := map[string]string{"document_type": "identity_card", "operation": "gbdflSync"}
	for _, d := range docs {
		doc, err := d.load()
		if err != nil {
			t.Fatal(err)
		}
		v := validator(t, d.load)
		n := 0
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				url := "http://127.0.0.1:1" + path
				for k, val := range params {
					url = strings.ReplaceAll(url, "{"+k+"}", val)
				}
				if path == "/__admin/sms" {
					url += "?phone=77010000001"
				}
				var reqBody []byte
				reqCT := ""
				if op.RequestBody != nil {
					if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
						reqCT = "application/json"
						for _, ex := range mt.Examples {
							body := []byte(jsonOf(t, ex.Value.Value))
							req := newRequest(t, method, url, reqCT, string(body), egovHeaders)
							if err := v.Request(req, body); err != nil {
								t.Errorf("request example of %s:\n%v", op.OperationID, err)
							}
							reqBody = body
							n++
						}
					}
				}
				for code, rr := range op.Responses.Map() {
					status, _ := strconv.Atoi(code)
					for ct, mt := range rr.Value.Content {
						for name, ex := range mt.Examples {
							req := newRequest(t, method, url, reqCT, string(reqBody), egovHeaders)
							body := []byte(jsonOf(t, ex.Value.Value))
							err := v.Response(req, reqBody, status, http.Header{"Content-Type": {ct}}, body)
							if err != nil {
								t.Errorf("%s %s example %q:\n%v", op.OperationID, code, name, err)
							}
							n++
						}
					}
				}
			}
		}
		if n < 10 {
			t.Errorf("%s: only %d examples checked", d.name, n)
		}
	}
}

func TestErrorDetails(t *testing.T) {
	v := validator(t, EDoc)
	req := newRequest(t, "POST", edocBase+"approve/", "application/json", "{}", nil)
	huge := with(t, approveDoc(), func(m map[string]any) {
		m["document_pdf"] = strings.Repeat("QUJD", 10_000)
		delete(m, "barcode")
	})
	err := v.Response(req, []byte("{}"), 200, http.Header{"Content-Type": {"application/json"}}, []byte(huge))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want *Error, got %v", err)
	}
	if ce.Operation != "approveDocument" || ce.Status != 200 || ce.Phase != PhaseResponse || ce.Path != "/api/v1/backend/e-document/online-access/approve/" {
		t.Errorf("error fields: %+v", ce)
	}
	if len(ce.Body) > 2<<10+64 || !strings.HasPrefix(huge, strings.SplitN(ce.Body, "…", 2)[0]) || !strings.Contains(ce.Body, strconv.Itoa(len(huge))+" bytes") {
		t.Errorf("body not clipped to about 2 KiB: %d bytes: %.80s...", len(ce.Body), ce.Body)
	}
	if !slices.ContainsFunc(ce.Problems, func(p string) bool { return strings.Contains(p, "barcode") }) {
		t.Errorf("problems do not name barcode: %q", ce.Problems)
	}
	if ce.Unwrap() == nil {
		t.Error("the validator's own error is lost")
	}
	if strings.Contains(err.Error(), strings.Repeat("QUJD", 1000)) {
		t.Error("message quotes the whole body")
	}
}

func TestTransport(t *testing.T) {
	v := validator(t, EDoc)
	var gotBody []byte
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		gotBody = b
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "identity_card") {
			_, _ = io.WriteString(w, `{"backend_session_id":"`+sessionID+`"}`)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"detail":"boom"}`)
	}))
	defer srv.Close()

	var reports []error
	client := &http.Client{Transport: v.Transport(srv.Client().Transport, func(err error) {
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, err)
	})}
	const body = `{"api_key":"k","iin":"900101300017","phone":"77010000001"}`
	post := func(docType string) (int, string) {
		t.Helper()
		resp, err := client.Post(srv.URL+"/api/v1/backend/e-document/online-access/request/"+docType+"/", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}

	status, got := post("identity_card")
	if status != 200 || got != `{"backend_session_id":"`+sessionID+`"}` {
		t.Errorf("response changed: %d %s", status, got)
	}
	if string(gotBody) != body {
		t.Errorf("server got %q", gotBody)
	}
	if len(reports) != 0 {
		t.Errorf("a valid exchange was reported: %v", reports)
	}

	// A body that cannot be read twice still reaches the server whole, and the caller's request is untouched.
	req, err := http.NewRequest("POST", srv.URL+"/api/v1/backend/e-document/online-access/request/identity_card/", io.MultiReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if req.GetBody != nil {
		t.Fatal("test needs a request without GetBody")
	}
	orig := req.Body
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || string(gotBody) != body || req.Body != orig || len(reports) != 0 {
		t.Errorf("no-GetBody request: status %d, server got %q, body replaced %v, reports %v", resp.StatusCode, gotBody, req.Body != orig, reports)
	}

	status, got = post("passport")
	if status != 500 || got != `{"detail":"boom"}` {
		t.Errorf("response changed: %d %s", status, got)
	}
	if len(reports) != 1 || !strings.Contains(reports[0].Error(), "status 500 is not documented") {
		t.Errorf("reports = %v", reports)
	}
	if string(gotBody) != body {
		t.Errorf("server got %q", gotBody)
	}
}

// A broken body stays the caller's error; the transport neither hides it nor reports a contract failure.
func TestTransportBrokenBody(t *testing.T) {
	v := validator(t, EDoc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `{"backend_`)
	}))
	defer srv.Close()
	reported := 0
	client := &http.Client{Transport: v.Transport(srv.Client().Transport, func(error) { reported++ })}
	resp, err := client.Post(srv.URL+"/api/v1/backend/e-document/online-access/request/identity_card/", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil || string(b) != `{"backend_` {
		t.Errorf("read %q, %v; want the partial body and an error", b, err)
	}
	if reported != 0 {
		t.Errorf("reported %d contract failures for a transport failure", reported)
	}
}

func TestConcurrentUse(t *testing.T) {
	v := validator(t, EDoc)
	good := jsonOf(t, approveDoc())
	bad := with(t, approveDoc(), func(m map[string]any) { delete(m, "qrcode") })
	const reqBody = `{"backend_session_id":"x","code":"1","file":true,"file_type":"pdf"}`
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", edocBase+"approve/", strings.NewReader(reqBody))
			req.Header.Set("Content-Type", "application/json")
			body, wantErr := good, false
			if i%2 == 1 {
				body, wantErr = bad, true
			}
			err := v.Exchange(req, []byte(reqBody), &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}, []byte(body))
			if (err != nil) != wantErr {
				errs <- fmt.Errorf("goroutine %d: err = %v, want error %v", i, err, wantErr)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRequestOnlyWithoutResponse(t *testing.T) {
	v := validator(t, EDoc)
	req := newRequest(t, "POST", edocBase+"approve/", "application/json", "", nil)
	if err := v.Exchange(req, []byte(`{"backend_session_id":"x","code":"1","file":false,"file_type":"image"}`), nil, nil); err != nil {
		t.Errorf("valid request: %v", err)
	}
	if _, err := NewValidator(nil); err == nil {
		t.Error("NewValidator(nil) must fail")
	}
	if !reflect.DeepEqual(describe(nil), []string(nil)) {
		t.Error("describe(nil) must be empty")
	}
}
