package shell_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/metrics"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	token     = "s3cret"
	activeKey = "edoc_test_active_0000000000000000000000000000000"
	requestP  = edoc.BasePath + "request/identity_card/"
)

// scrape GETs /metrics as Prometheus would and parses it with the library's own text parser.
func scrape(t *testing.T, base, tok string) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	req.Header.Set("Accept", "text/plain")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, b)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return mfs
}

// value is the sample of family name whose labels include want; ok is false when there is none.
func value(mfs map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	mf, ok := mfs[name]
	if !ok {
		return 0, false
	}
	for _, m := range mf.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			if labels[k] != v {
				match = false
			}
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}

func post(t *testing.T, url string, hdr http.Header, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

var jsonHdr = http.Header{"Content-Type": {"application/json"}}

func TestEdocMetricsOverHTTP(t *testing.T) {
	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	// Guarded like /__admin/.
	for _, auth := range []string{"", "Bearer wrong", "Basic " + token} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /metrics with %q: %d, want 401", auth, resp.StatusCode)
		}
	}

	before := scrape(t, ts.URL, token)
	ok := map[string]string{"simulator": "edoc", "operation": "request", "outcome": "ok"}
	if v, found := value(before, "egovsim_requests_total", ok); !found || v != 0 {
		t.Fatalf("request/ok before any call: %v (present %v); want a pre-initialised 0", v, found)
	}
	if v, _ := value(before, "egovsim_sessions", nil); v != 0 {
		t.Errorf("sessions before: %v", v)
	}

	happy := `{"api_key":"` + activeKey + `","iin":"900101300017","phone":"+77010000001"}`
	if st := post(t, ts.URL+requestP, jsonHdr, happy); st != 200 {
		t.Fatalf("request: %d", st)
	}
	if st := post(t, ts.URL+"/t/team-a"+requestP, jsonHdr, happy); st != 200 {
		t.Fatalf("request in tenant team-a: %d", st)
	}
	if st := post(t, ts.URL+requestP, jsonHdr, `{"api_key":"nope","iin":"900101300017","phone":"+77010000001"}`); st != 401 {
		t.Fatalf("unknown key: %d", st)
	}
	if st := post(t, ts.URL+requestP, jsonHdr, `{"api_key":"`+activeKey+`","iin":"900101300047","phone":"+77010000004"}`); st != 503 {
		t.Fatalf("catalogue 503: %d", st)
	}
	if st := post(t, ts.URL+edoc.BasePath+"approve/", jsonHdr, `{"backend_session_id":"x","code":"1"}`); st != 400 {
		t.Fatalf("approve of no session: %d", st)
	}
	if st := post(t, ts.URL+"/api/v1/900101300017", jsonHdr, `{}`); st != 404 {
		t.Fatalf("unknown path: %d", st)
	}

	after := scrape(t, ts.URL, token)
	for _, c := range []struct {
		labels map[string]string
		want   float64
	}{
		{ok, 2}, // both tenants
		{map[string]string{"operation": "request", "outcome": "client_error"}, 1},
		{map[string]string{"operation": "request", "outcome": "server_error"}, 1},
		{map[string]string{"operation": "approve", "outcome": "client_error"}, 1},
		{map[string]string{"operation": "other", "outcome": "client_error"}, 1},
		{map[string]string{"operation": "approve", "outcome": "ok"}, 0},
	} {
		if v, _ := value(after, "egovsim_requests_total", c.labels); v != c.want {
			t.Errorf("egovsim_requests_total%v = %v, want %v", c.labels, v, c.want)
		}
	}
	if v, _ := value(after, "egovsim_request_duration_seconds", map[string]string{"simulator": "edoc", "operation": "request"}); v != 4 {
		t.Errorf("request latency observations: %v, want 4", v)
	}
	for name, want := range map[string]float64{"egovsim_sessions": 1, "egovsim_sms_messages": 1, "egovsim_tenants": 1} {
		if v, found := value(after, name, map[string]string{"simulator": "edoc"}); !found || v != want {
			t.Errorf("%s = %v (present %v), want %v (the default tenant's world; tenants: the named ones)", name, v, found, want)
		}
	}
	if _, found := value(after, "egovsim_payments", nil); found {
		t.Error("mock-edoc exposes payments it never holds")
	}
	if _, found := value(after, "go_goroutines", nil); !found {
		t.Error("no Go runtime metrics")
	}
	assertBoundedLabels(t, after)
}

