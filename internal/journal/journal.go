// Package journal is the request journal of one world: the last requests, newest last, bounded by
// the scenario's limits.journal.
package journal

import (
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/ring"
)

// Entry is one journaled request.
type Entry struct {
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Status     int       `json:"status"`
	DurationMS float64   `json:"duration_ms"`
	At         time.Time `json:"at"`
}

// DefaultCap bounds the journal when the scenario sets no limit.
const DefaultCap = 1000

// maxBytes bounds the journal by size as well: a path is at most the server's header limit.
const maxBytes = 16 << 20

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
	return &Memory{r: ring.New(n, maxBytes, func(e Entry) int { return 64 + len(e.Method) + len(e.Path) })}
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

// Cap is the most entries held.
func (j *Memory) Cap() int { return j.r.Cap() }

// Clear forgets every entry.
func (j *Memory) Clear() {
	j.mu.Lock()
	j.r.Clear()
	j.mu.Unlock()
}
