package journal

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/kz"
)

// Filter selects entries: every non-empty field must match.
type Filter struct {
	Phone   string // normal form; matches the subject's phone in any accepted form
	IIN     string // an IIN or a BIN
	Session string
	Outcome string
	Since   time.Time // at or after
}

// ParseFilter reads ?phone=, ?iin=, ?session=, ?outcome= and ?since= (RFC 3339, or a duration
// back from now: "5m").
func ParseFilter(q url.Values, now time.Time) (Filter, error) {
	f := Filter{IIN: q.Get("iin"), Session: q.Get("session"), Outcome: q.Get("outcome")}
	if p := q.Get("phone"); p != "" {
		n, err := kz.NormalizePhone(p)
		if err != nil {
			return f, errors.New("phone: not a Kazakhstan mobile number (+77XXXXXXXXX, 77XXXXXXXXX or 87XXXXXXXXX; write + as %2B in a URL)")
		}
		f.Phone = n
	}
	if s := q.Get("since"); s != "" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			f.Since = t
		} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
			f.Since = now.Add(-d)
		} else {
			return f, errors.New(`since: an RFC 3339 time ("2026-03-15T10:30:00Z") or a positive duration back from now ("5m")`)
		}
	}
	return f, nil
}

// Match reports whether e passes the filter.
func (f Filter) Match(e *Entry) bool {
	var s Subject
	if e.Subject != nil {
		s = *e.Subject
	}
	switch {
	case f.IIN != "" && s.IIN != f.IIN,
		f.Session != "" && e.Session != f.Session,
		f.Outcome != "" && e.Outcome != f.Outcome,
		!f.Since.IsZero() && e.At.Before(f.Since):
		return false
	case f.Phone != "":
		p, err := kz.NormalizePhone(s.Phone)
		if err != nil {
			p = strings.TrimSpace(s.Phone)
		}
		return p == f.Phone
	}
	return true
}

// Select keeps the entries that pass the filter, in order.
func (f Filter) Select(es []Entry) []Entry {
	if f == (Filter{}) {
		return es
	}
	out := es[:0:0]
	for i := range es {
		if f.Match(&es[i]) {
			out = append(out, es[i])
		}
	}
	return out
}
