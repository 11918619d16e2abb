package simtest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/sim"
	"github.com/egovsim/egovsim/sim/simtest"
)

// In a test, simtest.Edoc(t) starts the server and closes it when the test ends; NewEdoc, here,
// leaves closing to its caller (TestMain, a program, an example).
func ExampleNewEdoc() {
	srv, err := simtest.NewEdoc()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	ctx := context.Background()
	c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
	id, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
	if err != nil {
		log.Fatal(err)
	}
	code, _ := srv.Code("+77010000001")
	doc, err := c.Approve(ctx, id, code, edoc.FileNone)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Result.Common.DocOwner.FirstName, doc.Result.Common.DocOwner.LastName)

	_, err = c.RequestDocument(ctx, edoc.IdentityCard, "900101300027", "+77010000002")
	fmt.Println(err)
	// Output:
	// ИВАН ИВАНОВ
	// edoc: 404 Subject not found in CMDB
}

func ExampleNewEgov() {
	srv, err := simtest.NewEgov()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	c, err := egov.New(egov.Config{ServiceURL: srv.URL, APIKey: sim.DefaultEgovAPIKey, SenderID: sim.DefaultEgovSenderID,
		Password: sim.DefaultEgovPassword, SenderCode: sim.DefaultEgovSenderCode})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	p, err := c.InitPayment(ctx, egov.PaymentRequest{Amount: 1500, ServiceID: "SVC-001", IINOrBIN: "900101300017"})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Advance(2 * time.Minute); err != nil {
		log.Fatal(err)
	}
	info, err := c.PaymentInfo(ctx, p.Payment.PaymentID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Payment.Status, info.Payment.PaidAt != nil)
	// Output: PAID true
}
