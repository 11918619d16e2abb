package edoc_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
)

// stub answers every approve with body.
func stub(t *testing.T, status int, body string) *edoc.Client {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return edoc.New(ts.URL, "k")
}

// approveBody is an identity card's approve answer with the dates given as raw JSON.
func approveBody(issued, expires, domainIssued string) string {
	return `{"document_type":"identity_card","result_json":{"common":{` +
		`"docOwner":{"iin":"900101300017","firstName":"ИВАН","lastName":"ИВАНОВ","middleName":"ИВАНОВИЧ"},` +
		`"docType":{"code":"IdentityCard","nameRu":"Удостоверение личности","nameKk":"Жеке куәлік","nameEn":"Identity card"},` +
		`"docNumber":"041234567","docUri":"IdentityCard:041234567","docIssuedDate":` + issued + `,"docExpirationDate":` + expires + `,` +
		`"docIssuer":{"nameRu":"МВД","nameKk":"ІІМ","nameEn":"MIA"}},` +
		`"domain":{"docNumber":"041234567","docIssuedDate":` + domainIssued + `,"docExpirationDate":null,"docPhoto":"/9j/4AAQ",` +
		`"placeOfBirth":"Г. АЛМАТЫ","nationality":"КАЗАХ","citizenship":"КАЗАХСТАН","gender":"M","address":"Г. АЛМАТЫ",` +
		`"categories":[{"category":"B","expiryDate":1869674400}]}},` +
		`"face_photo":null,"qrcode":null,"barcode":null,"document_image":null,"document_pdf":null,"failure_reason":null}`
}

func TestDatesInEveryForm(t *testing.T) {
	for _, tc := range []struct{ name, issued, expires string }{
		{"epoch milliseconds", "1457892000000", "1773338400000"},
		{"epoch seconds", "1457892000", "1773338400"},
		{"ISO strings", `"2016-03-14"`, `"2026-03-13"`},
		{"milliseconds as a JSON float", "1.457892e12", "1773338400000.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := stub(t, 200, approveBody(tc.issued, tc.expires, tc.issued)).Approve(context.Background(), "s", "1", edoc.FileNone)
			if err != nil {
				t.Fatal(err)
			}
			cm := doc.Result.Common
			if got := cm.DocIssuedDate.Format(time.DateOnly); got != "2016-03-14" {
				t.Errorf("docIssuedDate %s, want 2016-03-14", got)
			}
			if cm.DocExpirationDate == nil || cm.DocExpirationDate.Format(time.DateOnly) != "2026-03-13" {
				t.Errorf("docExpirationDate %v, want 2026-03-13", cm.DocExpirationDate)
			}
			if cm.DocIssuedDate.Location() != edoc.Zone || cm.DocIssuedDate.Hour() != 0 {
				t.Errorf("not local midnight at UTC+06:00: %v", cm.DocIssuedDate)
			}
			if cm.DocURI != "IdentityCard:041234567" || cm.DocType.Code != edoc.IdentityCard.Code() {
				t.Errorf("docUri %q, code %q", cm.DocURI, cm.DocType.Code)
			}
			id, err := doc.IdentityCard()
			if err != nil {
				t.Fatal(err)
			}
			if id.DocIssuedDate == nil || id.DocIssuedDate.String() != "2016-03-14" || id.DocExpirationDate != nil {
				t.Errorf("domain dates: %v %v", id.DocIssuedDate, id.DocExpirationDate)
			}
			if string(id.DocPhoto) != "\xff\xd8\xff\xe0\x00\x10" || id.DocNumber != "041234567" || id.Gender != "M" {
				t.Errorf("identity card: %+v", id)
			}
			got, ok, err := doc.Result.DomainDate("categories", "0", "expiryDate")
			if err != nil || !ok || got.Format(time.DateOnly) != "2029-04-01" {
				t.Errorf("DomainDate: %v %v %v", got, ok, err)
			}
		})
	}
}

