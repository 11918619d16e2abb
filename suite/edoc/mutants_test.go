package edocsuite_test

// The suite must be able to fail. TestMutants starts deliberately broken variants of mock-edoc (the
// real simulator behind a middleware that changes one point of its behaviour) and runs this very
// suite against each, in a child process of this test binary (-test.run=^TestSuite$ with
// EDOC_BASE_URL at the variant), reading Ginkgo's JSON report. Each variant must fail the spec that
// guards the point, with a message that names it; the unbroken simulator behind the same plumbing
// must pass. Running the real specs, not copies of their checks, is the point: a spec that could
// never fail would show up here. The children leave out the labels slow (deliberate 3 s waits) and
// matrix (the 24-type tables, which repeat checks other specs make once) to keep the run bounded.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/onsi/ginkgo/v2/types"

	sim "github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/harness"
)

// childEnv marks the child process, which must only run the suite.
const childEnv = "EDOC_SUITE_MUTANT_CHILD"

// rewrite changes one exchange: it sees the request and the simulator's answer and returns the
// answer to send. Admin calls are never rewritten.
type rewrite func(r *http.Request, reqBody []byte, status int, h http.Header, body []byte) (int, []byte)

func mutate(next http.Handler, f rewrite) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/__admin/") || f == nil {
			next.ServeHTTP(w, r)
			return
		}
		reqBody, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		rr := httptest.NewRecorder()
		next.ServeHTTP(rr, r)
		h := rr.Header().Clone()
		status, body := f(r, reqBody, rr.Code, h, rr.Body.Bytes())
		for k, v := range h {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

func isApprove(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/approve/") }

// replace swaps text in every E-Document answer body.
func replace(old, new string) rewrite {
	return func(_ *http.Request, _ []byte, status int, _ http.Header, body []byte) (int, []byte) {
		return status, bytes.ReplaceAll(body, []byte(old), []byte(new))
	}
}

// editApproved edits the fields of every 200 answer of approve/.
func editApproved(edit func(m map[string]any)) rewrite {
	return func(r *http.Request, _ []byte, status int, _ http.Header, body []byte) (int, []byte) {
		if !isApprove(r) || status != 200 {
			return status, body
		}
		var m map[string]any
		if json.Unmarshal(body, &m) != nil {
			return status, body
		}
		edit(m)
		out, _ := json.Marshal(m)
		return status, out
	}
}

func dig(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	return v
}

func field(reqBody []byte, name string) string {
	var m map[string]any
	_ = json.Unmarshal(reqBody, &m)
	s, _ := m[name].(string)
	return s
}

func qrPNG(text string) string {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		panic(err)
	}
	code, err = barcode.Scale(code, 200, 200)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, code); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// secondApproveWins answers 200, with the document again, to an approve of a session already delivered.
func secondApproveWins() rewrite {
	var mu sync.Mutex
	delivered := map[string][]byte{}
	return func(r *http.Request, reqBody []byte, status int, _ http.Header, body []byte) (int, []byte) {
		if !isApprove(r) {
			return status, body
		}
		id := field(reqBody, "backend_session_id")
		mu.Lock()
		defer mu.Unlock()
		if status == 200 {
			delivered[id] = body
		}
		if prev, ok := delivered[id]; ok && status == 400 && bytes.Contains(body, []byte("already been received")) {
			return 200, prev
		}
		return status, body
	}
}

type mutant struct {
	name string
	f    rewrite
	// spec is part of the full text of a spec that must fail; says are texts its failure must contain.
	spec string
	says []string
}

var mutants = []mutant{
	{"a changed error text", replace(`"Invalid IIN"`, `"Invalid iin"`),
		"8: IIN with a wrong check digit", []string{`"Invalid IIN"`, `"Invalid iin"`}},
	{"the backtick of Can`t connect turned into an apostrophe", replace("Can`t connect", "Can't connect"),
		"900101300047: 503 Can`t connect", []string{"contracts/edoc.openapi.yaml", "/detail", "Can't connect"}},
	{"face_photo renamed facePhoto in the approve answer", replace(`"face_photo":`, `"facePhoto":`),
		"approve with the code answers 200 with the document", []string{"contracts/edoc.openapi.yaml", "face_photo", "facePhoto"}},
	{"500 where 400 Invalid IIN is documented", func(_ *http.Request, _ []byte, status int, _ http.Header, body []byte) (int, []byte) {
		if status == 400 && bytes.Contains(body, []byte(`"Invalid IIN"`)) {
			return 500, body
		}
		return status, body
	}, "8: IIN with a wrong check digit", []string{"status 500 is not documented"}},
	{"200 for a second approve of a delivered session", secondApproveWins(),
		"3: the document was already delivered", []string{"EDocument for this session has already been received"}},
	{"document_pdf that is not a PDF", editApproved(func(m map[string]any) {
		if m["document_pdf"] != nil {
			m["document_pdf"] = base64.StdEncoding.EncodeToString([]byte("<html>not a pdf</html>"))
		}
	}), "file_type=pdf: document_pdf is a PDF", []string{"document_pdf must be a PDF", "<html>"}},
	{"failure_reason dropped from the approve answer", editApproved(func(m map[string]any) { delete(m, "failure_reason") }),
		"approve with the code answers 200 with the document", []string{"contracts/edoc.openapi.yaml", "failure_reason"}},
	{"failure_reason null for the catalogue's failing document", editApproved(func(m map[string]any) {
		if m["failure_reason"] != nil {
			m["failure_reason"] = nil
		}
	}), "900101300087", []string{"failure_reason must be set"}},
	{"the IIN checked before the API key", func(r *http.Request, reqBody []byte, status int, h http.Header, body []byte) (int, []byte) {
		if !isApprove(r) && status != 200 && field(reqBody, "iin") != "" && !kz.ValidIIN(field(reqBody, "iin")) {
			return 400, []byte(`{"detail":"Invalid IIN"}`)
		}
		return status, body
	}, "order: the key before the subscription and the IIN", []string{`want 401 "Invalid API key", got 400 "Invalid IIN"`}},
	{slowGatewayName, nil, // see slowGateway: it answers before the simulator does
		"900101300067: 504 after 1 s", []string{"the catalogue answers only after 1s"}},
	{"an expired session answered as a wrong code", replace("OTP code has expired", "Invalid OTP code"),
		"5: the session expired", []string{`want 400 "OTP code has expired", got 400 "Invalid OTP code"`}},
	{"ISO dates where epoch milliseconds are due", editApproved(func(m map[string]any) {
		if c, ok := dig(m, "result_json", "common").(map[string]any); ok {
			c["docIssuedDate"] = "2019-12-31"
		}
	}), "dates are Unix epoch milliseconds", []string{"common.docIssuedDate is a JSON number"}},
	{"docUri missing", editApproved(func(m map[string]any) {
		if c, ok := dig(m, "result_json", "common").(map[string]any); ok {
			delete(c, "docUri")
		}
	}), "dates are Unix epoch milliseconds", []string{"docUri"}},
	{"a QR code of another number", editApproved(func(m map[string]any) {
		if m["qrcode"] != nil {
			m["qrcode"] = qrPNG("WRONG-0000")
		}
	}), "qrcode is a PNG of a QR code that decodes to the document's number", []string{"docNumber", "WRONG-0000"}},
	{"a backend_session_id that is not a UUID", func(r *http.Request, _ []byte, status int, _ http.Header, body []byte) (int, []byte) {
		if !isApprove(r) && status == 200 {
			return status, bytes.Replace(body, []byte(`":"`), []byte(`":"session-`), 1)
		}
		return status, body
	}, "row 13: otherwise 200 with a backend_session_id", []string{"contracts/edoc.openapi.yaml", "backend_session_id", "uuid"}},
	{"errors sent as text/plain", func(_ *http.Request, _ []byte, status int, h http.Header, body []byte) (int, []byte) {
		if status >= 400 {
			h.Set("Content-Type", "text/plain; charset=utf-8")
		}
		return status, body
	}, "2: no such session", []string{"contracts/edoc.openapi.yaml", "text/plain"}},
}

const slowGatewayName = "the 1 s gateway time-out answered at once"

// slowGateway answers the 1 s catalogue row without waiting.
func slowGateway(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "/__admin/") && !isApprove(r) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if field(body, "iin") == "900101300067" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(504)
				_, _ = io.WriteString(w, `{"detail":"Could not send request to e-document service"}`)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

type failure struct{ spec, message string }

type run struct {
	succeeded bool
	failures  []failure
	specs     int             // ran: neither left out nor skipped
	skipped   map[string]bool // the skipped specs' texts
	passed    map[string]bool // the passed specs' texts
	out       string          // the child's output
	took      time.Duration
	err       error // the suite could not be run or its report not read
}

// runSuite runs this binary's Ginkgo suite against base in a child process, with env added to its
// environment, and reads its report. The child leaves out the labels slow and matrix.
func runSuite(base, dir string, env ...string) run {
	start := time.Now()
	report := filepath.Join(dir, "report.json")
	cmd := exec.Command(os.Args[0],
		"-test.run=^TestSuite$", "-test.timeout=5m",
		"-ginkgo.label-filter=!slow && !matrix", "-ginkgo.no-color", "-ginkgo.json-report="+report)
	cmd.Env = append(withoutEnv("EDOC_BASE_URL", "EDOC_ADMIN_TOKEN", "EDOC_OTP", "EDOC_OTP_COMMAND", "EDOC_API_KEY", "EDOC_LABEL_FILTER", suite.PartialEnv),
		append([]string{"EDOC_BASE_URL=" + base, childEnv + "=1"}, env...)...)
	out, runErr := cmd.CombinedOutput()
	raw, err := os.ReadFile(report)
	if err != nil {
		return run{err: fmt.Errorf("the suite wrote no report (%v; exit %v):\n%s", err, runErr, out)}
	}
	var reports []types.Report
	if err := json.Unmarshal(raw, &reports); err != nil || len(reports) != 1 {
		return run{err: fmt.Errorf("report: %v (%d reports)", err, len(reports))}
	}
	rep := reports[0]
	r := run{succeeded: rep.SuiteSucceeded, took: time.Since(start), out: string(out), skipped: map[string]bool{}, passed: map[string]bool{}}
	if rep.SuiteSucceeded == (runErr != nil) {
		r.err = fmt.Errorf("the report says succeeded=%v but the process exit is %v", rep.SuiteSucceeded, runErr)
	}
	for _, sr := range rep.SpecReports {
		if sr.LeafNodeType == types.NodeTypeIt && sr.State.Is(types.SpecStatePassed|types.SpecStateFailureStates) {
			r.specs++
		}
		if sr.LeafNodeType == types.NodeTypeIt && sr.State == types.SpecStatePassed {
			r.passed[sr.FullText()] = true
		}
		if sr.State == types.SpecStateSkipped && sr.Failure.Message != "" {
			r.skipped[sr.FullText()] = true
		}
		if sr.State.Is(types.SpecStateFailureStates) {
			r.failures = append(r.failures, failure{sr.FullText(), sr.Failure.Message})
		}
	}
	return r
}

func withoutEnv(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(names, name) {
			out = append(out, kv)
		}
	}
	return out
}

