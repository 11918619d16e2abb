// Package schemacheck validates a scenario's YAML against the scenario format's JSON Schema
// (scenarios.Schema), as an editor would. It is a package of its own so that the simulators, which
// only serve the schema, do not link the JSON Schema library (its initialisation alone costs about
// 12 ms of start-up).
package schemacheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/egovsim/egovsim/scenarios"
)

var compiled struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

func compiledSchema() (*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(scenarios.Schema))
		if err != nil {
			compiled.err = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource(scenarios.SchemaURL, doc); err != nil {
			compiled.err = err
			return
		}
		compiled.schema, compiled.err = c.Compile(scenarios.SchemaURL)
	})
	return compiled.schema, compiled.err
}

// Validate checks a scenario's YAML against Schema, as an editor would: the YAML read as
// JSON (a value JSON cannot carry, such as .nan or a non-string key, is an error too).
func Validate(data []byte) error {
	sch, err := compiledSchema()
	if err != nil {
		return fmt.Errorf("scenario schema: %w", err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return err
	}
	v, err = jsonValue(v, "")
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// jsonValue is a decoded YAML value as JSON sees it: string keys, dates as YYYY-MM-DD.
func jsonValue(v any, at string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			y, err := jsonValue(x, at+"/"+k)
			if err != nil {
				return nil, err
			}
			v[k] = y
		}
		return v, nil
	case map[any]any:
		for k := range v {
			return nil, fmt.Errorf("%s: key %v is not a string", at, k)
		}
		return map[string]any{}, nil
	case []any:
		for i, x := range v {
			y, err := jsonValue(x, fmt.Sprintf("%s/%d", at, i))
			if err != nil {
				return nil, err
			}
			v[i] = y
		}
		return v, nil
	case time.Time:
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format(time.DateOnly), nil
		}
		return v.Format(time.RFC3339Nano), nil
	}
	return v, nil
}
