package journal

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestBodyReplacesFilesAndCaps(t *testing.T) {
	pdf := base64.StdEncoding.EncodeToString(append([]byte("%PDF-1.4\n"), make([]byte, 3000)...))
	jpeg := base64.StdEncoding.EncodeToString(append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, 999)...))
	body := `{"document_type":"identity_card","document_pdf":"` + pdf + `","face_photo":"` + jpeg + `","note":"short"}`
	got := Body([]byte(body), BodyCap)
	for _, want := range []string{`"document_pdf":"<base64 pdf, 3009 bytes>"`, `"face_photo":"<base64 jpeg, 1003 bytes>"`, `"note":"short"`} {
		if !strings.Contains(got, want) {
			t.Errorf("Body: want %s in %s", want, got)
		}
	}
	long := strings.Repeat("Ж", 5000) // 10 000 bytes, not base64: kept, then cut on a rune boundary
	got = Body([]byte(`{"x":"`+long+`"}`), BodyCap)
	if len(got) > BodyCap+len("…") || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("Body: %d bytes, valid %v, suffix %q", len(got), utf8.ValidString(got), got[len(got)-4:])
	}
	if Body(nil, BodyCap) != "" || Body([]byte(`{"a":1}`), BodyCap) != `{"a":1}` {
		t.Error("Body: a small body is kept as it is")
	}
	// A broken body (a transport fault's) is read without trouble.
	if got := Body([]byte(`{"detail": "partial`), BodyCap); got != `{"detail": "partial` {
		t.Errorf("Body: %q", got)
	}
}

func TestFilter(t *testing.T) {
	now := time.Date(2026, 3, 15, 10, 30, 0, 0, time.UTC)
	es := []Entry{
		{Path: "/a", At: now.Add(-time.Hour), Subject: &Subject{IIN: "900101300017", Phone: "+7 701 000 00 01"}, Outcome: "request_sms", Session: "s1"},
		{Path: "/b", At: now.Add(-time.Minute), Subject: &Subject{IIN: "850515400012", Phone: "87010000011"}, Outcome: "request_no_sms", Session: "s2"},
		{Path: "/c", At: now},
	}
	for _, c := range []struct {
		q    string
		want string
	}{
		{"phone=%2B77010000001", "/a"},
		{"phone=77010000011", "/b"},
		{"iin=850515400012", "/b"},
		{"session=s1", "/a"},
		{"outcome=request_no_sms", "/b"},
		{"since=5m", "/b/c"},
		{"since=2026-03-15T10:30:00Z", "/c"},
		{"iin=900101300017&outcome=request_no_sms", ""},
		{"", "/a/b/c"},
	} {
		q, _ := url.ParseQuery(c.q)
		f, err := ParseFilter(q, now)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		got := ""
		for _, e := range f.Select(es) {
			got += e.Path
		}
		if got != c.want {
			t.Errorf("?%s: got %q, want %q", c.q, got, c.want)
		}
	}
	for _, bad := range []string{"phone=123", "since=yesterday", "since=-5m"} {
		q, _ := url.ParseQuery(bad)
		if _, err := ParseFilter(q, now); err == nil {
			t.Errorf("?%s: want an error", bad)
		}
	}
}

type noter struct {
	http.ResponseWriter
	n Notes
}

func (w *noter) Note(n Notes) { w.n.Merge(n) }

type wrapper struct{ http.ResponseWriter }

func (w wrapper) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func TestNoteFindsTheNoterAndMerges(t *testing.T) {
	n := &noter{ResponseWriter: httptest.NewRecorder()}
	w := wrapper{n}
	Note(w, Notes{Operation: "request", Subject: Subject{IIN: "900101300017"}})
	Note(w, Notes{Subject: Subject{Phone: "+77010000001"}, Outcome: "request_sms"})
	Reason(w, "first")
	Reason(w, "second")
	Outcome(w, "invalid_otp")
	if n.n.Operation != "request" || n.n.Subject.IIN != "900101300017" || n.n.Subject.Phone != "+77010000001" ||
		n.n.Outcome != "invalid_otp" || n.n.Reason != "first; second" {
		t.Errorf("notes: %+v", n.n)
	}
	Note(httptest.NewRecorder(), Notes{Outcome: "x"}) // no Noter: nothing happens, nothing panics
}

func TestMemoryBoundedByBytes(t *testing.T) {
	j := New(100000)
	big := strings.Repeat("x", BodyCap)
	for i := 0; i < 3000; i++ {
		j.Add(Entry{Path: "/p", Request: big, Response: big})
	}
	if j.Bytes() > MaxBytes || j.Len() >= 3000 {
		t.Errorf("journal holds %d entries, %d bytes (bound %d)", j.Len(), j.Bytes(), MaxBytes)
	}
}

func TestBodyEscapesAndText(t *testing.T) {
	// An escaped quote inside a long string, then a file: the file still goes, the text stays.
	text := strings.Repeat("a", 300) + `\"` + strings.Repeat("b", 300)
	png := base64.StdEncoding.EncodeToString(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 600)...))
	got := Body([]byte(`{"t":"`+text+`","qrcode":"`+png+`"}`), 1<<20)
	if !strings.Contains(got, text) || !strings.Contains(got, `"qrcode":"<base64 png, 608 bytes>"`) {
		t.Errorf("Body: %.200s … %s", got, got[len(got)-60:])
	}
	// A long run of letters with a space in its first 256 bytes is text, not a file.
	words := strings.Repeat("x", 200) + " " + strings.Repeat("y", 400)
	if got := Body([]byte(`{"w":"`+words+`"}`), 1<<20); !strings.Contains(got, words) {
		t.Errorf("text taken for a file: %.100s", got)
	}
}

func BenchmarkBodyApprove(b *testing.B) {
	pdf := base64.StdEncoding.EncodeToString(append([]byte("%PDF-1.4\n"), make([]byte, 200<<10)...))
	body := []byte(`{"document_type":"identity_card","result_json":{"a":"b"},"document_pdf":"` + pdf + `","failure_reason":null}`)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		_ = Body(body, BodyCap)
	}
}
