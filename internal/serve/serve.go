// Package serve runs a simulator as a process: flags (each also an EGOVSIM_* environment
// variable), logging, scenario loading, the listener, the one start-up line, hardening time-outs and
// graceful shutdown, and the one-shot actions -check, -healthcheck and -version. Both cmd/ mains
// call Run and exit with Exit's status.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/egovsim/egovsim/internal/coverage"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/store/redisstore"
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

// EnvPrefix starts the environment variable of every setting flag: -admin-token is
// EGOVSIM_ADMIN_TOKEN.
const EnvPrefix = "EGOVSIM_"

// EnvName is the environment variable that can give flag name.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// actions are the flags that make the binary do one thing and exit. They have no environment
// variable: a container's environment is shared with its HEALTHCHECK, and EGOVSIM_HEALTHCHECK=1
// there would turn the server itself into a health check.
var actions = map[string]bool{"check": true, "healthcheck": true, "version": true}

// UsageError is a command line (or EGOVSIM_* variable) that could not be understood: exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// reported is a failure whose explanation is already on stderr.
type reported struct{ code int }

func (e reported) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Exit turns Run's result into the process's exit status, printing the error (once) as
// "name: error" on stderr: 0 for nil, 2 for a bad command line, 1 for anything else.
func Exit(name string, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var r reported
	if errors.As(err, &r) {
		return r.code
	}
	var u *UsageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "%s: %v (see %s -h)\n", name, err, name)
		return 2
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return 1
}

// config is a parsed command line.
type config struct {
	addr, scenario, token string
	storeURL, storePrefix string
	maxTenants            int
	tenantIdle            time.Duration
	maxSessions           int
	logFormat, logLevel   string
	logRequests           bool
	reasonHeader          bool
	coverageOut           string
	check                 string
	healthcheck, version  bool
	order                 []string // flag names in the order of the usage text
	fs                    *flag.FlagSet
	exampleAddr           string
}

func flags(o Options) *config {
	c := &config{fs: flag.NewFlagSet(o.Name, flag.ContinueOnError)}
	fs := c.fs
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // Run prints the usage for -h only; a bad flag is one line, printed once by Exit
	str := func(p *string, name, value, usage string) {
		fs.StringVar(p, name, value, usage)
		c.order = append(c.order, name)
	}
	str(&c.addr, "addr", o.DefaultAddr, "listen on `host:port` (0.0.0.0:PORT: every interface; port 0: any free port)")
	str(&c.scenario, "scenario", "default", "bundled scenario `name` ("+bundledNames()+") or path to a scenario YAML file")
	str(&c.token, "admin-token", "", "when set, /__admin/ and /metrics require Authorization: Bearer `token`")
	fs.IntVar(&c.maxTenants, "max-tenants", world.DefaultMaxTenants, "at most `n` named tenants (/t/{tenant}/...) held at once")
	c.order = append(c.order, "max-tenants")
	fs.DurationVar(&c.tenantIdle, "tenant-idle", world.DefaultTenantIdle, "a named tenant unused this `duration` is forgotten")
	c.order = append(c.order, "tenant-idle")
	if o.Sessions {
		fs.IntVar(&c.maxSessions, "max-sessions", store.DefaultSessions, "at most `n` live sessions kept per tenant; the oldest are evicted beyond it")
		c.order = append(c.order, "max-sessions")
	}
	str(&c.storeURL, "store", "", "keep every tenant's world in Redis at `url` (redis://[user:pass@]host:port/db or rediss://…), shared by every replica given the same url and prefix; empty: in memory")
	str(&c.storePrefix, "store-prefix", redisstore.DefaultPrefix, "start every Redis key with `prefix`, so one Redis serves several installations")
	str(&c.logFormat, "log-format", "text", "log `format` on stderr: text or json")
	str(&c.logLevel, "log-level", "info", "least `level` logged: debug, info, warn or error")
	fs.BoolVar(&c.logRequests, "log-requests", false, "log one line per upstream call: tenant, operation, status, outcome, duration, fault")
	c.order = append(c.order, "log-requests")
	fs.BoolVar(&c.reasonHeader, "reason-header", true, "send "+shell.ReasonHeader+" on answers the journal gives a reason for (false: upstream headers only)")
	c.order = append(c.order, "reason-header")
	str(&c.coverageOut, "coverage-out", "", "when the process stops, write the default tenant's coverage report (GET /__admin/coverage) as JSON to `file`")
	str(&c.check, "check", "", "validate the scenario `file` (or bundled name), print \"ok: <name>\" or every problem as FILE:LINE: message, and exit 0 or 1")
	fs.BoolVar(&c.healthcheck, "healthcheck", false, "GET http://<-addr>/__admin/health (with -admin-token) and exit 0 on 200, else 1: for a container's HEALTHCHECK")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	c.order = append(c.order, "healthcheck", "version")
	c.exampleAddr = "0.0.0.0:" + portOf(o.DefaultAddr)
	return c
}

