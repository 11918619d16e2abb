package document

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
)

// domainFor generates the type-specific part of result_json, a pointer to the type's domain
// struct. Facts about the document come from r (seeded per citizen and type); facts about the
// person come from their Profile.
func domainFor(t *Type, h Holder, issued time.Time, r *rand.Rand) any {
	p := ProfileOf(h)
	var expiry Date
	if t.ValidYears > 0 {
		expiry = DateOf(issued.AddDate(t.ValidYears, 0, -1))
	}
	reg := p.Address.Region
	switch t.Slug {
	case "identity_card":
		// docNumber and the dates are the common part's, set by build after the scenario's overrides.
		return &IdentityCard{
			PlaceOfBirth: p.PlaceOfBirth(),
			Nationality:  p.NationalityText(h.Gender),
			Citizenship:  "КАЗАХСТАН",
			Gender:       genderCode(h.Gender),
			Address:      p.Address.String(),
		}
	case "passport":
		return &Passport{
			PassportType: "P",
			CountryCode:  "KAZ",
			Citizenship:  "КАЗАХСТАН",
			PlaceOfBirth: p.PlaceOfBirth(),
			Gender:       genderCode(h.Gender),
			SurnameLat:   facts.Latin(h.Surname),
			NameLat:      facts.Latin(h.Name),
		}
	case "driver_license":
		return driverLicense(p, issued, expiry, r)
	case "birth_certificate":
		reg := issued
		if issued.Sub(p.Born) > 60*24*time.Hour {
			reg = p.Born.AddDate(0, 0, 3+r.IntN(28))
		}
		father, mother := ParentsOf(h)
		return &BirthCertificate{
			Father:           father,
			Mother:           mother,
			PlaceOfBirth:     p.PlaceOfBirth(),
			ActNumber:        facts.ActNumber(r),
			RegistrationDate: DateOf(reg),
			Zags:             p.BirthRegion.RegistryOffice(),
		}
	case "marriage_certificate":
		sp := spouseOf(h, p, r)
		return &MarriageCertificate{
			Spouse:           sp,
			MarriageDate:     DateOf(issued),
			ActNumber:        facts.ActNumber(r),
			RegistrationDate: DateOf(issued),
			Zags:             facts.AnyRegistryOffice(r),
		}
	case "divorce_certificate":
		married := facts.Between(r, p.Born.AddDate(20, 0, 0), issued.AddDate(0, -6, 0))
		sp := spouseOf(h, p, r)
		return &DivorceCertificate{
			Spouse:           Relative{IIN: sp.IIN, FullName: sp.FullName},
			MarriageDate:     DateOf(married),
			DivorceDate:      DateOf(issued),
			ActNumber:        facts.ActNumber(r),
			RegistrationDate: DateOf(issued),
			Zags:             facts.AnyRegistryOffice(r),
		}
	case "change_fio_certificate":
		e := facts.EthnicityOf(h.Name)
		prev := facts.Pick(r, e.Surnames).Form(h.Gender)
		for prev == h.Surname {
			prev = facts.Pick(r, e.Surnames).Form(h.Gender)
		}
		reason := "ПО ЛИЧНОМУ ЗАЯВЛЕНИЮ"
		if h.Gender == kz.Female {
			reason = "В СВЯЗИ СО ВСТУПЛЕНИЕМ В БРАК"
		}
		return &ChangeFioCertificate{
			PreviousSurname: prev, PreviousName: h.Name, PreviousPatronymic: h.Patronymic,
			NewSurname: h.Surname, NewName: h.Name, NewPatronymic: h.Patronymic,
			Reason:           reason,
			ActNumber:        facts.ActNumber(r),
			RegistrationDate: DateOf(issued),
			Zags:             reg.RegistryOffice(),
		}
	case "diploma":
		spec := facts.Pick(r, specialities)
		honours := r.IntN(5) == 0
		return &Diploma{
			Institution:    facts.Pick(r, universities),
			Speciality:     spec.name,
			SpecialityCode: spec.code,
			Qualification:  "БАКАЛАВР " + spec.field,
			Degree:         "БАКАЛАВР",
			GraduationYear: issued.Year(),
			Honours:        honours,
			RegistrationNo: strconv.Itoa(1000 + r.IntN(9000)),
		}
	case "student_card":
		spec := facts.Pick(r, specialities)
		return &StudentCard{
			Institution:  facts.Pick(r, universities),
			Faculty:      spec.faculty,
			Speciality:   spec.name,
			Course:       1 + r.IntN(4),
			StudyForm:    facts.Pick(r, []string{"ОЧНАЯ", "ОЧНАЯ", "ОЧНАЯ", "ДИСТАНЦИОННАЯ"}),
			EnrolledYear: issued.Year(),
		}
	case "srts":
		return &Srts{
			Vehicle:                vehicle(p, issued, r),
			RegistrationDate:       DateOf(issued),
			RegistrationDepartment: "СПЕЦЦОН " + reg.Short,
			OwnerAddress:           p.Address.String(),
		}
	case "tech_passport":
		v := vehicle(p, issued, r)
		v.EngineNumber = engineNumber(r)
		v.MaxMass = 1700 + 50*r.IntN(12)
		v.Seats = 5
		v.Category = "B"
		return &TechPassport{Vehicle: v, RegistrationDate: DateOf(issued), SpecialMarks: "НЕТ"}
	case "vaccination":
		return &Vaccination{Records: vaccinations(p, issued, r)}
	case "pcr_certificate":
		test := issued.AddDate(0, 0, -1-r.IntN(2))
		return &PcrCertificate{Records: []PCRTest{{
			TestDate:   DateOf(test),
			ResultDate: DateOf(issued),
			Method:     "ПЦР",
			SampleType: "МАЗОК ИЗ НОСО- И РОТОГЛОТКИ",
			Result:     "negative",
			Laboratory: facts.Pick(r, laboratories),
		}}}
	case "social_id":
		return &SocialID{
			SocialStatus:   facts.Pick(r, []string{"НАЕМНЫЙ РАБОТНИК", "ИНДИВИДУАЛЬНЫЙ ПРЕДПРИНИМАТЕЛЬ", "САМОЗАНЯТЫЙ", "ОБУЧАЮЩИЙСЯ"}),
			Region:         reg.NameRu,
			RegisteredDate: DateOf(issued),
			MedicalInsured: r.IntN(5) != 0,
		}
	case "disability_certificate":
		return &DisabilityCertificate{
			Group:         1 + r.IntN(3),
			Cause:         facts.Pick(r, []string{"ОБЩЕЕ ЗАБОЛЕВАНИЕ", "ТРУДОВОЕ УВЕЧЬЕ", "ИНВАЛИДНОСТЬ С ДЕТСТВА"}),
			AssignedDate:  DateOf(issued),
			ReviewDate:    DateOf(issued.AddDate(2, 0, 0)),
			MSEDepartment: "ОТДЕЛ МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО " + reg.Dative,
		}
	case "large_family_certificate":
		return largeFamily(h, p, issued, r)
	case "asp_certificate":
		size := 3 + r.IntN(5)
		return &AspCertificate{
			AssignedDate:  DateOf(issued),
			PeriodFrom:    DateOf(issued),
			PeriodTo:      expiry,
			FamilySize:    size,
			MonthlyAmount: size * (4000 + 100*r.IntN(40)),
			Region:        reg.NameRu,
		}
	case "pension":
		kind := "ПО ВОЗРАСТУ"
		if issued.Year()-p.Born.Year() < 58 {
			kind = facts.Pick(r, []string{"ЗА ВЫСЛУГУ ЛЕТ", "ПО ИНВАЛИДНОСТИ"})
		}
		return &Pension{
			AssignedDate:      DateOf(issued.AddDate(0, 0, -r.IntN(30))),
			PensionType:       kind,
			PensionFileNumber: fmt.Sprintf("%02d-%07d", 1+r.IntN(20), r.IntN(10_000_000)),
			PaymentAgency:     gkRu,
		}
	case "vnzh":
		return &Vnzh{
			PermitType:   "ПОСТОЯННОЕ ПРОЖИВАНИЕ",
			Citizenship:  facts.Pick(r, foreignCountries),
			PlaceOfBirth: facts.Pick(r, foreignCities),
			Address:      p.Address.String(),
			Gender:       genderCode(h.Gender),
		}
	case "lbg_card":
		return &LbgCard{
			Citizenship:       "ЛИЦО БЕЗ ГРАЖДАНСТВА",
			FormerCitizenship: facts.Pick(r, foreignCountries),
			PlaceOfBirth:      facts.Pick(r, foreignCities),
			Address:           p.Address.String(),
			Gender:            genderCode(h.Gender),
		}
	case "insurance_policy":
		n := 1 + r.IntN(2)
		pol := make([]Policy, n)
		kinds := []string{"ОС ГПО ВЛАДЕЛЬЦЕВ ТРАНСПОРТНЫХ СРЕДСТВ", "ДОБРОВОЛЬНОЕ МЕДИЦИНСКОЕ СТРАХОВАНИЕ", "СТРАХОВАНИЕ ОТ НЕСЧАСТНЫХ СЛУЧАЕВ"}
		for i := range pol {
			start := issued.AddDate(0, 0, -r.IntN(60))
			pol[i] = Policy{
				Type:         kinds[(i+r.IntN(2))%len(kinds)],
				Insurer:      facts.Pick(r, insurers),
				PolicyNumber: fmt.Sprintf("%04d%s%06d", issued.Year(), letters(r, 1), r.IntN(1_000_000)),
				StartDate:    DateOf(start),
				EndDate:      DateOf(start.AddDate(1, 0, -1)),
			}
		}
		return &InsurancePolicy{Policies: pol}
	case "hunter":
		return &Hunter{
			Region:           reg.NameRu,
			HuntingSociety:   "ОО «ОБЩЕСТВО ОХОТНИКОВ И РЫБОЛОВОВ» " + reg.Short,
			MembershipNumber: strconv.Itoa(10000 + r.IntN(90000)),
			WeaponPermit:     r.IntN(2) == 0,
		}
	case "oralman":
		return &Oralman{
			CountryOfOrigin:  facts.Pick(r, []string{"МОНГОЛИЯ", "КИТАЙСКАЯ НАРОДНАЯ РЕСПУБЛИКА", "РЕСПУБЛИКА УЗБЕКИСТАН", "ТУРКМЕНИСТАН", "РОССИЙСКАЯ ФЕДЕРАЦИЯ"}),
			ArrivalDate:      DateOf(issued.AddDate(0, 0, -30-r.IntN(300))),
			SettlementRegion: reg.NameRu,
			Status:           "КАНДАС",
		}
	case "attorney":
		g := anyGender(r)
		born := facts.Between(r, p.Born.AddDate(-15, 0, 0), p.Born.AddDate(15, 0, 0))
		ng := anyGender(r)
		return &Attorney{
			Principal:      Relative{IIN: h.IIN, FullName: h.FullName()},
			Representative: Relative{IIN: iinFor(born, g, r), FullName: randomName(r, g)},
			Powers:         pickN(r, powers, 2+r.IntN(2)),
			Notary:         Notary{FullName: randomName(r, ng), LicenseNumber: fmt.Sprintf("%08d", r.IntN(100_000_000))},
			RegistryNumber: fmt.Sprintf("%d-%d", 1+r.IntN(9), 100+r.IntN(9900)),
		}
	}
	panic("document: no domain for type " + t.Slug) // the type table is code: every row has a case
}

