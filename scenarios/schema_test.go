package scenarios

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/document"
	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/internal/upstream"
)

type schemaNode struct {
	Enum       []string              `json:"enum"`
	Properties map[string]schemaNode `json:"properties"`
}

func schemaDefs(t *testing.T) map[string]schemaNode {
	t.Helper()
	var s struct {
		Defs map[string]schemaNode `json:"$defs"`
		schemaNode
	}
	if err := json.Unmarshal(Schema, &s); err != nil {
		t.Fatal(err)
	}
	s.Defs["scenario"] = s.schemaNode
	return s.Defs
}

// The schema spells the Go tables again; this keeps them equal.
func TestSchemaEnumsAreTheGoTables(t *testing.T) {
	defs := schemaDefs(t)
	for def, want := range map[string][]string{
		"edocError":     EdocErrorNames(),
		"egovError":     EgovErrorNames(),
		"documentType":  document.Slugs(),
		"edocOperation": {upstream.EdocRequest, upstream.EdocApprove},
		"egovOperation": upstream.EgovOperations,
		"service":       Services,
		"subscription":  Subscriptions,
		"transport":     Transports,
		"dates":         DateForms(),
		"cmdbText":      CMDBTexts,
		"gender":        {string(kz.Male), string(kz.Female)},
		"taxKind":       UpcomingTaxKinds,
		"outcome":       PaymentOutcomes,
	} {
		if got := defs[def].Enum; !reflect.DeepEqual(got, want) {
			t.Errorf("schema $defs.%s.enum = %v, want the Go table %v", def, got, want)
		}
	}
}

// Every key of every scenario type is in the schema, and nothing else.
func TestSchemaKeysAreTheGoTypes(t *testing.T) {
	defs := schemaDefs(t)
	for def, typ := range map[string]any{
		"scenario": Scenario{}, "otp": OTP{}, "edoc": Edoc{}, "client": Client{}, "dialect": Dialect{}, "egov": Egov{},
		"citizen": Citizen{}, "divorce": Divorce{}, "property": Property{}, "debt": Debt{}, "upcomingTax": UpcomingTax{},
		"enrolment": Enrolment{}, "entity": Entity{}, "school": School{}, "payments": Payments{}, "population": Generate{},
		"limits": Limits{}, "fault": Fault{}, "when": When{}, "latency": Latency{},
	} {
		want := append([]string(nil), keysOf(reflect.TypeOf(typ).String())...)
		var got []string
		for k := range defs[def].Properties {
			got = append(got, k)
		}
		sort.Strings(want)
		sort.Strings(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("schema %s keys = %v, want the Go type's %v", def, got, want)
		}
	}
}

const schemaLine = "# yaml-language-server: $schema=scenario.schema.json\n"

func TestBundledMatchTheSchema(t *testing.T) {
	entries, _ := fs.ReadDir(bundled, ".")
	for _, e := range entries {
		data, _ := fs.ReadFile(bundled, e.Name())
		if !strings.HasPrefix(string(data), schemaLine) {
			t.Errorf("%s does not start with %q", e.Name(), schemaLine)
		}
		if err := ValidateSchema(data); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
	}
}

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
		"long description":      base + "description: " + strings.Repeat("x", MaxString+1) + "\n",
	} {
		if _, err := Parse("t.yaml", []byte(y)); err == nil {
			t.Errorf("%s: the loader accepts it; the case is wrong", name)
		}
		if err := ValidateSchema([]byte(y)); err == nil {
			t.Errorf("%s: the schema accepts what the loader refuses:\n%s", name, y)
		}
	}
	if err := ValidateSchema([]byte(base + "latency: {edoc: 50ms..400ms, operations: {request: 5ms, citsDebts: 1s}}\nedoc: {dialect: {dates: iso, cmdb_text: MCDB}}\n")); err != nil {
		t.Errorf("a good scenario: %v", err)
	}
}
