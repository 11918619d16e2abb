package edocsuite_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	sim "github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/harness"
)

// partialCode is the one code of the partial target: a user who runs the suite against a server
// without the admin API knows the codes some other way (EDOC_OTP, EDOC_OTP_COMMAND).
const partialCode = "424242"

// noAdmin answers 404 under /__admin/, like a server that is not a simulator: the upstream API
// answers, the SMS outbox, reset, clock and scenario upload do not.
func noAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/__admin") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"detail":"Not found."}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// TestPartialTarget runs the suite, in a child process, against a server without the admin API:
// by default the run fails after listing what it skipped and why; with EGOVSIM_SUITE_PARTIAL=1 it
// passes; with the codes given (EDOC_OTP, EDOC_OTP_COMMAND) the approve specs run there too.
func TestPartialTarget(t *testing.T) {
	harness.SkipSelfTest(t, "EDOC", childEnv, "runs the suite in child processes")
	s := scenarios.Default()
	s.OTP.Fixed = partialCode
	srv, err := sim.NewServer(s, shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(noAdmin(srv))
	t.Cleanup(ts.Close)

	const approveSpec = "request → SMS → approve approve with the code answers 200 with the document"
	calls := filepath.Join(t.TempDir(), "otp-calls")
	runs := map[string][]string{
		"default":     nil,
		"partial":     {suite.PartialEnv + "=1"},
		"otp":         {suite.PartialEnv + "=1", "EDOC_OTP=" + partialCode},
		"otp-command": {suite.PartialEnv + "=1", `EDOC_OTP_COMMAND=echo "$1 $2 $OTP_SESSION_ID" >> '` + calls + `'; echo ` + partialCode},
	}
	got := map[string]run{}
	for name, env := range runs {
		got[name] = runSuite(ts.URL, t.TempDir(), env...)
		if r := got[name]; r.err != nil {
			t.Fatalf("%s: %v", name, r.err)
		}
	}

	def := got["default"]
	t.Run("fails by default, listing the skipped specs by reason", func(t *testing.T) {
		if def.succeeded {
			t.Fatalf("a run that skipped %d specs passed:\n%s", len(def.skipped), def.out)
		}
		if len(def.skipped) == 0 || def.specs == 0 {
			t.Fatalf("ran %d, skipped %d: want both", def.specs, len(def.skipped))
		}
		for _, f := range def.failures {
			if !strings.Contains(f.spec, "the account of what ran") {
				t.Errorf("a spec failed against the partial target: %s\n%s", f.spec, f.message)
			}
		}
		for _, want := range []string{"skipped, by reason:", "needs the simulator's admin API to", "needs the one-time code",
			"GET " + ts.URL + "/__admin/health answered 404", "accept a partial run with " + suite.PartialEnv + "=1"} {
			if !strings.Contains(def.out, want) {
				t.Errorf("the output does not say %q:\n%s", want, def.out)
			}
		}
		if m := regexp.MustCompile(`(\d+) specs ran \(0 failed\), (\d+) skipped`).FindStringSubmatch(def.out); m == nil {
			t.Errorf("no count of specs run and skipped in the output:\n%s", def.out)
		}
		if def.passed[approveSpec] || !def.skipped[approveSpec] {
			t.Errorf("without a code the approve spec must skip")
		}
		t.Logf("%d specs ran, %d skipped; the run fails", def.specs, len(def.skipped))
	})
	t.Run("passes with "+suite.PartialEnv+"=1, still listing the skips", func(t *testing.T) {
		r := got["partial"]
		if !r.succeeded || len(r.failures) > 0 {
			t.Fatalf("failed: %v\n%s", r.failures, r.out)
		}
		if len(r.skipped) != len(def.skipped) || !strings.Contains(r.out, "skipped, by reason:") {
			t.Errorf("skipped %d (the default run %d), and the account must list them:\n%s", len(r.skipped), len(def.skipped), r.out)
		}
	})
	for _, name := range []string{"otp", "otp-command"} {
		t.Run(name+": the approve specs run with the codes given", func(t *testing.T) {
			r := got[name]
			if !r.succeeded || len(r.failures) > 0 {
				t.Fatalf("failed: %v\n%s", r.failures, r.out)
			}
			if !r.passed[approveSpec] {
				t.Errorf("%q did not pass", approveSpec)
			}
			if len(r.skipped) >= len(def.skipped) || r.specs <= def.specs {
				t.Errorf("with codes: ran %d, skipped %d; without: ran %d, skipped %d", r.specs, len(r.skipped), def.specs, len(def.skipped))
			}
			t.Logf("%d specs ran, %d skipped", r.specs, len(r.skipped))
		})
	}
	t.Run("the OTP command gets the phone and the session id", func(t *testing.T) {
		data, err := os.ReadFile(calls)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		call := regexp.MustCompile(`^\+770100000\d\d (\S{36}) (\S{36})$`)
		for _, l := range lines {
			if m := call.FindStringSubmatch(l); m == nil || m[1] != m[2] {
				t.Errorf("OTP command called with %q: want the phone, the session id as $2 and as OTP_SESSION_ID", l)
			}
		}
		t.Logf("%d calls", len(lines))
	})
}
