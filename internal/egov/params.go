package egov

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/upstream"
)

// call is one operation request being checked: its body's fields and the state it runs against.
// Unknown keys are accepted and ignored, as a connector adding its own fields would expect.
type call struct {
	op     string
	fields map[string]json.RawMessage
	st     state
}

// prepared is a request that passed its checks: what faults match it as (the IIN, BIN or
// iinOrBin it concerns, "" when none) and how to answer it.
type prepared struct {
	subject string
	answer  func(now time.Time, ri responseInfo) (any, *apiError)
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// optString reads an optional string: absent, null, "" and blanks all read as "".
func (c *call) optString(name string) (string, *apiError) {
	raw, ok := c.fields[name]
	if !ok || isNull(raw) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalid("%s: must be a string", name)
	}
	if len(s) > MaxParam {
		return "", invalid("%s: must be at most %d bytes", name, MaxParam)
	}
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return s, nil
}

// reqString reads a required string; blank is missing.
func (c *call) reqString(name string) (string, *apiError) {
	s, err := c.optString(name)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", invalid("%s: is required", name)
	}
	return s, nil
}

func iinReason(err error) string {
	switch {
	case errors.Is(err, kz.ErrLength):
		return "must be 12 digits"
	case errors.Is(err, kz.ErrDate):
		return "digits 1-6 are not a birth date"
	case errors.Is(err, kz.ErrCentury):
		return "digit 7 (century and gender) must be 1-6"
	case errors.Is(err, kz.ErrCheck), errors.Is(err, kz.ErrUnissued):
		return "wrong check digit"
	case errors.Is(err, kz.ErrEntity):
		return "digits 5-6 are not an entity type"
	}
	return err.Error()
}

// iin reads a required, valid IIN.
func (c *call) iin(name string) (string, *apiError) {
	s, aerr := c.reqString(name)
	if aerr != nil {
		return "", aerr
	}
	if _, err := kz.ParseIIN(s); err != nil {
		return "", invalid("%s: must be 12 digits with a valid check digit (%s)", name, iinReason(err))
	}
	return s, nil
}

// iinOrBIN reads a required, valid IIN or BIN.
func (c *call) iinOrBIN(name string) (string, *apiError) {
	s, aerr := c.reqString(name)
	if aerr != nil {
		return "", aerr
	}
	if kz.ValidIINOrBIN(s) {
		return s, nil
	}
	reason := "neither a valid IIN nor a valid BIN"
	if _, err := kz.ParseIIN(s); errors.Is(err, kz.ErrLength) {
		reason = "must be 12 digits"
	}
	return "", invalid("%s: must be an IIN or BIN of 12 digits with a valid check digit (%s)", name, reason)
}

// number reads a required JSON number.
func (c *call) number(name string) (float64, *apiError) {
	raw, ok := c.fields[name]
	if !ok || isNull(raw) {
		return 0, invalid("%s: is required", name)
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, invalid("%s: must be a number", name)
	}
	return f, nil
}

// date reads an optional YYYY-MM-DD date.
func (c *call) date(name string) (string, *apiError) {
	s, aerr := c.optString(name)
	if aerr != nil || s == "" {
		return "", aerr
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", invalid("%s: must be a date in YYYY-MM-DD format", name)
	}
	return s, nil
}

// MaxParam bounds every string parameter (the connector document gives no sizes; assumed): longer
// ones are refused with a 400 that names the parameter, so nothing stored grows without bound.
const MaxParam = 512

// messageID reads the optional messageId: any non-empty string (the connector document's own example
// sends "req-123"), generated as a UUID when absent.
func (c *call) messageID() (string, *apiError) {
	id, aerr := c.optString("messageId")
	if aerr != nil {
		return "", aerr
	}
	if id == "" {
		return uuid.NewString(), nil
	}
	return id, nil
}

// senderCode checks the required senderCode: missing is a bad request (400), a code other than
// the sender's own is refused (403), like wrong sender credentials.
func (c *call) senderCode() *apiError {
	code, aerr := c.reqString("senderCode")
	if aerr != nil {
		return aerr
	}
	if !same(code, c.st.scen.Egov.SenderCode) {
		return &apiError{kind: upstream.EgovForbidden, msg: "senderCode: not the code registered for this sender"}
	}
	return nil
}

// baseURL reads a required absolute http(s) URL.
func (c *call) baseURL(name string) (string, *apiError) {
	s, aerr := c.reqString(name)
	if aerr != nil {
		return "", aerr
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", invalid("%s: must be an absolute http(s) URL", name)
	}
	return s, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
