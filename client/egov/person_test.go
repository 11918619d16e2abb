package egov_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/egovsim/egovsim/client/egov"
)

const fullPerson = `{"success":true,"responseInfo":{"messageId":"m","correlationId":"req-123","responseDate":"2024-03-15T10:30:00.000Z","status":{"code":"SCSS001","message":"Success"}},
"persons":[{"iin":"900101300017","surname":"ИВАНОВ","name":"ИВАН","patronymic":"ИВАНОВИЧ","birthDate":"1990-01-01",
"gender":{"code":"1","nameRu":"Мужской","nameKz":"Ер"},"citizenship":{"code":"KZ","nameRu":"Республика Казахстан","nameKz":"Қазақстан Республикасы"},
"nationality":{"code":"005","nameRu":"Казах","nameKz":"Қазақ"},"lifeStatus":{"code":"0","nameRu":"Нормальный","nameKz":"Қалыпты"},
"birthPlace":{"country":{"code":"398","nameRu":"Казахстан","nameKz":"Қазақстан"},"region":{"code":"1975","nameRu":"Алматы","nameKz":"Алматы"},"district":{"code":"1975007","nameRu":"Медеуский район","nameKz":"Медеу ауданы"},"city":"Алматы"},
"regAddress":{"country":{"code":"398","nameRu":"Казахстан","nameKz":"Қазақстан"},"region":{"code":"1975","nameRu":"Алматы","nameKz":"Алматы"},"district":{"code":"1975007","nameRu":"Медеуский район","nameKz":"Медеу ауданы"},
"city":"Алматы","street":"улица Абая","building":"10","flat":null,"beginDate":"2012-05-14","status":{"code":"1","nameRu":"Постоянная","nameKz":"Тұрақты"}},
"engFirstName":"IVAN","engSurname":"IVANOV",
"documents":[{"type":{"code":"002","nameRu":"УДОСТОВЕРЕНИЕ РК","nameKz":"ҚР ЖЕКЕ КУӘЛІГІ"},"number":"041234567","beginDate":"2016-03-14","endDate":"2026-03-13",
"issueOrganization":{"code":"002","nameRu":"МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РК","nameKz":"ҚР ІШКІ ІСТЕР МИНИСТРЛІГІ"},"status":{"code":"00","nameRu":"ДОКУМЕНТ ДЕЙСТВИТЕЛЕН","nameKz":"ҚҰЖАТ ЖАРАМДЫ"}}]}]}`

func TestPersonFields(t *testing.T) {
	var last http.Request
	c := client(t, fake(t, 200, fullPerson, &last), nil)
	ps, err := c.GBDFL(egov.WithMessageID(context.Background(), "req-123"), egov.PersonQuery{IIN: "900101300017"})
	if err != nil {
		t.Fatal(err)
	}
	p := ps.Persons[0]
	if p.Gender.NameKz != "Ер" || p.Nationality.Code != "005" || p.LifeStatus.Code != egov.LifeStatusNormal || p.EngFirstName != "IVAN" || p.EngSurname != "IVANOV" {
		t.Errorf("person: %+v", p)
	}
	if p.BirthPlace.Country.Code != "398" || p.BirthPlace.District.NameKz != "Медеу ауданы" || p.BirthPlace.City != "Алматы" {
		t.Errorf("birthPlace: %+v", p.BirthPlace)
	}
	a := p.RegAddress
	if a.Street != "улица Абая" || a.Building != "10" || a.Flat != "" || a.BeginDate != "2012-05-14" || a.Status.NameRu != "Постоянная" || a.Region.Code != "1975" {
		t.Errorf("regAddress: %+v", a)
	}
	d := p.Documents[0]
	if d.Type.Code != egov.DocIdentityCard || d.Type.NameRu != "УДОСТОВЕРЕНИЕ РК" || d.IssueOrganization.Code != "002" ||
		d.IssueOrganization.NameRu != "МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РК" || d.Status.Code != egov.DocStatusValid || d.Status.NameKz == "" {
		t.Errorf("document: %+v", d)
	}
	// The messageId went out as given, not replaced by a UUID.
	var body map[string]any
	if err := json.NewDecoder(last.Body).Decode(&body); err != nil || body["messageId"] != "req-123" {
		t.Errorf("messageId sent: %v %v", body["messageId"], err)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	_, err := client(t, fake(t, 405, `{"message":"Method GET not allowed: operations are called with POST","code":"METHOD_NOT_ALLOWED","operation":"citsDebts"}`, nil), nil).
		CitsDebts(context.Background(), "900101300017")
	var ae *egov.APIError
	if !errors.Is(err, egov.ErrMethodNotAllowed) || !errors.As(err, &ae) || ae.StatusCode != 405 || errors.Is(err, egov.ErrUnknownOperation) {
		t.Errorf("405: %v", err)
	}
	// A proxy's 405 page without the gateway's shape is classified by its status.
	_, err = client(t, fake(t, 405, `<html>405</html>`, nil), nil).Schools(context.Background(), "1")
	if !errors.Is(err, egov.ErrMethodNotAllowed) {
		t.Errorf("405 page: %v", err)
	}
}

// Against the simulator: any non-empty messageId is echoed, and a GBDFL person carries every field.
func TestSimulatorMessageIDAndPerson(t *testing.T) {
	_, url := simulator(t)
	c := client(t, url, nil)
	ps, err := c.GBDFL(egov.WithMessageID(context.Background(), "req-123"), egov.PersonQuery{IIN: "900101300017"})
	if err != nil {
		t.Fatal(err)
	}
	if ps.ResponseInfo.CorrelationID != "req-123" {
		t.Errorf("correlationId %q", ps.ResponseInfo.CorrelationID)
	}
	p := ps.Persons[0]
	if p.Gender.NameKz == "" || p.Citizenship.NameKz == "" || p.Nationality.Code == "" || p.LifeStatus.Code != egov.LifeStatusNormal ||
		p.BirthPlace.Country.Code == "" || p.RegAddress.Street == "" || p.RegAddress.BeginDate == "" || p.EngSurname == "" || p.EngFirstName == "" {
		t.Errorf("person: %+v", p)
	}
	for _, d := range p.Documents {
		if d.Type.NameKz == "" || d.IssueOrganization.Code != "002" || d.Status.Code != egov.DocStatusValid {
			t.Errorf("document: %+v", d)
		}
	}
	// A GET of an operation is the 405 sentinel.
	resp, err := http.Get(url + "/api/egov/" + egov.OpGBDFL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 405 || !json.Valid(b) {
		t.Errorf("GET: %d %s", resp.StatusCode, b)
	}
}
