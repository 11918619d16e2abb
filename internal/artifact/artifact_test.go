package artifact

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

var ivanov = document.Holder{IIN: "900101300017", Surname: "ИВАНОВ", Name: "ИВАН", Patronymic: "ИВАНОВИЧ", BirthDate: "1990-01-01", Gender: "male"}

func docs(h document.Holder) []*document.Document {
	out := make([]*document.Document, len(document.Types))
	for i := range document.Types {
		out[i] = document.Build(h, &document.Types[i], nil)
	}
	return out
}

func doc(t *testing.T, slug string) *document.Document {
	t.Helper()
	ty, ok := document.Lookup(slug)
	if !ok {
		t.Fatalf("no type %s", slug)
	}
	return document.Build(ivanov, ty, nil)
}

// pdfText extracts a PDF's text with poppler's pdftotext: a real PDF tool, as an integrator's
// would be. CI must have it (.ci/run installs poppler-utils); elsewhere the test is skipped.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := poppler(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// poppler finds a poppler-utils tool: missing, it fails the test under CI=true and skips it elsewhere.
func poppler(t *testing.T, tool string) string {
	t.Helper()
	bin, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install poppler-utils", tool)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils)", tool)
	}
	return bin
}

// TestPDFCodesScan rasterises the PDF as a viewer would and scans the QR code and the barcode
// printed on the page.
func TestPDFCodesScan(t *testing.T) {
	bin := poppler(t, "pdftoppm")
	d := doc(t, "tech_passport")
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-r", "150", "-png", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	page := decodePNG(t, b).(interface {
		image.Image
		SubImage(image.Rectangle) image.Image
	})
	w, h := page.Bounds().Dx(), page.Bounds().Dy()
	if got := scan(t, qrcode.NewQRCodeReader(), page.SubImage(image.Rect(w*2/3, 0, w, h/3))); got != d.Number {
		t.Errorf("the PDF's QR decodes to %q, want %q", got, d.Number)
	}
	if got := scan(t, oned.NewCode128Reader(), page.SubImage(image.Rect(0, h*87/100, w/2, h))); got != d.Number {
		t.Errorf("the PDF's barcode decodes to %q, want %q", got, d.Number)
	}
}

func TestPDFOpensAndReadsBack(t *testing.T) {
	seen := map[[32]byte]string{}
	for _, d := range docs(ivanov) {
		pdf, err := PDF(d)
		if err != nil {
			t.Fatalf("%s: %v", d.Type.Slug, err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(pdf, "\r\n"), []byte("%%EOF")) {
			t.Errorf("%s: not a complete PDF: %q … %q", d.Type.Slug, pdf[:8], pdf[len(pdf)-8:])
		}
		if len(pdf) > 300<<10 {
			t.Errorf("%s: PDF is %d bytes, want under 300 KiB", d.Type.Slug, len(pdf))
		}
		sum := sha256.Sum256(pdf)
		if prev, ok := seen[sum]; ok {
			t.Errorf("%s and %s render the same PDF", prev, d.Type.Slug)
		}
		seen[sum] = d.Type.Slug

		text := pdfText(t, pdf)
		for _, want := range []string{ivanov.Surname, ivanov.IIN, d.Number, d.Type.NameKk, d.Type.NameRu} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: PDF text lacks %q:\n%s", d.Type.Slug, want, text)
			}
		}
	}
}

