package edocspec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/egovsim/egovsim/client/edoc"
	"github.com/egovsim/egovsim/contracts"
	sim "github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/suite"
	"github.com/egovsim/egovsim/suite/harness"
)

// Run registers the E-Document specs and runs them against target (see suite.Target), failing t
// when a spec fails, or when specs had to be skipped and target.Partial is not set. A process runs
// one suite, once: call Run from one Test function of its own package.
func Run(t *testing.T, target suite.Target) {
	t.Helper()
	if target.APIKey != "" {
		activeKey = target.APIKey
	}
	tgt.Run(t, "E-Document contract suite", target, &specs)
}

// specs are the suite's containers, registered by Run.
var specs harness.Specs

// activeKey is the api_key of the active client: the default catalogue's unless the target names one.
var activeKey = "edoc_test_active_0000000000000000000000000000000"

// The default catalogue (docs/behaviour.md §6).
const (
	expiredKey    = "edoc_test_expired_000000000000000000000000000000"
	notStartedKey = "edoc_test_notstarted_000000000000000000000000000"
	noSubKey      = "edoc_test_nosubscription_0000000000000000000000"
	noAccessKey   = "edoc_test_noaccess_00000000000000000000000000000"
	unknownKey    = "edoc_test_unknown_000000000000000000000000000000"

	happyIIN = "900101300017"
	happyTel = "+77010000001"
	wifeIIN  = "850515400012"
	wifeTel  = "+77010000011"

	apiPath = "/api/v1/backend/e-document/online-access/"
)

// tgt is the server under test: in-process mock-edoc, or the target's base URL.
var tgt = harness.New(harness.Config{
	Env:                 "EDOC",
	Contract:            contracts.EDocFile,
	APIPath:             apiPath,
	Simulator:           harness.Simulator(sim.NewServer, nil),
	MaxIdleConnsPerHost: 32, // the concurrency specs
	// Each spec starts from a reset simulator, except inside the Ordered flow, whose specs share one session.
	ResetEachSpec: true,
})

// smsCode is the code of the SMS sent for the session, "" when none was sent.
func smsCode(phone, sessionID string) string {
	GinkgoHelper()
	status, body := tgt.AdminDo(http.MethodGet, "/__admin/sms?phone="+url.QueryEscape(phone), "", "")
	Expect(status).To(Equal(200), "GET /__admin/sms: %s", body)
	var out struct {
		Messages []struct {
			From, To, Text, Code string
			SessionID            string `json:"session_id"`
		} `json:"messages"`
	}
	Expect(json.Unmarshal(body, &out)).To(Succeed(), "GET /__admin/sms: %s", body)
	code := ""
	for _, m := range out.Messages {
		if m.SessionID == sessionID {
			Expect(code).To(BeEmpty(), "more than one SMS for session %s", sessionID)
			Expect(m.From).To(Equal("1414"), "the SMS sender")
			Expect(m.Text).To(ContainSubstring(m.Code), "the SMS text carries its code")
			code = m.Code
		}
	}
	return code
}

func client(key string, opts ...edoc.Option) *edoc.Client {
	return edoc.New(tgt.Base, key, append([]edoc.Option{edoc.WithHTTPClient(tgt.HTTP)}, opts...)...)
}

func timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// request calls request/{docType}/ through the client and judges the exchange against the contract.
func request(key string, dt edoc.DocumentType, iin, phone string) (string, error) {
	GinkgoHelper()
	ctx, cancel := timeout()
	defer cancel()
	id, err := client(key).RequestDocument(ctx, dt, iin, phone)
	tgt.ExpectContract()
	return id, err
}

// approve calls approve/ through the client and judges the exchange against the contract.
func approve(id, code string, file edoc.FileType) (*edoc.Document, error) {
	GinkgoHelper()
	ctx, cancel := timeout()
	defer cancel()
	doc, err := client(activeKey).Approve(ctx, id, code, file)
	tgt.ExpectContract()
	return doc, err
}

// needCode skips the spec, saying why, unless the session's code can be had: from the SMS outbox
// (admin API) or from the target's OTP source.
func needCode() {
	GinkgoHelper()
	if !tgt.Admin && tgt.Suite.OTP == nil {
		Skip("needs the one-time code: the simulator's admin API (SMS outbox), or EDOC_OTP / EDOC_OTP_COMMAND")
	}
}

// sessionCode is the code sent for the session: read from the SMS outbox where the admin API
// answers, else asked of the target's OTP source.
func sessionCode(phone, sessionID string) string {
	GinkgoHelper()
	needCode()
	var code string
	if tgt.Admin {
		code = smsCode(phone, sessionID)
		Expect(code).To(MatchRegexp(`^[0-9]{6}$`), "an SMS from 1414 with a 6-digit code for session %s", sessionID)
		return code
	}
	ctx, cancel := timeout()
	defer cancel()
	code, err := tgt.Suite.OTP(ctx, phone, sessionID)
	Expect(err).NotTo(HaveOccurred(), "the one-time code of session %s", sessionID)
	Expect(code).NotTo(BeEmpty(), "the one-time code of session %s", sessionID)
	return code
}

// openSession requests the document and gets its code (sessionCode).
func openSession(dt edoc.DocumentType, iin, phone string) (string, string) {
	GinkgoHelper()
	needCode()
	id, err := request(activeKey, dt, iin, phone)
	Expect(err).NotTo(HaveOccurred(), "request %s for %s", dt, iin)
	return id, sessionCode(phone, id)
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// expectAPIError fails unless err is the documented error: status and detail to the letter.
func expectAPIError(err error, want *edoc.APIError) {
	GinkgoHelper()
	var ae *edoc.APIError
	if !errors.As(err, &ae) {
		Fail(fmt.Sprintf("want %d %q, got no API error: %v", want.StatusCode, want.Detail, err))
	}
	if !errors.Is(err, want) {
		got := fmt.Sprintf("%d %q", ae.StatusCode, ae.Detail)
		if ae.Detail == "" {
			got = fmt.Sprintf("%d without a detail: %s", ae.StatusCode, ae.Body)
		}
		Fail(fmt.Sprintf("want %d %q, got %s", want.StatusCode, want.Detail, got))
	}
}

// post sends a raw body (for what the client cannot send) and returns status and detail.
func post(path, body string) (int, string) {
	GinkgoHelper()
	req, err := http.NewRequest(http.MethodPost, tgt.Base+path, strings.NewReader(body))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("Content-Type", "application/json")
	resp, err := tgt.HTTP.Do(req)
	Expect(err).NotTo(HaveOccurred(), "POST %s", path)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred())
	tgt.ExpectContract()
	var m struct {
		Detail string `json:"detail"`
	}
	if resp.StatusCode != 200 {
		Expect(json.NewDecoder(bytes.NewReader(raw)).Decode(&m)).To(Succeed(), "error body %s", raw)
	}
	return resp.StatusCode, m.Detail
}
