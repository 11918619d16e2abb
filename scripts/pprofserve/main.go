// Command pprofserve serves one simulator like its binary does, plus net/http/pprof on a second
// loopback port, so scripts/profile-load.sh can profile the server alone while wrk drives it from
// another process (the Go benchmarks profile client and server together).
//
//	pprofserve -sim edoc|egov -addr 127.0.0.1:18081 -pprof 127.0.0.1:18091 [-scenario default|FILE]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/egovsim/egovsim/bench/bare"
	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/scenarios"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "pprofserve:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("pprofserve", flag.ContinueOnError)
	sim := fs.String("sim", "edoc", "edoc, egov or bare")
	addr := fs.String("addr", "127.0.0.1:18081", "simulator address (loopback)")
	paddr := fs.String("pprof", "127.0.0.1:18091", "pprof address (loopback)")
	scen := fs.String("scenario", "default", "bundled scenario name or file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := scenarios.Load(*scen)
	if err != nil {
		return err
	}
	var h http.Handler
	switch *sim {
	case "edoc":
		h, err = edoc.NewServer(s, shell.Settings{MaxSessions: store.DefaultSessions})
	case "egov":
		h, err = egov.NewServer(s, shell.Settings{})
	case "bare":
		h = bare.Handler()
	default:
		err = fmt.Errorf("-sim %q: want edoc, egov or bare", *sim)
	}
	if err != nil {
		return err
	}
	runtime.SetMutexProfileFraction(100)
	runtime.SetBlockProfileRate(100_000) // ns: blocking events of 0.1 ms and more
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	servers := []*http.Server{
		{Addr: *addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10},
		{Addr: *paddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second},
	}
	errc := make(chan error, len(servers))
	for _, srv := range servers {
		host, _, err := net.SplitHostPort(srv.Addr)
		if err != nil || !net.ParseIP(host).IsLoopback() {
			return fmt.Errorf("%s: loopback addresses only", srv.Addr)
		}
		ln, err := net.Listen("tcp", srv.Addr)
		if err != nil {
			return err
		}
		go func() { errc <- srv.Serve(ln) }()
	}
	fmt.Printf("pprofserve %s on http://%s, pprof on http://%s/debug/pprof/\n", *sim, *addr, *paddr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range servers {
		_ = srv.Shutdown(sctx)
	}
	return nil
}
