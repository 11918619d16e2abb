// Package metrics is one simulator's Prometheus metrics, on a registry of its own so that tests
// and servers embedded side by side in one process never collide: upstream calls by operation and
// outcome, their latency, the faults played, what the default tenant's world holds, and the
// rendered-files cache. Every label takes its values from a fixed set: never a path, an IIN or a
// tenant name.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/egovsim/egovsim/scenarios"
)

// Namespace starts every metric name of the simulators.
const Namespace = "egovsim"

// Path is where a simulator serves its metrics.
const Path = "/metrics"

// Other is the operation of a call outside the simulator's fixed list (an unknown path or
// operation name).
const Other = "other"

// Outcome is how an upstream call ended, as the client saw it.
type Outcome uint8

// Outcomes, the values of the outcome label.
const (
	OK           Outcome = iota // a status below 400
	ClientError                 // 4xx: a documented refusal, a bad body, an unknown path
	ServerError                 // 5xx of the simulated upstream (a catalogue fault: 503, 504, 424...)
	HarnessError                // the simulator's own trouble (X-Egovsim-Harness-Error), whatever the status
	ClientGone                  // the client gave up before any answer was written (journalled as 499)
	Transport                   // a transport fault: the connection was taken over, reset, hung or cut
	numOutcomes
)

var outcomeNames = [numOutcomes]string{"ok", "client_error", "server_error", "harness_error", "client_gone", "transport"}

func (o Outcome) String() string {
	if o < numOutcomes {
		return outcomeNames[o]
	}
	return "unknown"
}

// Classify names the outcome of a call that ended with status. harness is whether the answer
// carried the harness-error header; hijacked whether the connection was taken over (a transport
// fault); gone whether the client left before anything was written.
func Classify(status int, harness, hijacked, gone bool) Outcome {
	switch {
	case hijacked:
		return Transport
	case status == 0 && gone:
		return ClientGone
	case harness:
		return HarnessError
	case status >= 500:
		return ServerError
	case status >= 400:
		return ClientError
	default:
		return OK
	}
}

// Held is what a world holds, read at scrape time.
type Held struct {
	Sessions, SMS, Payments int
}

// Holds says which of Held's counts a simulator exposes.
type Holds uint8

// The counts of Held.
const (
	HoldsSessions Holds = 1 << iota
	HoldsSMS
	HoldsPayments
)

// Options describe one simulator's metrics.
type Options struct {
	// Simulator is the value of the simulator label: "edoc" or "egov".
	Simulator string
	// Operations is the fixed list of operation names; any other name counts as Other.
	Operations []string
	// Held, when set, is read at every scrape; Holds picks the gauges exposed.
	Held  func() Held
	Holds Holds
	// Tenants, when set, is the number of named tenants held, read at every scrape.
	Tenants func() int
}

// Buckets of the latency histograms, in seconds: the simulators answer in well under a
// millisecond, and scenario delays reach seconds (the catalogue's 1 s and 3 s, hangs up to 2 min).
var Buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120}

// op holds the precomputed children of one operation, so a call costs no label lookup.
type op struct {
	calls   [numOutcomes]prometheus.Counter
	latency prometheus.Observer
}

// Metrics is one simulator's registry and the children its hot path uses.
type Metrics struct {
	Registry *prometheus.Registry
	reg      prometheus.Registerer // Registry with the simulator label
	ops      map[string]*op
	other    *op
	faults   *prometheus.CounterVec

	cacheOnce sync.Once
}

// New builds the metrics of one simulator on a new registry, with Go runtime and process metrics.
func New(o Options) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector())
	m := &Metrics{Registry: reg, reg: prometheus.WrapRegistererWith(prometheus.Labels{"simulator": o.Simulator}, reg),
		ops: make(map[string]*op, len(o.Operations))}
	calls := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "requests_total",
		Help: "Upstream calls answered, by operation and outcome (ok, client_error, server_error, harness_error, client_gone, transport)."},
		[]string{"operation", "outcome"})
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "request_duration_seconds",
		Help: "Time from receiving an upstream call to the end of its answer, scenario delays included, by operation.", Buckets: Buckets},
		[]string{"operation"})
	m.faults = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "faults_total",
		Help: "Scenario faults played, by fault: the named error, status_<code>, transport_<kind> or delay."},
		[]string{"fault"})
	m.reg.MustRegister(calls, latency, m.faults)
	children := func(name string) *op {
		c := &op{latency: latency.WithLabelValues(name)}
		for i := range c.calls {
			c.calls[i] = calls.WithLabelValues(name, outcomeNames[i])
		}
		return c
	}
	for _, name := range o.Operations {
		m.ops[name] = children(name)
	}
	m.other = children(Other)
	if o.Held != nil && o.Holds != 0 {
		m.reg.MustRegister(newHeldCollector(o.Held, o.Holds))
	}
	if o.Tenants != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: Namespace, Name: "tenants",
			Help: "Named tenants (/t/{tenant}/...) held."}, func() float64 { return float64(o.Tenants()) }))
	}
	return m
}

