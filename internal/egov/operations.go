package egov

import (
	"math"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/internal/upstream"
)

// operation is one of the eleven: whether it takes senderCode, and how it checks and answers.
type operation struct {
	senderCode bool
	prepare    func(c *call) (*prepared, *apiError)
}

// operations holds every name of upstream.EgovOperations (a test keeps them in step). The
// parameters each takes, and which are required, are the connector document's tables.
var operations = map[string]operation{
	"gbdflUniversalServiceSync":  {senderCode: true, prepare: gbdfl},
	"familyInfoServiceSync":      {senderCode: true, prepare: familyInfo},
	"NEDBSyncSchoolData":         {prepare: nedbSchools},
	"checkDebtorByIINBIN":        {prepare: checkDebtor},
	"citsDebts":                  {prepare: citsDebts},
	"citsUpcPays":                {prepare: citsUpcPays},
	"zagsFindMarriageSync":       {senderCode: true, prepare: findMarriage},
	"MON_NEDB_UNIVERSAL_SERVICE": {senderCode: true, prepare: education},
	"initPaymentRequest":         {prepare: initPayment},
	"GbdrnOwnerForRegCitizen":    {senderCode: true, prepare: propertyOwner},
	"paymentInfoRequest":         {senderCode: true, prepare: paymentInfo},
}

// ---- gbdflUniversalServiceSync

// A GBDFL person record (EVIDENCE §4; the connector document's example where it speaks):
// dictionaries are facts.Dict {code, nameRu, nameKz}; dates are "YYYY-MM-DD" as the example shows.
type gbdflDocument struct {
	Type              facts.Dict `json:"type"`
	Number            string     `json:"number"`
	BeginDate         string     `json:"beginDate"`
	EndDate           string     `json:"endDate"`
	IssueOrganization facts.Dict `json:"issueOrganization"`
	Status            facts.Dict `json:"status"`
}

type gbdflPlace struct {
	Country  facts.Dict `json:"country"`
	Region   facts.Dict `json:"region"`
	District facts.Dict `json:"district"`
	City     string     `json:"city"`
}

type gbdflAddress struct {
	Country   facts.Dict `json:"country"`
	Region    facts.Dict `json:"region"`
	District  facts.Dict `json:"district"`
	City      string     `json:"city"`
	Street    string     `json:"street"`
	Building  string     `json:"building"`
	Flat      string     `json:"flat"`
	BeginDate string     `json:"beginDate"`
	Status    facts.Dict `json:"status"`
}

type gbdflPerson struct {
	IIN          string          `json:"iin"`
	Surname      string          `json:"surname"`
	Name         string          `json:"name"`
	Patronymic   *string         `json:"patronymic"`
	BirthDate    string          `json:"birthDate"`
	Gender       facts.Dict      `json:"gender"`
	Citizenship  facts.Dict      `json:"citizenship"`
	Nationality  facts.Dict      `json:"nationality"`
	LifeStatus   facts.Dict      `json:"lifeStatus"`
	BirthPlace   gbdflPlace      `json:"birthPlace"`
	RegAddress   gbdflAddress    `json:"regAddress"`
	EngFirstName string          `json:"engFirstName"`
	EngSurname   string          `json:"engSurname"`
	Documents    []gbdflDocument `json:"documents"`
}

type gbdflAnswer struct {
	Success      bool          `json:"success"`
	ResponseInfo responseInfo  `json:"responseInfo"`
	Persons      []gbdflPerson `json:"persons"`
}

