package artifact

import (
	"fmt"
	"unicode"

	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"
	"golang.org/x/image/font/sfnt"
)

// What the rendered files can carry, asked before a value is accepted (a scenario loader refuses
// what would otherwise fail, or silently go missing, on the first approve). Each answers with the
// same encoder or font the renderers use, so the two cannot disagree.

// BarcodeCarries reports whether a Code 128 barcode (Barcode, and the PDF's footer) can encode s:
// ASCII only, so a number such as "АБ1234567" (Cyrillic letters) cannot be a barcode.
func BarcodeCarries(s string) error {
	if s == "" {
		return ErrEmptyPayload
	}
	_, err := code128.Encode(s)
	for i, r := range []rune(s) {
		// The encoder takes U+00F1..U+00F4 as its FNC1..FNC4 signals: encodable, but not text.
		if r > unicode.MaxASCII {
			return fmt.Errorf("a Code 128 barcode cannot carry %q (character %d): ASCII letters, digits and signs only", r, i+1)
		}
	}
	if err != nil {
		return fmt.Errorf("a Code 128 barcode cannot carry %q: %v", s, err)
	}
	return nil
}

// QRCarries reports whether a QR code (QRCode, and the PDF's) can encode s at the error correction
// the renderers use.
func QRCarries(s string) error {
	if s == "" {
		return ErrEmptyPayload
	}
	if _, err := qr.Encode(s, qr.M, qr.Auto); err != nil {
		return fmt.Errorf("a QR code cannot carry %q: %v", s, err)
	}
	return nil
}

// TextCarries reports whether the PDF and the document image can draw s: no control characters,
// and a glyph for every character in both the regular and the bold face (a name in a script the
// font lacks would print as empty boxes).
func TextCarries(s string) error {
	regular, bold, err := loadFonts()
	if err != nil {
		return err
	}
	var buf sfnt.Buffer
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("control character %U cannot be printed", r)
		}
		for _, m := range []*metrics{regular, bold} {
			gi, err := m.font.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				return fmt.Errorf("the document font has no %q (%U)", r, r)
			}
		}
	}
	return nil
}
