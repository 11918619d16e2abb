package main

import (
	"context"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/serve"
)

// cli runs the binary's run() as main would and returns its exit status and output.
func cli(args ...string) (code int, stdout, stderr string) {
	var out, errOut syncBuffer
	err := run(context.Background(), args, noEnv, &out, &errOut)
	code = serve.Exit(options.Name, err, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	code, out, _ := cli("-h")
	if code != 0 || !strings.HasPrefix(out, "mock-egov: the SmartBridge gateway simulator") || !strings.Contains(out, "EGOVSIM_ADDR") {
		t.Errorf("-h: %d %q", code, out)
	}
	if strings.Contains(out, "max-sessions") {
		t.Error("mock-egov offers -max-sessions: it keeps no sessions")
	}
	if code, out, _ := cli("-version"); code != 0 || !strings.HasPrefix(out, "mock-egov ") {
		t.Errorf("-version: %d %q", code, out)
	}
	if code, out, _ := cli("-check", "default"); code != 0 || out != "ok: default\n" {
		t.Errorf("-check default: %d %q", code, out)
	}
	if code, out, errOut := cli("-max-sessions", "5"); code != 2 || out != "" || strings.Count(errOut, "\n") != 1 {
		t.Errorf("-max-sessions: %d %q %q", code, out, errOut)
	}
}