// GBDFL's dictionaries (EVIDENCE §4). The regAddress status is assumed.
var (
	gbdflMale      = facts.Dict{Code: "1", NameRu: "Мужской", NameKz: "Ер"}
	gbdflFemale    = facts.Dict{Code: "2", NameRu: "Женский", NameKz: "Әйел"}
	gbdflAlive     = facts.Dict{Code: "0", NameRu: "Нормальный", NameKz: "Қалыпты"}
	gbdflValid     = facts.Dict{Code: "00", NameRu: "ДОКУМЕНТ ДЕЙСТВИТЕЛЕН", NameKz: "ҚҰЖАТ ЖАРАМДЫ"}
	gbdflPermanent = facts.Dict{Code: "1", NameRu: "ПОСТОЯННАЯ РЕГИСТРАЦИЯ", NameKz: "ТҰРАҚТЫ ТІРКЕУ"}
	gbdflMVD       = "002" // issueOrganization code of the Ministry of Internal Affairs, which issues both documents
)

// GBDFL identity documents: the E-Document type whose number and dates they carry, and their
// GBDFL type.
var gbdflDocTypes = []struct {
	slug string
	typ  facts.Dict
}{
	{"identity_card", facts.Dict{Code: "002", NameRu: "УДОСТОВЕРЕНИЕ РК", NameKz: "ҚР ЖЕКЕ КУӘЛІГІ"}},
	{"passport", facts.Dict{Code: "001", NameRu: "ПАСПОРТ РК", NameKz: "ҚР ПАСПОРТЫ"}},
}

// personOf is the person's GBDFL record: the place of birth and the address are the ones their
// identity card prints (document.ProfileOf), the documents' numbers and dates E-Document's.
func personOf(p *population.Person) gbdflPerson {
	h := p.Holder()
	prof := document.ProfileOf(h)
	out := gbdflPerson{
		IIN: p.IIN, Surname: p.Surname, Name: p.Name, BirthDate: p.BirthDate,
		Gender:      gbdflMale,
		Citizenship: facts.Kazakhstan,
		Nationality: prof.Nationality.Dict,
		LifeStatus:  gbdflAlive,
		BirthPlace: gbdflPlace{
			Country:  facts.Kazakhstan,
			Region:   prof.BirthRegion.Dict,
			District: prof.BirthDistrict,
			City:     prof.BirthRegion.City,
		},
		RegAddress: gbdflAddress{
			Country:   facts.Kazakhstan,
			Region:    prof.Address.Region.Dict,
			District:  prof.Address.District,
			City:      prof.Address.Region.City,
			Street:    prof.Address.Street,
			Building:  prof.Address.Building,
			Flat:      prof.Address.Flat,
			BeginDate: prof.Address.Since.String(),
			Status:    gbdflPermanent,
		},
		EngFirstName: facts.Latin(p.Name),
		EngSurname:   facts.Latin(p.Surname),
		Documents:    []gbdflDocument{},
	}
	if p.Gender == kz.Female {
		out.Gender = gbdflFemale
	}
	if p.Patronymic != "" {
		pat := p.Patronymic
		out.Patronymic = &pat
	}
	for _, dt := range gbdflDocTypes {
		d := p.DocumentCommon(dt.slug)
		if d == nil {
			continue
		}
		g := gbdflDocument{Type: dt.typ, Number: d.Number, BeginDate: d.IssuedDate, EndDate: d.ExpirationDate,
			IssueOrganization: facts.Dict{Code: gbdflMVD, NameRu: d.Type.IssuerRu, NameKz: d.Type.IssuerKk},
			Status:            gbdflValid}
		if g.EndDate == "" { // a scenario that blanked the expiry: identity documents run ten years
			if t, err := time.Parse(time.DateOnly, d.IssuedDate); err == nil {
				g.EndDate = t.AddDate(10, 0, -1).Format(time.DateOnly)
			}
		}
		out.Documents = append(out.Documents, g)
	}
	return out
}

