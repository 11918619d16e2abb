package facts

import (
	"math/rand/v2"
	"strings"

	"github.com/egovsim/egovsim/internal/kz"
)

// Name tables, upper-case Cyrillic like GBDFL records, and the rules that turn a name into its
// other forms (a surname's other gender, a father's name into a patronymic and back). Every
// generated name is one of these strings, shared, so a large population costs no per-person name
// allocation.

// Surname is one family name in both genders.
type Surname struct{ Male, Female string }

// Form is the surname as a person of gender g carries it.
func (s Surname) Form(g kz.Gender) string {
	if g == kz.Female {
		return s.Female
	}
	return s.Male
}

// Father is a male given name with the patronymics it gives: Russian style (-ОВИЧ/-ОВНА) and, for
// Kazakh names, Kazakh style (-ҰЛЫ/-ҚЫЗЫ, written joined as on current documents).
type Father struct {
	Name          string
	Son, Daughter string // Russian style
	Uly, Kyzy     string // Kazakh style; "" for Russian names
	KazakhName    bool
}

// Patronymic is the patronymic this father gives a child of gender g; kazakhStyle asks for
// -ҰЛЫ/-ҚЫЗЫ, which only Kazakh names have.
func (f Father) Patronymic(g kz.Gender, kazakhStyle bool) string {
	switch {
	case kazakhStyle && f.KazakhName && g == kz.Female:
		return f.Kyzy
	case kazakhStyle && f.KazakhName:
		return f.Uly
	case g == kz.Female:
		return f.Daughter
	default:
		return f.Son
	}
}

// Ethnicity is a naming tradition.
type Ethnicity struct {
	Surnames []Surname
	Male     []Father
	Female   []string
}

// Given draws a given name for gender g.
func (e *Ethnicity) Given(r *rand.Rand, g kz.Gender) string {
	if g == kz.Female {
		return Pick(r, e.Female)
	}
	return Pick(r, e.Male).Name
}

// FullName draws "SURNAME NAME PATRONYMIC" for someone of gender g.
func (e *Ethnicity) FullName(r *rand.Rand, g kz.Gender) string {
	s := Pick(r, e.Surnames).Form(g)
	name := e.Given(r, g)
	return s + " " + name + " " + Pick(r, e.Male).Patronymic(g, false)
}

// The two traditions of the generated population: about 70 % Kazakh, 30 % Russian names.
var (
	Kazakh  = Ethnicity{Surnames: surnames(kazakhSurnames), Male: kazakhFathers(kazakhMale), Female: kazakhFemale}
	Russian = Ethnicity{Surnames: surnames(russianSurnames), Male: russianFathers(russianMale), Female: russianFemale}
)

// KazakhShare is the percentage of people named in the Kazakh tradition.
const KazakhShare = 70

// AnyEthnicity draws a tradition with the population's shares.
func AnyEthnicity(r *rand.Rand) *Ethnicity {
	if r.IntN(100) < KazakhShare {
		return &Kazakh
	}
	return &Russian
}

// surnames pairs each male form with its female form (femaleForm).
func surnames(male []string) []Surname {
	out := make([]Surname, len(male))
	for i, m := range male {
		out[i] = Surname{Male: m, Female: femaleForm(m)}
	}
	return out
}

// femaleForm: -ОВ/-ЕВ/-ИН/-ЫН take -А, -СКИЙ/-ЦКИЙ and -ОЙ become -АЯ, the rest (-ЕНКО, -ИЧ,
// Korean surnames, Kazakh -ҰЛЫ) do not change.
func femaleForm(m string) string {
	switch {
	case strings.HasSuffix(m, "ОВ"), strings.HasSuffix(m, "ЕВ"), strings.HasSuffix(m, "ЁВ"), strings.HasSuffix(m, "ИН"), strings.HasSuffix(m, "ЫН"):
		return m + "А"
	case strings.HasSuffix(m, "КИЙ"):
		return strings.TrimSuffix(m, "ИЙ") + "АЯ"
	case strings.HasSuffix(m, "ОЙ"):
		return strings.TrimSuffix(m, "ОЙ") + "АЯ"
	}
	return m
}

// knownMale maps every female surname of the tables to its male form, for the forms a rule
// cannot undo (ТОЛСТАЯ is ТОЛСТОЙ, ЗАВАДСКАЯ is ЗАВАДСКИЙ).
var knownMale = func() map[string]string {
	m := map[string]string{}
	for _, e := range []*Ethnicity{&Kazakh, &Russian} {
		for _, s := range e.Surnames {
			m[s.Female] = s.Male
		}
	}
	return m
}()

