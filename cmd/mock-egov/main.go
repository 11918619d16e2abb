// Command mock-egov serves the SmartBridge gateway simulator: go run ./cmd/mock-egov [-addr 127.0.0.1:8082] [-scenario default].
package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/google/uuid"

	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

func main() {
	uuid.EnableRandPool() // session and message ids from a pool of OS randomness, not a syscall each
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(serve.Exit(options.Name, err, os.Stderr))
}

// run is main without the process: tests call it with their own context, arguments, environment
// and output; serve.Exit turns its result into the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return serve.Run(ctx, args, getenv, stdout, stderr, options)
}

var options = serve.Options{
	Name:        "mock-egov",
	About:       "the SmartBridge gateway simulator: GBDFL persons, ZAGS, NEDB schools, CITS taxes, debtors, GBDRN property, payments",
	DefaultAddr: "127.0.0.1:8082",
	New: func(s *scenarios.Scenario, set shell.Settings) (http.Handler, error) {
		return egov.NewServer(s, set)
	},
}