// Observe counts one upstream call of operation name (Other when not in the list).
func (m *Metrics) Observe(name string, o Outcome, d time.Duration) {
	c, ok := m.ops[name]
	if !ok {
		c = m.other
	}
	if o >= numOutcomes {
		o = HarnessError
	}
	c.calls[o].Inc()
	c.latency.Observe(d.Seconds())
}

// Fault counts one fault played; name is FaultName's.
func (m *Metrics) Fault(name string) { m.faults.WithLabelValues(name).Inc() }

// ArtifactCache exposes the rendered-files cache's hits and misses, read from stats at every
// scrape (egovsim_artifact_cache_hits_total, egovsim_artifact_cache_misses_total). Only the first
// call registers; later ones are ignored.
func (m *Metrics) ArtifactCache(stats func() (hits, misses uint64)) {
	m.cacheOnce.Do(func() {
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: Namespace, Name: "artifact_cache_hits_total",
				Help: "Rendered files (PDF, page image, photo, QR code, barcode) served from the cache."},
				func() float64 { h, _ := stats(); return float64(h) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: Namespace, Name: "artifact_cache_misses_total",
				Help: "Rendered files that had to be rendered."},
				func() float64 { _, mi := stats(); return float64(mi) }))
	})
}

// Handler serves the registry in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// heldCollector reads Held once per scrape for all its gauges.
type heldCollector struct {
	held                    func() Held
	holds                   Holds
	sessions, sms, payments *prometheus.Desc
}

func newHeldCollector(held func() Held, holds Holds) *heldCollector {
	return &heldCollector{held: held, holds: holds,
		sessions: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "sessions"), "Live E-Document sessions in the default tenant's world.", nil, nil),
		sms:      prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "sms_messages"), "SMS held in the default tenant's outbox.", nil, nil),
		payments: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "", "payments"), "Gateway payments held in the default tenant's world.", nil, nil),
	}
}

func (c *heldCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs() {
		ch <- d
	}
}

func (c *heldCollector) descs() []*prometheus.Desc {
	var ds []*prometheus.Desc
	if c.holds&HoldsSessions != 0 {
		ds = append(ds, c.sessions)
	}
	if c.holds&HoldsSMS != 0 {
		ds = append(ds, c.sms)
	}
	if c.holds&HoldsPayments != 0 {
		ds = append(ds, c.payments)
	}
	return ds
}

func (c *heldCollector) Collect(ch chan<- prometheus.Metric) {
	h := c.held()
	if c.holds&HoldsSessions != 0 {
		ch <- prometheus.MustNewConstMetric(c.sessions, prometheus.GaugeValue, float64(h.Sessions))
	}
	if c.holds&HoldsSMS != 0 {
		ch <- prometheus.MustNewConstMetric(c.sms, prometheus.GaugeValue, float64(h.SMS))
	}
	if c.holds&HoldsPayments != 0 {
		ch <- prometheus.MustNewConstMetric(c.payments, prometheus.GaugeValue, float64(h.Payments))
	}
}

// FaultName is the fault label of a scenario fault, from a bounded set: the named error of the
// upstream's table (service_unavailable, cmdb_not_found...), status_<code>, transport_<kind>
// (reset, hang, malformed, truncated), or delay for a fault that only slows the call down.
func FaultName(f *scenarios.Fault) string {
	switch {
	case f == nil:
		return ""
	case f.Error != "":
		return f.Error
	case f.Status != 0:
		return "status_" + strconv.Itoa(f.Status)
	case f.Transport != "":
		return "transport_" + f.Transport
	default:
		return "delay"
	}
}

// FaultNoter is a response writer that keeps the fault played on its call: the shell's. Its
// metrics count the fault and its request log names it when the call ends.
type FaultNoter interface {
	NoteFault(name string)
}

// FaultFired tells the call being answered through w that fault f fires for it. The fault engine
// calls it once per hit, before playing it; w is the writer the simulator was handed, or one
// wrapping it (reached through Unwrap). Outside the shell (no FaultNoter found) it does nothing.
func FaultFired(w http.ResponseWriter, f *scenarios.Fault) {
	if f == nil {
		return
	}
	for w != nil {
		if n, ok := w.(FaultNoter); ok {
			n.NoteFault(FaultName(f))
			return
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return
		}
		w = u.Unwrap()
	}
}
