// Command mock-edoc serves the E-Document simulator: go run ./cmd/mock-edoc [-addr 127.0.0.1:8081] [-scenario default].
package main

import (
	"context"
	"fmt"
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
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mock-edoc:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own context, arguments and output.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) error {
	o := options
	o.Ready = ready
	return serve.Run(ctx, args, stdout, stderr, o)
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
