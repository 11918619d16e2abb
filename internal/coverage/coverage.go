// Package coverage counts, per world, how often each documented outcome of a simulator was answered,
// so a team can see which outcomes its client has been tested against.
package coverage

import "sync"

// Counts are a world's outcome counters: in memory (Memory) or in a store shared by replicas. Both
// methods are safe for concurrent use.
type Counts interface {
	// Hit counts one answer of outcome (a name from the simulator's outcome table).
	Hit(outcome string)
	// Counts returns the hit count of every outcome hit at least once.
	Counts() map[string]int64
}

// Memory is the in-process Counts.
type Memory struct {
	mu sync.Mutex
	n  map[string]int64
}

// NewMemory makes empty counters.
func NewMemory() *Memory { return &Memory{n: map[string]int64{}} }

// Hit counts one answer of outcome.
func (m *Memory) Hit(outcome string) {
	m.mu.Lock()
	m.n[outcome]++
	m.mu.Unlock()
}

// Counts returns a copy of the counters.
func (m *Memory) Counts() map[string]int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int64, len(m.n))
	for k, v := range m.n {
		out[k] = v
	}
	return out
}
