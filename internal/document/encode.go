package document

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// AppendResultJSON appends the document's result_json, the eGov digital-document shape
// common{docOwner, docType, docNumber, docUri, docIssuedDate, docExpirationDate, docIssuer} +
// domain{...}, with every date in form. photo is the holder's face as base64 text, written as the
// identity card's docPhoto (nil: null). It fails on an unknown form and on a scenario value JSON
// cannot carry; it never drops one.
func (d *Document) AppendResultJSON(b []byte, form DateForm, photo []byte) ([]byte, error) {
	if !form.Valid() {
		return nil, fmt.Errorf("%w %q", ErrDateForm, form)
	}
	e := encoder{b: b, form: form, photo: photo}
	e.raw(`{"common":{"docOwner":{"iin":`)
	e.str(d.Holder.IIN)
	e.raw(`,"firstName":`)
	e.str(d.Holder.Name)
	e.raw(`,"lastName":`)
	e.str(d.Holder.Surname)
	e.raw(`,"middleName":`)
	e.str(d.Holder.Patronymic)
	e.raw(`},"docType":{"code":`)
	e.str(d.Type.Code)
	e.raw(`,"nameRu":`)
	e.str(d.Type.NameRu)
	e.raw(`,"nameKk":`)
	e.str(d.Type.NameKk)
	e.raw(`,"nameEn":`)
	e.str(d.Type.NameEn)
	e.raw(`},"docNumber":`)
	e.str(d.Number)
	e.raw(`,"docUri":`)
	e.str(d.URI())
	e.raw(`,"docIssuedDate":`)
	e.day(d.IssuedDate)
	e.raw(`,"docExpirationDate":`)
	e.day(d.ExpirationDate)
	e.raw(`,"docIssuer":{"nameRu":`)
	e.str(d.Type.IssuerRu)
	e.raw(`,"nameKk":`)
	e.str(d.Type.IssuerKk)
	e.raw(`,"nameEn":`)
	e.str(d.Type.IssuerEn)
	e.raw(`}},"domain":`)
	if d.Domain == nil && len(d.Extra) == 0 {
		e.raw("{}")
	} else {
		e.object(reflect.ValueOf(d.Domain), d.Extra)
	}
	e.raw("}")
	return e.b, e.err
}

// URI is common.docUri: "<docType.code>:<docNumber>", e.g. "BirthCertificate:10-119-07-0001031".
func (d *Document) URI() string { return d.Type.Code + ":" + d.Number }

type encoder struct {
	b     []byte
	form  DateForm
	photo []byte
	err   error
}

func (e *encoder) raw(s string) { e.b = append(e.b, s...) }

func (e *encoder) str(s string) {
	q, err := json.Marshal(s) // strings always encode
	if err != nil && e.err == nil {
		e.err = err
	}
	e.b = append(e.b, q...)
}

// day writes a common date: "" is null, a date in the form, anything else (a scenario's own
// text) as given.
func (e *encoder) day(s string) {
	if s == "" {
		e.raw("null")
		return
	}
	if d, ok := ParseDate(s); ok {
		e.date(d)
		return
	}
	e.str(s)
}

func (e *encoder) date(d Date) {
	b, err := d.appendJSON(e.b, e.form)
	if err != nil {
		if e.err == nil {
			e.err = err
		}
		return
	}
	e.b = b
}

// any writes a scenario's value as JSON.
func (e *encoder) any(key string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		if e.err == nil {
			e.err = fmt.Errorf("document: domain value %q: %w", key, err)
		}
		e.raw("null")
		return
	}
	e.b = append(e.b, b...)
}

// object writes a domain struct (v, a pointer or a struct) with extra: an extra value replaces the
// struct's field of the same key, the other extra keys follow, sorted.
func (e *encoder) object(v reflect.Value, extra map[string]any) {
	e.raw("{")
	n := 0
	comma := func() {
		if n > 0 {
			e.raw(",")
		}
		n++
	}
	for v.IsValid() && v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.IsValid() && v.Kind() == reflect.Struct {
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if x, ok := extra[f.name]; ok {
				comma()
				e.str(f.name)
				e.raw(":")
				e.any(f.name, x)
				continue
			}
			if f.omitEmpty && fv.IsZero() {
				continue
			}
			comma()
			e.str(f.name)
			e.raw(":")
			e.value(fv)
		}
	}
	for _, k := range extraKeys(v, extra) {
		comma()
		e.str(k)
		e.raw(":")
		e.any(k, extra[k])
	}
	e.raw("}")
}

func (e *encoder) value(v reflect.Value) {
	switch v.Type() {
	case dateType:
		e.date(v.Interface().(Date))
		return
	case photoType:
		if e.photo == nil {
			e.raw("null")
			return
		}
		e.raw(`"`)
		e.b = append(e.b, e.photo...) // base64 text needs no escaping
		e.raw(`"`)
		return
	}
	switch v.Kind() {
	case reflect.Struct, reflect.Pointer:
		e.object(v, nil)
	case reflect.Slice:
		if v.IsNil() {
			e.raw("[]")
			return
		}
		e.raw("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.raw(",")
			}
			e.value(v.Index(i))
		}
		e.raw("]")
	default:
		e.any("", v.Interface())
	}
}

var (
	dateType  = reflect.TypeFor[Date]()
	photoType = reflect.TypeFor[Photo]()
)

type fieldInfo struct {
	index     int
	name      string
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

// fieldsOf lists a domain struct's JSON fields in declaration order.
func fieldsOf(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		fs = append(fs, fieldInfo{index: i, name: name, omitEmpty: opts == "omitempty"})
	}
	fieldCache.Store(t, fs)
	return fs
}

// extraKeys are the extra keys that are not a field of v, sorted.
func extraKeys(v reflect.Value, extra map[string]any) []string {
	if len(extra) == 0 {
		return nil
	}
	own := map[string]bool{}
	if v.IsValid() && v.Kind() == reflect.Struct {
		for _, f := range fieldsOf(v.Type()) {
			own[f.name] = true
		}
	}
	var keys []string
	for k := range extra {
		if !own[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}