// gbdfl searches by iin, by documentNumber, or by surname + name + birthDate (patronymic narrows).
// Every criterion given must match.
func gbdfl(c *call) (*prepared, *apiError) {
	iin, err := c.optString("iin")
	if err != nil {
		return nil, err
	}
	if iin != "" {
		if iin, err = c.iin("iin"); err != nil {
			return nil, err
		}
	}
	var q struct{ surname, name, patronymic, birthDate, doc string }
	for _, f := range []struct {
		name string
		dst  *string
	}{{"surname", &q.surname}, {"name", &q.name}, {"patronymic", &q.patronymic}, {"documentNumber", &q.doc}} {
		if *f.dst, err = c.optString(f.name); err != nil {
			return nil, err
		}
		*f.dst = strings.TrimSpace(*f.dst)
	}
	if q.birthDate, err = c.date("birthDate"); err != nil {
		return nil, err
	}
	byName := q.surname != "" || q.name != ""
	switch {
	case iin == "" && q.doc == "" && !byName:
		return nil, invalid("a search criterion is required: iin, or surname + name + birthDate, or documentNumber")
	case iin == "" && q.doc == "" && q.surname == "":
		return nil, invalid("surname: is required when searching by name")
	case iin == "" && q.doc == "" && q.name == "":
		return nil, invalid("name: is required when searching by name")
	case iin == "" && q.doc == "" && q.birthDate == "":
		return nil, invalid("birthDate: is required when searching by name")
	}
	pop := c.st.pop
	var found []*population.Person
	switch {
	case iin != "":
		if p, ok := pop.Person(iin); ok {
			found = append(found, p)
		}
	case q.doc != "":
		if p, ok := pop.ByDocument(q.doc); ok {
			found = append(found, p)
		}
	default:
		found = pop.ByName(q.surname, q.name, q.patronymic, q.birthDate)
	}
	persons := []gbdflPerson{}
	for _, p := range found {
		if (iin != "" && p.IIN != iin) ||
			(q.doc != "" && !holdsNumber(p, q.doc)) ||
			(q.surname != "" && !strings.EqualFold(p.Surname, q.surname)) ||
			(q.name != "" && !strings.EqualFold(p.Name, q.name)) ||
			(q.patronymic != "" && !strings.EqualFold(p.Patronymic, q.patronymic)) ||
			(q.birthDate != "" && p.BirthDate != q.birthDate) {
			continue
		}
		persons = append(persons, personOf(p))
	}
	subject := iin
	if subject == "" && len(persons) > 0 {
		subject = persons[0].IIN // faults by IIN follow the person however they were found
	}
	return &prepared{subject: subject, answer: func(_ time.Time, ri responseInfo) (any, *apiError) {
		return gbdflAnswer{Success: true, ResponseInfo: ri, Persons: persons}, nil
	}}, nil
}

func holdsNumber(p *population.Person, number string) bool {
	for _, dt := range gbdflDocTypes {
		if p.Holds(dt.slug) && p.DocumentNumber(dt.slug) == number {
			return true
		}
	}
	return false
}

// ---- familyInfoServiceSync, zagsFindMarriageSync

type familyAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	ServiceData  struct {
		BirthInfos    []birthInfo    `json:"birthInfos"`
		MarriageInfos []marriageInfo `json:"marriageInfos"`
		DivorceInfos  []divorceInfo  `json:"divorceInfos"`
	} `json:"serviceData"`
}

type marriageAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	ServiceData  struct {
		MarriageInfos []marriageInfo `json:"marriageInfos"`
	} `json:"serviceData"`
}

// iinOperation is the shape of the operations that take one person's iin (and senderCode).
func iinOperation(c *call, answer func(p *population.Person, iin string, now time.Time, ri responseInfo) any) (*prepared, *apiError) {
	iin, err := c.iin("iin")
	if err != nil {
		return nil, err
	}
	p, _ := c.st.pop.Person(iin) // nil: nobody holds it, an answer with empty lists
	return &prepared{subject: iin, answer: func(now time.Time, ri responseInfo) (any, *apiError) {
		return answer(p, iin, now, ri), nil
	}}, nil
}

