package document

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/kz"
)

// domainFor generates the type-specific part of result_json. Facts about the document come from r
// (seeded per citizen and type); facts about the person (place of birth, parents, nationality) come
// from a seed of the IIN alone, so that every document of one citizen tells the same story.
func domainFor(t *Type, h Holder, issued time.Time, r *rand.Rand) map[string]any {
	p := personOf(h)
	expiry := time.Time{}
	if t.ValidYears > 0 {
		expiry = issued.AddDate(t.ValidYears, 0, -1)
	}
	switch t.Slug {
	case "identity_card":
		return map[string]any{
			"placeOfBirth": p.birthPlace,
			"nationality":  p.nationality,
			"citizenship":  "КАЗАХСТАН",
			"gender":       genderCode(h),
		}
	case "passport":
		return map[string]any{
			"passportType": "P",
			"countryCode":  "KAZ",
			"citizenship":  "КАЗАХСТАН",
			"placeOfBirth": p.birthPlace,
			"gender":       genderCode(h),
			"surnameLat":   latin(h.Surname),
			"nameLat":      latin(h.Name),
		}
	case "driver_license":
		return driverLicense(p, issued, expiry, r)
	case "birth_certificate":
		reg := issued
		if issued.Sub(p.born) > 60*24*time.Hour {
			reg = p.born.AddDate(0, 0, 3+r.IntN(28))
		}
		return map[string]any{
			"father":           person(p.fatherIIN, p.fatherName),
			"mother":           person(p.motherIIN, p.motherName),
			"placeOfBirth":     p.birthPlace,
			"actNumber":        actNumber(r),
			"registrationDate": day(reg),
			"zags":             pick(r, zags),
		}
	case "marriage_certificate":
		return marriage(h, p, issued, r)
	case "divorce_certificate":
		married := between(r, p.born.AddDate(20, 0, 0), issued.AddDate(0, -6, 0))
		sp := spouseOf(h, p, r)
		return map[string]any{
			"spouse":           person(sp.iin, sp.fullName),
			"marriageDate":     day(married),
			"divorceDate":      day(issued),
			"actNumber":        actNumber(r),
			"registrationDate": day(issued),
			"zags":             pick(r, zags),
		}
	case "change_fio_certificate":
		prevSurname := genderedSurname(pick(r, surnames), h.Gender)
		for prevSurname == h.Surname {
			prevSurname = genderedSurname(pick(r, surnames), h.Gender)
		}
		reason := "ПО ЛИЧНОМУ ЗАЯВЛЕНИЮ"
		if h.Gender == "female" {
			reason = "В СВЯЗИ СО ВСТУПЛЕНИЕМ В БРАК"
		}
		return map[string]any{
			"previousSurname":    prevSurname,
			"previousName":       h.Name,
			"previousPatronymic": h.Patronymic,
			"newSurname":         h.Surname,
			"newName":            h.Name,
			"newPatronymic":      h.Patronymic,
			"reason":             reason,
			"actNumber":          actNumber(r),
			"registrationDate":   day(issued),
			"zags":               pick(r, zags),
		}
	case "diploma":
		spec := pick(r, specialities)
		honours := r.IntN(5) == 0
		return map[string]any{
			"institution":    pick(r, universities),
			"speciality":     spec.name,
			"specialityCode": spec.code,
			"qualification":  "БАКАЛАВР " + spec.field,
			"degree":         "БАКАЛАВР",
			"graduationYear": issued.Year(),
			"honours":        honours,
			"registrationNo": strconv.Itoa(1000 + r.IntN(9000)),
		}
	case "student_card":
		spec := pick(r, specialities)
		return map[string]any{
			"institution":  pick(r, universities),
			"faculty":      spec.faculty,
			"speciality":   spec.name,
			"course":       1 + r.IntN(4),
			"studyForm":    pick(r, []string{"ОЧНАЯ", "ОЧНАЯ", "ОЧНАЯ", "ДИСТАНЦИОННАЯ"}),
			"enrolledYear": issued.Year(),
		}
	case "srts":
		v := vehicle(p, issued, r)
		return map[string]any{
			"vehicle":                v,
			"registrationDate":       day(issued),
			"registrationDepartment": "СПЕЦЦОН " + p.regionShort,
			"ownerAddress":           p.address,
		}
	case "tech_passport":
		v := vehicle(p, issued, r)
		v["engineNumber"] = engineNumber(r)
		v["maxMass"] = 1700 + 50*r.IntN(12)
		v["seats"] = 5
		v["category"] = "B"
		return map[string]any{
			"vehicle":          v,
			"registrationDate": day(issued),
			"specialMarks":     "НЕТ",
		}
	case "vaccination":
		return map[string]any{"records": vaccinations(p, issued, r)}
	case "pcr_certificate":
		test := issued.AddDate(0, 0, -1-r.IntN(2))
		return map[string]any{"records": []any{map[string]any{
			"testDate":   day(test),
			"resultDate": day(issued),
			"method":     "ПЦР",
			"sampleType": "МАЗОК ИЗ НОСО- И РОТОГЛОТКИ",
			"result":     "negative",
			"laboratory": pick(r, laboratories),
		}}}
	case "social_id":
		return map[string]any{
			"socialStatus":   pick(r, []string{"НАЕМНЫЙ РАБОТНИК", "ИНДИВИДУАЛЬНЫЙ ПРЕДПРИНИМАТЕЛЬ", "САМОЗАНЯТЫЙ", "ОБУЧАЮЩИЙСЯ"}),
			"region":         p.region,
			"registeredDate": day(issued),
			"medicalInsured": r.IntN(5) != 0,
		}
	case "disability_certificate":
		group := 1 + r.IntN(3)
		return map[string]any{
			"group":         group,
			"cause":         pick(r, []string{"ОБЩЕЕ ЗАБОЛЕВАНИЕ", "ТРУДОВОЕ УВЕЧЬЕ", "ИНВАЛИДНОСТЬ С ДЕТСТВА"}),
			"assignedDate":  day(issued),
			"reviewDate":    day(issued.AddDate(2, 0, 0)),
			"mseDepartment": "ОТДЕЛ МЕДИКО-СОЦИАЛЬНОЙ ЭКСПЕРТИЗЫ ПО " + p.regionDative,
		}
	case "large_family_certificate":
		n := 4 + r.IntN(3)
		from := p.born.AddDate(19, 0, 0)
		if latest := issued.AddDate(-n, 0, 0); from.After(latest) {
			from = latest
		}
		kids := make([]any, n)
		surname := h.Surname
		if h.Gender == "female" {
			surname = genderedSurname(surname, "male")
		}
		fatherName := h.Name
		if h.Gender == "female" {
			fatherName = pick(r, maleNames)
		}
		step := issued.Sub(from) / time.Duration(n)
		for i := range kids {
			born := from.Add(step*time.Duration(i) + time.Duration(r.IntN(200))*24*time.Hour)
			g := pick(r, []string{"male", "female"})
			name := pick(r, maleNames)
			if g == "female" {
				name = pick(r, femaleNames)
			}
			kids[i] = map[string]any{
				"iin":       iinFor(born, g, r),
				"fullName":  genderedSurname(surname, g) + " " + name + " " + patronymic(fatherName, g),
				"birthDate": day(born),
			}
		}
		return map[string]any{"childrenCount": n, "children": kids, "region": p.region}
	case "asp_certificate":
		size := 3 + r.IntN(5)
		return map[string]any{
			"assignedDate":  day(issued),
			"periodFrom":    day(issued),
			"periodTo":      day(expiry),
			"familySize":    size,
			"monthlyAmount": size * (4000 + 100*r.IntN(40)),
			"region":        p.region,
		}
	case "pension":
		kind := "ПО ВОЗРАСТУ"
		if issued.Year()-p.born.Year() < 58 {
			kind = pick(r, []string{"ЗА ВЫСЛУГУ ЛЕТ", "ПО ИНВАЛИДНОСТИ"})
		}
		return map[string]any{
			"assignedDate":      day(issued.AddDate(0, 0, -r.IntN(30))),
			"pensionType":       kind,
			"pensionFileNumber": fmt.Sprintf("%02d-%07d", 1+r.IntN(20), r.IntN(10_000_000)),
			"paymentAgency":     "НАО «ГОСУДАРСТВЕННАЯ КОРПОРАЦИЯ «ПРАВИТЕЛЬСТВО ДЛЯ ГРАЖДАН»",
		}
	case "vnzh":
		return map[string]any{
			"permitType":   "ПОСТОЯННОЕ ПРОЖИВАНИЕ",
			"citizenship":  pick(r, foreignCountries),
			"placeOfBirth": pick(r, foreignCities),
			"address":      p.address,
			"gender":       genderCode(h),
		}
	case "lbg_card":
		return map[string]any{
			"citizenship":       "ЛИЦО БЕЗ ГРАЖДАНСТВА",
			"formerCitizenship": pick(r, foreignCountries),
			"placeOfBirth":      pick(r, foreignCities),
			"address":           p.address,
			"gender":            genderCode(h),
		}
	case "insurance_policy":
		n := 1 + r.IntN(2)
		pol := make([]any, n)
		kinds := []string{"ОС ГПО ВЛАДЕЛЬЦЕВ ТРАНСПОРТНЫХ СРЕДСТВ", "ДОБРОВОЛЬНОЕ МЕДИЦИНСКОЕ СТРАХОВАНИЕ", "СТРАХОВАНИЕ ОТ НЕСЧАСТНЫХ СЛУЧАЕВ"}
		for i := range pol {
			start := issued.AddDate(0, 0, -r.IntN(60))
			pol[i] = map[string]any{
				"type":         kinds[(i+r.IntN(2))%len(kinds)],
				"insurer":      pick(r, insurers),
				"policyNumber": fmt.Sprintf("%04d%s%06d", issued.Year(), letters(r, 1), r.IntN(1_000_000)),
				"startDate":    day(start),
				"endDate":      day(start.AddDate(1, 0, -1)),
			}
		}
		return map[string]any{"policies": pol}
	case "hunter":
		return map[string]any{
			"region":           p.region,
			"huntingSociety":   "ОО «ОБЩЕСТВО ОХОТНИКОВ И РЫБОЛОВОВ» " + p.regionShort,
			"membershipNumber": strconv.Itoa(10000 + r.IntN(90000)),
			"weaponPermit":     r.IntN(2) == 0,
		}
	case "oralman":
		return map[string]any{
			"countryOfOrigin":  pick(r, []string{"МОНГОЛИЯ", "КИТАЙСКАЯ НАРОДНАЯ РЕСПУБЛИКА", "РЕСПУБЛИКА УЗБЕКИСТАН", "ТУРКМЕНИСТАН", "РОССИЙСКАЯ ФЕДЕРАЦИЯ"}),
			"arrivalDate":      day(issued.AddDate(0, 0, -30-r.IntN(300))),
			"settlementRegion": p.region,
			"status":           "КАНДАС",
		}
	case "attorney":
		g := pick(r, []string{"male", "female"})
		born := between(r, p.born.AddDate(-15, 0, 0), p.born.AddDate(15, 0, 0))
		ng := pick(r, []string{"male", "female"})
		return map[string]any{
			"principal":      person(h.IIN, h.FullName()),
			"representative": person(iinFor(born, g, r), randomName(r, g)),
			"powers":         pickN(r, powers, 2+r.IntN(2)),
			"notary": map[string]any{
				"fullName":      randomName(r, ng),
				"licenseNumber": fmt.Sprintf("%08d", r.IntN(100_000_000)),
			},
			"registryNumber": fmt.Sprintf("%d-%d", 1+r.IntN(9), 100+r.IntN(9900)),
		}
	}
	return map[string]any{}
}

