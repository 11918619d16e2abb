// Package simtest starts the egovsim simulators for a test: an httptest.Server on the default
// scenario (or another), closed when the test ends, with the simulator's state in reach.
//
//	func TestLogin(t *testing.T) {
//		srv := simtest.Edoc(t)
//		c := edoc.New(srv.URL, sim.DefaultEdocAPIKey)
//		id, _ := c.RequestDocument(ctx, edoc.IdentityCard, "900101300017", "+77010000001")
//		code, _ := srv.Code("+77010000001")
//		doc, err := c.Approve(ctx, id, code, edoc.FilePDF)
//		...
//	}
//
// NewEdoc and NewEgov do the same without a test, for TestMain or a program; their caller closes
// the server.
package simtest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egovsim/egovsim/sim"
)

// Option configures a test server.
type Option func(*config)

type config struct {
	scen    *sim.Scenario
	name    string
	simOpts []sim.Option
}

// WithScenario serves s instead of the default scenario.
func WithScenario(s *sim.Scenario) Option { return func(c *config) { c.scen, c.name = s, "" } }

// WithScenarioName serves a bundled scenario ("outage", "flaky") or a scenario file, loaded with
// sim.LoadScenario; a refusal fails the test (or is NewEdoc's and NewEgov's error).
func WithScenarioName(nameOrFile string) Option {
	return func(c *config) { c.scen, c.name = nil, nameOrFile }
}

// WithOptions passes options to the simulator (sim.WithAdminToken, sim.WithMaxSessions, ...).
func WithOptions(opts ...sim.Option) Option {
	return func(c *config) { c.simOpts = append(c.simOpts, opts...) }
}

func configure(opts []Option) (config, error) {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.name != "" {
		s, err := sim.LoadScenario(c.name)
		if err != nil {
			return c, err
		}
		c.scen = s
	}
	return c, nil
}

// server is the httptest part both test servers share.
type server struct {
	ts *httptest.Server
}

func start(h http.Handler) server { return server{ts: httptest.NewServer(h)} }

// Client is an HTTP client for the server.
func (s server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down: connections still open are closed, so a request slowed by a
// scenario's delay ends at once, then it waits for the handlers to return. Edoc and Egov call it
// when the test ends. (A `hang` fault has taken its connection over: it ends when the client gives
// up, as against the binary.)
func (s server) Close() {
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// EdocServer is mock-edoc on a local URL. Its *sim.Edoc gives Reset, Activate, Advance, Now,
// Requests, SMS and Code.
type EdocServer struct {
	*sim.Edoc
	server
	// URL is the server's base URL, http://127.0.0.1:port, without a trailing slash: give it to
	// edoc.New as it is.
	URL string
}

// NewEdoc starts mock-edoc; the caller closes it.
func NewEdoc(opts ...Option) (*EdocServer, error) {
	c, err := configure(opts)
	if err != nil {
		return nil, err
	}
	e, err := sim.NewEdoc(c.scen, c.simOpts...)
	if err != nil {
		return nil, err
	}
	s := start(e)
	return &EdocServer{Edoc: e, server: s, URL: s.ts.URL}, nil
}

// Edoc starts mock-edoc for the test and closes it when the test ends; a scenario or option that
// is refused fails the test.
func Edoc(t testing.TB, opts ...Option) *EdocServer {
	t.Helper()
	s, err := NewEdoc(opts...)
	if err != nil {
		t.Fatalf("simtest: starting mock-edoc: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// EgovServer is mock-egov on a local URL. Its *sim.Egov gives Reset, Activate, Advance, Now and
// Requests.
type EgovServer struct {
	*sim.Egov
	server
	// URL is the server's base URL, http://127.0.0.1:port: the gateway's ServiceURL.
	URL string
}

// NewEgov starts mock-egov; the caller closes it.
func NewEgov(opts ...Option) (*EgovServer, error) {
	c, err := configure(opts)
	if err != nil {
		return nil, err
	}
	g, err := sim.NewEgov(c.scen, c.simOpts...)
	if err != nil {
		return nil, err
	}
	s := start(g)
	return &EgovServer{Egov: g, server: s, URL: s.ts.URL}, nil
}

// Egov starts mock-egov for the test and closes it when the test ends; a scenario or option that
// is refused fails the test.
func Egov(t testing.TB, opts ...Option) *EgovServer {
	t.Helper()
	s, err := NewEgov(opts...)
	if err != nil {
		t.Fatalf("simtest: starting mock-egov: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
