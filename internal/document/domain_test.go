package document

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/kz"
)

var ivanov = Holder{IIN: "900101300017", Surname: "ИВАНОВ", Name: "ИВАН", Patronymic: "ИВАНОВИЧ", BirthDate: "1990-01-01", Gender: "male"}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDomainIsDeterministic(t *testing.T) {
	for i := range Types {
		a := mustJSON(t, Build(ivanov, &Types[i], nil).ResultJSON())
		b := mustJSON(t, Build(ivanov, &Types[i], nil).ResultJSON())
		if a != b {
			t.Errorf("%s: two builds differ:\n%s\n%s", Types[i].Slug, a, b)
		}
	}
	other := ivanov
	other.IIN = "900101300027"
	a := mustJSON(t, Build(ivanov, &Types[1], nil).Domain)
	b := mustJSON(t, Build(other, &Types[1], nil).Domain)
	if a == b {
		t.Errorf("two citizens got the same driver licence domain: %s", a)
	}
}

func TestTwentyFourTypesGiveTwentyFourDocuments(t *testing.T) {
	seen := map[string]string{}
	numbers := map[string]string{}
	for i := range Types {
		d := Build(ivanov, &Types[i], nil)
		if len(d.Domain) == 0 {
			t.Errorf("%s: empty domain", d.Type.Slug)
		}
		if len(d.Fields()) == 0 {
			t.Errorf("%s: no display rows", d.Type.Slug)
		}
		dom := mustJSON(t, d.Domain)
		if prev, ok := seen[dom]; ok {
			t.Errorf("%s and %s share a domain: %s", prev, d.Type.Slug, dom)
		}
		seen[dom] = d.Type.Slug
		if prev, ok := numbers[d.Number]; ok {
			t.Errorf("%s and %s share number %s", prev, d.Type.Slug, d.Number)
		}
		numbers[d.Number] = d.Type.Slug
	}
	if len(seen) != 24 {
		t.Errorf("%d distinct domains, want 24", len(seen))
	}
}

func TestScenarioFieldsOverride(t *testing.T) {
	dl, _ := Lookup("driver_license")
	cats := []any{map[string]any{"category": "C", "issueDate": "2010-01-01", "expiryDate": "2030-01-01"}}
	d := Build(ivanov, dl, map[string]any{"number": "DL000000001", "categories": cats, "note": "x"})
	if d.Number != "DL000000001" {
		t.Errorf("number = %q", d.Number)
	}
	if !reflect.DeepEqual(d.Domain["categories"], cats) {
		t.Errorf("categories = %v, want the scenario's", d.Domain["categories"])
	}
	if d.Domain["note"] != "x" {
		t.Errorf("an unknown scenario field was dropped: %v", d.Domain)
	}
	if _, ok := d.Domain["firstIssued"]; !ok {
		t.Errorf("generated fields the scenario did not name must stay: %v", d.Domain)
	}
	rows := d.Fields()
	if last := rows[len(rows)-1]; last != [2]string{"note", "x"} {
		t.Errorf("a scenario's own key should be shown last under its name, got %v", last)
	}
}

