package edocspec

import (
	"errors"
	"fmt"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
)

const noSession = "00000000-0000-4000-8000-000000000000"

var _ = specs.Describe("POST approve/ (docs/behaviour.md §2.2)", Label("contract"), func() {
	DescribeTable("row 1: a malformed body answers 400 naming the field",
		func(body, names string) {
			tgt.AllowBadRequests()
			status, detail := post(apiPath+"approve/", body)
			Expect(status).To(Equal(400), "status for body %s", body)
			Expect(detail).To(ContainSubstring(names), "the detail names the field (body %s)", body)
		},
		Entry("not an object", `"x"`, "object"),
		Entry("backend_session_id missing", `{"code":"1","file":true,"file_type":"pdf"}`, "backend_session_id"),
		Entry("code not a string", `{"backend_session_id":"`+noSession+`","code":123456,"file":true,"file_type":"pdf"}`, "code"),
		Entry("file not a boolean", `{"backend_session_id":"`+noSession+`","code":"1","file":"yes","file_type":"pdf"}`, "file"),
		Entry("file_type missing", `{"backend_session_id":"`+noSession+`","code":"1","file":true}`, "file_type"),
		Entry("file_type neither pdf nor image", `{"backend_session_id":"`+noSession+`","code":"1","file":true,"file_type":"docx"}`, "file_type"),
		Entry("order: the body before the session", `{"backend_session_id":"`+noSession+`","code":"1","file":false,"file_type":"jpg"}`, "file_type"),
	)

	DescribeTable("rows 2–6: the first failing check answers, in the documented order",
		func(call func() error, want *edoc.APIError) {
			expectAPIError(call(), want)
		},
		Entry("2: no such session", func() error {
			_, err := approve(noSession, "123456", edoc.FilePDF)
			return err
		}, edoc.ErrNotRequested),
		Entry("3: the document was already delivered", func() error {
			id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
			_, err := approve(id, code, edoc.FileNone)
			Expect(err).NotTo(HaveOccurred(), "the first approve")
			_, err = approve(id, code, edoc.FileNone)
			return err
		}, edoc.ErrAlreadyReceived),
		Entry("4: the session is locked after 3 wrong codes", func() error {
			id, code := openSession(edoc.DriverLicense, happyIIN, happyTel)
			for range 3 {
				_, err := approve(id, wrongCode(code), edoc.FileNone)
				expectAPIError(err, edoc.ErrInvalidOTP)
			}
			_, err := approve(id, code, edoc.FileNone)
			return err
		}, edoc.ErrAlreadyRequested),
		Entry("5: the session expired (5 minutes on the simulator's clock)", Serial, func() error {
			tgt.NeedAdmin("move its clock")
			id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
			tgt.AdvanceClock("5m1s")
			DeferCleanup(tgt.ResetSim)
			_, err := approve(id, code, edoc.FileNone)
			return err
		}, edoc.ErrOTPExpired),
		Entry("6: wrong code", func() error {
			id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
			_, err := approve(id, wrongCode(code), edoc.FileNone)
			return err
		}, edoc.ErrInvalidOTP),
		Entry("6: any code of a session whose subject holds no such document (no SMS, no admin API needed)", func() error {
			id, err := request(activeKey, edoc.Diploma, wifeIIN, wifeTel)
			Expect(err).NotTo(HaveOccurred())
			_, err = approve(id, "123456", edoc.FileNone)
			return err
		}, edoc.ErrInvalidOTP),

		Entry("order: delivered before a wrong code", func() error {
			id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
			_, err := approve(id, code, edoc.FileNone)
			Expect(err).NotTo(HaveOccurred(), "the first approve")
			_, err = approve(id, wrongCode(code), edoc.FileNone)
			return err
		}, edoc.ErrAlreadyReceived),
		Entry("order: locked before expired", Serial, func() error {
			tgt.NeedAdmin("move its clock")
			id, code := openSession(edoc.DriverLicense, happyIIN, happyTel)
			for range 3 {
				_, _ = approve(id, wrongCode(code), edoc.FileNone)
			}
			tgt.AdvanceClock("6m")
			DeferCleanup(tgt.ResetSim)
			_, err := approve(id, code, edoc.FileNone)
			return err
		}, edoc.ErrAlreadyRequested),
		Entry("order: expired before a wrong code", Serial, func() error {
			tgt.NeedAdmin("move its clock")
			id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
			tgt.AdvanceClock("6m")
			DeferCleanup(tgt.ResetSim)
			_, err := approve(id, wrongCode(code), edoc.FileNone)
			return err
		}, edoc.ErrOTPExpired),
	)

	It("accepts the right code after wrong ones below the limit, and just before the session expires", Serial, func() {
		tgt.NeedAdmin("move its clock")
		id, code := openSession(edoc.Passport, happyIIN, happyTel)
		for range 2 {
			_, err := approve(id, wrongCode(code), edoc.FileNone)
			expectAPIError(err, edoc.ErrInvalidOTP)
		}
		tgt.AdvanceClock("4m50s")
		DeferCleanup(tgt.ResetSim)
		doc, err := approve(id, code, edoc.FileNone)
		Expect(err).NotTo(HaveOccurred(), "approve after 2 wrong codes at 4m59s")
		Expect(doc.Type).To(Equal(edoc.Passport))
	})

	It("gives exactly one 200 to concurrent approves of one session with the right code; the others the documented 400s", func() {
		const n = 12
		for round := range 3 {
			id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
			var wg sync.WaitGroup
			errs := make([]error, n)
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					defer GinkgoRecover()
					<-start
					ctx, cancel := timeout()
					defer cancel()
					_, errs[i] = client(activeKey).Approve(ctx, id, code, edoc.FilePDF)
				})
			}
			close(start)
			wg.Wait()
			tgt.ExpectContract()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case errors.Is(err, edoc.ErrAlreadyRequested), errors.Is(err, edoc.ErrAlreadyReceived):
				default:
					Fail(fmt.Sprintf("round %d: a concurrent approve answered %v; documented: 200 once, else 400 %q or %q",
						round, err, edoc.ErrAlreadyRequested.Detail, edoc.ErrAlreadyReceived.Detail))
				}
			}
			Expect(ok).To(Equal(1), "round %d: approves answered 200, want exactly 1 of %d", round, n)
		}
	})
})

