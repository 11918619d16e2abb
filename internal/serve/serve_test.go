package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

func testOptions() Options {
	return Options{Name: "mock-edoc", About: "the E-Document API simulator", DefaultAddr: "127.0.0.1:8081", Sessions: true,
		New: func(s *scenarios.Scenario, set shell.Settings) (http.Handler, error) { return edoc.NewServer(s, set) }}
}

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// result is one Run as a process would end it.
type result struct {
	code           int
	stdout, stderr string
}

func runOnce(t *testing.T, args []string, getenv func(string) string) result {
	t.Helper()
	var out, errOut syncBuffer
	err := Run(context.Background(), args, getenv, &out, &errOut, testOptions())
	code := Exit("mock-edoc", err, &errOut)
	return result{code, out.String(), errOut.String()}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		r := runOnce(t, []string{arg}, env())
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", arg, r.code, r.stderr)
		}
		for _, want := range []string{"the E-Document API simulator", "Examples:", "-check FILE", "-healthcheck", "-version",
			"Exit status:"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s: usage lacks %q:\n%s", arg, want, r.stdout)
			}
		}
		// Every setting flag with its environment variable; actions without one.
		for _, f := range []string{"addr", "scenario", "admin-token", "max-tenants", "tenant-idle", "max-sessions", "log-format", "log-level", "log-requests"} {
			if !strings.Contains(r.stdout, "-"+f+" ") && !strings.Contains(r.stdout, "-"+f+"\n") {
				t.Errorf("usage lacks -%s", f)
			}
			if !strings.Contains(r.stdout, EnvName(f)) {
				t.Errorf("usage lacks %s", EnvName(f))
			}
		}
		for _, a := range []string{"EGOVSIM_CHECK", "EGOVSIM_HEALTHCHECK", "EGOVSIM_VERSION"} {
			if strings.Contains(r.stdout, a) {
				t.Errorf("usage offers %s: actions have no environment variable", a)
			}
		}
		if n := strings.Count(r.stdout, "\n  mock-edoc") + strings.Count(r.stdout, "\n  EGOVSIM_ADMIN_TOKEN=secret mock-edoc"); n < 2 {
			t.Errorf("want two examples:\n%s", r.stdout)
		}
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("admin-token"); got != "EGOVSIM_ADMIN_TOKEN" {
		t.Errorf("EnvName: %q", got)
	}
}

