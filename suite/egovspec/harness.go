package egovspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/egov"
	"github.com/egovsim/egovsim/contracts"
	sim "github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/scenarios"
	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/harness"
)

// The default catalogue (docs/behaviour.md §6).
const (
	happyIIN    = "900101300017"
	wifeIIN     = "850515400012"
	childIIN    = "150609600010"
	divorcedH   = "920304300014"
	divorcedW   = "880712400019"
	timeoutIIN  = "750220300011"
	outageIIN   = "750220300021"
	entityBIN   = "150140000012"
	nobodyIIN   = "900101300126" // valid, held by nobody
	nobodyBIN   = "150140000022" // valid, no entity
	badIIN      = "900101300018" // wrong check digit
	schoolsAt   = "750000000"
	signBaseURL = "http://127.0.0.1:9000"
	opsPath     = "/api/egov/"
)

// Run registers the gateway specs and runs them against target (see suite.Target), failing t when
// a spec fails, or when specs had to be skipped and target.Partial is not set. A process runs one
// suite, once: call Run from one Test function of its own package.
func Run(t *testing.T, target suite.Target) {
	t.Helper()
	override(&creds.APIKey, target.APIKey)
	override(&creds.SenderID, target.SenderID)
	override(&creds.Password, target.Password)
	override(&creds.SenderCode, target.SenderCode)
	both := specs.Variants([]string{overJSON, overSOAP}, func(v string) {
		wire = egov.JSON
		if v == overSOAP {
			wire = egov.SOAP
			needXmllint()
		}
	})
	soapOnly(both)
	tgt.Run(t, "SmartBridge gateway contract suite", target, both)
}

// Every spec runs over both wires: the JSON facade and SyncChannel (SOAP). The typed client (gw)
// speaks the spec's wire; raw exchanges (rawCall) are the JSON facade's in both.
const (
	overJSON = "over JSON:"
	overSOAP = "over SOAP:"
)

// wire is the transport of the running spec (one spec at a time per Ginkgo process).
var wire = egov.JSON

// soapHTTP carries SyncChannel calls, each exchange checked against the SyncChannel schemas.
var soapHTTP *http.Client

// needXmllint: the SOAP exchanges are checked with xmllint; without it a spec fails under CI and
// skips elsewhere (and the account of skips fails the run unless it is partial).
func needXmllint() {
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") != "" {
			Fail(contracts.ErrNoXmllint.Error() + ": CI is set, the SyncChannel exchanges must be checked")
		}
		Skip(contracts.ErrNoXmllint.Error() + ": the SyncChannel exchanges cannot be checked here")
	}
}

func override(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// specs are the suite's containers, registered by Run.
var specs harness.Specs

// tgt is the server under test: in-process mock-egov, or the target's base URL.
var tgt = harness.New(harness.Config{
	Env:       "EGOV",
	Contract:  contracts.EGovFile,
	APIPath:   opsPath,
	Simulator: harness.Simulator(sim.NewServer, nil),
	Started: func(t *harness.Target) {
		creds.ServiceURL = t.Base
		soapHTTP = t.Via(func(next http.RoundTripper) http.RoundTripper {
			return contracts.SyncChannelTransport(next, t.Reporter("contracts/"+contracts.SyncChannelWSDL))
		})
	},
})

// creds are the gateway credentials: the catalogue's unless the target names others (the matrix is
// built from them); the base URL is added in BeforeSuite.
var creds = egov.Config{
	APIKey:             scenarios.DefaultEgov.APIKey,
	SenderID:           scenarios.DefaultEgov.SenderID,
	Password:           scenarios.DefaultEgov.Password,
	SenderCode:         scenarios.DefaultEgov.SenderCode,
	DigitalSignBaseURL: signBaseURL,
}

// gw is the client with the target's credentials, checked against the contract.
func gw(change ...func(*egov.Config)) *egov.Client {
	GinkgoHelper()
	cfg := creds
	cfg.Transport = wire
	for _, f := range change {
		f(&cfg)
	}
	h := tgt.HTTP
	if cfg.Transport == egov.SOAP {
		h = soapHTTP
	}
	c, err := egov.New(cfg, egov.WithHTTPClient(h))
	Expect(err).NotTo(HaveOccurred())
	return c
}

// answer is a raw exchange: what the client cannot send (wrong types, missing headers).
type answer struct {
	status int
	body   map[string]any
	raw    []byte
}

// headers of a raw call: the target's credentials, changed by hdr ("" removes a header).
func rawCall(op string, body any, hdr map[string]string) answer {
	GinkgoHelper()
	var data []byte
	if s, ok := body.(string); ok {
		data = []byte(s)
	} else {
		var err error
		data, err = json.Marshal(body)
		Expect(err).NotTo(HaveOccurred())
	}
	req, err := http.NewRequest(http.MethodPost, tgt.Base+opsPath+op, bytes.NewReader(data))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+creds.APIKey)
	req.Header.Set("X-Egov-Sender-Id", creds.SenderID)
	req.Header.Set("X-Egov-Password", creds.Password)
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := tgt.HTTP.Do(req)
	Expect(err).NotTo(HaveOccurred(), "POST %s", op)
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	a.raw, err = io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	Expect(json.Unmarshal(a.raw, &a.body)).To(Succeed(), "POST %s answered %d with no JSON object: %s", op, a.status, a.raw)
	return a
}

// expectAPIError fails unless err is the gateway error of this status and code for op.
func expectAPIError(err error, sentinel error, status int, code, op string) *egov.APIError {
	GinkgoHelper()
	var ae *egov.APIError
	Expect(errors.As(err, &ae)).To(BeTrue(), "want %d %s, got %v", status, code, err)
	Expect(err).To(MatchError(sentinel))
	Expect(ae.StatusCode).To(Equal(status), "%v", ae)
	Expect(ae.Code).To(Equal(code), "%v", ae)
	Expect(ae.Operation).To(Equal(op), "%v", ae)
	Expect(ae.Message).NotTo(BeEmpty())
	return ae
}
