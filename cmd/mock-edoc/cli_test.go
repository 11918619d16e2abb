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
	err := run(context.Background(), args, noEnv, &out, &errOut, nil)
	code = serve.Exit(options.Name, err, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	if code, out, _ := cli("-h"); code != 0 || !strings.HasPrefix(out, "mock-edoc: the E-Document API simulator") ||
		!strings.Contains(out, "EGOVSIM_MAX_SESSIONS") || !strings.Contains(out, "Examples:") {
		t.Errorf("-h: %d %q", code, out)
	}
	if code, out, _ := cli("-version"); code != 0 || !strings.HasPrefix(out, "mock-edoc ") {
		t.Errorf("-version: %d %q", code, out)
	}
	if code, out, _ := cli("-check", "flaky"); code != 0 || out != "ok: flaky\n" {
		t.Errorf("-check flaky: %d %q", code, out)
	}
	if code, out, errOut := cli("-bogus"); code != 2 || out != "" || errOut != "mock-edoc: flag provided but not defined: -bogus (see mock-edoc -h)\n" {
		t.Errorf("-bogus: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := cli("-healthcheck", "-addr", "127.0.0.1:1"); code != 1 || !strings.HasPrefix(errOut, "mock-edoc: health check") {
		t.Errorf("-healthcheck of nothing: %d %q", code, errOut)
	}
}
