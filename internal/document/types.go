// Package document holds the 24 E-Document types of the upstream table and builds a citizen's
// document data (result_json) from them. It is the one place where the type table is spelled.
package document

// Type is one row of the upstream's document_type table.
type Type struct {
	Slug   string // the path parameter, e.g. "identity_card"
	Code   string // docType.code in result_json: eGov's CamelCase ("BirthCertificate"); docUri starts with it
	NameRu string // as the upstream table names it
	NameKk string
	NameEn string
	// IssuerRu/IssuerKk/IssuerEn name the body that issues this type (assumed).
	IssuerRu, IssuerKk, IssuerEn string
	// Years the document stays valid after issue; 0 = no expiry date (assumed).
	ValidYears int
	// NumberPrefix starts the generated document number (assumed), keeping types apart.
	NumberPrefix string
	// MinAge is the holder's youngest age at issue (assumed): a pension at 61, a diploma at 21.
	MinAge int
}

const (
	mvdRu = "МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РК"
	mvdKk = "ҚР ІШКІ ІСТЕР МИНИСТРЛІГІ"
	mvdEn = "MINISTRY OF INTERNAL AFFAIRS OF RK"
	mjRu  = "МИНИСТЕРСТВО ЮСТИЦИИ РК"
	mjKk  = "ҚР ӘДІЛЕТ МИНИСТРЛІГІ"
	mjEn  = "MINISTRY OF JUSTICE OF RK"
	monRu = "МИНИСТЕРСТВО НАУКИ И ВЫСШЕГО ОБРАЗОВАНИЯ РК"
	monKk = "ҚР ҒЫЛЫМ ЖӘНЕ ЖОҒАРЫ БІЛІМ МИНИСТРЛІГІ"
	monEn = "MINISTRY OF SCIENCE AND HIGHER EDUCATION OF RK"
	mzRu  = "МИНИСТЕРСТВО ЗДРАВООХРАНЕНИЯ РК"
	mzKk  = "ҚР ДЕНСАУЛЫҚ САҚТАУ МИНИСТРЛІГІ"
	mzEn  = "MINISTRY OF HEALTHCARE OF RK"
	mtRu  = "МИНИСТЕРСТВО ТРУДА И СОЦИАЛЬНОЙ ЗАЩИТЫ НАСЕЛЕНИЯ РК"
	mtKk  = "ҚР ЕҢБЕК ЖӘНЕ ХАЛЫҚТЫ ӘЛЕУМЕТТІК ҚОРҒАУ МИНИСТРЛІГІ"
	mtEn  = "MINISTRY OF LABOUR AND SOCIAL PROTECTION OF RK"
	gkRu  = "НАО «ГОСУДАРСТВЕННАЯ КОРПОРАЦИЯ «ПРАВИТЕЛЬСТВО ДЛЯ ГРАЖДАН»"
	gkKk  = "«АЗАМАТТАРҒА АРНАЛҒАН ҮКІМЕТ» МЕМЛЕКЕТТІК КОРПОРАЦИЯСЫ» КЕАҚ"
	gkEn  = "STATE CORPORATION «GOVERNMENT FOR CITIZENS»"
)

