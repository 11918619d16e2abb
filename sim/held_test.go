package sim_test

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

// The held answer is the answer: status, headers and body as the simulator wrote them, transport
// faults untouched.
func TestHeldAnswersAreTheSame(t *testing.T) {
	s, err := sim.ParseScenario([]byte(`name: transport
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, phone: "+77010000001", all_documents: true}
edoc:
  clients:
    - {api_key: edoc_test_active_0000000000000000000000000000000, subscription: active}
faults:
  - {when: {service: edoc, document_type: passport}, transport: reset}
  - {when: {service: edoc, document_type: diploma}, transport: hang}
  - {when: {service: edoc, document_type: srts}, transport: malformed}
  - {when: {service: edoc, document_type: hunter}, transport: truncated}
  - {when: {service: edoc, document_type: attorney}, error: service_unavailable}
`))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newEdoc(t, s))
	defer srv.Close()
	post := func(ctx context.Context, docType string) (*http.Response, []byte, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+edocBase+"request/"+docType+"/",
			strings.NewReader(`{"api_key":"`+sim.DefaultEdocAPIKey+`","iin":"`+iin+`","phone":"`+phone+`"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	resp, body, err := post(context.Background(), "identity_card")
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" ||
		resp.ContentLength != int64(len(body)) || !json.Valid(body) {
		t.Errorf("a plain answer: %v %v %q", resp, err, body)
	}
	resp, body, err = post(context.Background(), "attorney")
	if err != nil || resp.StatusCode != 503 || !strings.Contains(string(body), "EDocument service is not available now") {
		t.Errorf("a scenario error: %v %v %q", resp, err, body)
	}
	resp, _, err = post(context.Background(), "no_such_type")
	if err != nil || resp.StatusCode != 404 {
		t.Errorf("an unknown type: %v %v", resp, err)
	}
	if _, _, err := post(context.Background(), "passport"); err == nil {
		t.Error("reset: want a connection error")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	_, _, err = post(ctx, "diploma")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hang: want the client's own time-out, got %v", err)
	}
	resp, body, err = post(context.Background(), "srts")
	if err != nil || resp.StatusCode != 200 || json.Valid(body) {
		t.Errorf("malformed: want 200 with broken JSON, got %v %q %v", resp, body, err)
	}
	if _, body, err = post(context.Background(), "hunter"); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated: want an unexpected EOF, got %v (%q)", err, body)
	}
}
