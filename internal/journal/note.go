package journal

import (
	"bytes"
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

// dropFiles replaces the long base64 strings of a JSON text; it reads any bytes, JSON or not. It
// runs on every answer before it is written (an approve's is some hundred kilobytes), so it jumps
// from quote to quote and samples a long run rather than reading each byte of it.
func dropFiles(b []byte) []byte {
	var out []byte // nil until a replacement: the common case copies nothing
	last := 0
	for i := 0; i < len(b); {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			break
		}
		start := i + q + 1 // the string's first byte
		end := start + bytes.IndexByte(b[start:], '"')
		if end < start {
			break
		}
		if bytes.IndexByte(b[start:end], '\\') >= 0 {
			// An escape: not a file, and the quote found may be an escaped one; find the real end.
			end = start
			for end < len(b) && b[end] != '"' {
				if b[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(b) {
				break
			}
			i = end + 1
			continue
		}
		if s := b[start:end]; len(s) >= minBase64 && looksBase64(s) {
			out = append(out, b[last:start-1]...)
			out = append(out, `"<base64 `...)
			out = append(out, fileType(s)...)
			out = append(out, ", "...)
			out = strconv.AppendInt(out, int64(len(s)/4*3-padding(s)), 10)
			out = append(out, ` bytes>"`...)
			last = end + 1
		}
		i = end + 1
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// looksBase64 reads the first minBase64 bytes of s, then every 61st: a file's base64 passes, a
// text does not (a space, a comma, a byte of Cyrillic).
func looksBase64(s []byte) bool {
	for i := 0; i < len(s); i++ {
		if !isBase64(s[i]) {
			return false
		}
		if i >= minBase64 {
			i += 60
		}
	}
	return isBase64(s[len(s)-1])
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

var base64Alphabet = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") {
		t[c] = true
	}
	return t
}()

func isBase64(c byte) bool { return base64Alphabet[c] }
