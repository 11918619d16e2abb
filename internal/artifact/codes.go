package artifact

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Sizes of the code images.
const (
	QRModulePx      = 8  // pixels per QR module
	QRQuietModules  = 4  // the quiet zone the QR standard asks for, on each side
	BarModulePx     = 3  // pixels per Code 128 module
	BarQuietModules = 10 // quiet zone on each side
	BarcodeHeight   = 150
	barBarsPx       = 100 // height of the bars; the number is printed below them
)

// ErrEmptyPayload is returned for a code with nothing to encode.
var ErrEmptyPayload = errors.New("artifact: empty code payload")

// qrMatrix is the QR code of payload as rows of dark modules, without the quiet zone.
func qrMatrix(payload string) ([][]bool, error) {
	if payload == "" {
		return nil, ErrEmptyPayload
	}
	code, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("artifact: qr %q: %w", payload, err)
	}
	b := code.Bounds()
	rows := make([][]bool, b.Dy())
	for y := range rows {
		rows[y] = make([]bool, b.Dx())
		for x := range rows[y] {
			rows[y][x] = isDark(code.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return rows, nil
}

// barModules is the Code 128 symbol of payload (checksum included) as dark/light modules.
func barModules(payload string) ([]bool, error) {
	if payload == "" {
		return nil, ErrEmptyPayload
	}
	code, err := code128.Encode(payload)
	if err != nil {
		return nil, fmt.Errorf("artifact: code128 %q: %w", payload, err)
	}
	b := code.Bounds()
	out := make([]bool, b.Dx())
	for x := range out {
		out[x] = isDark(code.At(b.Min.X+x, b.Min.Y))
	}
	return out, nil
}

func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}

var bw = color.Palette{color.White, color.Black}

// QRCode is a PNG QR code (error correction M) of payload: black on white, QRModulePx pixels a
// module, with the quiet zone.
func QRCode(payload string) ([]byte, error) {
	m, err := qrMatrix(payload)
	if err != nil {
		return nil, err
	}
	n := len(m) + 2*QRQuietModules
	img := image.NewPaletted(image.Rect(0, 0, n*QRModulePx, n*QRModulePx), bw)
	for y, row := range m {
		for x, dark := range row {
			if dark {
				x0, y0 := (x+QRQuietModules)*QRModulePx, (y+QRQuietModules)*QRModulePx
				draw.Draw(img, image.Rect(x0, y0, x0+QRModulePx, y0+QRModulePx), image.Black, image.Point{}, draw.Src)
			}
		}
	}
	return encodePNG(img)
}

// Barcode is a PNG Code 128 barcode of payload, BarcodeHeight pixels high, with the payload
// printed under the bars as on a paper document.
func Barcode(payload string) ([]byte, error) {
	mods, err := barModules(payload)
	if err != nil {
		return nil, err
	}
	w := (len(mods) + 2*BarQuietModules) * BarModulePx
	img := image.NewGray(image.Rect(0, 0, w, BarcodeHeight))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	top := 10
	for i, dark := range mods {
		if dark {
			x0 := (i + BarQuietModules) * BarModulePx
			draw.Draw(img, image.Rect(x0, top, x0+BarModulePx, top+barBarsPx), image.Black, image.Point{}, draw.Src)
		}
	}
	regular, _, err := loadFonts()
	if err != nil {
		return nil, err
	}
	face, err := opentype.NewFace(regular.font, &opentype.FaceOptions{Size: 24, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, err
	}
	defer face.Close()
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	tw := d.MeasureString(payload)
	d.Dot = fixed.Point26_6{X: (fixed.I(w) - tw) / 2, Y: fixed.I(top + barBarsPx + 30)}
	d.DrawString(payload)
	return encodePNG(img)
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
