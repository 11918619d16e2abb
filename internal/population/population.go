// Package population is the one synthetic population both simulators read: the scenario's citizens
// (and generated people), with their documents, families, schools, property, debts and taxes, and
// the legal entities. It is built once per scenario and read-only afterwards, so it needs no lock.
package population

import (
	"fmt"
	"sort"
	"strings"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/scenarios"
	"gopkg.in/yaml.v3"
)

// Person is one individual.
type Person struct {
	IIN         string
	Surname     string
	Name        string
	Patronymic  string
	BirthDate   string // YYYY-MM-DD
	Gender      kz.Gender
	Phone       string // normal form 77XXXXXXXXX; "" = not in the mobile-citizens base (CMDB)
	Profile     bool   // false: E-Document answers "Profile is not found"
	EdocFailure string // non-empty: approve answers 200 with this failure_reason

	held      uint32                    // bit i: holds document.Types[i]
	docFields map[string]map[string]any // scenario overrides, nil for most

	Spouse       *Person
	MarriageDate string
	Children     []*Person
	Parents      []*Person
	Divorces     []Divorce

	Property      []scenarios.Property
	Debts         []scenarios.Debt
	TaxArrears    float64
	UpcomingTaxes []scenarios.UpcomingTax
	School        *Enrolment
}

// Divorce is a dissolved marriage.
type Divorce struct {
	Spouse       *Person
	MarriageDate string
	DivorceDate  string
}

// Enrolment places a person in a school.
type Enrolment struct {
	School       *School
	Grade        int
	EnrolledDate string
}

// School is an NEDB school.
type School = scenarios.School

// Entity is a legal entity.
type Entity = scenarios.Entity

// Holder is the person as a document names them.
func (p *Person) Holder() document.Holder {
	return document.Holder{IIN: p.IIN, Surname: p.Surname, Name: p.Name, Patronymic: p.Patronymic, BirthDate: p.BirthDate, Gender: p.Gender}
}

// FullName is "SURNAME NAME PATRONYMIC".
func (p *Person) FullName() string { return p.Holder().FullName() }

// typeBits is each type's bit in Person.held, by slug; -1 for none (a request's hot path asks).
var typeBits = func() map[string]int {
	m := make(map[string]int, len(document.Types))
	for i, t := range document.Types {
		m[t.Slug] = i
	}
	return m
}()

func typeIndex(slug string) int {
	if i, ok := typeBits[slug]; ok {
		return i
	}
	return -1
}

// Holds reports whether the person holds a document of this type.
func (p *Person) Holds(slug string) bool {
	i := typeIndex(slug)
	return i >= 0 && p.held&(1<<i) != 0
}

// DocumentSlugs lists the types the person holds, in the upstream's order.
func (p *Person) DocumentSlugs() []string {
	var out []string
	for i, t := range document.Types {
		if p.held&(1<<i) != 0 {
			out = append(out, t.Slug)
		}
	}
	return out
}

// Document builds the person's document of this type (deterministic), or nil if not held.
func (p *Person) Document(slug string) *document.Document {
	t, ok := document.Lookup(slug)
	if !ok || !p.Holds(slug) {
		return nil
	}
	return document.Build(p.Holder(), t, p.familyFields(slug))
}

// DocumentCommon is Document without the type-specific domain: number and dates only.
func (p *Person) DocumentCommon(slug string) *document.Document {
	t, ok := document.Lookup(slug)
	if !ok || !p.Holds(slug) {
		return nil
	}
	return document.BuildCommon(p.Holder(), t, p.docFields[slug])
}

