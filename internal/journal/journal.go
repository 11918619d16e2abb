// Package journal is the request journal of one world: the last requests, newest last, bounded by
// the scenario's limits.journal and by bytes. Each entry says what the call was (tenant, operation,
// subject, bodies), what it got (status, outcome, the fault that fired) and, where the simulated
// upstream says little, why (Reason).
package journal

import (
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/ring"
)

// Entry is one journaled request. The fields after At are the simulator's notes: empty when the
// simulator had nothing to say (a path it does not serve, a body it could not read).
type Entry struct {
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Status     int       `json:"status"`
	DurationMS float64   `json:"duration_ms"`
	At         time.Time `json:"at"`

	// Tenant is the tenant's name; "" is the default tenant.
	Tenant    string `json:"tenant,omitempty"`
	Operation string `json:"operation,omitempty"`
	// Subject is who or what the call was about, as sent.
	Subject *Subject `json:"subject,omitempty"`
	// Session is the E-Document session the call opened or approved.
	Session string `json:"session,omitempty"`
	// Outcome names a row of the simulator's outcome table (GET /__admin/coverage), or a harness
	// or transport outcome outside it.
	Outcome string `json:"outcome,omitempty"`
	// Reason says why an answer that tells little was what it was; the answer itself is the
	// upstream's, unchanged.
	Reason string `json:"reason,omitempty"`
	// Fault is the scenario fault that fired.
	Fault *Fault `json:"fault,omitempty"`
	// Transport names the transport fault that broke the connection or the body (reset, hang,
	// malformed, truncated); Status is then 0 when no status reached the client.
	Transport string `json:"transport,omitempty"`
	// Request and Response are the bodies, each at most BodyCap bytes, base64 files replaced by
	// their type and size.
	Request  string `json:"request,omitempty"`
	Response string `json:"response,omitempty"`
}

// Subject is what a call names: a person or entity, a document type, a phone (as sent).
type Subject struct {
	IIN          string `json:"iin,omitempty"`
	DocumentType string `json:"document_type,omitempty"`
	Phone        string `json:"phone,omitempty"`
}

// Fault is the scenario fault that fired for a call: its index among the service's faults, its
// `when` and what it does.
type Fault struct {
	Index int               `json:"index"`
	When  map[string]string `json:"when"`
	Does  string            `json:"does"`
}

// DefaultCap bounds the journal when the scenario sets no limit.
const DefaultCap = 1000

// maxBytes bounds the journal by size as well: a path is at most the server's header limit, each
// body at most BodyCap.
const maxBytes = 16 << 20

// Size is what an entry counts towards the journal's byte bound.
func Size(e Entry) int {
	n := 128 + len(e.Method) + len(e.Path) + len(e.Tenant) + len(e.Operation) + len(e.Session) + len(e.Outcome) +
		len(e.Reason) + len(e.Transport) + len(e.Request) + len(e.Response)
	if e.Subject != nil {
		n += 48 + len(e.Subject.IIN) + len(e.Subject.DocumentType) + len(e.Subject.Phone)
	}
	if e.Fault != nil {
		n += 48 + len(e.Fault.Does)
		for k, v := range e.Fault.When {
			n += 16 + len(k) + len(v)
		}
	}
	return n
}

// Log is a world's journal: in memory (Memory) or in a store shared by replicas. Every method is
// safe for concurrent use; Add never blocks the answer for long and never fails the call (a store
// that cannot record logs why).
type Log interface {
	// Add records an entry, dropping the oldest beyond the cap.
	Add(e Entry)
	// Entries returns the journal, oldest first.
	Entries() []Entry
	// Len is the number of entries held.
	Len() int
	// Cap is the most entries held.
	Cap() int
	// Clear forgets every entry.
	Clear()
}

// Memory is the in-process Log.
type Memory struct {
	mu sync.Mutex
	r  *ring.Ring[Entry]
}

// New keeps at most n entries (n <= 0: DefaultCap).
func New(n int) *Memory {
	if n <= 0 {
		n = DefaultCap
	}
	return &Memory{r: ring.New(n, maxBytes, Size)}
}

// Add records an entry, dropping the oldest beyond the cap.
func (j *Memory) Add(e Entry) {
	j.mu.Lock()
	j.r.Push(e)
	j.mu.Unlock()
}

// Entries returns the journal, oldest first.
func (j *Memory) Entries() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, 0, j.r.Len())
	j.r.Each(func(e Entry) bool { out = append(out, e); return true })
	return out
}

// Len is the number of entries held.
func (j *Memory) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.r.Len()
}

// Bytes is the size of the entries held, as Size counts it.
func (j *Memory) Bytes() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.r.Bytes()
}

// MaxBytes is the byte bound of a Memory journal.
const MaxBytes = maxBytes

// Cap is the most entries held.
func (j *Memory) Cap() int { return j.r.Cap() }

// Clear forgets every entry.
func (j *Memory) Clear() {
	j.mu.Lock()
	j.r.Clear()
	j.mu.Unlock()
}
