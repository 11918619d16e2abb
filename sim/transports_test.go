package sim_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/sim"
)

// withoutEnvelope zeroes what differs between two answers to the same question: the answer's
// own messageId, its correlation and its date.
func withoutEnvelope(v any) any {
	r := reflect.ValueOf(v).Elem()
	for _, name := range []string{"ResponseInfo", "MessageID"} {
		if f := r.FieldByName(name); f.IsValid() {
			f.Set(reflect.Zero(f.Type()))
		}
	}
	return r.Interface()
}

// The same person reads the same over the JSON facade, over SyncChannel and in E-Document: every
// operation's answer decodes to equal values over both transports, and GBDFL's identity card is the
// one E-Document issues.
func TestSamePersonEverywhere(t *testing.T) {
	g, err := sim.NewEgov(nil)
	if err != nil {
		t.Fatal(err)
	}
	gs := httptest.NewServer(g)
	defer gs.Close()
	e, err := sim.NewEdoc(nil)
	if err != nil {
		t.Fatal(err)
	}
	es := httptest.NewServer(e)
	defer es.Close()

	clients := map[egov.Transport]*egov.Client{}
	for _, tr := range []egov.Transport{egov.JSON, egov.SOAP} {
		c, err := egov.New(egov.Config{ServiceURL: gs.URL, APIKey: sim.DefaultEgovAPIKey, SenderID: sim.DefaultEgovSenderID,
			Password: sim.DefaultEgovPassword, SenderCode: sim.DefaultEgovSenderCode, DigitalSignBaseURL: "http://127.0.0.1:9000", Transport: tr})
		if err != nil {
			t.Fatal(err)
		}
		clients[tr] = c
	}
	const iin, wife, child, entity = "900101300017", "850515400012", "150609600010", "150140000012"
	ctx := context.Background()
	calls := map[string]func(c *egov.Client) (any, error){
		"GBDFL": func(c *egov.Client) (any, error) { return c.GBDFL(ctx, egov.PersonQuery{IIN: iin}) },
		"GBDFL byName": func(c *egov.Client) (any, error) {
			return c.GBDFL(ctx, egov.PersonQuery{Surname: "ИВАНОВ", Name: "ИВАН", BirthDate: "1990-01-01"})
		},
		"FamilyInfo":   func(c *egov.Client) (any, error) { return c.FamilyInfo(ctx, iin) },
		"FindMarriage": func(c *egov.Client) (any, error) { return c.FindMarriage(ctx, wife) },
		"Schools":      func(c *egov.Client) (any, error) { return c.Schools(ctx, "750000000") },
		"Education":    func(c *egov.Client) (any, error) { return c.Education(ctx, child) },
		"CheckDebtor":  func(c *egov.Client) (any, error) { return c.CheckDebtor(ctx, wife) },
		"CitsDebts":    func(c *egov.Client) (any, error) { return c.CitsDebts(ctx, entity) },
		"CitsUpcPays":  func(c *egov.Client) (any, error) { return c.CitsUpcomingPayments(ctx, entity) },
		"Property":     func(c *egov.Client) (any, error) { return c.PropertyOwner(ctx, iin) },
	}
	for name, call := range calls {
		viaJSON, err := call(clients[egov.JSON])
		if err != nil {
			t.Fatalf("%s over JSON: %v", name, err)
		}
		viaSOAP, err := call(clients[egov.SOAP])
		if err != nil {
			t.Fatalf("%s over SOAP: %v", name, err)
		}
		if a, b := withoutEnvelope(viaJSON), withoutEnvelope(viaSOAP); !reflect.DeepEqual(a, b) {
			t.Errorf("%s differs:\nJSON %+v\nSOAP %+v", name, a, b)
		}
	}
	// A payment made over SOAP reads the same over JSON.
	pay, err := clients[egov.SOAP].InitPayment(ctx, egov.PaymentRequest{Amount: 1500.5, ServiceID: "SVC-001", IINOrBIN: iin})
	if err != nil {
		t.Fatal(err)
	}
	_ = g.Advance(2 * time.Minute)
	a, errA := clients[egov.JSON].PaymentInfo(ctx, pay.Payment.PaymentID)
	b, errB := clients[egov.SOAP].PaymentInfo(ctx, pay.Payment.PaymentID)
	if errA != nil || errB != nil || !reflect.DeepEqual(withoutEnvelope(a), withoutEnvelope(b)) || a.Payment.Status != "PAID" || a.Payment.Amount != 1500.5 {
		t.Errorf("payment: JSON %+v %v, SOAP %+v %v", a, errA, b, errB)
	}
	// Refusals map to the same sentinels.
	for _, c := range clients {
		if _, err := c.PaymentInfo(ctx, "nope"); !errors.Is(err, egov.ErrPaymentNotFound) {
			t.Errorf("PaymentInfo(nope): %v", err)
		}
		if _, err := c.GBDFL(ctx, egov.PersonQuery{IIN: "900101300018"}); !errors.Is(err, egov.ErrValidation) {
			t.Errorf("GBDFL(bad IIN): %v", err)
		}
	}

	soapCalls := 0
	for _, r := range g.Requests() {
		if r.Path == "/bip-sync/" {
			soapCalls++
		}
	}
	if soapCalls < len(calls)+3 {
		t.Errorf("%d SendMessage calls in the journal, want one per SOAP call", soapCalls)
	}

	// E-Document's identity card is GBDFL's.
	ec := edoc.New(es.URL, sim.DefaultEdocAPIKey)
	id, err := ec.RequestDocument(ctx, edoc.IdentityCard, iin, "+77010000001")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := e.Code("+77010000001")
	doc, err := ec.Approve(ctx, id, code, edoc.FileNone)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := clients[egov.SOAP].GBDFL(ctx, egov.PersonQuery{IIN: iin})
	if err != nil {
		t.Fatal(err)
	}
	p, owner := ps.Persons[0], doc.Result.Common.DocOwner
	if p.Surname != owner.LastName || p.Name != owner.FirstName || p.Patronymic != owner.MiddleName || p.IIN != owner.IIN {
		t.Errorf("GBDFL over SOAP %s %s %s %s, E-Document %+v", p.IIN, p.Surname, p.Name, p.Patronymic, owner)
	}
	if p.Documents[0].Type.Code != egov.DocIdentityCard || p.Documents[0].Number != doc.Result.Common.DocNumber {
		t.Errorf("identity card: GBDFL %+v, E-Document number %s", p.Documents[0], doc.Result.Common.DocNumber)
	}
}
