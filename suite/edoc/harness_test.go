package edocsuite_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/contracts"
	sim "github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/scenarios"
)

// The default catalogue (SPEC §6).
const (
	activeKey     = "edoc_test_active_0000000000000000000000000000000"
	expiredKey    = "edoc_test_expired_000000000000000000000000000000"
	notStartedKey = "edoc_test_notstarted_000000000000000000000000000"
	noSubKey      = "edoc_test_nosubscription_0000000000000000000000"
	noAccessKey   = "edoc_test_noaccess_00000000000000000000000000000"
	unknownKey    = "edoc_test_unknown_000000000000000000000000000000"

	happyIIN = "900101300017"
	happyTel = "+77010000001"
	wifeIIN  = "850515400012"
	wifeTel  = "+77010000011"

	apiPath = "/api/v1/backend/e-document/online-access/"
)

// target is the server under test: in-process mock-edoc, or EDOC_BASE_URL.
type target struct {
	base       string
	external   bool
	admin      bool   // GET /__admin/health answered 200
	adminWhy   string // why not, for Skip
	adminToken string
	http       *http.Client // E-Document calls, checked against edoc.openapi.yaml
	adminHTTP  *http.Client // admin calls, checked against admin.openapi.yaml
}

var tgt target

// recorder collects contract failures reported by the checking transports, for the spec to fail on.
type recorder struct {
	mu sync.Mutex
	// badRequests: the spec sends off-contract requests on purpose; only their answers are judged.
	badRequests bool
	errs        []string
}

var rec = &recorder{}

