// Package artifact renders a document's files: the face photo (JPEG), the QR code and the Code 128
// barcode (PNG), the document as a PDF and as a JPEG image, and a bounded cache of them.
//
// The PDF and the image share one layout (layout.go) drawn on two surfaces, so they show the same
// document. Text uses Liberation Sans: the Go fonts have no Ә Ғ Қ Ң Ө Ұ Ү Һ, which every Kazakh title needs.
package artifact

import (
	"sync"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// metrics holds a font's advance widths, read once, so that layout can measure text without a
// sfnt.Buffer (and so from many goroutines at once).
type metrics struct {
	font    *opentype.Font
	unitsEm float64
	advance map[rune]float64 // in font units, of every character the font can draw
	missing float64
}

// replacement stands for a character the fonts cannot draw (an emoji, 𝕏, a control character):
// the PDF library panics on characters outside the Basic Multilingual Plane, and a glyph the font
// lacks would print as an empty box, so text is cleaned before it is measured or drawn.
const replacement = '?'

// clean replaces every character either font cannot draw with replacement.
func clean(s string, fonts ...*metrics) string {
	ok := func(r rune) bool {
		for _, m := range fonts {
			if _, has := m.advance[r]; !has {
				return false
			}
		}
		return true
	}
	dirty := false
	for _, r := range s {
		if !ok(r) {
			dirty = true
			break
		}
	}
	if !dirty {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !ok(r) {
			r = replacement
		}
		out = append(out, r)
	}
	return string(out)
}

var fonts struct {
	once          sync.Once
	regular, bold *metrics
	err           error
}

func loadFonts() (regular, bold *metrics, err error) {
	fonts.once.Do(func() {
		fonts.regular, fonts.err = parseFont(liberationsansregular.TTF)
		if fonts.err == nil {
			fonts.bold, fonts.err = parseFont(liberationsansbold.TTF)
		}
	})
	return fonts.regular, fonts.bold, fonts.err
}

func parseFont(ttf []byte) (*metrics, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, err
	}
	m := &metrics{font: f, unitsEm: float64(f.UnitsPerEm()), advance: map[rune]float64{}}
	var buf sfnt.Buffer
	ppem := fixed.I(int(f.UnitsPerEm())) // one pixel per font unit: advances come back in units
	add := func(lo, hi rune) error {
		for r := lo; r <= hi; r++ {
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil {
				return err
			}
			if gi == 0 {
				continue
			}
			adv, err := f.GlyphAdvance(&buf, gi, ppem, 0)
			if err != nil {
				return err
			}
			m.advance[r] = float64(adv) / 64
		}
		return nil
	}
	// Every printable character of the Basic Multilingual Plane the font has (the PDF library takes
	// no other): Latin, Cyrillic with the Kazakh letters, Greek, punctuation (— « » №)...
	for _, rg := range [][2]rune{{0x20, 0x7e}, {0xa0, 0xd7ff}, {0xe000, 0xfffd}} {
		if err := add(rg[0], rg[1]); err != nil {
			return nil, err
		}
	}
	m.missing = m.advance[replacement]
	return m, nil
}

// width is the width of s in mm at size points.
func (m *metrics) width(s string, size float64) float64 {
	var u float64
	for _, r := range s {
		a, ok := m.advance[r]
		if !ok {
			a = m.missing
		}
		u += a
	}
	return u / m.unitsEm * size * ptMM
}

// ptMM is the length of one typographic point in mm.
const ptMM = 25.4 / 72
