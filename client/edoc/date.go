package edoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Zone is the fixed UTC+06:00 zone of result_json's dates: an epoch date is local midnight there
// (1197568800000 is 2007-12-14 00:00 +06:00), so a Date's Format("2006-01-02") is the calendar day.
var Zone = time.FixedZone("UTC+06:00", 6*60*60)

// epochMillisFrom is the magnitude from which an epoch integer is read as milliseconds. Below it an
// integer is seconds: 1e11 seconds is the year 5138, 1e11 milliseconds is 1973-03-03, so no date a
// document carries is ambiguous.
const epochMillisFrom = 1e11

// Date is a date of result_json in any of the three forms the upstream is known or thought to send:
// Unix epoch milliseconds (an integer, the evidenced default), Unix epoch seconds (an integer smaller
// than 1e11 in magnitude), or an ISO "YYYY-MM-DD" string (an RFC 3339 time is accepted too). JSON null
// decodes to the zero Date (IsZero reports true; use a *Date field to tell null from absent). The
// time is in Zone.
type Date struct{ time.Time }

// UnmarshalJSON reads any of the three forms, or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	t, _, err := parseDate(b)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// MarshalJSON writes the ISO form, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.In(Zone).Format(time.DateOnly))
}

// String is the calendar day, YYYY-MM-DD ("" for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.In(Zone).Format(time.DateOnly)
}

// ErrNotADate is a result_json value that is none of the date forms.
var ErrNotADate = errors.New("edoc: not a date")

// parseDate reads one JSON value; ok is false for null.
func parseDate(b []byte) (t time.Time, ok bool, err error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return time.Time{}, false, fmt.Errorf("%w: empty", ErrNotADate)
	case string(b) == "null":
		return time.Time{}, false, nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return time.Time{}, false, fmt.Errorf("%w: %s", ErrNotADate, b)
		}
		if t, err := time.ParseInLocation(time.DateOnly, s, Zone); err == nil {
			return t, true, nil
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.In(Zone), true, nil
		}
		return time.Time{}, false, fmt.Errorf("%w: %q is not YYYY-MM-DD", ErrNotADate, s)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		// 1.1975688e12 and 1197568800000.0 are whole numbers too.
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt64/2 {
			return time.Time{}, false, fmt.Errorf("%w: %s", ErrNotADate, b)
		}
		n = int64(f)
	}
	if n >= epochMillisFrom || n <= -epochMillisFrom {
		return time.UnixMilli(n).In(Zone), true, nil
	}
	return time.Unix(n, 0).In(Zone), true, nil
}

// DomainDate reads the date at path in result_json.domain, keys and list indices as strings:
// DomainDate("docIssuedDate"), DomainDate("categories", "0", "expiryDate"). ok is false when the value
// is null; an absent path or a value that is not a date is an error.
func (r *Result) DomainDate(path ...string) (t time.Time, ok bool, err error) {
	raw := r.Domain
	for i, key := range path {
		var next json.RawMessage
		var obj map[string]json.RawMessage
		var list []json.RawMessage
		switch {
		case json.Unmarshal(raw, &obj) == nil && obj != nil:
			v, found := obj[key]
			if !found {
				return time.Time{}, false, fmt.Errorf("edoc: domain has no %s", strings.Join(path[:i+1], "."))
			}
			next = v
		case json.Unmarshal(raw, &list) == nil:
			idx, err := strconv.Atoi(key)
			if err != nil || idx < 0 || idx >= len(list) {
				return time.Time{}, false, fmt.Errorf("edoc: domain has no %s (a list of %d)", strings.Join(path[:i+1], "."), len(list))
			}
			next = list[idx]
		default:
			return time.Time{}, false, fmt.Errorf("edoc: domain %s is neither an object nor a list", strings.Join(path[:i], "."))
		}
		raw = next
	}
	t, ok, err = parseDate(raw)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("domain %s: %w", strings.Join(path, "."), err)
	}
	return t, ok, nil
}

// DecodeDomain decodes result_json.domain into v, a pointer to the caller's struct; its Date and
// *Date fields read any of the date forms.
func (r *Result) DecodeDomain(v any) error {
	if len(r.Domain) == 0 {
		return errors.New("edoc: result_json has no domain")
	}
	if err := json.Unmarshal(r.Domain, v); err != nil {
		return fmt.Errorf("edoc: domain: %w", err)
	}
	return nil
}
