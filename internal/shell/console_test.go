package shell_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/scenarios"
)

func get(t *testing.T, url, tok string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestConsolePageWithoutTokenAPIWithIt(t *testing.T) {
	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, p := range []string{"/__admin/ui/", "/t/qa/__admin/ui/", "/__admin/ui/app.js", "/__admin/ui/style.css"} {
		status, h, body := get(t, ts.URL+p, "")
		if status != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || body == "" {
			t.Errorf("%s: %d %v", p, status, h)
		}
		// Nothing is loaded from another origin (the CSP above forbids it too): no absolute URL in a
		// src, href, url(), @import or fetch. (An example body's digitalSignBaseUrl is data, not a load.)
		for _, load := range []string{`src="http`, `href="http`, `url(http`, `@import`, `fetch('http`, "fetch(`http", `fetch("http`, "//cdn"} {
			if strings.Contains(body, load) {
				t.Errorf("%s loads from another origin: %s", p, load)
			}
		}
	}
	if _, _, body := get(t, ts.URL+"/__admin/ui/", ""); !strings.Contains(body, `data-sim="edoc"`) {
		t.Error("the page does not know its simulator")
	}
	if n := len(srv.Tenants.List()); n != 0 {
		t.Errorf("the console's page made %d tenants", n)
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/t/qa/__admin/ui", nil)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "ui/" {
		t.Errorf("no slash: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if status, h, body := get(t, ts.URL+"/__admin/ui/nope.js", ""); status != 404 || !strings.Contains(body, `"error"`) || h.Get("Content-Type") != "application/json" {
		t.Errorf("a missing console file: %d %q", status, body)
	}
	for _, p := range []string{"/__admin/coverage", "/__admin/events", "/t/qa/__admin/coverage"} {
		if status, _, _ := get(t, ts.URL+p, ""); status != 401 {
			t.Errorf("%s without the token: %d", p, status)
		}
	}
	if status, h, body := get(t, ts.URL+"/__admin/coverage?format=junit", token); status != 200 || h.Get("Content-Type") != "application/xml" || !strings.Contains(body, "<testsuites") {
		t.Errorf("junit: %d %s", status, body)
	}
	if status, _, _ := get(t, ts.URL+"/__admin/coverage?format=html", token); status != 400 {
		t.Errorf("a bad format: %d", status)
	}
}

func TestEventsStream(t *testing.T) {
	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/__admin/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %v", resp.StatusCode, resp.Header)
	}
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "data: ") {
				lines <- l
			}
		}
		close(lines)
	}()
	next := func() string {
		t.Helper()
		select {
		case l := <-lines:
			return l
		case <-time.After(10 * time.Second):
			t.Fatal("no event within 10 s")
		}
		return ""
	}
	if first := next(); !strings.Contains(first, `"sms":0`) {
		t.Errorf("first state: %s", first)
	}
	body := `{"api_key":"` + activeKey + `","iin":"900101300017","phone":"+77010000001"}`
	r2, err := http.Post(ts.URL+requestP, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	for {
		if l := next(); strings.Contains(l, `"sms":1`) {
			break
		}
	}
	// A write that comes through the store alone (as another replica's would, on a shared store)
	// shows too: the stream polls the store, it is not told by this process's handlers.
	now := srv.Now()
	sess := store.Session{ID: "00000000-0000-4000-8000-0000000000aa", IIN: "900101300017", DocType: "identity_card", Code: "123456", ExpiresAt: now.Add(time.Minute)}
	if err := srv.World().Store.OpenSession(sess, &store.SMS{From: "1414", To: "77010000001", Code: "123456", SessionID: sess.ID, SentAt: now}, now); err != nil {
		t.Fatal(err)
	}
	for {
		if l := next(); strings.Contains(l, `"sms":2`) {
			break
		}
	}
	// The client goes: the stream ends and its slot is free again.
	cancel()
	for range lines {
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r3, err := http.Get(ts.URL + "/metrics")
		if err == nil {
			r3.Body.Close()
		}
		if n := shell.OpenStreams(srv.Shell); n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the stream outlived its client")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestEventsStreamsBounded(t *testing.T) {
	old := shell.MaxStreams
	shell.MaxStreams = 1
	defer func() { shell.MaxStreams = old }()
	srv, err := egov.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/__admin/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if status, _, body := get(t, ts.URL+"/__admin/events", ""); status != 503 || !strings.Contains(body, "too many console streams") {
		t.Errorf("a second stream: %d %s", status, body)
	}
}
