// Package harness is what the Ginkgo contract suites (suite/edocspec, suite/egovspec) share: the
// target under test (the simulator started in-process, or any server at suite.Target.BaseURL), its
// admin API (probed once), a tenant of its own per Ginkgo process on a simulator, the recorder of the
// contract failures the checking transports report, for the spec to fail on, and the closing
// account of what ran and what had to be skipped.
//
// A suite holds the one Target New returns, and registers its specs with a Specs:
//
//	var tgt = harness.New(harness.Config{Env: "EDOC", Contract: contracts.EDocFile, ...})
//	var specs harness.Specs
//	var _ = specs.Describe("...", func() { ... })
//	func Run(t *testing.T, target suite.Target) { tgt.Run(t, "E-Document contract suite", target, &specs) }
package harness

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/suite"
)

// Config says what a suite tests.
type Config struct {
	// Env names the suite's variables in messages (<Env>_ADMIN_TOKEN, <Env>_OTP, ...; see suite.FromEnv).
	Env string
	// Contract is the API's document in contracts/ (contracts.EDocFile, contracts.EGovFile); the
	// admin calls are checked against contracts.AdminFile.
	Contract string
	// APIPath is trimmed off the target's base URL: the admin API lives at the server's root.
	APIPath string
	// Simulator is the handler served in-process when the target has no base URL (see Simulator).
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

// SkipSelfTest skips a suite's self-test (a test that runs the suite in child processes) where it
// cannot run: in such a child (childEnv set), under -short (why says what it costs), with
// <env>_BASE_URL aimed at another server, or in a filtered or parallel Ginkgo run.
func SkipSelfTest(t *testing.T, env, childEnv, why string) {
	t.Helper()
	switch cfg, _ := GinkgoConfiguration(); {
	case os.Getenv(childEnv) != "":
		t.Skip("a child runs the suite only")
	case testing.Short():
		t.Skip("-short: " + why)
	case os.Getenv(env+"_BASE_URL") != "":
		t.Skip(env + "_BASE_URL is set: the suite is aimed at that server; its self-test runs in-process only")
	case cfg.LabelFilter != "" || len(cfg.FocusStrings) > 0 || len(cfg.SkipStrings) > 0 || cfg.ParallelTotal > 1:
		t.Skip("a filtered or parallel Ginkgo run: the self-test runs with the plain go test only")
	}
}

// Target is the server under test. Its fields are set in BeforeSuite.
type Target struct {
	Recorder

	// Base is the server's scheme and host. Every request the suite sends to Base+path through
	// HTTP or AdminHTTP is checked against the contract as path, and goes to the server as
	// Prefix+path.
	Base       string
	Prefix     string // the base URL's path before the API's, and /t/{Tenant} when the suite picked one
	Tenant     string // the tenant this process picked, "" when none
	External   bool   // the target has a base URL (not in-process)
	Admin      bool   // GET /__admin/health answered 200
	AdminWhy   string // why not, for Skip
	AdminToken string
	HTTP       *http.Client // API calls, checked against Config.Contract
	AdminHTTP  *http.Client // admin calls, checked against admin.openapi.yaml
	Suite      suite.Target // what Run was given

	cfg Config
	tr  *http.Transport
}

// New returns the suite's target; Run registers the nodes that set it up. Call it at the top level
// of the suite's package.
func New(cfg Config) *Target { return &Target{cfg: cfg} }

// Specs holds a suite's top-level containers until Run registers them, so that importing a suite
// registers nothing and the specs can be built from the suite.Target (credentials in tables).
type Specs struct{ containers []func() }

// Describe is Ginkgo's Describe, registered when the suite runs; its code location stays the caller's.
func (s *Specs) Describe(text string, args ...any) bool {
	at := types.NewCodeLocation(1)
	s.containers = append(s.containers, func() { Describe(text, append([]any{at}, args...)...) })
	return true
}

// Variants registers every container once per variant, each inside Describe(variant) whose
// BeforeEach calls setup(variant): a suite that runs all its specs over two wires, say.
func (s *Specs) Variants(variants []string, setup func(variant string)) *Specs {
	out := &Specs{}
	for _, v := range variants {
		out.containers = append(out.containers, func() {
			Describe(v, func() {
				BeforeEach(func() { setup(v) })
				for _, c := range s.containers {
					c()
				}
			})
		})
	}
	return out
}

// Via is a client to the target (its Prefix added) whose exchanges go through check, a checking
// transport wrapped around the suite's own (for a contract other than Config.Contract).
func (t *Target) Via(check func(next http.RoundTripper) http.RoundTripper) *http.Client {
	return &http.Client{Transport: check(prefixed{t.Prefix, t.tr}), Timeout: 30 * time.Second}
}

// Run registers the suite's BeforeSuite (start), BeforeEach (beginSpec), AfterEach (exchanges made
// in goroutines are judged there at the latest), ReportAfterSuite (the account of skips) and the
// specs, then runs them against target with Ginkgo. A process runs one suite, once.
func (t *Target) Run(tt *testing.T, description string, target suite.Target, specs *Specs) bool {
	tt.Helper()
	t.Suite = target
	BeforeSuite(t.start)
	BeforeEach(t.beginSpec)
	AfterEach(func() { t.ExpectContract() })
	ReportAfterSuite("the account of what ran and what was skipped", t.account)
	for _, c := range specs.containers {
		c()
	}
	RegisterFailHandler(Fail)
	sc, rc := GinkgoConfiguration()
	if f := target.LabelFilter; f != "" {
		if sc.LabelFilter != "" {
			f = "(" + sc.LabelFilter + ") && (" + f + ")"
		}
		sc.LabelFilter = f
	}
	return RunSpecs(tt, description, sc, rc)
}

// start finds or starts the target, probes its admin API, picks a tenant of its own on a simulator
// and activates the default scenario, the one the specs are written against.
func (t *Target) start() {
	cfg := t.cfg
	api, admin := validator(cfg.Contract), validator(contracts.AdminFile)

	base := t.Suite.BaseURL
	if base == "" {
		ts := httptest.NewServer(cfg.Simulator())
		DeferCleanup(ts.Close)
		base = ts.URL
	} else {
		t.External = true
	}
	u, err := url.Parse(base)
	Expect(err).NotTo(HaveOccurred(), "the base URL")
	Expect(u.Scheme).To(BeElementOf("http", "https"), "the base URL %q: want http(s)://host[:port][/path]", base)
	Expect(u.Host).NotTo(BeEmpty(), "the base URL %q: want http(s)://host[:port][/path]", base)
	t.Base = u.Scheme + "://" + u.Host
	t.Prefix = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), strings.TrimSuffix(cfg.APIPath, "/"))
	t.AdminToken = t.Suite.AdminToken

	t.tr = http.DefaultTransport.(*http.Transport).Clone()
	if cfg.MaxIdleConnsPerHost > 0 {
		t.tr.MaxIdleConnsPerHost = cfg.MaxIdleConnsPerHost
	}

	t.Admin, t.AdminWhy = t.probeAdmin(t.Prefix)
	if t.Admin && t.External && !strings.Contains(t.Prefix+"/", shell.TenantPrefix) {
		// A simulator others may use too (other Ginkgo processes, other jobs): this process works in
		// a tenant of its own, made on first use, so its resets, scenarios and clock reach no one else.
		name := fmt.Sprintf("suite-%d-%s", GinkgoParallelProcess(), randomHex(4))
		if ok, _ := t.probeAdmin(t.Prefix + shell.TenantPrefix + name); ok {
			t.Tenant, t.Prefix = name, t.Prefix+shell.TenantPrefix+name
		} else {
			fmt.Fprintf(GinkgoWriter, "the simulator serves no tenants (/t/%s/__admin/health): sharing its default tenant\n", name)
		}
	}
	t.HTTP = t.checked(api, cfg.Contract, prefixed{t.Prefix, t.tr})
	t.AdminHTTP = t.checked(admin, contracts.AdminFile, prefixed{t.Prefix, t.tr})
	fmt.Fprintf(GinkgoWriter, "target %s%s (external %v, tenant %q); admin API: %v %s\n", t.Base, t.Prefix, t.External, t.Tenant, t.Admin, t.AdminWhy)
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

