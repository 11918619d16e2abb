package population

import (
	"github.com/egovsim/egovsim/internal/document"
	"testing"

	"github.com/egovsim/egovsim/scenarios"
)

func TestDefaultPopulation(t *testing.T) {
	p, err := Build(scenarios.Default())
	if err != nil {
		t.Fatal(err)
	}
	happy, ok := p.Person("900101300017")
	if !ok || happy.FullName() != "ИВАНОВ ИВАН ИВАНОВИЧ" || happy.BirthDate != "1990-01-01" || happy.Gender != "male" {
		t.Fatalf("happy citizen: %+v", happy)
	}
	if len(happy.DocumentSlugs()) != 24 {
		t.Errorf("happy citizen holds %d types, want 24", len(happy.DocumentSlugs()))
	}
	if d := happy.Document("identity_card"); d == nil || d.Number != "041234567" || d.Holder.Surname != "ИВАНОВ" {
		t.Errorf("identity card: %+v", d)
	}
	if got, ok := p.ByDocument("041234567"); !ok || got != happy {
		t.Error("ByDocument does not find the identity card")
	}
	wife, _ := p.Person("850515400012")
	child, _ := p.Person("150609600010")
	if happy.Spouse != wife || wife.Spouse != happy {
		t.Error("marriage not linked both ways")
	}
	if len(happy.Children) != 1 || happy.Children[0] != child || len(wife.Children) != 1 || len(child.Parents) != 2 {
		t.Errorf("children links: %d %d %d", len(happy.Children), len(wife.Children), len(child.Parents))
	}
	if wife.Holds("passport") || !wife.Holds("driver_license") || len(wife.Debts) != 1 {
		t.Error("wife's documents or debts")
	}
	if child.School == nil || child.School.School.BIN != "081240003127" {
		t.Error("child's school")
	}
	if len(p.SchoolsAt("750000000")) < 3 {
		t.Error("schools at 750000000")
	}
	if got := p.ByName("иванов", "иван", "", "1990-01-01"); len(got) != 1 || got[0] != happy {
		t.Errorf("ByName = %v", got)
	}
	if _, ok := p.Entity("150140000012"); !ok {
		t.Error("entity")
	}
	if d := happy.Document("passport"); d == nil || d.Number != happy.DocumentNumber("passport") {
		t.Error("DocumentNumber disagrees with Document")
	}
}

func TestDocumentsNameTheRealFamily(t *testing.T) {
	p, err := Build(scenarios.Default())
	if err != nil {
		t.Fatal(err)
	}
	happy, _ := p.Person("900101300017")
	m := happy.Document("marriage_certificate")
	mc := m.Domain.(*document.MarriageCertificate)
	if mc.Spouse.IIN != "850515400012" || mc.Spouse.FullName != "ИВАНОВА АЙГУЛЬ НУРЛАНОВНА" || m.IssuedDate != "2013-08-17" || mc.MarriageDate.String() != "2013-08-17" {
		t.Errorf("marriage certificate: %+v %v", mc, m.IssuedDate)
	}
	wife, _ := p.Person("850515400012")
	w := wife.Document("marriage_certificate")
	wc := w.Domain.(*document.MarriageCertificate)
	if wc.Spouse.IIN != "900101300017" {
		t.Errorf("wife's certificate: %+v", wc)
	}
	if wc.ActNumber != mc.ActNumber || wc.Zags != mc.Zags || wc.ActNumber == "" {
		t.Errorf("spouses' certificates name different act records: %v / %v", wc.ActNumber, mc.ActNumber)
	}
	child, _ := p.Person("150609600010")
	b := child.Document("birth_certificate").Domain.(*document.BirthCertificate)
	if b.Father.IIN != "900101300017" || b.Mother.IIN != "850515400012" || b.Father.FullName != "ИВАНОВ ИВАН ИВАНОВИЧ" {
		t.Errorf("birth certificate: %+v", b)
	}
	ex, _ := p.Person("920304300014")
	d := ex.Document("divorce_certificate")
	if d.Domain.(*document.DivorceCertificate).Spouse.IIN != "880712400019" || d.IssuedDate != "2020-11-03" {
		t.Errorf("divorce certificate: %+v %v", d.Domain, d.IssuedDate)
	}
}