func familyInfo(c *call) (*prepared, *apiError) {
	return iinOperation(c, func(p *population.Person, _ string, _ time.Time, ri responseInfo) any {
		var a familyAnswer
		a.ResponseInfo = ri
		a.ServiceData.BirthInfos = birthInfos(p)
		a.ServiceData.MarriageInfos = currentMarriage(p)
		a.ServiceData.DivorceInfos = divorceInfos(p)
		return a
	})
}

func findMarriage(c *call) (*prepared, *apiError) {
	return iinOperation(c, func(p *population.Person, _ string, _ time.Time, ri responseInfo) any {
		var a marriageAnswer
		a.ResponseInfo = ri
		a.ServiceData.MarriageInfos = append(currentMarriage(p), formerMarriages(p)...)
		return a
	})
}

// ---- NEDBSyncSchoolData, MON_NEDB_UNIVERSAL_SERVICE

type school struct {
	BIN    string `json:"bin"`
	NedbID string `json:"nedbId"`
	NameRu string `json:"nameRu"`
	NameKk string `json:"nameKk"`
}

type schoolsAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	Schools      []school     `json:"schools"`
}

func nedbSchools(c *call) (*prepared, *apiError) {
	loc, err := c.reqString("locationCode")
	if err != nil {
		return nil, err
	}
	if !allDigits(loc) || len(loc) > 12 {
		return nil, invalid("locationCode: must be a territory code of up to 12 digits, such as 750000000")
	}
	list := []school{}
	for _, s := range c.st.pop.SchoolsAt(loc) {
		list = append(list, school{BIN: s.BIN, NedbID: s.NedbID, NameRu: s.NameRu, NameKk: s.NameKk})
	}
	return &prepared{answer: func(_ time.Time, ri responseInfo) (any, *apiError) {
		ri.Status = statusNEDB // the status the connector document shows for this operation
		return schoolsAnswer{ResponseInfo: ri, Schools: list}, nil
	}}, nil
}

type educationRecord struct {
	BIN          string `json:"bin"`
	NedbID       string `json:"nedbId"`
	NameRu       string `json:"nameRu"`
	NameKk       string `json:"nameKk"`
	Grade        int    `json:"grade"`
	EnrolledDate string `json:"enrolledDate"`
}

type educationAnswer struct {
	ResponseInfo  responseInfo `json:"responseInfo"`
	EducationInfo struct {
		IIN     string            `json:"iin"`
		Records []educationRecord `json:"records"`
	} `json:"educationInfo"`
}

func education(c *call) (*prepared, *apiError) {
	return iinOperation(c, func(p *population.Person, iin string, _ time.Time, ri responseInfo) any {
		var a educationAnswer
		a.ResponseInfo = ri
		a.EducationInfo.IIN = iin
		a.EducationInfo.Records = []educationRecord{}
		if p != nil && p.School != nil && p.School.School != nil {
			s := p.School.School
			a.EducationInfo.Records = append(a.EducationInfo.Records, educationRecord{
				BIN: s.BIN, NedbID: s.NedbID, NameRu: s.NameRu, NameKk: s.NameKk,
				Grade: p.School.Grade, EnrolledDate: enrolledDate(p),
			})
		}
		return a
	})
}

// ---- checkDebtorByIINBIN

type debtorRecord struct {
	ExecProc       float64 `json:"execProc"`
	DebtorIIN      string  `json:"debtorIin"`
	RecoveryAmount float64 `json:"recoveryAmount"`
	CategoryRu     string  `json:"categoryRu"`
}

// debtorAnswer keeps the document's own shape: messageId and status at the top, no responseInfo.
type debtorAnswer struct {
	MessageID string         `json:"messageId"`
	Status    status         `json:"status"`
	Data      []debtorRecord `json:"data"`
}

// subject is what the gateway knows of an IIN or BIN: a person, an entity, or nobody.
type subject struct {
	person *population.Person
	entity *population.Entity
}

func (c *call) lookup(iinOrBIN string) subject {
	if p, ok := c.st.pop.Person(iinOrBIN); ok {
		return subject{person: p}
	}
	if e, ok := c.st.pop.Entity(iinOrBIN); ok {
		return subject{entity: e}
	}
	return subject{}
}