// assertBoundedLabels: no label value of ours is a path, an IIN or a tenant name.
func assertBoundedLabels(t *testing.T, mfs map[string]*dto.MetricFamily) {
	t.Helper()
	for name, mf := range mfs {
		if !strings.HasPrefix(name, metrics.Namespace+"_") {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				v := l.GetValue()
				if strings.Contains(v, "/") || strings.Contains(v, "9001013") || strings.Contains(v, "team-a") {
					t.Errorf("%s has label %s=%q: unbounded", name, l.GetName(), v)
				}
			}
		}
	}
}

func TestEgovMetricsOverHTTP(t *testing.T) {
	srv, err := egov.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	hdr := http.Header{"Authorization": {"Bearer egov_test_api_key"}, "X-Egov-Sender-Id": {"test-sender"},
		"X-Egov-Password": {"test-password"}, "Content-Type": {"application/json"}}
	if st := post(t, ts.URL+egov.BasePath+"gbdflUniversalServiceSync", hdr, `{"senderCode":"TEST_SENDER","iin":"900101300017"}`); st != 200 {
		t.Fatalf("gbdfl: %d", st)
	}
	if st := post(t, ts.URL+egov.BasePath+"initPaymentRequest", hdr, `{"amount":1500,"serviceId":"SVC-001","iinOrBin":"900101300017"}`); st != 200 {
		t.Fatalf("initPaymentRequest: %d", st)
	}
	if st := post(t, ts.URL+egov.BasePath+"noSuchOperation", hdr, `{}`); st != 404 {
		t.Fatalf("unknown operation: %d", st)
	}
	mfs := scrape(t, ts.URL, "") // no admin token: open
	for _, c := range []struct {
		labels map[string]string
		want   float64
	}{
		{map[string]string{"simulator": "egov", "operation": "gbdflUniversalServiceSync", "outcome": "ok"}, 1},
		{map[string]string{"operation": "initPaymentRequest", "outcome": "ok"}, 1},
		{map[string]string{"operation": "other", "outcome": "client_error"}, 1},
		{map[string]string{"operation": "citsDebts", "outcome": "ok"}, 0},
	} {
		if v, found := value(mfs, "egovsim_requests_total", c.labels); !found || v != c.want {
			t.Errorf("egovsim_requests_total%v = %v (present %v), want %v", c.labels, v, found, c.want)
		}
	}
	if v, found := value(mfs, "egovsim_payments", map[string]string{"simulator": "egov"}); !found || v != 1 {
		t.Errorf("payments = %v (present %v), want 1", v, found)
	}
	if _, found := value(mfs, "egovsim_sessions", nil); found {
		t.Error("mock-egov exposes sessions it never holds")
	}
	assertBoundedLabels(t, mfs)
}

// fake is a simulator whose paths pick how a call ends.
type fake struct{}

func (fake) Operations() []string { return []string{"fault", "harness", "hijack", "silent"} }

func (fake) Operation(r *http.Request) string {
	op := strings.TrimPrefix(r.URL.Path, "/")
	for _, o := range (fake{}).Operations() {
		if o == op {
			return op
		}
	}
	return metrics.Other
}

func (fake) Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant) {
	switch r.URL.Path {
	case "/fault":
		metrics.FaultFired(w, &scenarios.Fault{Error: "service_unavailable"})
		web.JSON(w, http.StatusServiceUnavailable, map[string]string{"detail": "EDocument service is not available now"})
	case "/harness":
		web.Harness(w, http.StatusInternalServerError, "broken")
	case "/hijack":
		metrics.FaultFired(w, &scenarios.Fault{Transport: scenarios.TransportReset})
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	case "/silent": // the client gave up during a delay: nothing written
	}
}

// syncBuffer is a log sink safe for the server's goroutines.
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

