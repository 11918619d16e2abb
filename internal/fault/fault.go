// Package fault matches a scenario's faults against requests and injects them: a delay, a named
// error, a raw status and body, or a transport failure (reset, hang, malformed, truncated).
package fault

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/metrics"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/scenarios"
)

// Request is what a fault's `when` can select on.
type Request struct {
	Service      string
	Operation    string
	IIN          string
	DocumentType string
	APIKey       string
	SOAP         bool // a SyncChannel call: faults with soap_fault fire on these only
}

// Tickets takes one of fault i's `times` tickets (the world's store keeps the counters).
type Tickets func(fault, times int) (bool, error)

// Engine holds one world's faults. Safe for concurrent use.
type Engine struct {
	faults  []scenarios.Fault
	tickets Tickets

	mu  sync.Mutex
	rnd *rand.Rand

	// HangCeiling bounds a `hang`: the connection is closed after it even if the client waits on.
	HangCeiling time.Duration
}

// DefaultHangCeiling keeps a hung connection from living forever.
const DefaultHangCeiling = 2 * time.Minute

// New returns an engine for the faults of one service; hangCeiling bounds `hang` (0: the default);
// tickets counts `times` (a world's store).
func New(faults []scenarios.Fault, service string, hangCeiling time.Duration, tickets Tickets) *Engine {
	if hangCeiling <= 0 {
		hangCeiling = DefaultHangCeiling
	}
	e := &Engine{HangCeiling: hangCeiling, tickets: tickets, rnd: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 42))}
	for _, f := range faults {
		if f.When.Service == service {
			e.faults = append(e.faults, f)
		}
	}
	return e
}

func (w *Request) matches(f *scenarios.When) bool {
	return (f.Operation == "" || f.Operation == w.Operation) &&
		(f.IIN == "" || f.IIN == w.IIN) &&
		(f.DocumentType == "" || f.DocumentType == w.DocumentType) &&
		(f.APIKey == "" || f.APIKey == w.APIKey)
}

// Hit is a fault that fires for one request, with the delay drawn for it.
type Hit struct {
	*scenarios.Fault
	Index int // the fault's place among its service's faults
	Delay time.Duration
}

// Match returns the first fault that fires for the request, or nil. A match uses up one of the
// fault's `times` whether or not its probability lets it fire; a fault that does not fire lets the
// next one try. The error is the store's (the world was retired, or a shared store failed).
func (e *Engine) Match(req Request) (*Hit, error) { return e.match(req, nil) }

// MatchFor is Match for the call answered through w: a fault its probability roll skips is noted
// on the call's journal entry as a reason.
func (e *Engine) MatchFor(w http.ResponseWriter, req Request) (*Hit, error) {
	return e.match(req, func(i int, f *scenarios.Fault) {
		journal.Reason(w, fmt.Sprintf("fault #%d (%s, %s) matched but its probability roll skipped it (probability %g)",
			i, describeWhen(&f.When), metrics.FaultName(f), *f.Probability))
	})
}

