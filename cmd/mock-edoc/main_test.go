package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes.
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

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, noEnv, &out, &errOut, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	if !strings.Contains(out.String(), "listening on http://"+addr) {
		t.Errorf("start-up line: %q", out.String())
	}
	resp, err := http.Get("http://" + addr + "/__admin/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
}

func TestRefusesBadScenario(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(p, []byte("name: bad\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, gender: female}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut syncBuffer
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-scenario", p}, noEnv, &out, &errOut, nil)
	if err == nil || !strings.Contains(err.Error(), p+":3:") || !strings.Contains(err.Error(), "contradicts IIN") {
		t.Fatalf("want a refusal naming file and line, got %v", err)
	}
	if err := run(context.Background(), []string{"-scenario", "no-such"}, noEnv, &out, &errOut, nil); err == nil {
		t.Fatal("unknown bundled name must be refused")
	}
	if err := run(context.Background(), []string{"-bogus"}, noEnv, &out, &errOut, nil); err == nil {
		t.Fatal("unknown flag must be refused")
	}
}

// noEnv is an empty environment: tests never read the machine's EGOVSIM_* variables.
func noEnv(string) string { return "" }
