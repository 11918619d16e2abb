package metrics

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/egovsim/egovsim/scenarios"
)

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		status                  int
		harness, hijacked, gone bool
		want                    Outcome
	}{
		{200, false, false, false, OK},
		{0, false, false, false, OK}, // nothing written: net/http answers 200
		{204, false, false, false, OK},
		{400, false, false, false, ClientError},
		{404, false, false, false, ClientError},
		{503, false, false, false, ServerError},
		{504, false, false, false, ServerError},
		{500, true, false, false, HarnessError},
		{503, true, false, false, HarnessError},
		{0, false, false, true, ClientGone},
		{200, false, false, true, OK}, // answered, then the client left: it got its answer
		{499, false, true, false, Transport},
		{200, false, true, false, Transport},
	} {
		if got := Classify(c.status, c.harness, c.hijacked, c.gone); got != c.want {
			t.Errorf("Classify(%d, harness %v, hijacked %v, gone %v) = %v, want %v", c.status, c.harness, c.hijacked, c.gone, got, c.want)
		}
	}
}

func TestFaultName(t *testing.T) {
	for _, c := range []struct {
		f    *scenarios.Fault
		want string
	}{
		{&scenarios.Fault{Error: "service_unavailable"}, "service_unavailable"},
		{&scenarios.Fault{Status: 502}, "status_502"},
		{&scenarios.Fault{Transport: scenarios.TransportReset}, "transport_reset"},
		{&scenarios.Fault{}, "delay"},
		{nil, ""},
	} {
		if got := FaultName(c.f); got != c.want {
			t.Errorf("FaultName(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
}

type noter struct {
	http.ResponseWriter
	got []string
}

func (n *noter) NoteFault(name string) { n.got = append(n.got, name) }

type wrapper struct{ http.ResponseWriter }

func (w wrapper) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func TestFaultFiredFindsTheNoterThroughWrappers(t *testing.T) {
	n := &noter{ResponseWriter: httptest.NewRecorder()}
	FaultFired(wrapper{wrapper{n}}, &scenarios.Fault{Status: 503})
	if len(n.got) != 1 || n.got[0] != "status_503" {
		t.Fatalf("noted %q", n.got)
	}
	FaultFired(httptest.NewRecorder(), &scenarios.Fault{Status: 503}) // no noter: nothing, no panic
	FaultFired(n, nil)
	if len(n.got) != 1 {
		t.Fatalf("a nil fault was noted: %q", n.got)
	}
}

func TestOperationsOutsideTheListCountAsOther(t *testing.T) {
	m := New(Options{Simulator: "edoc", Operations: []string{"request"}})
	m.Observe("/api/v1/900101300017", OK, 0)
	m.Observe("request", Outcome(200), 0) // out of range: counted, never a panic
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "egovsim_requests_total" {
			continue
		}
		for _, mm := range mf.GetMetric() {
			var op, out string
			for _, l := range mm.GetLabel() {
				switch l.GetName() {
				case "operation":
					op = l.GetValue()
				case "outcome":
					out = l.GetValue()
				}
			}
			seen[op+"/"+out] = mm.GetCounter().GetValue()
		}
	}
	if seen["other/ok"] != 1 || seen["request/harness_error"] != 1 {
		t.Errorf("counts: %v", seen)
	}
	if len(seen) != 2*int(numOutcomes) {
		t.Errorf("want every operation × outcome pre-initialised, got %d series", len(seen))
	}
}

// BenchmarkObserve is what the shell adds to every upstream call: one count and one latency.
func BenchmarkObserve(b *testing.B) {
	m := New(Options{Simulator: "egov", Operations: []string{"a", "b", "gbdflUniversalServiceSync", "c", "d", "e", "f", "g", "h", "i", "j"}})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Observe("gbdflUniversalServiceSync", OK, 150*time.Microsecond)
		}
	})
}
