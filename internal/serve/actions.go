package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/egovsim/egovsim/scenarios"
)

// Version is the release the binary was built as, set at link time by scripts/build.sh:
//
//	-ldflags "-X github.com/egovsim/egovsim/internal/serve.Version=v1.2.3"
//
// Empty, -version shows the module version Go recorded ("(devel)" for a build from a work tree).
// Revision is the commit, set the same way; Go's own VCS stamp wins when it recorded one (it does
// not in a git worktree, nor without .git, as in a Docker build context).
var Version, Revision string

// versionText is -version's answer: the version, the module and its VCS revision when Go recorded
// them, and the toolchain.
func versionText(name string) string {
	var b strings.Builder
	bi, ok := debug.ReadBuildInfo()
	v := Version
	if v == "" && ok {
		v = bi.Main.Version
	}
	if v == "" {
		v = "unknown"
	}
	fmt.Fprintf(&b, "%s %s\n", name, v)
	if ok {
		mod := bi.Main.Path
		if mod == "" {
			mod = bi.Path
		}
		fmt.Fprintf(&b, "module %s %s\n", mod, bi.Main.Version)
		var rev, at string
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev == "" {
			rev = Revision
		}
		if rev != "" {
			fmt.Fprintf(&b, "revision %s", rev)
			if at != "" {
				fmt.Fprintf(&b, " %s", at)
			}
			if modified {
				b.WriteString(" (modified)")
			}
			b.WriteByte('\n')
		}
	} else if Revision != "" {
		fmt.Fprintf(&b, "revision %s\n", Revision)
	}
	fmt.Fprintf(&b, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}

// check validates a scenario: "ok: <name>" on stdout, or every problem on stderr, one per line as
// FILE:LINE: message (FILE: message where no line applies), and exit status 1.
func check(file string, stdout, stderr io.Writer) error {
	s, err := scenarios.Load(file)
	if err == nil {
		fmt.Fprintf(stdout, "ok: %s\n", s.Name)
		return nil
	}
	writeProblems(stderr, file, err)
	return reported{1}
}

// writeProblems prints a refusal one problem a line, as scenarios.Error words them.
func writeProblems(w io.Writer, file string, err error) {
	var se *scenarios.Error
	if errors.As(err, &se) && len(se.Problems) > 0 {
		if se.File == "" {
			named := *se
			named.File = file
			se = &named
		}
		fmt.Fprintln(w, se.Error())
		return
	}
	msg := err.Error()
	if !strings.Contains(msg, file) {
		msg = file + ": " + msg
	}
	fmt.Fprintln(w, msg)
}

// HealthTimeout bounds -healthcheck.
const HealthTimeout = 3 * time.Second

// healthcheck asks the simulator at addr for GET /__admin/health: nil on 200. An address that
// listens on every interface (0.0.0.0:8081, :8081) is probed on loopback.
func healthcheck(ctx context.Context, addr, token string, stdout io.Writer) error {
	url := "http://" + probeAddr(addr) + "/__admin/health"
	ctx, cancel := context.WithTimeout(ctx, HealthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: GET %s: %s %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(stdout, "ok: %s %s\n", url, strings.TrimSpace(string(body)))
	return nil
}

// probeAddr is where a client reaches a server listening on addr.
func probeAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch ip := net.ParseIP(host); {
	case host == "":
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified() && ip.To4() == nil:
		host = "::1"
	case ip != nil && ip.IsUnspecified():
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
