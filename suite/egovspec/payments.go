package egovspec

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
)

var _ = specs.Describe("payments (docs/behaviour.md §3)", Label("contract"), func() {
	It("initPaymentRequest creates a payment CREATED that paymentInfoRequest reports", Label("smoke"), func(ctx SpecContext) {
		for _, payer := range []string{happyIIN, entityBIN} {
			r, err := gw().InitPayment(ctx, egov.PaymentRequest{Amount: 1500.5, ServiceID: "SVC-001", IINOrBIN: payer})
			Expect(err).NotTo(HaveOccurred())
			p := r.Payment
			Expect(p.PaymentID).NotTo(BeEmpty())
			Expect(p.Status).To(Equal(egov.PaymentCreated))
			Expect([]any{p.Amount, p.ServiceID, p.IINOrBIN}).To(Equal([]any{1500.5, "SVC-001", payer}))
			Expect(p.PaidAt).To(BeNil())
			info, err := gw().PaymentInfo(ctx, p.PaymentID)
			Expect(err).NotTo(HaveOccurred())
			Expect(info.Payment.PaymentID).To(Equal(p.PaymentID))
			Expect(info.Payment.CreatedAt).To(BeTemporally("==", p.CreatedAt))
		}
	})

	It("an unknown paymentId is 404 PAYMENT_NOT_FOUND", func(ctx SpecContext) {
		_, err := gw().PaymentInfo(ctx, "7c9e6679-7425-40de-944b-e07fc1f90ae7")
		expectAPIError(err, egov.ErrPaymentNotFound, 404, "PAYMENT_NOT_FOUND", egov.OpPaymentInfo)
	})

	It("becomes PAID once the simulator's clock passes settle_after (default 1 minute)", Serial, func(ctx SpecContext) {
		tgt.NeedAdmin("move its clock")
		tgt.ResetSim()
		DeferCleanup(tgt.ResetSim) // the clock back to real time for the next spec
		r, err := gw().InitPayment(ctx, egov.PaymentRequest{Amount: 2500, ServiceID: "SVC-002", IINOrBIN: happyIIN})
		Expect(err).NotTo(HaveOccurred())
		id := r.Payment.PaymentID
		tgt.AdvanceClock("30s")
		info, err := gw().PaymentInfo(ctx, id)
		Expect(err).NotTo(HaveOccurred())
		Expect(info.Payment.Status).To(Equal(egov.PaymentCreated), "half-way")
		tgt.AdvanceClock("2m")
		info, err = gw().PaymentInfo(ctx, id)
		Expect(err).NotTo(HaveOccurred())
		Expect(info.Payment.Status).To(Equal(egov.PaymentPaid))
		Expect(info.Payment.PaidAt).NotTo(BeNil())
		Expect(info.Payment.PaidAt.Sub(info.Payment.CreatedAt)).To(Equal(time.Minute))
		Expect(info.ResponseInfo.ResponseDate).To(BeTemporally(">", time.Now().Add(2*time.Minute)), "responseDate is on the simulator's clock")
	})

	It("is forgotten by POST /__admin/reset", Serial, func(ctx SpecContext) {
		tgt.NeedAdmin("reset it")
		r, err := gw().InitPayment(ctx, egov.PaymentRequest{Amount: 1, ServiceID: "S", IINOrBIN: happyIIN})
		Expect(err).NotTo(HaveOccurred())
		tgt.ResetSim()
		_, err = gw().PaymentInfo(ctx, r.Payment.PaymentID)
		expectAPIError(err, egov.ErrPaymentNotFound, 404, "PAYMENT_NOT_FOUND", egov.OpPaymentInfo)
	})
})
