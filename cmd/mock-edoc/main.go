// Command mock-edoc serves the E-Document simulator: go run ./cmd/mock-edoc [-addr 127.0.0.1:8081] [-scenario default].
package main

import (
	"context"
	"fmt"
	"github.com/google/uuid"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/serve"
	"github.com/egovsim/egovsim/scenarios"
)

func main() {
	uuid.EnableRandPool() // session and message ids from a pool of OS randomness, not a syscall each
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "mock-edoc:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) error {
	return serve.Run(ctx, args, stdout, stderr, serve.Options{
		Name:        "mock-edoc",
		DefaultAddr: "127.0.0.1:8081",
		Ready:       ready,
		New: func(s *scenarios.Scenario, set serve.Settings) (http.Handler, error) {
			return edoc.NewServer(s, set)
		},
	})
}