// SurnameForm gives a surname, in either gender's form, in the form for gender g: the form a
// father, a son or a husband carries (g male), or a mother, a daughter or a wife (g female).
// A female form never survives as a man's surname.
func SurnameForm(s string, g kz.Gender) string {
	if g == kz.Female {
		if _, female := knownMale[s]; female {
			return s
		}
		if isFemaleForm(s) {
			return s
		}
		return femaleForm(s)
	}
	if m, ok := knownMale[s]; ok {
		return m
	}
	switch {
	case hasAnySuffix(s, "ОВА", "ЕВА", "ЁВА", "ИНА", "ЫНА"):
		return strings.TrimSuffix(s, "А")
	case hasAnySuffix(s, "СКАЯ", "ЦКАЯ"):
		return strings.TrimSuffix(s, "АЯ") + "ИЙ"
	case strings.HasSuffix(s, "АЯ"): // ТОЛСТАЯ, ЛАНСКАЯ's rarer cousins: -ОЙ is the common male form
		return strings.TrimSuffix(s, "АЯ") + "ОЙ"
	}
	return s
}

func isFemaleForm(s string) bool {
	return hasAnySuffix(s, "ОВА", "ЕВА", "ЁВА", "ИНА", "ЫНА", "АЯ")
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) && len(s) > len(x) {
			return true
		}
	}
	return false
}

// fatherByPatronymic maps every patronymic of the tables to the father's table entry.
var fatherByPatronymic = func() map[string]*Father {
	m := map[string]*Father{}
	for _, e := range []*Ethnicity{&Kazakh, &Russian} {
		for i := range e.Male {
			f := &e.Male[i]
			for _, p := range []string{f.Son, f.Daughter, f.Uly, f.Kyzy} {
				if p != "" {
					m[p] = f
				}
			}
		}
	}
	return m
}()

var fatherByName = func() map[string]*Father {
	m := map[string]*Father{}
	for _, e := range []*Ethnicity{&Russian, &Kazakh} { // Kazakh last: ЖАННА-like overlaps keep one
		for i := range e.Male {
			m[e.Male[i].Name] = &e.Male[i]
		}
	}
	return m
}()

