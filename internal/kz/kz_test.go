package kz

import (
	"errors"
	"testing"
	"time"
)

func TestParseIIN(t *testing.T) {
	cases := []struct {
		in     string
		err    error
		gender Gender
		born   string
	}{
		{"900101300017", nil, Male, "1990-01-01"},
		{"900101300018", ErrCheck, "", ""},
		{"123456789012", ErrDate, "", ""},
		{"850515400306", nil, Female, "1985-05-15"}, // second weight pass
		{"850515400012", nil, Female, "1985-05-15"},
		{"150609600010", nil, Female, "2015-06-09"},
		{"900101700017", ErrCentury, "", ""},
		{"900101000017", ErrCentury, "", ""},
		{"900230300017", ErrDate, "", ""},
		{"000229500018", nil, Male, "2000-02-29"}, // leap day
		{"010229500018", ErrDate, "", ""},
		{"90010130001", ErrLength, "", ""},
		{"9001013000177", ErrLength, "", ""},
		{"90010130001a", ErrLength, "", ""},
		{"", ErrLength, "", ""},
	}
	for _, c := range cases {
		got, err := ParseIIN(c.in)
		if !errors.Is(err, c.err) {
			t.Errorf("ParseIIN(%q) error = %v, want %v", c.in, err, c.err)
			continue
		}
		if err == nil {
			if got.Gender != c.gender || got.BirthDate.Format(time.DateOnly) != c.born {
				t.Errorf("ParseIIN(%q) = %v %v, want %v %v", c.in, got.Gender, got.BirthDate, c.gender, c.born)
			}
		}
	}
}

func TestSecondPassAndUnissuedPrefix(t *testing.T) {
	if d, ok := CheckDigit("85051540030"); !ok || d != 6 {
		t.Fatalf("85051540030: got %d %v, want 6 via the second pass", d, ok)
	}
	if _, ok := CheckDigit("90010130080"); ok {
		t.Fatal("90010130080 must carry no check digit")
	}
	for d := '0'; d <= '9'; d++ {
		if _, err := ParseIIN("90010130080" + string(d)); !errors.Is(err, ErrUnissued) {
			t.Errorf("90010130080%c: %v, want ErrUnissued", d, err)
		}
	}
}

func TestCatalogueIINs(t *testing.T) {
	for _, s := range []string{"900101300017", "900101300027", "900101300037", "900101300047", "900101300057",
		"900101300067", "900101300077", "900101300087", "900101300097", "900101300106", "850515400012",
		"150609600010", "920304300014", "880712400019", "750220300011", "750220300021"} {
		if _, err := ParseIIN(s); err != nil {
			t.Errorf("catalogue IIN %s: %v", s, err)
		}
	}
}

func TestBIN(t *testing.T) {
	if err := ParseBIN("150140000012"); err != nil {
		t.Fatalf("150140000012: %v", err)
	}
	for in, want := range map[string]error{
		"150140000013": ErrCheck,
		"151340000012": ErrDate,
		"150170000012": ErrEntity,
		"150144000012": ErrEntity,
		"15014000001":  ErrLength,
	} {
		if err := ParseBIN(in); !errors.Is(err, want) {
			t.Errorf("ParseBIN(%q) = %v, want %v", in, err, want)
		}
	}
	if !ValidIINOrBIN("150140000012") || !ValidIINOrBIN("900101300017") || ValidIINOrBIN("900101300018") {
		t.Error("ValidIINOrBIN")
	}
}

func TestNormalizePhone(t *testing.T) {
	ok := map[string]string{
		"+77010000001":       "77010000001",
		"77010000001":        "77010000001",
		"87010000001":        "77010000001",
		"+7 (701) 000-00-01": "77010000001",
		"8 701 000 00 01":    "77010000001",
	}
	for in, want := range ok {
		got, err := NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "7701000000", "770100000011", "+87010000001", "77010000001+", "+7+7010000001",
		"67010000001", "7010000001", "+77010000001x", "17010000001", "+7(701)000-00-0"} {
		if got, err := NormalizePhone(in); err == nil {
			t.Errorf("NormalizePhone(%q) = %q, want an error", in, got)
		}
	}
}

func TestGenerateIIN(t *testing.T) {
	for _, g := range []Gender{Male, Female} {
		for _, born := range []time.Time{
			time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC),
			time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2015, 6, 9, 0, 0, 0, 0, time.UTC),
			time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC),
		} {
			for serial := 0; serial < 300; serial++ {
				s, err := GenerateIIN(born, g, serial)
				if err != nil {
					t.Fatal(err)
				}
				p, err := ParseIIN(s)
				if err != nil {
					t.Fatalf("generated %s: %v", s, err)
				}
				if p.Gender != g || !p.BirthDate.Equal(born) {
					t.Fatalf("generated %s decodes to %v %v, want %v %v", s, p.Gender, p.BirthDate, g, born)
				}
			}
		}
	}
	if _, err := GenerateIIN(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), Male, 0); err == nil {
		t.Error("2100 must be refused")
	}
}

func FuzzParsers(f *testing.F) {
	for _, s := range []string{"900101300017", "850515400306", "90010130080", "150140000012", "+7 (701) 000-00-01", "87010000001", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := ParseIIN(s); err == nil {
			if p.Number != s || !ValidIIN(s) {
				t.Fatalf("inconsistent IIN %q", s)
			}
			again, err := GenerateIIN(p.BirthDate, p.Gender, int(s[7]-'0')*1000+int(s[8]-'0')*100+int(s[9]-'0')*10+int(s[10]-'0'))
			if err != nil || again != s {
				t.Fatalf("GenerateIIN does not reproduce %q: %q %v", s, again, err)
			}
		}
		_ = ParseBIN(s)
		if n, err := NormalizePhone(s); err == nil {
			if len(n) != 11 || n[:2] != "77" {
				t.Fatalf("NormalizePhone(%q) = %q", s, n)
			}
			if again, err := NormalizePhone(n); err != nil || again != n {
				t.Fatalf("normal form not stable: %q", n)
			}
		}
	})
}
