// Package edoc is a thin client of the E-Document API (kyc.biometric.kz): request a citizen's
// electronic document, the citizen gets a one-time code by SMS from 1414, approve with the code
// and receive the document. It speaks to the real service and to the mock-edoc simulator alike.
//
// Every answer outside 2xx is an *APIError, matched with errors.Is against one sentinel per
// documented error (ErrInvalidIIN, ErrSubjectNotInCMDB, …). Failures to talk to the server at all
// are *TransportError and never match a sentinel.
//
// Retries are off unless WithRetry is given, and then only where they are safe:
//
//   - RequestDocument is retried when the connection could not be made (nothing was sent), and on
//     503, which the upstream answers when it could not reach eGov, so no SMS went out. It is not
//     retried on a time-out, a broken connection after sending, 504 or any other answer: the subject
//     may already have an SMS, and a second request would send another code.
//   - Approve is retried only when the connection could not be made. Once the code may have reached
//     the server it is never sent again: a second approve of a delivered session answers
//     ErrAlreadyReceived and the document would be lost to the caller.
package edoc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// BasePath is the API's path prefix; New appends it to a base URL that does not end with it.
const BasePath = "/api/v1/backend/e-document/online-access"

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "egovsim-edoc-client/1"

// DefaultTimeout bounds an exchange when the caller gives no *http.Client of its own. The upstream
// documents no time-out; its own call to eGov may take seconds.
const DefaultTimeout = 30 * time.Second

// maxBody bounds what is read of an answer: a document with its PDF is well under it.
const maxBody = 32 << 20

// Client calls one E-Document service with one organisation's API key. It is safe for concurrent use.
type Client struct {
	base    string
	apiKey  string
	hc      *http.Client
	ua      string
	retries int
	backoff time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sends through hc (its Transport and Timeout apply).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.ua = ua } }

// WithRetry allows up to n retries where they are safe (see the package documentation), waiting
// backoff before the first, doubling each time, and never past the context's end.
func WithRetry(n int, backoff time.Duration) Option {
	return func(c *Client) {
		c.retries = max(n, 0)
		c.backoff = max(backoff, 0)
	}
}

// New returns a client of the service at baseURL, e.g. "https://kyc.biometric.kz" or
// "http://127.0.0.1:8081"; a baseURL already ending with BasePath is used as it is.
func New(baseURL, apiKey string, opts ...Option) *Client {
	base := strings.TrimRight(baseURL, "/")
	if !strings.HasSuffix(base, BasePath) {
		base += BasePath
	}
	c := &Client{base: base, apiKey: apiKey, ua: DefaultUserAgent}
	for _, o := range opts {
		o(c)
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: DefaultTimeout}
	}
	return c
}

// RequestDocument opens a session for the subject's document of type docType and returns its
// backend_session_id. The subject gets an SMS with the code if eGov holds such a document; the
// answer is the same when it does not (the upstream cannot tell).
func (c *Client) RequestDocument(ctx context.Context, docType DocumentType, iin, phone string) (string, error) {
	if docType == "" {
		return "", errors.New("edoc: request: empty document type")
	}
	body, err := json.Marshal(map[string]string{"api_key": c.apiKey, "iin": iin, "phone": phone})
	if err != nil {
		return "", err
	}
	var out struct {
		SessionID *string `json:"backend_session_id"`
	}
	retryable := func(err error) bool {
		var ae *APIError
		return notSent(err) || errors.As(err, &ae) && ae.StatusCode == http.StatusServiceUnavailable
	}
	if err := c.call(ctx, "request", "/request/"+url.PathEscape(string(docType))+"/", body, &out, retryable); err != nil {
		return "", err
	}
	if out.SessionID == nil || *out.SessionID == "" {
		return "", fmt.Errorf("%w: request: no backend_session_id in the answer", ErrUnexpectedResponse)
	}
	return *out.SessionID, nil
}

// Approve sends the code of the session's SMS and returns the document, with the file asked for.
// A document whose digital copy failed comes back with FailureReason set and a nil error.
func (c *Client) Approve(ctx context.Context, sessionID, code string, file FileType) (*Document, error) {
	fileType := "pdf" // required by the API even without a file
	switch file {
	case FileNone, FilePDF:
	case FileImage:
		fileType = "image"
	default:
		return nil, fmt.Errorf("edoc: approve: unknown %v", file)
	}
	body, err := json.Marshal(struct {
		SessionID string `json:"backend_session_id"`
		Code      string `json:"code"`
		File      bool   `json:"file"`
		FileType  string `json:"file_type"`
	}{sessionID, code, file != FileNone, fileType})
	if err != nil {
		return nil, err
	}
	var doc Document
	if err := c.call(ctx, "approve", "/approve/", body, &doc, notSent); err != nil {
		return nil, err
	}
	return &doc, nil
}

// call posts body, decodes a 2xx answer into out, and retries while retryable says so.
func (c *Client) call(ctx context.Context, op, path string, body []byte, out any, retryable func(error) bool) error {
	wait := c.backoff
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, op, path, body, out)
		if err == nil || attempt >= c.retries || !retryable(err) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (retry abandoned: %w)", err, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
}

func (c *Client) once(ctx context.Context, op, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("edoc: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	resp, err := c.hc.Do(req)
	if err != nil {
		return &TransportError{Op: op, Err: err, Sent: !dialFailure(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return &TransportError{Op: op, Err: err, Sent: true}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return apiError(resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%w: %s: %d answer is not the documented JSON: %v: %s", ErrUnexpectedResponse, op, resp.StatusCode, err, clip(raw))
	}
	return nil
}

func apiError(status int, raw []byte) *APIError {
	var body struct {
		Detail *string `json:"detail"`
	}
	if json.Unmarshal(raw, &body) == nil && body.Detail != nil && *body.Detail != "" {
		return &APIError{StatusCode: status, Detail: *body.Detail}
	}
	return &APIError{StatusCode: status, Body: clip(raw)}
}

func clip(b []byte) string {
	const n = 4 << 10
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// dialFailure reports a failure to connect: nothing of the request left the client.
func dialFailure(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

func notSent(err error) bool {
	var te *TransportError
	return errors.As(err, &te) && !te.Sent
}
