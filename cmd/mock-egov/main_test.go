package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listening = regexp.MustCompile(`mock-egov listening on (http://\S+)`)

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, noEnv, &stdout, &stderr) }()
	var base string
	for deadline := time.Now().Add(5 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no start-up line; stdout %q stderr %q", stdout.String(), stderr.String())
		}
	}
	resp, err := http.Get(base + "/__admin/health")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]string
	err = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if err != nil || health["status"] != "ok" || health["scenario"] != "default" {
		t.Errorf("health: %v %v", health, err)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/egov/NEDBSyncSchoolData", strings.NewReader(`{"locationCode":"750000000"}`))
	req.Header.Set("Authorization", "Bearer egov_test_api_key")
	req.Header.Set("X-Egov-Sender-Id", "test-sender")
	req.Header.Set("X-Egov-Password", "test-password")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("NEDBSyncSchoolData: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop")
	}
	if !strings.Contains(stdout.String(), "mock-egov stopped") {
		t.Errorf("stdout: %q", stdout.String())
	}
}

func TestRunRefusesBadScenario(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(file, []byte("name: bad\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-scenario", file}, noEnv, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:3") {
		t.Errorf("run with a bad scenario: %v", err)
	}
	if err := run(context.Background(), []string{"-scenario", "nope"}, noEnv, &stdout, &stderr); err == nil {
		t.Error("run with an unknown bundled scenario started")
	}
}

// noEnv is an empty environment: tests never read the machine's EGOVSIM_* variables.
func noEnv(string) string { return "" }
