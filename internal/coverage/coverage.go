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

// Adder is a Counts that can add many hits at once (Carry uses it when it can).
type Adder interface {
	Add(outcome string, n int64)
}

// Add counts n answers of outcome.
func (m *Memory) Add(outcome string, n int64) {
	m.mu.Lock()
	m.n[outcome] += n
	m.mu.Unlock()
}

// Carry adds from's counts to to's: coverage counts since the last reset, and a scenario change
// (a new world) is not one, so that a test run may switch scenarios and still be counted whole.
func Carry(from, to Counts) {
	if from == nil || to == nil {
		return
	}
	add, ok := to.(Adder)
	for name, n := range from.Counts() {
		if ok {
			add.Add(name, n)
			continue
		}
		for ; n > 0; n-- {
			to.Hit(name)
		}
	}
}
