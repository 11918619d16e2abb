package egovsuite_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/contracts"
	sim "github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/scenarios"
)

// The default catalogue (SPEC §6).
const (
	happyIIN    = "900101300017"
	wifeIIN     = "850515400012"
	childIIN    = "150609600010"
	divorcedH   = "920304300014"
	divorcedW   = "880712400019"
	timeoutIIN  = "750220300011"
	outageIIN   = "750220300021"
	entityBIN   = "150140000012"
	nobodyIIN   = "900101300126" // valid, held by nobody
	nobodyBIN   = "150140000022" // valid, no entity
	badIIN      = "900101300018" // wrong check digit
	schoolsAt   = "750000000"
	signBaseURL = "http://127.0.0.1:9000"
	opsPath     = "/api/egov/"
)

// target is the server under test: in-process mock-egov, or EGOV_BASE_URL.
type target struct {
	base       string
	external   bool
	admin      bool   // GET /__admin/health answered 200
	adminWhy   string // why not, for Skip
	adminToken string
	creds      egov.Config
	http       *http.Client // gateway calls, checked against egov.openapi.yaml
	adminHTTP  *http.Client // admin calls, checked against admin.openapi.yaml
}

// tgt.creds are known from the environment when the spec tree is built (the matrix needs them);
// the base URL is added in BeforeSuite.
var tgt = target{creds: egov.Config{
	APIKey:             env("EGOV_API_KEY", scenarios.DefaultEgov.APIKey),
	SenderID:           env("EGOV_SENDER_ID", scenarios.DefaultEgov.SenderID),
	Password:           env("EGOV_PASSWORD", scenarios.DefaultEgov.Password),
	SenderCode:         env("EGOV_SENDER_CODE", scenarios.DefaultEgov.SenderCode),
	DigitalSignBaseURL: signBaseURL,
}}

// recorder collects the contract failures the checking transports report, for the spec to fail on.
type recorder struct {
	mu          sync.Mutex
	badRequests bool // the spec sends off-contract requests on purpose: only the answers are judged
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
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func allowBadRequests() {
	rec.mu.Lock()
	rec.badRequests = true
	rec.mu.Unlock()
}

// expectContract fails the spec with every contract failure seen since the last call: the exchange,
// the rule that broke and the body.
func expectContract() {
	GinkgoHelper()
	rec.mu.Lock()
	errs := rec.errs
	rec.errs = nil
	rec.mu.Unlock()
	if len(errs) > 0 {
		Fail("the exchange breaks the contract:\n" + strings.Join(errs, "\n"))
	}
}

var _ = BeforeEach(func() {
	rec.mu.Lock()
	rec.badRequests, rec.errs = false, nil
	rec.mu.Unlock()
})

var _ = AfterEach(func() { expectContract() })

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

var _ = BeforeSuite(func() {
	gv, err := contracts.EGov()
	Expect(err).NotTo(HaveOccurred())
	egovV, err := contracts.NewValidator(gv)
	Expect(err).NotTo(HaveOccurred())
	av, err := contracts.Admin()
	Expect(err).NotTo(HaveOccurred())
	adminV, err := contracts.NewValidator(av)
	Expect(err).NotTo(HaveOccurred())

	base := os.Getenv("EGOV_BASE_URL")
	if base == "" {
		srv, err := sim.NewServer(scenarios.Default(), serve.Settings{})
		Expect(err).NotTo(HaveOccurred())
		var h http.Handler = srv
		if name := os.Getenv(mutantEnv); name != "" { // TestSuiteFailsAgainstMutants: a broken simulator
			m, ok := mutants[name]
			Expect(ok).To(BeTrue(), "unknown mutant %q", name)
			h = m.wrap(h)
		}
		ts := httptest.NewServer(h)
		DeferCleanup(ts.Close)
		base = ts.URL
	} else {
		tgt.external = true
	}
	tgt.base = strings.TrimSuffix(strings.TrimRight(base, "/"), strings.TrimSuffix(opsPath, "/"))
	tgt.adminToken = os.Getenv("EGOV_ADMIN_TOKEN")
	tgt.creds.ServiceURL = tgt.base
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tgt.http = &http.Client{Transport: egovV.Transport(tr, rec.reporter("contracts/egov.openapi.yaml")), Timeout: 30 * time.Second}
	tgt.adminHTTP = &http.Client{Transport: adminV.Transport(tr, rec.reporter("contracts/admin.openapi.yaml")), Timeout: 30 * time.Second}

	tgt.admin, tgt.adminWhy = probeAdmin()
	fmt.Fprintf(GinkgoWriter, "target %s (external %v); admin API: %v %s\n", tgt.base, tgt.external, tgt.admin, tgt.adminWhy)
	if tgt.admin {
		// The specs are written against the default catalogue.
		status, body := adminDo(http.MethodGet, "/__admin/health", "", "")
		var h struct{ Scenario string }
		_ = json.Unmarshal(body, &h)
		if status == 200 && h.Scenario != "default" {
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
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return false, fmt.Sprintf("GET %s/__admin/health: %v", tgt.base, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return false, fmt.Sprintf("GET %s/__admin/health answered %d (set EGOV_ADMIN_TOKEN if the simulator runs with -admin-token)", tgt.base, resp.StatusCode)
	}
	return true, ""
}

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

// gw is the client with the target's credentials, checked against the contract.
func gw(change ...func(*egov.Config)) *egov.Client {
	GinkgoHelper()
	cfg := tgt.creds
	for _, f := range change {
		f(&cfg)
	}
	c, err := egov.New(cfg, egov.WithHTTPClient(tgt.http))
	Expect(err).NotTo(HaveOccurred())
	return c
}

// answer is a raw exchange: what the client cannot send (wrong types, missing headers).
type answer struct {
	status int
	body   map[string]any
	raw    []byte
}

// headers of a raw call: the target's credentials, changed by hdr ("" removes a header).
func rawCall(op string, body any, hdr map[string]string) answer {
	GinkgoHelper()
	var data []byte
	if s, ok := body.(string); ok {
		data = []byte(s)
	} else {
		var err error
		data, err = json.Marshal(body)
		Expect(err).NotTo(HaveOccurred())
	}
	req, err := http.NewRequest(http.MethodPost, tgt.base+opsPath+op, bytes.NewReader(data))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tgt.creds.APIKey)
	req.Header.Set("X-Egov-Sender-Id", tgt.creds.SenderID)
	req.Header.Set("X-Egov-Password", tgt.creds.Password)
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := tgt.http.Do(req)
	Expect(err).NotTo(HaveOccurred(), "POST %s", op)
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	a.raw, err = io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	Expect(json.Unmarshal(a.raw, &a.body)).To(Succeed(), "POST %s answered %d with no JSON object: %s", op, a.status, a.raw)
	return a
}

// expectAPIError fails unless err is the gateway error of this status and code for op.
func expectAPIError(err error, sentinel error, status int, code, op string) *egov.APIError {
	GinkgoHelper()
	var ae *egov.APIError
	Expect(errors.As(err, &ae)).To(BeTrue(), "want %d %s, got %v", status, code, err)
	Expect(err).To(MatchError(sentinel))
	Expect(ae.StatusCode).To(Equal(status), "%v", ae)
	Expect(ae.Code).To(Equal(code), "%v", ae)
	Expect(ae.Operation).To(Equal(op), "%v", ae)
	Expect(ae.Message).NotTo(BeEmpty())
	return ae
}