// profile holds what is true of a person whatever document is asked for.
type profile struct {
	born                     time.Time
	birthPlace, nationality  string
	region, regionShort      string
	regionDative, regionCode string
	address                  string
	fatherName, motherName   string
	fatherIIN, motherIIN     string
}

func personOf(h Holder) profile {
	r := Seed(h.IIN, "person")
	born, err := time.Parse(time.DateOnly, h.BirthDate)
	if err != nil {
		born = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	reg := pick(r, regions)
	p := profile{
		born:         born,
		birthPlace:   reg.city,
		region:       reg.name,
		regionShort:  reg.short,
		regionDative: reg.dative,
		regionCode:   reg.code,
		address:      fmt.Sprintf("%s, %s, Д. %d, КВ. %d", reg.city, pick(r, streets), 1+r.IntN(150), 1+r.IntN(200)),
		nationality:  pick(r, []string{"КАЗАХ", "КАЗАХ", "КАЗАХ", "РУССКИЙ", "УЗБЕК", "УЙГУР", "ТАТАР"}),
	}
	if h.Gender == "female" {
		p.nationality = feminineNationality[p.nationality]
	}
	father := fatherFromPatronymic(h.Patronymic)
	if father == "" {
		father = pick(r, maleNames)
	}
	fatherSurname := genderedSurname(h.Surname, "male")
	p.fatherName = fatherSurname + " " + father + " " + patronymic(pick(r, maleNames), "male")
	p.motherName = genderedSurname(fatherSurname, "female") + " " + pick(r, femaleNames) + " " + patronymic(pick(r, maleNames), "female")
	p.fatherIIN = iinFor(between(r, born.AddDate(-38, 0, 0), born.AddDate(-21, 0, 0)), "male", r)
	p.motherIIN = iinFor(between(r, born.AddDate(-34, 0, 0), born.AddDate(-19, 0, 0)), "female", r)
	return p
}

func driverLicense(p profile, issued, expiry time.Time, r *rand.Rand) map[string]any {
	first := between(r, p.born.AddDate(18, 0, 0), issued)
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
	list := make([]any, len(cats))
	for i, c := range cats {
		got := first
		if c != "B" && c != "A" {
			got = between(r, first, issued)
		}
		list[i] = map[string]any{"category": c, "issueDate": day(got), "expiryDate": day(expiry)}
	}
	return map[string]any{
		"categories":   list,
		"firstIssued":  day(first),
		"restrictions": pick(r, []string{"НЕТ", "НЕТ", "НЕТ", "ОЧКИ ИЛИ КОНТАКТНЫЕ ЛИНЗЫ"}),
		"placeOfIssue": "СПЕЦЦОН " + p.regionShort,
	}
}

type spouse struct{ iin, fullName, birthDate, surnameBefore string }

func spouseOf(h Holder, p profile, r *rand.Rand) spouse {
	g := "female"
	if h.Gender == "female" {
		g = "male"
	}
	born := between(r, p.born.AddDate(-6, 0, 0), p.born.AddDate(6, 0, 0))
	// The couple shares the husband's surname; the wife's maiden name is her own.
	surname := genderedSurname(h.Surname, g)
	before := surname
	if g == "female" {
		before = genderedSurname(pick(r, surnames), g)
	}
	name := maleNames
	if g == "female" {
		name = femaleNames
	}
	full := surname + " " + pick(r, name) + " " + patronymic(pick(r, maleNames), g)
	return spouse{iin: iinFor(born, g, r), fullName: full, birthDate: day(born), surnameBefore: before}
}

func marriage(h Holder, p profile, issued time.Time, r *rand.Rand) map[string]any {
	sp := spouseOf(h, p, r)
	return map[string]any{
		"spouse": map[string]any{
			"iin":           sp.iin,
			"fullName":      sp.fullName,
			"birthDate":     sp.birthDate,
			"surnameBefore": sp.surnameBefore,
		},
		"marriageDate":     day(issued),
		"actNumber":        actNumber(r),
		"registrationDate": day(issued),
		"zags":             pick(r, zags),
	}
}

func vehicle(p profile, issued time.Time, r *rand.Rand) map[string]any {
	m := pick(r, models)
	lo := max(p.born.Year()+18, issued.Year()-15, 2000)
	year := issued.Year()
	if lo < year {
		year = lo + r.IntN(year-lo+1)
	}
	return map[string]any{
		"make":         m.make,
		"model":        m.model,
		"year":         year,
		"vin":          vin(m.wmi, year, r),
		"plate":        fmt.Sprintf("%03d%s%s", 1+r.IntN(999), letters(r, 3), p.regionCode),
		"color":        pick(r, colors),
		"bodyType":     m.body,
		"engineVolume": m.volume,
	}
}

func vaccinations(p profile, issued time.Time, r *rand.Rand) []any {
	type shot struct {
		vaccine string
		dose    int
		at      time.Time
	}
	b := p.born
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
		v := pick(r, []string{"QAZVAC", "ГАМ-КОВИД-ВАК (СПУТНИК V)", "HAYAT-VAX", "CORONAVAC"})
		end := issued
		if lim := time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC); end.After(lim) {
			end = lim
		}
		first := between(r, covidFrom, end.AddDate(0, -1, 0))
		shots = append(shots, shot{v, 1, first}, shot{v, 2, first.AddDate(0, 0, 21)})
	}
	out := make([]any, 0, len(shots))
	for _, s := range shots {
		// A day or two of slack, as in a real clinic's schedule.
		at := s.at.AddDate(0, 0, r.IntN(3))
		if at.After(issued) {
			continue
		}
		out = append(out, map[string]any{
			"vaccine": s.vaccine,
			"dose":    s.dose,
			"date":    day(at),
			"clinic":  "ГП №" + strconv.Itoa(1+r.IntN(35)) + " " + p.regionShort,
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
	b = append(b, '0', years[(year-1980)%30])
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

// iinFor makes a valid IIN for someone the document names (a parent, a spouse, a child).
func iinFor(born time.Time, gender string, r *rand.Rand) string {
	g := kz.Male
	if gender == "female" {
		g = kz.Female
	}
	iin, err := kz.GenerateIIN(born, g, r.IntN(10000))
	if err != nil { // only for a birth year outside 1800–2099, which a generated date never has
		return ""
	}
	return iin
}

func person(iin, fullName string) map[string]any {
	return map[string]any{"iin": iin, "fullName": fullName}
}

func randomName(r *rand.Rand, gender string) string {
	names := maleNames
	if gender == "female" {
		names = femaleNames
	}
	return genderedSurname(pick(r, surnames), gender) + " " + pick(r, names) + " " + patronymic(pick(r, maleNames), gender)
}

func genderCode(h Holder) string {
	if h.Gender == "female" {
		return "F"
	}
	return "M"
}

// genderedSurname turns a Russian-pattern surname (-ОВ/-ЕВ/-ИН) into the form for the gender.
func genderedSurname(s, gender string) string {
	if gender == "female" {
		for _, e := range []string{"ОВ", "ЕВ", "ИН", "ЫН"} {
			if strings.HasSuffix(s, e) {
				return s + "А"
			}
		}
		return s
	}
	for _, e := range []string{"ОВА", "ЕВА", "ИНА", "ЫНА"} {
		if strings.HasSuffix(s, e) {
			return strings.TrimSuffix(s, "А")
		}
	}
	return s
}

func patronymic(father, gender string) string {
	suffix := [2]string{"ОВИЧ", "ОВНА"}
	switch {
	case strings.HasSuffix(father, "ИЙ"):
		father, suffix = strings.TrimSuffix(father, "ИЙ"), [2]string{"ЬЕВИЧ", "ЬЕВНА"}
	case strings.HasSuffix(father, "Й"):
		father, suffix = strings.TrimSuffix(father, "Й"), [2]string{"ЕВИЧ", "ЕВНА"}
	}
	if gender == "female" {
		return father + suffix[1]
	}
	return father + suffix[0]
}

// fatherFromPatronymic undoes patronymic, or reads the name before ҰЛЫ/ҚЫЗЫ; "" when it cannot.
func fatherFromPatronymic(p string) string {
	for _, k := range []string{" ҰЛЫ", " ҚЫЗЫ", "ҰЛЫ", "ҚЫЗЫ"} {
		if strings.HasSuffix(p, k) && len(p) > len(k) {
			return strings.TrimSuffix(p, k)
		}
	}
	for _, c := range []struct{ suffix, add string }{
		{"ЬЕВИЧ", "ИЙ"}, {"ЬЕВНА", "ИЙ"}, {"ЕВИЧ", "Й"}, {"ЕВНА", "Й"}, {"ОВИЧ", ""}, {"ОВНА", ""},
	} {
		if strings.HasSuffix(p, c.suffix) && len(p) > len(c.suffix)+2 {
			return strings.TrimSuffix(p, c.suffix) + c.add
		}
	}
	return ""
}

var translit = map[rune]string{
	'А': "A", 'Ә': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Ғ': "G", 'Д': "D", 'Е': "E", 'Ё': "E", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'Й': "I", 'К': "K", 'Қ': "K", 'Л': "L", 'М': "M", 'Н': "N", 'Ң': "N", 'О': "O",
	'Ө': "O", 'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ұ': "U", 'Ү': "U", 'Ф': "F", 'Х': "KH",
	'Һ': "H", 'Ц': "TS", 'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "", 'Ы': "Y", 'І': "I", 'Ь': "", 'Э': "E",
	'Ю': "IU", 'Я': "IA",
}

// latin transliterates a Cyrillic name the way Kazakh passports print it (ICAO 9303 style).
func latin(s string) string {
	var b strings.Builder
	for _, c := range strings.ToUpper(s) {
		if l, ok := translit[c]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// between picks a day in [from, to]; to before from gives from.
func between(r *rand.Rand, from, to time.Time) time.Time {
	span := int(to.Sub(from).Hours() / 24)
	if span <= 0 {
		return from
	}
	return from.AddDate(0, 0, r.IntN(span+1))
}

func actNumber(r *rand.Rand) string { return strconv.Itoa(100 + r.IntN(9900)) }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN picks n distinct items, keeping their order in xs.
func pickN(r *rand.Rand, xs []string, n int) []any {
	idx := r.Perm(len(xs))[:n]
	sort.Ints(idx)
	out := make([]any, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

var (
	maleNames   = []string{"АЙДАР", "АСХАТ", "БАУЫРЖАН", "ЕРЛАН", "ДАУРЕН", "НУРЛАН", "СЕРИК", "ТИМУР", "АРМАН", "ЖАНДОС", "МАРАТ", "ДМИТРИЙ", "АЛЕКСАНДР", "СЕРГЕЙ", "ЕРЖАН", "КАНАТ", "АЛИБЕК", "РУСЛАН"}
	femaleNames = []string{"АЙГЕРИМ", "ДИНАРА", "ГУЛЬНАРА", "АСЕЛЬ", "ЖАНАР", "САУЛЕ", "МАДИНА", "АЛИЯ", "ЕЛЕНА", "ОЛЬГА", "КАРЛЫГАШ", "АКМАРАЛ", "ИНДИРА", "ДАНА"}
	surnames    = []string{"АХМЕТОВ", "ЖУМАБЕКОВ", "СЕЙТКАЛИЕВ", "НУРПЕИСОВ", "ИСКАКОВ", "ОМАРОВ", "КАСЫМОВ", "БЕКОВ", "АБДРАХМАНОВ", "САРСЕНБАЕВ", "ЕСЕНОВ", "МУКАНОВ", "ПЕТРОВ", "СМИРНОВ", "КИМ", "ТУРСЫНОВ", "ЖАКУПОВ", "ЕРМЕКОВ"}

	feminineNationality = map[string]string{"КАЗАХ": "КАЗАШКА", "РУССКИЙ": "РУССКАЯ", "УЗБЕК": "УЗБЕЧКА", "УЙГУР": "УЙГУРКА", "ТАТАР": "ТАТАРКА"}

	regions = []struct{ name, short, dative, city, code string }{
		{"Г. АСТАНА", "Г. АСТАНЫ", "Г. АСТАНЕ", "Г. АСТАНА", "01"},
		{"Г. АЛМАТЫ", "Г. АЛМАТЫ", "Г. АЛМАТЫ", "Г. АЛМАТЫ", "02"},
		{"Г. ШЫМКЕНТ", "Г. ШЫМКЕНТА", "Г. ШЫМКЕНТУ", "Г. ШЫМКЕНТ", "17"},
		{"КАРАГАНДИНСКАЯ ОБЛАСТЬ", "КАРАГАНДИНСКОЙ ОБЛАСТИ", "КАРАГАНДИНСКОЙ ОБЛАСТИ", "КАРАГАНДИНСКАЯ ОБЛАСТЬ, Г. КАРАГАНДА", "09"},
		{"ПАВЛОДАРСКАЯ ОБЛАСТЬ", "ПАВЛОДАРСКОЙ ОБЛАСТИ", "ПАВЛОДАРСКОЙ ОБЛАСТИ", "ПАВЛОДАРСКАЯ ОБЛАСТЬ, Г. ПАВЛОДАР", "14"},
		{"АКТЮБИНСКАЯ ОБЛАСТЬ", "АКТЮБИНСКОЙ ОБЛАСТИ", "АКТЮБИНСКОЙ ОБЛАСТИ", "АКТЮБИНСКАЯ ОБЛАСТЬ, Г. АКТОБЕ", "04"},
		{"ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "ВКО", "ВОСТОЧНО-КАЗАХСТАНСКОЙ ОБЛАСТИ", "ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ, Г. УСТЬ-КАМЕНОГОРСК", "16"},
		{"ЖАМБЫЛСКАЯ ОБЛАСТЬ", "ЖАМБЫЛСКОЙ ОБЛАСТИ", "ЖАМБЫЛСКОЙ ОБЛАСТИ", "ЖАМБЫЛСКАЯ ОБЛАСТЬ, Г. ТАРАЗ", "08"},
		{"КОСТАНАЙСКАЯ ОБЛАСТЬ", "КОСТАНАЙСКОЙ ОБЛАСТИ", "КОСТАНАЙСКОЙ ОБЛАСТИ", "КОСТАНАЙСКАЯ ОБЛАСТЬ, Г. КОСТАНАЙ", "10"},
		{"АТЫРАУСКАЯ ОБЛАСТЬ", "АТЫРАУСКОЙ ОБЛАСТИ", "АТЫРАУСКОЙ ОБЛАСТИ", "АТЫРАУСКАЯ ОБЛАСТЬ, Г. АТЫРАУ", "06"},
	}
	streets = []string{"УЛ. АБАЯ", "ПР. РЕСПУБЛИКИ", "УЛ. ТОЛЕ БИ", "МКР. САМАЛ-2", "УЛ. КАБАНБАЙ БАТЫРА", "ПР. АЛЬ-ФАРАБИ", "УЛ. ЖЕЛТОКСАН", "УЛ. СЫГАНАК"}
	zags    = []string{
		"ОТДЕЛ РЕГИСТРАЦИИ АКТОВ ГРАЖДАНСКОГО СОСТОЯНИЯ Г. АЛМАТЫ",
		"ОТДЕЛ РЕГИСТРАЦИИ АКТОВ ГРАЖДАНСКОГО СОСТОЯНИЯ Г. АСТАНЫ",
		"ОТДЕЛ РЕГИСТРАЦИИ АКТОВ ГРАЖДАНСКОГО СОСТОЯНИЯ Г. ШЫМКЕНТА",
		"ОТДЕЛ РАГС КАРАГАНДИНСКОЙ ОБЛАСТИ",
	}
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

// fieldLabels names domain keys in Russian, in the order rows are shown.
var fieldLabels = []struct{ key, label string }{
	{"principal", "Доверитель"}, {"representative", "Представитель"}, {"powers", "Полномочия"},
	{"notary", "Нотариус"}, {"registryNumber", "Номер в реестре"}, {"validUntil", "Действительна до"},
	{"father", "Отец"}, {"mother", "Мать"}, {"spouse", "Супруг(а)"},
	{"previousSurname", "Прежняя фамилия"}, {"previousName", "Прежнее имя"}, {"previousPatronymic", "Прежнее отчество"},
	{"newSurname", "Новая фамилия"}, {"newName", "Новое имя"}, {"newPatronymic", "Новое отчество"}, {"reason", "Основание"},
	{"marriageDate", "Дата брака"}, {"divorceDate", "Дата расторжения брака"},
	{"passportType", "Тип"}, {"countryCode", "Код государства"}, {"surnameLat", "Surname"}, {"nameLat", "Given name"},
	{"permitType", "Вид разрешения"}, {"citizenship", "Гражданство"}, {"formerCitizenship", "Прежнее гражданство"},
	{"nationality", "Национальность"}, {"gender", "Пол"}, {"placeOfBirth", "Место рождения"}, {"address", "Адрес"},
	{"categories", "Категории"}, {"firstIssued", "Стаж с"}, {"restrictions", "Особые отметки"},
	{"placeOfIssue", "Место выдачи"},
	{"institution", "Учебное заведение"}, {"faculty", "Факультет"}, {"speciality", "Специальность"},
	{"specialityCode", "Шифр специальности"}, {"qualification", "Квалификация"}, {"degree", "Степень"},
	{"graduationYear", "Год окончания"}, {"honours", "С отличием"}, {"registrationNo", "Регистрационный номер"},
	{"course", "Курс"}, {"studyForm", "Форма обучения"}, {"enrolledYear", "Год поступления"},
	{"vehicle", "Транспортное средство"}, {"make", "Марка"}, {"model", "Модель"}, {"year", "Год выпуска"},
	{"vin", "VIN"}, {"plate", "Гос. номер"}, {"color", "Цвет"}, {"bodyType", "Тип кузова"},
	{"engineVolume", "Объём двигателя, см³"}, {"engineNumber", "Номер двигателя"}, {"maxMass", "Разрешённая макс. масса, кг"},
	{"seats", "Число мест"}, {"category", "Категория"}, {"ownerAddress", "Адрес владельца"}, {"registrationDepartment", "Подразделение"},
	{"specialMarks", "Особые отметки"},
	{"records", "Записи"}, {"vaccine", "Вакцина"}, {"dose", "Доза"}, {"date", "Дата"}, {"clinic", "Организация"},
	{"testDate", "Дата взятия"}, {"resultDate", "Дата результата"}, {"method", "Метод"}, {"sampleType", "Материал"},
	{"result", "Результат"}, {"laboratory", "Лаборатория"},
	{"socialStatus", "Социальный статус"}, {"medicalInsured", "Застрахован в ОСМС"}, {"registeredDate", "Дата регистрации"},
	{"group", "Группа инвалидности"}, {"cause", "Причина"}, {"assignedDate", "Дата назначения"},
	{"reviewDate", "Дата переосвидетельствования"}, {"mseDepartment", "Отдел МСЭ"},
	{"childrenCount", "Количество детей"}, {"children", "Дети"},
	{"periodFrom", "Период с"}, {"periodTo", "Период по"}, {"familySize", "Состав семьи, чел."}, {"monthlyAmount", "Сумма в месяц, тг"},
	{"pensionType", "Вид пенсии"}, {"pensionFileNumber", "Номер пенсионного дела"}, {"paymentAgency", "Выплачивает"},
	{"policies", "Полисы"}, {"type", "Вид"}, {"insurer", "Страховщик"}, {"policyNumber", "Номер полиса"},
	{"startDate", "Начало"}, {"endDate", "Окончание"},
	{"huntingSociety", "Охотничье общество"}, {"membershipNumber", "Членский билет"}, {"weaponPermit", "Разрешение на оружие"},
	{"countryOfOrigin", "Страна исхода"}, {"arrivalDate", "Дата прибытия"}, {"settlementRegion", "Регион расселения"}, {"status", "Статус"},
	{"region", "Регион"},
	{"actNumber", "Номер актовой записи"}, {"registrationDate", "Дата регистрации"}, {"zags", "Орган регистрации"},
	{"fullName", "ФИО"}, {"iin", "ИИН"}, {"birthDate", "Дата рождения"}, {"surnameBefore", "Фамилия до брака"},
	{"licenseNumber", "Лицензия"}, {"issueDate", "Открыта"}, {"expiryDate", "Действительна до"},
}

var labelIndex = func() map[string]int {
	m := make(map[string]int, len(fieldLabels))
	for i, f := range fieldLabels {
		if _, dup := m[f.key]; !dup {
			m[f.key] = i
		}
	}
	return m
}()

func labelOf(key string) string {
	if i, ok := labelIndex[key]; ok {
		return fieldLabels[i].label
	}
	return key
}

// orderedKeys lists a map's keys: known keys in label order, then the rest (a scenario's own) sorted.
func orderedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, aok := labelIndex[keys[i]]
		b, bok := labelIndex[keys[j]]
		switch {
		case aok && bok:
			return a < b
		case aok != bok:
			return aok
		}
		return keys[i] < keys[j]
	})
	return keys
}

// Fields gives the domain as display rows (label in Russian, value) for a rendered document.
// A person becomes one row, a nested object one row per field, a list one row per item.
func (d *Document) Fields() [][2]string {
	var rows [][2]string
	for _, k := range orderedKeys(d.Domain) {
		label := labelOf(k)
		switch v := d.Domain[k].(type) {
		case map[string]any:
			if _, ok := v["fullName"]; ok {
				rows = append(rows, [2]string{label, inline(v)})
				continue
			}
			for _, sk := range orderedKeys(v) {
				rows = append(rows, [2]string{labelOf(sk), display(v[sk])})
			}
		case []any:
			if len(v) == 0 {
				rows = append(rows, [2]string{label, "—"})
			}
			for i, item := range v {
				l := label
				if i > 0 {
					l = ""
				}
				rows = append(rows, [2]string{l, display(item)})
			}
		default:
			rows = append(rows, [2]string{label, display(v)})
		}
	}
	return rows
}

// inline shows an object on one line, fullName first: "ИВАНОВ ИВАН, ИИН 900101300017".
func inline(m map[string]any) string {
	var parts []string
	if n, ok := m["fullName"]; ok {
		parts = append(parts, display(n))
	}
	for _, k := range orderedKeys(m) {
		if k == "fullName" {
			continue
		}
		parts = append(parts, labelOf(k)+" "+display(m[k]))
	}
	return strings.Join(parts, ", ")
}

func display(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		return x
	case bool:
		if x {
			return "ДА"
		}
		return "НЕТ"
	case map[string]any:
		if _, ok := x["fullName"]; ok {
			return inline(x)
		}
		var parts []string
		for _, k := range orderedKeys(x) {
			parts = append(parts, display(x[k]))
		}
		return strings.Join(parts, " · ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = display(e)
		}
		return strings.Join(parts, "; ")
	case []string:
		return strings.Join(x, "; ")
	}
	return fmt.Sprint(v)
}
