package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egovsim/egovsim/bench/bare"
	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/store/redisstore"
	"github.com/egovsim/egovsim/internal/store/redisstore/redistest"
	"github.com/egovsim/egovsim/scenarios"
)

var (
	conns    = flag.Int("bench.conns", 32, "concurrent clients in the parallel benchmarks (wrk -c)")
	people   = flag.Int("bench.people", 100_000, "generated people behind BenchmarkEgovGBDFL")
	sessions = flag.Int("bench.sessions", 1_000_000, "sessions BenchmarkEdocSessionsHeap creates")
)

// The catalogue's happy citizen (docs/behaviour.md §6) and the active client.
const (
	activeKey = "edoc_test_active_0000000000000000000000000000000"
	happyIIN  = "900101300017"
	happyTel  = "+77010000001"
	// fixedCode pins the OTP in the approve benchmarks, so a client needs no trip to the SMS outbox.
	fixedCode = "424242"
)

var (
	requestPath = edoc.BasePath + "request/identity_card/"
	approvePath = edoc.BasePath + "approve/"
	gbdflPath   = egov.BasePath + "gbdflUniversalServiceSync"
	requestBody = []byte(`{"api_key":"` + activeKey + `","iin":"` + happyIIN + `","phone":"` + happyTel + `"}`)
)

// egovHeaders are the default scenario's gateway credentials.
var egovHeaders = http.Header{
	"Authorization":    {"Bearer egov_test_api_key"},
	"X-Egov-Sender-Id": {"test-sender"},
	"X-Egov-Password":  {"test-password"},
	"Content-Type":     {"application/json"},
}

var jsonHeaders = http.Header{"Content-Type": {"application/json"}}

// populationScenario is the default catalogue with n generated people on top: the same text, but
// for the name, that scripts/load.sh gives mock-egov.
func populationScenario(tb testing.TB, n int) *scenarios.Scenario {
	tb.Helper()
	src := append(bytes.Clone(scenarios.Default().Source), fmt.Sprintf("\npopulation: {generate: %d, seed: 1}\n", n)...)
	s, err := scenarios.Parse("bench-population.yaml", src)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// fixedOTPScenario is the default catalogue with every code pinned to fixedCode.
func fixedOTPScenario() *scenarios.Scenario {
	s := scenarios.Default() // a fresh parse: ours to change
	s.OTP.Fixed = fixedCode
	return s
}

// target is one server on a loopback port and the client all goroutines share.
type target struct {
	url    string
	client *http.Client
	dials  atomic.Int64 // connections opened: at most one per parallel client when keep-alive works
}

func serveLoopback(tb testing.TB, h http.Handler) *target {
	tb.Helper()
	ts := httptest.NewServer(h)
	t := &target{url: ts.URL}
	var d net.Dialer
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			t.dials.Add(1)
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256, // every parallel client keeps its connection: no dial per request
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	tb.Cleanup(func() {
		tr.CloseIdleConnections()
		ts.Close()
	})
	t.client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	return t
}

// post sends body and wants a 200. With into it decodes the answer; otherwise it drains it.
func (t *target) post(path string, hdr http.Header, body []byte, into any) error {
	req, err := http.NewRequest(http.MethodPost, t.url+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header = hdr.Clone()
	resp, err := t.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("POST %s: %d %s", path, resp.StatusCode, b)
	}
	if into != nil {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			return err
		}
	}
	// Read to EOF, or the transport drops the connection and the next request dials again.
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// parallel runs op from -bench.conns goroutines at once, like wrk's connections. reqPerOp is the
// number of HTTP exchanges in one op, for scripts/bench.sh's req/s.
func parallel(b *testing.B, t *target, reqPerOp int, op func() error) {
	b.Helper()
	b.ReportAllocs()
	b.SetParallelism(max(1, (*conns+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(reqPerOp), "req/op")
	b.ReportMetric(float64(t.dials.Load()), "dials")
}

// --- the sibling: what net/http alone costs on this machine ---

func BenchmarkBare(b *testing.B) {
	t := serveLoopback(b, bare.Handler())
	parallel(b, t, 1, func() error { return t.post(requestPath, jsonHeaders, requestBody, nil) })
}

// --- mock-edoc ---

func newEdoc(tb testing.TB, s *scenarios.Scenario) *edoc.Server {
	tb.Helper()
	srv, err := edoc.NewServer(s, shell.Settings{MaxSessions: store.DefaultSessions})
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

// BenchmarkEdocRequest: every check of docs/behaviour.md §2.1, a new session and an SMS, each time.
func BenchmarkEdocRequest(b *testing.B) {
	t := serveLoopback(b, newEdoc(b, scenarios.Default()))
	parallel(b, t, 1, func() error {
		var ans struct {
			ID string `json:"backend_session_id"`
		}
		return t.post(requestPath, jsonHeaders, requestBody, &ans)
	})
}

// requestApprove is one whole exchange: open a session, then approve it with the pinned code.
func requestApprove(t *target, approveTail string) error {
	var ans struct {
		ID string `json:"backend_session_id"`
	}
	if err := t.post(requestPath, jsonHeaders, requestBody, &ans); err != nil {
		return err
	}
	body := []byte(`{"backend_session_id":"` + ans.ID + `","code":"` + fixedCode + `",` + approveTail + `}`)
	return t.post(approvePath, jsonHeaders, body, nil)
}

func benchApprove(b *testing.B, approveTail string) {
	t := serveLoopback(b, newEdoc(b, fixedOTPScenario()))
	if err := requestApprove(t, approveTail); err != nil { // warms the file cache
		b.Fatal(err)
	}
	parallel(b, t, 2, func() error { return requestApprove(t, approveTail) })
}

// BenchmarkEdocApprove: request + approve without files (face photo, QR code and barcode only).
func BenchmarkEdocApprove(b *testing.B) { benchApprove(b, `"file":false,"file_type":"pdf"`) }

// BenchmarkEdocApprovePDF: request + approve with the PDF, served from a warm cache.
func BenchmarkEdocApprovePDF(b *testing.B) { benchApprove(b, `"file":true,"file_type":"pdf"`) }

// BenchmarkEdocApproveImage: request + approve with the document image, from a warm cache.
func BenchmarkEdocApproveImage(b *testing.B) { benchApprove(b, `"file":true,"file_type":"image"`) }

// --- mock-egov ---

// gbdflBodies are lookup bodies for k IINs spread evenly over the generated people.
func gbdflBodies(tb testing.TB, s *scenarios.Scenario, k int) [][]byte {
	tb.Helper()
	pop, err := population.Build(s) // deterministic: the server builds the same people
	if err != nil {
		tb.Fatal(err)
	}
	gen := pop.People()[len(s.Citizens):]
	if len(gen) == 0 {
		tb.Fatal("no generated people: does internal/population generate yet?")
	}
	k = min(k, len(gen))
	bodies := make([][]byte, k)
	for i := range bodies {
		bodies[i] = []byte(`{"senderCode":"TEST_SENDER","iin":"` + gen[i*len(gen)/k].IIN + `"}`)
	}
	return bodies
}

func newEgov(tb testing.TB, s *scenarios.Scenario) *egov.Server {
	tb.Helper()
	srv, err := egov.NewServer(s, shell.Settings{})
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}

// BenchmarkEgovGBDFL: a GBDFL person lookup by IIN among -bench.people generated people.
func BenchmarkEgovGBDFL(b *testing.B) {
	s := populationScenario(b, *people)
	bodies := gbdflBodies(b, s, 4096)
	t := serveLoopback(b, newEgov(b, s))
	var next atomic.Uint64
	parallel(b, t, 1, func() error {
		return t.post(gbdflPath, egovHeaders, bodies[next.Add(1)%uint64(len(bodies))], nil)
	})
}

// --- in-process, without the network: the server's own cost and allocations ---

// handlerLoop calls h.ServeHTTP directly; allocs/op are the handler's alone (plus the recorder).
func handlerLoop(b *testing.B, h http.Handler, path string, hdr http.Header, body func() []byte) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body()))
			req.Header = hdr
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Errorf("POST %s: %d %s", path, w.Code, w.Body.Bytes())
				return
			}
		}
	})
}

