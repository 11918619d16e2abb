package artifact

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"

	"github.com/egovsim/egovsim/internal/document"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Size of the document image: the A4 page at 150 dpi.
const (
	ImageWidth  = 1240
	ImageHeight = 1754
)

// Image renders the document as a JPEG, the same layout as PDF.
func Image(d *document.Document) ([]byte, error) {
	face, err := FacePhoto(d.Holder.IIN)
	if err != nil {
		return nil, err
	}
	return renderImage(d, face)
}

func renderImage(d *document.Document, face []byte) ([]byte, error) {
	regular, bold, err := loadFonts()
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, ImageWidth, ImageHeight))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	s := &rasterSurface{img: img, scale: ImageWidth / pageW, face: face, regular: regular, bold: bold, faces: map[faceKey]font.Face{}}
	defer s.close()
	if err := newLayout(s, regular, bold).draw(d); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("artifact: jpeg: %w", err)
	}
	return b.Bytes(), nil
}

type faceKey struct {
	px   float64
	bold bool
}

// rasterSurface draws the layout in pixels. Its font faces hold scratch buffers, so each render
// has its own.
type rasterSurface struct {
	img           *image.RGBA
	scale         float64 // pixels per mm
	face          []byte
	regular, bold *metrics
	faces         map[faceKey]font.Face
}

func (s *rasterSurface) px(mm float64) int { return int(math.Round(mm * s.scale)) }

func (s *rasterSurface) rect(x, y, w, h float64, c color.RGBA) {
	r := image.Rect(s.px(x), s.px(y), s.px(x+w), s.px(y+h))
	if r.Dx() == 0 && w > 0 { // keep hairlines visible
		r.Max.X++
	}
	if r.Dy() == 0 && h > 0 {
		r.Max.Y++
	}
	draw.Draw(s.img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func (s *rasterSurface) rects(rs [][4]float64, c color.RGBA) {
	for _, r := range rs {
		s.rect(r[0], r[1], r[2], r[3], c)
	}
}

func (s *rasterSurface) circle(cx, cy, r float64, c color.RGBA) {
	ellipse(s.img, cx*s.scale, cy*s.scale, r*s.scale, r*s.scale, c)
}

func (s *rasterSurface) text(x, y float64, str string, size float64, bold bool, c color.RGBA) {
	px := math.Round(size*ptMM*s.scale*4) / 4
	k := faceKey{px, bold}
	f, ok := s.faces[k]
	if !ok {
		m := s.regular
		if bold {
			m = s.bold
		}
		var err error
		f, err = opentype.NewFace(m.font, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
		if err != nil { // only for a size ≤ 0, which the layout never asks for
			return
		}
		s.faces[k] = f
	}
	d := font.Drawer{
		Dst:  s.img,
		Src:  image.NewUniform(c),
		Face: f,
		Dot:  fixed.Point26_6{X: fixed.Int26_6(x * s.scale * 64), Y: fixed.Int26_6(y * s.scale * 64)},
	}
	d.DrawString(str)
}

func (s *rasterSurface) photo(x, y, w, h float64) error {
	src, err := jpeg.Decode(bytes.NewReader(s.face))
	if err != nil {
		return fmt.Errorf("artifact: face photo: %w", err)
	}
	r := image.Rect(s.px(x), s.px(y), s.px(x+w), s.px(y+h))
	draw.BiLinear.Scale(s.img, r, src, src.Bounds(), draw.Src, nil)
	return nil
}

func (s *rasterSurface) close() {
	for _, f := range s.faces {
		_ = f.Close() // opentype faces hold no resources; Close always returns nil
	}
}
