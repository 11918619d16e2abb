// Package store holds the mutable part of a world (sessions, the SMS outbox, payments, fault
// counters) behind one interface, with each check-and-transition as one method, so that a store
// shared between replicas can make the same decisions atomically. Memory is the in-process store.
package store

import (
	"errors"
	"time"
)

// ErrRetired is returned once the store's world has been reset or replaced: the caller serves the
// request again against the world now active, so no request is ever half in the old one.
var ErrRetired = errors.New("store: the world was reset or replaced")

// Retries bounds how often one call is served again after ErrRetired (each time by the world then
// active); past it the call answers a harness error.
const Retries = 3

// Session is an E-Document access session. A session moves open → inflight → delivered, or
// open → locked after too many wrong codes; an inflight approve that does not deliver goes back to
// open.
type Session struct {
	ID        string
	IIN       string
	DocType   string
	APIKey    string
	Code      string // "" when the subject holds no such document: no SMS went out, no code is right
	ExpiresAt time.Time
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

// Payment is a gateway payment; its status is computed from the clock on read.
type Payment struct {
	ID        string
	Amount    float64
	ServiceID string
	Payer     string
	CreatedAt time.Time
	Settles   time.Time
	Outcome   string // PAID or FAILED, once the clock passes Settles
}

// Refusal is why BeginApprove did not start an approve, in the documented order.
type Refusal uint8

// Refusals, in the order docs/behaviour.md §2.2 checks them.
const (
	OK               Refusal = iota
	NotRequested             // no such session
	AlreadyReceived          // delivered
	AlreadyRequested         // inflight, or locked after too many wrong codes
	Expired                  // past its ExpiresAt
	WrongCode                // counted towards the lock
)

// Limits bound a store; zero fields take the package defaults.
type Limits struct {
	Sessions int
	SMS      int
	Payments int
}

// OrDefaults is l with every zero (or negative) field set to its package default.
func (l Limits) OrDefaults() Limits {
	if l.Sessions <= 0 {
		l.Sessions = DefaultSessions
	}
	if l.SMS <= 0 {
		l.SMS = DefaultSMS
	}
	if l.Payments <= 0 {
		l.Payments = DefaultPayments
	}
	return l
}

// Defaults for a world whose scenario and process set no limit.
const (
	DefaultSessions = 100_000
	DefaultSMS      = 10_000
	DefaultPayments = 100_000
	// ExpiredGrace keeps an expired session answering "OTP code has expired" for a while before it
	// is forgotten (then: "You have not sent a request…").
	ExpiredGrace = time.Hour
)

// Stats counts what a store holds.
type Stats struct {
	Sessions, SMS, Payments int
}

// Store is the mutable part of one world. Every method is safe for concurrent use and, after
// Retire, fails with ErrRetired (reads answer empty).
type Store interface {
	// OpenSession stores a new session and, when sms is not nil, its message, together.
	OpenSession(s Session, sms *SMS, now time.Time) error
	// BeginApprove checks an approve of session id with code and, when it may go on, marks the
	// session inflight; a wrong code counts, and the maxAttempts-th locks the session.
	BeginApprove(id, code string, now time.Time, maxAttempts int) (Session, Refusal, error)
	// FinishApprove ends an inflight approve: delivered, or back to open so the same code may be
	// tried again (an upstream fault, a harness error).
	FinishApprove(id string, delivered bool) error
	// Messages lists the SMS to a phone in normal form ("" = all), oldest first; sessionID ""
	// means any session.
	Messages(phone, sessionID string) ([]SMS, error)
	// AddPayment stores a payment.
	AddPayment(p Payment) error
	// Payment finds a payment.
	Payment(id string) (Payment, bool, error)
	// Payments lists the newest payments first, at most n (n <= 0: all held).
	Payments(n int) ([]Payment, error)
	// Ticket takes one of fault i's `times` tickets, reporting whether one was left.
	Ticket(fault, times int) (bool, error)
	// Stats counts what the store holds.
	Stats() Stats
	// Retire ends the store's world: every later call fails with ErrRetired.
	Retire()
}
