package embed

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/sim"
	"github.com/egovsim/egovsim/sim/simtest"
)

const (
	happyIIN   = "900101300017"
	happyPhone = "+77010000001"
)

func TestIdentityCardHappyPath(t *testing.T) {
	srv := simtest.Edoc(t)
	c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
	ctx := context.Background()

	id, err := c.RequestDocument(ctx, edoc.IdentityCard, happyIIN, happyPhone)
	if err != nil {
		t.Fatal(err)
	}
	code, ok := srv.Code(happyPhone)
	if !ok {
		t.Fatal("no SMS went to the citizen")
	}
	doc, err := c.Approve(ctx, id, code, edoc.FilePDF)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Result.Common; got.DocOwner.IIN != happyIIN || got.DocNumber != "041234567" {
		t.Errorf("document: %+v", got)
	}
	pdf, err := doc.PDF()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("document_pdf is not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	if _, err := c.Approve(ctx, id, code, edoc.FileNone); !errors.Is(err, edoc.ErrAlreadyReceived) {
		t.Errorf("a second approve: %v", err)
	}
}

func TestCitizenNotInCMDB(t *testing.T) {
	srv := simtest.Edoc(t)
	c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
	_, err := c.RequestDocument(context.Background(), edoc.IdentityCard, "900101300027", "+77010000002")
	if !errors.Is(err, edoc.ErrSubjectNotInCMDB) {
		t.Fatalf("want ErrSubjectNotInCMDB, got %v", err)
	}
	if ms := srv.SMS("+77010000002"); len(ms) != 0 {
		t.Errorf("an SMS went out: %v", ms)
	}
}

func TestCodeExpires(t *testing.T) {
	srv := simtest.Edoc(t)
	c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
	ctx := context.Background()
	id, err := c.RequestDocument(ctx, edoc.IdentityCard, happyIIN, happyPhone)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := srv.Code("87010000001")
	if err := srv.Advance(6 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Approve(ctx, id, code, edoc.FileNone); !errors.Is(err, edoc.ErrOTPExpired) {
		t.Errorf("approve after 6 minutes: %v", err)
	}
}

func gateway(t *testing.T, srv *simtest.EgovServer) *egov.Client {
	t.Helper()
	c, err := egov.New(egov.Config{
		ServiceURL: srv.URL,
		APIKey:     sim.DefaultEgovAPIKey,
		SenderID:   sim.DefaultEgovSenderID,
		Password:   sim.DefaultEgovPassword,
		SenderCode: sim.DefaultEgovSenderCode,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGatewayPerson(t *testing.T) {
	srv := simtest.Egov(t)
	res, err := gateway(t, srv).GBDFL(context.Background(), egov.PersonQuery{IIN: happyIIN})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Persons) != 1 {
		t.Fatalf("persons: %+v", res.Persons)
	}
	p := res.Persons[0]
	if p.Surname != "ИВАНОВ" || p.Name != "ИВАН" || p.BirthDate != "1990-01-01" || res.ResponseInfo.Status.Code != "SCSS001" {
		t.Errorf("person: %+v, status %+v", p, res.ResponseInfo.Status)
	}
	if rs := srv.Requests(); len(rs) != 1 || rs[0].Path != "/api/egov/"+egov.OpGBDFL || rs[0].Status != 200 {
		t.Errorf("journal: %+v", rs)
	}
}

func TestPaymentSettles(t *testing.T) {
	srv := simtest.Egov(t)
	c := gateway(t, srv)
	ctx := context.Background()
	p, err := c.InitPayment(ctx, egov.PaymentRequest{Amount: 1500, ServiceID: "SVC-001", IINOrBIN: happyIIN})
	if err != nil {
		t.Fatal(err)
	}
	if p.Payment.Status != "CREATED" {
		t.Errorf("a new payment: %q", p.Payment.Status)
	}
	if err := srv.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	info, err := c.PaymentInfo(ctx, p.Payment.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if info.Payment.Status != "PAID" || info.Payment.PaidAt == nil {
		t.Errorf("after 2 minutes: %+v", info.Payment)
	}
}

// A scenario of the service's own: its API key, one citizen, a pinned code, and a gateway outage
// for him.
const ownScenario = `name: my-service
citizens:
  - iin: "900101300017"
    surname: ТЕСТОВ
    name: АЙДАР
    phone: "+77771234567"
    documents:
      driver_license: {}
edoc:
  clients:
    - {api_key: my_service_key_00000000000000000000000000000000, subscription: active}
egov: {api_key: my-gateway-key, sender_id: my-sender, password: my-password, sender_code: MY_SENDER}
otp: {fixed: "424242"}
faults:
  - {when: {service: egov, operation: familyInfoServiceSync}, error: service_unavailable}
`

func TestOwnScenario(t *testing.T) {
	s, err := sim.ParseScenario([]byte(ownScenario))
	if err != nil {
		t.Fatal(err)
	}
	ed := simtest.Edoc(t, simtest.WithScenario(s))
	c := edoc.New(ed.URL, "my_service_key_00000000000000000000000000000000")
	ctx := context.Background()

	id, err := c.RequestDocument(ctx, edoc.DriverLicense, "900101300017", "8 777 123 45 67")
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := ed.Code("+77771234567"); code != "424242" {
		t.Errorf("the pinned code: %q", code)
	}
	doc, err := c.Approve(ctx, id, "424242", edoc.FileNone)
	if err != nil {
		t.Fatal(err)
	}
	if o := doc.Result.Common.DocOwner; o.LastName != "ТЕСТОВ" || o.FirstName != "АЙДАР" {
		t.Errorf("owner: %+v", o)
	}
	// He holds no identity card: the same 200, and no SMS.
	if _, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77771234567"); err != nil {
		t.Fatal(err)
	}
	if n := len(ed.SMS("+77771234567")); n != 1 {
		t.Errorf("%d messages, want only the driver licence's", n)
	}
	// The default catalogue's key is nobody here.
	if _, err := edoc.New(ed.URL, sim.DefaultEdocAPIKey).RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77771234567"); !errors.Is(err, edoc.ErrInvalidAPIKey) {
		t.Errorf("the default key on my scenario: %v", err)
	}

	eg := simtest.Egov(t, simtest.WithScenario(s))
	g, err := egov.New(egov.Config{ServiceURL: eg.URL, APIKey: "my-gateway-key", SenderID: "my-sender", Password: "my-password", SenderCode: "MY_SENDER"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.FamilyInfo(ctx, "900101300017"); !errors.Is(err, egov.ErrServiceUnavailable) {
		t.Errorf("the scenario's outage: %v", err)
	}
	res, err := g.GBDFL(ctx, egov.PersonQuery{IIN: "900101300017"})
	if err != nil || len(res.Persons) != 1 || res.Persons[0].Surname != "ТЕСТОВ" {
		t.Errorf("GBDFL on my scenario: %+v %v", res, err)
	}
}

func TestRefusedScenarioSaysWhere(t *testing.T) {
	_, err := sim.ParseScenario([]byte("name: typo\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, phnoe: \"+77771234567\"}\n"))
	var se *sim.ScenarioError
	if !errors.As(err, &se) || len(se.Problems) != 1 || se.Problems[0].Line != 3 {
		t.Fatalf("want one problem on line 3, got %v", err)
	}
}
