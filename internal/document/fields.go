package document

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// fieldLabels names domain keys in Russian, in the order rows are shown.
var fieldLabels = []struct{ key, label string }{
	{"docNumber", "Номер документа"}, {"docIssuedDate", "Дата выдачи"}, {"docExpirationDate", "Действителен до"},
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

// kv is one key of a shown object; obj is an object's keys in display order.
type kv struct {
	key string
	val any // string, bool, a number, Date, obj, list, or a scenario's value
}

type (
	obj  []kv
	list []any
)

// tree turns a domain value into what the page shows: structs and maps become obj (known keys in
// label order, then the rest sorted), slices become list; the photo is left out (the page has it).
func tree(v reflect.Value, extra map[string]any) any {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		if extra != nil {
			return treeOfMap(extra)
		}
		return nil
	}
	switch {
	case v.Type() == dateType:
		return v.Interface().(Date)
	case v.Kind() == reflect.Struct:
		var o obj
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if x, ok := extra[f.name]; ok {
				o = append(o, kv{f.name, tree(reflect.ValueOf(x), nil)})
				continue
			}
			if fv.Type() == photoType || (f.omitEmpty && fv.IsZero()) {
				continue
			}
			o = append(o, kv{f.name, tree(fv, nil)})
		}
		for _, k := range extraKeys(v, extra) {
			o = append(o, kv{k, tree(reflect.ValueOf(extra[k]), nil)})
		}
		sortObj(o)
		return o
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		m := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			m[it.Key().String()] = it.Value().Interface()
		}
		return treeOfMap(m)
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		l := make(list, v.Len())
		for i := range l {
			l[i] = tree(v.Index(i), nil)
		}
		return l
	}
	return v.Interface()
}

func treeOfMap(m map[string]any) obj {
	o := make(obj, 0, len(m))
	for k, x := range m {
		o = append(o, kv{k, tree(reflect.ValueOf(x), nil)})
	}
	sortObj(o)
	return o
}

// sortObj orders keys as the page shows them: known keys in label order, then the rest
// (a scenario's own) sorted.
func sortObj(o obj) {
	sort.SliceStable(o, func(i, j int) bool {
		a, aok := labelIndex[o[i].key]
		b, bok := labelIndex[o[j].key]
		switch {
		case aok && bok:
			return a < b
		case aok != bok:
			return aok
		}
		return o[i].key < o[j].key
	})
}

func (o obj) get(key string) (any, bool) {
	for _, e := range o {
		if e.key == key {
			return e.val, true
		}
	}
	return nil, false
}

// Fields gives the domain as display rows (label in Russian, value) for a rendered document.
// A person becomes one row, a nested object one row per field, a list one row per item.
func (d *Document) Fields() [][2]string {
	top, _ := tree(reflect.ValueOf(d.Domain), d.Extra).(obj)
	var rows [][2]string
	for _, e := range top {
		label := labelOf(e.key)
		switch v := e.val.(type) {
		case obj:
			if _, ok := v.get("fullName"); ok {
				rows = append(rows, [2]string{label, inline(v)})
				continue
			}
			for _, sub := range v {
				rows = append(rows, [2]string{labelOf(sub.key), display(sub.val)})
			}
		case list:
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
func inline(o obj) string {
	var parts []string
	if n, ok := o.get("fullName"); ok {
		parts = append(parts, display(n))
	}
	for _, e := range o {
		if e.key == "fullName" {
			continue
		}
		parts = append(parts, labelOf(e.key)+" "+display(e.val))
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
	case Date:
		if x.IsZero() {
			return "—"
		}
		return x.String()
	case obj:
		if _, ok := x.get("fullName"); ok {
			return inline(x)
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = display(e.val)
		}
		return strings.Join(parts, " · ")
	case list:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = display(e)
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}
