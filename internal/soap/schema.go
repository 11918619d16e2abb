package soap

import (
	"fmt"
	"reflect"
	"strings"
)

// Param is one parameter of an operation's request payload, with its XML Schema type.
type Param struct{ Name, Type string }

// SchemaRequest writes a named xs:complexType for a request payload: its parameters in any order,
// each optional (the operation itself says which it requires, in the JSON facade's words).
func SchemaRequest(b *strings.Builder, name string, params []Param) {
	fmt.Fprintf(b, "  <xs:complexType name=%q>\n    <xs:all>\n", name)
	for _, p := range params {
		fmt.Fprintf(b, "      <xs:element name=%q type=%q minOccurs=\"0\"/>\n", p.Name, p.Type)
	}
	b.WriteString("    </xs:all>\n  </xs:complexType>\n")
}

// SchemaAnswer writes a named xs:complexType for the Go struct t of an answer: the elements
// EncodeJSON writes for its JSON form, in order; extra are further elements written after them.
func SchemaAnswer(b *strings.Builder, name string, t reflect.Type, extra ...string) {
	fmt.Fprintf(b, "  <xs:complexType name=%q>\n    <xs:sequence>\n", name)
	fields(b, t, 3)
	for _, e := range extra {
		b.WriteString(strings.Repeat("  ", 3) + e + "\n")
	}
	b.WriteString("    </xs:sequence>\n  </xs:complexType>\n")
}

func fields(b *strings.Builder, t reflect.Type, depth int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		element(b, name, f.Type, strings.Contains(opts, "omitempty"), depth)
	}
}

var simpleTypes = map[reflect.Kind]string{
	reflect.String: "xs:string", reflect.Bool: "xs:boolean",
	reflect.Int: "xs:int", reflect.Int64: "xs:long", reflect.Float64: "xs:decimal",
}

func element(b *strings.Builder, name string, t reflect.Type, optional bool, depth int) {
	ind := strings.Repeat("  ", depth)
	attrs := fmt.Sprintf("name=%q", name)
	if optional {
		attrs += ` minOccurs="0"`
	}
	if t.Kind() == reflect.Pointer {
		attrs += ` nillable="true"`
		t = t.Elem()
	}
	if s, ok := simpleTypes[t.Kind()]; ok {
		fmt.Fprintf(b, "%s<xs:element %s type=%q/>\n", ind, attrs, s)
		return
	}
	fmt.Fprintf(b, "%s<xs:element %s>\n%s  <xs:complexType>\n%s    <xs:sequence>\n", ind, attrs, ind, ind)
	switch t.Kind() {
	case reflect.Struct:
		fields(b, t, depth+3)
	case reflect.Slice:
		item := t.Elem()
		if s, ok := simpleTypes[item.Kind()]; ok {
			fmt.Fprintf(b, "%s      <xs:element name=%q type=%q minOccurs=\"0\" maxOccurs=\"unbounded\"/>\n", ind, ItemName(name), s)
		} else {
			fmt.Fprintf(b, "%s      <xs:element name=%q minOccurs=\"0\" maxOccurs=\"unbounded\">\n%s        <xs:complexType>\n%s          <xs:sequence>\n", ind, ItemName(name), ind, ind)
			fields(b, item, depth+6)
			fmt.Fprintf(b, "%s          </xs:sequence>\n%s        </xs:complexType>\n%s      </xs:element>\n", ind, ind, ind)
		}
	default:
		panic("soap: no XML Schema type for " + t.String())
	}
	fmt.Fprintf(b, "%s    </xs:sequence>\n%s  </xs:complexType>\n%s</xs:element>\n", ind, ind, ind)
}
