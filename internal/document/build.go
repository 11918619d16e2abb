package document

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"time"

	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
)

// Holder is the person a document belongs to.
type Holder struct {
	IIN        string
	Surname    string
	Name       string
	Patronymic string
	BirthDate  string // YYYY-MM-DD
	Gender     kz.Gender
}

// FullName is "SURNAME NAME PATRONYMIC" without empty parts.
func (h Holder) FullName() string {
	s := h.Surname
	for _, p := range []string{h.Name, h.Patronymic} {
		if p != "" {
			s += " " + p
		}
	}
	return s
}

// born is the birth date; a holder without a valid one is taken as born on 1 January 1990.
func (h Holder) born() time.Time {
	if d, ok := ParseDate(h.BirthDate); ok {
		return d.Time()
	}
	return time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
}

// Document is one citizen's document of one type: the data behind result_json and every rendered file.
type Document struct {
	Type           *Type
	Holder         Holder
	Number         string
	IssuedDate     string // YYYY-MM-DD
	ExpirationDate string // YYYY-MM-DD, "" when the type has no expiry
	// Domain is a pointer to the type's domain struct (*IdentityCard, *DriverLicense, ...); nil
	// from BuildCommon.
	Domain any
	// Extra holds the scenario's domain values the type's struct cannot hold (an unknown key, or a
	// value of another shape): result_json and the page show them as given.
	Extra map[string]any
}

// Field names a scenario may give for the common part; every other key goes into domain.
const (
	FieldNumber     = "number"
	FieldIssuedDate = "issued_date"
	FieldExpiration = "expiration_date"
)

// Seed is the deterministic randomness of one citizen's document of one type.
func Seed(iin, slug string) *rand.Rand { return facts.Seed(iin, slug) }

// Number is the generated number of a citizen's document of this type (what Build gives when the
// scenario sets none), cheap enough to index a large population by it.
func Number(iin string, t *Type) string {
	return number(t, Seed(iin, t.Slug))
}

func number(t *Type, r *rand.Rand) string {
	if t.NumberPrefix == "0" { // identity cards: nine digits starting with 0, like the catalogue's 041234567
		return fmt.Sprintf("0%08d", r.IntN(100_000_000))
	}
	return fmt.Sprintf("%s%08d", t.NumberPrefix, r.IntN(100_000_000))
}

// Build makes the document deterministically from the holder and the type; fields given by the
// scenario (or known to the population: a real spouse, real parents) override what would be generated.
func Build(h Holder, t *Type, fields map[string]any) *Document { return build(h, t, fields, true) }

// BuildCommon is Build without the type-specific domain (Domain is nil): the number and the dates
// are the same as Build's, for callers that need only those (GBDFL's document list).
func BuildCommon(h Holder, t *Type, fields map[string]any) *Document {
	return build(h, t, fields, false)
}

// LastIssue is the last day a generated document may be issued: the day before facts.Today.
func LastIssue() time.Time { return facts.Today.AddDate(0, 0, -1) }

func build(h Holder, t *Type, fields map[string]any, withDomain bool) *Document {
	r := Seed(h.IIN, t.Slug)
	d := &Document{Type: t, Holder: h, Number: number(t, r)}
	born := h.born()
	// Issued after the type's youngest age (a week after birth for a birth certificate) and, for a type
	// that expires, recently enough that the document is still valid: dates are counted from
	// facts.Today, not the wall clock, so a citizen's documents never change between runs.
	from := born.AddDate(t.MinAge, 0, 7)
	limit := LastIssue()
	if t.ValidYears > 0 {
		if recent := limit.AddDate(-t.ValidYears, 7, 0); from.Before(recent) {
			from = recent
		}
	}
	if from.After(limit) {
		from = limit.AddDate(0, -6, 0)
	}
	span := int(limit.Sub(from).Hours()/24) + 1
	issued := from.AddDate(0, 0, r.IntN(span))
	// The scenario's dates win, and the domain (registration dates, periods) is derived from them.
	if v, ok := fields[FieldIssuedDate]; ok {
		if t, ok := ParseDate(fmt.Sprint(v)); ok {
			issued = t.Time()
		}
	}
	d.IssuedDate = issued.Format(time.DateOnly)
	if t.ValidYears > 0 {
		d.ExpirationDate = issued.AddDate(t.ValidYears, 0, -1).Format(time.DateOnly)
	}
	if withDomain {
		d.Domain = domainFor(t, h, issued, r)
	}
	for k, v := range fields {
		switch k {
		case FieldNumber:
			d.Number = fmt.Sprint(v)
		case FieldIssuedDate:
			d.IssuedDate = fmt.Sprint(v)
		case FieldExpiration:
			d.ExpirationDate = fmt.Sprint(v)
		default:
			if withDomain && !setField(d.Domain, k, v) {
				if d.Extra == nil {
					d.Extra = map[string]any{}
				}
				d.Extra[k] = v
			}
		}
	}
	if id, ok := d.Domain.(*IdentityCard); ok { // one number and one pair of dates per document
		id.DocNumber = d.Number
		id.DocIssuedDate, _ = ParseDate(d.IssuedDate)
		id.DocExpirationDate, _ = ParseDate(d.ExpirationDate)
	}
	return d
}

// setField stores a scenario's value v under the domain's JSON key k when the key is the
// domain's and v has its shape (read as JSON, so "2010-01-01" fills a Date and a list of objects
// a list of categories). It reports whether it did.
func setField(domain any, k string, v any) bool {
	rv := reflect.ValueOf(domain)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return false
	}
	s := rv.Elem()
	for _, f := range fieldsOf(s.Type()) {
		if f.name != k {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return false
		}
		fresh := reflect.New(s.Field(f.index).Type()) // a fresh value: a given object replaces the generated one
		if err := json.Unmarshal(b, fresh.Interface()); err != nil {
			return false
		}
		s.Field(f.index).Set(fresh.Elem())
		return true
	}
	return false
}

// Act is the civil-registry act record a marriage, divorce or birth certificate carries, as the
// gateway's ZAGS records repeat it.
type Act struct {
	Number     string
	Office     string
	Registered Date
	Married    Date     // marriage and divorce certificates
	Divorced   Date     // divorce certificates
	Spouse     Relative // marriage and divorce certificates
}

// Act is the document's act record; false for a type that has none.
func (d *Document) Act() (Act, bool) {
	switch x := d.Domain.(type) {
	case *BirthCertificate:
		return Act{Number: x.ActNumber, Office: x.Zags, Registered: x.RegistrationDate}, true
	case *MarriageCertificate:
		return Act{Number: x.ActNumber, Office: x.Zags, Registered: x.RegistrationDate, Married: x.MarriageDate,
			Spouse: Relative{IIN: x.Spouse.IIN, FullName: x.Spouse.FullName, BirthDate: x.Spouse.BirthDate}}, true
	case *DivorceCertificate:
		return Act{Number: x.ActNumber, Office: x.Zags, Registered: x.RegistrationDate, Married: x.MarriageDate,
			Divorced: x.DivorceDate, Spouse: x.Spouse}, true
	case *ChangeFioCertificate:
		return Act{Number: x.ActNumber, Office: x.Zags, Registered: x.RegistrationDate}, true
	}
	return Act{}, false
}