// The evidenced example: 1197568800000 is 2007-12-14 at UTC+06:00 (2007-12-13 in UTC).
func TestDateEvidence(t *testing.T) {
	var d edoc.Date
	if err := json.Unmarshal([]byte("1197568800000"), &d); err != nil || d.String() != "2007-12-14" || d.UTC().Day() != 13 {
		t.Errorf("%v %v", d, err)
	}
	if err := json.Unmarshal([]byte("1197568800"), &d); err != nil || d.String() != "2007-12-14" {
		t.Errorf("seconds: %v %v", d, err)
	}
	// The rule's edge: 1e11 and above is milliseconds (1973-03-03), below it seconds (the year 5138).
	if err := json.Unmarshal([]byte("100000000000"), &d); err != nil || d.Year() != 1973 {
		t.Errorf("1e11: %v %v", d, err)
	}
	if err := json.Unmarshal([]byte("99999999999"), &d); err != nil || d.Year() != 5138 {
		t.Errorf("1e11-1: %v %v", d, err)
	}
	if err := json.Unmarshal([]byte("null"), &d); err != nil || !d.IsZero() || d.String() != "" {
		t.Errorf("null: %v %v", d, err)
	}
	var p *edoc.Date
	if err := json.Unmarshal([]byte("null"), &p); err != nil || p != nil {
		t.Errorf("null into *Date: %v %v", p, err)
	}
	for _, bad := range []string{`"14.03.2016"`, `true`, `1.5`, `{}`, `"2016-02-30"`} {
		if err := json.Unmarshal([]byte(bad), &d); !errors.Is(err, edoc.ErrNotADate) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	b, err := json.Marshal(struct{ D edoc.Date }{d})
	if err != nil || !strings.Contains(string(b), "null") {
		t.Errorf("marshal zero: %s %v", b, err)
	}
	_ = json.Unmarshal([]byte("1197568800000"), &d)
	if b, _ := json.Marshal(d); string(b) != `"2007-12-14"` {
		t.Errorf("marshal: %s", b)
	}
}

func TestDomainAccess(t *testing.T) {
	doc, err := stub(t, 200, strings.Replace(approveBody("1457892000000", "null", "null"), `"document_type":"identity_card"`, `"document_type":"driver_license"`, 1)).
		Approve(context.Background(), "s", "1", edoc.FileNone)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Result.Common.DocExpirationDate != nil {
		t.Errorf("null expiry: %v", doc.Result.Common.DocExpirationDate)
	}
	if _, err := doc.IdentityCard(); !errors.Is(err, edoc.ErrOtherType) {
		t.Errorf("identity card of a driver licence: %v", err)
	}
	if _, ok, err := doc.Result.DomainDate("docIssuedDate"); ok || err != nil {
		t.Errorf("a null domain date: %v %v", ok, err)
	}
	for _, path := range [][]string{{"nope"}, {"categories", "3", "expiryDate"}, {"categories", "x"}, {"address"}, {"docNumber", "x"}} {
		if _, _, err := doc.Result.DomainDate(path...); err == nil {
			t.Errorf("DomainDate(%q) did not fail", path)
		}
	}
	// The caller's own struct, with dates in any form.
	var dl struct {
		Categories []struct {
			Category   string    `json:"category"`
			ExpiryDate edoc.Date `json:"expiryDate"`
		} `json:"categories"`
	}
	if err := doc.Result.DecodeDomain(&dl); err != nil || len(dl.Categories) != 1 || dl.Categories[0].ExpiryDate.String() != "2029-04-01" {
		t.Errorf("DecodeDomain: %+v %v", dl, err)
	}
}

func TestDocumentTypeCodes(t *testing.T) {
	want := map[edoc.DocumentType]string{
		edoc.IdentityCard: "IdentityCard", edoc.ChangeFIOCertificate: "ChangeFioCertificate", edoc.SRTS: "Srts",
		edoc.VNZh: "Vnzh", edoc.PCRCertificate: "PcrCertificate", edoc.LBGCard: "LbgCard", edoc.SocialID: "SocialId",
	}
	for typ, code := range want {
		if typ.Code() != code {
			t.Errorf("%s: %q, want %q", typ, typ.Code(), code)
		}
	}
	seen := map[string]bool{}
	for _, typ := range edoc.DocumentTypes() {
		c := typ.Code()
		if c == "" || seen[c] {
			t.Errorf("%s: code %q missing or repeated", typ, c)
		}
		seen[c] = true
		if back, ok := edoc.DocumentTypeOfCode(c); !ok || back != typ {
			t.Errorf("DocumentTypeOfCode(%q) = %q %v", c, back, ok)
		}
	}
	if edoc.DocumentType("id_card").Code() != "" {
		t.Error("an undocumented type has a code")
	}
	if _, ok := edoc.DocumentTypeOfCode("IDENTITY_CARD"); ok {
		t.Error("the upper-case spelling is not eGov's code")
	}
}

func TestSpellingsOfOneError(t *testing.T) {
	for _, tc := range []struct {
		status int
		detail string
		want   error
	}{
		{404, "Subject not found in CMDB", edoc.ErrSubjectNotInCMDB},
		{404, "Subject not found in MCDB", edoc.ErrSubjectNotInCMDB},
		{503, "Can`t connect to e-document service", edoc.ErrCantConnect},
		{503, "Can't connect to e-document service", edoc.ErrCantConnect},
	} {
		body, _ := json.Marshal(map[string]string{"detail": tc.detail})
		_, err := stub(t, tc.status, string(body)).RequestDocument(context.Background(), edoc.IdentityCard, "900101300017", "77010000001")
		if !errors.Is(err, tc.want) {
			t.Errorf("%q: %v does not match %v", tc.detail, err, tc.want)
		}
		for _, other := range edoc.Sentinels() {
			if other != tc.want && errors.Is(err, other) {
				t.Errorf("%q also matches %v", tc.detail, other)
			}
		}
	}
	// The other spelling does not cross statuses.
	_, err := stub(t, 400, `{"detail":"Subject not found in MCDB"}`).RequestDocument(context.Background(), edoc.IdentityCard, "900101300017", "77010000001")
	if errors.Is(err, edoc.ErrSubjectNotInCMDB) {
		t.Errorf("a 400 matched the 404: %v", err)
	}
}