func startMutant(t *testing.T, wrap func(http.Handler) http.Handler) string {
	t.Helper()
	srv, err := sim.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(wrap(srv))
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestMutants(t *testing.T) {
	harness.SkipSelfTest(t, "EDOC", childEnv, "the mutant runs take a while")
	// The control first in the list: the same plumbing around an unbroken simulator.
	all := append([]mutant{{name: "unbroken simulator"}}, mutants...)
	runs := make([]run, len(all))
	// The children wait on the network and on the catalogue's delays much of the time, so more of
	// them run at once than there are CPUs; t.Parallel would hold them to GOMAXPROCS.
	sem := make(chan struct{}, max(4, 2*runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, m := range all {
		wrap := func(h http.Handler) http.Handler { return mutate(h, m.f) }
		if m.name == slowGatewayName {
			wrap = slowGateway
		}
		base, dir := startMutant(t, wrap), t.TempDir()
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			runs[i] = runSuite(base, dir)
		})
	}
	wg.Wait()

	for i, m := range all {
		r := runs[i]
		t.Run(m.name, func(t *testing.T) {
			if r.err != nil {
				t.Fatal(r.err)
			}
			if i == 0 {
				if !r.succeeded || len(r.failures) > 0 {
					t.Fatalf("the suite fails against the unbroken simulator: %v", r.failures)
				}
				if r.specs < 40 {
					t.Errorf("the suite ran %d specs", r.specs)
				}
				t.Logf("%d specs pass in %v", r.specs, r.took.Round(time.Second))
				return
			}
			if r.succeeded {
				t.Fatalf("the suite passes against a simulator with %s", m.name)
			}
			var names []string
			for _, f := range r.failures {
				names = append(names, f.spec)
				if !strings.Contains(f.spec, m.spec) {
					continue
				}
				for _, s := range m.says {
					if !strings.Contains(f.message, s) {
						t.Errorf("%q fails without naming %q:\n%s", f.spec, s, f.message)
					}
				}
				t.Logf("caught in %v by %d of %d specs, among them %q:\n%s", r.took.Round(time.Second), len(r.failures), r.specs, f.spec, indent(f.message))
				return
			}
			t.Errorf("no failing spec matches %q; failed: %s", m.spec, strings.Join(names, "; "))
		})
	}
}

func indent(s string) string {
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
