package egovspec

import (
	"encoding/json"
	"net/http/httptest"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/contracts"
	edocsim "github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	edocActiveKey = "edoc_test_active_0000000000000000000000000000000"
	happyPhone    = "77010000001"
)

var _ = specs.Describe("one population behind both simulators (docs/behaviour.md §3)", Label("contract"), func() {
	It("the happy citizen's identity card is the same person in E-Document and in GBDFL", func(ctx SpecContext) {
		// mock-edoc in-process on the same catalogue, every exchange checked against its own contracts.
		srv, err := edocsim.NewServer(scenarios.Default(), shell.Settings{})
		Expect(err).NotTo(HaveOccurred())
		ts := httptest.NewServer(srv)
		DeferCleanup(ts.Close)
		edocHTTP := tgt.Checked(contracts.EDocFile, nil)
		adminHTTP := tgt.Checked(contracts.AdminFile, nil)

		ec := edoc.New(ts.URL, edocActiveKey, edoc.WithHTTPClient(edocHTTP))
		session, err := ec.RequestDocument(ctx, edoc.IdentityCard, happyIIN, "+"+happyPhone)
		Expect(err).NotTo(HaveOccurred())
		resp, err := adminHTTP.Get(ts.URL + "/__admin/sms?phone=" + happyPhone)
		Expect(err).NotTo(HaveOccurred())
		var outbox struct {
			Messages []struct {
				Code      string `json:"code"`
				SessionID string `json:"session_id"`
			} `json:"messages"`
		}
		err = json.NewDecoder(resp.Body).Decode(&outbox)
		resp.Body.Close()
		Expect(err).NotTo(HaveOccurred())
		code := ""
		for _, m := range outbox.Messages {
			if m.SessionID == session {
				code = m.Code
			}
		}
		Expect(code).To(MatchRegexp(`^\d{6}$`), "the SMS of session %s in %+v", session, outbox)
		doc, err := ec.Approve(ctx, session, code, edoc.FileNone)
		Expect(err).NotTo(HaveOccurred())
		Expect(doc.Result).NotTo(BeNil())
		common := doc.Result.Common

		r, err := gw().GBDFL(ctx, egov.PersonQuery{IIN: happyIIN})
		Expect(err).NotTo(HaveOccurred())
		Expect(r.Persons).To(HaveLen(1))
		p := r.Persons[0]
		Expect(common.DocOwner.IIN).To(Equal(p.IIN))
		Expect(common.DocOwner.LastName).To(Equal(p.Surname))
		Expect(common.DocOwner.FirstName).To(Equal(p.Name))
		Expect(common.DocOwner.MiddleName).To(Equal(p.Patronymic))
		owner, err := kz.ParseIIN(common.DocOwner.IIN)
		Expect(err).NotTo(HaveOccurred())
		Expect(owner.BirthDate.Format(time.DateOnly)).To(Equal(p.BirthDate), "the birth date the document's IIN carries")
		var card *egov.IdentityDocument
		for i := range p.Documents {
			if p.Documents[i].Type.Code == egov.DocIdentityCard {
				card = &p.Documents[i]
			}
		}
		Expect(card).NotTo(BeNil(), "GBDFL lists the identity card: %+v", p.Documents)
		Expect(card.Number).To(Equal(common.DocNumber))
		Expect(card.BeginDate).To(Equal(common.DocIssuedDate.Format(time.DateOnly)))
		Expect(common.DocExpirationDate).NotTo(BeNil())
		Expect(card.EndDate).To(Equal(common.DocExpirationDate.Format(time.DateOnly)))
		Expect(common.DocType.Code).To(Equal("IdentityCard"))
		Expect(common.DocURI).To(Equal("IdentityCard:" + common.DocNumber))
	})
})
