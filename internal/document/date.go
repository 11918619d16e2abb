package document

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Zone is the time zone of every date result_json carries: a date is the epoch of its local
// midnight at UTC+06:00 (eGov's own example: "docIssuedDate": 1197568800000 is
// 2007-12-14 00:00 +06:00).
var Zone = time.FixedZone("UTC+06:00", 6*60*60)

// DateForm is how result_json writes a date.
type DateForm string

// The date forms a scenario may choose (edoc.dialect.dates).
const (
	EpochMS DateForm = "epoch_ms" // Unix epoch milliseconds, an integer: the evidenced default
	EpochS  DateForm = "epoch_s"  // Unix epoch seconds, an integer
	ISO     DateForm = "iso"      // "YYYY-MM-DD"
)

// DateForms is every DateForm, the default first.
var DateForms = []DateForm{EpochMS, EpochS, ISO}

// Valid reports whether f is one of DateForms.
func (f DateForm) Valid() bool {
	for _, x := range DateForms {
		if f == x {
			return true
		}
	}
	return false
}

// ErrDateForm is returned for a DateForm outside DateForms.
var ErrDateForm = errors.New("document: unknown date form")

// Date is a calendar day; the zero Date is no date (null in result_json).
type Date struct{ t time.Time }

// DateOf is the calendar day of t.
func DateOf(t time.Time) Date {
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads "YYYY-MM-DD" (or the day of an RFC 3339 time).
func ParseDate(s string) (Date, bool) {
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, false
	}
	return Date{t}, true
}

// IsZero reports whether there is no date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time is the day at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String is "YYYY-MM-DD", "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// midnight is the day's local midnight in Zone.
func (d Date) midnight() time.Time {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), 0, 0, 0, 0, Zone)
}

// appendJSON writes the date in form; no date is null.
func (d Date) appendJSON(b []byte, form DateForm) ([]byte, error) {
	if d.IsZero() {
		return append(b, "null"...), nil
	}
	switch form {
	case EpochMS:
		return strconv.AppendInt(b, d.midnight().UnixMilli(), 10), nil
	case EpochS:
		return strconv.AppendInt(b, d.midnight().Unix(), 10), nil
	case ISO:
		b = append(b, '"')
		b = d.t.AppendFormat(b, time.DateOnly)
		return append(b, '"'), nil
	}
	return nil, fmt.Errorf("%w %q", ErrDateForm, form)
}

// MarshalJSON writes the default form, epoch milliseconds.
func (d Date) MarshalJSON() ([]byte, error) { return d.appendJSON(nil, EpochMS) }

// UnmarshalJSON reads "YYYY-MM-DD" or null: a scenario's date override.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("document: a date is a \"YYYY-MM-DD\" string, not %s", b)
	}
	v, ok := ParseDate(s)
	if !ok {
		return fmt.Errorf("document: %q is not a YYYY-MM-DD date", s)
	}
	*d = v
	return nil
}
