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
		"soapFault":     SOAPFaultCodes(),
		"documentType":  document.Slugs(),
		"edocOperation": edocOperations,
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
	// The one enum written inline rather than as a $def.
	if got := defs["egov"].Properties["soap_fault_status"].Enum; !reflect.DeepEqual(got, SOAPFaultStatuses) {
		t.Errorf("schema egov.soap_fault_status enum = %v, want the Go table %v", got, SOAPFaultStatuses)
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

// Every bundled scenario names the schema on its first line, so editors complete and check it.
func TestBundledNameTheSchema(t *testing.T) {
	entries, _ := fs.ReadDir(bundled, ".")
	for _, e := range entries {
		data, _ := fs.ReadFile(bundled, e.Name())
		if !strings.HasPrefix(string(data), schemaLine) {
			t.Errorf("%s does not start with %q", e.Name(), schemaLine)
		}
	}
}
