package edoc_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
)

// askTheCitizen stands for however the caller's UI collects the code the subject got from 1414.
func askTheCitizen() string { return "123456" }

func Example() {
	c := edoc.New("http://127.0.0.1:8081", os.Getenv("EDOC_API_KEY"),
		edoc.WithRetry(2, 200*time.Millisecond)) // safe retries only: see the package documentation
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	id, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
	var te *edoc.TransportError
	switch {
	case errors.Is(err, edoc.ErrSubjectNotInCMDB):
		log.Fatal("the citizen must register in the mobile-citizens base first")
	case errors.Is(err, context.DeadlineExceeded):
		log.Fatal("no answer in time; the citizen may still get an SMS")
	case errors.As(err, &te):
		log.Fatalf("could not reach the service: %v", err)
	case err != nil:
		log.Fatal(err) // an *edoc.APIError: StatusCode and Detail
	}

	doc, err := c.Approve(ctx, id, askTheCitizen(), edoc.FilePDF)
	switch {
	case errors.Is(err, edoc.ErrInvalidOTP):
		log.Fatal("wrong code; ask again (the session locks after 3)")
	case err != nil:
		log.Fatal(err)
	case doc.Failed():
		log.Fatalf("no digital document: %s", *doc.FailureReason)
	}
	pdf, err := doc.PDF()
	if err != nil {
		log.Fatal(err)
	}
	c0 := doc.Result.Common
	fmt.Println(c0.DocOwner.LastName, c0.DocNumber, len(pdf) > 0)
	if err := os.WriteFile(c0.DocNumber+".pdf", pdf, 0o600); err != nil {
		log.Fatal(err)
	}
}
