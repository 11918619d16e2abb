package document

import (
	"math/rand/v2"
	"time"
)

// domainFor generates the type-specific part of result_json.
func domainFor(t *Type, h Holder, issued time.Time, r *rand.Rand) map[string]any {
	return map[string]any{}
}