// parse reads args, then fills every setting flag the command line did not give from its
// environment variable.
func (c *config) parse(args []string, getenv func(string) string) (help bool, err error) {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, &UsageError{err.Error()}
	}
	if c.fs.NArg() > 0 {
		return false, &UsageError{fmt.Sprintf("unexpected arguments: %q", c.fs.Args())}
	}
	given := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []string
	c.fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || actions[f.Name] {
			return
		}
		env := EnvName(f.Name)
		if v := getenv(env); v != "" {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q: invalid value for -%s: %v", env, v, f.Name, err))
			}
		}
	})
	if len(errs) > 0 {
		return false, &UsageError{strings.Join(errs, "; ")}
	}
	return false, c.validate()
}

func (c *config) validate() error {
	switch {
	case c.fs.Lookup("max-sessions") != nil && c.maxSessions < 1:
		return &UsageError{"-max-sessions must be at least 1"}
	case c.maxTenants < 1 || c.tenantIdle <= 0:
		return &UsageError{"-max-tenants must be at least 1 and -tenant-idle positive"}
	case c.token != "" && strings.TrimSpace(c.token) == "":
		return &UsageError{"-admin-token is only whitespace: give a real token, or none"}
	case c.storeURL != "" && !redisstore.IsURL(c.storeURL):
		return &UsageError{"-store: want " + redisstore.URLForm + ", or nothing (in memory)"}
	case c.logFormat != "text" && c.logFormat != "json":
		return &UsageError{fmt.Sprintf("-log-format %q: want text or json", c.logFormat)}
	}
	if _, ok := levels[strings.ToLower(c.logLevel)]; !ok {
		return &UsageError{fmt.Sprintf("-log-level %q: want debug, info, warn or error", c.logLevel)}
	}
	return nil
}

var levels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// logger is the process's logger on stderr, in the format and from the level asked for.
func (c *config) logger(stderr io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: levels[strings.ToLower(c.logLevel)]}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(stderr, opts))
	}
	return slog.New(slog.NewTextHandler(stderr, opts))
}

// usage is the text of -h.
func (c *config) usage(w io.Writer, o Options) {
	n := o.Name
	fmt.Fprintf(w, "%s: %s\n\n", n, o.About)
	fmt.Fprintf(w, "Usage:\n  %s [flags]              serve until SIGINT or SIGTERM\n", n)
	fmt.Fprintf(w, "  %s -check FILE          validate a scenario file, then exit\n", n)
	fmt.Fprintf(w, "  %s -healthcheck         probe a running simulator at -addr, then exit\n", n)
	fmt.Fprintf(w, "  %s -version             print the version, then exit\n\n", n)
	fmt.Fprintf(w, "Flags (a setting can also come from the environment variable shown; the command line wins):\n")
	for _, name := range c.order {
		f := c.fs.Lookup(name)
		arg, text := flag.UnquoteUsage(f)
		head := "  -" + name
		if arg != "" && arg != "value" {
			head += " " + arg
		}
		if !actions[name] {
			head += fmt.Sprintf("%*s", max(1, 34-len(head)), "") + EnvName(name)
		}
		fmt.Fprintln(w, head)
		if f.DefValue != "" && f.DefValue != "false" {
			text += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(w, "      %s\n", text)
	}
	fmt.Fprintf(w, "  -h\n      print this help and exit\n\n")
	fmt.Fprintf(w, "Exit status: 0 done, 1 failure (a refused scenario, a failed health check, a port in use), 2 bad command line.\n\n")
	fmt.Fprintf(w, "Examples:\n  %s\n  EGOVSIM_ADMIN_TOKEN=secret %s -addr %s -scenario flaky -log-format json -log-requests\n", n, n, c.exampleAddr)
}

// Run parses args (settings missing from them come from getenv; nil means the process's
// environment), then serves until ctx ends and shuts down gracefully, or performs one action: -h
// prints the usage to stdout, -version the version, -check validates a scenario, -healthcheck probes
// a running server. Pass its result to Exit.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, o Options) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := flags(o)
	help, err := c.parse(args, getenv)
	switch {
	case err != nil:
		return err
	case help:
		c.usage(stdout, o)
		return nil
	case c.version:
		fmt.Fprint(stdout, versionText(o.Name))
		return nil
	case c.check != "":
		return check(c.check, stdout, stderr)
	case c.healthcheck:
		return healthcheck(ctx, c.addr, c.token, stdout)
	}
	return serve(ctx, c, stdout, stderr, o)
}

