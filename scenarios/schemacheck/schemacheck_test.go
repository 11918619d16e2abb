package schemacheck

import (
	"strings"
	"testing"

	"github.com/egovsim/egovsim/scenarios"
)

func TestBundledMatchTheSchema(t *testing.T) {
	for _, info := range scenarios.Bundled() {
		s, err := scenarios.LoadBundled(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(s.Source); err != nil {
			t.Errorf("%s: %v", info.Name, err)
		}
	}
}

// Wrong scenarios that the loader refuses, the schema refuses too (so an editor flags them).
// Wrong scenarios that the loader refuses, the schema refuses too (so an editor flags them).
func TestSchemaRefusesWhatTheLoaderRefuses(t *testing.T) {
	base := "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B}\n"
	for name, y := range map[string]string{
		"unknown top key":       base + "colour: red\n",
		"misspelt citizens":     "name: t\ncitizns: []\n",
		"unknown nested key":    "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, nickname: C}\n",
		"missing name":          "citizens: []\n",
		"gender M":              "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, gender: M}\n",
		"unknown doc type":      "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, documents: {id_card: {}}}\n",
		"cyrillic number":       "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, documents: {passport: {number: \"АБ1234567\"}}}\n",
		"nan arrears":           "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, tax_arrears: .nan}\n",
		"int key in document":   "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, documents: {passport: {x: {1: a}}}}\n",
		"bad duration":          base + "otp: {ttl: five}\n",
		"bad delay":             base + "faults:\n  - {when: {service: edoc}, delay: soon}\n",
		"unknown error":         base + "faults:\n  - {when: {service: edoc}, error: teapot}\n",
		"gateway error on edoc": base + "faults:\n  - {when: {service: edoc}, error: upstream_error}\n",
		"edoc error on egov":    base + "faults:\n  - {when: {service: egov}, error: cant_connect}\n",
		"unknown operation":     base + "faults:\n  - {when: {service: egov, operation: gbdfl}, error: service_unavailable}\n",
		"edoc op on egov":       base + "faults:\n  - {when: {service: egov, operation: request}, error: service_unavailable}\n",
		"two actions":           base + "faults:\n  - {when: {service: edoc}, error: cant_connect, status: 503}\n",
		"no action":             base + "faults:\n  - {when: {service: edoc}}\n",
		"body without status":   base + "faults:\n  - {when: {service: edoc}, transport: reset, body: {}}\n",
		"bad transport":         base + "faults:\n  - {when: {service: edoc}, transport: explode}\n",
		"bad probability":       base + "faults:\n  - {when: {service: edoc}, error: cant_connect, probability: 2}\n",
		"bad service":           base + "faults:\n  - {when: {service: mail}, error: cant_connect}\n",
		"bad subscription":      base + "edoc:\n  clients:\n    - {api_key: k, subscription: gold}\n",
		"bad dialect":           base + "edoc: {dialect: {dates: epoch_sec}}\n",
		"bad cmdb text":         base + "edoc: {dialect: {cmdb_text: cmdb}}\n",
		"latency operation":     base + "latency: {operations: {aprove: 1s}}\n",
		"latency value":         base + "latency: {edoc: soon}\n",
		"bad outcome":           base + "payments: {outcome: maybe}\n",
		"bad tax kind":          "name: t\ncitizens:\n  - {iin: \"900101300017\", surname: A, name: B, upcoming_taxes: [{kind: dog, amount: 1}]}\n",
		"long description":      base + "description: " + strings.Repeat("x", scenarios.MaxString+1) + "\n",
	} {
		if _, err := scenarios.Parse("t.yaml", []byte(y)); err == nil {
			t.Errorf("%s: the loader accepts it; the case is wrong", name)
		}
		if err := Validate([]byte(y)); err == nil {
			t.Errorf("%s: the schema accepts what the loader refuses:\n%s", name, y)
		}
	}
	if err := Validate([]byte(base + "latency: {edoc: 50ms..400ms, operations: {request: 5ms, citsDebts: 1s}}\nedoc: {dialect: {dates: iso, cmdb_text: MCDB}}\n")); err != nil {
		t.Errorf("a good scenario: %v", err)
	}
}
