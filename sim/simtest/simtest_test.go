package simtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/sim"
	"github.com/egovsim/egovsim/sim/simtest"
)

func health(t *testing.T, c *http.Client, url string, header ...string) (int, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url+"/__admin/health", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(header) == 2 {
		req.Header.Set(header[0], header[1])
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestEdocServesAndClosesWithTheTest(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		srv := simtest.Edoc(t)
		url = srv.URL
		ctx := context.Background()
		c := edoc.New(srv.URL, sim.DefaultEdocAPIKey, edoc.WithHTTPClient(srv.Client()))
		id, err := c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
		if err != nil {
			t.Fatal(err)
		}
		code, ok := srv.Code("87010000001")
		if !ok {
			t.Fatal("no code")
		}
		if _, err := c.Approve(ctx, id, code, edoc.FileNone); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Requests()); n != 2 {
			t.Errorf("journal: %d", n)
		}
		if srv.Scenario().Name() != "default" {
			t.Errorf("scenario %q", srv.Scenario().Name())
		}
	})
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("URL %q", url)
	}
	if _, err := health(t, &http.Client{Timeout: 5 * time.Second}, url); err == nil {
		t.Error("the server still answers after its test ended")
	}
}

func TestEgovServes(t *testing.T) {
	srv := simtest.Egov(t)
	c, err := egov.New(egov.Config{ServiceURL: srv.URL, APIKey: sim.DefaultEgovAPIKey, SenderID: sim.DefaultEgovSenderID,
		Password: sim.DefaultEgovPassword, SenderCode: sim.DefaultEgovSenderCode})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.GBDFL(context.Background(), egov.PersonQuery{IIN: "900101300017"})
	if err != nil || len(res.Persons) != 1 || res.Persons[0].Surname != "ИВАНОВ" {
		t.Fatalf("%+v %v", res, err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("journal: %d", n)
	}
}

func TestScenarioAndOptions(t *testing.T) {
	out := simtest.Edoc(t, simtest.WithScenarioName("outage"))
	_, err := edoc.New(out.URL, sim.DefaultEdocAPIKey).RequestDocument(context.Background(), edoc.IdentityCard, "900101300017", "+77010000001")
	if err == nil || out.Scenario().Name() != "outage" {
		t.Errorf("outage: %v %q", err, out.Scenario().Name())
	}

	s, err := sim.LoadScenario("flaky")
	if err != nil {
		t.Fatal(err)
	}
	if g := simtest.Egov(t, simtest.WithScenario(s)); g.Scenario().Name() != "flaky" {
		t.Errorf("WithScenario: %q", g.Scenario().Name())
	}
	// The later of two scenario options wins.
	if g := simtest.Egov(t, simtest.WithScenarioName("no-such"), simtest.WithScenario(s)); g.Scenario().Name() != "flaky" {
		t.Errorf("the later option: %q", g.Scenario().Name())
	}

	g := simtest.Egov(t, simtest.WithOptions(sim.WithAdminToken("tok")))
	if st, err := health(t, g.Client(), g.URL); err != nil || st != 401 {
		t.Errorf("without the token: %d %v", st, err)
	}
	if st, err := health(t, g.Client(), g.URL, "Authorization", "Bearer tok"); err != nil || st != 200 {
		t.Errorf("with the token: %d %v", st, err)
	}
}

func TestRefusalsAreErrors(t *testing.T) {
	if _, err := simtest.NewEdoc(simtest.WithScenarioName("no-such")); err == nil {
		t.Error("an unknown scenario started")
	}
	if _, err := simtest.NewEgov(simtest.WithOptions(sim.WithMaxTenants(0))); err == nil {
		t.Error("a refused option started")
	}
	s, err := simtest.NewEgov()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := health(t, &http.Client{Timeout: 5 * time.Second}, s.URL); err == nil {
		t.Error("the server still answers after Close")
	}
}

// fatalT records a Fatalf and ends its goroutine, as a test's t does.
type fatalT struct {
	testing.TB
	msg string
}

func (f *fatalT) Helper() {}
func (f *fatalT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestRefusalsFailTheTest(t *testing.T) {
	for name, start := range map[string]func(testing.TB){
		"edoc": func(tb testing.TB) { simtest.Edoc(tb, simtest.WithScenarioName("no-such")) },
		"egov": func(tb testing.TB) { simtest.Egov(tb, simtest.WithOptions(sim.WithTenantIdle(-1))) },
	} {
		f := &fatalT{}
		var wg sync.WaitGroup
		wg.Go(func() { start(f) })
		wg.Wait()
		if !strings.HasPrefix(f.msg, "simtest: starting mock-"+name) {
			t.Errorf("%s: Fatalf %q", name, f.msg)
		}
	}
}

func TestCloseEndsASlowRequest(t *testing.T) {
	s, err := sim.ParseScenario([]byte(`name: slow
citizens:
  - {iin: "900101300017", surname: ТЕСТОВ, name: ТЕСТ, phone: "+77010000001", all_documents: true}
edoc:
  clients:
    - {api_key: edoc_test_active_0000000000000000000000000000000, subscription: active}
faults:
  - {when: {service: edoc}, delay: 5m}
`))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := simtest.NewEdoc(simtest.WithScenario(s))
	if err != nil {
		t.Fatal(err)
	}
	sent := make(chan struct{})
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { close(sent) },
	})
	errc := make(chan error, 1)
	go func() {
		_, err := edoc.New(srv.URL, sim.DefaultEdocAPIKey).RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
		errc <- err
	}()
	<-sent
	time.Sleep(200 * time.Millisecond) // for the server to read it: Close itself drops connections not yet active
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Close waited on a request delayed by 5 minutes")
	}
	var te *edoc.TransportError
	if err := <-errc; !errors.As(err, &te) {
		t.Errorf("the delayed request ended with %v", err)
	}
}
