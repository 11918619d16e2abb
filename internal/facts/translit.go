package facts

import "strings"

var translit = map[rune]string{
	'А': "A", 'Ә': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Ғ': "G", 'Д': "D", 'Е': "E", 'Ё': "E", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'Й': "I", 'К': "K", 'Қ': "K", 'Л': "L", 'М': "M", 'Н': "N", 'Ң': "N", 'О': "O",
	'Ө': "O", 'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ұ': "U", 'Ү': "U", 'Ф': "F", 'Х': "KH",
	'Һ': "H", 'Ц': "TS", 'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "", 'Ы': "Y", 'І': "I", 'Ь': "", 'Э': "E",
	'Ю': "IU", 'Я': "IA",
}

// Latin transliterates a Cyrillic name the way Kazakh passports print it (ICAO 9303 style): the
// passport's surnameLat and GBDFL's engSurname are this.
func Latin(s string) string {
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
