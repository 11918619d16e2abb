package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMUnderLoad builds the real binary, loads it with slow requests, sends SIGTERM while
// they are in flight, and expects every accepted request to finish with 200 and the process to
// exit 0.
func TestSIGTERMUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mock-edoc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	scen := filepath.Join(dir, "slow.yaml")
	if err := os.WriteFile(scen, []byte(`name: slow
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, phone: "+77010000001", all_documents: true}
faults:
  - {when: {service: edoc}, delay: 700ms}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-scenario", scen)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatal("no start-up line")
	}
	m := regexp.MustCompile(`http://(\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("start-up line: %q", lines.Text())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	url := "http://" + m[1] + "/api/v1/backend/e-document/online-access/request/identity_card/"
	const n = 24
	var wg sync.WaitGroup
	statuses := make(chan string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(url, "application/json", strings.NewReader(`{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300017","phone":"+77010000001"}`))
			if err != nil {
				statuses <- err.Error()
				return
			}
			resp.Body.Close()
			statuses <- fmt.Sprint(resp.StatusCode)
		}()
	}
	time.Sleep(300 * time.Millisecond) // all accepted and waiting on their delay
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != "200" {
			t.Errorf("in-flight request: %s", s)
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("did not exit after SIGTERM")
	}
	// Nothing listens any more.
	if _, err := http.Post(url, "application/json", strings.NewReader("{}")); err == nil {
		t.Error("still answering after exit")
	}
}
