package egov

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/scenarios"
)

// What the scenario leaves out of the civil-registry and tax records (act numbers, registry
// offices, dates) is generated here, deterministically from the people involved, so that every
// call, both spouses and both simulators tell the same story.

type birthInfo struct {
	ChildIIN        string  `json:"childIin"`
	ChildSurname    string  `json:"childSurname"`
	ChildName       string  `json:"childName"`
	ChildPatronymic *string `json:"childPatronymic"`
	ChildBirthDate  string  `json:"childBirthDate"`
	FatherIIN       *string `json:"fatherIin"`
	MotherIIN       *string `json:"motherIin"`
	ActNumber       string  `json:"actNumber"`
	ActDate         string  `json:"actDate"`
	ZagsNameRu      string  `json:"zagsNameRu"`
}

type marriageInfo struct {
	HusbandIIN     string `json:"husbandIin"`
	WifeIIN        string `json:"wifeIin"`
	HusbandSurname string `json:"husbandSurname"`
	WifeSurname    string `json:"wifeSurname"`
	ActNumber      string `json:"actNumber"`
	MarriageDate   string `json:"marriageDate"`
	ZagsNameRu     string `json:"zagsNameRu"`
}

type divorceInfo struct {
	HusbandIIN  string `json:"husbandIin"`
	WifeIIN     string `json:"wifeIin"`
	ActNumber   string `json:"actNumber"`
	DivorceDate string `json:"divorceDate"`
	ZagsNameRu  string `json:"zagsNameRu"`
}

type taxOffice struct{ nameRu, charCode string }

var taxOffices = []taxOffice{
	{"УГД по Медеускому району г. Алматы", "6005"},
	{"УГД по Алмалинскому району г. Алматы", "6001"},
	{"УГД по Бостандыкскому району г. Алматы", "6007"},
	{"УГД по Есильскому району г. Астаны", "6205"},
	{"УГД по Алматинскому району г. Астаны", "6201"},
	{"УГД по Енбекшинскому району г. Шымкента", "5903"},
}

// lastIssue bounds generated record dates: the documents' last issue day, the day before the
// world's today.
var lastIssue = document.LastIssue()

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// between is a day in [from, to]; from when the range is empty.
func between(r *rand.Rand, from, to time.Time) string {
	return facts.Between(r, from, to).Format(time.DateOnly)
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// couple orders two people husband first (by gender; the first given when that does not decide)
// and names the couple for seeding, the same whichever spouse is asked.
func couple(a, b *population.Person) (husband, wife *population.Person, key string) {
	husband, wife = a, b
	if a.Gender == kz.Female && b.Gender == kz.Male {
		husband, wife = b, a
	}
	x, y := a.IIN, b.IIN
	if x > y {
		x, y = y, x
	}
	return husband, wife, x + "+" + y
}

func adulthood(a, b *population.Person) time.Time {
	t := lastIssue.AddDate(-1, 0, 0)
	if ba, ok := parseDate(a.BirthDate); ok {
		t = ba.AddDate(18, 0, 0)
	}
	if bb, ok := parseDate(b.BirthDate); ok && bb.AddDate(18, 0, 0).After(t) {
		t = bb.AddDate(18, 0, 0)
	}
	return t
}

// act is what a civil-registry record shares with the certificate E-Document shows for it.
type act struct{ number, office, date string }

// certificateAct reads the act of a spouse's certificate of slug (marriage or divorce) when the
// certificate is about this couple, the husband's first, so that ZAGS and E-Document agree on it.
func certificateAct(h, w *population.Person, slug string) (act, bool) {
	for _, pair := range [2][2]*population.Person{{h, w}, {w, h}} {
		d := pair[0].Document(slug)
		if d == nil {
			continue
		}
		cert, ok := d.Act()
		if !ok || cert.Spouse.IIN != pair[1].IIN {
			continue
		}
		a := act{number: cert.Number, office: cert.Office, date: cert.Married.String()}
		if slug == "divorce_certificate" {
			a.date = cert.Divorced.String()
		}
		return a, true
	}
	return act{}, false
}

func (a act) fill(number, office, date *string) {
	if a.number != "" {
		*number = a.number
	}
	if a.office != "" {
		*office = a.office
	}
	if _, given := parseDate(*date); !given && a.date != "" {
		*date = a.date
	}
}

func marriageRecord(a, b *population.Person, date, until string) marriageInfo {
	h, w, key := couple(a, b)
	r := facts.Seed(key, "marriage", date)
	m := marriageInfo{HusbandIIN: h.IIN, WifeIIN: w.IIN, HusbandSurname: h.Surname, WifeSurname: w.Surname,
		ActNumber: facts.ActNumber(r), MarriageDate: date, ZagsNameRu: facts.AnyRegistryOffice(r)}
	if cert, ok := certificateAct(h, w, "marriage_certificate"); ok {
		cert.fill(&m.ActNumber, &m.ZagsNameRu, &m.MarriageDate)
	}
	if _, ok := parseDate(m.MarriageDate); !ok {
		end := lastIssue
		if u, ok := parseDate(until); ok {
			end = u.AddDate(0, -6, 0)
		}
		m.MarriageDate = between(r, adulthood(a, b), end)
	}
	return m
}

// currentMarriage is the person's marriage, if married.
func currentMarriage(p *population.Person) []marriageInfo {
	out := []marriageInfo{}
	if p != nil && p.Spouse != nil {
		out = append(out, marriageRecord(p, p.Spouse, p.MarriageDate, ""))
	}
	return out
}

// formerMarriages are the marriages that ended in divorce, oldest first.
func formerMarriages(p *population.Person) []marriageInfo {
	out := []marriageInfo{}
	if p == nil {
		return out
	}
	for _, d := range p.Divorces {
		if d.Spouse != nil {
			out = append(out, marriageRecord(p, d.Spouse, d.MarriageDate, d.DivorceDate))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].MarriageDate < out[j].MarriageDate })
	return out
}

