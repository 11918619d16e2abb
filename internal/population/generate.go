package population

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/scenarios"
)

// The generated world is seen from facts.Today, not from the clock, so that the same (n, seed)
// gives the same people on any day: ages, "adult" and "before today" are counted at today; school
// age and grade at the start of today's school year.
var (
	today     = facts.Today
	schoolDay = facts.SchoolYearStart()
	firstBorn = time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	lastBorn  = time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
	// Spouses are born early enough to be adults when the last child may be born.
	lastSpouseBorn = time.Date(2001, 12, 31, 0, 0, 0, 0, time.UTC)
	dayZero        = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	// Private property registrations in GBDRN start after independence.
	registryOpened = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
)

const oneDay = 24 * time.Hour

// Document bits of the types generated people hold.
var (
	bitIdentity   = docBit("identity_card")
	bitLicense    = docBit("driver_license")
	bitBirth      = docBit("birth_certificate")
	bitMarriage   = docBit("marriage_certificate")
	bitChangeFIO  = docBit("change_fio_certificate")
	bitDivorce    = docBit("divorce_certificate")
	bitDiploma    = docBit("diploma")
	bitSRTS       = docBit("srts")
	bitVaccine    = docBit("vaccination")
	bitSocialID   = docBit("social_id")
	bitDisability = docBit("disability_certificate")
	bitASP        = docBit("asp_certificate")
	bitTechPass   = docBit("tech_passport")
	bitPension    = docBit("pension")
	bitPassport   = docBit("passport")
	bitStudent    = docBit("student_card")
	bitPCR        = docBit("pcr_certificate")
	bitInsurance  = docBit("insurance_policy")
	bitHunter     = docBit("hunter")
	bitOralman    = docBit("oralman")
	bitLarge      = docBit("large_family_certificate")
	bitAttorney   = docBit("attorney")
)

func docBit(slug string) uint32 {
	i := typeIndex(slug)
	if i < 0 {
		panic("population: no document type " + slug) // the type table is code: a rename must fail every test
	}
	return 1 << i
}

// searchable are the types GBDFL finds a person by (see Population.add).
var searchable = [...]*document.Type{mustType("identity_card"), mustType("passport")}

func mustType(slug string) *document.Type {
	t, ok := document.Lookup(slug)
	if !ok {
		panic("population: no document type " + slug)
	}
	return t
}

// Phone ranges of generated people: never 7701, where the catalogue's numbers live.
var phonePrefixes = [...]string{"7705", "7707", "7747", "7771"}

const (
	phoneSpace = 4 * 10_000_000 // a prefix and seven digits
	lotSpace   = 100_000_000    // QQQ:NNN:NN of a cadastral number in district 20:311
	debtLabel  = "Исполнительный лист"
	taxDueDate = "2027-10-01" // property, land and transport taxes of individuals are due by 1 October
)

// generator makes households (a single person, or a couple and their children) and indexes each
// one whole, in the order made, so the population depends on nothing but (n, seed).
type generator struct {
	p    *Population
	r    *rand.Rand
	slab []Person // every generated person, one allocation
	next int

	house     []*Person // the household being made, not yet indexed
	houseDocs []string  // identity card and passport numbers of house

	candidate [len(searchable)]string // document numbers of the IIN freeDocs last accepted

	days []string // "YYYY-MM-DD" by days since dayZero, filled on demand and shared

	// Numbers handed out so far, and the seed's bijections that turn a count into a number, so
	// generated phones and cadastral numbers never repeat without a set of them.
	phones, lots       uint64
	phoneMul, phoneAdd uint64
	lotMul, lotAdd     uint64
	// The few phones and cadastral numbers the scenario's citizens already use.
	citizenPhones, citizenLots map[string]bool
}

