// Package kz validates, normalises and generates Kazakhstan identifiers: IIN, BIN and mobile phone numbers.
package kz

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors returned by the parsers; each wraps one of these so callers can match with errors.Is.
var (
	ErrLength    = errors.New("must be 12 digits")
	ErrDate      = errors.New("invalid date")
	ErrCentury   = errors.New("invalid century/gender digit")
	ErrCheck     = errors.New("wrong check digit")
	ErrUnissued  = errors.New("prefix can carry no check digit")
	ErrEntity    = errors.New("invalid entity type digits")
	ErrPhone     = errors.New("not a Kazakhstan mobile number")
	ErrGenerated = errors.New("no IIN can be issued for these inputs")
)

var (
	w1 = [11]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	w2 = [11]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2}
)

// CheckDigit computes the 12th digit for the first 11 digits; ok is false when no digit can be
// issued (both weight passes give 10).
func CheckDigit(first11 string) (digit int, ok bool) {
	if len(first11) != 11 {
		return 0, false
	}
	sum := func(w [11]int) int {
		s := 0
		for i := 0; i < 11; i++ {
			s += int(first11[i]-'0') * w[i]
		}
		return s % 11
	}
	r := sum(w1)
	if r == 10 {
		r = sum(w2)
		if r == 10 {
			return 0, false
		}
	}
	return r, true
}

func allDigits(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func checkTail(s string) error {
	d, ok := CheckDigit(s[:11])
	if !ok {
		return ErrUnissued
	}
	if int(s[11]-'0') != d {
		return ErrCheck
	}
	return nil
}

// Gender of a person as coded in the IIN.
type Gender string

const (
	Male   Gender = "male"
	Female Gender = "female"
)

// IIN is a parsed, valid individual identification number.
type IIN struct {
	Number    string
	BirthDate time.Time
	Gender    Gender
}

// ParseIIN validates an IIN: 12 digits, a real calendar date, century digit 1–6 and the right check digit.
func ParseIIN(s string) (IIN, error) {
	if !allDigits(s) {
		return IIN{}, ErrLength
	}
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	d := int(s[4]-'0')*10 + int(s[5]-'0')
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return IIN{}, ErrDate
	}
	c := s[6]
	if c < '1' || c > '6' {
		return IIN{}, ErrCentury
	}
	y := 1800 + 100*int((c-'1')/2) + int(s[0]-'0')*10 + int(s[1]-'0')
	born := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if born.Day() != d || born.Month() != time.Month(m) { // 30 February, 31 April, 29 February of a common year
		return IIN{}, ErrDate
	}
	if err := checkTail(s); err != nil {
		return IIN{}, err
	}
	g := Male
	if (c-'0')%2 == 0 {
		g = Female
	}
	return IIN{Number: s, BirthDate: born, Gender: g}, nil
}

// ValidIIN reports whether s is a valid IIN.
func ValidIIN(s string) bool {
	_, err := ParseIIN(s)
	return err == nil
}

// ParseBIN validates a BIN: YYMM, type digit 4/5/6, kind digit 0–3, serial and check digit.
func ParseBIN(s string) error {
	if !allDigits(s) {
		return ErrLength
	}
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	if m < 1 || m > 12 {
		return ErrDate
	}
	if s[4] < '4' || s[4] > '6' || s[5] < '0' || s[5] > '3' {
		return ErrEntity
	}
	return checkTail(s)
}

// ValidBIN reports whether s is a valid BIN.
func ValidBIN(s string) bool { return ParseBIN(s) == nil }

// ValidIINOrBIN reports whether s is a valid IIN or a valid BIN.
func ValidIINOrBIN(s string) bool { return ValidIIN(s) || ValidBIN(s) }

// NormalizePhone accepts +77XXXXXXXXX, 77XXXXXXXXX or 87XXXXXXXXX (spaces, dashes and parentheses
// ignored) and returns the normal form 77XXXXXXXXX.
func NormalizePhone(s string) (string, error) {
	var b strings.Builder
	b.Grow(12)
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == ' ' || ch == '-' || ch == '(' || ch == ')':
		case ch == '+' && b.Len() == 0 && i == strings.IndexByte(s, '+'):
			b.WriteByte('+')
		case ch >= '0' && ch <= '9':
			b.WriteByte(ch)
		default:
			return "", ErrPhone
		}
	}
	d := b.String()
	switch {
	case len(d) == 12 && strings.HasPrefix(d, "+77"):
		d = d[1:]
	case len(d) == 11 && strings.HasPrefix(d, "77"):
	case len(d) == 11 && strings.HasPrefix(d, "87"):
		d = "7" + d[1:]
	default:
		return "", ErrPhone
	}
	return d, nil
}

// CenturyDigit is the 7th IIN digit for a birth year and gender.
func CenturyDigit(year int, g Gender) (int, error) {
	if year < 1800 || year > 2099 {
		return 0, fmt.Errorf("%w: year %d outside 1800–2099", ErrGenerated, year)
	}
	d := 1 + 2*((year-1800)/100)
	if g == Female {
		d++
	} else if g != Male {
		return 0, fmt.Errorf("%w: gender %q", ErrGenerated, g)
	}
	return d, nil
}

// GenerateIIN returns the valid IIN for a birth date, gender and 4-digit serial (0–9999). When
// that serial's prefix can carry no check digit, the next serials are tried.
func GenerateIIN(born time.Time, g Gender, serial int) (string, error) {
	cd, err := CenturyDigit(born.Year(), g)
	if err != nil {
		return "", err
	}
	for i := 0; i < 10000; i++ {
		s := (serial + i) % 10000
		prefix := fmt.Sprintf("%02d%02d%02d%d%04d", born.Year()%100, int(born.Month()), born.Day(), cd, s)
		if d, ok := CheckDigit(prefix); ok {
			return prefix + string(rune('0'+d)), nil
		}
	}
	return "", ErrGenerated
}
