package egovspec

import (
	"io"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/suite/harness"
)

// soapOnly registers the specs of the SOAP channel itself: its WSDL, its refusals and the
// catalogue's outages as SOAP faults. They run once, not per wire.
func soapOnly(s *harness.Specs) {
	s.Describe("the SyncChannel itself (docs/behaviour.md §3.1)", Label("contract"), func() {
		BeforeEach(func() { wire = egov.SOAP; needXmllint() })

		soapGW := func(change ...func(*egov.Config)) *egov.Client {
			GinkgoHelper()
			return gw(append([]func(*egov.Config){func(c *egov.Config) { c.Transport = egov.SOAP }}, change...)...)
		}

		It("serves its WSDL with the address it was fetched at", func() {
			resp, err := soapHTTP.Get(tgt.Base + "/bip-sync/?wsdl")
			Expect(err).NotTo(HaveOccurred())
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			Expect(err).NotTo(HaveOccurred())
			Expect(resp.StatusCode).To(Equal(200))
			Expect(resp.Header.Get("Content-Type")).To(HavePrefix("text/xml"))
			Expect(string(body)).To(ContainSubstring(`<wsdl:operation name="SendMessage">`))
			Expect(string(body)).To(ContainSubstring(`/bip-sync/"/>`))
		})

		It("refuses wrong sender credentials with a FORBIDDEN fault, and needs no bearer key", func(ctx SpecContext) {
			_, err := soapGW(func(c *egov.Config) { c.Password = "wrong" }).GBDFL(ctx, egov.PersonQuery{IIN: happyIIN})
			expectAPIError(err, egov.ErrForbidden, 403, "FORBIDDEN", egov.OpGBDFL)
			_, err = soapGW(func(c *egov.Config) { c.APIKey = "" }).GBDFL(ctx, egov.PersonQuery{IIN: happyIIN})
			Expect(err).NotTo(HaveOccurred())
		})

		It("answers a bad parameter with SCE001 in the facade's words", func(ctx SpecContext) {
			_, err := soapGW().GBDFL(ctx, egov.PersonQuery{IIN: badIIN})
			ae := expectAPIError(err, egov.ErrValidation, 400, "SCE001", egov.OpGBDFL)
			Expect(ae.Message).To(ContainSubstring("iin: must be 12 digits with a valid check digit"))
		})

		It("answers an unknown serviceId and a broken envelope with SCE004 and SCE001 faults", func() {
			tgt.AllowBadRequests()
			for body, want := range map[string]string{
				envelope("NO_SUCH_SERVICE"): "<errorCode>SCE004</errorCode>",
				"<not-soap/>":               "<errorCode>SCE001</errorCode>",
			} {
				resp, err := soapHTTP.Post(tgt.Base+"/bip-sync/", "text/xml; charset=utf-8", strings.NewReader(body))
				Expect(err).NotTo(HaveOccurred())
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				Expect(resp.StatusCode).To(BeNumerically(">=", 400))
				Expect(resp.StatusCode).To(BeNumerically("<", 500))
				Expect(string(raw)).To(ContainSubstring(want))
			}
		})

		It("750220300021 and 750220300011: the catalogue's outages are SOAP faults too", Label("fault"), func(ctx SpecContext) {
			_, err := soapGW().FamilyInfo(ctx, outageIIN)
			expectAPIError(err, egov.ErrServiceUnavailable, 503, "SERVICE_UNAVAILABLE", egov.OpFamilyInfo)
			start := time.Now()
			_, err = soapGW().CheckDebtor(ctx, timeoutIIN)
			expectAPIError(err, egov.ErrGatewayTimeout, 504, "GATEWAY_TIMEOUT", egov.OpCheckDebtor)
			Expect(time.Since(start)).To(BeNumerically(">=", time.Second))
		})
	})
}

// envelope is a SendMessage from the target's sender to serviceID with an empty payload.
func envelope(serviceID string) string {
	return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sc="http://bip.bee.kz/SyncChannel/v10/Types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<soapenv:Body><sc:SendMessage><request><requestInfo><serviceId>` + serviceID + `</serviceId>` +
		`<sender><senderId>` + creds.SenderID + `</senderId><password>` + creds.Password + `</password></sender></requestInfo>` +
		`<requestData><data xmlns:p="urn:egovsim:bip-sync:payload:v1" xsi:type="p:FamilyInfoRequest"/></requestData></request></sc:SendMessage></soapenv:Body></soapenv:Envelope>`
}
