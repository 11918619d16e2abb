package coverage

import (
	"encoding/xml"
	"strings"
	"testing"
)

var table = Table{{Name: "a", Group: "g1", About: "A"}, {Name: "b", Group: "g1"}, {Name: "c", Group: "g2"}}

func TestReportAndJUnit(t *testing.T) {
	m := NewMemory()
	m.Hit("a")
	m.Hit("a")
	m.Hit("outside") // not a row: not listed
	r := table.Report("edoc", "(default)", m)
	if r.Total != 3 || r.Covered != 1 || r.Share != 1.0/3 || r.Outcomes[0].Hits != 2 || r.Outcomes[2].Hits != 0 || len(r.Outcomes) != 3 {
		t.Fatalf("report: %+v", r)
	}
	var b strings.Builder
	if err := r.JUnit(&b); err != nil {
		t.Fatal(err)
	}
	var s junitSuites
	if err := xml.Unmarshal([]byte(b.String()), &s); err != nil {
		t.Fatalf("JUnit is not XML: %v\n%s", err, b.String())
	}
	if s.Tests != 3 || s.Failures != 2 || len(s.Suites) != 2 || s.Suites[0].Cases[0].Failure != nil || s.Suites[0].Cases[1].Failure == nil {
		t.Errorf("JUnit: %+v", s)
	}
}

type hitOnly struct{ m *Memory }

func (h hitOnly) Hit(o string)             { h.m.Hit(o) }
func (h hitOnly) Counts() map[string]int64 { return h.m.Counts() }

func TestCarry(t *testing.T) {
	from := NewMemory()
	from.Hit("a")
	from.Hit("a")
	to, plain := NewMemory(), hitOnly{NewMemory()}
	to.Hit("a")
	Carry(from, to)
	Carry(from, plain)
	if to.Counts()["a"] != 3 || plain.Counts()["a"] != 2 {
		t.Errorf("carry: %v %v", to.Counts(), plain.Counts())
	}
}
