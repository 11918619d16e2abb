package redisstore_test

import (
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/journal"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/store/redisstore"
	"github.com/egovsim/egovsim/internal/store/redisstore/redistest"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// world opens n stores of one world (as n replicas would) on a fresh record.
func world(t *testing.T, rs *redistest.Server, l store.Limits, n int) []store.Parts {
	t.Helper()
	var out []store.Parts
	var gen string
	for i := range n {
		sh, err := redisstore.Open(rs.URL(), "unit:", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = sh.Close() })
		if i == 0 {
			rec, err := sh.Load(t.Context(), "", "", []byte("name: x\n"))
			if err != nil {
				t.Fatal(err)
			}
			gen = rec.Gen
		}
		out = append(out, sh.World("", gen, l, 3, nil))
	}
	return out
}

// Every list is capped as in memory: the oldest sessions, messages and payments go first.
func TestCaps(t *testing.T) {
	rs := redistest.Start(t)
	p := world(t, rs, store.Limits{Sessions: 2, SMS: 2, Payments: 2}, 1)[0]
	st := p.Store
	for _, id := range []string{"a", "b", "c"} {
		s := store.Session{ID: id, Code: "1", ExpiresAt: t0.Add(5 * time.Minute)}
		if err := st.OpenSession(s, &store.SMS{To: "77010000001", Code: "1", SessionID: id}, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.AddPayment(store.Payment{ID: id, CreatedAt: t0, Settles: t0.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, r, _ := st.BeginApprove("a", "1", t0, 3); r != store.NotRequested {
		t.Fatalf("the oldest session beyond the cap: %v", r)
	}
	if _, r, _ := st.BeginApprove("c", "1", t0, 3); r != store.OK {
		t.Fatalf("the newest session: %v", r)
	}
	for _, phone := range []string{"", "77010000001"} {
		ms, err := st.Messages(phone, "")
		if err != nil || len(ms) != 2 || ms[0].SessionID != "b" || ms[1].SessionID != "c" {
			t.Fatalf("outbox (phone %q) beyond its cap: %v %v", phone, ms, err)
		}
	}
	if ms, _ := st.Messages("", "c"); len(ms) != 1 {
		t.Fatalf("by session: %v", ms)
	}
	ps, err := st.Payments(0)
	if err != nil || len(ps) != 2 || ps[0].ID != "c" || ps[1].ID != "b" {
		t.Fatalf("payments beyond their cap, newest first: %v %v", ps, err)
	}
	if _, ok, _ := st.Payment("a"); ok {
		t.Fatal("the oldest payment is still there")
	}
	if got := st.Stats(); got != (store.Stats{Sessions: 2, SMS: 2, Payments: 2}) {
		t.Fatalf("stats: %+v", got)
	}
	for i := range 5 {
		p.Journal.Add(journalEntry(i))
	}
	if es := p.Journal.Entries(); len(es) != 3 || es[0].Status != 2 || p.Journal.Len() != 3 {
		t.Fatalf("journal beyond its cap: %v", es)
	}
}

// A session past its expiry and the grace, on the simulated clock, is forgotten.
func TestGraceOnTheSimulatedClock(t *testing.T) {
	rs := redistest.Start(t)
	st := world(t, rs, store.Limits{}, 1)[0].Store
	if err := st.OpenSession(store.Session{ID: "a", Code: "1", ExpiresAt: t0.Add(5 * time.Minute)}, nil, t0); err != nil {
		t.Fatal(err)
	}
	if _, r, _ := st.BeginApprove("a", "1", t0.Add(10*time.Minute), 3); r != store.Expired {
		t.Fatalf("expired: %v", r)
	}
	if _, r, _ := st.BeginApprove("a", "1", t0.Add(5*time.Minute+store.ExpiredGrace), 3); r != store.NotRequested {
		t.Fatalf("past the grace: %v", r)
	}
}

// An inflight approve whose replica died holds the session until its lease ends, then it is
// approvable again.
func TestLeaseOfAnApproveWhoseReplicaDied(t *testing.T) {
	rs := redistest.Start(t)
	defer func(l time.Duration) { redisstore.Lease = l }(redisstore.Lease)
	redisstore.Lease = 300 * time.Millisecond
	ps := world(t, rs, store.Limits{}, 2)
	if err := ps[0].Store.OpenSession(store.Session{ID: "a", Code: "1", ExpiresAt: t0.Add(5 * time.Minute)}, nil, t0); err != nil {
		t.Fatal(err)
	}
	if _, r, _ := ps[0].Store.BeginApprove("a", "1", t0, 3); r != store.OK {
		t.Fatalf("begin: %v", r)
	}
	// Replica 0 dies here, before FinishApprove.
	if _, r, _ := ps[1].Store.BeginApprove("a", "1", t0, 3); r != store.AlreadyRequested {
		t.Fatalf("while the lease holds: %v", r)
	}
	time.Sleep(400 * time.Millisecond)
	if _, r, _ := ps[1].Store.BeginApprove("a", "1", t0, 3); r != store.OK {
		t.Fatalf("after the lease: %v", r)
	}
	if err := ps[1].Store.FinishApprove("a", true); err != nil {
		t.Fatal(err)
	}
}

// Coverage counts gather in a batch: Counts on the replica that counted has them at once, and
// another replica has them from then on.
func TestCoverageAcrossReplicas(t *testing.T) {
	rs := redistest.Start(t)
	ps := world(t, rs, store.Limits{}, 2)
	for range 5 {
		ps[0].Coverage.Hit("edoc.request.ok")
	}
	ps[1].Coverage.Hit("edoc.request.ok")
	ps[1].Coverage.Hit("edoc.approve.invalid_otp")
	if got := ps[0].Coverage.Counts(); got["edoc.request.ok"] < 5 {
		t.Fatalf("counts where they were counted: %v", got)
	}
	_ = ps[1].Coverage.Counts()
	if got := ps[0].Coverage.Counts(); got["edoc.request.ok"] != 6 || got["edoc.approve.invalid_otp"] != 1 {
		t.Fatalf("counts of both replicas: %v", got)
	}
}

func journalEntry(i int) journal.Entry { return journal.Entry{Method: "POST", Path: "/x", Status: i} }

// A connection's handshake (HELLO, CLIENT …), said inside the command that dialled it, is no round
// trip of its own: a call that happens to dial counts as one that does not.
func TestRoundTripsLeaveOutTheHandshake(t *testing.T) {
	rs := redistest.Start(t)
	sh, err := redisstore.Open(rs.URL(), "unit:", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sh.Close() })
	for want := int64(1); want <= 2; want++ {
		if err := sh.Ping(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := sh.RoundTrips(); got != want {
			t.Fatalf("after %d pings (the first dialled): %d round trips", want, got)
		}
	}
}
