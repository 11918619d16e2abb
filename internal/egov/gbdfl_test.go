package egov

import (
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/scenarios"
)

// A GBDFL record tells the person as E-Document does: the identity card's place of birth,
// address, number and dates, with the dictionaries of EVIDENCE §4.
func TestGBDFLPersonRecord(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	p := get(h.ok("gbdflUniversalServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": happy}), "persons", 0)
	for path, want := range map[string][]any{
		"Мужской": {"gender", "nameRu"},
		"Ер":      {"gender", "nameKz"},
		"KZ":      {"citizenship", "code"},
		"Республика Казахстан":   {"citizenship", "nameRu"},
		"Қазақстан Республикасы": {"citizenship", "nameKz"},
		"0":                {"lifeStatus", "code"},
		"Нормальный":       {"lifeStatus", "nameRu"},
		"Қалыпты":          {"lifeStatus", "nameKz"},
		"IVAN":             {"engFirstName"},
		"IVANOV":           {"engSurname"},
		"002":              {"documents", 0, "type", "code"},
		"УДОСТОВЕРЕНИЕ РК": {"documents", 0, "type", "nameRu"},
		"001":              {"documents", 1, "type", "code"},
		"ПАСПОРТ РК":       {"documents", 1, "type", "nameRu"},
		"МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РК": {"documents", 0, "issueOrganization", "nameRu"},
		"ДОКУМЕНТ ДЕЙСТВИТЕЛЕН":          {"documents", 0, "status", "nameRu"},
		"00": {"documents", 0, "status", "code"},
	} {
		if got := get(p, want...); got != path {
			t.Errorf("%v = %v, want %q", want, got, path)
		}
	}
	if get(p, "documents", 0, "issueOrganization", "code") != "002" || get(p, "documents", 0, "type", "nameKz") == "" {
		t.Errorf("issueOrganization / nameKz: %v", get(p, "documents", 0))
	}
	nat := get(p, "nationality")
	if code, _ := get(nat, "code").(string); len(code) != 3 || get(nat, "nameRu") == "" || get(nat, "nameKz") == "" {
		t.Errorf("nationality %v", nat)
	}

	// The identity card E-Document delivers for the same person.
	person, _ := h.srv.World().Pop.Person(happy)
	card := person.Document("identity_card")
	id := card.Domain.(*document.IdentityCard)
	bp := get(p, "birthPlace")
	if !strings.Contains(id.PlaceOfBirth, get(bp, "region", "nameRu").(string)) || !strings.Contains(id.PlaceOfBirth, get(bp, "city").(string)) || get(bp, "country", "code") != "KZ" {
		t.Errorf("birthPlace %v, identity card placeOfBirth %q", bp, id.PlaceOfBirth)
	}
	ra := get(p, "regAddress")
	for _, part := range []any{get(ra, "city"), get(ra, "street"), "Д. " + get(ra, "building").(string), "КВ. " + get(ra, "flat").(string)} {
		if s, _ := part.(string); s == "" || !strings.Contains(id.Address, s) {
			t.Errorf("regAddress %v: %v is not in the identity card's address %q", ra, part, id.Address)
		}
	}
	if b, _ := get(ra, "beginDate").(string); len(b) != 10 || b < person.BirthDate || get(ra, "status", "code") == nil {
		t.Errorf("regAddress beginDate/status: %v", ra)
	}
	doc := get(p, "documents", 0)
	if get(doc, "number") != card.Number || get(doc, "beginDate") != card.IssuedDate || get(doc, "endDate") != card.ExpirationDate {
		t.Errorf("GBDFL identity document %v, E-Document %s %s %s", doc, card.Number, card.IssuedDate, card.ExpirationDate)
	}

	w := get(h.ok("gbdflUniversalServiceSync", map[string]any{"senderCode": "TEST_SENDER", "iin": wife}), "persons", 0)
	if get(w, "gender", "code") != "2" || get(w, "gender", "nameKz") != "Әйел" {
		t.Errorf("wife's gender %v", get(w, "gender"))
	}
}