func TestOutcomesFaultsAndRequestLog(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	sh, err := shell.New(&world.Builder{Service: scenarios.ServiceEdoc}, scenarios.Default(),
		shell.Settings{Logger: log, LogRequests: true}, fake{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(sh)
	defer ts.Close()
	post(t, ts.URL+"/fault", nil, "")
	post(t, ts.URL+"/t/team-a/fault", nil, "")
	post(t, ts.URL+"/harness", nil, "")
	if _, err := http.Post(ts.URL+"/hijack", "", nil); err == nil {
		t.Error("a reset connection answered")
	}
	// The client sees the reset before the handler returns: wait for the call to be recorded.
	for deadline := time.Now().Add(5 * time.Second); strings.Count(logs.String(), `"msg":"request"`) < 4; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the hijacked call was never recorded:\n%s", logs.String())
		}
	}
	// A client that left before anything was written (the handler returns once ctx is done).
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sh.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/silent", nil).WithContext(ctx))

	mfs := scrape(t, ts.URL, "")
	for _, c := range []struct {
		labels map[string]string
		want   float64
	}{
		{map[string]string{"operation": "fault", "outcome": "server_error"}, 2},
		{map[string]string{"operation": "harness", "outcome": "harness_error"}, 1},
		{map[string]string{"operation": "hijack", "outcome": "transport"}, 1},
		{map[string]string{"operation": "silent", "outcome": "client_gone"}, 1},
	} {
		if v, _ := value(mfs, "egovsim_requests_total", c.labels); v != c.want {
			t.Errorf("egovsim_requests_total%v = %v, want %v", c.labels, v, c.want)
		}
	}
	for fault, want := range map[string]float64{"service_unavailable": 2, "transport_reset": 1} {
		if v, _ := value(mfs, "egovsim_faults_total", map[string]string{"simulator": "edoc", "fault": fault}); v != want {
			t.Errorf("egovsim_faults_total{fault=%q} = %v, want %v", fault, v, want)
		}
	}

	// One JSON line per call, with the documented fields.
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 5 {
		t.Fatalf("want 5 request lines, got %d:\n%s", len(lines), logs.String())
	}
	first, second := lines[0], lines[1]
	if first["tenant"] != shell.DefaultTenantName || second["tenant"] != "team-a" || first["operation"] != "fault" ||
		first["status"] != float64(503) || first["outcome"] != "server_error" || first["fault"] != "service_unavailable" {
		t.Errorf("request lines: %v / %v", first, second)
	}
	if _, ok := first["duration_ms"].(float64); !ok {
		t.Errorf("no duration_ms: %v", first)
	}
	if lines[4]["status"] != float64(499) || lines[4]["outcome"] != "client_gone" {
		t.Errorf("client gone line: %v", lines[4])
	}
	if _, ok := lines[2]["fault"]; ok {
		t.Errorf("a call without a fault names one: %v", lines[2])
	}
}

func TestNoRequestLogByDefault(t *testing.T) {
	var logs syncBuffer
	sh, err := shell.New(&world.Builder{Service: scenarios.ServiceEdoc}, scenarios.Default(),
		shell.Settings{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, fake{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sh.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/fault", nil))
	if logs.String() != "" {
		t.Errorf("logged without LogRequests: %q", logs.String())
	}
}

func TestMetricsMethods(t *testing.T) {
	sh, err := shell.New(&world.Builder{Service: scenarios.ServiceEgov}, scenarios.Default(), shell.Settings{}, fake{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	sh.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/metrics", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /metrics: %d", w.Code)
	}
	// Not journalled: it is not an upstream call.
	if n := sh.Default().World().Journal.Len(); n != 0 {
		t.Errorf("journal holds %d entries after /metrics", n)
	}
}

func TestArtifactCacheCounters(t *testing.T) {
	sh, err := shell.New(&world.Builder{Service: scenarios.ServiceEdoc}, scenarios.Default(), shell.Settings{}, fake{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var hits, misses uint64 = 7, 2
	sh.Metrics.ArtifactCache(func() (uint64, uint64) { return hits, misses })
	sh.Metrics.ArtifactCache(func() (uint64, uint64) { return 0, 0 }) // a second call is ignored
	ts := httptest.NewServer(sh)
	defer ts.Close()
	mfs := scrape(t, ts.URL, "")
	h, _ := value(mfs, "egovsim_artifact_cache_hits_total", map[string]string{"simulator": "edoc"})
	m, _ := value(mfs, "egovsim_artifact_cache_misses_total", map[string]string{"simulator": "edoc"})
	if h != 7 || m != 2 {
		t.Errorf("cache hits %v misses %v, want 7 and 2", h, m)
	}
}
