package artifact

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/document"
)

func decodeResult(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("result_json is not JSON: %v\n%.300s", err, b)
	}
	return m
}

// The identity card's docPhoto is the approve's face_photo, byte for byte; dates come in the
// form asked for; a second answer comes from the cache.
func TestAnswerCarriesResultJSON(t *testing.T) {
	c := NewCache(64 << 20)
	d := doc(t, "identity_card")
	f, err := c.Answer(d, Options{PDF: true})
	if err != nil {
		t.Fatal(err)
	}
	m := decodeResult(t, f.ResultJSON)
	dom := m["domain"].(map[string]any)
	if dom["docPhoto"] != string(f.FacePhoto) || len(f.FacePhoto) < 1000 {
		t.Errorf("docPhoto is not the face photo (%d bytes of base64)", len(f.FacePhoto))
	}
	common := m["common"].(map[string]any)
	if _, ok := common["docIssuedDate"].(float64); !ok {
		t.Errorf("default dates are epoch milliseconds: %v", common["docIssuedDate"])
	}
	if common["docUri"] != "IdentityCard:"+d.Number || dom["docNumber"] != d.Number {
		t.Errorf("docUri %v, domain docNumber %v", common["docUri"], dom["docNumber"])
	}
	if f.PDF == nil || f.Image != nil {
		t.Error("the PDF alone was asked for")
	}
	iso, err := c.Answer(document.Build(ivanov, d.Type, nil), Options{Dates: document.ISO})
	if err != nil {
		t.Fatal(err)
	}
	issued := decodeResult(t, iso.ResultJSON)["common"].(map[string]any)["docIssuedDate"]
	if issued != d.IssuedDate {
		t.Errorf("iso docIssuedDate = %v, want %s", issued, d.IssuedDate)
	}
	again, err := c.Answer(document.Build(ivanov, d.Type, nil), Options{PDF: true})
	if err != nil {
		t.Fatal(err)
	}
	if &again.ResultJSON[0] != &f.ResultJSON[0] {
		t.Error("a warm answer encoded result_json again")
	}
	if _, err := c.Answer(d, Options{Dates: "weeks"}); err == nil {
		t.Error("an unknown date form must fail")
	}
	want := time.Date(2007, 12, 14, 0, 0, 0, 0, document.Zone).UnixMilli()
	old := document.Build(ivanov, d.Type, map[string]any{document.FieldIssuedDate: "2007-12-14"})
	g, err := (*Cache)(nil).Answer(old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeResult(t, g.ResultJSON)["common"].(map[string]any)["docIssuedDate"]; got != float64(want) || want != 1197568800000 {
		t.Errorf("docIssuedDate = %v, want %d", got, want)
	}
}

// A scenario value JSON cannot carry fails the answer instead of vanishing from it.
func TestAnswerReturnsEncodeErrors(t *testing.T) {
	ty, _ := document.Lookup("hunter")
	d := document.Build(ivanov, ty, map[string]any{"odd": math.Inf(1)})
	if _, err := NewCache(1<<20).Answer(d, Options{}); err == nil {
		t.Error("Answer dropped an encoding error")
	}
	if _, err := NewCache(1<<20).RenderBase64(d, true, false); err == nil {
		t.Error("RenderBase64 dropped an encoding error")
	}
}

// Text outside the Basic Multilingual Plane (😀, 𝕏) once panicked the PDF library. Any text
// renders: what the fonts cannot draw is replaced, in the PDF and in the page image.
func TestAnyTextRenders(t *testing.T) {
	h := ivanov
	h.Surname = "😀ИВАНОВ𝕏"
	h.Name = "ИВАН\tЖ"
	for _, slug := range []string{"identity_card", "hunter", "passport"} {
		ty, _ := document.Lookup(slug)
		d := document.Build(h, ty, map[string]any{"huntingSociety": "ОБЩЕСТВО 𝕏 😀", "note": "🙂 ok"})
		f, err := (*Cache)(nil).Render(d, true, true)
		if err != nil {
			t.Fatalf("%s: %v", slug, err)
		}
		decodeJPEG(t, f.Image)
		text := pdfText(t, f.PDF)
		if !strings.Contains(text, "?ИВАНОВ?") {
			t.Errorf("%s: the surname is not in the PDF with its undrawable characters replaced:\n%s", slug, text)
		}
		if slug == "hunter" && !strings.Contains(text, "ОБЩЕСТВО ? ?") {
			t.Errorf("the domain field is not in the PDF:\n%s", text)
		}
		if strings.ContainsAny(text, "😀𝕏🙂") {
			t.Errorf("%s: characters the font lacks reached the PDF", slug)
		}
		a, err := (*Cache)(nil).Answer(d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(a.ResultJSON, []byte("😀ИВАНОВ𝕏")) {
			t.Errorf("%s: result_json must keep the text as given", slug)
		}
	}
}