func checkDebtor(c *call) (*prepared, *apiError) {
	id, err := c.iinOrBIN("iinOrBin")
	if err != nil {
		return nil, err
	}
	who := c.lookup(id)
	return &prepared{subject: id, answer: func(_ time.Time, ri responseInfo) (any, *apiError) {
		data := []debtorRecord{}
		for _, d := range who.debts() {
			cat := d.Category
			if cat == "" {
				cat = "Исполнительный лист"
			}
			data = append(data, debtorRecord{ExecProc: d.ExecProc, DebtorIIN: id, RecoveryAmount: d.RecoveryAmount, CategoryRu: cat})
		}
		// The only identifier this shape has: it echoes the request's (the caller's correlation).
		return debtorAnswer{MessageID: ri.CorrelationID, Status: statusSuccess, Data: data}, nil
	}}, nil
}

// ---- citsDebts, citsUpcPays

type taxArrear struct {
	NameRu    string  `json:"nameRu"`
	CharCode  string  `json:"charCode"`
	TaxArrear float64 `json:"taxArrear"`
}

type debtsAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	DebtsInfo    struct {
		IINBin           string      `json:"iinBin"`
		TotalArrear      float64     `json:"totalArrear"`
		TotalTaxArrear   float64     `json:"totalTaxArrear"`
		TaxOrganizations []taxArrear `json:"taxOrganizations"`
	} `json:"debtsInfo"`
}

type upcomingPayment struct {
	NameRu   string  `json:"nameRu"`
	CharCode string  `json:"charCode"`
	Kind     string  `json:"kind"`
	Amount   float64 `json:"amount"`
	DueDate  string  `json:"dueDate"`
}

type upcomingAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	TaxData      struct {
		IINBin           string            `json:"iinBin"`
		TotalUpcPays     float64           `json:"totalUpcPays"`
		TaxOrganizations []upcomingPayment `json:"taxOrganizations"`
	} `json:"taxData"`
}

// citsParams reads iinBin, digitalSignBaseUrl and certEnvPrefix. tenToTwelve admits the 10–11
// digit values the document allows for citsDebts; they are no IIN or BIN here, so nothing is found.
func citsParams(c *call, tenToTwelve bool) (string, *apiError) {
	id, err := c.reqString("iinBin")
	if err != nil {
		return "", err
	}
	if !(tenToTwelve && allDigits(id) && (len(id) == 10 || len(id) == 11)) {
		if id, err = c.iinOrBIN("iinBin"); err != nil {
			return "", err
		}
	}
	if _, err := c.baseURL("digitalSignBaseUrl"); err != nil {
		return "", err
	}
	if _, err := c.optString("certEnvPrefix"); err != nil {
		return "", err
	}
	return id, nil
}

func citsDebts(c *call) (*prepared, *apiError) {
	id, err := citsParams(c, true)
	if err != nil {
		return nil, err
	}
	who := c.lookup(id)
	return &prepared{subject: id, answer: func(_ time.Time, ri responseInfo) (any, *apiError) {
		var a debtsAnswer
		a.ResponseInfo = ri
		a.DebtsInfo.IINBin = id
		a.DebtsInfo.TaxOrganizations = []taxArrear{}
		if total := money(who.taxArrears()); total > 0 {
			office := taxOfficeFor(id)
			a.DebtsInfo.TotalArrear, a.DebtsInfo.TotalTaxArrear = total, total
			a.DebtsInfo.TaxOrganizations = append(a.DebtsInfo.TaxOrganizations, taxArrear{NameRu: office.nameRu, CharCode: office.charCode, TaxArrear: total})
		}
		return a, nil
	}}, nil
}

