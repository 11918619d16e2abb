// Package egov is a client of the eGov SmartBridge gateway's JSON facade (the connector document,
// docs/behaviour.md §3), or of its SOAP SyncChannel (Config.Transport = SOAP): one typed method per operation,
// configured like the upstream connector, every documented error mapped to a value matched with errors.Is.
//
// It works against mock-egov and against anything that speaks the same contract
// (contracts/egov.openapi.yaml). It imports nothing of the simulators.
package egov

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

	"github.com/google/uuid"
)

// The gateway's operations, as the connector document names them.
const (
	OpGBDFL            = "gbdflUniversalServiceSync"
	OpFamilyInfo       = "familyInfoServiceSync"
	OpSchools          = "NEDBSyncSchoolData"
	OpCheckDebtor      = "checkDebtorByIINBIN"
	OpCitsDebts        = "citsDebts"
	OpCitsUpcPays      = "citsUpcPays"
	OpFindMarriage     = "zagsFindMarriageSync"
	OpEducation        = "MON_NEDB_UNIVERSAL_SERVICE"
	OpInitPayment      = "initPaymentRequest"
	OpPropertyOwner    = "GbdrnOwnerForRegCitizen"
	OpPaymentInfo      = "paymentInfoRequest"
	operationsBasePath = "api/egov/"
)

// Operations lists the eleven, in the connector document's order.
var Operations = []string{OpGBDFL, OpFamilyInfo, OpSchools, OpCheckDebtor, OpCitsDebts, OpCitsUpcPays,
	OpFindMarriage, OpEducation, OpInitPayment, OpPropertyOwner, OpPaymentInfo}

// Config is the connector's configuration: senderId, password, serviceUrl and apiKey, plus the
// constants its operations send (EGOV_SENDER_CODE, DIGITAL_SIGN_BASE_URL, CERT_PREFIX).
type Config struct {
	SenderID           string // X-Egov-Sender-Id
	Password           string // X-Egov-Password
	ServiceURL         string // the gateway's base URL, e.g. http://127.0.0.1:8082; operations are POST {ServiceURL}/api/egov/{operation}
	APIKey             string // Authorization: Bearer <APIKey>
	SenderCode         string // senderCode, sent by the operations that take it
	DigitalSignBaseURL string // digitalSignBaseUrl of citsDebts and citsUpcPays
	CertEnvPrefix      string // certEnvPrefix of citsDebts and citsUpcPays; optional
	// Transport is the wire: JSON (the default, the connector document's facade) or SOAP
	// (SmartBridge SyncChannel at {ServiceURL}/bip-sync/). The methods and their answers are the same.
	Transport Transport
}

// Client calls the gateway. It is safe for concurrent use.
type Client struct {
	cfg  Config
	base *url.URL
	http *http.Client
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (time-outs, transport, instrumentation). Default: http.DefaultClient.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h != nil {
			c.http = h
		}
	}
}

