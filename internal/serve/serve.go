// Package serve runs a simulator as a process: flags, scenario loading, the listener, the one
// start-up line, hardening time-outs and graceful shutdown. Both cmd/ mains call Run.
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
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
	"github.com/egovsim/egovsim/scenarios"
)

// Options describe one simulator binary.
type Options struct {
	Name        string // mock-edoc
	About       string // one line: what the binary is
	DefaultAddr string // 127.0.0.1:8081
	// Sessions is true for a simulator that keeps sessions (it then takes -max-sessions).
	Sessions bool
	// New builds the handler for a loaded scenario.
	New func(s *scenarios.Scenario, set shell.Settings) (http.Handler, error)
	// Ready, when set, receives the bound address once the server accepts connections (tests).
	Ready func(addr string)
	// Grace overrides ShutdownGrace (tests).
	Grace time.Duration
}

// ShutdownGrace is how long accepted requests get to finish after SIGTERM; what is still open
// then is closed.
const ShutdownGrace = 10 * time.Second

// Run parses args, starts the server and blocks until ctx ends, then shuts down gracefully. -h
// prints the usage to stdout and returns nil.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, o Options) error {
	fs := flag.NewFlagSet(o.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", o.DefaultAddr, "listen address host:port")
	scen := fs.String("scenario", "default", "bundled scenario name or path to a scenario YAML file")
	token := fs.String("admin-token", "", "when set, /__admin/ requires Authorization: Bearer <token>")
	maxTenants := fs.Int("max-tenants", world.DefaultMaxTenants, "most named tenants (/t/{tenant}/...) held at once")
	tenantIdle := fs.Duration("tenant-idle", world.DefaultTenantIdle, "a named tenant unused this long is forgotten")
	maxSessions := new(int)
	if o.Sessions {
		fs.IntVar(maxSessions, "max-sessions", store.DefaultSessions, "most live sessions kept per tenant; the oldest are evicted beyond it")
	}
	fs.Usage = func() {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "%s: %s\n\nUsage: %s [flags]\n\nFlags:\n", o.Name, o.About, o.Name)
		fs.PrintDefaults()
		fmt.Fprintf(stdout, "\nExamples:\n  %s\n  %s -addr 0.0.0.0:%s -scenario flaky -admin-token secret\n", o.Name, o.Name, portOf(o.DefaultAddr))
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return nil
		}
		return fmt.Errorf("%v (see %s -h)", err, o.Name)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if o.Sessions && *maxSessions < 1 {
		return errors.New("-max-sessions must be at least 1")
	}
	if *maxTenants < 1 || *tenantIdle <= 0 {
		return errors.New("-max-tenants must be at least 1 and -tenant-idle positive")
	}
	if *token != "" && strings.TrimSpace(*token) == "" {
		return errors.New("-admin-token is only whitespace: give a real token, or none")
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := scenarios.Load(*scen)
	if err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	h, err := o.New(s, shell.Settings{AdminToken: *token, MaxSessions: *maxSessions, MaxTenants: *maxTenants, TenantIdle: *tenantIdle, Logger: log})
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
		WriteTimeout:      web.WriteTimeout,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	shown := shownAddr(*addr, ln.Addr())
	fmt.Fprintf(stdout, "%s listening on http://%s (scenario %q)\n", o.Name, shown, s.Name)
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
	grace := o.Grace
	if grace <= 0 {
		grace = ShutdownGrace
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); errors.Is(err, context.DeadlineExceeded) {
		// Whatever is left could not finish in the grace (a client that never reads its answers):
		// close it rather than wait on it.
		log.Warn("closing connections still open after the shutdown grace", "grace", grace)
		_ = srv.Close()
	} else if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintf(stdout, "%s stopped\n", o.Name)
	return nil
}

// shownAddr is the address as the user asked for it, with the port the listener got: 0.0.0.0 stays
// 0.0.0.0, not [::].
func shownAddr(asked string, bound net.Addr) string {
	host, _, err := net.SplitHostPort(asked)
	_, port, err2 := net.SplitHostPort(bound.String())
	if err != nil || err2 != nil {
		return bound.String()
	}
	if host == "" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port)
}

func portOf(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}
