package document

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/facts"
	"github.com/egovsim/egovsim/internal/kz"
)

// Profile is what is true of a person whatever document is asked for: where they were born and
// live and their nationality. It is drawn from the IIN alone, so every document of one citizen,
// and the gateway's GBDFL record of them, tell the same story.
type Profile struct {
	Born          time.Time
	BirthRegion   *facts.Region
	BirthDistrict facts.Dict
	Nationality   facts.Nationality
	Address       Address
}

// Address is a registration address.
type Address struct {
	Region   *facts.Region
	District facts.Dict
	Street   string // upper-case, "УЛ. АБАЯ"
	Building string
	Flat     string
	Since    Date // registered there since
}

// String is the address as documents print it: "Г. АЛМАТЫ, УЛ. АБАЯ, Д. 12, КВ. 34".
func (a Address) String() string {
	return a.Region.Place() + ", " + a.Street + ", Д. " + a.Building + ", КВ. " + a.Flat
}

// PlaceOfBirth is the place of birth as documents print it.
func (p Profile) PlaceOfBirth() string { return p.BirthRegion.Place() }

// NationalityText is the nationality as the holder's documents print it (a woman's form for her).
func (p Profile) NationalityText(g kz.Gender) string {
	if g == kz.Female {
		return p.Nationality.Female
	}
	return p.Nationality.NameRu
}

// ProfileOf draws the holder's profile.
func ProfileOf(h Holder) Profile {
	r := facts.Seed(h.IIN, "person")
	born := h.born()
	reg := &facts.Regions[r.IntN(len(facts.Regions))]
	p := Profile{
		Born:          born,
		BirthRegion:   reg,
		BirthDistrict: facts.Pick(r, reg.Districts),
		Nationality:   facts.Pick(r, facts.Nationalities),
	}
	since := born
	if adult := born.AddDate(18, 0, 0); adult.Before(facts.Today) {
		since = adult
	}
	p.Address = Address{
		Region:   reg,
		District: facts.Pick(r, reg.Districts),
		Street:   strings.ToUpper(facts.Pick(r, facts.Streets)),
		Building: strconv.Itoa(1 + r.IntN(150)),
		Flat:     strconv.Itoa(1 + r.IntN(200)),
		Since:    DateOf(facts.Between(r, since, facts.Today.AddDate(0, 0, -1))),
	}
	return p
}

// ParentsOf names the parents of someone the population gives none, as their birth certificate
// does: the father carries the male form of the holder's surname and the name the holder's
// patronymic comes from; the mother the female form of his surname. Drawn from the IIN alone.
func ParentsOf(h Holder) (father, mother Relative) {
	r := facts.Seed(h.IIN, "parents")
	born := h.born()
	e := facts.EthnicityOf(h.Name)
	name := facts.FatherName(h.Patronymic)
	if name == "" {
		name = facts.Pick(r, e.Male).Name
	}
	surname := facts.SurnameForm(h.Surname, kz.Male)
	grandfather := facts.Pick(r, facts.EthnicityOf(name).Male)
	father = Relative{
		IIN:      iinFor(facts.Between(r, born.AddDate(-38, 0, 0), born.AddDate(-21, 0, 0)), kz.Male, r),
		FullName: surname + " " + name + " " + grandfather.Patronymic(kz.Male, false),
	}
	mother = Relative{
		IIN:      iinFor(facts.Between(r, born.AddDate(-34, 0, 0), born.AddDate(-19, 0, 0)), kz.Female, r),
		FullName: facts.SurnameForm(surname, kz.Female) + " " + e.Given(r, kz.Female) + " " + facts.Pick(r, e.Male).Patronymic(kz.Female, false),
	}
	return father, mother
}

// iinFor makes a valid IIN for someone the document names (a parent, a spouse, a child).
func iinFor(born time.Time, g kz.Gender, r *rand.Rand) string {
	iin, err := kz.GenerateIIN(born, g, r.IntN(10000))
	if err != nil { // only for a birth year outside 1800–2099, which a generated date never has
		return ""
	}
	return iin
}

// randomName is someone the document names who is no one else in the world (a notary).
func randomName(r *rand.Rand, g kz.Gender) string { return facts.AnyEthnicity(r).FullName(r, g) }

func genderCode(g kz.Gender) string {
	if g == kz.Female {
		return "F"
	}
	return "M"
}

func otherGender(g kz.Gender) kz.Gender {
	if g == kz.Female {
		return kz.Male
	}
	return kz.Female
}

func anyGender(r *rand.Rand) kz.Gender {
	if r.IntN(2) == 0 {
		return kz.Male
	}
	return kz.Female
}
