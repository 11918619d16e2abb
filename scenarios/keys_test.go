package scenarios

import (
	"testing"
	"time"
)

func TestDialect(t *testing.T) {
	d := Default().Edoc.Dialect
	if d.Dates != "epoch_ms" || d.CMDBText != "CMDB" {
		t.Errorf("default dialect = %+v, want epoch_ms and CMDB filled in", d)
	}
	s, err := LoadBundled("dialects")
	if err != nil {
		t.Fatal(err)
	}
	if s.Edoc.Dialect.Dates == DefaultDates || s.Edoc.Dialect.CMDBText == DefaultCMDBText {
		t.Errorf("dialects scenario keeps a default: %+v", s.Edoc.Dialect)
	}
	if s.Description == "" {
		t.Error("dialects has no description for /__admin/scenarios")
	}
	listed := false
	for _, in := range Bundled() {
		listed = listed || in.Name == "dialects"
	}
	if !listed {
		t.Error("Bundled() does not list dialects")
	}
	for _, form := range DateForms() {
		if _, err := Parse("t.yaml", []byte(citizen+"edoc: {dialect: {dates: "+form+", cmdb_text: MCDB}}\n")); err != nil {
			t.Errorf("dates %s: %v", form, err)
		}
	}
	wantProblem(t, problems(t, citizen+"edoc:\n  dialect: {dates: epoch_sec}\n"), 7, `dialect.dates "epoch_sec": want epoch_ms, epoch_s, iso (did you mean "epoch_s"?)`)
	wantProblem(t, problems(t, citizen+"edoc:\n  dialect:\n    cmdb_text: cmdb\n"), 8, `dialect.cmdb_text "cmdb": want CMDB or MCDB`)
	wantProblem(t, problems(t, citizen+"edoc:\n  dialect: {date: iso}\n"), 7, `unknown key "date" (did you mean "dates"?)`)
}

func TestLatency(t *testing.T) {
	s, err := Parse("t.yaml", []byte(citizen+"latency: {edoc: 50ms..400ms, egov: 10ms, operations: {request: 5ms, gbdflUniversalServiceSync: 20ms..40ms}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		service, op string
		want        Delay
	}{
		{ServiceEdoc, "approve", Delay{50 * time.Millisecond, 400 * time.Millisecond}},
		{ServiceEdoc, "", Delay{50 * time.Millisecond, 400 * time.Millisecond}},
		{ServiceEdoc, "request", Delay{5 * time.Millisecond, 5 * time.Millisecond}},
		{ServiceEgov, "gbdflUniversalServiceSync", Delay{20 * time.Millisecond, 40 * time.Millisecond}},
		{ServiceEgov, "citsDebts", Delay{10 * time.Millisecond, 10 * time.Millisecond}},
		{ServiceEgov, "request", Delay{10 * time.Millisecond, 10 * time.Millisecond}}, // an E-Document operation
		{"mail", "request", Delay{}},
	} {
		if got := s.LatencyFor(c.service, c.op); got != c.want {
			t.Errorf("LatencyFor(%s, %s) = %v, want %v", c.service, c.op, got, c.want)
		}
	}
	if d := Default().LatencyFor(ServiceEdoc, "request"); !d.IsZero() {
		t.Errorf("default latency = %v, want none", d)
	}
	wantProblem(t, problems(t, citizen+"latency:\n  egov: 10m\n"), 7, "at most 5m")
	wantProblem(t, problems(t, citizen+"latency: {operations: {aprove: 1s}}\n"), 6, `(did you mean "approve"?)`)
	wantProblem(t, problems(t, citizen+"latency: {edcc: 1s}\n"), 6, `unknown key "edcc" (did you mean "edoc"?)`)
}

// The flaky scenario promises that every call takes 50ms..400ms: that is latency, not a delay
// that only comes with a fault.
func TestFlakyLatency(t *testing.T) {
	s, err := LoadBundled("flaky")
	if err != nil {
		t.Fatal(err)
	}
	want := Delay{50 * time.Millisecond, 400 * time.Millisecond}
	for _, c := range [][2]string{{ServiceEdoc, "request"}, {ServiceEdoc, "approve"}, {ServiceEgov, "citsDebts"}} {
		if got := s.LatencyFor(c[0], c[1]); got != want {
			t.Errorf("flaky LatencyFor(%s, %s) = %v, want %v", c[0], c[1], got, want)
		}
	}
	for _, f := range s.Faults {
		if !f.Delay.IsZero() {
			t.Errorf("fault %+v adds its own delay on top of the latency", f.When)
		}
	}
}