// probeAdmin asks GET prefix/__admin/health, unchecked: a target without the admin API may answer
// anything there.
func (t *Target) probeAdmin(prefix string) (bool, string) {
	at := t.Base + prefix + "/__admin/health"
	req, err := http.NewRequest(http.MethodGet, at, nil)
	if err != nil {
		return false, err.Error()
	}
	if t.AdminToken != "" {
		req.Header.Set("Authorization", "Bearer "+t.AdminToken)
	}
	resp, err := (&http.Client{Transport: t.tr, Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return false, fmt.Sprintf("GET %s: %v", at, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return false, fmt.Sprintf("GET %s answered %d (set %s_ADMIN_TOKEN if the simulator runs with -admin-token)", at, resp.StatusCode, t.cfg.Env)
	}
	return true, ""
}

// prefixed sends every request with prefix before its path: the contract sees the documented
// path, the server the tenant's (or the proxy's).
type prefixed struct {
	prefix string
	next   http.RoundTripper
}

func (p prefixed) RoundTrip(r *http.Request) (*http.Response, error) {
	if p.prefix == "" {
		return p.next.RoundTrip(r)
	}
	out := r.Clone(r.Context())
	u := *r.URL
	u.Path = p.prefix + u.Path
	if u.RawPath != "" {
		u.RawPath = p.prefix + u.RawPath
	}
	out.URL = &u
	return p.next.RoundTrip(out)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// beginSpec starts a spec: no contract failures yet, bad requests not allowed and, with
// Config.ResetEachSpec, a reset simulator.
func (t *Target) beginSpec() {
	t.begin()
	if t.cfg.ResetEachSpec && t.Admin && t.canReset() && !CurrentSpecReport().IsInOrderedContainer {
		t.ResetSim()
	}
}

// canReset: resetting between specs is safe unless other processes share one world of an external
// server (a simulator without tenants, or a tenant the user pinned).
func (t *Target) canReset() bool {
	cfg, _ := GinkgoConfiguration()
	return t.Tenant != "" || !t.External || cfg.ParallelTotal == 1 || CurrentSpecReport().IsSerial
}

// NeedAdmin skips the spec, saying why, where the admin API does not answer. The skip is counted
// in the closing account, and fails the run unless a partial run is accepted.
func (t *Target) NeedAdmin(what string) {
	GinkgoHelper()
	if !t.Admin {
		Skip("needs the simulator's admin API to " + what)
	}
}

// account closes the run (on process 1, over all processes' specs): how many specs ran, how many
// were skipped and why, and a failure if any were skipped unless a partial run is accepted.
func (t *Target) account(r Report) {
	ran, failed, filtered := 0, 0, 0
	why := map[string]int{}
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			continue
		}
		switch {
		case sr.State.Is(types.SpecStateFailureStates):
			ran++
			failed++
		case sr.State == types.SpecStatePassed:
			ran++
		case sr.State == types.SpecStateSkipped && sr.Failure.Message != "":
			why[sr.Failure.Message]++
		default:
			filtered++ // left out by a label filter, focus or skip pattern, or pending: the user's choice
		}
	}
	skipped := 0
	for _, n := range why {
		skipped += n
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d specs ran (%d failed), %d skipped, %d left out by filters", r.SuiteDescription, ran, failed, skipped, filtered)
	if skipped > 0 {
		reasons := make([]string, 0, len(why))
		for m := range why {
			reasons = append(reasons, m)
		}
		sort.Slice(reasons, func(i, j int) bool {
			return why[reasons[i]] > why[reasons[j]] || why[reasons[i]] == why[reasons[j]] && reasons[i] < reasons[j]
		})
		b.WriteString("\nskipped, by reason:")
		for _, m := range reasons {
			fmt.Fprintf(&b, "\n  %4d  %s", why[m], m)
		}
		if t.AdminWhy != "" {
			fmt.Fprintf(&b, "\nthe admin API: %s", t.AdminWhy)
		}
	}
	if skipped > 0 && !t.Suite.Partial {
		Fail(b.String() + "\n" + fmt.Sprintf("a partial run fails: run against a simulator (admin API), give the codes (%s_OTP or %s_OTP_COMMAND), leave the specs out (-ginkgo.skip, a label filter), or accept a partial run with %s=1",
			t.cfg.Env, t.cfg.Env, suite.PartialEnv))
	}
	AddReportEntry("account", b.String(), ReportEntryVisibilityAlways)
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
	t.NeedAdmin("reset it")
	status, body := t.AdminDo(http.MethodPost, "/__admin/reset", "", "")
	Expect(status).To(Equal(200), "POST /__admin/reset: %s", body)
}

// AdvanceClock moves the simulator's clock by d, a Go duration ("5m1s").
func (t *Target) AdvanceClock(d string) {
	GinkgoHelper()
	t.NeedAdmin("move its clock")
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
