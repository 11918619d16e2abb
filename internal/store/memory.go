package store

import (
	"sync"
	"time"

	"github.com/egovsim/egovsim/internal/ring"
)

// memory bounds in bytes beside the counts: every stored string is bounded by the request checks,
// and these keep a store's size predictable whatever the counts are set to.
const (
	maxSMSBytes     = 64 << 20
	maxPaymentBytes = 64 << 20
)

type sessionState uint8

const (
	stateOpen sessionState = iota
	stateInflight
	stateDelivered
	stateLocked
)

type memSession struct {
	Session
	wrong int
	state sessionState
}

// Memory is the in-process Store: one lock for every check-and-transition.
type Memory struct {
	mu      sync.Mutex
	retired bool

	sessions map[string]*memSession
	order    *ring.Ring[*memSession] // creation order: the oldest is evicted first

	sms *ring.Ring[SMS]

	payments map[string]*Payment
	payOrder *ring.Ring[*Payment]

	tickets map[int]int
}

// NewMemory returns an empty store bounded by l (zero fields: the defaults).
func NewMemory(l Limits) *Memory {
	l = l.OrDefaults()
	return &Memory{
		sessions: map[string]*memSession{},
		order:    ring.New[*memSession](l.Sessions, 0, nil),
		sms:      ring.New(l.SMS, maxSMSBytes, func(m SMS) int { return 96 + len(m.Text) + len(m.To) + len(m.Code) + len(m.SessionID) }),
		payments: map[string]*Payment{},
		payOrder: ring.New(l.Payments, maxPaymentBytes, func(p *Payment) int { return 128 + len(p.ID) + len(p.ServiceID) + len(p.Payer) }),
		tickets:  map[int]int{},
	}
}

var _ Store = (*Memory)(nil)

// OpenSession stores the session (evicting the oldest ones long expired or beyond the cap) and its
// message.
func (m *Memory) OpenSession(s Session, sms *SMS, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return ErrRetired
	}
	for {
		old, ok := m.order.Oldest()
		if !ok || now.Before(old.ExpiresAt.Add(ExpiredGrace)) {
			break
		}
		m.order.Pop()
		m.forget(old)
	}
	x := &memSession{Session: s}
	for _, old := range m.order.Push(x) {
		m.forget(old)
	}
	m.sessions[s.ID] = x
	if sms != nil {
		m.sms.Push(*sms)
	}
	return nil
}

func (m *Memory) forget(s *memSession) {
	if m.sessions[s.ID] == s {
		delete(m.sessions, s.ID)
	}
}

// BeginApprove is the approve's check and its transition, under one lock.
func (m *Memory) BeginApprove(id, code string, now time.Time, maxAttempts int) (Session, Refusal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return Session{}, OK, ErrRetired
	}
	s, ok := m.sessions[id]
	switch {
	case !ok:
		return Session{}, NotRequested, nil
	case s.state == stateDelivered:
		return s.Session, AlreadyReceived, nil
	case s.state == stateInflight || s.state == stateLocked:
		return s.Session, AlreadyRequested, nil
	case !now.Before(s.ExpiresAt):
		return s.Session, Expired, nil
	case s.Code == "" || code != s.Code:
		s.wrong++
		if s.wrong >= maxAttempts {
			s.state = stateLocked
		}
		return s.Session, WrongCode, nil
	}
	s.state = stateInflight
	return s.Session, OK, nil
}

// FinishApprove ends an inflight approve. A session forgotten meanwhile (evicted) reports
// ErrRetired too: the document must not be delivered for it.
func (m *Memory) FinishApprove(id string, delivered bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if m.retired || !ok {
		return ErrRetired
	}
	if delivered {
		s.state = stateDelivered
	} else {
		s.state = stateOpen
	}
	return nil
}

// Messages lists the outbox, filtered.
func (m *Memory) Messages(phone, sessionID string) ([]SMS, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []SMS{}
	if m.retired {
		return out, ErrRetired
	}
	m.sms.Each(func(x SMS) bool {
		if (phone == "" || x.To == phone) && (sessionID == "" || x.SessionID == sessionID) {
			out = append(out, x)
		}
		return true
	})
	return out, nil
}

// AddPayment stores a payment, forgetting the oldest beyond the bounds.
func (m *Memory) AddPayment(p Payment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return ErrRetired
	}
	x := &p
	for _, old := range m.payOrder.Push(x) {
		delete(m.payments, old.ID)
	}
	m.payments[p.ID] = x
	return nil
}

// Payment finds a payment.
func (m *Memory) Payment(id string) (Payment, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return Payment{}, false, ErrRetired
	}
	p, ok := m.payments[id]
	if !ok {
		return Payment{}, false, nil
	}
	return *p, true, nil
}

// Payments lists the newest payments first, at most n (n <= 0: all held).
func (m *Memory) Payments(n int) ([]Payment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return nil, ErrRetired
	}
	all := make([]Payment, 0, m.payOrder.Len())
	m.payOrder.Each(func(p *Payment) bool { all = append(all, *p); return true })
	out := make([]Payment, 0, len(all))
	for i := len(all) - 1; i >= 0 && (n <= 0 || len(out) < n); i-- {
		out = append(out, all[i])
	}
	return out, nil
}

// Ticket takes one of a fault's `times`.
func (m *Memory) Ticket(fault, times int) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.retired {
		return false, ErrRetired
	}
	if m.tickets[fault] >= times {
		return false, nil
	}
	m.tickets[fault]++
	return true, nil
}

// Stats counts what the store holds.
func (m *Memory) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return Stats{Sessions: len(m.sessions), SMS: m.sms.Len(), Payments: len(m.payments)}
}

// Retire ends the world and frees its memory.
func (m *Memory) Retire() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.retired = true
	m.sessions, m.payments, m.tickets = map[string]*memSession{}, map[string]*Payment{}, map[int]int{}
	m.order.Clear()
	m.sms.Clear()
	m.payOrder.Clear()
}