// familyFields are the document fields the population knows for certain: a marriage certificate
// names the real spouse, a divorce certificate the former one, a birth certificate the parents.
// Fields the scenario gives win.
func (p *Person) familyFields(slug string) map[string]any {
	given := p.docFields[slug]
	var known map[string]any
	ref := func(o *Person) map[string]any {
		return map[string]any{"iin": o.IIN, "fullName": o.FullName(), "birthDate": o.BirthDate}
	}
	// Both spouses' certificates carry one act record: the husband's (deterministic) act number and
	// registry office.
	act := func(a, b *Person) {
		husband := a
		if husband.Gender != kz.Male {
			husband = b
		}
		t, _ := document.Lookup(slug)
		if a, ok := document.Build(husband.Holder(), t, nil).Act(); ok {
			known["actNumber"] = a.Number
			known["zags"] = a.Office
		}
	}
	switch slug {
	case "marriage_certificate":
		if p.Spouse != nil {
			known = map[string]any{"spouse": ref(p.Spouse)}
			act(p, p.Spouse)
			if p.MarriageDate != "" {
				known["marriageDate"] = p.MarriageDate
				known["registrationDate"] = p.MarriageDate
				known[document.FieldIssuedDate] = p.MarriageDate
			}
		}
	case "divorce_certificate":
		if len(p.Divorces) > 0 {
			d := p.Divorces[len(p.Divorces)-1]
			known = map[string]any{"spouse": ref(d.Spouse)}
			act(p, d.Spouse)
			if d.MarriageDate != "" {
				known["marriageDate"] = d.MarriageDate
			}
			if d.DivorceDate != "" {
				known["divorceDate"] = d.DivorceDate
				known["registrationDate"] = d.DivorceDate
				known[document.FieldIssuedDate] = d.DivorceDate
			}
		}
	case "birth_certificate":
		for _, parent := range p.Parents {
			if known == nil {
				known = map[string]any{}
			}
			role := "father"
			if parent.Gender == kz.Female {
				role = "mother"
			}
			known[role] = ref(parent)
		}
	}
	if known == nil {
		return given
	}
	for k, v := range given {
		known[k] = v
	}
	return known
}

// DocumentNumber is the number of the person's document of this type without building it whole.
func (p *Person) DocumentNumber(slug string) string {
	t, ok := document.Lookup(slug)
	if !ok {
		return ""
	}
	if f, ok := p.docFields[slug][document.FieldNumber]; ok {
		return fmt.Sprint(f)
	}
	return document.Number(p.IIN, t)
}

// Population is the read-only set of people, entities and schools of one scenario.
type Population struct {
	people     []*Person
	byIIN      map[string]*Person
	byDoc      map[string]*Person // identity card and passport numbers (GBDFL documentNumber search)
	byName     map[string][]*Person
	entities   map[string]*Entity
	schools    []*School
	byLocation map[string][]*School
	schoolBIN  map[string]*School
}

func nameKey(surname, name, birthDate string) string {
	return strings.ToUpper(surname) + "\x00" + strings.ToUpper(name) + "\x00" + birthDate
}

// Build makes the population of a validated scenario: its citizens, then generated people.
func Build(s *scenarios.Scenario) (*Population, error) {
	p := &Population{
		byIIN:      make(map[string]*Person, len(s.Citizens)),
		byDoc:      map[string]*Person{},
		byName:     map[string][]*Person{},
		entities:   map[string]*Entity{},
		byLocation: map[string][]*School{},
		schoolBIN:  map[string]*School{},
	}
	for i := range s.Schools {
		sc := &s.Schools[i]
		p.schools = append(p.schools, sc)
		p.byLocation[sc.LocationCode] = append(p.byLocation[sc.LocationCode], sc)
		p.schoolBIN[sc.BIN] = sc
	}
	for i := range s.Entities {
		p.entities[s.Entities[i].BIN] = &s.Entities[i]
	}
	for i := range s.Citizens {
		c := &s.Citizens[i]
		per := &Person{
			IIN: c.IIN, Surname: c.Surname, Name: c.Name, Patronymic: c.Patronymic,
			BirthDate: c.BirthDate, Gender: kz.Gender(c.Gender), Phone: c.Phone, Profile: c.HasProfile(),
			EdocFailure: c.EdocFailure, MarriageDate: c.MarriageDate,
			Property: c.Property, Debts: c.EnforcementDebts, TaxArrears: c.TaxArrears, UpcomingTaxes: c.UpcomingTaxes,
		}
		for slug, fields := range c.Documents {
			per.held |= 1 << typeIndex(slug)
			if len(fields) > 0 {
				if per.docFields == nil {
					per.docFields = map[string]map[string]any{}
				}
				per.docFields[slug] = fields
			}
		}
		if c.School != nil {
			per.School = &Enrolment{School: p.schoolBIN[c.School.BIN], Grade: c.School.Grade, EnrolledDate: c.School.EnrolledDate}
		}
		if err := p.add(per); err != nil {
			return nil, refused(s, err, "citizens")
		}
	}
	// Links, now that everyone exists. The scenario validator already checked they resolve.
	for i := range s.Citizens {
		c := &s.Citizens[i]
		per := p.byIIN[c.IIN]
		if c.Spouse != "" {
			per.Spouse = p.byIIN[c.Spouse]
		}
		for _, ch := range c.Children {
			child := p.byIIN[ch]
			per.Children = append(per.Children, child)
			child.Parents = append(child.Parents, per)
		}
		for _, d := range c.Divorces {
			per.Divorces = append(per.Divorces, Divorce{Spouse: p.byIIN[d.Spouse], MarriageDate: d.MarriageDate, DivorceDate: d.DivorceDate})
		}
	}
	// A child of one parent is the child of that parent's spouse too, when the scenario says nothing else.
	for _, per := range p.people {
		if per.Spouse == nil {
			continue
		}
		for _, child := range per.Children {
			if len(child.Parents) == 1 && !contains(per.Spouse.Children, child) {
				per.Spouse.Children = append(per.Spouse.Children, child)
				child.Parents = append(child.Parents, per.Spouse)
			}
		}
	}
	if g := s.Population; g != nil && g.Generate > 0 {
		if err := generate(p, g.Generate, g.Seed); err != nil {
			return nil, refused(s, err, "population")
		}
	}
	return p, nil
}