// New makes a client. ServiceURL must be an absolute http(s) URL.
func New(cfg Config, opts ...Option) (*Client, error) {
	u, err := url.Parse(cfg.ServiceURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("egov: ServiceURL %q: want an absolute http(s) URL such as http://127.0.0.1:8082", cfg.ServiceURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c := &Client{cfg: cfg, base: u, http: http.DefaultClient}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

type messageIDKey struct{}

// WithMessageID makes calls with ctx send this messageId: any non-empty string (the connector
// document's own example sends "req-123"). Without it, or with "", each call generates a UUID.
func WithMessageID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, messageIDKey{}, id)
}

// maxAnswer bounds how much of an answer is read.
const maxAnswer = 32 << 20

// do calls an operation and decodes its answer into a T; nil with the error when it fails.
func do[T any](ctx context.Context, c *Client, op string, params map[string]any) (*T, error) {
	var out T
	if err := c.call(ctx, op, params, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// call posts params to the operation and decodes a 2xx answer into out.
func (c *Client) call(ctx context.Context, op string, params map[string]any, out any) error {
	id, _ := ctx.Value(messageIDKey{}).(string)
	if id == "" {
		id = uuid.NewString()
	}
	params["messageId"] = id
	if c.cfg.Transport == SOAP {
		return c.callSOAP(ctx, op, id, params, out)
	}
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("egov: %s: encoding the request: %w", op, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.JoinPath(operationsBasePath+op).String(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("egov: %s: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	req.Header.Set("X-Egov-Sender-Id", c.cfg.SenderID)
	req.Header.Set("X-Egov-Password", c.cfg.Password)
	resp, data, err := c.exchange(op, req)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return apiError(op, resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("egov: %s: %w: %v: %s", op, ErrMalformedResponse, err, snippet(data))
	}
	return nil
}

// exchange sends req and reads its answer whole, at most maxAnswer bytes: both transports' one
// round trip.
func (c *Client) exchange(op string, req *http.Request) (*http.Response, []byte, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("egov: %s: %w", op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return nil, nil, fmt.Errorf("egov: %s: reading the answer: %w", op, err)
	}
	if len(data) > maxAnswer {
		return nil, nil, fmt.Errorf("egov: %s: %w: larger than %d bytes", op, ErrMalformedResponse, maxAnswer)
	}
	return resp, data, nil
}

func snippet(b []byte) string {
	const n = 200
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// set adds a parameter unless it is empty, as the connector leaves out what it has no value for.
func set(m map[string]any, key, value string) {
	if value != "" {
		m[key] = value
	}
}

// ---- Errors

// The documented gateway errors, matched with errors.Is against an *APIError.
var (
	ErrValidation         = errors.New("egov: VALIDATION_ERROR")
	ErrUnauthorized       = errors.New("egov: UNAUTHORIZED")
	ErrForbidden          = errors.New("egov: FORBIDDEN")
	ErrUnknownOperation   = errors.New("egov: UNKNOWN_OPERATION")
	ErrMethodNotAllowed   = errors.New("egov: METHOD_NOT_ALLOWED") // 405: operations are called with POST
	ErrPaymentNotFound    = errors.New("egov: PAYMENT_NOT_FOUND")
	ErrServiceUnavailable = errors.New("egov: SERVICE_UNAVAILABLE")
	ErrGatewayTimeout     = errors.New("egov: GATEWAY_TIMEOUT")
	ErrUpstreamError      = errors.New("egov: UPSTREAM_ERROR")
)

// ErrMalformedResponse is a success status whose body is not the operation's JSON. It is not an
// *APIError: the gateway did not refuse, its answer broke.
var ErrMalformedResponse = errors.New("egov: malformed answer")

var byCode = map[string]error{
	"VALIDATION_ERROR":    ErrValidation,
	"UNAUTHORIZED":        ErrUnauthorized,
	"FORBIDDEN":           ErrForbidden,
	"UNKNOWN_OPERATION":   ErrUnknownOperation,
	"METHOD_NOT_ALLOWED":  ErrMethodNotAllowed,
	"PAYMENT_NOT_FOUND":   ErrPaymentNotFound,
	"SERVICE_UNAVAILABLE": ErrServiceUnavailable,
	"GATEWAY_TIMEOUT":     ErrGatewayTimeout,
	"UPSTREAM_ERROR":      ErrUpstreamError,
}

// byStatus classifies answers that carry no known code (a proxy's 503 page, say).
var byStatus = map[int]error{
	http.StatusBadRequest:            ErrValidation,
	http.StatusRequestEntityTooLarge: ErrValidation,
	http.StatusUnauthorized:          ErrUnauthorized,
	http.StatusForbidden:             ErrForbidden,
	http.StatusMethodNotAllowed:      ErrMethodNotAllowed,
	http.StatusBadGateway:            ErrUpstreamError,
	http.StatusServiceUnavailable:    ErrServiceUnavailable,
	http.StatusGatewayTimeout:        ErrGatewayTimeout,
}

// APIError is an error answer of the gateway: {"message", "code", "operation"} and its status.
type APIError struct {
	StatusCode int
	Code       string // VALIDATION_ERROR, UNAUTHORIZED, ...; "" when the body carried none
	Message    string
	Operation  string
}

func (e *APIError) Error() string {
	code := e.Code
	if code == "" {
		code = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("egov: %s: %d %s: %s", e.Operation, e.StatusCode, code, e.Message)
}

// Is matches the sentinel of the error's code (the JSON facade's, or a SyncChannel SCE code), or
// of its status when the code is unknown.
func (e *APIError) Is(target error) bool {
	if s, ok := byCode[e.Code]; ok {
		return s == target
	}
	if s, ok := bySyncCode[e.Code]; ok {
		return s == target
	}
	s, ok := byStatus[e.StatusCode]
	return ok && s == target
}

func apiError(op string, status int, body []byte) error {
	var b struct {
		Message   string `json:"message"`
		Code      string `json:"code"`
		Operation string `json:"operation"`
	}
	e := &APIError{StatusCode: status, Operation: op}
	if err := json.Unmarshal(body, &b); err == nil && (b.Code != "" || b.Message != "") {
		e.Code, e.Message = b.Code, b.Message
		if b.Operation != "" {
			e.Operation = b.Operation
		}
	} else {
		e.Message = strings.TrimSpace(snippet(body))
	}
	return e
}