func driverLicense(p Profile, issued time.Time, expiry Date, r *rand.Rand) *DriverLicense {
	first := facts.Between(r, p.Born.AddDate(18, 0, 0), issued)
	if first.After(issued) {
		first = issued
	}
	cats := []string{"B"}
	if r.IntN(3) == 0 {
		cats = append([]string{"A"}, cats...)
	}
	if r.IntN(4) == 0 {
		cats = append(cats, "BE")
	}
	if r.IntN(4) == 0 {
		cats = append(cats, "C1")
	}
	list := make([]LicenceCategory, len(cats))
	for i, c := range cats {
		got := first
		if c != "B" && c != "A" {
			got = facts.Between(r, first, issued)
		}
		list[i] = LicenceCategory{Category: c, IssueDate: DateOf(got), ExpiryDate: expiry}
	}
	return &DriverLicense{
		Categories:   list,
		FirstIssued:  DateOf(first),
		Restrictions: facts.Pick(r, []string{"НЕТ", "НЕТ", "НЕТ", "ОЧКИ ИЛИ КОНТАКТНЫЕ ЛИНЗЫ"}),
		PlaceOfIssue: "СПЕЦЦОН " + p.Address.Region.Short,
	}
}

// spouseOf is a generated spouse: the couple shares the husband's surname, and the wife's maiden
// name is her own.
func spouseOf(h Holder, p Profile, r *rand.Rand) Spouse {
	g := otherGender(h.Gender)
	born := facts.Between(r, p.Born.AddDate(-6, 0, 0), p.Born.AddDate(6, 0, 0))
	surname := facts.SurnameForm(h.Surname, g)
	e := facts.EthnicityOf(h.Name)
	before := surname
	if g == kz.Female {
		before = facts.Pick(r, e.Surnames).Form(g)
	}
	full := surname + " " + e.Given(r, g) + " " + facts.Pick(r, e.Male).Patronymic(g, false)
	return Spouse{IIN: iinFor(born, g, r), FullName: full, BirthDate: DateOf(born), SurnameBefore: before}
}

