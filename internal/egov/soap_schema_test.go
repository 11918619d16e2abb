package egov

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/contracts"
	"github.com/egovsim/egovsim/internal/soap"
)

var update = flag.Bool("update", false, "write the generated SyncChannel payload schemas into contracts/")

// payloadSchema is the XML Schema of the payloads of namespace ns, generated from the serviceId
// table: each request's parameters, each answer's Go type (the one definition of its fields).
func payloadSchema(ns string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString("<!-- Generated from the operations' Go answer types by internal/egov: go test ./internal/egov -run TestSyncChannelSchemas -update. Do not edit. -->\n")
	b.WriteString(`<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="` + ns + `" elementFormDefault="unqualified">` + "\n")
	for _, s := range syncServices {
		if s.ns != ns {
			continue
		}
		b.WriteString("  <!-- " + s.id + ": " + s.op + " -->\n")
		soap.SchemaRequest(&b, s.req, s.params)
		var extra []string
		if s.messageResult {
			extra = append(extra, gbdflResultSchema)
		}
		soap.SchemaAnswer(&b, s.resp, s.answer, extra...)
	}
	b.WriteString("</xs:schema>\n")
	return b.String()
}

// The payload schemas in contracts/ are the ones the Go types give.
func TestSyncChannelSchemas(t *testing.T) {
	for name, ns := range map[string]string{contracts.SyncChannelGBDFL: GBDFLNS, contracts.SyncChannelPayload: PayloadNS} {
		want := payloadSchema(ns)
		path := filepath.Join("..", "..", "contracts", name)
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := contracts.SyncChannel(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("contracts/%s is not what the Go types give: go test ./internal/egov -run TestSyncChannelSchemas -update", name)
		}
	}
}