// generate adds n deterministic synthetic people on top of the scenario's citizens.
func generate(p *Population, n int, seed uint64) error {
	if n <= 0 {
		return nil
	}
	g := &generator{
		p:             p,
		r:             rand.New(rand.NewPCG(seed, 0x6567_6f76_7369_6d31)), // "egovsim1"
		slab:          make([]Person, n),
		citizenPhones: map[string]bool{},
		citizenLots:   map[string]bool{},
	}
	g.phoneMul, g.phoneAdd = unit(g.r, phoneSpace), g.r.Uint64N(phoneSpace)
	g.lotMul, g.lotAdd = unit(g.r, lotSpace), g.r.Uint64N(lotSpace)
	for _, per := range p.people {
		if per.Phone != "" {
			g.citizenPhones[per.Phone] = true
		}
		for _, pr := range per.Property {
			g.citizenLots[pr.CadastralNumber] = true
		}
	}
	// Room for everyone up front: growing the indexes step by step costs more than making them.
	p.people = slices.Grow(p.people, n)
	p.byIIN = grown(p.byIIN, n)
	p.byDoc = grown(p.byDoc, n+n/4) // identity cards, and a passport for about a third of adults
	p.byName = grown(p.byName, n)
	for g.next < n {
		room := n - g.next
		var err error
		if room >= 2 && g.chance(50) {
			err = g.family(room)
		} else {
			err = g.single()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func grown[V any](m map[string]V, more int) map[string]V {
	out := make(map[string]V, len(m)+more)
	maps.Copy(out, m)
	return out
}

// unit draws a multiplier invertible modulo space (2^a·5^b): odd and not a multiple of 5.
func unit(r *rand.Rand, space uint64) uint64 {
	m := r.Uint64N(space) | 1
	if m%5 == 0 {
		m = (m + 2) % space
	}
	return m
}

// single is one person with no generated relatives, of any age.
func (g *generator) single() error {
	born := facts.Between(g.r, firstBorn, lastBorn)
	gender := g.gender()
	per, err := g.person(born, gender)
	if err != nil {
		return err
	}
	e := g.ethnicity()
	g.newcomerName(per, e, born)
	g.adult(per, born, e)
	g.enrol(per, born, g.school())
	return g.flush()
}

// family is a couple (married, or divorced 15% of the time) and up to three children, at most room people.
func (g *generator) family(room int) error {
	hBorn := facts.Between(g.r, firstBorn, lastSpouseBorn)
	// The wife is up to 3 years older or 8 younger, drawn inside the spouses' window: clamping a
	// draw to the window's edge piled every late wife onto one day, and one day has only 10 000
	// IINs for each gender.
	wBorn := facts.Between(g.r, later(hBorn.AddDate(-3, 0, 0), firstBorn), earlier(hBorn.AddDate(8, 0, 0), lastSpouseBorn))
	h, err := g.person(hBorn, kz.Male)
	if err != nil {
		return err
	}
	w, err := g.person(wBorn, kz.Female)
	if err != nil {
		return err
	}
	he := g.ethnicity()
	we := he
	if g.chance(10) {
		we = g.ethnicity()
	}
	hName, hSurname := g.newcomerName(h, he, hBorn)
	g.newcomerName(w, we, wBorn)
	if g.chance(70) { // she takes his name
		w.Surname = hSurname.Female
	}

	younger := later(hBorn, wBorn)
	from := younger.AddDate(18, 0, 1)
	married := facts.Between(g.r, from, earlier(from.AddDate(15, 0, 0), today.Add(-oneDay)))
	marriedOn := g.day(married)
	end := today // of the marriage, for the children's window
	if div := married.AddDate(1, 0, 0); div.Before(today) && g.chance(15) {
		divorced := facts.Between(g.r, div, today.Add(-oneDay))
		end = divorced
		d := g.day(divorced)
		h.Divorces = []Divorce{{Spouse: w, MarriageDate: marriedOn, DivorceDate: d}}
		w.Divorces = []Divorce{{Spouse: h, MarriageDate: marriedOn, DivorceDate: d}}
		h.held |= bitMarriage | bitDivorce
		w.held |= bitMarriage | bitDivorce
	} else {
		h.Spouse, w.Spouse = w, h
		h.MarriageDate, w.MarriageDate = marriedOn, marriedOn
		h.held |= bitMarriage
		w.held |= bitMarriage
	}

	// Children: born after the wedding (and before a divorce), by the mother's 45th birthday, by 2020.
	k := min(room-2, []int{0, 1, 1, 2, 2, 2, 3, 3}[g.r.IntN(8)])
	first := married.Add(270 * oneDay)
	last := earlier(earlier(married.AddDate(18, 0, 0), end), earlier(wBorn.AddDate(45, 0, 0), lastBorn))
	if last.Before(first) {
		k = 0
	}
	var kids []*Person
	if k > 0 {
		kids = make([]*Person, 0, k)
		parents := []*Person{h, w}
		kazakhStyle := hName.KazakhName && g.chance(50)
		school := g.school() // siblings go to one school
		born := make([]time.Time, k)
		for i := range born {
			born[i] = facts.Between(g.r, first, last)
		}
		sortTimes(born)
		for _, b := range born {
			gender := g.gender()
			c, err := g.person(b, gender)
			if err != nil {
				return err
			}
			ce := he
			if g.chance(20) {
				ce = we
			}
			c.Surname = hSurname.Form(gender)
			c.Name = ce.Given(g.r, gender)
			c.Patronymic = hName.Patronymic(gender, kazakhStyle && b.Year() >= 1992)
			c.Parents = parents
			g.adult(c, b, ce)
			g.enrol(c, b, school)
			kids = append(kids, c)
		}
		h.Children, w.Children = kids, kids
	}
	g.adult(h, hBorn, he)
	g.adult(w, wBorn, we)
	if h.Spouse == w && g.chance(60) { // the couple's home, in equal shares
		home := g.property("Квартира", married, "1/2")
		h.Property = append(h.Property, home)
		w.Property = append(w.Property, home)
		g.propertyTax(h, home)
		g.propertyTax(w, home)
	}
	if len(kids) == 3 && g.chance(30) { // the certificate is for larger families; three children stand for them here
		h.held |= bitLarge
		w.held |= bitLarge
	}
	return g.flush()
}

// person takes the next Person of the slab with a free IIN for this birth date and gender.
func (g *generator) person(born time.Time, gender kz.Gender) (*Person, error) {
	iin, err := g.iin(born, gender)
	if err != nil {
		return nil, err
	}
	per := &g.slab[g.next]
	g.next++
	per.IIN, per.BirthDate, per.Gender = iin, g.day(born), gender
	g.house = append(g.house, per)
	g.houseDocs = append(g.houseDocs, g.candidate[:]...)
	return per, nil
}

// iin draws a serial and, when that IIN is taken (a citizen, someone generated), tries the next serials.
func (g *generator) iin(born time.Time, gender kz.Gender) (string, error) {
	serial := g.r.IntN(10000)
	for range 10000 {
		iin, err := kz.GenerateIIN(born, gender, serial)
		if err != nil {
			return "", fmt.Errorf("population: generating an IIN: %w", err)
		}
		if !g.taken(iin) && g.freeDocs(iin) {
			return iin, nil
		}
		s, _ := strconv.Atoi(iin[7:11]) // GenerateIIN may have skipped unissuable serials
		serial = (s + 1) % 10000
	}
	return "", fmt.Errorf("population: every IIN for %s %s is taken", g.day(born), gender)
}

// freeDocs reports whether the identity card and passport numbers this IIN would carry are unused,
// so that a GBDFL search by document number finds one person. The numbers are drawn from the IIN
// (document.Number), so a clash is avoided by taking another serial; about one in 2 000 needs it at 100 000.
func (g *generator) freeDocs(iin string) bool {
	for i, t := range searchable {
		n := document.Number(iin, t)
		if _, ok := g.p.byDoc[n]; ok || slices.Contains(g.houseDocs, n) {
			return false
		}
		g.candidate[i] = n
	}
	return true
}

// taken reports whether someone indexed, or someone of this household, has the IIN.
func (g *generator) taken(iin string) bool {
	if _, ok := g.p.byIIN[iin]; ok {
		return true
	}
	for _, per := range g.house {
		if per.IIN == iin {
			return true
		}
	}
	return false
}

// newcomerName names someone whose parents are not generated; it returns the given name (as a
// father of children to come) and the surname.
func (g *generator) newcomerName(per *Person, e *facts.Ethnicity, born time.Time) (facts.Father, facts.Surname) {
	s := e.Surnames[g.r.IntN(len(e.Surnames))]
	per.Surname = s.Form(per.Gender)
	var own facts.Father
	if per.Gender == kz.Male {
		own = e.Male[g.r.IntN(len(e.Male))]
		per.Name = own.Name
	} else {
		per.Name = e.Female[g.r.IntN(len(e.Female))]
	}
	dad := e.Male[g.r.IntN(len(e.Male))]
	// -ҰЛЫ/-ҚЫЗЫ is common on the documents of the young, rare before independence.
	share := 5
	if born.Year() >= 1992 {
		share = 50
	}
	per.Patronymic = dad.Patronymic(per.Gender, g.chance(share))
	return own, s
}

func (g *generator) ethnicity() *facts.Ethnicity { return facts.AnyEthnicity(g.r) }

// adult gives a person what comes with age: documents, a phone and a profile, property, debts and
// taxes. e is the naming tradition the person was named in.
func (g *generator) adult(per *Person, born time.Time, e *facts.Ethnicity) {
	age := years(born, today)
	if age >= 16 {
		per.held |= bitIdentity
	}
	if age < 18 {
		per.held |= bitBirth
		if g.chance(70) {
			per.held |= bitVaccine
		}
		return
	}
	if g.chance(85) {
		per.Phone = g.phone()
	}
	per.Profile = g.chance(97)

	licence := 35
	if per.Gender == kz.Male {
		licence = 55
	}
	for _, d := range []struct {
		bit   uint32
		share int
		when  bool
	}{
		{bitPassport, 35, true},
		{bitLicense, licence, true},
		{bitDiploma, 45, age >= 22},
		{bitVaccine, 55, true},
		{bitSocialID, 25, true},
		{bitInsurance, 40, true},
		{bitPCR, 15, true},
		{bitAttorney, 5, true},
		{bitDisability, 4, true},
		{bitASP, 3, true},
		{bitChangeFIO, 1, true},
		{bitStudent, 50, age <= 22},
		{bitHunter, 3, per.Gender == kz.Male},
		{bitPension, 95, (per.Gender == kz.Male && age >= 63) || (per.Gender == kz.Female && age >= 61)},
		{bitOralman, 2, e == &facts.Kazakh}, // kandas: ethnic Kazakhs come home
	} {
		if d.when && g.chance(d.share) {
			per.held |= d.bit
		}
	}
	if per.held&bitLicense != 0 && g.chance(60) {
		per.held |= bitSRTS
		if g.chance(50) {
			per.held |= bitTechPass
		}
		if g.chance(70) {
			per.UpcomingTaxes = append(per.UpcomingTaxes, scenarios.UpcomingTax{Kind: "transport", Amount: g.money(3_000, 150_000), DueDate: taxDueDate})
		}
	}

	if g.chance(20) {
		kinds := [...]string{"Квартира", "Квартира", "Квартира", "Квартира", "Квартира", "Жилой дом", "Жилой дом", "Земельный участок", "Земельный участок", "Гараж"}
		pr := g.property(kinds[g.r.IntN(len(kinds))], born.AddDate(18, 0, 0), "1/1")
		per.Property = append(per.Property, pr)
		g.propertyTax(per, pr)
	}
	if g.chance(4) {
		per.Debts = make([]scenarios.Debt, 1+g.r.IntN(2))
		for i := range per.Debts {
			per.Debts[i] = scenarios.Debt{RecoveryAmount: g.money(5_000, 1_500_000), ExecProc: g.money(100, 5_000), Category: debtLabel}
		}
	}
	if g.chance(6) {
		per.TaxArrears = g.money(500, 300_000)
	}
}

// property is one GBDRN record registered after from (and before today).
func (g *generator) property(kind string, from time.Time, share string) scenarios.Property {
	pr := scenarios.Property{CadastralNumber: g.lot(), Type: kind, Share: share}
	street := facts.Streets[g.r.IntN(len(facts.Streets))]
	switch kind {
	case "Квартира":
		pr.Address = fmt.Sprintf("г. Алматы, %s, д. %d, кв. %d", street, 1+g.r.IntN(250), 1+g.r.IntN(300))
		pr.Area = g.area(28, 160)
	case "Жилой дом":
		pr.Address = fmt.Sprintf("г. Алматы, %s, %s, д. %d", facts.Microdistricts[g.r.IntN(len(facts.Microdistricts))], street, 1+g.r.IntN(120))
		pr.Area = g.area(70, 380)
	case "Земельный участок":
		pr.Address = fmt.Sprintf("г. Алматы, %s, уч. %d", facts.Microdistricts[g.r.IntN(len(facts.Microdistricts))], 1+g.r.IntN(900))
		pr.Area = g.area(400, 1500)
	default: // a garage
		pr.Address = fmt.Sprintf("г. Алматы, %s, ГСК %d, бокс %d", street, 1+g.r.IntN(90), 1+g.r.IntN(400))
		pr.Area = g.area(18, 40)
	}
	last := today.Add(-oneDay)
	from = clamp(from, registryOpened, last)
	pr.RegistrationDate = g.day(facts.Between(g.r, from, last))
	return pr
}

// propertyTax adds this year's tax on the property, for most owners (the rest have paid it).
func (g *generator) propertyTax(per *Person, pr scenarios.Property) {
	if !g.chance(70) {
		return
	}
	kind, perM2 := "property", 30.0 // tenge a square metre: a few thousand for a flat
	if pr.Type == "Земельный участок" {
		kind, perM2 = "land", 5
	}
	amount := pr.Area * perM2
	if pr.Share == "1/2" {
		amount /= 2
	}
	amount = float64(int64(amount*100)) / 100
	per.UpcomingTaxes = append(per.UpcomingTaxes, scenarios.UpcomingTax{Kind: kind, Amount: max(amount, 1), DueDate: taxDueDate})
}

// school draws the school of a child (or of siblings); nil when the scenario has none.
func (g *generator) school() *School {
	if len(g.p.schools) == 0 {
		return nil
	}
	return g.p.schools[g.r.IntN(len(g.p.schools))]
}

// enrol places a child of school age (6–17 at schoolDay, the start of today's school year) in
// grade age-5, at most 11.
func (g *generator) enrol(per *Person, born time.Time, school *School) {
	age := years(born, schoolDay)
	if school == nil || age < 6 || age > 17 {
		return
	}
	grade := min(age-5, 11)
	per.School = &Enrolment{School: school, Grade: grade, EnrolledDate: strconv.Itoa(schoolDay.Year()-grade+1) + "-09-01"}
}

// flush indexes the household, in the order made.
func (g *generator) flush() error {
	for _, per := range g.house {
		if err := g.p.add(per); err != nil {
			return err
		}
	}
	g.house, g.houseDocs = g.house[:0], g.houseDocs[:0]
	return nil
}

// phone is the next unused number: 77XX plus seven digits, counted through the seed's bijection.
func (g *generator) phone() string {
	for {
		k := g.phones
		g.phones++
		b := make([]byte, 0, 11)
		v := (k*g.phoneMul + g.phoneAdd) % phoneSpace
		b = append(b, phonePrefixes[v/10_000_000]...)
		b = appendDigits(b, v%10_000_000, 7)
		if s := string(b); !g.citizenPhones[s] {
			return s
		}
	}
}

// lot is the next unused cadastral number in district 20:311.
func (g *generator) lot() string {
	for {
		v := (g.lots*g.lotMul + g.lotAdd) % lotSpace
		g.lots++
		b := make([]byte, 0, 17)
		b = append(b, "20:311:"...)
		b = appendDigits(b, v/100_000, 3)
		b = append(b, ':')
		b = appendDigits(b, v/100%1000, 3)
		b = append(b, ':')
		b = appendDigits(b, v%100, 2)
		if s := string(b); !g.citizenLots[s] {
			return s
		}
	}
}

func appendDigits(b []byte, v uint64, width int) []byte {
	var d [20]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[:width]...)
}

func (g *generator) chance(percent int) bool { return g.r.IntN(100) < percent }

func (g *generator) gender() kz.Gender {
	if g.r.IntN(2) == 0 {
		return kz.Male
	}
	return kz.Female
}

// money is an amount in tenge with tiyn, in [lo, hi].
func (g *generator) money(lo, hi int) float64 {
	return float64(lo*100+g.r.IntN((hi-lo)*100+1)) / 100
}

// area is square metres with one decimal, in [lo, hi].
func (g *generator) area(lo, hi int) float64 {
	return float64(lo*10+g.r.IntN((hi-lo)*10+1)) / 10
}

// day formats a date, sharing the string with everyone born (or married) that day.
func (g *generator) day(t time.Time) string {
	i := int(t.Sub(dayZero) / oneDay)
	if i < 0 || i >= 200*366 {
		return t.Format(time.DateOnly)
	}
	if i >= len(g.days) {
		g.days = append(g.days, make([]string, i+1-len(g.days))...)
	}
	if g.days[i] == "" {
		g.days[i] = t.Format(time.DateOnly)
	}
	return g.days[i]
}

// years is the age in whole years at a day.
func years(born, at time.Time) int {
	y := at.Year() - born.Year()
	if at.Month() < born.Month() || (at.Month() == born.Month() && at.Day() < born.Day()) {
		y--
	}
	return y
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func clamp(t, lo, hi time.Time) time.Time { return earlier(later(t, lo), hi) }

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}