func serve(ctx context.Context, c *config, stdout, stderr io.Writer, o Options) error {
	log := c.logger(stderr)
	s, err := scenarios.Load(c.scenario)
	if err != nil {
		var se *scenarios.Error
		if errors.As(err, &se) && len(se.Problems) > 1 {
			return fmt.Errorf("refusing to start: %d problems in the scenario:\n%w", len(se.Problems), err)
		}
		return fmt.Errorf("refusing to start: %w", err)
	}
	if c.storeURL != "" {
		rs, err := redisstore.Open(c.storeURL, c.storePrefix, log)
		if err != nil {
			return &UsageError{err.Error()}
		}
		defer rs.Close()
		rs.TenantTTL = c.tenantIdle
		if err := rs.Ping(ctx); err != nil {
			// Not fatal: calls answer a harness 503 until Redis answers, then the replica recovers.
			log.Warn("the shared store does not answer yet; calls get a harness error until it does", "err", err)
		}
		newHandler := o.New
		o.New = func(s *scenarios.Scenario, set shell.Settings) (http.Handler, error) {
			set.Store = rs
			return newHandler(s, set)
		}
	}
	h, err := o.New(s, shell.Settings{AdminToken: c.token, MaxSessions: c.maxSessions, MaxTenants: c.maxTenants,
		TenantIdle: c.tenantIdle, Logger: log, LogRequests: c.logRequests, NoReasonHeader: !c.reasonHeader})
	if err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); c.token == "" && !net.ParseIP(host).IsLoopback() {
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
	if st, ok := h.(interface{ StopStreams() }); ok {
		srv.RegisterOnShutdown(st.StopStreams) // the console's live streams end with the server
	}
	shown := shownAddr(c.addr, ln.Addr())
	log.Debug("serving", "addr", ln.Addr().String(), "scenario", s.Name, "admin_token", c.token != "",
		"max_tenants", c.maxTenants, "tenant_idle", c.tenantIdle, "store", c.storeURL != "", "max_sessions", c.maxSessions, "log_requests", c.logRequests)
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
	log.Debug("shutting down", "grace", grace)
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
	if c.coverageOut != "" {
		if err := writeCoverage(c.coverageOut, h); err != nil {
			return fmt.Errorf("-coverage-out: %w", err)
		}
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

// bundledNames lists the bundled scenarios for -h, from the scenarios package's own table.
func bundledNames() string {
	var names []string
	for _, b := range scenarios.Bundled() {
		names = append(names, b.Name)
	}
	return strings.Join(names, ", ")
}

// writeCoverage writes the handler's default-tenant coverage report to path, through a temporary
// file renamed into place, so a reader never sees half a report.
func writeCoverage(path string, h http.Handler) error {
	cr, ok := h.(interface{ CoverageReport() coverage.Report })
	if !ok {
		return errors.New("this simulator keeps no coverage")
	}
	b, err := json.MarshalIndent(cr.CoverageReport(), "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
