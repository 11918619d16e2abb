package egovsuite_test

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	sim "github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/harness"
)

// TestPrebuiltBinary builds the suite as one test binary (go test -c), the way a team without Go
// tooling in its pipeline gets it, and runs it against a server without the admin API, writing a
// JUnit report: the run fails by default, listing what it skipped and why, and passes with
// EGOVSIM_SUITE_PARTIAL=1.
func TestPrebuiltBinary(t *testing.T) {
	harness.SkipSelfTest(t, "EGOV", childEnv, "builds the suite binary")
	dir := t.TempDir()
	bin := filepath.Join(dir, "egovsim-egov-suite")
	if out, err := exec.Command("go", "test", "-c", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	srv, err := sim.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/__admin") { // not a simulator: no admin API
			http.NotFound(w, r)
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)

	type junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Status  string `xml:"status,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testsuite>testcase"`
	}
	runBin := func(partial bool) (junit, string, error) {
		report := filepath.Join(t.TempDir(), "egov.xml")
		cmd := exec.Command(bin, "-ginkgo.junit-report="+report, "-ginkgo.no-color")
		cmd.Dir = dir // as a user runs it: anywhere, no source tree
		cmd.Env = append(withoutEnv("EGOV_BASE_URL", "EGOV_ADMIN_TOKEN", suite.PartialEnv), childEnv+"=1", "EGOV_BASE_URL="+ts.URL)
		if partial {
			cmd.Env = append(cmd.Env, suite.PartialEnv+"=1")
		}
		out, runErr := cmd.CombinedOutput()
		var j junit
		raw, err := os.ReadFile(report)
		if err != nil {
			t.Fatalf("no JUnit report (%v, exit %v):\n%s", err, runErr, out)
		}
		if err := xml.Unmarshal(raw, &j); err != nil {
			t.Fatalf("JUnit report: %v", err)
		}
		return j, string(out), runErr
	}

	j, out, err := runBin(false)
	if err == nil {
		t.Fatalf("the run against a target without the admin API passed:\n%s", out)
	}
	var account string
	skipped := 0
	for _, c := range j.Cases {
		if c.Status == "skipped" {
			skipped++
		}
		if c.Status == "failed" && c.Failure != nil {
			if !strings.Contains(c.Name, "the account of what ran") {
				t.Errorf("spec %q failed against the partial target: %s", c.Name, c.Failure.Message)
			}
			account = c.Failure.Message
		}
	}
	for _, want := range []string{"skipped, by reason:", "needs the simulator's admin API to upload a scenario", "needs the simulator's admin API to move its clock", suite.PartialEnv + "=1"} {
		if !strings.Contains(account, want) {
			t.Errorf("the JUnit report's failure does not say %q:\n%s", want, account)
		}
	}
	if j.Tests < 100 || j.Failures != 1 {
		t.Errorf("JUnit: %d tests, %d failures; want the suite's specs and the account's one failure", j.Tests, j.Failures)
	}
	if skipped == 0 {
		t.Error("JUnit: no skipped specs")
	}
	t.Logf("default: exit %v; JUnit %d tests, %d skipped, %d failure", err, j.Tests, skipped, j.Failures)

	j, out, err = runBin(true)
	if err != nil || j.Failures != 0 {
		t.Fatalf("with %s=1: exit %v, %d failures:\n%s", suite.PartialEnv, err, j.Failures, out)
	}
	t.Logf("partial accepted: JUnit %d tests, 0 failures", j.Tests)
}