func TestDomainShapes(t *testing.T) {
	get := func(slug string) map[string]any {
		ty, ok := Lookup(slug)
		if !ok {
			t.Fatalf("no type %s", slug)
		}
		return Build(ivanov, ty, nil).Domain
	}
	plate := regexp.MustCompile(`^\d{3}[A-Z]{3}\d{2}$`)
	for _, slug := range []string{"srts", "tech_passport"} {
		v := get(slug)["vehicle"].(map[string]any)
		if !validVIN(v["vin"].(string)) {
			t.Errorf("%s: invalid VIN %q", slug, v["vin"])
		}
		if !plate.MatchString(v["plate"].(string)) {
			t.Errorf("%s: plate %q is not like 123ABC02", slug, v["plate"])
		}
	}
	cats := get("driver_license")["categories"].([]any)
	if len(cats) == 0 || cats[0].(map[string]any)["category"] == nil {
		t.Errorf("driver_license categories = %v", cats)
	}
	bc := get("birth_certificate")
	father := bc["father"].(map[string]any)
	if !strings.HasPrefix(father["fullName"].(string), "ИВАНОВ ИВАН ") {
		t.Errorf("father %q should be named after the holder's surname and patronymic", father["fullName"])
	}
	if bc["mother"].(map[string]any)["fullName"].(string)[:len("ИВАНОВА")] != "ИВАНОВА" {
		t.Errorf("mother = %v", bc["mother"])
	}
	if get("identity_card")["placeOfBirth"] != bc["placeOfBirth"] {
		t.Errorf("one person, two places of birth")
	}
	at := get("attorney")
	if at["principal"].(map[string]any)["iin"] != ivanov.IIN {
		t.Errorf("attorney principal = %v", at["principal"])
	}
	if pcr := get("pcr_certificate")["records"].([]any)[0].(map[string]any); pcr["result"] != "negative" {
		t.Errorf("pcr = %v", pcr)
	}
	if g := get("disability_certificate")["group"].(int); g < 1 || g > 3 {
		t.Errorf("disability group %d", g)
	}
	if y := get("diploma")["graduationYear"].(int); y < 2000 || y > 2025 {
		t.Errorf("graduation year %d", y)
	}
	// Every person the domain names has a valid IIN.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if iin, ok := x["iin"].(string); ok {
				if !kz.ValidIIN(iin) {
					t.Errorf("invalid IIN %q in %v", iin, x)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, slug := range Slugs() {
		walk(get(slug))
	}
}

func TestDomainDatesAreDates(t *testing.T) {
	for i := range Types {
		d := Build(ivanov, &Types[i], nil)
		var walk func(k string, v any)
		walk = func(k string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for kk, e := range x {
					walk(kk, e)
				}
			case []any:
				for _, e := range x {
					walk(k, e)
				}
			case string:
				if strings.HasSuffix(k, "Date") || k == "date" || k == "validUntil" || k == "firstIssued" {
					if _, err := time.Parse(time.DateOnly, x); err != nil {
						t.Errorf("%s.%s = %q is not YYYY-MM-DD", d.Type.Slug, k, x)
					}
				}
			}
		}
		walk("", d.Domain)
	}
}

func TestOtherHolders(t *testing.T) {
	// A woman, a child and a Kazakh-style patronymic all build without surprises.
	for _, h := range []Holder{
		{IIN: "850515400012", Surname: "ИВАНОВА", Name: "МАРИЯ", Patronymic: "ПЕТРОВНА", BirthDate: "1985-05-15", Gender: "female"},
		{IIN: "150609600010", Surname: "ИВАНОВ", Name: "АЛИ", Patronymic: "ИВАНОВИЧ", BirthDate: "2015-06-09", Gender: "male"},
		{IIN: "920304300014", Surname: "СЕРИКБАЕВ", Name: "АРМАН", Patronymic: "ЕРЛАН ҰЛЫ", BirthDate: "1992-03-04", Gender: "male"},
	} {
		for i := range Types {
			d := Build(h, &Types[i], nil)
			if len(d.Fields()) == 0 {
				t.Errorf("%s/%s: no rows", h.IIN, d.Type.Slug)
			}
		}
		if h.Gender == "female" {
			sp := Build(h, &Types[3], nil).Domain["spouse"].(map[string]any)
			if !strings.HasPrefix(sp["fullName"].(string), "ИВАНОВ ") {
				t.Errorf("husband of ИВАНОВА = %v", sp["fullName"])
			}
		}
	}
	if got := fatherFromPatronymic("ЕРЛАН ҰЛЫ"); got != "ЕРЛАН" {
		t.Errorf("father of ЕРЛАН ҰЛЫ = %q", got)
	}
	if got := fatherFromPatronymic("СЕРГЕЕВНА"); got != "СЕРГЕЙ" {
		t.Errorf("father of СЕРГЕЕВНА = %q", got)
	}
}

func validVIN(v string) bool {
	if len(v) != 17 || strings.ContainsAny(v, "IOQ") {
		return false
	}
	weights := [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
		val, ok := vinValues[c]
		if !ok {
			val = int(c - '0')
		}
		sum += val * weights[i]
	}
	want := byte('0' + sum%11)
	if sum%11 == 10 {
		want = 'X'
	}
	return v[8] == want
}

// vinValues is the ISO 3779 transliteration table (I, O and Q are not used).
var vinValues = map[byte]int{
	'A': 1, 'B': 2, 'C': 3, 'D': 4, 'E': 5, 'F': 6, 'G': 7, 'H': 8,
	'J': 1, 'K': 2, 'L': 3, 'M': 4, 'N': 5, 'P': 7, 'R': 9,
	'S': 2, 'T': 3, 'U': 4, 'V': 5, 'W': 6, 'X': 7, 'Y': 8, 'Z': 9,
}
