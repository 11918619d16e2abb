package edocspec

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
)

func typeEntries(held func(edoc.DocumentType) bool) []TableEntry {
	var out []TableEntry
	for _, dt := range edoc.DocumentTypes() {
		out = append(out, Entry(string(dt), dt, held(dt)))
	}
	return out
}

var _ = specs.Describe("the default catalogue (docs/behaviour.md §6)", func() {
	DescribeTable("citizens whose request fails",
		Label("fault"),
		func(iin, phone string, want *edoc.APIError, atLeast time.Duration) {
			start := time.Now()
			_, err := request(activeKey, edoc.IdentityCard, iin, phone)
			elapsed := time.Since(start)
			expectAPIError(err, want)
			Expect(elapsed).To(BeNumerically(">=", atLeast), "the catalogue answers only after %v", atLeast)
		},
		Entry("900101300027: not in CMDB", "900101300027", "+77010000002", edoc.ErrSubjectNotInCMDB, time.Duration(0)),
		Entry("900101300037: no eGov profile", "900101300037", "+77010000003", edoc.ErrProfileNotFound, time.Duration(0)),
		Entry("900101300047: 503 Can`t connect", "900101300047", "+77010000004", edoc.ErrCantConnect, time.Duration(0)),
		Entry("900101300057: 503 not available now", "900101300057", "+77010000005", edoc.ErrServiceUnavailable, time.Duration(0)),
		Entry("900101300067: 504 after 1 s", "900101300067", "+77010000006", edoc.ErrGatewayTimeout, time.Second),
		Entry("900101300077: 424 government service error", "900101300077", "+77010000007", edoc.ErrGovernmentService, time.Duration(0)),
		Entry("150609600010: a child with no phone is not in CMDB", "150609600010", "+77010000016", edoc.ErrSubjectNotInCMDB, time.Duration(0)),
	)

	DescribeTable("citizens who get their documents",
		Label("contract"),
		func(iin, phone string, dt edoc.DocumentType) {
			id, code := openSession(dt, iin, phone)
			doc, err := approve(id, code, edoc.FileNone)
			Expect(err).NotTo(HaveOccurred())
			Expect(doc.Type).To(Equal(dt), "document_type")
			Expect(doc.Result).NotTo(BeNil(), "result_json")
			Expect(doc.Result.Common.DocOwner.IIN).To(Equal(iin), "result_json.common.docOwner.iin")
		},
		Entry("920304300014: divorced, his divorce certificate", "920304300014", "+77010000012", edoc.DivorceCertificate),
		Entry("880712400019: divorced, her divorce certificate", "880712400019", "+77010000013", edoc.DivorceCertificate),
		Entry("750220300011: a gateway outage does not reach E-Document", "750220300011", "+77010000014", edoc.IdentityCard),
		Entry("750220300021: a gateway outage does not reach E-Document", "750220300021", "+77010000015", edoc.IdentityCard),
	)

	It("900101300087: approve answers 200 with failure_reason, and result_json and every file null", Label("fault"), func() {
		id, code := openSession(edoc.IdentityCard, "900101300087", "+77010000008")
		doc, err := approve(id, code, edoc.FilePDF)
		Expect(err).NotTo(HaveOccurred())
		Expect(doc.FailureReason).NotTo(BeNil(), "failure_reason must be set for 900101300087")
		Expect(*doc.FailureReason).NotTo(BeEmpty(), "failure_reason")
		Expect(doc.Type).To(Equal(edoc.IdentityCard), "document_type")
		Expect(doc.Result).To(BeNil(), "result_json with a failure_reason")
		for name, f := range map[string]*string{"face_photo": doc.FacePhotoBase64, "qrcode": doc.QRCodeBase64, "barcode": doc.BarcodeBase64, "document_pdf": doc.PDFBase64, "document_image": doc.ImageBase64} {
			Expect(f).To(BeNil(), "%s with a failure_reason", name)
		}
	})

	It("900101300097: every call succeeds after a 3 s delay", Label("fault", "slow"), func() {
		start := time.Now()
		id, err := request(activeKey, edoc.IdentityCard, "900101300097", "+77010000009")
		Expect(err).NotTo(HaveOccurred())
		Expect(time.Since(start)).To(BeNumerically(">=", 3*time.Second), "request answered before the catalogue's 3 s")
		code := sessionCode("+77010000009", id)
		start = time.Now()
		_, err = approve(id, code, edoc.FileNone)
		Expect(err).NotTo(HaveOccurred())
		Expect(time.Since(start)).To(BeNumerically(">=", 3*time.Second), "approve answered before the catalogue's 3 s")
	})

	It("900101300097: a client that gives up first gets a time-out, never an API error", Label("fault"), func() {
		impatient := &http.Client{Transport: tgt.HTTP.Transport, Timeout: 300 * time.Millisecond}
		_, err := client(activeKey, edoc.WithHTTPClient(impatient)).RequestDocument(context.Background(), edoc.IdentityCard, "900101300097", "+77010000009")
		var te *edoc.TransportError
		var ae *edoc.APIError
		Expect(errors.As(err, &te)).To(BeTrue(), "want a transport error, got %v", err)
		Expect(errors.As(err, &ae)).To(BeFalse(), "a time-out is not an API error: %v", err)
		Expect(errors.Is(err, context.DeadlineExceeded) && errors.Is(err, os.ErrDeadlineExceeded)).To(BeTrue(), "a time-out matches the deadline errors: %v", err)
	})

	Describe("900101300106: the first request after each reset answers 503, then all succeed", Serial, Label("fault"), func() {
		BeforeEach(func() {
			tgt.NeedAdmin("reset the fault counters")
			tgt.ResetSim()
		})
		It("answers 503 once, then 200", func() {
			_, err := request(activeKey, edoc.IdentityCard, "900101300106", "+77010000010")
			expectAPIError(err, edoc.ErrServiceUnavailable)
			_, err = request(activeKey, edoc.IdentityCard, "900101300106", "+77010000010")
			Expect(err).NotTo(HaveOccurred(), "the second request")
		})
		It("a client with WithRetry gets through in one call", func() {
			ctx, cancel := timeout()
			defer cancel()
			_, err := client(activeKey, edoc.WithRetry(1, 10*time.Millisecond)).RequestDocument(ctx, edoc.IdentityCard, "900101300106", "+77010000010")
			tgt.ExpectContract()
			Expect(err).NotTo(HaveOccurred())
		})
	})

	wifeHolds := []edoc.DocumentType{edoc.IdentityCard, edoc.DriverLicense, edoc.MarriageCertificate}
	DescribeTable("850515400012 holds identity_card, driver_license and marriage_certificate only: other types answer 200 and send no SMS",
		Label("contract", "matrix"),
		func(dt edoc.DocumentType, held bool) {
			id, err := request(activeKey, dt, wifeIIN, wifeTel)
			Expect(err).NotTo(HaveOccurred(), "a request answers 200 whether or not the subject holds the type")
			tgt.NeedAdmin("see whether an SMS was sent")
			code := smsCode(wifeTel, id)
			if held {
				Expect(code).To(MatchRegexp(`^[0-9]{6}$`), "an SMS with the code for a %s she holds", dt)
			} else {
				Expect(code).To(BeEmpty(), "no SMS for a %s she does not hold", dt)
			}
		},
		typeEntries(func(dt edoc.DocumentType) bool { return slices.Contains(wifeHolds, dt) }),
	)

	DescribeTable("900101300017 holds all 24 types: approve delivers each, its QR code decoding to its number",
		Label("contract", "matrix"),
		func(dt edoc.DocumentType, _ bool) {
			id, code := openSession(dt, happyIIN, happyTel)
			doc, err := approve(id, code, edoc.FileNone)
			Expect(err).NotTo(HaveOccurred())
			Expect(doc.Type).To(Equal(dt), "document_type")
			Expect(doc.Result).NotTo(BeNil(), "result_json")
			c := doc.Result.Common
			Expect(c.DocOwner.IIN).To(Equal(happyIIN), "result_json.common.docOwner.iin")
			Expect(c.DocNumber).NotTo(BeEmpty(), "result_json.common.docNumber")
			Expect(c.DocType.Code).NotTo(BeEmpty(), "result_json.common.docType.code")
			Expect(scanQR(file("qrcode", doc.QRCode))).To(Equal(c.DocNumber), "qrcode decodes to docNumber")
		},
		typeEntries(func(edoc.DocumentType) bool { return true }),
	)
})
