// Command mock-edoc serves the E-Document simulator: go run ./cmd/mock-edoc [-addr 127.0.0.1:8081] [-scenario default].
package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

func main() {
	uuid.EnableRandPool() // session and message ids from a pool of OS randomness, not a syscall each
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil)
	stop()
	os.Exit(serve.Exit(options.Name, err, os.Stderr))
}

// run is main without the process: tests call it with their own context, arguments, environment
// and output; serve.Exit turns its result into the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready func(addr string)) error {
	o := options
	o.Ready = ready
	return serve.Run(ctx, args, getenv, stdout, stderr, o)
}

var options = serve.Options{
	Name:        "mock-edoc",
	About:       "the E-Document API simulator: request a citizen's document, read the SMS code from /__admin/sms, approve",
	DefaultAddr: "127.0.0.1:8081",
	Sessions:    true,
	New: func(s *scenarios.Scenario, set shell.Settings) (http.Handler, error) {
		return edoc.NewServer(s, set)
	},
}
