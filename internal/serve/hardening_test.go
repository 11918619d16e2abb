package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

// A client that pipelines requests and never reads cannot hold a connection for ever, and a SIGTERM
// then still ends the process cleanly after the grace.
func TestWriteTimeoutAndShutdownWithAClientThatNeverReads(t *testing.T) {
	old := web.WriteTimeout
	web.WriteTimeout = 500 * time.Millisecond
	defer func() { web.WriteTimeout = old }()
	big := bytes.Repeat([]byte("x"), 256<<10)
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan error, 1)
	var out syncBuffer
	go func() {
		done <- Run(ctx, []string{"-addr", "127.0.0.1:0"}, env(), &out, io.Discard, Options{
			Name: "test", DefaultAddr: "127.0.0.1:0", Grace: 500 * time.Millisecond, Ready: func(a string) { addrc <- a },
			New: func(*scenarios.Scenario, shell.Settings) (http.Handler, error) {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(big) }), nil
			},
		})
	}()
	addr := <-addrc
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetReadBuffer(4 << 10)
	}
	go func() {
		for i := 0; i < 400; i++ {
			if _, err := fmt.Fprintf(c, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
				return
			}
		}
	}()
	time.Sleep(2 * time.Second) // several write time-outs: the server must have given up on us
	began := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown with a stuck client: %v, want a clean stop", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown hung on a client that never reads")
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	if !strings.Contains(out.String(), "test stopped") {
		t.Errorf("stdout %q", out.String())
	}
}

func TestFlagsRefusedAndShown(t *testing.T) {
	o := Options{Name: "test", DefaultAddr: "127.0.0.1:0", New: func(*scenarios.Scenario, shell.Settings) (http.Handler, error) {
		return http.NotFoundHandler(), nil
	}}
	if err := Run(context.Background(), []string{"-admin-token", "   "}, env(), io.Discard, io.Discard, o); err == nil || !strings.Contains(err.Error(), "whitespace") {
		t.Fatalf("whitespace token: %v", err)
	}
	if err := Run(context.Background(), []string{"-max-sessions", "5"}, env(), io.Discard, io.Discard, o); err == nil {
		t.Fatal("-max-sessions accepted by a simulator without sessions")
	}
	var help bytes.Buffer
	if err := Run(context.Background(), []string{"-h"}, env(), &help, io.Discard, o); err != nil || !strings.Contains(help.String(), "-addr") {
		t.Fatalf("-h: %v %q", err, help.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	o.Ready = func(string) { cancel() }
	if err := Run(ctx, []string{"-addr", "0.0.0.0:0", "-admin-token", "t"}, env(), &out, io.Discard, o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "listening on http://0.0.0.0:") {
		t.Fatalf("start-up line %q: want the address asked for", out.String())
	}
}
