package edocspec

import (
	"encoding/json"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
)

const (
	customKey = "team_key_000000000000000000000000000000000000000"
	customIIN = "850515400306"
	customTel = "+77770000001"
)

// A scenario of our own: one client, one citizen holding a diploma, a fixed code, a 1-minute TTL,
// a single wrong code locks, and the first approve of a diploma hits a 424.
const customScenario = `name: suite-custom
description: uploaded by the contract suite
otp: {fixed: "4242", ttl: 1m, max_attempts: 1}
edoc:
  clients: [{api_key: ` + customKey + `, name: Suite, subscription: active}]
citizens:
  - {iin: "` + customIIN + `", surname: ТЕСТОВА, name: ЖАНАР, phone: "` + customTel + `", documents: {diploma: {number: "DP-4242"}}}
faults:
  - {when: {service: edoc, operation: approve, document_type: diploma}, error: government_error, times: 1}
`

func health() string {
	GinkgoHelper()
	status, body := tgt.AdminDo(http.MethodGet, "/__admin/health", "", "")
	Expect(status).To(Equal(200), "GET /__admin/health: %s", body)
	var h struct{ Scenario string }
	Expect(json.Unmarshal(body, &h)).To(Succeed())
	return h.Scenario
}

var _ = specs.Describe("a scenario uploaded with PUT /__admin/scenario (docs/behaviour.md §4, §5)", Serial, Label("contract"), func() {
	BeforeEach(func() {
		tgt.NeedAdmin("upload a scenario")
		DeferCleanup(func() {
			status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario?name=default", "", "")
			Expect(status).To(Equal(200), "restoring the default scenario: %s", body)
		})
	})

	It("is honoured: its client and citizen, fixed code, fault, attempts and TTL; the default's key is gone", Label("fault"), func() {
		status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario", "application/yaml", customScenario)
		Expect(status).To(Equal(200), "PUT /__admin/scenario: %s", body)
		Expect(health()).To(Equal("suite-custom"))

		c := func() *edoc.Client { return client(customKey) }
		req := func() string {
			GinkgoHelper()
			ctx, cancel := timeout()
			defer cancel()
			id, err := c().RequestDocument(ctx, edoc.Diploma, customIIN, "87770000001")
			tgt.ExpectContract()
			Expect(err).NotTo(HaveOccurred(), "request with the scenario's key")
			Expect(smsCode(customTel, id)).To(Equal("4242"), "the scenario's fixed code")
			return id
		}
		appr := func(id, code string) (*edoc.Document, error) {
			GinkgoHelper()
			ctx, cancel := timeout()
			defer cancel()
			doc, err := c().Approve(ctx, id, code, edoc.FileNone)
			tgt.ExpectContract()
			return doc, err
		}

		_, err := appr(req(), "4242")
		expectAPIError(err, edoc.ErrGovernmentService) // the fault, first time only

		doc, err := appr(req(), "4242")
		Expect(err).NotTo(HaveOccurred(), "approve once the fault is spent")
		Expect(doc.Result.Common.DocNumber).To(Equal("DP-4242"), "the scenario's document number")
		Expect(doc.Result.Common.DocOwner.LastName).To(Equal("ТЕСТОВА"))

		id := req()
		_, err = appr(id, "0000")
		expectAPIError(err, edoc.ErrInvalidOTP)
		_, err = appr(id, "4242")
		expectAPIError(err, edoc.ErrAlreadyRequested) // max_attempts: 1

		id = req()
		tgt.AdvanceClock("61s")
		_, err = appr(id, "4242")
		expectAPIError(err, edoc.ErrOTPExpired) // ttl: 1m

		_, err = request(activeKey, edoc.IdentityCard, happyIIN, happyTel)
		expectAPIError(err, edoc.ErrInvalidAPIKey)
	})

	It("a refused scenario answers 400 with the line and leaves the active one in place", func() {
		before := health()
		status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario", "application/yaml",
			"name: refused\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\n")
		Expect(status).To(Equal(400), "PUT of a scenario with an invalid IIN: %s", body)
		var out struct {
			Errors []struct {
				Line    int
				Message string
			}
		}
		Expect(json.Unmarshal(body, &out)).To(Succeed())
		Expect(out.Errors).NotTo(BeEmpty(), "the refusal lists its errors: %s", body)
		Expect(out.Errors[0].Line).To(Equal(3), "the refusal names the line: %s", body)
		Expect(health()).To(Equal(before), "the active scenario stays")
		_, err := request(activeKey, edoc.IdentityCard, happyIIN, happyTel)
		Expect(err).NotTo(HaveOccurred(), "the active scenario still answers")
	})
})
