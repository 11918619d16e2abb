package admin

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/clock"
	"github.com/egovsim/egovsim/internal/web"
)

// Entry is one journaled request.
type Entry struct {
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Status     int       `json:"status"`
	DurationMS float64   `json:"duration_ms"`
	At         time.Time `json:"at"`
}

// DefaultJournalCap bounds the journal when the scenario sets no limit.
const DefaultJournalCap = 1000

// Journal is a ring of the last requests, newest last. Safe for concurrent use.
type Journal struct {
	mu   sync.Mutex
	buf  []Entry
	next int
	full bool
}

// NewJournal keeps at most n entries.
func NewJournal(n int) *Journal {
	if n <= 0 {
		n = DefaultJournalCap
	}
	return &Journal{buf: make([]Entry, n)}
}

// Add records an entry, dropping the oldest when full.
func (j *Journal) Add(e Entry) {
	j.mu.Lock()
	j.buf[j.next] = e
	j.next++
	if j.next == len(j.buf) {
		j.next, j.full = 0, true
	}
	j.mu.Unlock()
}

// Entries returns the journal, oldest first.
func (j *Journal) Entries() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.full {
		return append([]Entry{}, j.buf[:j.next]...)
	}
	out := make([]Entry, 0, len(j.buf))
	out = append(out, j.buf[j.next:]...)
	return append(out, j.buf[:j.next]...)
}

// Len is the number of entries held.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.full {
		return len(j.buf)
	}
	return j.next
}

// Cap is the most entries held.
func (j *Journal) Cap() int { return len(j.buf) }

// Clear forgets every entry.
func (j *Journal) Clear() {
	j.mu.Lock()
	j.next, j.full = 0, false
	clear(j.buf)
	j.mu.Unlock()
}

// Middleware journals every request outside /__admin/, timed on the real clock and stamped with
// the simulator's.
func (j *Journal) Middleware(c *clock.Clock, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, Prefix) {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		rec := &web.Recorder{ResponseWriter: w}
		defer func() {
			status := rec.Status
			if status == 0 {
				status = http.StatusOK
				if r.Context().Err() != nil {
					status = 499 // the client gave up before an answer was written
				}
			}
			j.Add(Entry{Method: r.Method, Path: r.URL.Path, Status: status,
				DurationMS: float64(time.Since(start).Microseconds()) / 1000, At: c.Now().UTC()})
		}()
		next.ServeHTTP(rec, r)
	})
}
