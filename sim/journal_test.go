package sim_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/sim"
)

// A client that has its answer finds the call in Requests(), even for answers large enough to
// reach it before the handler returns (an approve with a PDF).
func TestRequestsHoldWhatTheClientSaw(t *testing.T) {
	e := newEdoc(t, nil)
	srv := httptest.NewServer(e)
	defer srv.Close()
	c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
	ctx := context.Background()
	for i := 1; i <= 25; i++ {
		id, err := c.RequestDocument(ctx, edoc.IdentityCard, iin, phone)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(e.Requests()); n != 2*i-1 {
			t.Fatalf("round %d: after the request the journal holds %d calls, want %d", i, n, 2*i-1)
		}
		c0, _ := e.Code(phone)
		doc, err := c.Approve(ctx, id, c0, edoc.FilePDF)
		if err != nil || doc.PDFBase64 == nil {
			t.Fatalf("approve: %v", err)
		}
		if rs := e.Requests(); len(rs) != 2*i || rs[len(rs)-1].Status != 200 || !strings.HasSuffix(rs[len(rs)-1].Path, "/approve/") {
			t.Fatalf("round %d: after the approve the journal holds %d calls, want %d", i, len(rs), 2*i)
		}
	}
}
