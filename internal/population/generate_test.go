package population

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/scenarios"
)

const generatedYAML = `name: generated
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, patronymic: ИВАНОВИЧ, phone: "+77010000001", documents: {identity_card: {number: "041234567"}}}
%s
population: {generate: %d, seed: %d}
`

const twoSchools = `schools:
  - {bin: "081240003127", nedb_id: "19663", name_ru: КГУ "Школа-гимназия №148", location_code: "750000000"}
  - {bin: "990340005550", nedb_id: "19664", name_ru: КГУ "Общеобразовательная школа №25", location_code: "750000000"}`

func buildGenerated(tb testing.TB, n int, seed uint64, schools string) *Population {
	tb.Helper()
	s, err := scenarios.Parse("generated.yaml", fmt.Appendf(nil, generatedYAML, schools, n, seed))
	if err != nil {
		tb.Fatal(err)
	}
	p, err := Build(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// generated is everyone but the scenario's one citizen.
func generated(t *testing.T, p *Population) []*Person {
	t.Helper()
	if p.People()[0].IIN != "900101300017" {
		t.Fatal("the citizen is not first")
	}
	return p.People()[1:]
}

func born(t *testing.T, per *Person) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, per.BirthDate)
	if err != nil {
		t.Fatalf("%s: birth date %q", per.IIN, per.BirthDate)
	}
	return d
}

func TestGeneratedIINsAgreeWithBirthAndGender(t *testing.T) {
	p := buildGenerated(t, 1000, 7, twoSchools)
	if p.Len() != 1001 {
		t.Fatalf("Len = %d, want 1 citizen + 1000 generated", p.Len())
	}
	men := 0
	for _, per := range generated(t, p) {
		id, err := kz.ParseIIN(per.IIN)
		if err != nil {
			t.Fatalf("%s: %v", per.IIN, err)
		}
		if id.BirthDate.Format(time.DateOnly) != per.BirthDate || id.Gender != per.Gender {
			t.Errorf("%s: born %s %s, the IIN says %s %s", per.IIN, per.BirthDate, per.Gender, id.BirthDate.Format(time.DateOnly), id.Gender)
		}
		if y := id.BirthDate.Year(); y < 1940 || y > 2020 {
			t.Errorf("%s: born %d, want 1940–2020", per.IIN, y)
		}
		if got, ok := p.Person(per.IIN); !ok || got != per {
			t.Errorf("%s: not found by IIN", per.IIN)
		}
		if per.Gender == kz.Male {
			men++
		}
	}
	if men < 420 || men > 580 {
		t.Errorf("%d men of 1000, want about half", men)
	}
}

func TestGeneratedIINSkipsTakenSerials(t *testing.T) {
	p := &Population{byIIN: map[string]*Person{}}
	g := &generator{p: p, r: rand.New(rand.NewPCG(1, 2))}
	day := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	var free string
	for s := range 10000 {
		iin, err := kz.GenerateIIN(day, kz.Female, s)
		if err != nil {
			t.Fatal(err)
		}
		p.byIIN[iin] = &Person{}
		if s == 4321 {
			free = iin
		}
	}
	delete(p.byIIN, free)
	if got, err := g.iin(day, kz.Female); err != nil || got != free {
		t.Fatalf("iin = %q, %v; want the one free serial %s", got, err, free)
	}
	p.byIIN[free] = &Person{}
	if got, err := g.iin(day, kz.Female); err == nil {
		t.Fatalf("iin = %q with every serial taken, want an error", got)
	}
}

func TestGeneratedIINAvoidsTakenDocumentNumbers(t *testing.T) {
	day := time.Date(1985, 5, 15, 0, 0, 0, 0, time.UTC)
	draw := func(byDoc map[string]*Person) string {
		g := &generator{p: &Population{byIIN: map[string]*Person{}, byDoc: byDoc}, r: rand.New(rand.NewPCG(3, 4))}
		iin, err := g.iin(day, kz.Male)
		if err != nil {
			t.Fatal(err)
		}
		return iin
	}
	first := draw(map[string]*Person{})
	for _, slug := range []string{"identity_card", "passport"} {
		typ, _ := document.Lookup(slug)
		taken := map[string]*Person{document.Number(first, typ): {}}
		if got := draw(taken); got == first || !kz.ValidIIN(got) {
			t.Errorf("%s of %s taken: drew %s", slug, first, got)
		}
	}
}

