package contracts

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// The SyncChannel (SOAP 1.1) contract of the gateway: the WSDL, its schemas, and an envelope
// schema that validates a whole message (xmllint -schema soap-envelope.xsd). The payload schemas
// are generated from the operations' answer types (internal/egov keeps them equal).
//
//go:embed syncchannel.wsdl syncchannel*.xsd soap-envelope.xsd
var syncChannel embed.FS

// The SyncChannel files.
const (
	SyncChannelWSDL     = "syncchannel.wsdl"
	SyncChannelXSD      = "syncchannel.xsd"
	SyncChannelEnvelope = "soap-envelope.xsd"
	SyncChannelGBDFL    = "syncchannel-gbdfl.xsd"
	SyncChannelPayload  = "syncchannel-payload.xsd"
)

// SyncChannel returns one embedded SyncChannel file.
func SyncChannel(name string) ([]byte, error) { return syncChannel.ReadFile(name) }

// SyncChannelFS holds the SyncChannel files, to write them out for a validator.
func SyncChannelFS() embed.FS { return syncChannel }

// ErrNoXmllint is returned when xmllint (Debian's libxml2-utils) is not installed.
var ErrNoXmllint = errors.New("contracts: xmllint not found on PATH (Debian: apt-get install libxml2-utils)")

var (
	schemaDir     string
	schemaDirErr  error
	schemaDirOnce sync.Once
	validations   atomic.Int64
)

// ValidateSyncChannel checks one whole SOAP message, request or answer, against the SyncChannel
// schemas with a real validator: xmllint --schema soap-envelope.xsd. The error quotes xmllint.
func ValidateSyncChannel(msg []byte) error {
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		return ErrNoXmllint
	}
	schemaDirOnce.Do(func() { schemaDir, schemaDirErr = writeSchemas() })
	if schemaDirErr != nil {
		return schemaDirErr
	}
	cmd := exec.Command(bin, "--noout", "--nonet", "--schema", filepath.Join(schemaDir, SyncChannelEnvelope), "-")
	cmd.Stdin = bytes.NewReader(msg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	validations.Add(1)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("contracts: the message breaks the SyncChannel schema (%v): %s\nmessage: %s", err, strings.TrimSpace(out.String()), msg)
	}
	return nil
}

// SyncChannelValidations counts the messages ValidateSyncChannel checked in this process.
func SyncChannelValidations() int64 { return validations.Load() }

// writeSchemas puts the SyncChannel files in a directory of their own, where their relative
// schemaLocations resolve; it lives as long as the process.
func writeSchemas() (string, error) {
	dir, err := os.MkdirTemp("", "syncchannel-schemas-")
	if err != nil {
		return "", err
	}
	entries, err := syncChannel.ReadDir(".")
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		data, err := syncChannel.ReadFile(e.Name())
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// SyncChannelTransport checks every exchange it carries against the SyncChannel schemas: the
// request and the answer (a SendMessageResponse or a Fault with its ErrorInfo) must each validate
// (ValidateSyncChannel), and an answer must be text/xml. Broken rules go to report as an *Error
// (Phase, Problems, Body), like Validator.Transport's; a missing xmllint is reported once per
// exchange as ErrNoXmllint. GET requests (the WSDL, its schemas) pass unchecked.
func SyncChannelTransport(next http.RoundTripper, report func(error)) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &soapTransport{next: next, report: report}
}

type soapTransport struct {
	next   http.RoundTripper
	report func(error)
}

func (t *soapTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost {
		return t.next.RoundTrip(req)
	}
	resp, reqBody, respBody, ok, err := roundTrip(t.next, req)
	if !ok {
		return resp, err
	}
	if t.report == nil {
		return resp, nil
	}
	check := func(phase Phase, status int, body []byte, extra ...string) {
		err := ValidateSyncChannel(body)
		if errors.Is(err, ErrNoXmllint) {
			t.report(err)
			return
		}
		problems := extra
		if err != nil {
			problems = append(problems, "the SyncChannel schema (contracts/"+SyncChannelEnvelope+"): "+schemaProblems(err))
		}
		if len(problems) > 0 {
			t.report(&Error{Phase: phase, Method: req.Method, Path: req.URL.Path, Operation: "SendMessage", Status: status,
				Problems: problems, Body: truncate(body), Err: err})
		}
	}
	check(PhaseRequest, 0, reqBody)
	var extra []string
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		extra = append(extra, fmt.Sprintf("Content-Type %q: want text/xml; charset=utf-8", ct))
	}
	check(PhaseResponse, resp.StatusCode, respBody, extra...)
	return resp, nil
}

// schemaProblems is xmllint's complaint without the message it quotes.
func schemaProblems(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\nmessage: ")
	return strings.TrimPrefix(s, "contracts: the message breaks the SyncChannel schema ")
}

func truncate(b []byte) string {
	const n = 2048
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
