package world

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/scenarios"
)

func newTenants(t *testing.T, max int, idle time.Duration) *Tenants {
	t.Helper()
	ts, err := NewTenants(&Builder{Service: scenarios.ServiceEdoc}, scenarios.Default(), max, idle)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestTenantNames(t *testing.T) {
	for _, ok := range []string{"a", "A.b_c-9", strings.Repeat("x", 64)} {
		if !ValidName(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", strings.Repeat("x", 65), "a/b", "a b", "ä", "%2F"} {
		if ValidName(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := newTenants(t, 0, 0).Get("a b"); !errors.Is(err, ErrBadName) {
		t.Fatalf("bad name: %v", err)
	}
}

func TestTenantsIsolatedAndShareThePopulation(t *testing.T) {
	ts := newTenants(t, 0, 0)
	a, _ := ts.Get("a")
	b, _ := ts.Get("b")
	if a.World() == b.World() || a.World().Store == b.World().Store || a.World().Clock == b.World().Clock {
		t.Fatal("tenants share a world")
	}
	if a.World().Pop != b.World().Pop || a.World().Pop != ts.Default().World().Pop {
		t.Fatal("worlds of one scenario built the population twice")
	}
	outage, _ := scenarios.LoadBundled("outage")
	if err := a.Activate(outage); err != nil {
		t.Fatal(err)
	}
	if b.World().Scen.Name != "default" || ts.Default().World().Scen.Name != "default" {
		t.Fatal("activation leaked across tenants")
	}
	_ = a.World().Clock.Advance(time.Hour)
	if b.World().Clock.Offset() != 0 {
		t.Fatal("clock leaked across tenants")
	}
	again, _ := ts.Get("a")
	if again != a || again.World().Scen.Name != "outage" {
		t.Fatal("the same name is not the same tenant")
	}
}

func TestTenantCapAndIdleExpiry(t *testing.T) {
	ts := newTenants(t, 2, time.Hour)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ts.now = func() time.Time { return now }
	a, _ := ts.Get("a")
	if _, err := ts.Get("b"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Get("c"); !errors.Is(err, ErrTooMany) {
		t.Fatalf("third tenant over a cap of 2: %v", err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := ts.Get("c"); err != nil {
		t.Fatalf("idle tenants were not forgotten: %v", err)
	}
	if ts.Len() != 1 {
		t.Fatalf("%d tenants held, want 1", ts.Len())
	}
	a2, _ := ts.Get("a")
	if a2 == a || a2.World() == a.World() {
		t.Fatal("a forgotten tenant came back with its old world")
	}
}

// A tenant idle past -tenant-idle but not yet swept comes back as the same tenant with a new world,
// so a call that still holds it (a long delay) is served again by the new world, not left in a
// retired one.
func TestIdleTenantComesBackFresh(t *testing.T) {
	ts := newTenants(t, 10, time.Hour)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ts.now = func() time.Time { return now }
	a, _ := ts.Get("a")
	old := a.World()
	_ = old.Clock.Advance(time.Hour)
	now = now.Add(30 * time.Second) // no sweep within a minute
	ts.lastSweep = now
	now = now.Add(2 * time.Hour)
	ts.lastSweep = now // keep the sweep away: the name is found idle
	again, _ := ts.Get("a")
	if again != a || a.World() == old || a.World().Clock.Offset() != 0 {
		t.Fatal("an idle tenant did not come back as itself with a fresh world")
	}
	if _, err := old.Store.Ticket(0, 1); err == nil {
		t.Fatal("the idle tenant's old world was not retired")
	}
}

// A reset racing scenario activations never brings the old scenario back after an activation
// answered success.
func TestResetNeverUndoesAnActivation(t *testing.T) {
	ts := newTenants(t, 0, 0)
	d := ts.Default()
	flaky, _ := scenarios.LoadBundled("flaky")
	for i := 0; i < 300; i++ {
		if err := d.Activate(scenarios.Default()); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { d.Reset(); close(done) }()
		if err := d.Activate(flaky); err != nil {
			t.Fatal(err)
		}
		<-done
		if got := d.World().Scen.Name; got != "flaky" {
			t.Fatalf("round %d: %s active after Activate(flaky) and a concurrent reset", i, got)
		}
	}
}

func TestResetRetiresTheOldWorld(t *testing.T) {
	ts := newTenants(t, 0, 0)
	d := ts.Default()
	old := d.World()
	d.Reset()
	if d.World() == old || d.World().Base != old.Base {
		t.Fatal("reset must build a new world on the same base")
	}
	if _, err := old.Store.Ticket(0, 1); err == nil {
		t.Fatal("the old world's store still answers")
	}
	bad := *scenarios.Default()
	bad.Citizens = append(bad.Citizens, bad.Citizens[0]) // the same IIN twice cannot build
	bad.Source = []byte("other")
	if err := d.Activate(&bad); err == nil {
		t.Fatal("a scenario whose population cannot build was activated")
	} else if d.World().Scen.Name != "default" {
		t.Fatal("a refused activation changed the world")
	}
}
