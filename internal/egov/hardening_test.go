package egov

import (
	"strings"
	"testing"

	"github.com/egovsim/egovsim/scenarios"
)

// Every stored string is bounded: a 1 MiB serviceId is refused with a 400 that names the parameter
// and the limit, so payments cannot grow the process by the megabyte.
func TestLongParametersRefused(t *testing.T) {
	h := newHarness(t, scenarios.Default())
	long := strings.Repeat("S", MaxParam+1)
	h.refused("initPaymentRequest", map[string]any{"amount": 10, "serviceId": long, "iinOrBin": happy}, nil, 400, "VALIDATION_ERROR", "serviceId: must be at most 512 bytes")
	h.ok("initPaymentRequest", map[string]any{"amount": 10, "serviceId": long[:MaxParam], "iinOrBin": happy})
}
