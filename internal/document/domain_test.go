package document

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
)

var ivanov = Holder{IIN: "900101300017", Surname: "ИВАНОВ", Name: "ИВАН", Patronymic: "ИВАНОВИЧ", BirthDate: "1990-01-01", Gender: kz.Male}

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
		a, err := Build(ivanov, &Types[i], nil).AppendResultJSON(nil, EpochMS, nil)
		if err != nil {
			t.Fatalf("%s: %v", Types[i].Slug, err)
		}
		b, _ := Build(ivanov, &Types[i], nil).AppendResultJSON(nil, EpochMS, nil)
		if string(a) != string(b) {
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
		if d.Domain == nil {
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
	d := Build(ivanov, dl, map[string]any{"number": "DL000000001", "categories": cats, "note": "x", "restrictions": 7})
	if d.Number != "DL000000001" {
		t.Errorf("number = %q", d.Number)
	}
	got := d.Domain.(*DriverLicense)
	if len(got.Categories) != 1 || got.Categories[0].Category != "C" || got.Categories[0].IssueDate.String() != "2010-01-01" {
		t.Errorf("categories = %+v, want the scenario's", got.Categories)
	}
	if got.FirstIssued.IsZero() {
		t.Errorf("generated fields the scenario did not name must stay: %+v", got)
	}
	dom := domainOf(t, d, EpochMS)
	if dom["note"] != "x" {
		t.Errorf("an unknown scenario field was dropped: %v", dom)
	}
	if dom["restrictions"] != float64(7) {
		t.Errorf("a scenario value of another shape must be shown as given: %v", dom["restrictions"])
	}
	c := dom["categories"].([]any)[0].(map[string]any)
	if c["issueDate"] != float64(time.Date(2010, 1, 1, 0, 0, 0, 0, Zone).UnixMilli()) {
		t.Errorf("a scenario's date is written in the answer's form too: %v", c["issueDate"])
	}
	rows := d.Fields()
	if last := rows[len(rows)-1]; last != [2]string{"note", "x"} {
		t.Errorf("a scenario's own key should be shown last under its name, got %v", last)
	}
}

// resultOf encodes result_json and decodes it generically, as an integrator would.
func resultOf(t *testing.T, d *Document, form DateForm) map[string]any {
	t.Helper()
	b, err := d.AppendResultJSON(nil, form, []byte("AAAA"))
	if err != nil {
		t.Fatalf("%s: %v", d.Type.Slug, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: result_json is not JSON: %v\n%s", d.Type.Slug, err, b)
	}
	return m
}

func domainOf(t *testing.T, d *Document, form DateForm) map[string]any {
	t.Helper()
	return resultOf(t, d, form)["domain"].(map[string]any)
}

func TestDomainShapes(t *testing.T) {
	get := func(slug string) map[string]any {
		ty, ok := Lookup(slug)
		if !ok {
			t.Fatalf("no type %s", slug)
		}
		return domainOf(t, Build(ivanov, ty, nil), ISO)
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
	if !strings.HasPrefix(bc["mother"].(map[string]any)["fullName"].(string), "ИВАНОВА ") {
		t.Errorf("mother = %v", bc["mother"])
	}
	id := get("identity_card")
	if id["placeOfBirth"] != bc["placeOfBirth"] {
		t.Errorf("one person, two places of birth")
	}
	if id["address"] != get("srts")["ownerAddress"] || id["address"] == "" {
		t.Errorf("one person, two addresses: %v / %v", id["address"], get("srts")["ownerAddress"])
	}
	at := get("attorney")
	if at["principal"].(map[string]any)["iin"] != ivanov.IIN {
		t.Errorf("attorney principal = %v", at["principal"])
	}
	if pcr := get("pcr_certificate")["records"].([]any)[0].(map[string]any); pcr["result"] != "negative" {
		t.Errorf("pcr = %v", pcr)
	}
	if g := get("disability_certificate")["group"].(float64); g < 1 || g > 3 {
		t.Errorf("disability group %v", g)
	}
	if y := get("diploma")["graduationYear"].(float64); y < 2000 || y > 2025 {
		t.Errorf("graduation year %v", y)
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

// isDateKey names the keys that carry a calendar date (not a year, not a count).
func isDateKey(k string) bool {
	return strings.HasSuffix(k, "Date") || k == "date" || k == "validUntil" || k == "firstIssued" ||
		k == "birthday" || k == "periodFrom" || k == "periodTo"
}

// TestEveryDateInTheForm walks every type's result_json in each form: in epoch_ms every date,
// nested ones included, is an integer of milliseconds at local midnight UTC+06:00; in epoch_s the
// same in seconds; in iso a YYYY-MM-DD string. A missing date is null.
func TestEveryDateInTheForm(t *testing.T) {
	for _, form := range DateForms {
		for i := range Types {
			d := Build(ivanov, &Types[i], nil)
			dates := 0
			var walk func(path, k string, v any)
			walk = func(path, k string, v any) {
				switch x := v.(type) {
				case map[string]any:
					for kk, e := range x {
						walk(path+"."+kk, kk, e)
					}
					return
				case []any:
					for _, e := range x {
						walk(path+"[]", k, e)
					}
					return
				}
				if !isDateKey(k) {
					return
				}
				if v == nil {
					if k != "docExpirationDate" {
						t.Errorf("%s %s: %s is null", form, d.Type.Slug, path)
					}
					return
				}
				dates++
				switch form {
				case ISO:
					if s, ok := v.(string); !ok || !validISO(s) {
						t.Errorf("%s %s: %s = %v is not YYYY-MM-DD", form, d.Type.Slug, path, v)
					}
				default:
					n, ok := v.(float64)
					unit := int64(1000)
					if form == EpochS {
						unit = 1
					}
					if !ok || n != float64(int64(n)) {
						t.Errorf("%s %s: %s = %v is not an integer", form, d.Type.Slug, path, v)
						return
					}
					at := time.Unix(int64(n)/unit, 0).In(Zone)
					if int64(n)%unit != 0 || at.Hour() != 0 || at.Minute() != 0 || at.Year() < 1900 || at.Year() > 2040 {
						t.Errorf("%s %s: %s = %v is not a local midnight (%v)", form, d.Type.Slug, path, v, at)
					}
				}
			}
			walk("", "", resultOf(t, d, form))
			if dates < 1 {
				t.Errorf("%s %s: only %d dates found", form, d.Type.Slug, dates)
			}
		}
	}
}

func validISO(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// The evidence's example: issued 14 December 2007 is 1197568800000 (2007-12-13T18:00Z).
func TestEpochIsLocalMidnight(t *testing.T) {
	ty, _ := Lookup("birth_certificate")
	d := Build(ivanov, ty, map[string]any{FieldIssuedDate: "2007-12-14", FieldNumber: "10-119-07-0001031"})
	c := resultOf(t, d, EpochMS)["common"].(map[string]any)
	if c["docIssuedDate"] != float64(1197568800000) {
		t.Errorf("docIssuedDate = %v, want 1197568800000", c["docIssuedDate"])
	}
	if c["docExpirationDate"] != nil {
		t.Errorf("a birth certificate does not expire: docExpirationDate = %v, want null", c["docExpirationDate"])
	}
	if c["docUri"] != "BirthCertificate:10-119-07-0001031" {
		t.Errorf("docUri = %v", c["docUri"])
	}
	if s := resultOf(t, d, EpochS)["common"].(map[string]any)["docIssuedDate"]; s != float64(1197568800) {
		t.Errorf("epoch_s docIssuedDate = %v", s)
	}
	if s := resultOf(t, d, ISO)["common"].(map[string]any)["docIssuedDate"]; s != "2007-12-14" {
		t.Errorf("iso docIssuedDate = %v", s)
	}
	if _, err := d.AppendResultJSON(nil, DateForm("rfc3339"), nil); !errors.Is(err, ErrDateForm) {
		t.Errorf("an unknown form: %v", err)
	}
}

func TestTypeCodesAreCamelCase(t *testing.T) {
	camel := regexp.MustCompile(`^[A-Z][a-z]+([A-Z][a-z]+)*$`)
	seen := map[string]bool{}
	for _, ty := range Types {
		if !camel.MatchString(ty.Code) || seen[ty.Code] {
			t.Errorf("%s: code %q is not a unique CamelCase name", ty.Slug, ty.Code)
		}
		seen[ty.Code] = true
		if strings.ToLower(ty.Code) != strings.ReplaceAll(ty.Slug, "_", "") {
			t.Errorf("%s: code %q does not spell the slug", ty.Slug, ty.Code)
		}
	}
	for slug, code := range map[string]string{"identity_card": "IdentityCard", "birth_certificate": "BirthCertificate", "change_fio_certificate": "ChangeFioCertificate", "srts": "Srts"} {
		if ty, _ := Lookup(slug); ty.Code != code {
			t.Errorf("%s: code %q, want %q", slug, ty.Code, code)
		}
	}
}

func TestIdentityCardDomain(t *testing.T) {
	ty, _ := Lookup("identity_card")
	d := Build(ivanov, ty, map[string]any{FieldNumber: "041234567", FieldIssuedDate: "2020-03-02"})
	dom := domainOf(t, d, EpochMS)
	want := time.Date(2020, 3, 2, 0, 0, 0, 0, Zone).UnixMilli()
	if dom["docNumber"] != "041234567" || dom["docIssuedDate"] != float64(want) || dom["docPhoto"] != "AAAA" {
		t.Errorf("identity domain = %v", dom)
	}
	if dom["docExpirationDate"] != float64(time.Date(2030, 3, 1, 0, 0, 0, 0, Zone).UnixMilli()) {
		t.Errorf("docExpirationDate = %v", dom["docExpirationDate"])
	}
	for _, k := range []string{"placeOfBirth", "nationality", "citizenship", "gender", "address"} {
		if s, _ := dom[k].(string); s == "" {
			t.Errorf("identity domain lacks %s: %v", k, dom)
		}
	}
	b, err := d.AppendResultJSON(nil, EpochMS, nil)
	if err != nil || !strings.Contains(string(b), `"docPhoto":null`) {
		t.Errorf("without a photo docPhoto is null: %v %s", err, b)
	}
	for _, r := range d.Fields() {
		if r[0] == "docPhoto" || strings.Contains(r[1], "AAAA") {
			t.Errorf("the photo is no text row: %v", r)
		}
	}
}

func TestEncodeErrorsAreReturned(t *testing.T) {
	ty, _ := Lookup("hunter")
	for name, v := range map[string]any{"nan": math.NaN(), "non-string keys": map[any]any{1: "x"}} {
		d := Build(ivanov, ty, map[string]any{"odd": v})
		if _, err := d.AppendResultJSON(nil, EpochMS, nil); err == nil {
			t.Errorf("%s: a value JSON cannot carry must fail the encoding", name)
		}
	}
}

// A woman whose family the population does not know (a generated girl, say) gets a birth
// certificate whose father carries the male form of her surname and the name her patronymic
// comes from; her mother the female form.
func TestParentsOfSomeoneWithNoParents(t *testing.T) {
	ty, _ := Lookup("birth_certificate")
	for _, c := range []struct {
		h              Holder
		father, mother string
	}{
		{Holder{IIN: "100101600012", Surname: "ТОЛСТАЯ", Name: "АННА", Patronymic: "ИЛЬИНИЧНА", BirthDate: "2010-01-01", Gender: kz.Female}, "ТОЛСТОЙ ИЛЬЯ ", "ТОЛСТАЯ "},
		{Holder{IIN: "100101600012", Surname: "ЗАВАДСКАЯ", Name: "ОЛЬГА", Patronymic: "ПАВЛОВНА", BirthDate: "2010-01-01", Gender: kz.Female}, "ЗАВАДСКИЙ ПАВЕЛ ", "ЗАВАДСКАЯ "},
		{Holder{IIN: "100101600012", Surname: "АХМЕТОВА", Name: "АЙГЕРИМ", Patronymic: "ЕРЛАНҚЫЗЫ", BirthDate: "2010-01-01", Gender: kz.Female}, "АХМЕТОВ ЕРЛАН ", "АХМЕТОВА "},
		{Holder{IIN: "100101500015", Surname: "КИМ", Name: "ДЕНИС", Patronymic: "", BirthDate: "2010-01-01", Gender: kz.Male}, "КИМ ", "КИМ "},
	} {
		bc := Build(c.h, ty, nil).Domain.(*BirthCertificate)
		if !strings.HasPrefix(bc.Father.FullName, c.father) || len(strings.Fields(bc.Father.FullName)) != 3 {
			t.Errorf("%s: father %q, want %q…", c.h.FullName(), bc.Father.FullName, c.father)
		}
		if !strings.HasPrefix(bc.Mother.FullName, c.mother) {
			t.Errorf("%s: mother %q, want %q…", c.h.FullName(), bc.Mother.FullName, c.mother)
		}
	}
}

// Generated documents are issued up to, and never after, the day before facts.Today: the one
// reference day the population counts ages from (it once was half a year later here).
func TestIssuedBeforeToday(t *testing.T) {
	last := LastIssue().Format(time.DateOnly)
	if last != facts.Today.AddDate(0, 0, -1).Format(time.DateOnly) {
		t.Fatalf("LastIssue %s is not the day before facts.Today", last)
	}
	recent := facts.Today.AddDate(0, -6, 0).Format(time.DateOnly)
	latest := ""
	for i := range 200 {
		born := time.Date(1950+i%70, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		g := kz.Male
		if i%2 == 1 {
			g = kz.Female
		}
		iin, err := kz.GenerateIIN(born, g, i)
		if err != nil {
			t.Fatal(err)
		}
		h := Holder{IIN: iin, Surname: "ИВАНОВ", Name: "ИВАН", BirthDate: born.Format(time.DateOnly), Gender: g}
		for j := range Types {
			d := Build(h, &Types[j], nil)
			if d.IssuedDate > last {
				t.Errorf("%s %s: issued %s, after the world's today %s", h.IIN, d.Type.Slug, d.IssuedDate, facts.Today.Format(time.DateOnly))
			}
			latest = max(latest, d.IssuedDate)
		}
	}
	if latest < recent {
		t.Errorf("the latest of 4 800 documents was issued %s: the window ends long before today", latest)
	}
}

func TestOtherHolders(t *testing.T) {
	// A woman, a child and a Kazakh-style patronymic all build without surprises.
	for _, h := range []Holder{
		{IIN: "850515400012", Surname: "ИВАНОВА", Name: "МАРИЯ", Patronymic: "ПЕТРОВНА", BirthDate: "1985-05-15", Gender: kz.Female},
		{IIN: "150609600010", Surname: "ИВАНОВ", Name: "АЛИ", Patronymic: "ИВАНОВИЧ", BirthDate: "2015-06-09", Gender: kz.Male},
		{IIN: "920304300014", Surname: "СЕРИКБАЕВ", Name: "АРМАН", Patronymic: "ЕРЛАН ҰЛЫ", BirthDate: "1992-03-04", Gender: kz.Male},
	} {
		for i := range Types {
			d := Build(h, &Types[i], nil)
			if len(d.Fields()) == 0 {
				t.Errorf("%s/%s: no rows", h.IIN, d.Type.Slug)
			}
		}
		if h.Gender == kz.Female {
			sp := Build(h, &Types[3], nil).Domain.(*MarriageCertificate).Spouse
			if !strings.HasPrefix(sp.FullName, "ИВАНОВ ") {
				t.Errorf("husband of ИВАНОВА = %v", sp.FullName)
			}
		}
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

// A car registered before 1980 (an old holder's srts) once panicked the VIN's model-year code.
func TestOldCarsHaveValidVINs(t *testing.T) {
	h := Holder{IIN: "500101300013", Surname: "ИВАНОВ", Name: "ИВАН", BirthDate: "1950-01-01", Gender: kz.Male}
	for _, slug := range []string{"srts", "tech_passport"} {
		ty, _ := Lookup(slug)
		d := Build(h, ty, map[string]any{FieldIssuedDate: "1975-05-01"})
		var v Vehicle
		switch x := d.Domain.(type) {
		case *Srts:
			v = x.Vehicle
		case *TechPassport:
			v = x.Vehicle
		}
		if v.Year != 1975 || !validVIN(v.VIN) {
			t.Errorf("%s: %d car with VIN %q", slug, v.Year, v.VIN)
		}
	}
}
