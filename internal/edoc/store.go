package edoc

import (
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/population"
)

// Session states. A session moves open → inflight → delivered, or open → locked after too many
// wrong codes; an inflight approve that fails on a fault goes back to open.
type sessionState uint8

const (
	stateOpen sessionState = iota
	stateInflight
	stateDelivered
	stateLocked
)

type session struct {
	id        string
	person    *population.Person
	docType   string
	apiKey    string
	code      string // "" when the subject holds no such document: no SMS went out, no code is right
	expiresAt time.Time
	wrong     int
	state     sessionState
}

// expiredGrace keeps an expired session answering "OTP code has expired" for a while before it is
// forgotten (then: "You have not sent a request…").
const expiredGrace = time.Hour

// sessions is the bounded session store: a map for lookup and a FIFO ring of ids in creation order,
// so the oldest session is the one evicted when the cap is reached or its grace has passed.
type sessions struct {
	mu    sync.Mutex
	byID  map[string]*session
	order []*session // ring, creation order
	head  int        // index of the oldest
	n     int
}

func newSessions(capacity int) *sessions {
	return &sessions{byID: make(map[string]*session), order: make([]*session, capacity)}
}

// add stores a session, evicting the oldest ones that are long expired or beyond the cap.
func (s *sessions) add(x *session, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.n > 0 {
		old := s.order[s.head]
		if s.n < len(s.order) && now.Before(old.expiresAt.Add(expiredGrace)) {
			break
		}
		if s.byID[old.id] == old {
			delete(s.byID, old.id)
		}
		s.order[s.head] = nil
		s.head = (s.head + 1) % len(s.order)
		s.n--
	}
	s.order[(s.head+s.n)%len(s.order)] = x
	s.n++
	s.byID[x.id] = x
}

func (s *sessions) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}

// SMS is one message of the outbox.
type SMS struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	Text      string    `json:"text"`
	Code      string    `json:"code"`
	SessionID string    `json:"session_id"`
	SentAt    time.Time `json:"sent_at"`
}

// outbox keeps the last messages sent, bounded.
type outbox struct {
	mu   sync.Mutex
	ring []SMS
	next int
	full bool
}

func newOutbox(capacity int) *outbox { return &outbox{ring: make([]SMS, capacity)} }

func (o *outbox) add(m SMS) {
	o.mu.Lock()
	o.ring[o.next] = m
	o.next++
	if o.next == len(o.ring) {
		o.next, o.full = 0, true
	}
	o.mu.Unlock()
}

// to lists the messages to a phone ("" = all), oldest first.
func (o *outbox) to(phone string) []SMS {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := []SMS{}
	visit := func(ms []SMS) {
		for _, m := range ms {
			if phone == "" || m.To == phone {
				out = append(out, m)
			}
		}
	}
	if o.full {
		visit(o.ring[o.next:])
	}
	visit(o.ring[:o.next])
	return out
}
