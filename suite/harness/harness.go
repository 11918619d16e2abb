// Package harness is what the Ginkgo contract suites (suite/edoc, suite/egov) share: the target
// under test (the simulator started in-process, or any server at <ENV>_BASE_URL), its admin API
// (probed once, with <ENV>_ADMIN_TOKEN as the bearer token when set), and the recorder of the
// contract failures the checking transports report, for the spec to fail on.
//
// A suite holds the one Target New returns, built at the top level of the suite's package:
//
//	var tgt = harness.New(harness.Config{Env: "EDOC", Contract: contracts.EDocFile, ...})
package harness

import (
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

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

// Config says what a suite tests.
type Config struct {
	// Env prefixes the variables: <Env>_BASE_URL (the server under test; unset: Simulator in-process)
	// and <Env>_ADMIN_TOKEN.
	Env string
	// Contract is the API's document in contracts/ (contracts.EDocFile, contracts.EGovFile); the
	// admin calls are checked against contracts.AdminFile.
	Contract string
	// APIPath is trimmed off <Env>_BASE_URL: the admin API lives at the server's root.
	APIPath string
	// Simulator is the handler served in-process when <Env>_BASE_URL is unset (see Simulator).
	Simulator func() http.Handler
	// MaxIdleConnsPerHost of the transport, 0 for the default transport's.
	MaxIdleConnsPerHost int
	// Started, if set, runs at the end of BeforeSuite, once the target is known.
	Started func(*Target)
	// ResetEachSpec resets the simulator before each spec (BeforeEach), where the admin API answers
	// and resetting is safe, except inside Ordered containers, whose specs share one session.
	ResetEachSpec bool
}

// Simulator is a Config.Simulator: the simulator newServer builds on the default catalogue, with
// default settings, inside wrap unless wrap is nil.
func Simulator[S http.Handler](newServer func(*scenarios.Scenario, shell.Settings) (S, error), wrap func(http.Handler) http.Handler) func() http.Handler {
	return func() http.Handler {
		GinkgoHelper()
		srv, err := newServer(scenarios.Default(), shell.Settings{})
		Expect(err).NotTo(HaveOccurred())
		if wrap != nil {
			return wrap(srv)
		}
		return srv
	}
}

// Target is the server under test. Its fields are set in BeforeSuite.
type Target struct {
	Recorder

	Base       string // the server's root
	External   bool   // <Env>_BASE_URL was set
	Admin      bool   // GET /__admin/health answered 200
	AdminWhy   string // why not, for Skip
	AdminToken string
	HTTP       *http.Client // API calls, checked against Config.Contract
	AdminHTTP  *http.Client // admin calls, checked against admin.openapi.yaml

	cfg Config
}

// New registers the suite's BeforeSuite (start), BeforeEach (beginSpec) and AfterEach (exchanges made
// in goroutines are judged there at the latest) and returns the target they set up. Call it at the
// top level of the suite's package.
func New(cfg Config) *Target {
	t := &Target{cfg: cfg}
	BeforeSuite(t.start, Offset(1))
	BeforeEach(t.beginSpec, Offset(1))
	AfterEach(func() { t.ExpectContract() }, Offset(1))
	return t
}

// start finds or starts the target, probes its admin API and activates the default scenario, the
// one the specs are written against.
func (t *Target) start() {
	cfg := t.cfg
	api, admin := validator(cfg.Contract), validator(contracts.AdminFile)

	base := os.Getenv(cfg.Env + "_BASE_URL")
	if base == "" {
		ts := httptest.NewServer(cfg.Simulator())
		DeferCleanup(ts.Close)
		base = ts.URL
	} else {
		t.External = true
	}
	t.Base = strings.TrimSuffix(strings.TrimRight(base, "/"), strings.TrimSuffix(cfg.APIPath, "/"))
	t.AdminToken = os.Getenv(cfg.Env + "_ADMIN_TOKEN")

	tr := http.DefaultTransport.(*http.Transport).Clone()
	if cfg.MaxIdleConnsPerHost > 0 {
		tr.MaxIdleConnsPerHost = cfg.MaxIdleConnsPerHost
	}
	t.HTTP = t.checked(api, cfg.Contract, tr)
	t.AdminHTTP = t.checked(admin, contracts.AdminFile, tr)

	t.Admin, t.AdminWhy = t.probeAdmin()
	fmt.Fprintf(GinkgoWriter, "target %s (external %v); admin API: %v %s\n", t.Base, t.External, t.Admin, t.AdminWhy)
	if t.Admin {
		status, body := t.AdminDo(http.MethodGet, "/__admin/health", "", "")
		var h struct{ Scenario string }
		_ = json.Unmarshal(body, &h)
		if status == 200 && h.Scenario != "default" {
			fmt.Fprintf(GinkgoWriter, "activating the default scenario (was %q)\n", h.Scenario)
			status, body = t.AdminDo(http.MethodPut, "/__admin/scenario?name=default", "", "")
			Expect(status).To(Equal(200), "PUT /__admin/scenario?name=default: %s", body)
		}
	}
	t.ExpectContract()
	if cfg.Started != nil {
		cfg.Started(t)
	}
}

// Checked is a client whose exchanges are checked against contracts/<file>, reporting to the
// recorder; next nil is http.DefaultTransport.
func (t *Target) Checked(file string, next http.RoundTripper) *http.Client {
	GinkgoHelper()
	return t.checked(validator(file), file, next)
}

func (t *Target) checked(v *contracts.Validator, file string, next http.RoundTripper) *http.Client {
	return &http.Client{Transport: v.Transport(next, t.Reporter("contracts/"+file)), Timeout: 30 * time.Second}
}

func validator(file string) *contracts.Validator {
	GinkgoHelper()
	load := contracts.Admin
	switch file {
	case contracts.EDocFile:
		load = contracts.EDoc
	case contracts.EGovFile:
		load = contracts.EGov
	case contracts.AdminFile:
	default:
		Fail("no contract named " + file)
	}
	doc, err := load()
	Expect(err).NotTo(HaveOccurred())
	v, err := contracts.NewValidator(doc)
	Expect(err).NotTo(HaveOccurred())
	return v
}

func (t *Target) probeAdmin() (bool, string) {
	req, err := http.NewRequest(http.MethodGet, t.Base+"/__admin/health", nil)
	if err != nil {
		return false, err.Error()
	}
	if t.AdminToken != "" {
		req.Header.Set("Authorization", "Bearer "+t.AdminToken)
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return false, fmt.Sprintf("GET %s/__admin/health: %v", t.Base, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return false, fmt.Sprintf("GET %s/__admin/health answered %d (set %s_ADMIN_TOKEN if the simulator runs with -admin-token)", t.Base, resp.StatusCode, t.cfg.Env)
	}
	return true, ""
}

// beginSpec starts a spec: no contract failures yet, bad requests not allowed and, with
// Config.ResetEachSpec, a reset simulator.
func (t *Target) beginSpec() {
	t.begin()
	if t.cfg.ResetEachSpec && t.Admin && t.canReset() && !CurrentSpecReport().IsInOrderedContainer {
		t.ResetSim()
	}
}

// canReset: resetting between specs is safe unless other processes share an external server.
func (t *Target) canReset() bool {
	cfg, _ := GinkgoConfiguration()
	return !t.External || cfg.ParallelTotal == 1 || CurrentSpecReport().IsSerial
}

// NeedAdmin skips the spec, saying why, where the admin API does not answer.
func (t *Target) NeedAdmin(what string) {
	GinkgoHelper()
	if !t.Admin {
		Skip("needs the simulator's admin API to " + what + ": " + t.AdminWhy)
	}
}

// AdminDo calls the admin API (contentType is sent with a non-empty body) and returns the status and
// the body.
func (t *Target) AdminDo(method, path, contentType, body string) (int, []byte) {
	GinkgoHelper()
	req, err := http.NewRequest(method, t.Base+path, strings.NewReader(body))
	Expect(err).NotTo(HaveOccurred())
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if t.AdminToken != "" {
		req.Header.Set("Authorization", "Bearer "+t.AdminToken)
	}
	resp, err := t.AdminHTTP.Do(req)
	Expect(err).NotTo(HaveOccurred(), "%s %s", method, path)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	return resp.StatusCode, raw
}

// ResetSim resets the simulator: sessions, counters, the clock.
func (t *Target) ResetSim() {
	GinkgoHelper()
	status, body := t.AdminDo(http.MethodPost, "/__admin/reset", "", "")
	Expect(status).To(Equal(200), "POST /__admin/reset: %s", body)
}

// AdvanceClock moves the simulator's clock by d, a Go duration ("5m1s").
func (t *Target) AdvanceClock(d string) {
	GinkgoHelper()
	status, body := t.AdminDo(http.MethodPost, "/__admin/clock", "application/json", `{"advance":"`+d+`"}`)
	Expect(status).To(Equal(200), "POST /__admin/clock: %s", body)
}

// Recorder collects the contract failures the checking transports report, for the spec to fail on.
type Recorder struct {
	mu sync.Mutex
	// badRequests: the spec sends off-contract requests on purpose; only their answers are judged.
	badRequests bool
	errs        []string
}

// Reporter is the report function of a checking transport for the named contract.
func (r *Recorder) Reporter(contract string) func(error) {
	return func(err error) {
		r.mu.Lock()
		defer r.mu.Unlock()
		for _, e := range Flatten(err) {
			var ce *contracts.Error
			if r.badRequests && errors.As(e, &ce) && ce.Phase == contracts.PhaseRequest {
				continue
			}
			r.errs = append(r.errs, "["+contract+"] "+e.Error())
		}
	}
}

// Flatten lists the errors joined in err (errors.Join, nested), nil for nil.
func Flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, Flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func (r *Recorder) begin() {
	r.mu.Lock()
	r.badRequests, r.errs = false, nil
	r.mu.Unlock()
}

// AllowBadRequests: the spec sends off-contract requests on purpose, until it ends; only the
// answers are judged.
func (r *Recorder) AllowBadRequests() {
	r.mu.Lock()
	r.badRequests = true
	r.mu.Unlock()
}

// Take returns the failures recorded since the last call, and forgets them.
func (r *Recorder) Take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := r.errs
	r.errs = nil
	return errs
}

// ExpectContract fails the spec with every contract failure seen since the last call: which rule
// broke, on which exchange, with the body.
func (r *Recorder) ExpectContract() {
	GinkgoHelper()
	if errs := r.Take(); len(errs) > 0 {
		Fail("the exchange breaks the contract:\n" + strings.Join(errs, "\n"))
	}
}
