// Package serve runs a simulator as a process: flags, scenario loading, the listener, the one
// start-up line, hardening timeouts and graceful shutdown. Both cmd/ mains call Run.
package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/egovsim/egovsim/scenarios"
)

// Settings are the flags every simulator takes beyond -addr and -scenario.
type Settings struct {
	AdminToken  string
	MaxSessions int
	// HangCeiling bounds `hang` transport faults (0: fault.DefaultHangCeiling); tests shorten it.
	HangCeiling time.Duration
	Logger      *slog.Logger
}

// Options describe one simulator binary.
type Options struct {
	Name        string // mock-edoc
	DefaultAddr string // 127.0.0.1:8081
	// New builds the handler for a loaded scenario.
	New func(s *scenarios.Scenario, set Settings) (http.Handler, error)
	// Ready, when set, receives the bound address once the server accepts connections (tests).
	Ready func(addr string)
}

// DefaultMaxSessions caps live E-Document sessions; the oldest go first beyond it.
const DefaultMaxSessions = 100_000

// ShutdownGrace is how long accepted requests get to finish after SIGTERM.
const ShutdownGrace = 10 * time.Second

// Run parses args, starts the server and blocks until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, o Options) error {
	fs := flag.NewFlagSet(o.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", o.DefaultAddr, "listen address host:port")
	scen := fs.String("scenario", "default", "bundled scenario name or path to a scenario YAML file")
	token := fs.String("admin-token", "", "when set, /__admin/ requires Authorization: Bearer <token>")
	maxSessions := fs.Int("max-sessions", DefaultMaxSessions, "most live sessions kept; the oldest are evicted beyond it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *maxSessions < 1 {
		return errors.New("-max-sessions must be at least 1")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := scenarios.Load(*scen)
	if err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	h, err := o.New(s, Settings{AdminToken: *token, MaxSessions: *maxSessions, Logger: log})
	if err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); *token == "" && !net.ParseIP(host).IsLoopback() {
		log.Warn("the admin API is open to the network: anyone who reaches " + ln.Addr().String() + " can change the scenario; set -admin-token")
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "%s listening on http://%s (scenario %q)\n", o.Name, ln.Addr(), s.Name)
	if o.Ready != nil {
		o.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintf(stdout, "%s stopped\n", o.Name)
	return nil
}