func BenchmarkHandlerBare(b *testing.B) {
	handlerLoop(b, bare.Handler(), requestPath, jsonHeaders, func() []byte { return requestBody })
}

func BenchmarkHandlerEdocRequest(b *testing.B) {
	handlerLoop(b, newEdoc(b, scenarios.Default()), requestPath, jsonHeaders, func() []byte { return requestBody })
}

func BenchmarkHandlerEgovGBDFL(b *testing.B) {
	s := populationScenario(b, *people)
	bodies := gbdflBodies(b, s, 4096)
	var next atomic.Uint64
	handlerLoop(b, newEgov(b, s), gbdflPath, egovHeaders, func() []byte { return bodies[next.Add(1)%uint64(len(bodies))] })
}

// --- memory: sessions are bounded by -max-sessions ---

// createSessions opens n sessions through the handler from all cores and reports how many answers
// were not 200.
func createSessions(h http.Handler, n int) int64 {
	var failed atomic.Int64
	var left atomic.Int64
	left.Store(int64(n))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				req := httptest.NewRequest(http.MethodPost, requestPath, bytes.NewReader(requestBody))
				req.Header = jsonHeaders
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return failed.Load()
}

// heapMiB is the heap in use after a full collection.
func heapMiB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}

// BenchmarkEdocSessionsHeap creates -bench.sessions sessions (default 1 000 000) in one mock-edoc
// with the default -max-sessions cap (store.DefaultSessions = 100 000): the cap evicts the oldest,
// so the heap stays at what 100 000 sessions and the capped SMS outbox and journal hold. Run it once:
//
//	go test -run '^$' -bench EdocSessionsHeap -benchtime 1x ./bench/
func BenchmarkEdocSessionsHeap(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		base := heapMiB()
		srv := newEdoc(b, scenarios.Default())
		idle := heapMiB()
		b.StartTimer()
		if failed := createSessions(srv, *sessions); failed > 0 {
			b.Fatalf("%d of %d requests failed", failed, *sessions)
		}
		b.StopTimer()
		after := heapMiB()
		runtime.KeepAlive(srv)
		b.ReportMetric(idle-base, "idle-heap-MiB")
		b.ReportMetric(after, "heap-MiB")
		b.ReportMetric(after-base, "server-heap-MiB")
		b.ReportMetric(float64(*sessions), "sessions")
		b.StartTimer()
	}
}

