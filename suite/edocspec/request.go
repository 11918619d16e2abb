package edocspec

import (
	"fmt"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
)

func reqJSON(key, iin, phone string) string {
	return fmt.Sprintf(`{"api_key":%q,"iin":%q,"phone":%q}`, key, iin, phone)
}

var _ = specs.Describe("POST request/{document_type}/ (docs/behaviour.md §2.1)", Label("contract"), func() {
	DescribeTable("row 1: a body that is not a JSON object with the three strings answers 400 naming the problem",
		func(docType, body, names string) {
			tgt.AllowBadRequests()
			status, detail := post(apiPath+"request/"+docType+"/", body)
			Expect(status).To(Equal(400), "status for body %s", body)
			Expect(detail).To(ContainSubstring(names), "the detail names the field (body %s)", body)
		},
		Entry("not an object", "identity_card", `[1,2]`, "object"),
		Entry("api_key missing", "identity_card", `{"iin":"900101300017","phone":"+77010000001"}`, "api_key"),
		Entry("iin not a string", "identity_card", `{"api_key":"k","iin":900101300017,"phone":"+77010000001"}`, "iin"),
		Entry("phone missing", "identity_card", `{"api_key":"k","iin":"900101300017"}`, "phone"),
		Entry("phone null", "identity_card", `{"api_key":"k","iin":"900101300017","phone":null}`, "phone"),
		Entry("order: the body before the document type", "id_card", `{"iin":"900101300017","phone":"+77010000001"}`, "api_key"),
	)

	DescribeTable("rows 2–12: the first failing check answers, in the documented order",
		func(dt edoc.DocumentType, key, iin, phone string, want *edoc.APIError) {
			_, err := request(key, dt, iin, phone)
			expectAPIError(err, want)
		},
		Entry("2: unknown document type → 404", edoc.DocumentType("id_card"), activeKey, happyIIN, happyTel, edoc.ErrUnknownDocumentType),
		Entry("3: unknown api_key → 401", edoc.IdentityCard, unknownKey, happyIIN, happyTel, edoc.ErrInvalidAPIKey),
		Entry("4: no subscription", edoc.IdentityCard, noSubKey, happyIIN, happyTel, edoc.ErrNoSubscription),
		Entry("5: subscription only in the future", edoc.IdentityCard, notStartedKey, happyIIN, happyTel, edoc.ErrSubscriptionNotStarted),
		Entry("6: subscription expired", edoc.IdentityCard, expiredKey, happyIIN, happyTel, edoc.ErrNoActiveSubscription),
		Entry("7: technology disabled", edoc.IdentityCard, noAccessKey, happyIIN, happyTel, edoc.ErrNoAccess),
		Entry("8: IIN with a wrong check digit", edoc.IdentityCard, activeKey, "900101300018", happyTel, edoc.ErrInvalidIIN),
		Entry("8: IIN with an impossible date", edoc.IdentityCard, activeKey, "123456789012", happyTel, edoc.ErrInvalidIIN),
		Entry("8: IIN of 11 digits", edoc.IdentityCard, activeKey, "90010130001", happyTel, edoc.ErrInvalidIIN),
		Entry("9: phone not a Kazakhstan mobile", edoc.IdentityCard, activeKey, happyIIN, "+1 555 0100", edoc.ErrInvalidPhone),
		Entry("9: phone too short", edoc.IdentityCard, activeKey, happyIIN, "7701000000", edoc.ErrInvalidPhone),
		Entry("10: a fault of the scenario", Label("fault"), edoc.IdentityCard, activeKey, "900101300047", "+77010000004", edoc.ErrCantConnect),
		Entry("11: subject not in CMDB", edoc.IdentityCard, activeKey, "900101300027", "+77010000002", edoc.ErrSubjectNotInCMDB),
		Entry("11: IIN and phone of different subjects", edoc.IdentityCard, activeKey, happyIIN, "+77010000003", edoc.ErrSubjectNotInCMDB),
		Entry("11: a valid IIN nobody holds", edoc.IdentityCard, activeKey, "850515400306", happyTel, edoc.ErrSubjectNotInCMDB),
		Entry("12: no eGov profile", edoc.IdentityCard, activeKey, "900101300037", "+77010000003", edoc.ErrProfileNotFound),

		Entry("order: the type before the key", edoc.DocumentType("id_card"), unknownKey, "1", "2", edoc.ErrUnknownDocumentType),
		Entry("order: the key before the subscription and the IIN", edoc.IdentityCard, unknownKey, "1", "2", edoc.ErrInvalidAPIKey),
		Entry("order: the subscription before the IIN", edoc.IdentityCard, noSubKey, "1", "2", edoc.ErrNoSubscription),
		Entry("order: technology access before the IIN", edoc.IdentityCard, noAccessKey, "1", "2", edoc.ErrNoAccess),
		Entry("order: the IIN before the phone", edoc.IdentityCard, activeKey, "1", "2", edoc.ErrInvalidIIN),
		Entry("order: the phone before the scenario's fault", Label("fault"), edoc.IdentityCard, activeKey, "900101300047", "2", edoc.ErrInvalidPhone),
		Entry("order: the fault before CMDB", Label("fault"), edoc.IdentityCard, activeKey, "900101300047", happyTel, edoc.ErrCantConnect),
		Entry("order: CMDB before the profile", edoc.IdentityCard, activeKey, "900101300037", happyTel, edoc.ErrSubjectNotInCMDB),
	)

	DescribeTable("row 13: otherwise 200 with a backend_session_id (UUID); every phone form of docs/behaviour.md §1 is accepted",
		Label("smoke"),
		func(phone string) {
			id, err := request(activeKey, edoc.IdentityCard, happyIIN, phone)
			Expect(err).NotTo(HaveOccurred())
			_, perr := uuid.Parse(id)
			Expect(perr).NotTo(HaveOccurred(), "backend_session_id %q is a UUID", id)
			if tgt.Admin {
				Expect(smsCode(happyTel, id)).To(MatchRegexp(`^[0-9]{6}$`), "one SMS with a 6-digit code to the normal form of %q", phone)
			}
		},
		Entry("+77XXXXXXXXX", "+77010000001"),
		Entry("77XXXXXXXXX", "77010000001"),
		Entry("87XXXXXXXXX", "87010000001"),
		Entry("spaces, dashes and parentheses", "+7 (701) 000-00-01"),
		Entry("8 with dashes", "8-701-000-00-01"),
	)

	It("opens a new session for every request", func() {
		a, err := request(activeKey, edoc.DriverLicense, happyIIN, happyTel)
		Expect(err).NotTo(HaveOccurred())
		b, err := request(activeKey, edoc.DriverLicense, happyIIN, happyTel)
		Expect(err).NotTo(HaveOccurred())
		Expect(a).NotTo(Equal(b), "two requests, two sessions")
	})
})
