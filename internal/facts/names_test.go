package facts

import (
	"testing"

	"github.com/egovsim/egovsim/internal/kz"
)

func TestSurnameForm(t *testing.T) {
	for _, c := range []struct {
		in   string
		g    kz.Gender
		want string
	}{
		{"ТОЛСТАЯ", kz.Male, "ТОЛСТОЙ"}, {"ТОЛСТОЙ", kz.Female, "ТОЛСТАЯ"}, {"ТОЛСТАЯ", kz.Female, "ТОЛСТАЯ"},
		{"ЗАВАДСКАЯ", kz.Male, "ЗАВАДСКИЙ"}, {"ИВАНОВА", kz.Male, "ИВАНОВ"}, {"ИВАНОВ", kz.Female, "ИВАНОВА"},
		{"ИЛЬИНА", kz.Male, "ИЛЬИН"}, {"КИМ", kz.Female, "КИМ"}, {"ШЕВЧЕНКО", kz.Male, "ШЕВЧЕНКО"},
		{"БЕЛАЯ", kz.Male, "БЕЛОЙ"}, {"СЕРІКБАЕВ", kz.Male, "СЕРІКБАЕВ"},
	} {
		if got := SurnameForm(c.in, c.g); got != c.want {
			t.Errorf("SurnameForm(%s, %s) = %s, want %s", c.in, c.g, got, c.want)
		}
	}
	// Every table surname round-trips.
	for _, e := range []*Ethnicity{&Kazakh, &Russian} {
		for _, s := range e.Surnames {
			if SurnameForm(s.Female, kz.Male) != s.Male || SurnameForm(s.Male, kz.Female) != s.Female {
				t.Errorf("%s/%s does not round-trip", s.Male, s.Female)
			}
		}
	}
}

func TestFatherName(t *testing.T) {
	for p, want := range map[string]string{
		"ИЛЬИНИЧНА": "ИЛЬЯ", "ЛЬВОВИЧ": "ЛЕВ", "ЕРЛАНҚЫЗЫ": "ЕРЛАН", "ЕРЛАН ҰЛЫ": "ЕРЛАН", "СЕРГЕЕВНА": "СЕРГЕЙ",
		"АБАЕВИЧ": "АБАЙ", "ЮРЬЕВНА": "ЮРИЙ", "": "",
	} {
		if got := FatherName(p); got != want {
			t.Errorf("FatherName(%q) = %q, want %q", p, got, want)
		}
	}
	if f := FatherOf("ИЛЬЯ"); f.Daughter != "ИЛЬИНИЧНА" {
		t.Errorf("ИЛЬЯ's daughter: %s", f.Daughter)
	}
	if f := FatherOf("ГЕННАДИЙ"); f.Son != "ГЕННАДЬЕВИЧ" {
		t.Errorf("ГЕННАДИЙ's son: %s", f.Son)
	}
}

func TestRegionsHaveDistrictsAndOffices(t *testing.T) {
	for i := range Regions {
		r := &Regions[i]
		if len(r.Districts) == 0 || len(r.Code) != 9 || r.NameKz == "" || r.City == "" || len(r.Plate) != 2 {
			t.Errorf("region %+v", r)
		}
	}
	if got := Regions[0].Place(); got != "Г. АСТАНА" {
		t.Errorf("Astana's place %q", got)
	}
	if got := Regions[3].Place(); got != "КАРАГАНДИНСКАЯ ОБЛАСТЬ, Г. КАРАГАНДА" {
		t.Errorf("Karaganda's place %q", got)
	}
}
