package redisstore_test

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/store/redisstore/redistest"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
	buildOut  []byte
)

// binary builds mock-edoc once for the test binary's run.
func binary(t *testing.T, name string) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "egovsim-replicas-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", binDir+"/", "github.com/egovsim/egovsim/cmd/mock-edoc", "github.com/egovsim/egovsim/cmd/mock-egov")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	return filepath.Join(binDir, name)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// proc is one simulator process.
type proc struct {
	replica
	cmd *exec.Cmd
	log *bytes.Buffer
}

// startProc runs a simulator binary on a free loopback port with -store and waits for its health.
func startProc(t *testing.T, bin string, rs *redistest.Server, port int, extra ...string) *proc {
	t.Helper()
	if port == 0 {
		port = redistest.FreePort(t)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	p := &proc{replica: replica{url: "http://" + addr}, log: &bytes.Buffer{}}
	p.cmd = exec.Command(bin, append([]string{"-addr", addr, "-store", rs.URL(), "-store-prefix", "proc:"}, extra...)...)
	p.cmd.Stdout, p.cmd.Stderr = &lockedWriter{w: p.log}, &lockedWriter{w: p.log}
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill)
	waitHealthy(t, p.url, 15*time.Second, func() string { return bin + " on " + addr + "\n" + p.log.String() })
	return p
}

// waitHealthy waits until url answers GET /__admin/health with 200, failing the test after within
// with what says who did not come up.
func waitHealthy(t *testing.T, url string, within time.Duration, what func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		resp, err := http.Get(url + "/__admin/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("did not come up: %v: %s", err, what())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *proc) kill() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// Three mock-edoc processes on one Redis: a session requested on the first survives the first's
// death (SIGKILL) and is carried to the end by the other two; admin changes reach both.
func TestProcessReplicasOneKilledMidFlow(t *testing.T) {
	rs := redistest.Start(t)
	bin := binary(t, "mock-edoc")
	p := []*proc{startProc(t, bin, rs, 0), startProc(t, bin, rs, 0), startProc(t, bin, rs, 0)}
	id := request(t, &p[0].replica)
	p[0].kill()
	c := code(t, &p[1].replica, id)
	call(t, http.MethodPost, p[2].url+approvePath, approveBody(id, c)).want(t, 200)
	call(t, http.MethodPost, p[1].url+approvePath, approveBody(id, c)).want(t, 400)

	call(t, http.MethodPut, p[1].url+"/__admin/scenario?name=outage", "").want(t, 200)
	call(t, http.MethodPost, p[2].url+requestPath, requestBody).want(t, 503)
	// A replica started now joins the world as it is, never resets it.
	late := startProc(t, bin, rs, 0)
	call(t, http.MethodPost, late.url+requestPath, requestBody).want(t, 503)
	call(t, http.MethodPost, late.url+"/__admin/reset", "").want(t, 200)
	call(t, http.MethodPost, p[1].url+requestPath, requestBody).want(t, 503) // reset keeps the scenario
	call(t, http.MethodPut, late.url+"/__admin/scenario?name=default", "").want(t, 200)
	id = request(t, &p[2].replica)
	call(t, http.MethodPost, p[1].url+"/__admin/clock", `{"advance":"6m"}`).want(t, 200)
	if d := detailOf(call(t, http.MethodPost, late.url+approvePath, approveBody(id, code(t, &p[2].replica, id))).want(t, 400)); !strings.Contains(strings.ToLower(d), "expired") {
		t.Fatalf("after the clock moved on another process: %q", d)
	}
}

// The README's recipe: two replicas behind Debian's nginx (docs/replicas/nginx.conf, with free
// ports), every call to any replica; one replica killed, nginx sends the rest to the other.
func TestNginxRecipe(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nginx is missing (apt-get install nginx); CI needs it")
		}
		t.Skip("nginx is missing (apt-get install nginx): skipping the recipe test")
	}
	rs := redistest.Start(t)
	bin := binary(t, "mock-edoc")
	a, b := startProc(t, bin, rs, 0), startProc(t, bin, rs, 0)
	conf, err := os.ReadFile("../../../docs/replicas/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	front := redistest.FreePort(t)
	port := func(p *proc) string { return strings.TrimPrefix(p.url, "http://127.0.0.1:") }
	text := strings.NewReplacer("127.0.0.1:18181", "127.0.0.1:"+port(a), "127.0.0.1:18281", "127.0.0.1:"+port(b),
		"listen 127.0.0.1:8081;", "listen 127.0.0.1:"+strconv.Itoa(front)+";",
		"listen 127.0.0.1:8082;", "listen 127.0.0.1:"+strconv.Itoa(redistest.FreePort(t))+";").Replace(string(conf))
	prefix := t.TempDir()
	if err := os.WriteFile(prefix+"/nginx.conf", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	// In the foreground, as the test's child: stopped by its cleanup whatever happens.
	ng := exec.Command(nginx, "-p", prefix, "-e", "stderr", "-c", prefix+"/nginx.conf", "-g", "daemon off;")
	var ngLog bytes.Buffer
	ng.Stdout, ng.Stderr = &lockedWriter{w: &ngLog}, &lockedWriter{w: &ngLog}
	if err := ng.Start(); err != nil {
		t.Fatal(err)
	}
	ng.WaitDelay = 5 * time.Second // bounds the wait for a worker still holding the log pipe
	t.Cleanup(func() {
		_ = ng.Process.Signal(syscall.SIGTERM) // the master stops its workers too; SIGKILL would orphan them
		_ = ng.Wait()
	})
	lb := &replica{url: "http://127.0.0.1:" + strconv.Itoa(front)}
	waitHealthy(t, lb.url, 10*time.Second, func() string { return "nginx on " + strconv.Itoa(front) + "\n" + ngLog.String() })
	// Round robin: the calls of each flow land on both replicas.
	for range 4 {
		id := request(t, lb)
		call(t, http.MethodPost, lb.url+approvePath, approveBody(id, code(t, lb, id))).want(t, 200)
	}
	id := request(t, lb)
	a.kill()
	c := code(t, lb, id)
	call(t, http.MethodPost, lb.url+approvePath, approveBody(id, c)).want(t, 200)
	for range 4 {
		id := request(t, lb)
		call(t, http.MethodPost, lb.url+approvePath, approveBody(id, code(t, lb, id))).want(t, 200)
	}
	if j := call(t, http.MethodGet, b.url+"/__admin/requests", "").want(t, 200); len(j.body["requests"].([]any)) != 18 {
		t.Fatalf("the surviving replica's journal holds %d calls, want all 18 (the SMS reads are admin calls): %s", len(j.body["requests"].([]any)), j.raw)
	}
}
