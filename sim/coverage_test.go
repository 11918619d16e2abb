package sim_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/sim"
)

func TestCoverageAndReasonHeaderOption(t *testing.T) {
	for _, opts := range [][]sim.Option{nil, {sim.WithoutReasonHeader()}} {
		e, err := sim.NewEdoc(nil, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if c := e.Coverage(); c.Covered != 0 || c.Total != len(c.Outcomes) || len(c.Missing()) != c.Total {
			t.Fatalf("fresh: %+v", c)
		}
		req := httptest.NewRequest(http.MethodPost, "/api/v1/backend/e-document/online-access/request/identity_card/",
			strings.NewReader(`{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300027","phone":"+77010000002"}`))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Code != 404 {
			t.Fatalf("status %d", w.Code)
		}
		if got := w.Header().Get("X-Egovsim-Reason"); (got != "") == (opts != nil) {
			t.Errorf("options %v: X-Egovsim-Reason %q", opts, got)
		}
		c := e.Coverage()
		if c.Covered != 1 || slices.Contains(c.Missing(), "subject_not_in_cmdb") {
			t.Errorf("after one CMDB refusal: %d covered, missing %v", c.Covered, c.Missing())
		}
	}
}
