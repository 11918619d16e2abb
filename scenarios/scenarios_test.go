package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBundledLoad(t *testing.T) {
	infos := Bundled()
	if len(infos) < 3 || infos[0].Name != "default" {
		t.Fatalf("bundled = %+v, want default first and at least 3", infos)
	}
	for _, n := range bundledNames() {
		if _, err := LoadBundled(n); err != nil {
			t.Errorf("bundled %s: %v", n, err)
		}
	}
}

func TestDefaultCatalogue(t *testing.T) {
	s := Default()
	if len(s.Edoc.Clients) != 5 {
		t.Fatalf("clients = %d", len(s.Edoc.Clients))
	}
	for _, c := range s.Edoc.Clients {
		if len(c.APIKey) < 47 {
			t.Errorf("key %s shorter than the documented 47", c.APIKey)
		}
	}
	byIIN := map[string]*Citizen{}
	for i := range s.Citizens {
		byIIN[s.Citizens[i].IIN] = &s.Citizens[i]
	}
	happy := byIIN["900101300017"]
	if happy == nil || len(happy.Documents) != 24 || happy.Phone != "77010000001" {
		t.Fatalf("happy citizen: %+v", happy)
	}
	if happy.Documents["identity_card"]["number"] != "041234567" {
		t.Errorf("identity card number override lost: %v", happy.Documents["identity_card"])
	}
	wife := byIIN["850515400012"]
	if wife.Spouse != "900101300017" || wife.MarriageDate != "2013-08-17" {
		t.Errorf("spouse link not completed both ways: %q %q", wife.Spouse, wife.MarriageDate)
	}
	if byIIN["900101300027"].Phone != "" || byIIN["900101300037"].HasProfile() {
		t.Error("CMDB / profile rows")
	}
	if s.OTP.TTL.Duration != 5*time.Minute || s.OTP.MaxAttempts != 3 || s.Payments.SettleAfter.Duration != time.Minute {
		t.Errorf("defaults: %+v %+v", s.OTP, s.Payments)
	}
	schools := 0
	for _, sc := range s.Schools {
		if sc.LocationCode == "750000000" {
			schools++
		}
	}
	if schools < 3 {
		t.Errorf("location 750000000 has %d schools, want >= 3", schools)
	}
	if len(s.Faults) != 8 || s.Faults[2].Delay.Max != time.Second {
		t.Errorf("faults: %+v", s.Faults)
	}
}