// refused is a scenario the population cannot be built from, as a scenario error on the line of
// the top-level key that caused it (the first line when the source has none), so that the admin
// API and the servers name a real line.
func refused(s *scenarios.Scenario, err error, key string) error {
	file := s.File
	if file == "" {
		file = "scenario"
	}
	return &scenarios.Error{File: file, Problems: []scenarios.Problem{{Line: lineOf(s.Source, key), Message: err.Error()}}}
}

func lineOf(src []byte, key string) int {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return 1
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i].Line
		}
	}
	return 1
}

func contains(list []*Person, x *Person) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// add indexes a person; generated people go through it too.
func (p *Population) add(per *Person) error {
	if _, dup := p.byIIN[per.IIN]; dup {
		return fmt.Errorf("population: IIN %s twice", per.IIN)
	}
	p.people = append(p.people, per)
	p.byIIN[per.IIN] = per
	for _, slug := range []string{"identity_card", "passport"} {
		if per.Holds(slug) {
			p.byDoc[per.DocumentNumber(slug)] = per
		}
	}
	k := nameKey(per.Surname, per.Name, per.BirthDate)
	p.byName[k] = append(p.byName[k], per)
	return nil
}

// Len is the number of people.
func (p *Population) Len() int { return len(p.people) }

// People lists everyone, scenario citizens first.
func (p *Population) People() []*Person { return p.people }

// Person finds a person by IIN.
func (p *Population) Person(iin string) (*Person, bool) {
	per, ok := p.byIIN[iin]
	return per, ok
}

// ByDocument finds the holder of an identity card or passport number.
func (p *Population) ByDocument(number string) (*Person, bool) {
	per, ok := p.byDoc[number]
	return per, ok
}

// ByName finds people by surname, name and birth date (case-insensitive names), narrowed by
// patronymic when one is given.
func (p *Population) ByName(surname, name, patronymic, birthDate string) []*Person {
	var out []*Person
	for _, per := range p.byName[nameKey(surname, name, birthDate)] {
		if patronymic == "" || strings.EqualFold(per.Patronymic, patronymic) {
			out = append(out, per)
		}
	}
	return out
}

// Entity finds a legal entity by BIN.
func (p *Population) Entity(bin string) (*Entity, bool) {
	e, ok := p.entities[bin]
	return e, ok
}

// SchoolsAt lists the schools at a location code, by BIN.
func (p *Population) SchoolsAt(locationCode string) []*School {
	out := append([]*School(nil), p.byLocation[locationCode]...)
	sort.Slice(out, func(i, j int) bool { return out[i].BIN < out[j].BIN })
	return out
}

// School finds a school by BIN.
func (p *Population) School(bin string) (*School, bool) {
	s, ok := p.schoolBIN[bin]
	return s, ok
}
