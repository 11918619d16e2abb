package artifact

import (
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/egovsim/egovsim/internal/document"
)

// surface is what the layout draws on, in millimetres from the page's top left corner: the PDF
// and the JPEG implement it, so both show one document.
type surface interface {
	rect(x, y, w, h float64, c color.RGBA)
	// rects fills many rectangles [x, y, w, h] as one shape: a code's modules, without seams.
	rects(rs [][4]float64, c color.RGBA)
	circle(cx, cy, r float64, c color.RGBA)
	// text draws s with its baseline at y.
	text(x, y float64, s string, size float64, bold bool, c color.RGBA)
	photo(x, y, w, h float64) error
}

// The page is A4 portrait.
const (
	pageW  = 210.0
	pageH  = 297.0
	margin = 14.0
)

var (
	white = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink   = color.RGBA{0x1a, 0x1f, 0x2b, 0xff}
	grey  = color.RGBA{0x6b, 0x72, 0x80, 0xff}
	rule  = color.RGBA{0xc8, 0xcd, 0xd4, 0xff}
	gold  = color.RGBA{0xd4, 0xa0, 0x17, 0xff}
	black = color.RGBA{0, 0, 0, 0xff}
)

// accent colours the header by the issuing body, as each ministry's forms have their own.
func accent(t *document.Type) color.RGBA {
	switch {
	case strings.Contains(t.IssuerEn, "INTERNAL"):
		return color.RGBA{0x0b, 0x4f, 0x7c, 0xff}
	case strings.Contains(t.IssuerEn, "JUSTICE"):
		return color.RGBA{0x1f, 0x5c, 0x45, 0xff}
	case strings.Contains(t.IssuerEn, "EDUCATION"):
		return color.RGBA{0x3d, 0x3a, 0x8a, 0xff}
	case strings.Contains(t.IssuerEn, "HEALTH"):
		return color.RGBA{0x0a, 0x6e, 0x6e, 0xff}
	case strings.Contains(t.IssuerEn, "LABOUR"):
		return color.RGBA{0x8a, 0x4a, 0x12, 0xff}
	case strings.Contains(t.IssuerEn, "GOVERNMENT"):
		return color.RGBA{0x62, 0x2a, 0x58, 0xff}
	}
	return color.RGBA{0x2f, 0x4f, 0x4f, 0xff}
}

func tint(c color.RGBA, k float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*k) }
	return color.RGBA{m(c.R), m(c.G), m(c.B), 0xff}
}

var isoDate = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)

// dmy shows ISO dates the way Kazakh documents print them: 01.01.1990.
func dmy(s string) string { return isoDate.ReplaceAllString(s, "$3.$2.$1") }

// cleaned draws only text the fonts can draw (see clean).
type cleaned struct {
	surface
	regular, bold *metrics
}

func (c cleaned) text(x, y float64, s string, size float64, bold bool, col color.RGBA) {
	c.surface.text(x, y, clean(s, c.regular, c.bold), size, bold, col)
}

func newLayout(s surface, regular, bold *metrics) *pageLayout {
	return &pageLayout{s: cleaned{s, regular, bold}, regular: regular, bold: bold}
}

type pageLayout struct {
	s             surface
	regular, bold *metrics
}

func (p *pageLayout) font(bold bool) *metrics {
	if bold {
		return p.bold
	}
	return p.regular
}

// fit shrinks size until s fits in w, down to min.
func (p *pageLayout) fit(s string, w, size, min float64, bold bool) float64 {
	for size > min && p.font(bold).width(s, size) > w {
		size -= 0.5
	}
	return size
}

