package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func open(t *testing.T, m *Memory, id, code string) {
	t.Helper()
	if err := m.OpenSession(Session{ID: id, Code: code, ExpiresAt: t0.Add(5 * time.Minute)}, &SMS{To: "77010000001", Code: code, SessionID: id}, t0); err != nil {
		t.Fatal(err)
	}
}

func TestApproveStateMachine(t *testing.T) {
	m := NewMemory(Limits{})
	open(t, m, "a", "111111")
	if _, r, _ := m.BeginApprove("nope", "111111", t0, 3); r != NotRequested {
		t.Fatalf("unknown session: %v", r)
	}
	if _, r, _ := m.BeginApprove("a", "000000", t0, 3); r != WrongCode {
		t.Fatalf("wrong code: %v", r)
	}
	if _, r, _ := m.BeginApprove("a", "111111", t0, 3); r != OK {
		t.Fatalf("right code: %v", r)
	}
	if _, r, _ := m.BeginApprove("a", "111111", t0, 3); r != AlreadyRequested {
		t.Fatalf("while inflight: %v", r)
	}
	if err := m.FinishApprove("a", false); err != nil {
		t.Fatal(err)
	}
	if _, r, _ := m.BeginApprove("a", "111111", t0, 3); r != OK {
		t.Fatalf("back to open after a failed approve: %v", r)
	}
	_ = m.FinishApprove("a", true)
	if _, r, _ := m.BeginApprove("a", "111111", t0, 3); r != AlreadyReceived {
		t.Fatalf("after delivery: %v", r)
	}
	open(t, m, "b", "222222")
	if _, r, _ := m.BeginApprove("b", "222222", t0.Add(5*time.Minute), 3); r != Expired {
		t.Fatalf("at expiry: %v", r)
	}
	open(t, m, "c", "333333")
	for i := 0; i < 3; i++ {
		m.BeginApprove("c", "x", t0, 3)
	}
	if _, r, _ := m.BeginApprove("c", "333333", t0, 3); r != AlreadyRequested {
		t.Fatalf("locked after 3 wrong codes: %v", r)
	}
}

func TestOneConcurrentApproveWins(t *testing.T) {
	m := NewMemory(Limits{})
	open(t, m, "a", "1")
	var wg sync.WaitGroup
	wins := make(chan struct{}, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, r, _ := m.BeginApprove("a", "1", t0, 3); r == OK {
				wins <- struct{}{}
			}
		}()
	}
	wg.Wait()
	if len(wins) != 1 {
		t.Fatalf("%d approves began, want exactly 1", len(wins))
	}
}

func TestRetiredStoreRefusesEverything(t *testing.T) {
	m := NewMemory(Limits{})
	open(t, m, "a", "1")
	m.BeginApprove("a", "1", t0, 3)
	m.Retire()
	if err := m.FinishApprove("a", true); !errors.Is(err, ErrRetired) {
		t.Fatalf("finish after retire: %v", err)
	}
	if err := m.OpenSession(Session{ID: "b"}, nil, t0); !errors.Is(err, ErrRetired) {
		t.Fatalf("open after retire: %v", err)
	}
	if _, _, err := m.BeginApprove("a", "1", t0, 3); !errors.Is(err, ErrRetired) {
		t.Fatal("begin after retire")
	}
	if err := m.AddPayment(Payment{ID: "p"}); !errors.Is(err, ErrRetired) {
		t.Fatal("payment after retire")
	}
	if _, err := m.Ticket(0, 1); !errors.Is(err, ErrRetired) {
		t.Fatal("ticket after retire")
	}
}

func TestBounds(t *testing.T) {
	m := NewMemory(Limits{Sessions: 3, SMS: 2, Payments: 2})
	for i := 0; i < 5; i++ {
		open(t, m, fmt.Sprint(i), "1")
		_ = m.AddPayment(Payment{ID: fmt.Sprint(i), ServiceID: "s"})
	}
	st := m.Stats()
	if st.Sessions != 3 || st.SMS != 2 || st.Payments != 2 {
		t.Fatalf("stats %+v, want the caps 3/2/2", st)
	}
	if _, r, _ := m.BeginApprove("0", "1", t0, 3); r != NotRequested {
		t.Fatal("the oldest session was not evicted")
	}
	if _, ok, _ := m.Payment("4"); !ok {
		t.Fatal("the newest payment was evicted")
	}
	// Bytes: payments with 1 MiB service ids are bounded by size, not only by count.
	big := NewMemory(Limits{Payments: 1_000_000})
	id := make([]byte, 1<<20)
	for i := 0; i < 200; i++ {
		_ = big.AddPayment(Payment{ID: fmt.Sprint(i), ServiceID: string(id)})
	}
	if n := big.Stats().Payments; n > maxPaymentBytes/(1<<20) {
		t.Fatalf("%d payments of 1 MiB held, over the %d MiB bound", n, maxPaymentBytes>>20)
	}
	// Sessions long expired go before the cap is reached.
	e := NewMemory(Limits{Sessions: 100})
	open(t, e, "old", "1")
	_ = e.OpenSession(Session{ID: "new", ExpiresAt: t0.Add(3 * time.Hour)}, nil, t0.Add(2*time.Hour))
	if e.Stats().Sessions != 1 {
		t.Fatal("a session expired beyond the grace was kept")
	}
}

func TestTickets(t *testing.T) {
	m := NewMemory(Limits{})
	for i := 0; i < 3; i++ {
		ok, _ := m.Ticket(7, 2)
		if ok != (i < 2) {
			t.Fatalf("ticket %d: %v", i, ok)
		}
	}
}

func TestPaymentsNewestFirst(t *testing.T) {
	m := NewMemory(Limits{Payments: 3})
	for _, id := range []string{"a", "b", "c", "d"} {
		if err := m.AddPayment(Payment{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := m.Payments(0)
	if err != nil || len(got) != 3 || got[0].ID != "d" || got[2].ID != "b" {
		t.Fatalf("Payments(0) = %v, %v; want d c b", got, err)
	}
	if got, _ := m.Payments(1); len(got) != 1 || got[0].ID != "d" {
		t.Fatalf("Payments(1) = %v", got)
	}
	m.Retire()
	if _, err := m.Payments(0); err != ErrRetired {
		t.Fatalf("after Retire: %v", err)
	}
}
