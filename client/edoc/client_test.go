package edoc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/jpeg"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
	sim "github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	activeKey = "edoc_test_active_0000000000000000000000000000000"
	happyIIN  = "900101300017"
	happyTel  = "+77010000001"
)

// simulator starts mock-edoc in-process on the default catalogue.
func simulator(t *testing.T) (*httptest.Server, *sim.Server) {
	t.Helper()
	srv, err := sim.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv
}

// smsCode reads the code sent for session id from the simulator's SMS outbox ("" when none).
func smsCode(t *testing.T, base, phone, id string) string {
	t.Helper()
	resp, err := http.Get(base + "/__admin/sms?phone=" + url.QueryEscape(phone))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Messages []struct {
			Code      string `json:"code"`
			SessionID string `json:"session_id"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, m := range out.Messages {
		if m.SessionID == id {
			return m.Code
		}
	}
	return ""
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

func TestEverySentinelAgainstTheSimulator(t *testing.T) {
	ts, srv := simulator(t)
	ctx := context.Background()
	c := edoc.New(ts.URL, activeKey)
	withKey := func(key string) *edoc.Client { return edoc.New(ts.URL, key) }
	request := func(c *edoc.Client, iin, phone string) func() error {
		return func() error {
			_, err := c.RequestDocument(ctx, edoc.IdentityCard, iin, phone)
			return err
		}
	}
	// session opens one for the happy citizen and returns its id and code.
	session := func(t *testing.T) (string, string) {
		id, err := c.RequestDocument(ctx, edoc.DriverLicense, happyIIN, happyTel)
		if err != nil {
			t.Fatal(err)
		}
		return id, smsCode(t, ts.URL, happyTel, id)
	}
	cases := []struct {
		want *edoc.APIError
		call func(t *testing.T) error
	}{
		{edoc.ErrSubjectNotInCMDB, func(*testing.T) error { return request(c, "900101300027", "+77010000002")() }},
		{edoc.ErrCantConnect, func(*testing.T) error { return request(c, "900101300047", "+77010000004")() }},
		{edoc.ErrServiceUnavailable, func(*testing.T) error { return request(c, "900101300057", "+77010000005")() }},
		{edoc.ErrGatewayTimeout, func(*testing.T) error { return request(c, "900101300067", "+77010000006")() }},
		{edoc.ErrGovernmentService, func(*testing.T) error { return request(c, "900101300077", "+77010000007")() }},
		{edoc.ErrProfileNotFound, func(*testing.T) error { return request(c, "900101300037", "+77010000003")() }},
		{edoc.ErrInvalidIIN, func(*testing.T) error { return request(c, "900101300018", happyTel)() }},
		{edoc.ErrAlreadyReceived, func(t *testing.T) error {
			id, code := session(t)
			if _, err := c.Approve(ctx, id, code, edoc.FileNone); err != nil {
				t.Fatal(err)
			}
			_, err := c.Approve(ctx, id, code, edoc.FileNone)
			return err
		}},
		{edoc.ErrNoAccess, func(*testing.T) error {
			return request(withKey("edoc_test_noaccess_00000000000000000000000000000"), happyIIN, happyTel)()
		}},
		{edoc.ErrAlreadyRequested, func(t *testing.T) error {
			id, code := session(t)
			for range 3 {
				if _, err := c.Approve(ctx, id, wrongCode(code), edoc.FileNone); !errors.Is(err, edoc.ErrInvalidOTP) {
					t.Fatalf("wrong code: %v", err)
				}
			}
			_, err := c.Approve(ctx, id, code, edoc.FileNone)
			return err
		}},
		{edoc.ErrNotRequested, func(*testing.T) error {
			_, err := c.Approve(ctx, "00000000-0000-4000-8000-000000000000", "123456", edoc.FilePDF)
			return err
		}},
		{edoc.ErrSubscriptionNotStarted, func(*testing.T) error {
			return request(withKey("edoc_test_notstarted_000000000000000000000000000"), happyIIN, happyTel)()
		}},
		{edoc.ErrNoActiveSubscription, func(*testing.T) error {
			return request(withKey("edoc_test_expired_000000000000000000000000000000"), happyIIN, happyTel)()
		}},
		{edoc.ErrNoSubscription, func(*testing.T) error {
			return request(withKey("edoc_test_nosubscription_0000000000000000000000"), happyIIN, happyTel)()
		}},
		{edoc.ErrUnknownDocumentType, func(*testing.T) error {
			_, err := c.RequestDocument(ctx, "id_card", happyIIN, happyTel)
			return err
		}},
		{edoc.ErrInvalidAPIKey, func(*testing.T) error { return request(withKey("nope"), happyIIN, happyTel)() }},
		{edoc.ErrInvalidPhone, func(*testing.T) error { return request(c, happyIIN, "+1 555 0100")() }},
		{edoc.ErrOTPExpired, func(t *testing.T) error {
			id, code := session(t)
			srv.Clock().Advance(6 * time.Minute)
			defer srv.Clock().Reset()
			_, err := c.Approve(ctx, id, code, edoc.FileNone)
			return err
		}},
		{edoc.ErrInvalidOTP, func(t *testing.T) error {
			id, code := session(t)
			_, err := c.Approve(ctx, id, wrongCode(code), edoc.FileNone)
			return err
		}},
		{edoc.ErrPayloadTooLarge, func(*testing.T) error {
			return request(withKey(strings.Repeat("k", 1<<20)), happyIIN, happyTel)()
		}},
	}
	if len(cases) != len(edoc.Sentinels()) {
		t.Fatalf("%d cases for %d sentinels", len(cases), len(edoc.Sentinels()))
	}
	for _, tc := range cases {
		t.Run(tc.want.Detail, func(t *testing.T) {
			err := tc.call(t)
			var ae *edoc.APIError
			if !errors.As(err, &ae) || !errors.Is(err, tc.want) {
				t.Fatalf("got %v (%T), want %v", err, err, tc.want)
			}
			for _, other := range edoc.Sentinels() {
				if other != tc.want && errors.Is(err, other) {
					t.Errorf("%v also matches %v", err, other)
				}
			}
			var te *edoc.TransportError
			if errors.As(err, &te) || errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("an API error looks like a transport error: %v", err)
			}
		})
	}
}

func TestRequestApproveAndFiles(t *testing.T) {
	ts, _ := simulator(t)
	ctx := context.Background()
	c := edoc.New(ts.URL+"/", activeKey) // a trailing slash is fine
	for _, file := range []edoc.FileType{edoc.FileNone, edoc.FilePDF, edoc.FileImage} {
		t.Run(file.String(), func(t *testing.T) {
			id, err := c.RequestDocument(ctx, edoc.IdentityCard, happyIIN, "87010000001")
			if err != nil {
				t.Fatal(err)
			}
			code := smsCode(t, ts.URL, happyTel, id)
			doc, err := c.Approve(ctx, id, code, file)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Failed() || doc.Type != edoc.IdentityCard || doc.Result == nil {
				t.Fatalf("document: %+v", doc)
			}
			cm := doc.Result.Common
			if cm.DocOwner.IIN != happyIIN || cm.DocOwner.LastName != "ИВАНОВ" || cm.DocNumber != "041234567" ||
				cm.DocType.Code != edoc.IdentityCard.Code() || cm.DocURI != "IdentityCard:041234567" ||
				cm.DocIssuedDate.IsZero() || cm.DocExpirationDate == nil || cm.DocIssuer.NameRu == "" {
				t.Errorf("common: %+v", cm)
			}
			if !cm.DocExpirationDate.After(cm.DocIssuedDate.Time) {
				t.Errorf("expires %s before it is issued %s", cm.DocExpirationDate, cm.DocIssuedDate)
			}
			card, err := doc.IdentityCard()
			if err != nil {
				t.Fatal(err)
			}
			if card.DocNumber != cm.DocNumber || card.DocIssuedDate == nil || card.DocIssuedDate.String() != cm.DocIssuedDate.String() {
				t.Errorf("identity card domain: %+v", card)
			}
			if _, err := jpeg.Decode(bytes.NewReader(card.DocPhoto)); err != nil {
				t.Errorf("docPhoto is not a JPEG: %v", err)
			}
			if !json.Valid(doc.Result.Domain) || doc.Result.Domain[0] != '{' {
				t.Errorf("domain: %s", doc.Result.Domain)
			}
			mustDecode := func(name string, get func() ([]byte, error), check func([]byte) error) {
				b, err := get()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := check(b); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
			isJPEG := func(b []byte) error { _, err := jpeg.Decode(bytes.NewReader(b)); return err }
			isPNG := func(b []byte) error { _, err := png.Decode(bytes.NewReader(b)); return err }
			mustDecode("face", doc.FacePhoto, isJPEG)
			mustDecode("qr", doc.QRCode, isPNG)
			mustDecode("barcode", doc.Barcode, isPNG)
			_, pdfErr := doc.PDF()
			_, imgErr := doc.Image()
			switch file {
			case edoc.FileNone:
				if !errors.Is(pdfErr, edoc.ErrNoFile) || !errors.Is(imgErr, edoc.ErrNoFile) {
					t.Errorf("no file asked: pdf %v, image %v", pdfErr, imgErr)
				}
			case edoc.FilePDF:
				mustDecode("pdf", doc.PDF, func(b []byte) error {
					if !bytes.HasPrefix(b, []byte("%PDF-")) {
						return errors.New("not a PDF")
					}
					return nil
				})
				if !errors.Is(imgErr, edoc.ErrNoFile) {
					t.Errorf("image with a PDF: %v", imgErr)
				}
			case edoc.FileImage:
				mustDecode("image", doc.Image, isJPEG)
				if !errors.Is(pdfErr, edoc.ErrNoFile) {
					t.Errorf("PDF with an image: %v", pdfErr)
				}
			}
		})
	}
}

func TestFailureReason(t *testing.T) {
	ts, _ := simulator(t)
	ctx := context.Background()
	c := edoc.New(ts.URL, activeKey)
	id, err := c.RequestDocument(ctx, edoc.Passport, "900101300087", "+77010000008")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := c.Approve(ctx, id, smsCode(t, ts.URL, "+77010000008", id), edoc.FilePDF)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Failed() || *doc.FailureReason == "" || doc.Result != nil {
		t.Fatalf("document: %+v", doc)
	}
	if _, err := doc.PDF(); !errors.Is(err, edoc.ErrNoFile) {
		t.Errorf("PDF of a failed document: %v", err)
	}
}

func TestTimeoutIsATransportError(t *testing.T) {
	ts, _ := simulator(t)
	slow := func(c *edoc.Client, ctx context.Context) error {
		_, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300097", "+77010000009") // answers after 3 s
		return err
	}
	check := func(t *testing.T, err error) {
		t.Helper()
		var te *edoc.TransportError
		var ae *edoc.APIError
		if !errors.As(err, &te) || errors.As(err, &ae) || !te.Timeout() {
			t.Fatalf("got %v (%T)", err, err)
		}
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("a time-out must match both deadline errors: %v", err)
		}
		for _, s := range edoc.Sentinels() {
			if errors.Is(err, s) {
				t.Errorf("a time-out matches %v", s)
			}
		}
	}
	t.Run("http.Client.Timeout", func(t *testing.T) {
		c := edoc.New(ts.URL, activeKey, edoc.WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}))
		check(t, slow(c, context.Background()))
	})
	t.Run("context deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		check(t, slow(edoc.New(ts.URL, activeKey), ctx))
	})
	t.Run("cancel is not a time-out", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		err := slow(edoc.New(ts.URL, activeKey), ctx)
		if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v", err)
		}
	})
}

// flakyDialer fails the first n dials, then connects; it counts every dial.
type flakyDialer struct {
	fail  int32
	dials atomic.Int32
}

func (d *flakyDialer) client() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if d.dials.Add(1) <= d.fail {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused (test)")}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func TestRetryOnlyWhereSafe(t *testing.T) {
	ts, _ := simulator(t)
	ctx := context.Background()

	t.Run("no retries by default", func(t *testing.T) {
		d := &flakyDialer{fail: 1}
		_, err := edoc.New(ts.URL, activeKey, edoc.WithHTTPClient(d.client())).RequestDocument(ctx, edoc.IdentityCard, happyIIN, happyTel)
		var te *edoc.TransportError
		if !errors.As(err, &te) || te.Sent || d.dials.Load() != 1 {
			t.Fatalf("got %v after %d dials", err, d.dials.Load())
		}
	})
	t.Run("request and approve retried on dial failures", func(t *testing.T) {
		d := &flakyDialer{fail: 2}
		c := edoc.New(ts.URL, activeKey, edoc.WithHTTPClient(d.client()), edoc.WithRetry(2, time.Millisecond))
		id, err := c.RequestDocument(ctx, edoc.IdentityCard, happyIIN, happyTel)
		if err != nil || d.dials.Load() != 3 {
			t.Fatalf("got %v after %d dials", err, d.dials.Load())
		}
		d2 := &flakyDialer{fail: 1}
		c2 := edoc.New(ts.URL, activeKey, edoc.WithHTTPClient(d2.client()), edoc.WithRetry(1, time.Millisecond))
		if _, err := c2.Approve(ctx, id, smsCode(t, ts.URL, happyTel, id), edoc.FileNone); err != nil || d2.dials.Load() != 2 {
			t.Fatalf("approve: %v after %d dials", err, d2.dials.Load())
		}
	})
	t.Run("request retried on 503 when opted in", func(t *testing.T) {
		// 900101300106: the first request after a reset answers 503, then all succeed.
		if _, err := http.Post(ts.URL+"/__admin/reset", "application/json", nil); err != nil {
			t.Fatal(err)
		}
		_, err := edoc.New(ts.URL, activeKey).RequestDocument(ctx, edoc.IdentityCard, "900101300106", "+77010000010")
		if !errors.Is(err, edoc.ErrServiceUnavailable) {
			t.Fatalf("without retries: %v", err)
		}
		if _, err := http.Post(ts.URL+"/__admin/reset", "application/json", nil); err != nil {
			t.Fatal(err)
		}
		c := edoc.New(ts.URL, activeKey, edoc.WithRetry(1, time.Millisecond))
		if _, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300106", "+77010000010"); err != nil {
			t.Fatalf("with a retry: %v", err)
		}
	})

	// A stub that counts posts and answers each path as told.
	var hits atomic.Int32
	answer := func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch {
		case strings.HasSuffix(r.URL.Path, "/approve/") || strings.Contains(r.URL.Path, "/request/gateway_timeout/"):
			w.Header().Set("Content-Type", "application/json")
			if strings.HasSuffix(r.URL.Path, "/approve/") {
				w.WriteHeader(503)
				io.WriteString(w, `{"detail":"EDocument service is not available now"}`)
				return
			}
			w.WriteHeader(504)
			io.WriteString(w, `{"detail":"Could not send request to e-document service"}`)
		default: // the connection breaks after the request was read
			hj, _ := w.(http.Hijacker)
			conn, _, err := hj.Hijack()
			if err == nil {
				conn.Close()
			}
		}
	}
	stub := httptest.NewServer(http.HandlerFunc(answer))
	defer stub.Close()
	c := edoc.New(stub.URL, activeKey, edoc.WithRetry(3, time.Millisecond))
	for _, tc := range []struct {
		name string
		call func() error
		want error
	}{
		{"approve never retried on 503", func() error { _, err := c.Approve(ctx, "s", "1", edoc.FilePDF); return err }, edoc.ErrServiceUnavailable},
		{"request not retried on 504", func() error {
			_, err := c.RequestDocument(ctx, "gateway_timeout", happyIIN, happyTel)
			return err
		}, edoc.ErrGatewayTimeout},
		{"request not retried on a broken connection", func() error {
			_, err := c.RequestDocument(ctx, edoc.IdentityCard, happyIIN, happyTel)
			return err
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits.Store(0)
			err := tc.call()
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var te *edoc.TransportError
			if tc.want == nil && (!errors.As(err, &te) || !te.Sent) {
				t.Fatalf("got %v, want a transport error after sending", err)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server saw %d attempts, want 1", n)
			}
		})
	}
}

func TestRetryStopsWithTheContext(t *testing.T) {
	d := &flakyDialer{fail: 100}
	c := edoc.New("http://127.0.0.1:9", activeKey, edoc.WithHTTPClient(d.client()), edoc.WithRetry(10, time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.RequestDocument(ctx, edoc.IdentityCard, happyIIN, happyTel)
	var te *edoc.TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || d.dials.Load() != 1 {
		t.Fatalf("got %v after %d dials", err, d.dials.Load())
	}
}

func TestUnexpectedAnswers(t *testing.T) {
	bodies := map[string]struct {
		status int
		body   string
	}{
		"/request/broken/":   {200, `{"backend_session_id":`},
		"/request/empty/":    {200, `{}`},
		"/request/html/":     {502, `<html>bad gateway</html>`},
		"/request/nodetail/": {500, `{"error":"x"}`},
	}
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != "team-x/2" {
			t.Errorf("User-Agent %q", ua)
		}
		if !strings.HasPrefix(r.URL.Path, edoc.BasePath) || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s", r.URL.Path, r.Header.Get("Content-Type"))
		}
		b := bodies[strings.TrimPrefix(r.URL.Path, edoc.BasePath)]
		w.WriteHeader(b.status)
		io.WriteString(w, b.body)
	}))
	defer stub.Close()
	c := edoc.New(stub.URL+edoc.BasePath+"/", activeKey, edoc.WithUserAgent("team-x/2"))
	ctx := context.Background()
	for _, typ := range []edoc.DocumentType{"broken", "empty"} {
		if _, err := c.RequestDocument(ctx, typ, happyIIN, happyTel); !errors.Is(err, edoc.ErrUnexpectedResponse) {
			t.Errorf("%s: %v", typ, err)
		}
	}
	for typ, status := range map[edoc.DocumentType]int{"html": 502, "nodetail": 500} {
		_, err := c.RequestDocument(ctx, typ, happyIIN, happyTel)
		var ae *edoc.APIError
		if !errors.As(err, &ae) || ae.StatusCode != status || ae.Detail != "" || ae.Body == "" {
			t.Errorf("%s: %#v", typ, err)
		}
	}
	if _, err := c.RequestDocument(ctx, "", happyIIN, happyTel); err == nil {
		t.Error("empty document type sent")
	}
	if _, err := c.Approve(ctx, "s", "1", edoc.FileType(9)); err == nil {
		t.Error("unknown file type sent")
	}
}
