package egovsuite_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/contracts"
	sim "github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/harness"
)

// Citizens of the default catalogue (docs/behaviour.md §6).
const (
	happyIIN = "900101300017"
	wifeIIN  = "850515400012"
)

// childEnv marks a child run of the suite (TestSuiteFailsAgainstMutants), which must only run the suite.
const childEnv = "EGOV_SUITE_MUTANT_CHILD"

// mutant is a deliberately broken simulator: one operation's answer changed after the fact.
type mutant struct {
	op string
	// mutate sees the request's body (nil when not a JSON object) and the simulator's answer and
	// returns the answer to send.
	mutate func(req map[string]any, status int, body map[string]any) (int, map[string]any)
	// probe is a request the mutant breaks, and want what the contract check must say about it.
	probe map[string]any
	want  string
	// specOnly: the broken answer is within the contract (a documented error); only a spec can
	// catch it, the one whose text contains focus, saying want.
	specOnly bool
	focus    string
	// soap: the mutant breaks the operation's SyncChannel answer instead (mutateXML sees the
	// status and the envelope), probed with a SendMessage to op whose payload is soapProbe.
	soap      bool
	mutateXML func(status int, body string) (int, string)
	soapProbe string
}

func (m mutant) wrap(next http.Handler) http.Handler {
	if m.soap {
		return m.wrapSOAP(next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// On a tenant's path too: /t/{tenant}/api/egov/{op}.
		if !strings.HasSuffix(r.URL.Path, "/api/egov/"+m.op) {
			next.ServeHTTP(w, r)
			return
		}
		reqBody, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		var req map[string]any
		_ = json.Unmarshal(reqBody, &req)
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		status, body := m.mutate(req, rec.Code, body)
		data, _ := json.Marshal(body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(data)
	})
}

// wrapSOAP breaks the answers to SendMessage calls for the mutant's operation.
func (m mutant) wrapSOAP(next http.Handler) http.Handler {
	id := sim.SyncServices()[m.op]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		if !strings.HasSuffix(r.URL.Path, sim.SOAPPath) || !strings.Contains(string(reqBody), "<serviceId>"+id+"</serviceId>") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		status, body := m.mutateXML(rec.Code, rec.Body.String())
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

// sendMessage is a SyncChannel probe: the catalogue's sender calling op's serviceId (the client's table) with these payload elements.
func sendMessage(op, payload string) string {
	svc := egov.SyncServices[op]
	return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sc="http://bip.bee.kz/SyncChannel/v10/Types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<soapenv:Body><sc:SendMessage><request><requestInfo><messageId>probe-1</messageId><serviceId>` + svc.ServiceID + `</serviceId>` +
		`<sender><senderId>test-sender</senderId><password>test-password</password></sender></requestInfo>` +
		`<requestData><data xmlns:p="` + svc.Namespace + `" xsi:type="p:` + svc.RequestType + `">` + payload + `</data></requestData></request></sc:SendMessage></soapenv:Body></soapenv:Envelope>`
}

var mutants = map[string]mutant{
	// SyncChannel: the answer's element in another namespace.
	"soap-wrong-namespace": {op: "gbdflUniversalServiceSync", soap: true,
		mutateXML: func(s int, b string) (int, string) {
			return s, strings.ReplaceAll(b, "http://bip.bee.kz/SyncChannel/v10/Types", "http://bip.bee.kz/SyncChannel/v11/Types")
		},
		soapProbe: "<senderCode>TEST_SENDER</senderCode><iin>" + happyIIN + "</iin>",
		want:      "SyncChannel/v11/Types"},
	// SyncChannel: the envelope's correlationId lost.
	"soap-no-correlation": {op: "familyInfoServiceSync", soap: true,
		mutateXML: func(s int, b string) (int, string) {
			head, rest, ok := strings.Cut(b, "<correlationId>")
			if !ok {
				return s, b
			}
			_, rest, _ = strings.Cut(rest, "</correlationId>")
			return s, head + rest
		},
		soapProbe: "<senderCode>TEST_SENDER</senderCode><iin>" + happyIIN + "</iin>",
		want:      "correlationId"},
	// SyncChannel: a fault whose detail lost its ErrorInfo.
	"soap-fault-without-errorinfo": {op: "paymentInfoRequest", soap: true,
		mutateXML: func(s int, b string) (int, string) {
			head, rest, ok := strings.Cut(b, "<detail>")
			if !ok {
				return s, b
			}
			_, rest, _ = strings.Cut(rest, "</detail>")
			return s, head + rest
		},
		soapProbe: "<senderCode>TEST_SENDER</senderCode><paymentId>nope</paymentId>",
		want:      "detail", focus: "over SOAP.*unknown paymentId"},
	// A field renamed in one operation's body.
	"rename-persons": {op: "gbdflUniversalServiceSync",
		mutate: func(_ map[string]any, s int, b map[string]any) (int, map[string]any) {
			if p, ok := b["persons"]; ok {
				b["people"] = p
				delete(b, "persons")
			}
			return s, b
		},
		probe: map[string]any{"senderCode": "TEST_SENDER", "iin": happyIIN}, want: `"persons"`},
	// A success status the contract does not list.
	"debtor-201": {op: "checkDebtorByIINBIN",
		mutate: func(_ map[string]any, s int, b map[string]any) (int, map[string]any) {
			if s == 200 {
				s = 201
			}
			return s, b
		},
		probe: map[string]any{"iinOrBin": wifeIIN}, want: "status 201 is not documented"},
	// The correlation lost.
	"no-correlation": {op: "familyInfoServiceSync",
		mutate: func(_ map[string]any, s int, b map[string]any) (int, map[string]any) {
			if ri, ok := b["responseInfo"].(map[string]any); ok {
				delete(ri, "correlationId")
			}
			return s, b
		},
		probe: map[string]any{"senderCode": "TEST_SENDER", "iin": happyIIN}, want: "correlationId"},
	// A value out of its enumeration.
	"gender-letter": {op: "gbdflUniversalServiceSync",
		mutate: func(_ map[string]any, s int, b map[string]any) (int, map[string]any) {
			if ps, ok := b["persons"].([]any); ok && len(ps) > 0 {
				ps[0].(map[string]any)["gender"].(map[string]any)["code"] = "M"
			}
			return s, b
		},
		probe: map[string]any{"senderCode": "TEST_SENDER", "iin": happyIIN}, want: "/persons/0/gender/code"},
	// An error without its operation.
	"error-without-operation": {op: "NEDBSyncSchoolData",
		mutate: func(_ map[string]any, s int, b map[string]any) (int, map[string]any) {
			delete(b, "operation")
			return s, b
		},
		probe: map[string]any{}, want: `"operation"`},
	// The connector document's own example messageId refused, as if only UUIDs were accepted. A 400
	// VALIDATION_ERROR is documented, so only the spec that sends req-123 can catch it.
	"refuse-req-123": {op: "gbdflUniversalServiceSync",
		mutate: func(req map[string]any, s int, b map[string]any) (int, map[string]any) {
			if req["messageId"] == "req-123" {
				return 400, map[string]any{"message": "messageId: must be a UUID", "code": "VALIDATION_ERROR", "operation": "gbdflUniversalServiceSync"}
			}
			return s, b
		},
		probe:    map[string]any{"senderCode": "TEST_SENDER", "iin": happyIIN, "messageId": "req-123"},
		want:     "messageId: must be a UUID",
		specOnly: true, focus: "req-123"},
}

func mutantServer(t *testing.T, name string) *httptest.Server {
	t.Helper()
	srv, err := sim.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(mutants[name].wrap(srv))
	t.Cleanup(ts.Close)
	return ts
}

// The contract check reports each mutant's deviation on the exchange it breaks, naming the rule and
// quoting the body; the same exchange against the real simulator passes.
func TestValidatorCatchesBrokenAnswers(t *testing.T) {
	doc, err := contracts.EGov()
	if err != nil {
		t.Fatal(err)
	}
	v, err := contracts.NewValidator(doc)
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range mutants {
		if m.specOnly {
			continue
		}
		t.Run(name, func(t *testing.T) {
			for _, broken := range []bool{false, true} {
				var ts *httptest.Server
				if broken {
					ts = mutantServer(t, name)
				} else {
					srv, err := sim.NewServer(scenarios.Default(), shell.Settings{})
					if err != nil {
						t.Fatal(err)
					}
					ts = httptest.NewServer(srv)
					defer ts.Close()
				}
				var mu sync.Mutex
				var reports []error
				record := func(err error) {
					mu.Lock()
					reports = append(reports, err)
					mu.Unlock()
				}
				client := &http.Client{Transport: v.Transport(nil, record)}
				data, _ := json.Marshal(m.probe)
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/egov/"+m.op, bytes.NewReader(data))
				req.Header.Set("Content-Type", "application/json")
				if m.soap {
					if _, err := exec.LookPath("xmllint"); err != nil && os.Getenv("CI") == "" {
						t.Skip(contracts.ErrNoXmllint)
					}
					client = &http.Client{Transport: contracts.SyncChannelTransport(nil, record)}
					req, _ = http.NewRequest(http.MethodPost, ts.URL+sim.SOAPPath, strings.NewReader(sendMessage(m.op, m.soapProbe)))
					req.Header.Set("Content-Type", "text/xml; charset=utf-8")
				}
				req.Header.Set("Authorization", "Bearer egov_test_api_key")
				req.Header.Set("X-Egov-Sender-Id", "test-sender")
				req.Header.Set("X-Egov-Password", "test-password")
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				var responseErrs []string
				for _, r := range reports {
					for _, e := range harness.Flatten(r) {
						var ce *contracts.Error
						if errors.As(e, &ce) && ce.Phase == contracts.PhaseResponse {
							responseErrs = append(responseErrs, e.Error())
						}
					}
				}
				switch {
				case !broken && len(responseErrs) > 0:
					t.Errorf("the real simulator fails the check: %v", responseErrs)
				case broken && len(responseErrs) == 0:
					t.Errorf("mutant %s passed the contract check (status %d)", name, resp.StatusCode)
				case broken:
					all := strings.Join(responseErrs, "\n")
					if !strings.Contains(all, m.want) || !strings.Contains(all, "body:") {
						t.Errorf("mutant %s: the report does not name %q or show the body:\n%s", name, m.want, all)
					}
				}
			}
		})
	}
}

// The suite itself fails against each mutant, and passes against the real simulator: its smoke
// specs (or the spec a mutant names) run in a child process (this test binary) aimed at the mutant,
// each in a tenant of its own like any run against a simulator.
func TestSuiteFailsAgainstMutants(t *testing.T) {
	harness.SkipSelfTest(t, "EGOV", childEnv, "runs the suite in child processes")
	run := func(name string) (string, error) {
		var h http.Handler
		h, err := sim.NewServer(scenarios.Default(), shell.Settings{})
		if err != nil {
			return "", err
		}
		filter := "-ginkgo.label-filter=smoke"
		if m, ok := mutants[name]; ok {
			h = m.wrap(h)
			if m.focus != "" {
				filter = "-ginkgo.focus=" + m.focus
			}
		}
		ts := httptest.NewServer(h)
		defer ts.Close()
		cmd := exec.Command(os.Args[0], "-test.run=^TestSuite$", filter, "-ginkgo.no-color", "-ginkgo.vv")
		cmd.Env = append(withoutEnv("EGOV_BASE_URL", "EGOV_ADMIN_TOKEN", suite.PartialEnv), childEnv+"=1", "EGOV_BASE_URL="+ts.URL)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		done := make(chan error, 1)
		if err := cmd.Start(); err != nil {
			return "", err
		}
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return out.String(), err
		case <-time.After(3 * time.Minute):
			_ = cmd.Process.Kill()
			return out.String(), fmt.Errorf("child %s did not finish", strconv.Quote(name))
		}
	}
	// Control: no mutant, the smoke specs pass.
	if out, err := run(""); err != nil {
		t.Fatalf("the suite fails against the real simulator: %v\n%s", err, out)
	}
	for name, m := range mutants {
		if m.op == "NEDBSyncSchoolData" {
			continue // its broken answer is an error answer, which the smoke specs do not ask for
		}
		t.Run(name, func(t *testing.T) {
			out, err := run(name)
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("the suite passed against mutant %s (err %v):\n%s", name, err, out)
			}
			if !strings.Contains(out, m.want) || !m.specOnly && !strings.Contains(out, "breaks the contract") {
				t.Errorf("the suite failed against mutant %s without naming %q:\n%s", name, m.want, out)
			}
			if !strings.Contains(out, "tenant \"suite-1-") {
				t.Errorf("the child did not work in a tenant of its own:\n%s", out)
			}
		})
	}
}

func withoutEnv(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		keep := true
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}