func (e *Engine) match(req Request, skipped func(int, *scenarios.Fault)) (*Hit, error) {
	for i := range e.faults {
		f := &e.faults[i]
		if !req.matches(&f.When) || (f.SOAPFault != "" && !req.SOAP) {
			continue
		}
		if f.Times > 0 {
			ok, err := e.tickets(i, f.Times)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		e.mu.Lock()
		fires := f.Probability == nil || e.rnd.Float64() < *f.Probability
		h := &Hit{Fault: f, Index: i, Delay: f.Delay.Min}
		if span := f.Delay.Max - f.Delay.Min; fires && span > 0 {
			h.Delay += time.Duration(e.rnd.Int64N(int64(span) + 1))
		}
		e.mu.Unlock()
		if fires {
			return h, nil
		}
		if skipped != nil {
			skipped(i, f)
		}
	}
	return nil, nil
}

// whenFields are the fields of a `when` beside its service, in the order they are described.
func whenFields(w *scenarios.When) [4][2]string {
	return [4][2]string{{"operation", w.Operation}, {"iin", w.IIN}, {"document_type", w.DocumentType}, {"api_key", w.APIKey}}
}

// When is a fault's `when` as the journal shows it: the fields it sets.
func When(w *scenarios.When) map[string]string {
	m := map[string]string{"service": w.Service}
	for _, kv := range whenFields(w) {
		if kv[1] != "" {
			m[kv[0]] = kv[1]
		}
	}
	return m
}

func describeWhen(w *scenarios.When) string {
	s := "when service=" + w.Service
	for _, kv := range whenFields(w) {
		if kv[1] != "" {
			s += " " + kv[0] + "=" + kv[1]
		}
	}
	return s
}

// Wait sleeps for the hit's delay, or until ctx ends (the client gave up).
func (h *Hit) Wait(ctx context.Context) error {
	if h == nil || h.Delay <= 0 {
		return nil
	}
	t := time.NewTimer(h.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Slow waits out a latency the scenario sets on every call of a service or operation (drawn in
// its range), extending the answer's write deadline by it. It fails only when the client gave up.
func (e *Engine) Slow(w http.ResponseWriter, r *http.Request, d scenarios.Delay) error {
	if d.IsZero() {
		return nil
	}
	h := &Hit{Delay: d.Min}
	if span := d.Max - d.Min; span > 0 {
		e.mu.Lock()
		h.Delay += time.Duration(e.rnd.Int64N(int64(span) + 1))
		e.mu.Unlock()
	}
	web.ExtendWrite(w, h.Delay)
	return h.Wait(r.Context())
}

// DelayOnly reports whether the hit only slows the request down, which then goes on normally.
func (h *Hit) DelayOnly() bool {
	return h.Error == "" && h.SOAPFault == "" && h.Status == 0 && h.Transport == ""
}

// Answer writes a fault's answer in a service's own error shape: a named error of the service's
// table (or a SyncChannel code of a soap_fault), or, when name is "", a bare status.
type Answer func(w http.ResponseWriter, name string, status int)

// Play performs a hit: its delay, then its answer (a named error or a bare status through answer,
// a status with the scenario's body as given, or a transport failure; where the connection cannot
// be taken over, a bare 502). It reports whether the request was answered: a delay-only hit, or
// none, lets it go on.
func (e *Engine) Play(w http.ResponseWriter, r *http.Request, h *Hit, answer Answer) bool {
	if h == nil {
		return false
	}
	metrics.FaultFired(w, h.Fault)
	does := metrics.FaultName(h.Fault)
	if h.Delay > 0 {
		does += " after " + h.Delay.String()
	}
	journal.Note(w, journal.Notes{Fault: &journal.Fault{Index: h.Index, When: When(&h.When), Does: does}})
	if h.Delay > 0 {
		web.ExtendWrite(w, h.Delay)
	}
	if err := h.Wait(r.Context()); err != nil {
		return true // the client gave up during the delay: nobody is left to answer
	}
	switch {
	case h.SOAPFault != "":
		answer(w, h.SOAPFault, 0)
	case h.Error != "":
		answer(w, h.Error, 0)
	case h.Status != 0 && h.Body != nil:
		web.JSON(w, h.Status, h.Body)
	case h.Status != 0:
		answer(w, "", h.Status)
	case h.Transport != "":
		if err := e.Transport(w, r, h.Transport); errors.Is(err, ErrNoHijack) {
			answer(w, "", http.StatusBadGateway)
		}
	default:
		return false
	}
	return true
}

// ErrNoHijack is returned when the server cannot take over the connection (HTTP/2).
var ErrNoHijack = errors.New("transport faults need an HTTP/1.1 connection")

// Transport performs a transport failure. `malformed` and `truncated` write what a broken upstream
// would; `reset` closes the connection at once; `hang` holds it until the client gives up or the
// ceiling passes, then closes it.
func (e *Engine) Transport(w http.ResponseWriter, r *http.Request, kind string) error {
	switch kind {
	case scenarios.TransportMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, err := w.Write([]byte(`{"detail": "partial`))
		return err
	case scenarios.TransportTruncated:
		body := []byte(`{"backend_session_id": "00000000-0000-4000-8000-000000000000", "detail": "this body is cut short"}`)
		conn, buf, err := hijack(w)
		if err != nil {
			return err
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n")
		_, _ = buf.Write(body[:len(body)/2])
		return buf.Flush()
	case scenarios.TransportReset:
		conn, _, err := hijack(w)
		if err != nil {
			return err
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // RST rather than FIN
		}
		return conn.Close()
	case scenarios.TransportHang:
		conn, _, err := hijack(w)
		if err != nil {
			return err
		}
		defer conn.Close()
		ceiling := time.NewTimer(e.HangCeiling)
		defer ceiling.Stop()
		// The client giving up shows as the connection closing: a read returns.
		closed := make(chan struct{})
		go func() {
			one := make([]byte, 1)
			for {
				_ = conn.SetReadDeadline(time.Now().Add(e.HangCeiling))
				if _, err := conn.Read(one); err != nil {
					close(closed)
					return
				}
			}
		}()
		select {
		case <-closed:
		case <-ceiling.C:
		case <-r.Context().Done():
		}
		return nil
	}
	return errors.New("unknown transport fault " + kind)
}

func hijack(w http.ResponseWriter) (net.Conn, interface {
	WriteString(string) (int, error)
	Write([]byte) (int, error)
	Flush() error
}, error) {
	h, ok := w.(http.Hijacker)
	if !ok {
		return nil, nil, ErrNoHijack
	}
	conn, buf, err := h.Hijack()
	if errors.Is(err, http.ErrNotSupported) || errors.Is(err, http.ErrHijacked) {
		return nil, nil, ErrNoHijack
	}
	if err != nil {
		return nil, nil, err
	}
	_ = conn.SetDeadline(time.Time{}) // the server's write deadline is for answers, not for a fault's own timing
	return conn, buf.Writer, nil
}