// fingerprint writes down everything generated about everyone, links by IIN.
func fingerprint(p *Population) string {
	var b strings.Builder
	iins := func(ps []*Person) []string {
		out := make([]string, len(ps))
		for i, x := range ps {
			out[i] = x.IIN
		}
		return out
	}
	for _, per := range p.People() {
		fmt.Fprintf(&b, "%s|%s|%s|%s|%s|%s|%s|%t|%v|", per.IIN, per.Surname, per.Name, per.Patronymic, per.BirthDate, per.Gender, per.Phone, per.Profile, per.DocumentSlugs())
		if per.Spouse != nil {
			fmt.Fprintf(&b, "spouse %s %s|", per.Spouse.IIN, per.MarriageDate)
		}
		for _, d := range per.Divorces {
			fmt.Fprintf(&b, "divorce %s %s %s|", d.Spouse.IIN, d.MarriageDate, d.DivorceDate)
		}
		fmt.Fprintf(&b, "%v|%v|%v|%v|%v|%v", iins(per.Children), iins(per.Parents), per.Property, per.Debts, per.TaxArrears, per.UpcomingTaxes)
		if per.School != nil {
			fmt.Fprintf(&b, "|%s %d %s", per.School.School.BIN, per.School.Grade, per.School.EnrolledDate)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := fingerprint(buildGenerated(t, 1000, 7, twoSchools))
	if b := fingerprint(buildGenerated(t, 1000, 7, twoSchools)); a != b {
		t.Fatal("two builds of (1000, 7) differ")
	}
	other := buildGenerated(t, 1000, 8, twoSchools)
	if fingerprint(other) == a {
		t.Fatal("seeds 7 and 8 give the same people")
	}
	seven := map[string]bool{}
	for _, per := range buildGenerated(t, 1000, 7, twoSchools).People()[1:] {
		seven[per.IIN] = true
	}
	same := 0
	for _, per := range other.People()[1:] {
		if seven[per.IIN] {
			same++
		}
	}
	if same > 50 {
		t.Errorf("seeds 7 and 8 share %d of 1000 IINs", same)
	}
}

func TestGeneratedFamiliesAreConsistent(t *testing.T) {
	p := buildGenerated(t, 1000, 7, twoSchools)
	var married, divorced, children int
	for _, per := range generated(t, p) {
		b := born(t, per)
		if s := per.Spouse; s != nil {
			married++
			if s.Spouse != per || s.MarriageDate != per.MarriageDate || s.Gender == per.Gender {
				t.Errorf("%s: spouse %s does not answer (%v, %s/%s, %s/%s)", per.IIN, s.IIN, s.Spouse == per, s.MarriageDate, per.MarriageDate, s.Gender, per.Gender)
			}
			checkMarriage(t, per, s, per.MarriageDate)
		} else if per.MarriageDate != "" {
			t.Errorf("%s: marriage date %s with no spouse", per.IIN, per.MarriageDate)
		}
		for _, d := range per.Divorces {
			divorced++
			back := false
			for _, e := range d.Spouse.Divorces {
				back = back || (e.Spouse == per && e.MarriageDate == d.MarriageDate && e.DivorceDate == d.DivorceDate)
			}
			if !back || d.Spouse.Gender == per.Gender || d.DivorceDate <= d.MarriageDate || d.DivorceDate >= "2026-01-01" {
				t.Errorf("%s: divorce from %s: %+v", per.IIN, d.Spouse.IIN, d)
			}
			if !per.Holds("divorce_certificate") {
				t.Errorf("%s: divorced without a divorce certificate", per.IIN)
			}
			checkMarriage(t, per, d.Spouse, d.MarriageDate)
		}
		for _, c := range per.Children {
			children++
			if !contains(c.Parents, per) {
				t.Errorf("%s: child %s does not name the parent", per.IIN, c.IIN)
			}
			oldest := 45 // a mother; a father may be up to eight years older than her
			if per.Gender == kz.Male {
				oldest = 53
			}
			if age := years(b, born(t, c)); age < 18 || age > oldest {
				t.Errorf("%s: parent at %d of %s", per.IIN, age, c.IIN)
			}
		}
		if len(per.Parents) > 0 {
			if len(per.Parents) != 2 || per.Parents[0].Gender != kz.Male || per.Parents[1].Gender != kz.Female {
				t.Fatalf("%s: parents %v", per.IIN, per.Parents)
			}
			dad := per.Parents[0]
			for _, x := range per.Parents {
				if !contains(x.Children, per) {
					t.Errorf("%s: parent %s does not name the child", per.IIN, x.IIN)
				}
			}
			wed := dad.MarriageDate
			if dad.Spouse == nil {
				wed = dad.Divorces[0].MarriageDate
			}
			if per.BirthDate <= wed {
				t.Errorf("%s: born %s, parents married %s", per.IIN, per.BirthDate, wed)
			}
			if want := surnameFor(t, dad.Surname, per.Gender); per.Surname != want {
				t.Errorf("%s: surname %s, father %s, want %s", per.IIN, per.Surname, dad.Surname, want)
			}
			if !fatherGives(dad.Name, per.Patronymic) {
				t.Errorf("%s: patronymic %s, father %s", per.IIN, per.Patronymic, dad.Name)
			}
			if age := years(b, today); age < 18 && !per.Holds("birth_certificate") {
				t.Errorf("%s: a child without a birth certificate", per.IIN)
			}
		}
	}
	if married < 100 || divorced < 10 || children < 100 {
		t.Errorf("married %d, divorced %d, children %d: want some of each", married, divorced, children)
	}
}

// checkMarriage: both spouses hold the certificate and the wedding is after the younger's 18th birthday.
func checkMarriage(t *testing.T, a, b *Person, date string) {
	t.Helper()
	younger := later(born(t, a), born(t, b))
	if date <= younger.AddDate(18, 0, 0).Format(time.DateOnly) || date >= "2026-01-01" {
		t.Errorf("%s and %s (born %s, %s) married %s", a.IIN, b.IIN, a.BirthDate, b.BirthDate, date)
	}
	if !a.Holds("marriage_certificate") || !b.Holds("marriage_certificate") {
		t.Errorf("%s and %s: married without certificates", a.IIN, b.IIN)
	}
}

func surnameFor(t *testing.T, male string, gender kz.Gender) string {
	t.Helper()
	for _, e := range []*facts.Ethnicity{&facts.Kazakh, &facts.Russian} {
		for _, s := range e.Surnames {
			if s.Male == male {
				return s.Form(gender)
			}
		}
	}
	t.Fatalf("father's surname %s is not a male form", male)
	return ""
}

// fatherGives reports whether a man of this name is the father of someone with this patronymic.
func fatherGives(name, patronymic string) bool {
	for _, e := range []*facts.Ethnicity{&facts.Kazakh, &facts.Russian} {
		for _, f := range e.Male {
			if f.Name == name {
				switch patronymic {
				case f.Son, f.Daughter:
					return true
				case f.Uly, f.Kyzy:
					return f.KazakhName
				}
			}
		}
	}
	return false
}

func TestGeneratedNamesAreCyrillicAndGendered(t *testing.T) {
	p := buildGenerated(t, 1000, 7, twoSchools)
	male, female := map[string]bool{}, map[string]bool{}
	for _, e := range []*facts.Ethnicity{&facts.Kazakh, &facts.Russian} {
		for _, s := range e.Surnames {
			male[s.Male], female[s.Female] = true, true
		}
	}
	russianStyle := regexp.MustCompile(`(ВИЧ|ИЧ)$`)
	for _, per := range generated(t, p) {
		for _, part := range []string{per.Surname, per.Name, per.Patronymic} {
			if part == "" {
				t.Errorf("%s: empty name part in %q", per.IIN, per.FullName())
			}
			for _, r := range part {
				if !unicode.IsLetter(r) || !unicode.Is(unicode.Cyrillic, r) || !unicode.IsUpper(r) {
					t.Errorf("%s: %q is not upper-case Cyrillic", per.IIN, part)
					break
				}
			}
		}
		switch per.Gender {
		case kz.Male:
			if !male[per.Surname] || !(russianStyle.MatchString(per.Patronymic) || strings.HasSuffix(per.Patronymic, "ҰЛЫ")) {
				t.Errorf("%s: %s for a man", per.IIN, per.FullName())
			}
		case kz.Female:
			if !female[per.Surname] || !(strings.HasSuffix(per.Patronymic, "НА") || strings.HasSuffix(per.Patronymic, "ҚЫЗЫ")) {
				t.Errorf("%s: %s for a woman", per.IIN, per.FullName())
			}
		}
	}
	for name, n := range map[string]int{
		"kazakh surnames": len(facts.Kazakh.Surnames), "russian surnames": len(facts.Russian.Surnames),
		"kazakh men": len(facts.Kazakh.Male), "kazakh women": len(facts.Kazakh.Female),
		"russian men": len(facts.Russian.Male), "russian women": len(facts.Russian.Female),
	} {
		if n < 60 {
			t.Errorf("%s: %d names, want at least 60", name, n)
		}
	}
}

func TestGeneratedPhonesAreUniqueAndNormal(t *testing.T) {
	p := buildGenerated(t, 1000, 7, twoSchools)
	seen := map[string]string{}
	adults, phones, profiles := 0, 0, 0
	for _, per := range p.People() {
		if per.Phone == "" {
			continue
		}
		if other, dup := seen[per.Phone]; dup {
			t.Errorf("%s and %s share phone %s", other, per.IIN, per.Phone)
		}
		seen[per.Phone] = per.IIN
	}
	for _, per := range generated(t, p) {
		adult := years(born(t, per), today) >= 18
		if adult {
			adults++
			if per.Profile {
				profiles++
			}
		}
		if per.Phone == "" {
			continue
		}
		phones++
		if !adult {
			t.Errorf("%s: a minor with a phone", per.IIN)
		}
		if n, err := kz.NormalizePhone(per.Phone); err != nil || n != per.Phone || strings.HasPrefix(n, "7701") {
			t.Errorf("%s: phone %q (%v)", per.IIN, per.Phone, err)
		}
	}
	if phones < adults*75/100 || phones > adults*95/100 {
		t.Errorf("%d phones for %d adults, want about 85%%", phones, adults)
	}
	if profiles < adults*92/100 {
		t.Errorf("%d profiles for %d adults, want about 97%%", profiles, adults)
	}
}

func TestGeneratedDocumentsAndSearch(t *testing.T) {
	p := buildGenerated(t, 1000, 7, twoSchools)
	held := map[string]int{}
	people := generated(t, p)
	for _, per := range people {
		if per.docFields != nil {
			t.Errorf("%s: stored document fields", per.IIN)
		}
		age := years(born(t, per), today)
		if age >= 18 && !per.Holds("identity_card") {
			t.Errorf("%s: an adult without an identity card", per.IIN)
		}
		if age < 18 && (!per.Holds("birth_certificate") || per.Holds("driver_license") || per.Holds("marriage_certificate")) {
			t.Errorf("%s: a minor holds %v", per.IIN, per.DocumentSlugs())
		}
		for _, s := range per.DocumentSlugs() {
			held[s]++
		}
		if per.Holds("identity_card") {
			num := per.DocumentNumber("identity_card")
			if got, ok := p.ByDocument(num); !ok || got != per {
				t.Errorf("%s: ByDocument(%s) = %v, %v", per.IIN, num, got, ok)
			}
			if d := per.Document("identity_card"); d == nil || d.Number != num || d.Holder.IIN != per.IIN {
				t.Errorf("%s: identity card %+v", per.IIN, d)
			}
		}
		if per.Holds("passport") {
			if got, ok := p.ByDocument(per.DocumentNumber("passport")); !ok || got != per {
				t.Errorf("%s: passport not found", per.IIN)
			}
		}
		found := false
		for _, x := range p.ByName(strings.ToLower(per.Surname), per.Name, per.Patronymic, per.BirthDate) {
			found = found || x == per
		}
		if !found {
			t.Errorf("%s: ByName(%s, %s) does not find them", per.IIN, per.FullName(), per.BirthDate)
		}
	}
	for _, slug := range []string{"passport", "driver_license", "diploma", "srts", "vaccination", "pension", "birth_certificate", "marriage_certificate", "divorce_certificate"} {
		if held[slug] == 0 {
			t.Errorf("nobody holds %s", slug)
		}
	}
	if held["passport"] >= held["identity_card"] {
		t.Errorf("%d passports for %d identity cards: want a share", held["passport"], held["identity_card"])
	}
}

func TestGeneratedSchoolsPropertyAndDebts(t *testing.T) {
	p := buildGenerated(t, 1000, 7, twoSchools)
	cadastral := regexp.MustCompile(`^20:311:\d{3}:\d{3}:\d{2}$`)
	lots := map[string]*Person{}
	var pupils, owners, debtors, arrears, upcoming int
	for _, per := range generated(t, p) {
		age := years(born(t, per), schoolDay)
		switch {
		case age >= 6 && age <= 17:
			pupils++
			e := per.School
			if e == nil || e.School == nil || e.Grade < 1 || e.Grade > 11 {
				t.Errorf("%s (%d on 1 September): enrolment %+v", per.IIN, age, e)
			} else if _, ok := p.School(e.School.BIN); !ok || !strings.HasSuffix(e.EnrolledDate, "-09-01") || e.EnrolledDate < per.BirthDate {
				t.Errorf("%s: enrolment %+v", per.IIN, e)
			}
		case per.School != nil:
			t.Errorf("%s: in school at %d", per.IIN, age)
		}
		if len(per.Property) > 0 {
			owners++
		}
		for _, pr := range per.Property {
			if !cadastral.MatchString(pr.CadastralNumber) || pr.Area <= 0 || !hasCyrillic(pr.Address) || !hasCyrillic(pr.Type) {
				t.Errorf("%s: property %+v", per.IIN, pr)
			}
			if pr.RegistrationDate < per.BirthDate || pr.RegistrationDate >= "2026-01-01" {
				t.Errorf("%s (born %s): registered %s", per.IIN, per.BirthDate, pr.RegistrationDate)
			}
			switch pr.Share {
			case "1/1":
				if other, dup := lots[pr.CadastralNumber]; dup {
					t.Errorf("%s owns %s, already %s's", per.IIN, pr.CadastralNumber, other.IIN)
				}
			case "1/2":
				if !hasLot(per.Spouse, pr.CadastralNumber, "1/2") {
					t.Errorf("%s: half of %s, the other half not the spouse's", per.IIN, pr.CadastralNumber)
				}
				if other, dup := lots[pr.CadastralNumber]; dup && other != per.Spouse {
					t.Errorf("%s owns half of %s, also %s's", per.IIN, pr.CadastralNumber, other.IIN)
				}
			default:
				t.Errorf("%s: share %q", per.IIN, pr.Share)
			}
			lots[pr.CadastralNumber] = per
		}
		if len(per.Debts) > 0 {
			debtors++
		}
		for _, d := range per.Debts {
			if d.RecoveryAmount <= 0 || d.Category == "" {
				t.Errorf("%s: debt %+v", per.IIN, d)
			}
		}
		if per.TaxArrears > 0 {
			arrears++
		}
		for _, u := range per.UpcomingTaxes {
			upcoming++
			if (u.Kind != "property" && u.Kind != "land" && u.Kind != "transport") || u.Amount <= 0 || u.DueDate == "" {
				t.Errorf("%s: upcoming tax %+v", per.IIN, u)
			}
		}
	}
	if pupils == 0 || owners == 0 || debtors == 0 || arrears == 0 || upcoming == 0 {
		t.Errorf("pupils %d, owners %d, debtors %d, arrears %d, upcoming %d: want some of each", pupils, owners, debtors, arrears, upcoming)
	}

	// With no schools in the scenario, nobody is enrolled.
	for _, per := range buildGenerated(t, 300, 7, "").People() {
		if per.School != nil {
			t.Fatalf("%s: enrolled with no schools", per.IIN)
		}
	}
}

func hasLot(per *Person, number, share string) bool {
	if per == nil {
		return false
	}
	for _, pr := range per.Property {
		if pr.CadastralNumber == number && pr.Share == share {
			return true
		}
	}
	return false
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

func TestGenerateAvoidsCitizens(t *testing.T) {
	// Many small builds with other seeds: the citizen's IIN and phone stay theirs.
	for seed := range uint64(20) {
		p := buildGenerated(t, 200, seed, "")
		if p.Len() != 201 {
			t.Fatalf("seed %d: Len %d", seed, p.Len())
		}
		for _, per := range p.People()[1:] {
			if per.Phone == "77010000001" || per.IIN == "900101300017" {
				t.Fatalf("seed %d: %s takes the citizen's identifiers", seed, per.IIN)
			}
		}
		if c, _ := p.Person("900101300017"); c.Surname != "ИВАНОВ" || c.Spouse != nil {
			t.Fatalf("seed %d: the citizen changed: %+v", seed, c)
		}
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	s, err := scenarios.Parse("generated.yaml", fmt.Appendf(nil, generatedYAML, twoSchools, 100_000, 1))
	if err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var p *Population
	b.ReportAllocs()
	for b.Loop() {
		p = nil // let the previous population go before the next is built
		if p, err = Build(s); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MiB/op")
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "heap-MiB")
	runtime.KeepAlive(p)
}