func divorceInfos(p *population.Person) []divorceInfo {
	out := []divorceInfo{}
	if p == nil {
		return out
	}
	for _, d := range p.Divorces {
		if d.Spouse == nil {
			continue
		}
		m := marriageRecord(p, d.Spouse, d.MarriageDate, d.DivorceDate)
		h, w, key := couple(p, d.Spouse)
		r := facts.Seed(key, "divorce", m.MarriageDate)
		di := divorceInfo{HusbandIIN: m.HusbandIIN, WifeIIN: m.WifeIIN, ActNumber: facts.ActNumber(r), DivorceDate: d.DivorceDate, ZagsNameRu: facts.AnyRegistryOffice(r)}
		if cert, ok := certificateAct(h, w, "divorce_certificate"); ok {
			cert.fill(&di.ActNumber, &di.ZagsNameRu, &di.DivorceDate)
		}
		if _, ok := parseDate(di.DivorceDate); !ok {
			married, _ := parseDate(m.MarriageDate)
			di.DivorceDate = between(r, married.AddDate(1, 0, 0), lastIssue)
		}
		out = append(out, di)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DivorceDate < out[j].DivorceDate })
	return out
}

// birthRecord is a person's birth record. When they hold a birth certificate its act number, date
// and registry office are the record's, so that E-Document and ZAGS agree.
func birthRecord(child *population.Person) birthInfo {
	b := birthInfo{ChildIIN: child.IIN, ChildSurname: child.Surname, ChildName: child.Name,
		ChildPatronymic: strPtr(child.Patronymic), ChildBirthDate: child.BirthDate}
	for _, parent := range child.Parents {
		if parent.Gender == kz.Female {
			b.MotherIIN = strPtr(parent.IIN)
		} else {
			b.FatherIIN = strPtr(parent.IIN)
		}
	}
	r := facts.Seed(child.IIN, "birth")
	b.ActNumber = facts.ActNumber(r)
	born, ok := parseDate(child.BirthDate)
	if !ok {
		born = lastIssue
	}
	b.ActDate = born.AddDate(0, 0, 3+r.IntN(28)).Format(time.DateOnly)
	b.ZagsNameRu = facts.AnyRegistryOffice(r)
	if d := child.Document("birth_certificate"); d != nil {
		if cert, ok := d.Act(); ok {
			if cert.Number != "" {
				b.ActNumber = cert.Number
			}
			if !cert.Registered.IsZero() {
				b.ActDate = cert.Registered.String()
			}
			if cert.Office != "" {
				b.ZagsNameRu = cert.Office
			}
		}
	}
	return b
}

// birthInfos are the person's children's birth records, then their own when their parents are known.
func birthInfos(p *population.Person) []birthInfo {
	out := []birthInfo{}
	if p == nil {
		return out
	}
	for _, ch := range p.Children {
		out = append(out, birthRecord(ch))
	}
	if len(p.Parents) > 0 {
		out = append(out, birthRecord(p))
	}
	return out
}

// enrolledDate is the scenario's date, else 1 September of the year the current grade began
// counted back from the seventh birthday's school year.
func enrolledDate(p *population.Person) string {
	if _, ok := parseDate(p.School.EnrolledDate); ok {
		return p.School.EnrolledDate
	}
	year := lastIssue.Year()
	if born, ok := parseDate(p.BirthDate); ok {
		year = born.Year() + 6 + max(p.School.Grade, 1) - 1
	}
	return time.Date(year, 9, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func registrationDate(p *population.Person, i int, given string) string {
	if _, ok := parseDate(given); ok {
		return given
	}
	from := lastIssue.AddDate(-10, 0, 0)
	if born, ok := parseDate(p.BirthDate); ok && born.AddDate(18, 0, 0).After(from) {
		from = born.AddDate(18, 0, 0)
	}
	return between(facts.Seed(p.IIN, "property", strconv.Itoa(i)), from, lastIssue)
}

func taxOfficeFor(iinOrBIN string) taxOffice {
	return facts.Pick(facts.Seed(iinOrBIN, "tax"), taxOffices)
}

// nextDueDate is the next 1 October (the property, land and transport tax deadline) after now.
func nextDueDate(now time.Time) string {
	now = now.UTC()
	due := time.Date(now.Year(), 10, 1, 0, 0, 0, 0, time.UTC)
	if !due.After(now) {
		due = due.AddDate(1, 0, 0)
	}
	return due.Format(time.DateOnly)
}

func (s subject) debts() []scenarios.Debt {
	switch {
	case s.person != nil:
		return s.person.Debts
	case s.entity != nil:
		return s.entity.EnforcementDebts
	}
	return nil
}

func (s subject) taxArrears() float64 {
	switch {
	case s.person != nil:
		return s.person.TaxArrears
	case s.entity != nil:
		return s.entity.TaxArrears
	}
	return 0
}

func (s subject) upcoming() []scenarios.UpcomingTax {
	switch {
	case s.person != nil:
		return s.person.UpcomingTaxes
	case s.entity != nil:
		return s.entity.UpcomingTaxes
	}
	return nil
}