func TestRefusals(t *testing.T) {
	base := "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B}\n"
	cases := []struct {
		name, yaml string
		line       int
		want       string
	}{
		{"unknown top key", base + "colour: red\n", 4, `unknown key "colour"`},
		{"unknown nested key", "name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n    nickname: C\n", 6, `unknown key "nickname"`},
		{"bad iin", "name: t\ncitizens:\n  - {iin: \"900101300018\", surname: A, name: B}\n", 3, "not a valid IIN"},
		{"birth date contradicts", "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, birth_date: 1991-01-01}\n", 3, "contradicts IIN"},
		{"gender contradicts", "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, gender: female}\n", 3, "contradicts IIN"},
		{"unknown doc type", "name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n    documents: {id_card: {}}\n", 6, `unknown document type "id_card"`},
		{"bad phone", "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, phone: \"+1555\"}\n", 3, "not a Kazakhstan mobile"},
		{"missing name", "citizens: []\n", 0, "name is required"},
		{"missing citizens", "name: t\n", 1, "citizens is required"},
		{"bad duration", base + "otp: {ttl: five}\n", 4, "not a positive duration"},
		{"bad delay range", base + "faults:\n  - {when: {service: edoc}, delay: 2s..1s}\n", 5, "min is larger"},
		{"unknown error", base + "faults:\n  - {when: {service: edoc}, error: teapot}\n", 5, `unknown E-Document error "teapot"`},
		{"gateway error on edoc", base + "faults:\n  - {when: {service: egov}, error: cant_connect}\n", 5, `unknown gateway error`},
		{"unknown operation", base + "faults:\n  - {when: {service: egov, operation: gbdfl}, error: service_unavailable}\n", 5, `unknown gateway operation "gbdfl"`},
		{"two actions", base + "faults:\n  - {when: {service: edoc}, error: cant_connect, status: 503}\n", 5, "not several"},
		{"no action", base + "faults:\n  - {when: {service: edoc}}\n", 5, "needs error, soap_fault, status, transport or delay"},
		{"bad transport", base + "faults:\n  - {when: {service: edoc}, transport: explode}\n", 5, `transport "explode"`},
		{"unknown soap_fault", base + "faults:\n  - {when: {service: egov}, soap_fault: SCE005x}\n", 5, `unknown SyncChannel fault code "SCE005x" (did you mean "SCE005"?)`},
		{"soap_fault on edoc", base + "faults:\n  - {when: {service: edoc}, soap_fault: SCE001}\n", 5, "soap_fault is a gateway (egov) fault"},
		{"soap_fault and error", base + "faults:\n  - {when: {service: egov}, soap_fault: SCE909, error: service_unavailable}\n", 5, "one of error, soap_fault, status or transport, not several"},
		{"bad probability", base + "faults:\n  - {when: {service: edoc}, error: cant_connect, probability: 2}\n", 5, "probability"},
		{"bad service", base + "faults:\n  - {when: {service: mail}, error: cant_connect}\n", 5, `service "mail"`},
		{"spouse not a citizen", "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, spouse: \"850515400012\"}\n", 3, "not a citizen"},
		{"bad BIN", base + "entities:\n  - {bin: \"150140000013\", name: X}\n", 5, "not a valid BIN"},
		{"wrong type", base + "otp: {length: six}\n", 4, "wrong type"},
		{"bad subscription", base + "edoc:\n  clients:\n    - {api_key: k, subscription: gold}\n", 6, `subscription "gold"`},
		{"fixed otp length", base + "otp: {length: 6, fixed: \"12345\"}\n", 4, "must be 6 digits"},
		{"duplicate iin", base + "  - {iin: \"900101300017\", surname: C, name: D}\n", 4, "appears twice"},
		{"not yaml", "name: [unclosed\n", 1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(c.yaml))
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("want *Error, got %v", err)
			}
			for _, p := range se.Problems {
				if strings.Contains(p.Message, c.want) && (c.line == 0 || p.Line == c.line) {
					if !strings.HasPrefix(se.Error(), "t.yaml") {
						t.Errorf("message lacks the file: %s", se.Error())
					}
					return
				}
			}
			t.Errorf("want %q at line %d, got %s", c.want, c.line, se.Error())
		})
	}
}

func TestLoadFileAndName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(p, []byte("name: mine\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, phone: \"87010000001\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(p)
	if err != nil || s.Name != "mine" || s.Citizens[0].Phone != "77010000001" || len(s.Edoc.Clients) != 5 || s.Egov != DefaultEgov {
		t.Fatalf("Load(file) = %+v, %v", s, err)
	}
	if _, err := Load("flaky"); err != nil {
		t.Fatal(err)
	}
	if _, err := Load("nope"); err == nil || !strings.Contains(err.Error(), "bundled: ") {
		t.Fatalf("unknown name: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Fatal("missing file must fail")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Default().Source)
	f.Add([]byte("name: t\ncitizens: []\nfaults:\n  - {when: {service: edoc}, delay: 1s..2s}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err == nil && (s.Name == "" || s.OTP.Length == 0) {
			t.Fatalf("accepted an invalid scenario: %+v", s)
		}
	})
}

func TestDocumentFields(t *testing.T) {
	s, err := Parse("t.yaml", []byte("name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n    documents: {passport: {number: \"N1\", issued_date: 2020-01-02, category: x}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Citizens[0].Documents["passport"]["issued_date"]; got != "2020-01-02" {
		t.Errorf("issued_date = %#v", got)
	}
	for _, bad := range []string{`{number: ""}`, `{number: 123}`, `{issued_date: soon}`} {
		if _, err := Parse("t.yaml", []byte("name: t\ncitizens:\n  - iin: \"900101300017\"\n    surname: A\n    name: B\n    documents: {passport: "+bad+"}\n")); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func writeFile(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}