func (r *recorder) reporter(contract string) func(error) {
	return func(err error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, e := range flatten(err) {
			var ce *contracts.Error
			if r.badRequests && errors.As(e, &ce) && ce.Phase == contracts.PhaseRequest {
				continue
			}
			r.errs = append(r.errs, "["+contract+"] "+e.Error())
		}
	}
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

func (r *recorder) start(badRequests bool) {
	r.mu.Lock()
	r.badRequests, r.errs = badRequests, nil
	r.mu.Unlock()
}

func (r *recorder) allowBadRequests() {
	r.mu.Lock()
	r.badRequests = true
	r.mu.Unlock()
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := r.errs
	r.errs = nil
	return errs
}

// expectContract fails the spec with every contract failure seen since the last call: which rule
// broke, on which exchange, with the body.
func expectContract() {
	GinkgoHelper()
	if errs := rec.take(); len(errs) > 0 {
		Fail("the exchange breaks the contract:\n" + strings.Join(errs, "\n"))
	}
}

var _ = BeforeSuite(func() {
	edocDoc, err := contracts.EDoc()
	Expect(err).NotTo(HaveOccurred())
	ev, err := contracts.NewValidator(edocDoc)
	Expect(err).NotTo(HaveOccurred())
	adminDoc, err := contracts.Admin()
	Expect(err).NotTo(HaveOccurred())
	av, err := contracts.NewValidator(adminDoc)
	Expect(err).NotTo(HaveOccurred())

	base := os.Getenv("EDOC_BASE_URL")
	if base == "" {
		srv, err := sim.NewServer(scenarios.Default(), serve.Settings{})
		Expect(err).NotTo(HaveOccurred())
		ts := httptest.NewServer(srv)
		DeferCleanup(ts.Close)
		base = ts.URL
	} else {
		tgt.external = true
	}
	// The server's root: the admin API lives beside the E-Document paths, not under them.
	tgt.base = strings.TrimSuffix(strings.TrimRight(base, "/"), strings.TrimSuffix(apiPath, "/"))
	tgt.adminToken = os.Getenv("EDOC_ADMIN_TOKEN")

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32 // the concurrency specs
	tgt.http = &http.Client{Transport: ev.Transport(tr, rec.reporter("contracts/edoc.openapi.yaml")), Timeout: 30 * time.Second}
	tgt.adminHTTP = &http.Client{Transport: av.Transport(tr, rec.reporter("contracts/admin.openapi.yaml")), Timeout: 30 * time.Second}

	tgt.admin, tgt.adminWhy = probeAdmin()
	fmt.Fprintf(GinkgoWriter, "target %s (external %v); admin API: %v %s\n", tgt.base, tgt.external, tgt.admin, tgt.adminWhy)
	if tgt.admin {
		// The specs are written against the default catalogue.
		status, body := adminDo(http.MethodGet, "/__admin/health", "", "")
		var h struct{ Scenario string }
		_ = json.Unmarshal(body, &h)
		if status == 200 && h.Scenario != "default" {
			fmt.Fprintf(GinkgoWriter, "activating the default scenario (was %q)\n", h.Scenario)
			status, body = adminDo(http.MethodPut, "/__admin/scenario?name=default", "", "")
			Expect(status).To(Equal(200), "PUT /__admin/scenario?name=default: %s", body)
		}
	}
	expectContract()
})

func probeAdmin() (bool, string) {
	req, err := http.NewRequest(http.MethodGet, tgt.base+"/__admin/health", nil)
	if err != nil {
		return false, err.Error()
	}
	if tgt.adminToken != "" {
		req.Header.Set("Authorization", "Bearer "+tgt.adminToken)
	}
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return false, fmt.Sprintf("GET %s/__admin/health: %v", tgt.base, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return false, fmt.Sprintf("GET %s/__admin/health answered %d (set EDOC_ADMIN_TOKEN if the simulator runs with -admin-token)", tgt.base, resp.StatusCode)
	}
	return true, ""
}

// canReset: resetting between specs is safe unless other processes share an external server.
func canReset() bool {
	cfg, _ := GinkgoConfiguration()
	return !tgt.external || cfg.ParallelTotal == 1 || CurrentSpecReport().IsSerial
}

// Each spec starts from a reset simulator, except inside the Ordered flow, whose specs share one session.
var _ = BeforeEach(func() {
	rec.start(false)
	if tgt.admin && canReset() && !CurrentSpecReport().IsInOrderedContainer {
		resetSim()
	}
})

// Exchanges made in goroutines are judged here at the latest.
var _ = AfterEach(func() { expectContract() })

// needAdmin skips the spec, saying why, where the admin API does not answer.
func needAdmin(what string) {
	GinkgoHelper()
	if !tgt.admin {
		Skip("needs the simulator's admin API to " + what + ": " + tgt.adminWhy)
	}
}

func adminDo(method, path, contentType, body string) (int, []byte) {
	GinkgoHelper()
	req, err := http.NewRequest(method, tgt.base+path, strings.NewReader(body))
	Expect(err).NotTo(HaveOccurred())
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tgt.adminToken != "" {
		req.Header.Set("Authorization", "Bearer "+tgt.adminToken)
	}
	resp, err := tgt.adminHTTP.Do(req)
	Expect(err).NotTo(HaveOccurred(), "%s %s", method, path)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	return resp.StatusCode, raw
}

func resetSim() {
	GinkgoHelper()
	status, body := adminDo(http.MethodPost, "/__admin/reset", "", "")
	Expect(status).To(Equal(200), "POST /__admin/reset: %s", body)
}

func advanceClock(d string) {
	GinkgoHelper()
	status, body := adminDo(http.MethodPost, "/__admin/clock", "application/json", `{"advance":"`+d+`"}`)
	Expect(status).To(Equal(200), "POST /__admin/clock: %s", body)
}

// smsCode is the code of the SMS sent for the session, "" when none was sent.
func smsCode(phone, sessionID string) string {
	GinkgoHelper()
	status, body := adminDo(http.MethodGet, "/__admin/sms?phone="+url.QueryEscape(phone), "", "")
	Expect(status).To(Equal(200), "GET /__admin/sms: %s", body)
	var out struct {
		Messages []struct {
			From, To, Text, Code string
			SessionID            string `json:"session_id"`
		} `json:"messages"`
	}
	Expect(json.Unmarshal(body, &out)).To(Succeed(), "GET /__admin/sms: %s", body)
	code := ""
	for _, m := range out.Messages {
		if m.SessionID == sessionID {
			Expect(code).To(BeEmpty(), "more than one SMS for session %s", sessionID)
			Expect(m.From).To(Equal("1414"), "the SMS sender")
			Expect(m.Text).To(ContainSubstring(m.Code), "the SMS text carries its code")
			code = m.Code
		}
	}
	return code
}

func client(key string, opts ...edoc.Option) *edoc.Client {
	return edoc.New(tgt.base, key, append([]edoc.Option{edoc.WithHTTPClient(tgt.http)}, opts...)...)
}

func timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// request calls request/{docType}/ through the client and judges the exchange against the contract.
func request(key string, dt edoc.DocumentType, iin, phone string) (string, error) {
	GinkgoHelper()
	ctx, cancel := timeout()
	defer cancel()
	id, err := client(key).RequestDocument(ctx, dt, iin, phone)
	expectContract()
	return id, err
}

// approve calls approve/ through the client and judges the exchange against the contract.
func approve(id, code string, file edoc.FileType) (*edoc.Document, error) {
	GinkgoHelper()
	ctx, cancel := timeout()
	defer cancel()
	doc, err := client(activeKey).Approve(ctx, id, code, file)
	expectContract()
	return doc, err
}

// openSession requests the document and reads its code from the SMS outbox.
func openSession(dt edoc.DocumentType, iin, phone string) (string, string) {
	GinkgoHelper()
	needAdmin("read the one-time code from the SMS outbox")
	id, err := request(activeKey, dt, iin, phone)
	Expect(err).NotTo(HaveOccurred(), "request %s for %s", dt, iin)
	code := smsCode(phone, id)
	Expect(code).To(MatchRegexp(`^[0-9]{6}$`), "an SMS from 1414 with a 6-digit code for session %s", id)
	return id, code
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// expectAPIError fails unless err is the documented error: status and detail to the letter.
func expectAPIError(err error, want *edoc.APIError) {
	GinkgoHelper()
	var ae *edoc.APIError
	if !errors.As(err, &ae) {
		Fail(fmt.Sprintf("want %d %q, got no API error: %v", want.StatusCode, want.Detail, err))
	}
	if !errors.Is(err, want) {
		got := fmt.Sprintf("%d %q", ae.StatusCode, ae.Detail)
		if ae.Detail == "" {
			got = fmt.Sprintf("%d without a detail: %s", ae.StatusCode, ae.Body)
		}
		Fail(fmt.Sprintf("want %d %q, got %s", want.StatusCode, want.Detail, got))
	}
}

// post sends a raw body (for what the client cannot send) and returns status and detail.
func post(path, body string) (int, string) {
	GinkgoHelper()
	req, err := http.NewRequest(http.MethodPost, tgt.base+path, strings.NewReader(body))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Content-Type", "application/json")
	resp, err := tgt.http.Do(req)
	Expect(err).NotTo(HaveOccurred(), "POST %s", path)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	expectContract()
	var m struct {
		Detail string `json:"detail"`
	}
	if resp.StatusCode != 200 {
		Expect(json.NewDecoder(bytes.NewReader(raw)).Decode(&m)).To(Succeed(), "error body %s", raw)
	}
	return resp.StatusCode, m.Detail
}
