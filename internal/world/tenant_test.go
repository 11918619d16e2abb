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
	if a2 == a {
		t.Fatal("an idle tenant came back with its old world")
	}
	if _, err := a.World().Store.Ticket(0, 1); err == nil {
		t.Fatal("a forgotten tenant's store was not retired")
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
