// Command loadkit holds the steps of scripts/load.sh that are awkward in a shell:
//
//	loadkit ready -url http://127.0.0.1:18081/__admin/health -since NANOS -pid PID
//	    polls the URL in a tight loop until it answers 200 and prints the milliseconds since NANOS
//	    (the Unix time in ns taken just before the server was started); fails if PID exits first.
//	loadkit iins -scenario FILE -n 4096
//	    prints n IINs spread evenly over the people the scenario generates, one a line.
//	loadkit port
//	    prints a free TCP port on 127.0.0.1.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/egovsim/egovsim/internal/population"
	"github.com/egovsim/egovsim/scenarios"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadkit:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: loadkit ready|iins|port [flags]")
	}
	fs := flag.NewFlagSet("loadkit "+args[0], flag.ContinueOnError)
	switch args[0] {
	case "ready":
		url := fs.String("url", "", "health URL")
		since := fs.Int64("since", 0, "Unix time in nanoseconds taken before the server was started")
		pid := fs.Int("pid", 0, "the server's process id: give up when it is gone")
		timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		ms, err := ready(*url, *since, *pid, *timeout)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%.1f\n", ms)
		return nil
	case "iins":
		file := fs.String("scenario", "", "scenario YAML file with population.generate")
		n := fs.Int("n", 4096, "how many IINs")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return iins(out, *file, *n)
	case "port":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		defer ln.Close()
		fmt.Fprintln(out, ln.Addr().(*net.TCPAddr).Port)
		return nil
	}
	return fmt.Errorf("unknown command %q (ready, iins, port)", args[0])
}

// ready polls url with a fresh connection each time, so a refused dial fails fast and the first
// answer is seen within about 100 µs of the server being able to give it.
func ready(url string, since int64, pid int, timeout time.Duration) (float64, error) {
	if url == "" || since == 0 {
		return 0, errors.New("-url and -since are required")
	}
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return float64(time.Now().UnixNano()-since) / 1e6, nil
			}
		}
		if pid > 0 && syscall.Kill(pid, 0) != nil {
			return 0, fmt.Errorf("process %d exited before %s answered", pid, url)
		}
		time.Sleep(100 * time.Microsecond)
	}
	return 0, fmt.Errorf("%s did not answer 200 within %s", url, timeout)
}

// iins builds the scenario's population exactly as mock-egov does (it is deterministic) and prints
// IINs of generated people, spread evenly, so wrk looks up people all over the index.
func iins(out io.Writer, file string, n int) error {
	s, err := scenarios.Load(file)
	if err != nil {
		return err
	}
	pop, err := population.Build(s)
	if err != nil {
		return err
	}
	gen := pop.People()[len(s.Citizens):]
	if len(gen) == 0 {
		return errors.New(file + ": the scenario generates nobody (population.generate)")
	}
	n = min(n, len(gen))
	buf := make([]byte, 0, n*13)
	for i := range n {
		buf = append(buf, gen[i*len(gen)/n].IIN...)
		buf = append(buf, '\n')
	}
	_, err = out.Write(buf)
	return err
}