// Types is the upstream table, in its order.
var Types = []Type{
	{"identity_card", "IdentityCard", "Удостоверение личности", "Жеке куәлік", "Identity card", mvdRu, mvdKk, mvdEn, 10, "0", 16},
	{"driver_license", "DriverLicense", "Водительское удостоверение", "Жүргізуші куәлігі", "Driver licence", mvdRu, mvdKk, mvdEn, 10, "DL", 18},
	{"birth_certificate", "BirthCertificate", "Свидетельство о рождении", "Туу туралы куәлік", "Birth certificate", mjRu, mjKk, mjEn, 0, "BC", 0},
	{"marriage_certificate", "MarriageCertificate", "Свидетельство о заключении брака", "Неке қию туралы куәлік", "Marriage certificate", mjRu, mjKk, mjEn, 0, "MC", 18},
	{"change_fio_certificate", "ChangeFioCertificate", "Свидетельство о перемене фамилии, имени, отчества", "Тегін, атын, әкесінің атын ауыстыру туралы куәлік", "Certificate of change of name", mjRu, mjKk, mjEn, 0, "CF", 18},
	{"divorce_certificate", "DivorceCertificate", "Свидетельство о расторжении брака", "Некені бұзу туралы куәлік", "Divorce certificate", mjRu, mjKk, mjEn, 0, "DC", 19},
	{"diploma", "Diploma", "Диплом", "Диплом", "Diploma", monRu, monKk, monEn, 0, "DP", 21},
	{"srts", "Srts", "Свидетельство о регистрации транспортного средства", "Көлік құралын тіркеу туралы куәлік", "Vehicle registration certificate", mvdRu, mvdKk, mvdEn, 0, "SR", 18},
	{"vaccination", "Vaccination", "Паспорт вакцинации", "Вакцинация паспорты", "Vaccination passport", mzRu, mzKk, mzEn, 0, "VC", 1},
	{"social_id", "SocialId", "Социальный ID", "Әлеуметтік ID", "Social ID", mtRu, mtKk, mtEn, 0, "SI", 16},
	{"disability_certificate", "DisabilityCertificate", "Удостоверение лица с инвалидностью", "Мүгедектігі бар адамның куәлігі", "Disability certificate", mtRu, mtKk, mtEn, 2, "DS", 16},
	{"large_family_certificate", "LargeFamilyCertificate", "Удостоверение о многодетной семье", "Көпбалалы отбасы куәлігі", "Large family certificate", mtRu, mtKk, mtEn, 5, "LF", 27},
	{"asp_certificate", "AspCertificate", "Удостоверение получателя адресной социальной помощи", "Атаулы әлеуметтік көмек алушының куәлігі", "Targeted social assistance certificate", mtRu, mtKk, mtEn, 1, "AS", 18},
	{"tech_passport", "TechPassport", "Технический паспорт", "Техникалық паспорт", "Technical passport", mvdRu, mvdKk, mvdEn, 0, "TP", 18},
	{"pension", "Pension", "Удостоверение пенсионера", "Зейнеткер куәлігі", "Pensioner certificate", gkRu, gkKk, gkEn, 0, "PN", 61},
	{"passport", "Passport", "Паспорт гражданина РК", "ҚР азаматының паспорты", "Passport of a citizen of RK", mvdRu, mvdKk, mvdEn, 10, "N", 16},
	{"student_card", "StudentCard", "Студенческий билет", "Студенттік билет", "Student card", monRu, monKk, monEn, 4, "ST", 17},
	{"vnzh", "Vnzh", "Вид на жительство", "Тұруға ықтиярхат", "Residence permit", mvdRu, mvdKk, mvdEn, 10, "VN", 16},
	{"pcr_certificate", "PcrCertificate", "Результат ПЦР тестирования на COVID-19", "COVID-19 ПТР тестілеу нәтижесі", "COVID-19 PCR test result", mzRu, mzKk, mzEn, 0, "PC", 16},
	{"lbg_card", "LbgCard", "Лицо без гражданства", "Азаматтығы жоқ адам", "Stateless person card", mvdRu, mvdKk, mvdEn, 10, "LB", 16},
	{"insurance_policy", "InsurancePolicy", "Страховые полисы", "Сақтандыру полистері", "Insurance policies", gkRu, gkKk, gkEn, 1, "IP", 18},
	{"hunter", "Hunter", "Удостоверение охотника", "Аңшы куәлігі", "Hunter licence", "КОМИТЕТ ЛЕСНОГО ХОЗЯЙСТВА И ЖИВОТНОГО МИРА", "ОРМАН ШАРУАШЫЛЫҒЫ ЖӘНЕ ЖАНУАРЛАР ДҮНИЕСІ КОМИТЕТІ", "FORESTRY AND WILDLIFE COMMITTEE", 10, "HU", 18},
	{"oralman", "Oralman", "Удостоверение кандаса", "Қандас куәлігі", "Kandas certificate", mtRu, mtKk, mtEn, 1, "OR", 18},
	{"attorney", "Attorney", "Доверенность", "Сенімхат", "Power of attorney", mjRu, mjKk, mjEn, 3, "AT", 18},
}

var bySlug = func() map[string]*Type {
	m := make(map[string]*Type, len(Types))
	for i := range Types {
		m[Types[i].Slug] = &Types[i]
	}
	return m
}()

// Lookup returns the type with this slug.
func Lookup(slug string) (*Type, bool) {
	t, ok := bySlug[slug]
	return t, ok
}

// Slugs lists the 24 path values in the upstream's order.
func Slugs() []string {
	out := make([]string, len(Types))
	for i, t := range Types {
		out[i] = t.Slug
	}
	return out
}