// FatherName reads the father's given name back from a patronymic: the tables first (ИЛЬИНИЧНА is
// ИЛЬЯ's), then the rules (-ОВИЧ/-ЕВИЧ/-ЬЕВИЧ and their daughters', a name before ҰЛЫ/ҚЫЗЫ,
// joined or not). "" when it cannot.
func FatherName(patronymic string) string {
	p := strings.TrimSpace(patronymic)
	if f, ok := fatherByPatronymic[p]; ok {
		return f.Name
	}
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

// FatherOf is the table entry for a father's given name; a name outside the tables gets its
// patronymics by rule (-ИЙ gives -ЬЕВИЧ, -Й gives -ЕВИЧ, the rest -ОВИЧ).
func FatherOf(name string) Father {
	if f, ok := fatherByName[name]; ok {
		return *f
	}
	stem, son, dau := name, "ОВИЧ", "ОВНА"
	switch {
	case strings.HasSuffix(name, "ИЙ"):
		stem, son, dau = strings.TrimSuffix(name, "ИЙ"), "ЬЕВИЧ", "ЬЕВНА"
	case strings.HasSuffix(name, "Й"):
		stem, son, dau = strings.TrimSuffix(name, "Й"), "ЕВИЧ", "ЕВНА"
	}
	return Father{Name: name, Son: stem + son, Daughter: stem + dau}
}

// EthnicityOf guesses the tradition of a given name: Russian when a Russian table has it.
func EthnicityOf(given string) *Ethnicity {
	for _, f := range Russian.Male {
		if f.Name == given {
			return &Russian
		}
	}
	for _, n := range Russian.Female {
		if n == given {
			return &Russian
		}
	}
	return &Kazakh
}

// kazakhFathers derives both patronymic styles: АБАЙ gives АБАЕВИЧ and АБАЙҰЛЫ, ЕРЛАН gives
// ЕРЛАНОВИЧ and ЕРЛАНҰЛЫ. The table holds only names ending in a consonant or Й, so the rule is exact.
func kazakhFathers(names []string) []Father {
	out := make([]Father, len(names))
	for i, n := range names {
		stem, son, dau := n, "ОВИЧ", "ОВНА"
		if strings.HasSuffix(n, "Й") {
			stem, son, dau = strings.TrimSuffix(n, "Й"), "ЕВИЧ", "ЕВНА"
		}
		out[i] = Father{Name: n, Son: stem + son, Daughter: stem + dau, Uly: n + "ҰЛЫ", Kyzy: n + "ҚЫЗЫ", KazakhName: true}
	}
	return out
}

// russianFathers reads name/son/daughter triples, irregular forms (ИЛЬЯ, ЛЕВ, ПАВЕЛ...) spelled out.
func russianFathers(triples [][3]string) []Father {
	out := make([]Father, len(triples))
	for i, t := range triples {
		out[i] = Father{Name: t[0], Son: t[1], Daughter: t[2]}
	}
	return out
}

var kazakhSurnames = []string{
	"АБДРАХМАНОВ", "АБЕНОВ", "АХМЕТОВ", "АЙТБАЕВ", "АЛИЕВ", "АМАНОВ", "АСАНОВ", "АУЕЗОВ",
	"БАЙМУХАНОВ", "БАЙТУРСЫНОВ", "БЕКМАМБЕТОВ", "БЕКОВ", "БЕЙСЕНОВ", "БИСЕНОВ", "ДАУЛЕТОВ", "ДЖАКУПОВ",
	"ДОСМАГАМБЕТОВ", "ДЮСЕНОВ", "ЕРГАЛИЕВ", "ЕРМЕКОВ", "ЕСЕНОВ", "ЕСПЕНБЕТОВ", "ЖАКСЫБЕКОВ", "ЖАНУЗАКОВ",
	"ЖОЛДАСБЕКОВ", "ЖУМАБАЕВ", "ЖУМАБЕКОВ", "ЖУНУСОВ", "ИБРАЕВ", "ИСКАКОВ", "ИСМАИЛОВ", "КАЛДЫБАЕВ",
	"КАЛИЕВ", "КАРИМОВ", "КАСЫМОВ", "КЕНЖЕБАЕВ", "КУАНЫШЕВ", "КУДАЙБЕРГЕНОВ", "ЛЕСБЕКОВ", "МАМЫРОВ",
	"МУКАНОВ", "МУСИН", "НАЗАРБЕКОВ", "НУРГАЛИЕВ", "НУРМАГАМБЕТОВ", "НУРПЕИСОВ", "ОМАРОВ", "ОРАЗБАЕВ",
	"ОСПАНОВ", "РАХИМОВ", "САГИНТАЕВ", "САДЫКОВ", "САРСЕНБАЕВ", "СЕЙТКАЛИЕВ", "СЕРІКБАЕВ", "СМАГУЛОВ",
	"СҰЛТАНОВ", "СУЛЕЙМЕНОВ", "ТАЖИБАЕВ", "ТЕМИРБЕКОВ", "ТОКАЕВ", "ТУРСЫНОВ", "УМБЕТОВ", "УТЕПОВ",
	"ХАМИТОВ", "ШАРИПОВ", "ЫСҚАҚОВ", "ҚАЙЫРБЕКОВ", "ӘБІЛОВ", "ЖАНДАРБЕКОВ",
}

var russianSurnames = []string{
	"ИВАНОВ", "СМИРНОВ", "КУЗНЕЦОВ", "ПОПОВ", "ВАСИЛЬЕВ", "ПЕТРОВ", "СОКОЛОВ", "МИХАЙЛОВ",
	"НОВИКОВ", "ФЕДОРОВ", "МОРОЗОВ", "ВОЛКОВ", "АЛЕКСЕЕВ", "ЛЕБЕДЕВ", "СЕМЕНОВ", "ЕГОРОВ",
	"ПАВЛОВ", "КОЗЛОВ", "СТЕПАНОВ", "НИКОЛАЕВ", "ОРЛОВ", "АНДРЕЕВ", "МАКАРОВ", "НИКИТИН",
	"ЗАХАРОВ", "ЗАЙЦЕВ", "СОЛОВЬЕВ", "БОРИСОВ", "ЯКОВЛЕВ", "ГРИГОРЬЕВ", "РОМАНОВ", "ВОРОБЬЕВ",
	"СЕРГЕЕВ", "КУЗЬМИН", "ФРОЛОВ", "АЛЕКСАНДРОВ", "ДМИТРИЕВ", "КОРОЛЕВ", "ГУСЕВ", "КИСЕЛЕВ",
	"ИЛЬИН", "МАКСИМОВ", "ПОЛЯКОВ", "СОРОКИН", "ВИНОГРАДОВ", "КОВАЛЕВ", "БЕЛОВ", "МЕДВЕДЕВ",
	"АНТОНОВ", "ТАРАСОВ", "ЖУКОВ", "БАРАНОВ", "ФИЛИППОВ", "КОМАРОВ", "ДАВЫДОВ", "БЕЛЯЕВ",
	"ГЕРАСИМОВ", "БОГДАНОВ", "ОСИПОВ", "СИДОРОВ", "МАТВЕЕВ", "ТИТОВ", "МАРКОВ", "МИРОНОВ",
	"КРЫЛОВ", "КУЛИКОВ", "ЗАВАДСКИЙ", "ТОЛСТОЙ", "ШЕВЧЕНКО", "КОВАЛЕНКО", "КИМ", "ПАК",
}

// kazakhMale: consonant or Й endings only (see kazakhFathers).
var kazakhMale = []string{
	"АБАЙ", "АЙБЕК", "АЙДАР", "АЙДОС", "АЗАМАТ", "АЛИБЕК", "АЛИХАН", "АЛМАС",
	"АЛТЫНБЕК", "АРМАН", "АРЫСТАН", "АСЕТ", "АСКАР", "АСЛАН", "АСХАТ", "АХМЕТ",
	"БАГЛАН", "БАҚЫТ", "БАУЫРЖАН", "БЕКЗАТ", "БЕРИК", "БОЛАТ", "ҒАЛЫМ", "ДАМИР",
	"ДАНИЯР", "ДАРХАН", "ДАУРЕН", "ДИАС", "ЕРБОЛ", "ЕРЖАН", "ЕРЛАН", "ЕРМЕК",
	"ЕРНАР", "ЕСЕН", "ЖАНАТ", "ЖАНДОС", "ЖАСУЛАН", "ЖОМАРТ", "ИЛЬЯС", "ИСЛАМ",
	"ҚАЙРАТ", "ҚАНАТ", "КУАНЫШ", "МАРАТ", "МЕДЕТ", "МУРАТ", "НУРБОЛ", "НУРЛАН",
	"НУРСУЛТАН", "ОЛЖАС", "ОРАЗ", "РУСЛАН", "САКЕН", "САМАТ", "САЯН", "СЕРИК",
	"СУЛТАН", "ТАЛГАТ", "ТЕМИРЛАН", "ТИМУР", "ТОКТАР", "ЧИНГИЗ", "ШЫНГЫС", "ЕРКЕБУЛАН",
}

var kazakhFemale = []string{
	"АЙГЕРИМ", "АЙГУЛЬ", "АЙДАНА", "АЙЖАН", "АЙНУР", "АЙСУЛУ", "АКБОТА", "АКЕРКЕ",
	"АКМАРАЛ", "АЛИЯ", "АЛМА", "АЛТЫНАЙ", "АЛУА", "АМИНА", "АНАР", "АРАЙЛЫМ",
	"АРУЖАН", "АСЕЛЬ", "АСЕМ", "АЯЖАН", "БАЛЖАН", "ГАУХАР", "ГУЛЬМИРА", "ГУЛЬНАР",
	"ГУЛЬНАРА", "ГУЛЬСАРА", "ДАМЕЛИ", "ДАНА", "ДАРИГА", "ДИНАРА", "ЖАДЫРА", "ЖАНАР",
	"ЖАНЕЛЬ", "ЖАНСАЯ", "ЖУЛДЫЗ", "ЗАРИНА", "ЗЕРЕ", "ИНДИРА", "КАМИЛА", "КАРЛЫГАШ",
	"ҚҰНДЫЗ", "ЛАУРА", "МАДИНА", "МАЙРА", "МАКПАЛ", "МАРЖАН", "МЕРУЕРТ", "МӨЛДІР",
	"НАЗЕРКЕ", "НУРГУЛЬ", "РАУШАН", "САЛТАНАТ", "САНИЯ", "САУЛЕ", "СЫМБАТ", "ТОМИРИС",
	"УЛБОСЫН", "ШОЛПАН", "ЭЛЬМИРА", "ЖАННА", "ӘСЕЛ", "ДАНАГУЛЬ",
}

var russianMale = [][3]string{
	{"АЛЕКСАНДР", "АЛЕКСАНДРОВИЧ", "АЛЕКСАНДРОВНА"}, {"АЛЕКСЕЙ", "АЛЕКСЕЕВИЧ", "АЛЕКСЕЕВНА"},
	{"АНАТОЛИЙ", "АНАТОЛЬЕВИЧ", "АНАТОЛЬЕВНА"}, {"АНДРЕЙ", "АНДРЕЕВИЧ", "АНДРЕЕВНА"},
	{"АНТОН", "АНТОНОВИЧ", "АНТОНОВНА"}, {"АРКАДИЙ", "АРКАДЬЕВИЧ", "АРКАДЬЕВНА"},
	{"АРСЕНИЙ", "АРСЕНЬЕВИЧ", "АРСЕНЬЕВНА"}, {"АРТЕМ", "АРТЕМОВИЧ", "АРТЕМОВНА"},
	{"АРТУР", "АРТУРОВИЧ", "АРТУРОВНА"}, {"БОРИС", "БОРИСОВИЧ", "БОРИСОВНА"},
	{"ВАДИМ", "ВАДИМОВИЧ", "ВАДИМОВНА"}, {"ВАЛЕНТИН", "ВАЛЕНТИНОВИЧ", "ВАЛЕНТИНОВНА"},
	{"ВАЛЕРИЙ", "ВАЛЕРЬЕВИЧ", "ВАЛЕРЬЕВНА"}, {"ВАСИЛИЙ", "ВАСИЛЬЕВИЧ", "ВАСИЛЬЕВНА"},
	{"ВЕНИАМИН", "ВЕНИАМИНОВИЧ", "ВЕНИАМИНОВНА"}, {"ВИКТОР", "ВИКТОРОВИЧ", "ВИКТОРОВНА"},
	{"ВИТАЛИЙ", "ВИТАЛЬЕВИЧ", "ВИТАЛЬЕВНА"}, {"ВЛАДИМИР", "ВЛАДИМИРОВИЧ", "ВЛАДИМИРОВНА"},
	{"ВЛАДИСЛАВ", "ВЛАДИСЛАВОВИЧ", "ВЛАДИСЛАВОВНА"}, {"ВСЕВОЛОД", "ВСЕВОЛОДОВИЧ", "ВСЕВОЛОДОВНА"},
	{"ВЯЧЕСЛАВ", "ВЯЧЕСЛАВОВИЧ", "ВЯЧЕСЛАВОВНА"}, {"ГЕННАДИЙ", "ГЕННАДЬЕВИЧ", "ГЕННАДЬЕВНА"},
	{"ГЕОРГИЙ", "ГЕОРГИЕВИЧ", "ГЕОРГИЕВНА"}, {"ГЕРМАН", "ГЕРМАНОВИЧ", "ГЕРМАНОВНА"},
	{"ГЛЕБ", "ГЛЕБОВИЧ", "ГЛЕБОВНА"}, {"ГРИГОРИЙ", "ГРИГОРЬЕВИЧ", "ГРИГОРЬЕВНА"},
	{"ДАНИИЛ", "ДАНИИЛОВИЧ", "ДАНИИЛОВНА"}, {"ДЕНИС", "ДЕНИСОВИЧ", "ДЕНИСОВНА"},
	{"ДМИТРИЙ", "ДМИТРИЕВИЧ", "ДМИТРИЕВНА"}, {"ЕВГЕНИЙ", "ЕВГЕНЬЕВИЧ", "ЕВГЕНЬЕВНА"},
	{"ЕГОР", "ЕГОРОВИЧ", "ЕГОРОВНА"}, {"ЕФИМ", "ЕФИМОВИЧ", "ЕФИМОВНА"},
	{"ЗАХАР", "ЗАХАРОВИЧ", "ЗАХАРОВНА"}, {"ИВАН", "ИВАНОВИЧ", "ИВАНОВНА"},
	{"ИГОРЬ", "ИГОРЕВИЧ", "ИГОРЕВНА"}, {"ИЛЬЯ", "ИЛЬИЧ", "ИЛЬИНИЧНА"},
	{"ИННОКЕНТИЙ", "ИННОКЕНТЬЕВИЧ", "ИННОКЕНТЬЕВНА"}, {"КИРИЛЛ", "КИРИЛЛОВИЧ", "КИРИЛЛОВНА"},
	{"КОНСТАНТИН", "КОНСТАНТИНОВИЧ", "КОНСТАНТИНОВНА"}, {"ЛЕВ", "ЛЬВОВИЧ", "ЛЬВОВНА"},
	{"ЛЕОНИД", "ЛЕОНИДОВИЧ", "ЛЕОНИДОВНА"}, {"МАКСИМ", "МАКСИМОВИЧ", "МАКСИМОВНА"},
	{"МАРК", "МАРКОВИЧ", "МАРКОВНА"}, {"МАТВЕЙ", "МАТВЕЕВИЧ", "МАТВЕЕВНА"},
	{"МИХАИЛ", "МИХАЙЛОВИЧ", "МИХАЙЛОВНА"}, {"НИКИТА", "НИКИТИЧ", "НИКИТИЧНА"},
	{"НИКОЛАЙ", "НИКОЛАЕВИЧ", "НИКОЛАЕВНА"}, {"ОЛЕГ", "ОЛЕГОВИЧ", "ОЛЕГОВНА"},
	{"ПАВЕЛ", "ПАВЛОВИЧ", "ПАВЛОВНА"}, {"ПЕТР", "ПЕТРОВИЧ", "ПЕТРОВНА"},
	{"РОМАН", "РОМАНОВИЧ", "РОМАНОВНА"}, {"РОСТИСЛАВ", "РОСТИСЛАВОВИЧ", "РОСТИСЛАВОВНА"},
	{"СЕМЕН", "СЕМЕНОВИЧ", "СЕМЕНОВНА"}, {"СЕРГЕЙ", "СЕРГЕЕВИЧ", "СЕРГЕЕВНА"},
	{"СТАНИСЛАВ", "СТАНИСЛАВОВИЧ", "СТАНИСЛАВОВНА"}, {"СТЕПАН", "СТЕПАНОВИЧ", "СТЕПАНОВНА"},
	{"ТИМОФЕЙ", "ТИМОФЕЕВИЧ", "ТИМОФЕЕВНА"}, {"ТИХОН", "ТИХОНОВИЧ", "ТИХОНОВНА"},
	{"ФЕДОР", "ФЕДОРОВИЧ", "ФЕДОРОВНА"}, {"ФИЛИПП", "ФИЛИППОВИЧ", "ФИЛИППОВНА"},
	{"ЭДУАРД", "ЭДУАРДОВИЧ", "ЭДУАРДОВНА"}, {"ЮРИЙ", "ЮРЬЕВИЧ", "ЮРЬЕВНА"},
	{"ЯКОВ", "ЯКОВЛЕВИЧ", "ЯКОВЛЕВНА"}, {"ЯРОСЛАВ", "ЯРОСЛАВОВИЧ", "ЯРОСЛАВОВНА"},
}

var russianFemale = []string{
	"АЛЕКСАНДРА", "АЛЕНА", "АЛИНА", "АЛЛА", "АНАСТАСИЯ", "АНГЕЛИНА", "АННА", "АРИНА",
	"ВАЛЕНТИНА", "ВАЛЕРИЯ", "ВАРВАРА", "ВАСИЛИСА", "ВЕРА", "ВЕРОНИКА", "ВИКТОРИЯ", "ВЛАДА",
	"ГАЛИНА", "ДАРЬЯ", "ДИАНА", "ЕВА", "ЕВГЕНИЯ", "ЕКАТЕРИНА", "ЕЛЕНА", "ЕЛИЗАВЕТА",
	"ЖАННА", "ЗИНАИДА", "ЗОЯ", "ИННА", "ИРИНА", "КАРИНА", "КРИСТИНА", "КСЕНИЯ",
	"ЛАРИСА", "ЛИДИЯ", "ЛИЛИЯ", "ЛЮБОВЬ", "ЛЮДМИЛА", "МАРГАРИТА", "МАРИНА", "МАРИЯ",
	"МИЛАНА", "НАДЕЖДА", "НАТАЛЬЯ", "НИНА", "НОННА", "ОКСАНА", "ОЛЕСЯ", "ОЛЬГА",
	"ПОЛИНА", "РАИСА", "СВЕТЛАНА", "СОФИЯ", "ТАИСИЯ", "ТАМАРА", "ТАТЬЯНА", "УЛЬЯНА",
	"ЭВЕЛИНА", "ЭЛЕОНОРА", "ЮЛИЯ", "ЯНА", "ЯРОСЛАВА",
}
