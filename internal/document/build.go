package document

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// Holder is the person a document belongs to.
type Holder struct {
	IIN        string
	Surname    string
	Name       string
	Patronymic string
	BirthDate  string // YYYY-MM-DD
	Gender     string // "male" | "female"
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

// Document is one citizen's document of one type: the data behind result_json and every rendered file.
type Document struct {
	Type           *Type
	Holder         Holder
	Number         string
	IssuedDate     string // YYYY-MM-DD
	ExpirationDate string // YYYY-MM-DD, "" when the type has no expiry
	Domain         map[string]any
}

// Field names a scenario may give for the common part; every other key goes into domain.
const (
	FieldNumber     = "number"
	FieldIssuedDate = "issued_date"
	FieldExpiration = "expiration_date"
)

// Seed is the deterministic randomness of one citizen's document of one type.
func Seed(iin, slug string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(iin))
	h.Write([]byte{0})
	h.Write([]byte(slug))
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

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
// scenario override what would be generated.
func Build(h Holder, t *Type, fields map[string]any) *Document { return build(h, t, fields, true) }

// BuildCommon is Build without the type-specific domain (Domain is nil): the number and the dates
// are the same as Build's, for callers that need only those (GBDFL's document list).
func BuildCommon(h Holder, t *Type, fields map[string]any) *Document {
	return build(h, t, fields, false)
}

func build(h Holder, t *Type, fields map[string]any, withDomain bool) *Document {
	r := Seed(h.IIN, t.Slug)
	d := &Document{Type: t, Holder: h, Number: number(t, r)}
	born, err := time.Parse(time.DateOnly, h.BirthDate)
	if err != nil {
		born = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// Issued after the type's youngest age (a week after birth for a birth certificate) and, for a type
	// that expires, recently enough that the document is still valid: dates are fixed, not taken
	// from the wall clock, so a citizen's documents never change between runs.
	from := born.AddDate(t.MinAge, 0, 7)
	limit := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
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
		if t, err := time.Parse(time.DateOnly, fmt.Sprint(v)); err == nil {
			issued = t
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
			if withDomain {
				d.Domain[k] = v
			}
		}
	}
	return d
}

// ResultJSON is the eGov digital-document shape: common + domain.
func (d *Document) ResultJSON() map[string]any {
	var exp any
	if d.ExpirationDate != "" {
		exp = d.ExpirationDate
	}
	return map[string]any{
		"common": map[string]any{
			"docOwner": map[string]any{
				"iin":        d.Holder.IIN,
				"firstName":  d.Holder.Name,
				"lastName":   d.Holder.Surname,
				"middleName": d.Holder.Patronymic,
			},
			"docType": map[string]any{
				"code":   d.Type.Code,
				"nameRu": d.Type.NameRu,
				"nameKk": d.Type.NameKk,
				"nameEn": d.Type.NameEn,
			},
			"docNumber":         d.Number,
			"docIssuedDate":     d.IssuedDate,
			"docExpirationDate": exp,
			"docIssuer": map[string]any{
				"nameRu": d.Type.IssuerRu,
				"nameKk": d.Type.IssuerKk,
				"nameEn": d.Type.IssuerEn,
			},
		},
		"domain": d.Domain,
	}
}
