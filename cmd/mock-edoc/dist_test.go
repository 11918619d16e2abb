package main

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDistribution builds both binaries with scripts/build.sh as a release would, then checks
// what a user of the files gets: static executables that start with no files and no environment,
// -healthcheck against a live and a dead port, and scripts/ci-simulators.sh (the CI recipes' shell
// part) starting, probing and stopping both.
func TestDistribution(t *testing.T) {
	if testing.Short() {
		t.Skip("builds both release binaries (about a minute): skipped under -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH to build the release binaries with")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash to run scripts/build.sh with")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dist := t.TempDir()
	build := exec.Command("bash", filepath.Join(root, "scripts", "build.sh"), dist)
	build.Env = append(os.Environ(), "VERSION=v0.0.0-test")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/build.sh: %v\n%s", err, out)
	}
	for _, name := range []string{"mock-edoc", "mock-egov"} {
		bin := filepath.Join(dist, name)
		t.Run(name+"/static", func(t *testing.T) {
			if _, err := exec.LookPath("ldd"); err != nil {
				t.Skip("no ldd on this machine")
			}
			out, _ := exec.Command("ldd", bin).CombinedOutput() // ldd exits 1 for a static file
			if !strings.Contains(string(out), "not a dynamic executable") {
				t.Errorf("ldd %s: %s", name, out)
			}
		})
		t.Run(name+"/version", func(t *testing.T) {
			out, err := exec.Command(bin, "-version").Output()
			if err != nil || !strings.HasPrefix(string(out), name+" v0.0.0-test\n") {
				t.Errorf("-version: %v %q", err, out)
			}
		})
		t.Run(name+"/empty-environment", func(t *testing.T) { emptyEnvironment(t, bin) })
	}
	t.Run("ci-simulators.sh", func(t *testing.T) { ciSimulators(t, root, dist) })
}

// emptyEnvironment starts bin as `env -i bin -addr 127.0.0.1:0` in an empty folder: the fonts and
// scenarios are inside it. Then -healthcheck, from the same empty environment, on its port (0) and on
// a dead one (1).
func emptyEnvironment(t *testing.T, bin string) {
	empty := t.TempDir()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Dir, cmd.Env = empty, []string{}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("exit after SIGTERM: %v; stderr %s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("did not stop on SIGTERM")
		}
	}()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no start-up line; stderr %s", stderr.String())
	}
	m := regexp.MustCompile(`listening on http://(\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("start-up line %q", lines.Text())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	addr := m[1]
	waitHealthy(t, "http://"+addr)
	if code := exitCode(t, empty, bin, "-healthcheck", "-addr", addr); code != 0 {
		t.Errorf("-healthcheck of a running simulator: exit %d", code)
	}
	if code := exitCode(t, empty, bin, "-healthcheck", "-addr", deadAddr(t)); code != 1 {
		t.Errorf("-healthcheck of a dead port: exit %d", code)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the simulator wrote into its folder: %v", entries)
	}
}

// exitCode runs bin with an empty environment in dir.
func exitCode(t *testing.T, dir, bin string, args ...string) int {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, []string{}
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	default:
		t.Fatalf("%s %v: %v", bin, args, err)
		return -1
	}
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/__admin/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/__admin/health: %v", base, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// deadAddr is a loopback port nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// ciSimulators runs scripts/ci-simulators.sh start, wait and stop for real and checks both
// simulators answered in between and are gone after.
func ciSimulators(t *testing.T, root, dist string) {
	state := t.TempDir()
	edocAddr, egovAddr := deadAddr(t), deadAddr(t)
	env := append(os.Environ(), "BIN_DIR="+dist, "STATE_DIR="+state, "EDOC_ADDR="+edocAddr, "EGOV_ADDR="+egovAddr,
		"WAIT_SECONDS=20", "EGOVSIM_ADMIN_TOKEN=ci-token", "EGOVSIM_SCENARIO=flaky")
	script := filepath.Join(root, "scripts", "ci-simulators.sh")
	sh := func(step string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", script, step)
		cmd.Env, cmd.Dir = env, t.TempDir()
		out, err := cmd.CombinedOutput()
		t.Logf("ci-simulators.sh %s:\n%s", step, out)
		return err
	}
	pids := func() map[string]int {
		m := map[string]int{}
		for _, name := range []string{"mock-edoc", "mock-egov"} {
			b, err := os.ReadFile(filepath.Join(state, name+".pid"))
			if err != nil {
				continue
			}
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				m[name] = pid
			}
		}
		return m
	}
	if err := sh("start"); err != nil {
		t.Fatalf("start: %v", err)
	}
	started := pids()
	t.Cleanup(func() { // whatever happened above, nothing is left running
		for _, pid := range started {
			if running(pid) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	if len(started) != 2 {
		t.Fatalf("PID files: %v", started)
	}
	if err := sh("wait"); err != nil {
		t.Fatalf("wait: %v", err)
	}
	for _, addr := range []string{edocAddr, egovAddr} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/__admin/health", nil)
		req.Header.Set("Authorization", "Bearer ci-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("health of %s: %v", addr, err)
		}
		var body strings.Builder
		_, _ = bufio.NewReader(resp.Body).WriteTo(&body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(body.String(), `"scenario":"flaky"`) {
			t.Errorf("health of %s: %d %s (EGOVSIM_SCENARIO must reach the simulators)", addr, resp.StatusCode, body.String())
		}
	}
	if err := sh("stop"); err != nil {
		t.Errorf("stop: %v", err)
	}
	for name, pid := range started {
		if running(pid) {
			t.Errorf("%s (PID %d) still runs after stop", name, pid)
		}
	}
	if left := pids(); len(left) != 0 {
		t.Errorf("PID files left: %v", left)
	}
	if err := sh("stop"); err != nil { // twice is harmless
		t.Errorf("second stop: %v", err)
	}
}

// running reports whether pid is a live process (a zombie waiting for its reaper is not).
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}
