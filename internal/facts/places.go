package facts

import "math/rand/v2"

// Dict is a dictionary value as GBDFL answers it: a code and its Russian and Kazakh names.
type Dict struct {
	Code   string `json:"code"`
	NameRu string `json:"nameRu"`
	NameKz string `json:"nameKz"`
}

// Kazakhstan is the country of every generated birth and address, and the citizenship of every
// citizen (the connector document's own example: code KZ, "Республика Казахстан").
var Kazakhstan = Dict{Code: "KZ", NameRu: "Республика Казахстан", NameKz: "Қазақстан Республикасы"}

// Region is a region of the republic (an oblast or a city of republican significance) with the
// districts people of the world live in. Codes are KATO's first level; district codes are assumed.
type Region struct {
	Dict
	Genitive  string // "Г. АСТАНЫ", "КАРАГАНДИНСКОЙ ОБЛАСТИ": an office "of" the region
	Short     string // the genitive as offices abbreviate it ("ВКО")
	Dative    string // "ПО Г. АСТАНЕ": a department "for" the region
	City      string // the city people live in, "АСТАНА", "КАРАГАНДА"
	Plate     string // the region's two digits on a vehicle plate
	Districts []Dict
}

// CityOfRepublic reports whether the region is a city (its place names need no oblast).
func (r *Region) CityOfRepublic() bool { return r.NameRu == "Г. "+r.City }

// Place names a settlement of a region the way an identity card prints it: "Г. АСТАНА" or
// "КАРАГАНДИНСКАЯ ОБЛАСТЬ, Г. КАРАГАНДА".
func (r *Region) Place() string {
	if r.CityOfRepublic() {
		return r.NameRu
	}
	return r.NameRu + ", Г. " + r.City
}

// RegistryOffice is the region's civil-registry (ZAGS) office, as certificates and ZAGS records name it.
func (r *Region) RegistryOffice() string {
	return "ОТДЕЛ РЕГИСТРАЦИИ АКТОВ ГРАЖДАНСКОГО СОСТОЯНИЯ " + r.Genitive
}

func cityDistrict(code, ru, kz string) []Dict { return []Dict{{Code: code, NameRu: ru, NameKz: kz}} }

// Regions are the regions of the world.
var Regions = []Region{
	{Dict{"710000000", "Г. АСТАНА", "АСТАНА ҚАЛАСЫ"}, "Г. АСТАНЫ", "Г. АСТАНЫ", "Г. АСТАНЕ", "АСТАНА", "01", []Dict{
		{"711210000", "АЛМАТИНСКИЙ РАЙОН", "АЛМАТЫ АУДАНЫ"}, {"711410000", "ЕСИЛЬСКИЙ РАЙОН", "ЕСІЛ АУДАНЫ"},
		{"711610000", "САРЫАРКИНСКИЙ РАЙОН", "САРЫАРҚА АУДАНЫ"}, {"711810000", "БАЙКОНЫРСКИЙ РАЙОН", "БАЙҚОҢЫР АУДАНЫ"},
	}},
	{Dict{"750000000", "Г. АЛМАТЫ", "АЛМАТЫ ҚАЛАСЫ"}, "Г. АЛМАТЫ", "Г. АЛМАТЫ", "Г. АЛМАТЫ", "АЛМАТЫ", "02", []Dict{
		{"751210000", "АЛМАЛИНСКИЙ РАЙОН", "АЛМАЛЫ АУДАНЫ"}, {"751510000", "БОСТАНДЫКСКИЙ РАЙОН", "БОСТАНДЫҚ АУДАНЫ"},
		{"751710000", "МЕДЕУСКИЙ РАЙОН", "МЕДЕУ АУДАНЫ"}, {"751310000", "АУЭЗОВСКИЙ РАЙОН", "ӘУЕЗОВ АУДАНЫ"},
	}},
	{Dict{"790000000", "Г. ШЫМКЕНТ", "ШЫМКЕНТ ҚАЛАСЫ"}, "Г. ШЫМКЕНТА", "Г. ШЫМКЕНТА", "Г. ШЫМКЕНТУ", "ШЫМКЕНТ", "17", []Dict{
		{"791510000", "АЛЬ-ФАРАБИЙСКИЙ РАЙОН", "ӘЛ-ФАРАБИ АУДАНЫ"}, {"791210000", "АБАЙСКИЙ РАЙОН", "АБАЙ АУДАНЫ"},
		{"791610000", "ЕНБЕКШИНСКИЙ РАЙОН", "ЕҢБЕКШІ АУДАНЫ"},
	}},
	{Dict{"350000000", "КАРАГАНДИНСКАЯ ОБЛАСТЬ", "ҚАРАҒАНДЫ ОБЛЫСЫ"}, "КАРАГАНДИНСКОЙ ОБЛАСТИ", "КАРАГАНДИНСКОЙ ОБЛАСТИ", "КАРАГАНДИНСКОЙ ОБЛАСТИ", "КАРАГАНДА", "09",
		cityDistrict("351010000", "Г. КАРАГАНДА", "ҚАРАҒАНДЫ Қ.")},
	{Dict{"550000000", "ПАВЛОДАРСКАЯ ОБЛАСТЬ", "ПАВЛОДАР ОБЛЫСЫ"}, "ПАВЛОДАРСКОЙ ОБЛАСТИ", "ПАВЛОДАРСКОЙ ОБЛАСТИ", "ПАВЛОДАРСКОЙ ОБЛАСТИ", "ПАВЛОДАР", "14",
		cityDistrict("551010000", "Г. ПАВЛОДАР", "ПАВЛОДАР Қ.")},
	{Dict{"150000000", "АКТЮБИНСКАЯ ОБЛАСТЬ", "АҚТӨБЕ ОБЛЫСЫ"}, "АКТЮБИНСКОЙ ОБЛАСТИ", "АКТЮБИНСКОЙ ОБЛАСТИ", "АКТЮБИНСКОЙ ОБЛАСТИ", "АКТОБЕ", "04",
		cityDistrict("151010000", "Г. АКТОБЕ", "АҚТӨБЕ Қ.")},
	{Dict{"630000000", "ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ", "ШЫҒЫС ҚАЗАҚСТАН ОБЛЫСЫ"}, "ВОСТОЧНО-КАЗАХСТАНСКОЙ ОБЛАСТИ", "ВКО", "ВОСТОЧНО-КАЗАХСТАНСКОЙ ОБЛАСТИ", "УСТЬ-КАМЕНОГОРСК", "16",
		cityDistrict("631010000", "Г. УСТЬ-КАМЕНОГОРСК", "ӨСКЕМЕН Қ.")},
	{Dict{"310000000", "ЖАМБЫЛСКАЯ ОБЛАСТЬ", "ЖАМБЫЛ ОБЛЫСЫ"}, "ЖАМБЫЛСКОЙ ОБЛАСТИ", "ЖАМБЫЛСКОЙ ОБЛАСТИ", "ЖАМБЫЛСКОЙ ОБЛАСТИ", "ТАРАЗ", "08",
		cityDistrict("311010000", "Г. ТАРАЗ", "ТАРАЗ Қ.")},
	{Dict{"390000000", "КОСТАНАЙСКАЯ ОБЛАСТЬ", "ҚОСТАНАЙ ОБЛЫСЫ"}, "КОСТАНАЙСКОЙ ОБЛАСТИ", "КОСТАНАЙСКОЙ ОБЛАСТИ", "КОСТАНАЙСКОЙ ОБЛАСТИ", "КОСТАНАЙ", "10",
		cityDistrict("391010000", "Г. КОСТАНАЙ", "ҚОСТАНАЙ Қ.")},
	{Dict{"230000000", "АТЫРАУСКАЯ ОБЛАСТЬ", "АТЫРАУ ОБЛЫСЫ"}, "АТЫРАУСКОЙ ОБЛАСТИ", "АТЫРАУСКОЙ ОБЛАСТИ", "АТЫРАУСКОЙ ОБЛАСТИ", "АТЫРАУ", "06",
		cityDistrict("231010000", "Г. АТЫРАУ", "АТЫРАУ Қ.")},
}