// --- replicas on Redis (-store): one replica, two replicas, beside the in-memory server ---

// redisReplicas starts n mock-edoc (or mock-egov) replicas on one fresh redis-server, each with
// its own connections, and reports the Redis round trips of all of them.
func redisReplicas[S http.Handler](b *testing.B, n int, build func(shell.Settings) (S, error)) ([]*target, func() int64) {
	b.Helper()
	rs := redistest.Start(b)
	var shared []*redisstore.Shared
	var ts []*target
	for range n {
		sh, err := redisstore.Open(rs.URL(), "bench:", nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = sh.Close() })
		srv, err := build(shell.Settings{MaxSessions: store.DefaultSessions, Store: sh})
		if err != nil {
			b.Fatal(err)
		}
		shared = append(shared, sh)
		ts = append(ts, serveLoopback(b, srv))
	}
	return ts, func() int64 {
		var t int64
		for _, s := range shared {
			t += s.RoundTrips()
		}
		return t
	}
}

// spread runs op from -bench.conns clients, each call on the next replica in turn, and reports the
// Redis round trips per op.
func spread(b *testing.B, ts []*target, trips func() int64, reqPerOp int, op func(t *target) error) {
	var next atomic.Uint64
	for _, t := range ts { // a first call loads the world record and the scripts
		if err := op(t); err != nil {
			b.Fatal(err)
		}
	}
	before := trips()
	parallel(b, ts[0], reqPerOp, func() error { return op(ts[next.Add(1)%uint64(len(ts))]) })
	b.ReportMetric(float64(trips()-before)/float64(b.N), "redis-trips/op")
}

func edocOn(s *scenarios.Scenario) func(shell.Settings) (*edoc.Server, error) {
	return func(set shell.Settings) (*edoc.Server, error) { return edoc.NewServer(s, set) }
}

func requestOn(t *target) error {
	var ans struct {
		ID string `json:"backend_session_id"`
	}
	return t.post(requestPath, jsonHeaders, requestBody, &ans)
}

// BenchmarkRedisEdocRequest: BenchmarkEdocRequest with the world in Redis, one replica.
func BenchmarkRedisEdocRequest(b *testing.B) {
	ts, trips := redisReplicas(b, 1, edocOn(scenarios.Default()))
	spread(b, ts, trips, 1, requestOn)
}

// BenchmarkRedisEdocRequest2: the same over two replicas on one Redis, calls alternating.
func BenchmarkRedisEdocRequest2(b *testing.B) {
	ts, trips := redisReplicas(b, 2, edocOn(scenarios.Default()))
	spread(b, ts, trips, 1, requestOn)
}

// fixedOTPYAML is fixedOTPScenario as text: a world shared on Redis is its YAML.
func fixedOTPYAML(tb testing.TB) *scenarios.Scenario {
	tb.Helper()
	src := bytes.Replace(scenarios.Default().Source, []byte("otp: {length: 6,"), []byte(`otp: {fixed: "`+fixedCode+`",`), 1)
	s, err := scenarios.Parse("bench-fixed-otp.yaml", src)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkRedisEdocApprove2: BenchmarkEdocApprove over two replicas on Redis, the request on one
// and its approve on the other.
func BenchmarkRedisEdocApprove2(b *testing.B) {
	ts, trips := redisReplicas(b, 2, edocOn(fixedOTPYAML(b)))
	var next atomic.Uint64
	tail := `"file":false,"file_type":"pdf"`
	op := func(*target) error {
		i := next.Add(1)
		var ans struct {
			ID string `json:"backend_session_id"`
		}
		if err := ts[i%2].post(requestPath, jsonHeaders, requestBody, &ans); err != nil {
			return err
		}
		body := []byte(`{"backend_session_id":"` + ans.ID + `","code":"` + fixedCode + `",` + tail + `}`)
		return ts[(i+1)%2].post(approvePath, jsonHeaders, body, nil)
	}
	spread(b, ts, trips, 2, op)
}

// BenchmarkRedisEgovGBDFL: BenchmarkEgovGBDFL with the world in Redis, one replica (the lookup
// itself never touches Redis: the population is rebuilt locally from the scenario).
func BenchmarkRedisEgovGBDFL(b *testing.B) {
	s := populationScenario(b, *people)
	bodies := gbdflBodies(b, s, 4096)
	ts, trips := redisReplicas(b, 1, func(set shell.Settings) (*egov.Server, error) { return egov.NewServer(s, set) })
	var next atomic.Uint64
	spread(b, ts, trips, 1, func(t *target) error {
		return t.post(gbdflPath, egovHeaders, bodies[next.Add(1)%uint64(len(bodies))], nil)
	})
}