func TestPDFShowsDomainRows(t *testing.T) {
	d := doc(t, "srts")
	pdf, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	vin := d.Domain.(*document.Srts).Vehicle.VIN
	for _, want := range []string{"VIN", vin, "Сведения документа", "01.01.1990"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

func decodeJPEG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
	return img
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

func TestImagesDecodeAtTheirSizes(t *testing.T) {
	d := doc(t, "driver_license")
	f, err := (*Cache)(nil).Render(d, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if b := decodeJPEG(t, f.FacePhoto).Bounds(); b.Dx() != FaceWidth || b.Dy() != FaceHeight {
		t.Errorf("face photo is %v, want %dx%d", b, FaceWidth, FaceHeight)
	}
	if b := decodeJPEG(t, f.Image).Bounds(); b.Dx() != ImageWidth || b.Dy() != ImageHeight || b.Dx() < 1000 {
		t.Errorf("document image is %v, want %dx%d", b, ImageWidth, ImageHeight)
	}
	modules := len(mustQR(t, d.Number))
	if b := decodePNG(t, f.QRCode).Bounds(); b.Dx() != b.Dy() || b.Dx() != (modules+2*QRQuietModules)*QRModulePx {
		t.Errorf("QR code is %v, want a square of %d px", b, (modules+2*QRQuietModules)*QRModulePx)
	}
	if b := decodePNG(t, f.Barcode).Bounds(); b.Dy() != BarcodeHeight || b.Dx() < 200 {
		t.Errorf("barcode is %v, want %d px high", b, BarcodeHeight)
	}
	for name, size := range map[string]struct{ got, limit int }{
		"face": {len(f.FacePhoto), 40 << 10}, "image": {len(f.Image), 250 << 10},
		"qr": {len(f.QRCode), 8 << 10}, "barcode": {len(f.Barcode), 8 << 10}, "pdf": {len(f.PDF), 300 << 10},
	} {
		if size.got > size.limit {
			t.Errorf("%s is %d bytes, want under %d", name, size.got, size.limit)
		}
	}
}

func mustQR(t *testing.T, s string) [][]bool {
	t.Helper()
	m, err := qrMatrix(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func scan(t *testing.T, r gozxing.Reader, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no code found: %v", err)
	}
	return res.GetText()
}

func TestCodesDecodeToTheNumber(t *testing.T) {
	c := NewCache(64 << 20)
	for _, d := range docs(ivanov) {
		f, err := c.Render(d, false, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := scan(t, qrcode.NewQRCodeReader(), decodePNG(t, f.QRCode)); got != d.Number {
			t.Errorf("%s: QR decodes to %q, want %q", d.Type.Slug, got, d.Number)
		}
		if got := scan(t, oned.NewCode128Reader(), decodePNG(t, f.Barcode)); got != d.Number {
			t.Errorf("%s: barcode decodes to %q, want %q", d.Type.Slug, got, d.Number)
		}
	}
	// A scenario's own number, letters and all.
	for _, n := range []string{"041234567", "AB-12/345 X"} {
		q, err := QRCode(n)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Barcode(n)
		if err != nil {
			t.Fatal(err)
		}
		if got := scan(t, qrcode.NewQRCodeReader(), decodePNG(t, q)); got != n {
			t.Errorf("QR %q decodes to %q", n, got)
		}
		if got := scan(t, oned.NewCode128Reader(), decodePNG(t, b)); got != n {
			t.Errorf("barcode %q decodes to %q", n, got)
		}
	}
}

func TestDocumentImageQRScans(t *testing.T) {
	// The QR printed on the page scans too, as a phone pointed at the screen would.
	d := doc(t, "passport")
	b, err := Image(d)
	if err != nil {
		t.Fatal(err)
	}
	page := decodeJPEG(t, b)
	x := ImageWidth * int(pageW-margin-44) / int(pageW)
	crop := page.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(x, 0, ImageWidth, ImageHeight/3))
	if got := scan(t, qrcode.NewQRCodeReader(), crop); got != d.Number {
		t.Errorf("the page's QR decodes to %q, want %q", got, d.Number)
	}
}

func TestEmptyPayload(t *testing.T) {
	if _, err := QRCode(""); !errors.Is(err, ErrEmptyPayload) {
		t.Errorf("QRCode(\"\") = %v", err)
	}
	if _, err := Barcode(""); !errors.Is(err, ErrEmptyPayload) {
		t.Errorf("Barcode(\"\") = %v", err)
	}
}

func TestFacePhotoIsDeterministicPerIIN(t *testing.T) {
	a, b := face(t, "900101300017"), face(t, "900101300017")
	if !bytes.Equal(a, b) {
		t.Error("two photos of one IIN differ")
	}
	if bytes.Equal(a, face(t, "850515400012")) {
		t.Error("two IINs got the same photo")
	}
	p1, err := PDF(doc(t, "identity_card"))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := PDF(doc(t, "identity_card"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p1, p2) {
		t.Error("two PDFs of one document differ")
	}
}

func TestCacheHitsAndOverrides(t *testing.T) {
	c := NewCache(16 << 20)
	d := doc(t, "diploma")
	first, err := c.Render(d, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if first.Image != nil {
		t.Error("image rendered without being asked for")
	}
	again, err := c.Render(document.Build(ivanov, d.Type, nil), true, false)
	if err != nil {
		t.Fatal(err)
	}
	if &again.PDF[0] != &first.PDF[0] || &again.FacePhoto[0] != &first.FacePhoto[0] {
		t.Error("a hit rendered again instead of returning the cached bytes")
	}
	// A scenario that overrides the number, or any domain field, gets its own files.
	num := document.Build(ivanov, d.Type, map[string]any{"number": "DP000000042"})
	got, err := c.Render(num, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got.PDF, first.PDF) || bytes.Equal(got.QRCode, first.QRCode) {
		t.Error("an overridden number reused the old files")
	}
	inst := document.Build(ivanov, d.Type, map[string]any{"institution": "ТЕСТОВЫЙ УНИВЕРСИТЕТ"})
	got, err = c.Render(inst, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got.PDF, first.PDF) {
		t.Error("an overridden domain field reused the old PDF")
	}
	if !strings.Contains(pdfText(t, got.PDF), "ТЕСТОВЫЙ УНИВЕРСИТЕТ") {
		t.Error("the overridden field is not in the PDF")
	}
}

func TestCacheStaysInItsBound(t *testing.T) {
	const limit = 150 << 10 // room for about two documents' files
	c := NewCache(limit)
	holders := []document.Holder{ivanov, {IIN: "850515400012", Surname: "ИВАНОВА", Name: "МАРИЯ", BirthDate: "1985-05-15", Gender: "female"}}
	n := 0
	for _, h := range holders {
		for _, d := range docs(h)[:4] {
			if _, err := c.Render(d, true, false); err != nil {
				t.Fatal(err)
			}
			n++
			if c.Size() > limit {
				t.Fatalf("cache holds %d bytes, bound %d", c.Size(), limit)
			}
		}
	}
	if c.Len() >= 4*n {
		t.Errorf("nothing was evicted: %d files for %d renders", c.Len(), n)
	}
	// Most recent first: the last document is still there.
	last := docs(holders[1])[3]
	before := c.Len()
	if _, err := c.Render(last, true, false); err != nil {
		t.Fatal(err)
	}
	if c.Len() != before {
		t.Error("the most recent document was evicted")
	}
	tiny := NewCache(100)
	if _, err := tiny.Render(last, true, false); err != nil {
		t.Fatal(err)
	}
	if tiny.Size() > 100 {
		t.Errorf("a file larger than the bound was kept: %d bytes", tiny.Size())
	}
}

func TestConcurrentRender(t *testing.T) {
	c := NewCache(32 << 20)
	all := docs(ivanov)[:3]
	want := make([][]byte, len(all))
	for i, d := range all {
		f, err := (*Cache)(nil).Render(d, true, false)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = f.PDF
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range all {
				d := all[(i+g)%len(all)]
				f, err := c.Render(d, true, d == all[0]) // one image, for the image path's race check
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(f.PDF, want[(i+g)%len(all)]) {
					errs <- errors.New(d.Type.Slug + ": concurrent render differs")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestWriteSamples writes one document's files to $ARTIFACT_SAMPLES, for a person to look at.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("ARTIFACT_SAMPLES")
	if dir == "" {
		t.Skip("set ARTIFACT_SAMPLES=dir to write sample files")
	}
	for _, d := range docs(ivanov) {
		f, err := (*Cache)(nil).Render(d, true, true)
		if err != nil {
			t.Fatal(err)
		}
		for ext, b := range map[string][]byte{".pdf": f.PDF, ".jpg": f.Image, "_face.jpg": f.FacePhoto, "_qr.png": f.QRCode, "_barcode.png": f.Barcode} {
			if err := os.WriteFile(filepath.Join(dir, d.Type.Slug+ext), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func BenchmarkRenderPDF(b *testing.B) {
	d := document.Build(ivanov, &document.Types[0], nil)
	photo := face(b, ivanov.IIN)
	for b.Loop() {
		if _, err := renderPDF(d, photo); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderImage(b *testing.B) {
	d := document.Build(ivanov, &document.Types[0], nil)
	photo := face(b, ivanov.IIN)
	for b.Loop() {
		if _, err := renderImage(d, photo); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFacePhoto(b *testing.B) {
	for b.Loop() {
		if _, err := FacePhoto(ivanov.IIN); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCacheRenderPDF is an approve with a PDF after warm-up: the document is built anew, as
// the handler does, and its files come from the cache.
func BenchmarkCacheRenderPDF(b *testing.B) {
	c := NewCache(64 << 20)
	t := &document.Types[0]
	if _, err := c.Render(document.Build(ivanov, t, nil), true, false); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Render(document.Build(ivanov, t, nil), true, false); err != nil {
			b.Fatal(err)
		}
	}
}

func face(tb testing.TB, iin string) []byte {
	tb.Helper()
	f, err := FacePhoto(iin)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}