func largeFamily(h Holder, p Profile, issued time.Time, r *rand.Rand) *LargeFamilyCertificate {
	n := 4 + r.IntN(3)
	from := p.Born.AddDate(19, 0, 0)
	if latest := issued.AddDate(-n, 0, 0); from.After(latest) {
		from = latest
	}
	e := facts.EthnicityOf(h.Name)
	surname := facts.SurnameForm(h.Surname, kz.Male) // the children carry their father's surname
	dad := facts.FatherOf(h.Name)
	if h.Gender == kz.Female {
		dad = facts.Pick(r, e.Male)
	}
	kids := make([]Relative, n)
	step := issued.Sub(from) / time.Duration(n)
	for i := range kids {
		born := from.Add(step*time.Duration(i) + time.Duration(r.IntN(200))*24*time.Hour)
		g := anyGender(r)
		kids[i] = Relative{
			IIN:       iinFor(born, g, r),
			FullName:  facts.SurnameForm(surname, g) + " " + e.Given(r, g) + " " + dad.Patronymic(g, false),
			BirthDate: DateOf(born),
		}
	}
	return &LargeFamilyCertificate{ChildrenCount: n, Children: kids, Region: p.Address.Region.NameRu}
}

func vehicle(p Profile, issued time.Time, r *rand.Rand) Vehicle {
	m := facts.Pick(r, models)
	lo := max(p.Born.Year()+18, issued.Year()-15, 2000)
	year := issued.Year()
	if lo < year {
		year = lo + r.IntN(year-lo+1)
	}
	return Vehicle{
		Make:         m.make,
		Model:        m.model,
		Year:         year,
		VIN:          vin(m.wmi, year, r),
		Plate:        fmt.Sprintf("%03d%s%s", 1+r.IntN(999), letters(r, 3), p.Address.Region.Plate),
		Color:        facts.Pick(r, colors),
		BodyType:     m.body,
		EngineVolume: m.volume,
	}
}

