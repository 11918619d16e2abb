package egov

import (
	"testing"

	"github.com/egovsim/egovsim/internal/population"
)

// generatedScenario is the catalogue's schools with 500 generated people on top.
const generatedScenario = `
name: generated
schools:
  - {bin: "081240003127", nedb_id: "19663", name_ru: Школа 148, location_code: "750000000"}
  - {bin: "120940001232", nedb_id: "20117", name_ru: Школа-лицей 8, location_code: "710000000"}
population: {generate: 500, seed: 1}
`

// Every operation answers per the contract for generated people, and what it answers is what the
// population holds: one population, whatever the operation.
func TestGeneratedPeople(t *testing.T) {
	s := scenario(t, generatedScenario)
	h := newHarness(t, s)
	pop, err := population.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	if pop.Len() < 500 {
		t.Fatalf("population of %d", pop.Len())
	}
	seen := map[string]bool{}
	for i, p := range pop.People() {
		// Every person whose record exercises a branch, and a sample of the rest.
		kinds := map[string]bool{"spouse": p.Spouse != nil, "divorce": len(p.Divorces) > 0, "child": len(p.Parents) > 0,
			"school": p.School != nil, "property": len(p.Property) > 0, "debts": len(p.Debts) > 0,
			"arrears": p.TaxArrears > 0, "upcoming": len(p.UpcomingTaxes) > 0, "passport": p.Holds("passport")}
		interesting := false
		for k, v := range kinds {
			if v && !seen[k] {
				seen[k], interesting = true, true
			}
		}
		if !interesting && i%25 != 0 {
			continue
		}
		sc := map[string]any{"senderCode": "TEST_SENDER", "iin": p.IIN}
		got := list(h.ok("gbdflUniversalServiceSync", sc), "persons")
		if len(got) != 1 || get(got[0], "surname") != p.Surname || get(got[0], "birthDate") != p.BirthDate {
			t.Errorf("%s: gbdfl %v", p.IIN, got)
		}
		byName := list(h.ok("gbdflUniversalServiceSync", map[string]any{"senderCode": "TEST_SENDER", "surname": p.Surname, "name": p.Name, "birthDate": p.BirthDate}), "persons")
		if len(byName) < 1 {
			t.Errorf("%s: not found by name", p.IIN)
		}
		if p.Holds("identity_card") {
			byDoc := list(h.ok("gbdflUniversalServiceSync", map[string]any{"senderCode": "TEST_SENDER", "documentNumber": p.DocumentNumber("identity_card")}), "persons")
			if len(byDoc) != 1 || get(byDoc[0], "iin") != p.IIN {
				t.Errorf("%s: by identity card %v", p.IIN, byDoc)
			}
		}
		fam := get(h.ok("familyInfoServiceSync", sc), "serviceData")
		if n := len(list(fam, "marriageInfos")); (p.Spouse != nil) != (n == 1) {
			t.Errorf("%s: spouse %v, marriageInfos %v", p.IIN, p.Spouse != nil, fam)
		}
		if n := len(list(fam, "divorceInfos")); n != len(p.Divorces) {
			t.Errorf("%s: %d divorces, divorceInfos %v", p.IIN, len(p.Divorces), fam)
		}
		wantBirths := len(p.Children)
		if len(p.Parents) > 0 {
			wantBirths++
		}
		if n := len(list(fam, "birthInfos")); n != wantBirths {
			t.Errorf("%s: %d birth records, want %d", p.IIN, n, wantBirths)
		}
		h.ok("zagsFindMarriageSync", sc)
		if n := len(list(h.ok("MON_NEDB_UNIVERSAL_SERVICE", sc), "educationInfo", "records")); (p.School != nil) != (n == 1) {
			t.Errorf("%s: school %v, records %d", p.IIN, p.School != nil, n)
		}
		if n := len(list(h.ok("GbdrnOwnerForRegCitizen", sc), "properties")); n != len(p.Property) {
			t.Errorf("%s: %d properties, answered %d", p.IIN, len(p.Property), n)
		}
		if n := len(list(h.ok("checkDebtorByIINBIN", map[string]any{"iinOrBin": p.IIN}), "data")); n != len(p.Debts) {
			t.Errorf("%s: %d debts, answered %d", p.IIN, len(p.Debts), n)
		}
		cits := map[string]any{"iinBin": p.IIN, "digitalSignBaseUrl": cits}
		if got := get(h.ok("citsDebts", cits), "debtsInfo", "totalTaxArrear"); got != money(p.TaxArrears) {
			t.Errorf("%s: arrears %v, answered %v", p.IIN, p.TaxArrears, got)
		}
		if n := len(list(h.ok("citsUpcPays", cits), "taxData", "taxOrganizations")); n != len(p.UpcomingTaxes) {
			t.Errorf("%s: %d upcoming taxes, answered %d", p.IIN, len(p.UpcomingTaxes), n)
		}
	}
	for _, k := range []string{"spouse", "divorce", "child", "school", "property", "debts", "arrears", "upcoming", "passport"} {
		if !seen[k] {
			t.Errorf("no generated person with %s: the test covers less than it claims", k)
		}
	}
}