func citsUpcPays(c *call) (*prepared, *apiError) {
	id, err := citsParams(c, false)
	if err != nil {
		return nil, err
	}
	who := c.lookup(id)
	return &prepared{subject: id, answer: func(now time.Time, ri responseInfo) (any, *apiError) {
		var a upcomingAnswer
		a.ResponseInfo = ri
		a.TaxData.IINBin = id
		a.TaxData.TaxOrganizations = []upcomingPayment{}
		office := taxOfficeFor(id)
		total := 0.0
		for _, t := range who.upcoming() {
			due := t.DueDate
			if due == "" {
				due = nextDueDate(now)
			}
			a.TaxData.TaxOrganizations = append(a.TaxData.TaxOrganizations, upcomingPayment{
				NameRu: office.nameRu, CharCode: office.charCode, Kind: t.Kind, Amount: t.Amount, DueDate: due})
			total += t.Amount
		}
		a.TaxData.TotalUpcPays = money(total)
		return a, nil
	}}, nil
}

// money rounds to tiyn, so that sums of amounts read as written.
func money(x float64) float64 { return math.Round(x*100) / 100 }

// ---- GbdrnOwnerForRegCitizen

type property struct {
	CadastralNumber  string  `json:"cadastralNumber"`
	Type             string  `json:"type"`
	Address          string  `json:"address"`
	Area             float64 `json:"area"`
	Share            string  `json:"share"`
	RegistrationDate string  `json:"registrationDate"`
}

type propertyAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	Properties   []property   `json:"properties"`
}

func propertyOwner(c *call) (*prepared, *apiError) {
	return iinOperation(c, func(p *population.Person, _ string, _ time.Time, ri responseInfo) any {
		a := propertyAnswer{ResponseInfo: ri, Properties: []property{}}
		if p == nil {
			return a
		}
		for i, pr := range p.Property {
			share := pr.Share
			if share == "" {
				share = "1/1"
			}
			a.Properties = append(a.Properties, property{
				CadastralNumber: pr.CadastralNumber, Type: pr.Type, Address: pr.Address, Area: pr.Area,
				Share: share, RegistrationDate: registrationDate(p, i, pr.RegistrationDate),
			})
		}
		return a
	})
}

// ---- initPaymentRequest, paymentInfoRequest

type paymentAnswer struct {
	ResponseInfo responseInfo `json:"responseInfo"`
	Payment      paymentView  `json:"payment"`
}

func initPayment(c *call) (*prepared, *apiError) {
	amount, err := c.number("amount")
	if err != nil {
		return nil, err
	}
	if amount <= 0 {
		return nil, invalid("amount: must be greater than 0")
	}
	serviceID, err := c.reqString("serviceId")
	if err != nil {
		return nil, err
	}
	payer, err := c.iinOrBIN("iinOrBin")
	if err != nil {
		return nil, err
	}
	store := c.st.payments
	return &prepared{subject: payer, answer: func(now time.Time, ri responseInfo) (any, *apiError) {
		p, err := store.create(amount, serviceID, payer, now)
		if err != nil {
			return nil, storeError(err)
		}
		return paymentAnswer{ResponseInfo: ri, Payment: view(p, now)}, nil
	}}, nil
}

func paymentInfo(c *call) (*prepared, *apiError) {
	id, err := c.reqString("paymentId")
	if err != nil {
		return nil, err
	}
	store := c.st.payments
	subject := ""
	p, ok, serr := store.get(id)
	if serr != nil {
		return nil, storeError(serr)
	}
	if ok {
		subject = p.Payer // faults by IIN follow the payer
	}
	return &prepared{subject: subject, answer: func(now time.Time, ri responseInfo) (any, *apiError) {
		// Read again: a fault's delay may have let a reset retire the world since prepare.
		p, ok, serr := store.get(id)
		if serr != nil {
			return nil, storeError(serr)
		}
		if !ok {
			return nil, &apiError{kind: upstream.EgovPaymentNotFound, msg: "Payment not found: " + id}
		}
		return paymentAnswer{ResponseInfo: ri, Payment: view(p, now)}, nil
	}}, nil
}