// Almaty is the region generated property lies in (cadastral district 20:311).
var Almaty = &Regions[1]

// Streets of the world's cities, as addresses write them; documents print them upper-case.
var Streets = []string{
	"ул. Абая", "пр. Достык", "ул. Жибек Жолы", "ул. Толе би", "пр. Аль-Фараби", "ул. Сатпаева",
	"ул. Гоголя", "ул. Жандосова", "пр. Райымбека", "ул. Розыбакиева", "ул. Тимирязева", "ул. Муканова",
	"ул. Байтурсынова", "ул. Кабанбай батыра", "ул. Наурызбай батыра", "ул. Шевченко", "пр. Назарбаева",
	"ул. Бухар жырау", "ул. Жарокова", "ул. Ауэзова", "пр. Сейфуллина", "ул. Фурманова",
	"пр. Республики", "ул. Желтоксан", "ул. Сыганак",
}

// Microdistricts of Almaty, for houses and land plots.
var Microdistricts = []string{
	"мкр. Самал-2", "мкр. Орбита-3", "мкр. Аксай-4", "мкр. Коктем-1", "мкр. Мамыр-5", "мкр. Жетысу-2",
	"мкр. Калкаман", "мкр. Шанырак-1", "мкр. Алгабас", "мкр. Айгерим-2",
}

// Nationality is a GBDFL nationality with the forms documents print for a man and a woman.
type Nationality struct {
	Dict          // NameRu is the dictionary's (masculine) name
	Female string // the form a woman's identity card prints
}

// Nationalities of the world with their weights (of 7). Only КАЗАХ's code 005 is evidenced;
// the other codes are assumed.
var Nationalities = []Nationality{
	{Dict{"005", "КАЗАХ", "ҚАЗАҚ"}, "КАЗАШКА"},
	{Dict{"005", "КАЗАХ", "ҚАЗАҚ"}, "КАЗАШКА"},
	{Dict{"005", "КАЗАХ", "ҚАЗАҚ"}, "КАЗАШКА"},
	{Dict{"001", "РУССКИЙ", "ОРЫС"}, "РУССКАЯ"},
	{Dict{"012", "УЗБЕК", "ӨЗБЕК"}, "УЗБЕЧКА"},
	{Dict{"017", "УЙГУР", "ҰЙҒЫР"}, "УЙГУРКА"},
	{Dict{"018", "ТАТАР", "ТАТАР"}, "ТАТАРКА"},
}

// AnyRegistryOffice draws the civil-registry office of an act registered somewhere in the world.
func AnyRegistryOffice(r *rand.Rand) string {
	return Regions[r.IntN(len(Regions))].RegistryOffice()
}