// wrap breaks s into lines no wider than w, at spaces where it can and inside a word where it must.
func (p *pageLayout) wrap(s string, w, size float64, bold bool) []string {
	f := p.font(bold)
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if f.width(try, size) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for f.width(line, size) > w {
			rs := []rune(line)
			n := len(rs) - 1
			for n > 1 && f.width(string(rs[:n]), size) > w {
				n--
			}
			lines = append(lines, string(rs[:n]))
			line = string(rs[n:])
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// draw lays the document out on the surface.
func (p *pageLayout) draw(d *document.Document) error {
	s := p.s
	t := d.Type
	acc := accent(t)
	light := tint(acc, 0.9)

	// Header: the state, the title in Kazakh and Russian, and a stylised sun for an emblem.
	s.rect(0, 0, pageW, 42, acc)
	s.rect(0, 42, pageW, 1.4, gold)
	ex, ey := pageW-margin-12, 21.0
	s.circle(ex, ey, 12.5, gold)
	s.circle(ex, ey, 11.9, acc)
	for i := 0; i < 24; i++ {
		a := float64(i) * math.Pi / 12
		s.circle(ex+8.7*math.Cos(a), ey+8.7*math.Sin(a), 1.05, gold)
	}
	s.circle(ex, ey, 5.8, gold)
	s.text(margin, 10, "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ  ·  РЕСПУБЛИКА КАЗАХСТАН", 8, false, tint(acc, 0.75))
	titleW := pageW - 2*margin - 30
	size := p.fit(t.NameKk, titleW, 16, 9, true)
	s.text(margin, 20.5, t.NameKk, size, true, white)
	size = p.fit(t.NameRu, titleW, 16, 9, true)
	s.text(margin, 29.5, t.NameRu, size, true, white)
	s.text(margin, 37, t.NameEn, p.fit(t.NameEn, titleW, 9, 6, false), false, tint(acc, 0.75))

	// Holder: photo, five named rows, the QR code.
	top := 52.0
	s.rect(margin-0.5, top-0.5, 37, 49, rule)
	if err := s.photo(margin, top, 36, 48); err != nil {
		return err
	}
	h := d.Holder
	x := margin + 44
	colW := pageW - margin - 42 - x
	rows := [][2]string{
		{"Тегі / Фамилия", h.Surname},
		{"Аты / Имя", h.Name},
		{"Әкесінің аты / Отчество", h.Patronymic},
		{"ЖСН / ИИН", h.IIN},
		{"Туған күні / Дата рождения", dmy(h.BirthDate)},
	}
	for i, r := range rows {
		y := top + float64(i)*9.7
		s.text(x, y+2.6, r[0], 7, false, grey)
		v := r[1]
		if v == "" {
			v = "—"
		}
		s.text(x, y+7.8, v, p.fit(v, colW, 12.5, 8, true), true, ink)
	}
	if err := p.qr(pageW-margin-38, top-1, 38, d.Number); err != nil {
		return err
	}
	s.text(pageW-margin-38+2, top+40.5, "QR: "+d.Number, 6.5, false, grey)

	// The document itself: number, dates, issuer.
	y := top + 55
	boxTop := y
	inner := pageW - 2*margin - 8
	issuerRu := p.wrap(t.IssuerRu, inner, 10, true)
	issuerKk := p.wrap(t.IssuerKk, inner, 8, false)
	boxH := 19 + 5*float64(len(issuerRu)) + 4*float64(len(issuerKk)) + 3
	s.rect(margin, boxTop, pageW-2*margin, boxH, light)
	s.rect(margin, boxTop, 1.4, boxH, acc)
	expires := "БЕССРОЧНО"
	if d.ExpirationDate != "" {
		expires = dmy(d.ExpirationDate)
	}
	cells := [][2]string{
		{"Құжат нөмірі / Номер документа", d.Number},
		{"Берілген күні / Дата выдачи", dmy(d.IssuedDate)},
		{"Жарамды / Действителен до", expires},
	}
	cw := (pageW - 2*margin - 8) / 3
	for i, c := range cells {
		cx := margin + 5 + float64(i)*cw
		s.text(cx, y+5, c[0], 7, false, grey)
		s.text(cx, y+11.5, c[1], p.fit(c[1], cw-3, 13, 8, true), true, ink)
	}
	y += 17.5
	s.text(margin+5, y, "Берген орган / Орган выдачи", 7, false, grey)
	for _, l := range issuerRu {
		y += 5
		s.text(margin+5, y, l, 10, true, ink)
	}
	for _, l := range issuerKk {
		y += 4
		s.text(margin+5, y, l, 8, false, grey)
	}
	y = boxTop + boxH + 9

	// The type's own data.
	s.text(margin, y, "Құжат мәліметтері / Сведения документа", 10, true, acc)
	s.rect(margin, y+2, pageW-2*margin, 0.5, acc)
	y += 4
	p.fields(d.Fields(), y, footerTop-4)

	p.footer(d, acc)
	return nil
}

const footerTop = 262.0

// fields draws the domain rows between top and bottom, shrinking the type to fit and cutting the
// list short (with a note) only when even the smallest size does not fit.
func (p *pageLayout) fields(rows [][2]string, top, bottom float64) {
	labelW := 56.0
	valueX := margin + labelW + 4
	valueW := pageW - margin - valueX - 2
	type laid struct {
		label, value []string
		h            float64
	}
	var out []laid
	size := 10.0
	for ; size >= 7; size -= 0.5 {
		out = out[:0]
		total := 0.0
		line := size * ptMM * 1.3
		for _, r := range rows {
			l := laid{value: p.wrap(dmy(r[1]), valueW, size, false)}
			if r[0] != "" {
				l.label = p.wrap(r[0], labelW-2, size-1.5, false)
			}
			n := max(len(l.value), len(l.label))
			l.h = float64(n)*line + 2.2
			total += l.h
			out = append(out, l)
		}
		if top+total <= bottom {
			break
		}
	}
	if size < 7 {
		size = 7
	}
	line := size * ptMM * 1.3
	y := top
	for i, l := range out {
		if y+l.h > bottom {
			p.s.text(margin+2, y+line, "… ещё "+strconv.Itoa(len(out)-i)+" строк(и) — см. result_json", size-1, false, grey)
			break
		}
		if i%2 == 0 {
			p.s.rect(margin, y, pageW-2*margin, l.h, color.RGBA{0xf4, 0xf6, 0xf8, 0xff})
		}
		for j, t := range l.label {
			p.s.text(margin+2, y+1.1+line*float64(j+1)-line*0.25, t, size-1.5, false, grey)
		}
		for j, t := range l.value {
			p.s.text(valueX, y+1.1+line*float64(j+1)-line*0.25, t, size, false, ink)
		}
		y += l.h
	}
}

// footer: the Code 128 barcode of the number and a note that the document is a simulator's.
func (p *pageLayout) footer(d *document.Document, acc color.RGBA) {
	s := p.s
	s.rect(margin, footerTop, pageW-2*margin, 0.4, rule)
	if mods, err := barModules(d.Number); err == nil {
		mw := 0.3
		if w := float64(len(mods)) * mw; w > 80 {
			mw = 80 / float64(len(mods))
		}
		bx, by := margin, footerTop+4.5
		var bars [][4]float64
		for i := 0; i < len(mods); {
			if !mods[i] {
				i++
				continue
			}
			j := i
			for j < len(mods) && mods[j] {
				j++
			}
			bars = append(bars, [4]float64{bx + float64(i)*mw, by, float64(j-i) * mw, 13})
			i = j
		}
		s.rects(bars, black)
		s.text(bx, by+17.5, d.Number, 8, false, ink)
	}
	x := pageW / 2
	s.text(x, footerTop+7, "Электрондық құжат  ·  Электронный документ", 8, true, acc)
	s.text(x, footerTop+11.5, "Сформирован тестовым симулятором egovsim (E-Document API).", 7, false, grey)
	s.text(x, footerTop+15, "Не является официальным документом. Все данные вымышлены.", 7, false, grey)
	s.text(x, footerTop+18.5, "Тип: "+d.Type.Code+"   ·   "+d.Type.NameEn, 7, false, grey)
}

// qr draws the QR code of payload as vector modules inside a w×w square at (x, y).
func (p *pageLayout) qr(x, y, w float64, payload string) error {
	m, err := qrMatrix(payload)
	if err != nil {
		return err
	}
	p.s.rect(x, y, w, w, white)
	n := float64(len(m) + 2) // one module of margin on the page's own white
	mod := w / n
	var runs [][4]float64
	for r, row := range m {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			e := c
			for e < len(row) && row[e] {
				e++
			}
			runs = append(runs, [4]float64{x + mod*float64(c+1), y + mod*float64(r+1), mod * float64(e-c), mod})
			c = e
		}
	}
	p.s.rects(runs, black)
	return nil
}
