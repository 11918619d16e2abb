// Package suite says what the contract suites run against. The suites themselves are
// suite/edocspec (the E-Document API) and suite/egovspec (the SmartBridge gateway facade); each has
// a Run(t, Target) that registers its Ginkgo specs and runs them, from this module's tests
// (suite/edoc, suite/egov) or from any other module's:
//
//	func TestEDocContract(t *testing.T) {
//		edocspec.Run(t, suite.FromEnv("EDOC"))
//	}
//
// A test binary runs one suite: Ginkgo runs specs once per process.
package suite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// PartialEnv names the variable that accepts a partial run: set to 1 (or true), a run that had to
// skip specs (no admin API, no source of one-time codes) passes; unset, it fails after listing them.
const PartialEnv = "EGOVSIM_SUITE_PARTIAL"

// Target is the server a suite runs against, and how to reach it.
type Target struct {
	// BaseURL is the server's root; the API's base path may be included, and a path prefix before
	// it is kept (a proxy's, or /t/{tenant} to pin one tenant). Empty: the simulator is started in
	// process, one per Ginkgo process.
	BaseURL string
	// AdminToken is sent as "Authorization: Bearer …" to /__admin/ (a simulator run with -admin-token).
	AdminToken string

	// APIKey is the E-Document api_key of the active client, or the gateway's bearer key; empty:
	// the default catalogue's. The other catalogue keys (expired, no subscription, …) are fixed.
	APIKey string
	// SenderID, Password and SenderCode are the gateway's sender credentials; empty: the catalogue's.
	SenderID, Password, SenderCode string

	// OTP gives the one-time code of an E-Document session where the target has no SMS outbox
	// (no admin API), so that the approve specs run there too. Nil: those specs skip.
	OTP OTPSource

	// LabelFilter narrows the specs run (Ginkgo's label syntax, e.g. "smoke || contract"); it is
	// and-ed with -ginkgo.label-filter.
	LabelFilter string
	// Partial accepts a run that skipped specs; without it such a run fails (see PartialEnv).
	Partial bool
}

// OTPSource returns the one-time code the target sent to phone (as the spec sent it) for the
// session backend_session_id.
type OTPSource func(ctx context.Context, phone, sessionID string) (string, error)

// FixedOTP is a source that always gives code (a target whose codes are fixed).
func FixedOTP(code string) OTPSource {
	return func(context.Context, string, string) (string, error) { return code, nil }
}

// OTPCommand is a source that runs command with sh -c, the phone and the session id as its
// arguments $1 and $2 and as OTP_PHONE and OTP_SESSION_ID in its environment, and reads the code
// from its standard output (surrounding space trimmed). The command may wait for the code to
// arrive; it has 2 minutes.
func OTPCommand(command string) OTPSource {
	return func(ctx context.Context, phone, sessionID string) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-c", command, "sh", phone, sessionID)
		cmd.Env = append(os.Environ(), "OTP_PHONE="+phone, "OTP_SESSION_ID="+sessionID)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("OTP command %q: %w: %s", command, err, strings.TrimSpace(stderr.String()))
		}
		code := strings.TrimSpace(string(out))
		if code == "" {
			return "", fmt.Errorf("OTP command %q printed no code", command)
		}
		return code, nil
	}
}

// FromEnv reads a Target from <prefix>_BASE_URL, _ADMIN_TOKEN, _API_KEY, _SENDER_ID, _PASSWORD,
// _SENDER_CODE, _OTP (a fixed code) or _OTP_COMMAND (see OTPCommand), _LABEL_FILTER, and
// EGOVSIM_SUITE_PARTIAL. The suites' own tests use FromEnv("EDOC") and FromEnv("EGOV").
func FromEnv(prefix string) Target {
	get := func(name string) string { return os.Getenv(prefix + "_" + name) }
	t := Target{
		BaseURL:     get("BASE_URL"),
		AdminToken:  get("ADMIN_TOKEN"),
		APIKey:      get("API_KEY"),
		SenderID:    get("SENDER_ID"),
		Password:    get("PASSWORD"),
		SenderCode:  get("SENDER_CODE"),
		LabelFilter: get("LABEL_FILTER"),
	}
	switch p := strings.ToLower(os.Getenv(PartialEnv)); p {
	case "1", "true", "yes":
		t.Partial = true
	}
	if c := get("OTP_COMMAND"); c != "" {
		t.OTP = OTPCommand(c)
	} else if c := get("OTP"); c != "" {
		t.OTP = FixedOTP(c)
	}
	return t
}
