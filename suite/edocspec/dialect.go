package edocspec

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
)

// rawApprove approves through the checked transport and returns result_json as decoded by a plain
// map decoder, so the JSON types themselves can be asserted (the client decodes every form alike).
func rawApprove(id, code string) map[string]any {
	GinkgoHelper()
	body := `{"backend_session_id":"` + id + `","code":"` + code + `","file":false,"file_type":"pdf"}`
	req, err := http.NewRequest(http.MethodPost, tgt.Base+apiPath+"approve/", strings.NewReader(body))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Content-Type", "application/json")
	resp, err := tgt.HTTP.Do(req)
	Expect(err).NotTo(HaveOccurred())
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	tgt.ExpectContract()
	Expect(resp.StatusCode).To(Equal(200), "approve: %s", raw)
	var m struct {
		ResultJSON map[string]any `json:"result_json"`
	}
	Expect(json.Unmarshal(raw, &m)).To(Succeed())
	Expect(m.ResultJSON).NotTo(BeNil(), "result_json")
	return m.ResultJSON
}

func dig(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	return v
}

var _ = specs.Describe("result_json as eGov's digital documents carry it (evidenced)", Label("contract"), func() {
	It("dates are Unix epoch milliseconds, docUri is <docType.code>:<docNumber>, docType.code is CamelCase", func() {
		id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
		rj := rawApprove(id, code)
		issued, ok := dig(rj, "common", "docIssuedDate").(float64)
		Expect(ok).To(BeTrue(), "common.docIssuedDate is a JSON number (epoch ms), got %#v", dig(rj, "common", "docIssuedDate"))
		Expect(issued).To(BeNumerically(">", 1e11), "common.docIssuedDate in milliseconds, not seconds")
		Expect(dig(rj, "domain", "docIssuedDate")).To(Equal(issued), "the identity card's domain.docIssuedDate is common's")
		Expect(dig(rj, "common", "docType", "code")).To(Equal("IdentityCard"))
		Expect(dig(rj, "common", "docUri")).To(Equal("IdentityCard:041234567"))
		Expect(dig(rj, "domain", "docNumber")).To(Equal("041234567"))
		Expect(dig(rj, "domain", "docPhoto")).To(BeAssignableToTypeOf(""), "domain.docPhoto, a base64 JPEG")
	})
})

var _ = specs.Describe("the dialects scenario: the forms seen in the wild", Serial, Label("contract"), func() {
	BeforeEach(func() {
		tgt.NeedAdmin("switch to the dialects scenario")
		status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario?name=dialects", "", "")
		Expect(status).To(Equal(200), "PUT ?name=dialects: %s", body)
		DeferCleanup(func() {
			status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario?name=default", "", "")
			Expect(status).To(Equal(200), "restoring the default scenario: %s", body)
		})
	})
	It("answers ISO dates, which the client decodes to the same calendar day", func() {
		id, code := openSession(edoc.IdentityCard, happyIIN, happyTel)
		rj := rawApprove(id, code)
		issued, ok := dig(rj, "common", "docIssuedDate").(string)
		Expect(ok).To(BeTrue(), "common.docIssuedDate is a string under dates: iso, got %#v", dig(rj, "common", "docIssuedDate"))
		Expect(issued).To(MatchRegexp(`^\d{4}-\d{2}-\d{2}$`))
		id, code = openSession(edoc.IdentityCard, happyIIN, happyTel)
		doc, err := approve(id, code, edoc.FileNone)
		Expect(err).NotTo(HaveOccurred())
		Expect(doc.Result.Common.DocIssuedDate.String()).To(Equal(issued))
	})
	It(`spells the CMDB 404 "Subject not found in MCDB", which the client still matches`, func() {
		_, err := request(activeKey, edoc.IdentityCard, "900101300027", "+77010000002")
		var ae *edoc.APIError
		Expect(errors.As(err, &ae)).To(BeTrue(), "an API error, got %v", err)
		Expect(ae.Detail).To(Equal("Subject not found in MCDB"))
		Expect(err).To(MatchError(edoc.ErrSubjectNotInCMDB))
	})
})
