package serve

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/shell"
)

func TestCoverageOutWrittenOnStop(t *testing.T) {
	out := filepath.Join(t.TempDir(), "coverage.json")
	addr, _, stop := start(t, []string{"-addr", "127.0.0.1:0", "-coverage-out", out}, env("EGOVSIM_REASON_HEADER", "false"))
	body := `{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300027","phone":"+77010000002"}`
	resp, err := http.Post("http://"+addr+"/api/v1/backend/e-document/online-access/request/identity_card/", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || resp.Header.Get(shell.ReasonHeader) != "" {
		t.Errorf("EGOVSIM_REASON_HEADER=false: %d %q", resp.StatusCode, resp.Header.Get(shell.ReasonHeader))
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("the report was written before the process stopped")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r coverage.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Simulator != "edoc" || r.Covered != 1 || r.Total < 20 || r.Outcomes[0].Name != "subject_not_in_cmdb" || r.Outcomes[0].Hits != 1 {
		t.Errorf("report: %+v", r)
	}
}
