package egov

import (
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/scenarios"
)

// Payment statuses.
const (
	PaymentCreated = "CREATED"
	PaymentPaid    = "PAID"
	PaymentFailed  = "FAILED"
)

// payment is created CREATED and settles to the scenario's outcome once the simulator's clock passes
// createdAt + settleAfter. The transition is computed on read, so no timer runs and moving the clock
// settles it at once.
type payment struct {
	id        string
	amount    float64
	serviceID string
	payer     string
	createdAt time.Time
	settles   time.Time
	outcome   string // PAID or FAILED
}

type paymentView struct {
	PaymentID string  `json:"paymentId"`
	Status    string  `json:"status"`
	Amount    float64 `json:"amount"`
	ServiceID string  `json:"serviceId"`
	IINOrBIN  string  `json:"iinOrBin"`
	CreatedAt string  `json:"createdAt"`
	PaidAt    *string `json:"paidAt"`
}

func (p *payment) view(now time.Time) paymentView {
	v := paymentView{PaymentID: p.id, Status: PaymentCreated, Amount: p.amount, ServiceID: p.serviceID, IINOrBIN: p.payer, CreatedAt: stamp(p.createdAt)}
	if !now.Before(p.settles) {
		v.Status = p.outcome
		if p.outcome == PaymentPaid {
			paid := stamp(p.settles)
			v.PaidAt = &paid
		}
	}
	return v
}

// payments is the bounded store of one scenario activation: beyond its capacity the oldest payment
// is forgotten. Payments never change once created, so readers may keep one without the lock.
type payments struct {
	mu      sync.Mutex
	capa    int
	settle  time.Duration
	outcome string
	byID    map[string]*payment
	ring    []string // ids in creation order; once full, next is the oldest
	next    int
}

func newPayments(s *scenarios.Scenario) *payments {
	c := s.Limits.Payments
	if c <= 0 {
		c = DefaultPaymentsCap
	}
	settle := s.Payments.SettleAfter.Duration
	if settle <= 0 {
		settle = scenarios.DefaultSettleAfter
	}
	outcome := PaymentPaid
	if s.Payments.Outcome == "failed" {
		outcome = PaymentFailed
	}
	return &payments{capa: c, settle: settle, outcome: outcome, byID: map[string]*payment{}}
}

func (ps *payments) create(amount float64, serviceID, payer string, now time.Time) *payment {
	p := &payment{id: uuid.NewString(), amount: amount, serviceID: serviceID, payer: payer,
		createdAt: now, settles: now.Add(ps.settle), outcome: ps.outcome}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if len(ps.ring) < ps.capa {
		ps.ring = append(ps.ring, p.id)
	} else {
		delete(ps.byID, ps.ring[ps.next])
		ps.ring[ps.next] = p.id
		ps.next = (ps.next + 1) % ps.capa
	}
	ps.byID[p.id] = p
	return p
}

func (ps *payments) get(id string) (*payment, bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p, ok := ps.byID[id]
	return p, ok
}

func (ps *payments) len() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return len(ps.byID)
}
