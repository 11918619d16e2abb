package sim_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/sim"
)

// The whole E-Document flow against the simulator in-process: request, read the code the citizen
// got, approve.
func Example() {
	e, err := sim.NewEdoc(nil) // nil: the bundled default scenario
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()

	ctx := context.Background()
	c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
	id, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
	if err != nil {
		log.Fatal(err)
	}
	code, _ := e.Code("8 701 000 00 01") // any form of the phone the API accepts
	doc, err := c.Approve(ctx, id, code, edoc.FilePDF)
	if err != nil {
		log.Fatal(err)
	}
	pdf, err := doc.PDF()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Result.Common.DocOwner.LastName, doc.Result.Common.DocNumber, bytes.HasPrefix(pdf, []byte("%PDF")))

	// An hour later the code has long expired.
	id, _ = c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
	code, _ = e.Code("+77010000001")
	_ = e.Advance(time.Hour)
	_, err = c.Approve(ctx, id, code, edoc.FileNone)
	fmt.Println(errors.Is(err, edoc.ErrOTPExpired))
	fmt.Println(len(e.Requests()), "calls")
	// Output:
	// ИВАНОВ 041234567 true
	// true
	// 4 calls
}

// The gateway with the default catalogue's credentials.
func ExampleNewEgov() {
	g, err := sim.NewEgov(nil)
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(g)
	defer srv.Close()

	c, err := egov.New(egov.Config{ServiceURL: srv.URL, APIKey: sim.DefaultEgovAPIKey, SenderID: sim.DefaultEgovSenderID,
		Password: sim.DefaultEgovPassword, SenderCode: sim.DefaultEgovSenderCode})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.GBDFL(ctx, egov.PersonQuery{IIN: "900101300017"})
	if err != nil {
		log.Fatal(err)
	}
	p := res.Persons[0]
	fmt.Println(p.Surname, p.Name, p.BirthDate)

	pay, err := c.InitPayment(ctx, egov.PaymentRequest{Amount: 1500, ServiceID: "SVC-001", IINOrBIN: "900101300017"})
	if err != nil {
		log.Fatal(err)
	}
	_ = g.Advance(2 * time.Minute) // payments settle one minute after creation
	info, err := c.PaymentInfo(ctx, pay.Payment.PaymentID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pay.Payment.Status, "->", info.Payment.Status)
	// Output:
	// ИВАНОВ ИВАН 1990-01-01
	// CREATED -> PAID
}

// A scenario of one's own, refused with the line of each problem or served.
func ExampleParseScenario() {
	_, err := sim.ParseScenario([]byte(`name: mine
citizens:
  - {iin: "900101300018", surname: ТЕСТОВ, name: ТЕСТ}
  - {iin: "900101300027", surname: ПЕТРОВ, name: ПЕТР, phone: "12345"}
`))
	var se *sim.ScenarioError
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			fmt.Printf("line %d: %s\n", p.Line, p.Message)
		}
	}

	s, err := sim.ParseScenario([]byte(`name: mine
citizens:
  - {iin: "900101300017", surname: ТЕСТОВ, name: ТЕСТ, phone: "+77010000001", all_documents: true}
edoc:
  clients:
    - {api_key: my_own_key_000000000000000000000000000000000000, subscription: active}
otp: {fixed: "4242"}
`))
	if err != nil {
		log.Fatal(err)
	}
	e, err := sim.NewEdoc(s)
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(e)
	defer srv.Close()
	c := edoc.New(srv.URL, "my_own_key_000000000000000000000000000000000000")
	if _, err := c.RequestDocument(context.Background(), edoc.DriverLicense, "900101300017", "87010000001"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Scenario().Name(), e.SMS("+77010000001")[0].Code)
	// Output:
	// line 3: iin "900101300018" is not a valid IIN: wrong check digit
	// line 4: phone "12345" is not a Kazakhstan mobile number (+77XXXXXXXXX)
	// mine 4242
}
