package scenarios

import (
	_ "embed"
)

// Schema is the JSON Schema (draft 2020-12) of the scenario format, for editors (the bundled
// files name it in their first line) and for /__admin/scenario.schema.json. The loader remains the
// judge: it checks what a schema cannot (IIN check digits, family links, what the files carry). A
// test keeps its enums equal to the Go tables and its keys to the Go types.
//
//go:embed scenario.schema.json
var Schema []byte

// SchemaURL is the schema's $id.
const SchemaURL = "https://raw.githubusercontent.com/egovsim/egovsim/main/scenarios/scenario.schema.json"
