package artifact

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/facts"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-pdf/fpdf"
)

// PDF renders the document as a one-page A4 PDF with Liberation Sans embedded (subset) so its
// Cyrillic and Kazakh text can be read back by PDF tools.
func PDF(d *document.Document) ([]byte, error) {
	face, err := FacePhoto(d.Holder.IIN)
	if err != nil {
		return nil, err
	}
	return renderPDF(d, face)
}

const family = "LiberationSans"

func renderPDF(d *document.Document, face []byte) ([]byte, error) {
	regular, bold, err := loadFonts()
	if err != nil {
		return nil, err
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	// fpdf parses a TrueType font anew for every document and offers no way to share one; that
	// parse is most of a cold render, which is why Cache exists.
	f.AddUTF8FontFromBytes(family, "", liberationsansregular.TTF)
	f.AddUTF8FontFromBytes(family, "B", liberationsansbold.TTF)
	f.SetMargins(0, 0, 0)
	f.SetAutoPageBreak(false, 0)
	// Fixed dates keep the bytes the same for the same document.
	at, err := time.Parse(time.DateOnly, d.IssuedDate)
	if err != nil {
		at = facts.Today
	}
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	f.SetTitle(clean(d.Type.NameRu+" № "+d.Number, regular), true)
	f.SetSubject(d.Type.NameKk+" / "+d.Type.NameRu, true)
	f.SetAuthor(d.Type.IssuerRu, true)
	f.SetCreator("egovsim", true)
	f.SetProducer("egovsim", true)
	f.SetLang("ru-KZ")
	f.SetCatalogSort(true) // fonts and images in a fixed order, so equal documents give equal bytes
	f.AddPage()
	s := &pdfSurface{f: f, face: face}
	if err := newLayout(s, regular, bold).draw(d); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("artifact: pdf: %w", err)
	}
	return b.Bytes(), nil
}

type pdfSurface struct {
	f    *fpdf.Fpdf
	face []byte
}

func (s *pdfSurface) rect(x, y, w, h float64, c color.RGBA) {
	s.f.SetFillColor(int(c.R), int(c.G), int(c.B))
	s.f.Rect(x, y, w, h, "F")
}

func (s *pdfSurface) rects(rs [][4]float64, c color.RGBA) {
	if len(rs) == 0 {
		return
	}
	s.f.SetFillColor(int(c.R), int(c.G), int(c.B))
	k := s.f.GetConversionRatio()
	_, pageH := s.f.GetPageSize()
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%.3f %.3f %.3f %.3f re\n", r[0]*k, (pageH-r[1])*k, r[2]*k, -r[3]*k)
	}
	b.WriteString("f")
	s.f.RawWriteStr(b.String())
}

func (s *pdfSurface) circle(cx, cy, r float64, c color.RGBA) {
	s.f.SetFillColor(int(c.R), int(c.G), int(c.B))
	s.f.Circle(cx, cy, r, "F")
}

func (s *pdfSurface) text(x, y float64, str string, size float64, bold bool, c color.RGBA) {
	style := ""
	if bold {
		style = "B"
	}
	s.f.SetFont(family, style, size)
	s.f.SetTextColor(int(c.R), int(c.G), int(c.B))
	s.f.Text(x, y, str)
}

func (s *pdfSurface) photo(x, y, w, h float64) error {
	opt := fpdf.ImageOptions{ImageType: "JPG"}
	s.f.RegisterImageOptionsReader("face", opt, bytes.NewReader(s.face))
	s.f.ImageOptions("face", x, y, w, h, false, opt, 0, "")
	return s.f.Error()
}
