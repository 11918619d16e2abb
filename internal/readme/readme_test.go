// Package readme tests that the README's walk-through works as pasted: the block after the
// "<!-- walk-through -->" marker runs under sh against a fresh build, on a free port.
package readme

import (
	"github.com/egovsim/egovsim/scenarios/schemacheck"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestWalkThroughRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds mock-edoc and runs the README's walk-through")
	}
	for _, tool := range []string{"sh", "curl", "sed", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the walk-through needs %s", tool)
		}
	}
	root, _ := filepath.Abs("../..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- walk-through -->\n```sh\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no walk-through block after <!-- walk-through -->")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	block := strings.Replace(string(m[1]), "A=127.0.0.1:8081", "A="+addr, 1)
	if block == string(m[1]) {
		t.Fatal("the walk-through no longer starts with A=127.0.0.1:8081")
	}
	cmd := exec.Command("sh", "-eu", "-c", block)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	done := make(chan struct{})
	var out []byte
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("the walk-through hung")
	}
	if err != nil {
		t.Fatalf("walk-through failed: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{
		`"document_type":"identity_card","result_json":{"common":`,
		`{"detail":"EDocument for this session has already been received"}`,
		"{\"detail\":\"Can`t connect to e-document service\"}",
		`"offset":"6m0s"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("walk-through output lacks %s:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`session [0-9a-f-]{36}\ncode [0-9]{6}\n`).MatchString(text) {
		t.Errorf("no session id and code captured:\n%s", text)
	}
}

// Every scenario example in the README names the schema and validates against it, so editors
// complete it and what a reader copies is a well-formed scenario.
func TestScenarioExamplesMatchTheSchema(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("the README has no yaml example")
	}
	for i, b := range blocks {
		if !strings.HasPrefix(string(b[1]), "# yaml-language-server: $schema=") {
			t.Errorf("yaml block %d does not name the schema on its first line", i+1)
		}
		if err := schemacheck.Validate(b[1]); err != nil {
			t.Errorf("yaml block %d: %v", i+1, err)
		}
	}
}