var _ = specs.Describe("request → SMS → approve", Ordered, Label("smoke"), func() {
	var id, code string
	var doc *edoc.Document

	It("request opens a session", func() {
		var err error
		id, err = request(activeKey, edoc.IdentityCard, happyIIN, happyTel)
		Expect(err).NotTo(HaveOccurred())
	})
	It("sends one SMS from 1414 with a 6-digit code for the session", func() {
		tgt.NeedAdmin("read the SMS outbox")
		code = smsCode(happyTel, id)
		Expect(code).To(MatchRegexp(`^[0-9]{6}$`), "the code of session %s", id)
	})
	It("approve with the code answers 200 with the document", func() {
		if code == "" { // no SMS outbox: the target's OTP source
			code = sessionCode(happyTel, id)
		}
		var err error
		doc, err = approve(id, code, edoc.FilePDF)
		Expect(err).NotTo(HaveOccurred())
		Expect(doc.Type).To(Equal(edoc.IdentityCard), "document_type")
		Expect(doc.FailureReason).To(BeNil(), "failure_reason")
		Expect(doc.Result).NotTo(BeNil(), "result_json")
		c := doc.Result.Common
		Expect(c.DocOwner).To(Equal(edoc.Owner{IIN: happyIIN, FirstName: "ИВАН", LastName: "ИВАНОВ", MiddleName: "ИВАНОВИЧ"}), "result_json.common.docOwner")
		Expect(c.DocNumber).To(Equal("041234567"), "result_json.common.docNumber (the catalogue's)")
		Expect(c.DocType.Code).NotTo(BeEmpty(), "result_json.common.docType.code")
		Expect(c.DocType.NameRu).To(Equal("Удостоверение личности"), "result_json.common.docType.nameRu")
		Expect(string(doc.Result.Domain)).To(HavePrefix("{"), "result_json.domain is an object")
		Expect(doc.PDFBase64).NotTo(BeNil(), "document_pdf with file=true, file_type=pdf")
		Expect(doc.ImageBase64).To(BeNil(), "document_image with file_type=pdf")
	})
	It("a second approve of the session answers 400 already received", func() {
		needCode()
		_, err := approve(id, code, edoc.FilePDF)
		expectAPIError(err, edoc.ErrAlreadyReceived)
	})
})
