package edocspec

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
)

// file decodes one base64 field of the document, failing the spec with the field's name.
func file(name string, get func() ([]byte, error)) []byte {
	GinkgoHelper()
	b, err := get()
	Expect(err).NotTo(HaveOccurred(), "%s must be base64 of a file", name)
	return b
}

func expectJPEG(name string, b []byte) image.Image {
	GinkgoHelper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	Expect(err).NotTo(HaveOccurred(), "%s must decode as a JPEG (first bytes % x)", name, head(b))
	Expect(img.Bounds().Dx()).To(BeNumerically(">", 0), "%s width", name)
	return img
}

func expectPNG(name string, b []byte) image.Image {
	GinkgoHelper()
	img, err := png.Decode(bytes.NewReader(b))
	Expect(err).NotTo(HaveOccurred(), "%s must decode as a PNG (first bytes % x)", name, head(b))
	Expect(img.Bounds().Dx()).To(BeNumerically(">", 0), "%s width", name)
	return img
}

func expectPDF(b []byte) {
	GinkgoHelper()
	Expect(bytes.HasPrefix(b, []byte("%PDF-"))).To(BeTrue(), "document_pdf must be a PDF: starts with %%PDF- (first bytes %q)", head(b))
	Expect(bytes.Contains(b[max(0, len(b)-1024):], []byte("%%EOF"))).To(BeTrue(), "document_pdf must be a whole PDF: ends with %%%%EOF")
}

func head(b []byte) []byte { return b[:min(len(b), 16)] }

// scanQR decodes the QR code in a PNG.
func scanQR(b []byte) string {
	GinkgoHelper()
	img := expectPNG("qrcode", b)
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	Expect(err).NotTo(HaveOccurred())
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	Expect(err).NotTo(HaveOccurred(), "qrcode must hold a readable QR code")
	return res.GetText()
}

var _ = specs.Describe("the files of an approved document decode (docs/behaviour.md §2.2)", Label("contract"), func() {
	approved := func(ft edoc.FileType) *edoc.Document {
		GinkgoHelper()
		id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
		doc, err := approve(id, code, ft)
		Expect(err).NotTo(HaveOccurred())
		return doc
	}

	It("file=true, file_type=pdf: document_pdf is a PDF and document_image is null", func() {
		doc := approved(edoc.FilePDF)
		expectPDF(file("document_pdf", doc.PDF))
		Expect(doc.ImageBase64).To(BeNil(), "document_image with file_type=pdf")
	})
	It("file=true, file_type=image: document_image is a JPEG and document_pdf is null", func() {
		doc := approved(edoc.FileImage)
		expectJPEG("document_image", file("document_image", doc.Image))
		Expect(doc.PDFBase64).To(BeNil(), "document_pdf with file_type=image")
	})
	It("file=false: neither document_pdf nor document_image", func() {
		doc := approved(edoc.FileNone)
		Expect(doc.PDFBase64).To(BeNil(), "document_pdf with file=false")
		Expect(doc.ImageBase64).To(BeNil(), "document_image with file=false")
	})
	It("face_photo is a JPEG and barcode a PNG", func() {
		doc := approved(edoc.FileNone)
		expectJPEG("face_photo", file("face_photo", doc.FacePhoto))
		expectPNG("barcode", file("barcode", doc.Barcode))
	})
	It("qrcode is a PNG of a QR code that decodes to the document's number", func() {
		doc := approved(edoc.FileNone)
		Expect(scanQR(file("qrcode", doc.QRCode))).To(Equal(doc.Result.Common.DocNumber), "the QR code's text is result_json.common.docNumber")
	})
})
