package egovspec

import (
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/scenarios"
)

// generatedYAML asks for 500 generated people on top of one citizen, with the catalogue's schools
// and the target's credentials.
func generatedYAML() string {
	c := creds
	return fmt.Sprintf(`name: generated-500
description: 500 generated people (seed 1) for the gateway suite.
egov: {api_key: %q, sender_id: %q, password: %q, sender_code: %q}
schools:
  - {bin: "081240003127", nedb_id: "19663", name_ru: КГУ "Школа-гимназия №148", location_code: "750000000"}
  - {bin: "990340005550", nedb_id: "19664", name_ru: КГУ "Общеобразовательная школа №25", location_code: "750000000"}
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, patronymic: ИВАНОВИЧ}
population: {generate: 500, seed: 1}
`, c.APIKey, c.SenderID, c.Password, c.SenderCode)
}

var _ = specs.Describe("generated people (population: {generate: 500, seed: 1})", Serial, Label("contract"), func() {
	var pop *population.Population

	BeforeEach(func() {
		tgt.NeedAdmin("upload a scenario")
		yaml := generatedYAML()
		// Generation is deterministic: the suite builds the same people to know whom to ask for.
		s, err := scenarios.Parse("generated.yaml", []byte(yaml))
		Expect(err).NotTo(HaveOccurred())
		pop, err = population.Build(s)
		Expect(err).NotTo(HaveOccurred())
		status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario", "application/yaml", yaml)
		Expect(status).To(Equal(200), "PUT /__admin/scenario: %s", body)
		DeferCleanup(func() {
			status, body := tgt.AdminDo(http.MethodPut, "/__admin/scenario?name=default", "", "")
			Expect(status).To(Equal(200), "PUT /__admin/scenario?name=default: %s", body)
		})
	})

	It("every operation answers for them what the population holds", func(ctx SpecContext) {
		Expect(pop.Len()).To(BeNumerically(">", 500))
		seen := map[string]bool{}
		checked := 0
		for i, p := range pop.People() {
			traits := map[string]bool{"married": p.Spouse != nil, "divorced": len(p.Divorces) > 0, "child": len(p.Parents) > 0,
				"pupil": p.School != nil, "owner": len(p.Property) > 0, "debtor": len(p.Debts) > 0,
				"arrears": p.TaxArrears > 0, "taxes": len(p.UpcomingTaxes) > 0, "id card": p.Holds("identity_card")}
			fresh := false
			for t, has := range traits {
				if has && !seen[t] {
					seen[t], fresh = true, true
				}
			}
			if !fresh && i%50 != 1 {
				continue
			}
			checked++
			who := fmt.Sprintf("%s (%s %s)", p.IIN, p.Surname, p.Name)

			r, err := gw().GBDFL(ctx, egov.PersonQuery{IIN: p.IIN})
			Expect(err).NotTo(HaveOccurred(), who)
			Expect(r.Persons).To(HaveLen(1), who)
			got := r.Persons[0]
			Expect([]string{got.Surname, got.Name, got.Patronymic, got.BirthDate}).To(Equal([]string{p.Surname, p.Name, p.Patronymic, p.BirthDate}), who)
			byName, err := gw().GBDFL(ctx, egov.PersonQuery{Surname: p.Surname, Name: p.Name, BirthDate: p.BirthDate})
			Expect(err).NotTo(HaveOccurred(), who)
			Expect(byName.Persons).To(ContainElement(got), who)
			if p.Holds("identity_card") {
				byDoc, err := gw().GBDFL(ctx, egov.PersonQuery{DocumentNumber: p.DocumentNumber("identity_card")})
				Expect(err).NotTo(HaveOccurred(), who)
				Expect(byDoc.Persons).To(Equal([]egov.Person{got}), who)
			}

			fam, err := gw().FamilyInfo(ctx, p.IIN)
			Expect(err).NotTo(HaveOccurred(), who)
			if p.Spouse != nil {
				Expect(fam.ServiceData.MarriageInfos).To(HaveLen(1), who)
				Expect([]string{fam.ServiceData.MarriageInfos[0].HusbandIIN, fam.ServiceData.MarriageInfos[0].WifeIIN}).To(ContainElement(p.Spouse.IIN), who)
			} else {
				Expect(fam.ServiceData.MarriageInfos).To(BeEmpty(), who)
			}
			Expect(fam.ServiceData.DivorceInfos).To(HaveLen(len(p.Divorces)), who)
			var children []string
			for _, b := range fam.ServiceData.BirthInfos {
				if b.ChildIIN != p.IIN {
					children = append(children, b.ChildIIN)
				}
			}
			Expect(children).To(HaveLen(len(p.Children)), who)
			for _, c := range p.Children {
				Expect(children).To(ContainElement(c.IIN), who)
			}

			edu, err := gw().Education(ctx, p.IIN)
			Expect(err).NotTo(HaveOccurred(), who)
			if p.School != nil {
				Expect(edu.EducationInfo.Records).To(HaveLen(1), who)
				Expect(edu.EducationInfo.Records[0].BIN).To(Equal(p.School.School.BIN), who)
			} else {
				Expect(edu.EducationInfo.Records).To(BeEmpty(), who)
			}
			prop, err := gw().PropertyOwner(ctx, p.IIN)
			Expect(err).NotTo(HaveOccurred(), who)
			Expect(prop.Properties).To(HaveLen(len(p.Property)), who)
			deb, err := gw().CheckDebtor(ctx, p.IIN)
			Expect(err).NotTo(HaveOccurred(), who)
			Expect(deb.Data).To(HaveLen(len(p.Debts)), who)
			tax, err := gw().CitsDebts(ctx, p.IIN)
			Expect(err).NotTo(HaveOccurred(), who)
			Expect(tax.DebtsInfo.TotalTaxArrear).To(BeNumerically("~", p.TaxArrears, 0.005), who)
			upc, err := gw().CitsUpcomingPayments(ctx, p.IIN)
			Expect(err).NotTo(HaveOccurred(), who)
			Expect(upc.TaxData.TaxOrganizations).To(HaveLen(len(p.UpcomingTaxes)), who)
			tgt.ExpectContract()
		}
		for _, t := range []string{"married", "divorced", "child", "pupil", "owner", "debtor", "arrears", "taxes", "id card"} {
			Expect(seen).To(HaveKey(t), "no generated person is %s: the spec covers less than it claims", t)
		}
		fmt.Fprintf(GinkgoWriter, "checked %d of %d people\n", checked, pop.Len())
	})
})