func vaccinations(p Profile, issued time.Time, r *rand.Rand) []VaccinationRecord {
	type shot struct {
		vaccine string
		dose    int
		at      time.Time
	}
	b := p.Born
	shots := []shot{
		{"БЦЖ", 1, b.AddDate(0, 0, 3)},
		{"ВГВ (ГЕПАТИТ B)", 1, b.AddDate(0, 0, 1)},
		{"АКДС", 1, b.AddDate(0, 2, 0)},
		{"АКДС", 2, b.AddDate(0, 3, 0)},
		{"АКДС", 3, b.AddDate(0, 4, 0)},
		{"ККП (КОРЬ, КРАСНУХА, ПАРОТИТ)", 1, b.AddDate(1, 0, 0)},
		{"ККП (КОРЬ, КРАСНУХА, ПАРОТИТ)", 2, b.AddDate(6, 0, 0)},
		{"АДС-М", 1, b.AddDate(16, 0, 0)},
	}
	covidFrom := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	if issued.After(covidFrom.AddDate(0, 2, 0)) && issued.Sub(b) > 18*365*24*time.Hour {
		v := facts.Pick(r, []string{"QAZVAC", "ГАМ-КОВИД-ВАК (СПУТНИК V)", "HAYAT-VAX", "CORONAVAC"})
		end := issued
		if lim := time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC); end.After(lim) {
			end = lim
		}
		first := facts.Between(r, covidFrom, end.AddDate(0, -1, 0))
		shots = append(shots, shot{v, 1, first}, shot{v, 2, first.AddDate(0, 0, 21)})
	}
	out := make([]VaccinationRecord, 0, len(shots))
	for _, s := range shots {
		// A day or two of slack, as in a real clinic's schedule.
		at := s.at.AddDate(0, 0, r.IntN(3))
		if at.After(issued) {
			continue
		}
		out = append(out, VaccinationRecord{
			Vaccine: s.vaccine,
			Dose:    s.dose,
			Date:    DateOf(at),
			Clinic:  "ГП №" + strconv.Itoa(1+r.IntN(35)) + " " + p.Address.Region.Short,
		})
	}
	return out
}