// A bad command line is one line on stderr, nothing on stdout, exit status 2.
func TestBadCommandLineReportedOnce(t *testing.T) {
	for _, c := range []struct {
		args   []string
		getenv func(string) string
		want   string
	}{
		{[]string{"-bogus"}, env(), "flag provided but not defined: -bogus"},
		{[]string{"-max-tenants", "x"}, env(), `invalid value "x" for flag -max-tenants`},
		{[]string{"stray"}, env(), "unexpected arguments"},
		{[]string{"-log-format", "xml"}, env(), `-log-format "xml": want text or json`},
		{nil, env("EGOVSIM_LOG_LEVEL", "loud"), `-log-level "loud"`},
		{nil, env("EGOVSIM_MAX_SESSIONS", "many"), `EGOVSIM_MAX_SESSIONS="many": invalid value for -max-sessions`},
		{[]string{"-max-sessions", "0"}, env(), "-max-sessions must be at least 1"},
		{[]string{"-admin-token", "  "}, env(), "only whitespace"},
	} {
		r := runOnce(t, c.args, c.getenv)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, c.want) ||
			!strings.HasPrefix(r.stderr, "mock-edoc: ") || !strings.Contains(r.stderr, "(see mock-edoc -h)") {
			t.Errorf("%q: exit %d\nstdout %q\nstderr %q\nwant one line with %q", c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}
}

func TestVersion(t *testing.T) {
	r := runOnce(t, []string{"-version"}, env("EGOVSIM_ADDR", "nonsense"))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "mock-edoc ") || !strings.Contains(r.stdout, "module github.com/egovsim/egovsim") ||
		!strings.Contains(r.stdout, runtime.Version()) {
		t.Errorf("-version: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	old := Version
	Version = "v9.9.9"
	defer func() { Version = old }()
	if r := runOnce(t, []string{"-version"}, env()); !strings.HasPrefix(r.stdout, "mock-edoc v9.9.9\n") {
		t.Errorf("-version with a linked version: %q", r.stdout)
	}
}

func TestCheck(t *testing.T) {
	if r := runOnce(t, []string{"-check", "default"}, env()); r.code != 0 || r.stdout != "ok: default\n" || r.stderr != "" {
		t.Errorf("-check default: %+v", r)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("name: mine\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runOnce(t, []string{"-check", good}, env()); r.code != 0 || r.stdout != "ok: mine\n" {
		t.Errorf("-check good: %+v", r)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: bad\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\n  - {iin: \"12\", surname: C, name: D}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runOnce(t, []string{"-check", bad}, env())
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("-check bad: %+v", r)
	}
	_, lerr := scenarios.Load(bad)
	var se *scenarios.Error
	if !errors.As(lerr, &se) {
		t.Fatalf("scenarios.Load: %v", lerr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != len(se.Problems) {
		t.Fatalf("want one line per problem (%d), got %q", len(se.Problems), r.stderr)
	}
	for i, p := range se.Problems {
		if want := fmt.Sprintf("%s:%d: %s", bad, p.Line, p.Message); lines[i] != want {
			t.Errorf("line %d: %q, want %q", i, lines[i], want)
		}
	}
	if !strings.HasPrefix(lines[0], bad+":3: ") {
		t.Errorf("first problem not at line 3: %q", lines[0])
	}
	if r := runOnce(t, []string{"-check", filepath.Join(dir, "missing.yaml")}, env()); r.code != 1 || !strings.Contains(r.stderr, "missing.yaml") {
		t.Errorf("-check missing: %+v", r)
	}
}

func TestWriteProblemsEveryOne(t *testing.T) {
	var b bytes.Buffer
	writeProblems(&b, "x.yaml", &scenarios.Error{File: "x.yaml", Problems: []scenarios.Problem{{Line: 3, Message: "a"}, {Line: 9, Message: "b"}, {Message: "c"}}})
	if want := "x.yaml:3: a\nx.yaml:9: b\nx.yaml: c\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	b.Reset()
	writeProblems(&b, "y.yaml", errors.New("boom"))
	if b.String() != "y.yaml: boom\n" {
		t.Errorf("got %q", b.String())
	}
}

// start runs a server in the background; stop ends it and returns its result.
func start(t *testing.T, args []string, getenv func(string) string) (addr string, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	stderr = &syncBuffer{}
	o := testOptions()
	addrc := make(chan string, 1)
	o.Ready = func(a string) { addrc <- a }
	done := make(chan error, 1)
	go func() { done <- Run(ctx, args, getenv, &out, stderr, o) }()
	select {
	case addr = <-addrc:
	case err := <-done:
		cancel()
		t.Fatalf("Run returned early: %v; stderr %s", err, stderr)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("server did not start")
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { _ = stop() })
	return addr, stderr, stop
}

func health(t *testing.T, addr, tok string) map[string]string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/__admin/health", nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&h)
	return h
}

func TestEnvironmentGivesSettingsAndFlagsWin(t *testing.T) {
	getenv := env("EGOVSIM_ADDR", "127.0.0.1:0", "EGOVSIM_SCENARIO", "outage", "EGOVSIM_ADMIN_TOKEN", "tok",
		"EGOVSIM_CHECK", "/nonexistent.yaml", "EGOVSIM_HEALTHCHECK", "true", "EGOVSIM_VERSION", "true")
	// Actions from the environment are ignored: this serves.
	addr, _, _ := start(t, nil, getenv)
	if h := health(t, addr, "tok"); h["scenario"] != "outage" {
		t.Errorf("EGOVSIM_SCENARIO: health %v", h)
	}
	addr2, _, _ := start(t, []string{"-scenario", "flaky"}, getenv)
	if h := health(t, addr2, "tok"); h["scenario"] != "flaky" {
		t.Errorf("the flag must win over EGOVSIM_SCENARIO: health %v", h)
	}
}

func TestRequestLogJSON(t *testing.T) {
	addr, stderr, stop := start(t, []string{"-addr", "127.0.0.1:0", "-log-format", "json", "-log-requests"}, env("EGOVSIM_LOG_LEVEL", "debug"))
	body := `{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300017","phone":"+77010000001"}`
	resp, err := http.Post("http://"+addr+edoc.BasePath+"request/identity_card/", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	var found, debug bool
	for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON log line: %q", l)
		}
		if m["level"] == "DEBUG" {
			debug = true
		}
		if m["msg"] == "request" {
			found = true
			if m["operation"] != "request" || m["status"] != float64(200) || m["outcome"] != "ok" || m["tenant"] != shell.DefaultTenantName {
				t.Errorf("request line: %v", m)
			}
		}
	}
	if !found || !debug {
		t.Errorf("request line %v, debug lines %v in:\n%s", found, debug, stderr)
	}
}

func TestNoRequestLogAtWarn(t *testing.T) {
	addr, stderr, stop := start(t, []string{"-addr", "127.0.0.1:0", "-log-requests", "-log-level", "warn"}, env())
	resp, err := http.Post("http://"+addr+edoc.BasePath+"approve/", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_ = stop()
	if s := stderr.String(); s != "" {
		t.Errorf("logged below the level: %q", s)
	}
}

func TestHealthcheck(t *testing.T) {
	addr, _, _ := start(t, []string{"-addr", "127.0.0.1:0", "-admin-token", "tok"}, env())
	if r := runOnce(t, []string{"-healthcheck", "-addr", addr, "-admin-token", "tok"}, env()); r.code != 0 || !strings.HasPrefix(r.stdout, "ok: ") {
		t.Errorf("healthy: %+v", r)
	}
	// Address and token from the environment, as in a container.
	if r := runOnce(t, []string{"-healthcheck"}, env("EGOVSIM_ADDR", addr, "EGOVSIM_ADMIN_TOKEN", "tok")); r.code != 0 {
		t.Errorf("healthy by environment: %+v", r)
	}
	if r := runOnce(t, []string{"-healthcheck", "-addr", addr}, env()); r.code != 1 || !strings.Contains(r.stderr, "401") {
		t.Errorf("without the token: %+v", r)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	if r := runOnce(t, []string{"-healthcheck", "-addr", dead}, env()); r.code != 1 || !strings.Contains(r.stderr, "health check") {
		t.Errorf("dead port: %+v", r)
	}
}

func TestProbeAddr(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:8081":   "127.0.0.1:8081",
		":8081":          "127.0.0.1:8081",
		"[::]:8082":      "[::1]:8082",
		"127.0.0.2:9":    "127.0.0.2:9",
		"localhost:8081": "localhost:8081",
	} {
		if got := probeAddr(in); got != want {
			t.Errorf("probeAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRefusedScenarioListsEveryProblem(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: bad\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runOnce(t, []string{"-addr", "127.0.0.1:0", "-scenario", bad}, env())
	if r.code != 1 || !strings.Contains(r.stderr, "refusing to start") || !strings.Contains(r.stderr, bad+":3:") {
		t.Errorf("%+v", r)
	}
}
