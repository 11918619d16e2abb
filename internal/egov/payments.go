package egov

import (
	"time"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// Payment statuses.
const (
	PaymentCreated = "CREATED"
	PaymentPaid    = "PAID"
	PaymentFailed  = "FAILED"
)

// payment is created CREATED and settles to the scenario's outcome once the world's clock passes
// createdAt + settleAfter. The transition is computed on read, so no timer runs and moving the clock
// settles it at once.
type payment = store.Payment

type paymentView struct {
	PaymentID string  `json:"paymentId"`
	Status    string  `json:"status"`
	Amount    float64 `json:"amount"`
	ServiceID string  `json:"serviceId"`
	IINOrBIN  string  `json:"iinOrBin"`
	CreatedAt string  `json:"createdAt"`
	PaidAt    *string `json:"paidAt"`
}

func view(p *payment, now time.Time) paymentView {
	v := paymentView{PaymentID: p.ID, Status: PaymentCreated, Amount: p.Amount, ServiceID: p.ServiceID, IINOrBIN: p.Payer, CreatedAt: stamp(p.CreatedAt)}
	if !now.Before(p.Settles) {
		v.Status = p.Outcome
		if p.Outcome == PaymentPaid {
			paid := stamp(p.Settles)
			v.PaidAt = &paid
		}
	}
	return v
}

// payments are a world's payments with the scenario's settlement terms.
type payments struct {
	st      store.Store
	settle  time.Duration
	outcome string
}

func paymentsOf(wd *world.World) payments {
	s := wd.Scen
	settle := s.Payments.SettleAfter.Duration
	if settle <= 0 {
		settle = scenarios.DefaultSettleAfter
	}
	outcome := PaymentPaid
	if s.Payments.Outcome == "failed" {
		outcome = PaymentFailed
	}
	return payments{st: wd.Store, settle: settle, outcome: outcome}
}

func (ps payments) create(amount float64, serviceID, payer string, now time.Time) (*payment, error) {
	p := &payment{ID: uuid.NewString(), Amount: amount, ServiceID: serviceID, Payer: payer,
		CreatedAt: now, Settles: now.Add(ps.settle), Outcome: ps.outcome}
	if err := ps.st.AddPayment(*p); err != nil {
		return nil, err
	}
	return p, nil
}

func (ps payments) get(id string) (*payment, bool, error) {
	p, ok, err := ps.st.Payment(id)
	return &p, ok, err
}