// vin makes a 17-character VIN with a valid check digit (ISO 3779 / North American rule).
func vin(wmi string, year int, r *rand.Rand) string {
	const chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
	const years = "ABCDEFGHJKLMNPRSTVWXY123456789"
	b := []byte(wmi)
	for len(b) < 8 {
		b = append(b, chars[r.IntN(len(chars))])
	}
	b = append(b, '0', years[((year-1980)%30+30)%30]) // the model-year code repeats every 30 years, before 1980 too
	for len(b) < 17 {
		if len(b) >= 11 {
			b = append(b, byte('0'+r.IntN(10)))
		} else {
			b = append(b, chars[r.IntN(len(chars))])
		}
	}
	weights := [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, c := range b {
		sum += vinValue(c) * weights[i]
	}
	if d := sum % 11; d == 10 {
		b[8] = 'X'
	} else {
		b[8] = byte('0' + d)
	}
	return string(b)
}

func vinValue(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	return int("12345678_12345_7_923456789"[c-'A'] - '0')
}

func engineNumber(r *rand.Rand) string {
	return fmt.Sprintf("%s%d%s%06d", letters(r, 1), r.IntN(10), letters(r, 2), r.IntN(1_000_000))
}

// letters draws from the Latin letters a Kazakh plate may carry.
func letters(r *rand.Rand, n int) string {
	const abc = "ABCDEFGHJKLMNPRSTUVWXYZ"
	b := make([]byte, n)
	for i := range b {
		b[i] = abc[r.IntN(len(abc))]
	}
	return string(b)
}

// pickN picks n distinct items, keeping their order in xs.
func pickN(r *rand.Rand, xs []string, n int) []string {
	idx := r.Perm(len(xs))[:n]
	sort.Ints(idx)
	out := make([]string, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

var (
	universities = []string{
		"КАЗАХСКИЙ НАЦИОНАЛЬНЫЙ УНИВЕРСИТЕТ ИМЕНИ АЛЬ-ФАРАБИ",
		"ЕВРАЗИЙСКИЙ НАЦИОНАЛЬНЫЙ УНИВЕРСИТЕТ ИМЕНИ Л.Н. ГУМИЛЕВА",
		"КАЗАХСКИЙ НАЦИОНАЛЬНЫЙ ИССЛЕДОВАТЕЛЬСКИЙ ТЕХНИЧЕСКИЙ УНИВЕРСИТЕТ ИМЕНИ К.И. САТПАЕВА",
		"КАРАГАНДИНСКИЙ УНИВЕРСИТЕТ ИМЕНИ Е.А. БУКЕТОВА",
		"МЕЖДУНАРОДНЫЙ УНИВЕРСИТЕТ ИНФОРМАЦИОННЫХ ТЕХНОЛОГИЙ",
	}
	specialities = []struct{ code, name, field, faculty string }{
		{"6B06102", "ИНФОРМАЦИОННЫЕ СИСТЕМЫ", "ИНФОРМАЦИОННО-КОММУНИКАЦИОННЫХ ТЕХНОЛОГИЙ", "ФАКУЛЬТЕТ ИНФОРМАЦИОННЫХ ТЕХНОЛОГИЙ"},
		{"6B04101", "ЭКОНОМИКА", "БИЗНЕСА И УПРАВЛЕНИЯ", "ВЫСШАЯ ШКОЛА ЭКОНОМИКИ И БИЗНЕСА"},
		{"6B04201", "ЮРИСПРУДЕНЦИЯ", "ПРАВА", "ЮРИДИЧЕСКИЙ ФАКУЛЬТЕТ"},
		{"6B01101", "ПЕДАГОГИКА И ПСИХОЛОГИЯ", "ОБРАЗОВАНИЯ", "ФАКУЛЬТЕТ ФИЛОСОФИИ И ПОЛИТОЛОГИИ"},
		{"6B05301", "ХИМИЯ", "ЕСТЕСТВЕННЫХ НАУК", "ФАКУЛЬТЕТ ХИМИИ И ХИМИЧЕСКОЙ ТЕХНОЛОГИИ"},
		{"6B07101", "ЭЛЕКТРОЭНЕРГЕТИКА", "ТЕХНИКИ И ТЕХНОЛОГИЙ", "ЭНЕРГЕТИЧЕСКИЙ ФАКУЛЬТЕТ"},
	}
	models = []struct {
		make, model, wmi, body string
		volume                 int
	}{
		{"TOYOTA", "CAMRY", "JTN", "СЕДАН", 2487},
		{"TOYOTA", "LAND CRUISER PRADO", "JTE", "УНИВЕРСАЛ", 2693},
		{"HYUNDAI", "ACCENT", "KMH", "СЕДАН", 1591},
		{"HYUNDAI", "TUCSON", "KMH", "УНИВЕРСАЛ", 1999},
		{"KIA", "RIO", "Z94", "СЕДАН", 1591},
		{"LADA", "GRANTA", "XTA", "СЕДАН", 1596},
		{"CHEVROLET", "COBALT", "XWB", "СЕДАН", 1485},
		{"VOLKSWAGEN", "POLO", "XW8", "СЕДАН", 1598},
		{"SKODA", "OCTAVIA", "TMB", "ЛИФТБЕК", 1395},
		{"LEXUS", "RX 350", "JTJ", "УНИВЕРСАЛ", 3456},
	}
	colors           = []string{"БЕЛЫЙ", "ЧЕРНЫЙ", "СЕРЕБРИСТЫЙ", "СЕРЫЙ", "КРАСНЫЙ", "СИНИЙ", "БЕЖЕВЫЙ"}
	laboratories     = []string{"ТОО «ЛАБОРАТОРИЯ ДИАГНОСТИКИ САУЛЕТ»", "ТОО «МЕДИЦИНСКИЙ ЦЕНТР ДАЛА-ЛАБ»", "ФИЛИАЛ НЦЭ ПО Г. АЛМАТЫ", "ТОО «КЛИНИКО-ДИАГНОСТИЧЕСКАЯ ЛАБОРАТОРИЯ ЕМШИ»"}
	insurers         = []string{"АО «СТРАХОВАЯ КОМПАНИЯ «ДАЛА ИНШУРАНС»", "АО «СК «ЖАЙЛАУ»", "АО «СТРАХОВАЯ КОМПАНИЯ «ТҰМАР»", "АО «СК «БАЙТЕРЕК ГАРАНТ»"}
	foreignCountries = []string{"РОССИЙСКАЯ ФЕДЕРАЦИЯ", "РЕСПУБЛИКА УЗБЕКИСТАН", "КЫРГЫЗСКАЯ РЕСПУБЛИКА", "КИТАЙСКАЯ НАРОДНАЯ РЕСПУБЛИКА", "МОНГОЛИЯ", "РЕСПУБЛИКА ТАДЖИКИСТАН"}
	foreignCities    = []string{"Г. НОВОСИБИРСК, РОССИЯ", "Г. ТАШКЕНТ, УЗБЕКИСТАН", "Г. БИШКЕК, КЫРГЫЗСТАН", "Г. УРУМЧИ, КИТАЙ", "Г. БАЯН-ӨЛГИЙ, МОНГОЛИЯ", "Г. ДУШАНБЕ, ТАДЖИКИСТАН"}
	powers           = []string{
		"УПРАВЛЕНИЕ И РАСПОРЯЖЕНИЕ ТРАНСПОРТНЫМ СРЕДСТВОМ",
		"ПРЕДСТАВЛЕНИЕ ИНТЕРЕСОВ В ГОСУДАРСТВЕННЫХ ОРГАНАХ",
		"ПОЛУЧЕНИЕ ДОКУМЕНТОВ И СПРАВОК",
		"ПРЕДСТАВЛЕНИЕ ИНТЕРЕСОВ В БАНКАХ ВТОРОГО УРОВНЯ",
		"ПРОДАЖА НЕДВИЖИМОГО ИМУЩЕСТВА",
	}
)
