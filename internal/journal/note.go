package journal

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Notes are what a simulator's handler tells the journal about the call it answers. Empty fields
// say nothing; a later note's non-empty fields replace earlier ones.
type Notes struct {
	Operation string
	Subject   Subject
	Session   string
	Outcome   string
	Reason    string
	Fault     *Fault
}

// Noter takes a call's notes: the shell's call writer implements it. Notes must be made before the
// answer's status is written: the call is journaled then.
type Noter interface{ Note(Notes) }

// Note hands n to the call being answered through w (or a writer it wraps, reached through
// Unwrap). Outside the shell (no Noter found) it does nothing.
func Note(w http.ResponseWriter, n Notes) {
	for w != nil {
		if nt, ok := w.(Noter); ok {
			nt.Note(n)
			return
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return
		}
		w = u.Unwrap()
	}
}

// Outcome notes the call's outcome.
func Outcome(w http.ResponseWriter, name string) { Note(w, Notes{Outcome: name}) }

// Reason notes why the call's answer was what it was.
func Reason(w http.ResponseWriter, reason string) { Note(w, Notes{Reason: reason}) }

// Merge lays n over the notes in m: n's non-empty fields win.
func (m *Notes) Merge(n Notes) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&m.Operation, n.Operation)
	set(&m.Subject.IIN, n.Subject.IIN)
	set(&m.Subject.DocumentType, n.Subject.DocumentType)
	set(&m.Subject.Phone, n.Subject.Phone)
	set(&m.Session, n.Session)
	set(&m.Outcome, n.Outcome)
	switch {
	case n.Reason == "":
	case m.Reason == "":
		m.Reason = n.Reason
	default:
		m.Reason += "; " + n.Reason // a skipped fault's roll, then why the answer was what it was
	}
	if n.Fault != nil {
		m.Fault = n.Fault
	}
}

// BodyCap bounds each body an entry keeps.
const BodyCap = 4 << 10

// minBase64 is the shortest JSON string Body takes for a file: shorter ones are kept as they are.
const minBase64 = 256

// Body is b as the journal keeps it: JSON strings that are long base64 runs (the files of an
// approve answer) replaced by "<base64 TYPE, N bytes>", then cut to at most max bytes on a rune
// boundary, "…" marking the cut.
func Body(b []byte, max int) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > max || len(b) > minBase64 {
		b = dropFiles(b)
	}
	if len(b) <= max {
		return string(b)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return string(b[:cut]) + "…"
}

// dropFiles replaces the long base64 strings of a JSON text; it reads any bytes, JSON or not.
func dropFiles(b []byte) []byte {
	var out []byte // nil until a replacement: the common case copies nothing
	last := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		j, plain := i+1, true
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				j++
				plain = false
			} else if !isBase64(b[j]) {
				plain = false
			}
			j++
		}
		if j >= len(b) {
			break
		}
		if n := j - i - 1; plain && n >= minBase64 {
			s := b[i+1 : j]
			out = append(out, b[last:i]...)
			out = append(out, `"<base64 `...)
			out = append(out, fileType(s)...)
			out = append(out, ", "...)
			out = strconv.AppendInt(out, int64(len(s)/4*3-padding(s)), 10)
			out = append(out, ` bytes>"`...)
			last = j + 1
		}
		i = j
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
}

// padding counts the trailing '=' of a base64 text (at most two).
func padding(s []byte) int {
	n := 0
	for n < 2 && n < len(s) && s[len(s)-1-n] == '=' {
		n++
	}
	return n
}

// fileType names a base64 file by its first bytes' encoding.
func fileType(s []byte) string {
	switch p := string(s[:min(len(s), 8)]); {
	case strings.HasPrefix(p, "JVBER"):
		return "pdf"
	case strings.HasPrefix(p, "/9j/"):
		return "jpeg"
	case strings.HasPrefix(p, "iVBOR"):
		return "png"
	}
	return "data"
}
