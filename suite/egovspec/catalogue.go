package egovspec

import (
	"time"

	"github.com/google/uuid"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
)

var _ = specs.Describe("the default catalogue (docs/behaviour.md §6)", func() {
	Describe("gbdflUniversalServiceSync", func() {
		It("finds the happy citizen by IIN, with identity card and passport", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().GBDFL(ctx, egov.PersonQuery{IIN: happyIIN})
			Expect(err).NotTo(HaveOccurred())
			Expect(r.Success).To(BeTrue())
			Expect(r.ResponseInfo.Status).To(Equal(egov.Status{Code: "SCSS001", Message: "Success"}))
			Expect(r.Persons).To(HaveLen(1))
			p := r.Persons[0]
			Expect([]string{p.IIN, p.Surname, p.Name, p.Patronymic, p.BirthDate}).To(Equal([]string{happyIIN, "ИВАНОВ", "ИВАН", "ИВАНОВИЧ", "1990-01-01"}))
			Expect(p.Gender).To(Equal(egov.CodeName{Code: "1", NameRu: "Мужской", NameKz: "Ер"}))
			Expect(p.Citizenship).To(Equal(egov.CodeName{Code: "KZ", NameRu: "Республика Казахстан", NameKz: "Қазақстан Республикасы"}))
			Expect(p.Documents).To(HaveLen(2))
			Expect(p.Documents[0].Type.Code).To(Equal(egov.DocIdentityCard))
			Expect(p.Documents[0].Number).To(Equal("041234567"))
			Expect(p.Documents[1].Type.Code).To(Equal(egov.DocPassport))
			for _, d := range p.Documents {
				Expect(d.EndDate > d.BeginDate).To(BeTrue(), "%+v", d)
				Expect(d.Status.Code).To(Equal("00"))
			}
		})

		It("finds the same person by name and birth date, and by identity-card or passport number", func(ctx SpecContext) {
			byIIN, err := gw().GBDFL(ctx, egov.PersonQuery{IIN: happyIIN})
			Expect(err).NotTo(HaveOccurred())
			want := byIIN.Persons
			for _, q := range []egov.PersonQuery{
				{Surname: "Иванов", Name: "иван", BirthDate: "1990-01-01"},
				{Surname: "ИВАНОВ", Name: "ИВАН", Patronymic: "ИВАНОВИЧ", BirthDate: "1990-01-01"},
				{DocumentNumber: want[0].Documents[0].Number},
				{DocumentNumber: want[0].Documents[1].Number},
			} {
				r, err := gw().GBDFL(ctx, q)
				Expect(err).NotTo(HaveOccurred(), "%+v", q)
				Expect(r.Persons).To(Equal(want), "%+v", q)
			}
		})

		It("answers a search that matches nobody with an empty list", func(ctx SpecContext) {
			for _, q := range []egov.PersonQuery{
				{IIN: nobodyIIN},
				{Surname: "ИВАНОВ", Name: "ИВАН", Patronymic: "ПЕТРОВИЧ", BirthDate: "1990-01-01"},
				{DocumentNumber: "099999999"},
			} {
				r, err := gw().GBDFL(ctx, q)
				Expect(err).NotTo(HaveOccurred(), "%+v", q)
				Expect(r.Persons).NotTo(BeNil(), "an empty list, not null: %+v", q)
				Expect(r.Persons).To(BeEmpty(), "%+v", q)
			}
		})

		It("echoes the request's messageId as correlationId, with a new messageId and a UTC millisecond date", func(ctx SpecContext) {
			id := uuid.NewString()
			r, err := gw().GBDFL(egov.WithMessageID(ctx, id), egov.PersonQuery{IIN: childIIN})
			Expect(err).NotTo(HaveOccurred())
			Expect(r.ResponseInfo.CorrelationID).To(Equal(id))
			Expect(r.ResponseInfo.MessageID).NotTo(Or(BeEmpty(), Equal(id)))
			Expect(r.ResponseInfo.ResponseDate.Location()).To(Equal(time.UTC))
			Expect(r.ResponseInfo.ResponseDate).To(BeTemporally("~", time.Now(), time.Hour))
			// Without one, the server makes one up.
			a := rawCall("gbdflUniversalServiceSync", map[string]any{"senderCode": creds.SenderCode, "iin": childIIN}, nil)
			Expect(a.status).To(Equal(200))
			ri := a.body["responseInfo"].(map[string]any)
			_, err = uuid.Parse(ri["correlationId"].(string))
			Expect(err).NotTo(HaveOccurred(), "generated correlationId %v", ri["correlationId"])
			Expect(ri["responseDate"]).To(MatchRegexp(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`))
		})

		It("accepts any non-empty messageId, the connector document's req-123 too, and echoes it as correlationId", func(ctx SpecContext) {
			r, err := gw().GBDFL(egov.WithMessageID(ctx, "req-123"), egov.PersonQuery{IIN: happyIIN})
			Expect(err).NotTo(HaveOccurred(), "messageId req-123")
			Expect(r.ResponseInfo.CorrelationID).To(Equal("req-123"))
			Expect(r.ResponseInfo.MessageID).NotTo(Or(BeEmpty(), Equal("req-123")))
			Expect(r.Persons).To(HaveLen(1))
			a := rawCall("familyInfoServiceSync", map[string]any{"senderCode": creds.SenderCode, "iin": happyIIN, "messageId": "req-123"}, nil)
			Expect(a.status).To(Equal(200), "messageId req-123: %s", a.raw)
			Expect(a.body["responseInfo"]).To(HaveKeyWithValue("correlationId", "req-123"), "%s", a.raw)
		})
		It("ignores parameters it does not know", func(ctx SpecContext) {
			a := rawCall("gbdflUniversalServiceSync", map[string]any{"senderCode": creds.SenderCode, "iin": happyIIN, "channel": "web"}, nil)
			Expect(a.status).To(Equal(200), "%s", a.raw)
			Expect(a.body["persons"]).To(HaveLen(1))
		})
	})

	Describe("familyInfoServiceSync and zagsFindMarriageSync", func() {
		It("the happy citizen is married to 850515400012 and father of 150609600010", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().FamilyInfo(ctx, happyIIN)
			Expect(err).NotTo(HaveOccurred())
			sd := r.ServiceData
			Expect(sd.MarriageInfos).To(HaveLen(1))
			m := sd.MarriageInfos[0]
			Expect([]string{m.HusbandIIN, m.WifeIIN, m.MarriageDate}).To(Equal([]string{happyIIN, wifeIIN, "2013-08-17"}))
			Expect(sd.BirthInfos).To(HaveLen(1))
			b := sd.BirthInfos[0]
			Expect([]string{b.ChildIIN, b.FatherIIN, b.MotherIIN, b.ChildBirthDate}).To(Equal([]string{childIIN, happyIIN, wifeIIN, "2015-06-09"}))
			Expect(sd.DivorceInfos).To(BeEmpty())

			wife, err := gw().FamilyInfo(ctx, wifeIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(wife.ServiceData.MarriageInfos).To(Equal(sd.MarriageInfos), "both spouses see one marriage record")
			Expect(wife.ServiceData.BirthInfos).To(Equal(sd.BirthInfos), "both parents see one birth record")

			z, err := gw().FindMarriage(ctx, happyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(z.ServiceData.MarriageInfos).To(Equal(sd.MarriageInfos))
		})

		It("the child's own birth record names both parents", func(ctx SpecContext) {
			r, err := gw().FamilyInfo(ctx, childIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.ServiceData.BirthInfos).To(HaveLen(1))
			Expect(r.ServiceData.BirthInfos[0].FatherIIN).To(Equal(happyIIN))
			Expect(r.ServiceData.BirthInfos[0].MotherIIN).To(Equal(wifeIIN))
			Expect(r.ServiceData.MarriageInfos).To(BeEmpty())
		})

		It("920304300014 and 880712400019 are divorced; ZAGS keeps their former marriage", func(ctx SpecContext) {
			for _, iin := range []string{divorcedH, divorcedW} {
				r, err := gw().FamilyInfo(ctx, iin)
				Expect(err).NotTo(HaveOccurred())
				Expect(r.ServiceData.MarriageInfos).To(BeEmpty(), iin)
				Expect(r.ServiceData.DivorceInfos).To(HaveLen(1), iin)
				d := r.ServiceData.DivorceInfos[0]
				Expect([]string{d.HusbandIIN, d.WifeIIN, d.DivorceDate}).To(Equal([]string{divorcedH, divorcedW, "2020-11-03"}))
				z, err := gw().FindMarriage(ctx, iin)
				Expect(err).NotTo(HaveOccurred())
				Expect(z.ServiceData.MarriageInfos).To(HaveLen(1), iin)
				Expect(z.ServiceData.MarriageInfos[0].MarriageDate).To(Equal("2014-06-21"))
			}
		})

		It("answers a valid IIN nobody holds with empty lists", func(ctx SpecContext) {
			r, err := gw().FamilyInfo(ctx, nobodyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.ServiceData.BirthInfos).To(And(Not(BeNil()), BeEmpty()))
			Expect(r.ServiceData.MarriageInfos).To(And(Not(BeNil()), BeEmpty()))
			Expect(r.ServiceData.DivorceInfos).To(And(Not(BeNil()), BeEmpty()))
		})
	})

	Describe("NEDB", func() {
		It("lists at least three schools at 750000000, with the document's status 01", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().Schools(ctx, schoolsAt)
			Expect(err).NotTo(HaveOccurred())
			Expect(len(r.Schools)).To(BeNumerically(">=", 3))
			Expect(r.ResponseInfo.Status).To(Equal(egov.Status{Code: "01", Message: "Data available"}))
			for _, s := range r.Schools {
				Expect(s.BIN).To(MatchRegexp(`^\d{12}$`))
				Expect(s.NameRu).NotTo(BeEmpty())
			}
			none, err := gw().Schools(ctx, "999999999")
			Expect(err).NotTo(HaveOccurred())
			Expect(none.Schools).To(And(Not(BeNil()), BeEmpty()))
		})

		It("MON_NEDB_UNIVERSAL_SERVICE: 150609600010 is in one of those schools", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().Education(ctx, childIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.EducationInfo.IIN).To(Equal(childIIN))
			Expect(r.EducationInfo.Records).To(HaveLen(1))
			schools, err := gw().Schools(ctx, schoolsAt)
			Expect(err).NotTo(HaveOccurred())
			var bins []string
			for _, s := range schools.Schools {
				bins = append(bins, s.BIN)
			}
			Expect(bins).To(ContainElement(r.EducationInfo.Records[0].BIN))
			adult, err := gw().Education(ctx, happyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(adult.EducationInfo.Records).To(BeEmpty())
		})
	})

	Describe("checkDebtorByIINBIN", func() {
		It("keeps the document's own shape: the happy citizen has no enforcement debts, 850515400012 and 150140000012 have", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().CheckDebtor(ctx, happyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.Status).To(Equal(egov.Status{Code: "SCSS001", Message: "Success"}))
			Expect(r.MessageID).NotTo(BeEmpty())
			Expect(r.Data).To(And(Not(BeNil()), BeEmpty()))
			for _, id := range []string{wifeIIN, entityBIN} {
				r, err := gw().CheckDebtor(ctx, id)
				Expect(err).NotTo(HaveOccurred())
				Expect(r.Data).NotTo(BeEmpty(), id)
				Expect(r.Data[0].DebtorIIN).To(Equal(id))
				Expect(r.Data[0].RecoveryAmount).To(BeNumerically(">", 0))
				Expect(r.Data[0].CategoryRu).To(Equal("Исполнительный лист"))
			}
			none, err := gw().CheckDebtor(ctx, nobodyBIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(none.Data).To(BeEmpty())
			a := rawCall("checkDebtorByIINBIN", map[string]any{"iinOrBin": wifeIIN}, nil)
			Expect(a.body).NotTo(HaveKey("responseInfo"))
		})
	})

	Describe("CITS", func() {
		It("citsDebts: the happy citizen and 150140000012 have tax arrears", Label("smoke"), func(ctx SpecContext) {
			for id, total := range map[string]float64{happyIIN: 45230.50, entityBIN: 125000.75} {
				r, err := gw().CitsDebts(ctx, id)
				Expect(err).NotTo(HaveOccurred())
				Expect(r.DebtsInfo.IINBin).To(Equal(id))
				Expect(r.DebtsInfo.TotalTaxArrear).To(Equal(total))
				Expect(r.DebtsInfo.TotalArrear).To(BeNumerically(">=", total))
				Expect(r.DebtsInfo.TaxOrganizations).NotTo(BeEmpty())
			}
			r, err := gw().CitsDebts(ctx, wifeIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.DebtsInfo.TotalArrear).To(BeZero())
			Expect(r.DebtsInfo.TaxOrganizations).To(And(Not(BeNil()), BeEmpty()))
		})

		It("citsUpcPays: the happy citizen has upcoming taxes that add up", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().CitsUpcomingPayments(ctx, happyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.TaxData.IINBin).To(Equal(happyIIN))
			Expect(r.TaxData.TaxOrganizations).NotTo(BeEmpty())
			sum := 0.0
			for _, t := range r.TaxData.TaxOrganizations {
				Expect(t.Kind).To(BeElementOf("property", "land", "transport"))
				sum += t.Amount
			}
			Expect(r.TaxData.TotalUpcPays).To(BeNumerically("~", sum, 0.005))
			none, err := gw().CitsUpcomingPayments(ctx, nobodyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(none.TaxData.TotalUpcPays).To(BeZero())
		})
	})

	Describe("GbdrnOwnerForRegCitizen", func() {
		It("the happy citizen owns an apartment; his wife owns nothing", Label("smoke"), func(ctx SpecContext) {
			r, err := gw().PropertyOwner(ctx, happyIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(r.Properties).To(HaveLen(1))
			Expect(r.Properties[0].Type).To(Equal("Квартира"))
			Expect(r.Properties[0].Area).To(BeNumerically(">", 0))
			w, err := gw().PropertyOwner(ctx, wifeIIN)
			Expect(err).NotTo(HaveOccurred())
			Expect(w.Properties).To(And(Not(BeNil()), BeEmpty()))
		})
	})
})
