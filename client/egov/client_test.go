package egov_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/client/egov"
	sim "github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

var catalogue = egov.Config{
	SenderID: "test-sender", Password: "test-password", APIKey: "egov_test_api_key",
	SenderCode: "TEST_SENDER", DigitalSignBaseURL: "http://127.0.0.1:9000", CertEnvPrefix: "TEST",
}

func simulator(t *testing.T) (*sim.Server, string) {
	t.Helper()
	srv, err := sim.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func client(t *testing.T, url string, change func(*egov.Config)) *egov.Client {
	t.Helper()
	cfg := catalogue
	cfg.ServiceURL = url
	if change != nil {
		change(&cfg)
	}
	c, err := egov.New(cfg, egov.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEveryOperation(t *testing.T) {
	srv, url := simulator(t)
	c := client(t, url, nil)
	ctx := context.Background()

	id := uuid.NewString()
	ps, err := c.GBDFL(egov.WithMessageID(ctx, id), egov.PersonQuery{IIN: "900101300017"})
	if err != nil {
		t.Fatal(err)
	}
	if !ps.Success || ps.ResponseInfo.CorrelationID != id || ps.ResponseInfo.Status.Code != "SCSS001" || ps.ResponseInfo.ResponseDate.IsZero() {
		t.Errorf("responseInfo: %+v", ps.ResponseInfo)
	}
	if len(ps.Persons) != 1 || ps.Persons[0].Name != "ИВАН" || ps.Persons[0].Documents[0].Type.Code != egov.DocIdentityCard || ps.Persons[0].Documents[0].Number != "041234567" {
		t.Errorf("persons: %+v", ps.Persons)
	}
	ps, err = c.GBDFL(ctx, egov.PersonQuery{Surname: "ИВАНОВА", Name: "АЛИНА", BirthDate: "2015-06-09"})
	if err != nil || len(ps.Persons) != 1 || ps.Persons[0].Gender.Code != "2" {
		t.Errorf("by name: %+v %v", ps, err)
	}
	if _, err := uuid.Parse(ps.ResponseInfo.CorrelationID); err != nil {
		t.Errorf("generated messageId %q: %v", ps.ResponseInfo.CorrelationID, err)
	}

	fam, err := c.FamilyInfo(ctx, "900101300017")
	if err != nil || len(fam.ServiceData.BirthInfos) != 1 || fam.ServiceData.BirthInfos[0].MotherIIN != "850515400012" || len(fam.ServiceData.MarriageInfos) != 1 {
		t.Errorf("family: %+v %v", fam, err)
	}
	mar, err := c.FindMarriage(ctx, "880712400019")
	if err != nil || len(mar.ServiceData.MarriageInfos) != 1 || mar.ServiceData.MarriageInfos[0].HusbandIIN != "920304300014" {
		t.Errorf("marriage: %+v %v", mar, err)
	}
	sch, err := c.Schools(ctx, "750000000")
	if err != nil || len(sch.Schools) < 3 || sch.ResponseInfo.Status.Code != "01" {
		t.Errorf("schools: %+v %v", sch, err)
	}
	edu, err := c.Education(ctx, "150609600010")
	if err != nil || len(edu.EducationInfo.Records) != 1 || edu.EducationInfo.Records[0].Grade != 5 {
		t.Errorf("education: %+v %v", edu, err)
	}
	deb, err := c.CheckDebtor(ctx, "150140000012")
	if err != nil || len(deb.Data) != 1 || deb.Data[0].RecoveryAmount != 980000 || deb.Status.Code != "SCSS001" {
		t.Errorf("debtor: %+v %v", deb, err)
	}
	tax, err := c.CitsDebts(ctx, "900101300017")
	if err != nil || tax.DebtsInfo.TotalTaxArrear != 45230.50 {
		t.Errorf("citsDebts: %+v %v", tax, err)
	}
	upc, err := c.CitsUpcomingPayments(ctx, "900101300017")
	if err != nil || upc.TaxData.TotalUpcPays != 30900.25 || len(upc.TaxData.TaxOrganizations) != 2 {
		t.Errorf("citsUpcPays: %+v %v", upc, err)
	}
	prop, err := c.PropertyOwner(ctx, "900101300017")
	if err != nil || len(prop.Properties) != 1 || prop.Properties[0].Area != 72.4 {
		t.Errorf("property: %+v %v", prop, err)
	}
	pay, err := c.InitPayment(ctx, egov.PaymentRequest{Amount: 1500, ServiceID: "SVC-001", IINOrBIN: "900101300017"})
	if err != nil || pay.Payment.Status != egov.PaymentCreated || pay.Payment.PaidAt != nil {
		t.Fatalf("init payment: %+v %v", pay, err)
	}
	srv.Clock().Advance(2 * time.Minute)
	info, err := c.PaymentInfo(ctx, pay.Payment.PaymentID)
	if err != nil || info.Payment.Status != egov.PaymentPaid || info.Payment.PaidAt == nil || !info.Payment.PaidAt.After(info.Payment.CreatedAt) {
		t.Errorf("payment info: %+v %v", info, err)
	}
}

func TestErrors(t *testing.T) {
	_, url := simulator(t)
	ctx := context.Background()
	c := client(t, url, nil)
	check := func(name string, err error, sentinel error, status int, code string) {
		t.Helper()
		var ae *egov.APIError
		if !errors.Is(err, sentinel) || !errors.As(err, &ae) || ae.StatusCode != status || ae.Code != code || ae.Message == "" || ae.Operation == "" {
			t.Errorf("%s: %v (%#v)", name, err, ae)
		}
		for _, other := range []error{egov.ErrValidation, egov.ErrUnauthorized, egov.ErrForbidden, egov.ErrUnknownOperation,
			egov.ErrPaymentNotFound, egov.ErrMethodNotAllowed, egov.ErrServiceUnavailable, egov.ErrGatewayTimeout, egov.ErrUpstreamError, egov.ErrMalformedResponse} {
			if other != sentinel && errors.Is(err, other) {
				t.Errorf("%s: also matches %v", name, other)
			}
		}
	}
	_, err := c.FamilyInfo(ctx, "900101300018")
	check("bad IIN", err, egov.ErrValidation, 400, "VALIDATION_ERROR")
	_, err = c.GBDFL(ctx, egov.PersonQuery{Surname: "ИВАНОВ", Name: "ИВАН"})
	check("name without birth date", err, egov.ErrValidation, 400, "VALIDATION_ERROR")
	_, err = client(t, url, func(c *egov.Config) { c.APIKey = "wrong" }).Schools(ctx, "750000000")
	check("wrong key", err, egov.ErrUnauthorized, 401, "UNAUTHORIZED")
	_, err = client(t, url, func(c *egov.Config) { c.Password = "wrong" }).Schools(ctx, "750000000")
	check("wrong password", err, egov.ErrForbidden, 403, "FORBIDDEN")
	_, err = client(t, url, func(c *egov.Config) { c.SenderCode = "OTHER" }).FamilyInfo(ctx, "900101300017")
	check("wrong senderCode", err, egov.ErrForbidden, 403, "FORBIDDEN")
	_, err = c.PaymentInfo(ctx, "7c9e6679-7425-40de-944b-e07fc1f90ae7")
	check("unknown payment", err, egov.ErrPaymentNotFound, 404, "PAYMENT_NOT_FOUND")
	_, err = c.CheckDebtor(ctx, "750220300021")
	check("outage", err, egov.ErrServiceUnavailable, 503, "SERVICE_UNAVAILABLE")
	_, err = c.CitsDebts(ctx, "750220300011")
	check("time-out", err, egov.ErrGatewayTimeout, 504, "GATEWAY_TIMEOUT")
	// A gateway that does not know the operation (an older one, say).
	_, err = client(t, fake(t, 404, `{"message":"Unknown operation","code":"UNKNOWN_OPERATION","operation":"NEDBSyncSchoolData"}`, nil), nil).Schools(ctx, "750000000")
	check("unknown operation", err, egov.ErrUnknownOperation, 404, "UNKNOWN_OPERATION")
}

// fake answers every call with status and body, and records the last request.
func fake(t *testing.T, status int, body string, last *http.Request) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if last != nil {
			*last = *r.Clone(context.Background())
			b, _ := io.ReadAll(r.Body)
			last.Body = io.NopCloser(bytes.NewReader(b))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestWire(t *testing.T) {
	var last http.Request
	url := fake(t, 200, `{"responseInfo":{"messageId":"m","correlationId":"c","responseDate":"2024-03-15T10:30:00.000Z","status":{"code":"SCSS001","message":"Success"}},"debtsInfo":{"iinBin":"900101300017","totalArrear":1,"totalTaxArrear":1,"taxOrganizations":[]}}`, &last)
	c := client(t, url+"/gateway/", nil)
	if _, err := c.CitsDebts(egov.WithMessageID(context.Background(), "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"), "900101300017"); err != nil {
		t.Fatal(err)
	}
	if last.Method != http.MethodPost || last.URL.Path != "/gateway/api/egov/citsDebts" {
		t.Errorf("request %s %s", last.Method, last.URL.Path)
	}
	for k, want := range map[string]string{"Authorization": "Bearer egov_test_api_key", "X-Egov-Sender-Id": "test-sender", "X-Egov-Password": "test-password", "Content-Type": "application/json"} {
		if got := last.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	var body map[string]any
	if err := json.NewDecoder(last.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"iinBin": "900101300017", "digitalSignBaseUrl": "http://127.0.0.1:9000", "certEnvPrefix": "TEST", "messageId": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f"}
	if len(body) != len(want) {
		t.Errorf("body %v, want %v", body, want)
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %v, want %v", k, body[k], v)
		}
	}
}

func TestBrokenAnswers(t *testing.T) {
	ctx := context.Background()
	_, err := client(t, fake(t, 200, `{"responseInfo":`, nil), nil).Schools(ctx, "1")
	var ae *egov.APIError
	if !errors.Is(err, egov.ErrMalformedResponse) || errors.As(err, &ae) {
		t.Errorf("malformed 200: %v", err)
	}
	// An error page without the gateway's shape is still classified by its status.
	_, err = client(t, fake(t, 503, `<html>down</html>`, nil), nil).Schools(ctx, "1")
	if !errors.Is(err, egov.ErrServiceUnavailable) || !errors.As(err, &ae) || ae.Code != "" || ae.Message != "<html>down</html>" {
		t.Errorf("503 page: %v", err)
	}
	_, err = client(t, fake(t, 502, `{"message":"x","code":"UPSTREAM_ERROR","operation":"NEDBSyncSchoolData"}`, nil), nil).Schools(ctx, "1")
	if !errors.Is(err, egov.ErrUpstreamError) {
		t.Errorf("502: %v", err)
	}
	// A transport failure is not an API error.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	_, err = client(t, dead.URL, nil).Schools(ctx, "1")
	if err == nil || errors.As(err, &ae) || errors.Is(err, egov.ErrServiceUnavailable) || errors.Is(err, egov.ErrMalformedResponse) {
		t.Errorf("connection refused: %v", err)
	}
	// A cancelled context is reported as such.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := client(t, dead.URL, nil).Schools(cctx, "1"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestNew(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:8082", "ftp://x", "http://"} {
		if _, err := egov.New(egov.Config{ServiceURL: u}); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	if len(egov.Operations) != 11 {
		t.Errorf("%d operations", len(egov.Operations))
	}
}
