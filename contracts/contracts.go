// Package contracts holds the OpenAPI documents of the two simulated upstreams and of the admin API,
// and checks HTTP exchanges against them. Simulators, clients and suites are all judged by these files.
//
// It never imports internal/: it describes the wire, not the implementation.
package contracts

import (
	"bytes"
	"context"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

//go:embed *.openapi.yaml
var files embed.FS

// The embedded documents.
const (
	EDocFile  = "edoc.openapi.yaml"
	EGovFile  = "egov.openapi.yaml"
	AdminFile = "admin.openapi.yaml"
)

// Raw returns the bytes of one embedded document, e.g. to serve it.
func Raw(name string) ([]byte, error) { return files.ReadFile(name) }

type loaded struct {
	once sync.Once
	doc  *openapi3.T
	err  error
}

func (l *loaded) get(name string) (*openapi3.T, error) {
	l.once.Do(func() { l.doc, l.err = load(name) })
	return l.doc, l.err
}

var edoc, egov, admin loaded

// EDoc is the E-Document API. The document is shared: read it, do not change it.
func EDoc() (*openapi3.T, error) { return edoc.get(EDocFile) }

// EGov is the SmartBridge gateway's JSON facade. The document is shared: read it, do not change it.
func EGov() (*openapi3.T, error) { return egov.get(EGovFile) }

// Admin is the /__admin/ API of both simulators. The document is shared: read it, do not change it.
func Admin() (*openapi3.T, error) { return admin.get(AdminFile) }

func load(name string) (*openapi3.T, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("contracts: %w", err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("contracts: load %s: %w", name, err)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("contracts: %s is not a valid OpenAPI document: %w", name, err)
	}
	// Without servers the router matches on the path alone, so local and test traffic routes.
	doc.Servers = nil
	return doc, nil
}

// maxBodyInError bounds the body quoted in an error message.
const maxBodyInError = 2 << 10

// Phase says which half of an exchange broke the contract.
type Phase string

// The two phases.
const (
	PhaseRequest  Phase = "request"
	PhaseResponse Phase = "response"
)

// Error is a contract violation: which exchange, which rule, and the body that broke it.
// Match it with errors.As, e.g. to tolerate request errors in tests that send bad requests on purpose.
type Error struct {
	Phase     Phase
	Method    string
	Path      string // the request's path
	Operation string // operationId, "" when no route matched
	Status    int    // the response status; 0 for request errors
	// Problems lists each broken rule, a JSON pointer first where there is one.
	Problems []string
	Body     string // the offending body, truncated to about 2 KiB
	Err      error  // the validator's own error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "contract: %s %s", e.Method, e.Path)
	if e.Operation != "" {
		fmt.Fprintf(&b, " (%s)", e.Operation)
	}
	if e.Phase == PhaseResponse {
		fmt.Fprintf(&b, ": response %d", e.Status)
	} else {
		b.WriteString(": request")
	}
	b.WriteString(" breaks the contract")
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p)
	}
	if e.Body != "" {
		b.WriteString("\n  body: ")
		b.WriteString(e.Body)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Validator checks requests and responses against one document. It is safe for concurrent use.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
	opts   *openapi3filter.Options
}

// NewValidator builds a router over doc. The doc must be validated and have no servers (as EDoc,
// EGov and Admin return it) for paths to match whatever the host.
func NewValidator(doc *openapi3.T) (*Validator, error) {
	if doc == nil {
		return nil, errors.New("contracts: nil document")
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contracts: router: %w", err)
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		SkipSettingDefaults:   true,
		// The servers check credentials themselves; the contract only describes them.
		AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil },
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
			// Files must decode, so "byte" is strict standard base64, not the lenient default pattern.
			openapi3.WithStringFormatValidator("byte", openapi3.NewCallbackValidator(func(s string) error {
				if _, err := base64.StdEncoding.DecodeString(s); err != nil {
					return fmt.Errorf("not standard base64: %v", err)
				}
				return nil
			})),
		},
	}
	return &Validator{doc: doc, router: router, opts: opts}, nil
}

// Request checks a request whose body is body (the request's own Body is not read).
func (v *Validator) Request(req *http.Request, body []byte) error {
	in, verr := v.input(req, body)
	if verr != nil {
		return verr
	}
	if err := openapi3filter.ValidateRequest(in.Request.Context(), in); err != nil {
		e := v.fail(PhaseRequest, req, in.Route, 0, body, err)
		e.Problems = describe(err)
		return e
	}
	return nil
}

// Response checks a response to req. reqBody is the request's body, needed to route and decode.
// A status the operation does not list is an error, whatever the body.
func (v *Validator) Response(req *http.Request, reqBody []byte, status int, header http.Header, body []byte) error {
	in, verr := v.input(req, reqBody)
	if verr != nil {
		verr.Phase, verr.Status, verr.Body = PhaseResponse, status, clip(body)
		return verr
	}
	route := in.Route
	// Checked here rather than left to kin-openapi, which passes a few redirect statuses unchecked
	// and would fall back to a `default` response.
	if route.Operation.Responses == nil || route.Operation.Responses.Status(status) == nil {
		e := v.fail(PhaseResponse, req, route, status, body, nil)
		e.Problems = []string{fmt.Sprintf("status %d is not documented (documented: %s)", status, documented(route.Operation))}
		return e
	}
	if header == nil {
		header = http.Header{}
	}
	rin := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                v.opts,
	}
	if err := openapi3filter.ValidateResponse(in.Request.Context(), rin); err != nil {
		e := v.fail(PhaseResponse, req, route, status, body, err)
		e.Problems = describe(err)
		return e
	}
	return nil
}

// Exchange checks both halves; the result joins a request *Error and a response *Error.
func (v *Validator) Exchange(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) error {
	reqErr := v.Request(req, reqBody)
	var ce *Error
	if resp == nil || (errors.As(reqErr, &ce) && ce.Operation == "") {
		// Without a route there is nothing to check the response against; say so once.
		return reqErr
	}
	return errors.Join(reqErr, v.Response(req, reqBody, resp.StatusCode, resp.Header, respBody))
}

// Transport checks every exchange that goes through next and calls report (when not nil) with each
// failure. The request and the response reach the caller unchanged: bodies are read and put back.
// Transport errors of next are returned as they are and not checked.
func (v *Validator) Transport(next http.RoundTripper, report func(error)) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{v: v, next: next, report: report}
}

type transport struct {
	v      *Validator
	next   http.RoundTripper
	report func(error)
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, reqBody, respBody, ok, err := roundTrip(t.next, req)
	if !ok {
		return resp, err
	}
	if cerr := t.v.Exchange(req, reqBody, resp, respBody); cerr != nil && t.report != nil {
		t.report(cerr)
	}
	return resp, nil
}

// roundTrip sends req through next and reads both bodies, putting the answer's back for the
// caller; ok is false when there is nothing to check (the call failed, or its answer broke off: a
// cut connection is the caller's to see, so what arrived goes back with the error).
func roundTrip(next http.RoundTripper, req *http.Request) (resp *http.Response, reqBody, respBody []byte, ok bool, err error) {
	out, reqBody, err := requestBody(req)
	if err != nil {
		return nil, nil, nil, false, err
	}
	resp, err = next.RoundTrip(out)
	if err != nil {
		return resp, nil, nil, false, err
	}
	respBody, readErr := io.ReadAll(resp.Body)
	closeErr := resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if readErr != nil || closeErr != nil {
		resp.Body = &erroringBody{r: bytes.NewReader(respBody), err: errors.Join(readErr, closeErr)}
		return resp, nil, nil, false, nil
	}
	return resp, reqBody, respBody, true, nil
}

// requestBody reads a request's body without consuming it for the next transport. A RoundTripper
// must not change the caller's request, so a body that cannot be read twice goes on in a clone.
func requestBody(req *http.Request) (*http.Request, []byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil, nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			_ = req.Body.Close()
			return nil, nil, err
		}
		defer rc.Close()
		data, err := io.ReadAll(rc)
		if err != nil {
			_ = req.Body.Close()
			return nil, nil, err
		}
		return req, data, nil
	}
	data, err := io.ReadAll(req.Body)
	closeErr := req.Body.Close()
	if err = errors.Join(err, closeErr); err != nil {
		return nil, nil, err
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(data))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	return out, data, nil
}

type erroringBody struct {
	r   *bytes.Reader
	err error
}

func (b *erroringBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, b.err
	}
	return n, err
}

func (b *erroringBody) Close() error { return nil }

// input routes req and gives kin-openapi a copy whose body is rebuilt from body.
func (v *Validator) input(req *http.Request, body []byte) (*openapi3filter.RequestValidationInput, *Error) {
	// The exchange may be over and its context cancelled; validation is pure work.
	ctx := context.WithoutCancel(req.Context())
	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	r.ContentLength = int64(len(body))
	if r.URL == nil {
		e := v.fail(PhaseRequest, req, nil, 0, body, nil)
		e.Problems = []string{"request has no URL"}
		return nil, e
	}
	// A tenant's paths are the same paths under /t/{tenant}/: route the rest (the original path stays in errors).
	if rest, ok := tenantPath(r.URL.Path); ok {
		u := *r.URL
		u.Path, u.RawPath = rest, ""
		r.URL = &u
	}
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		e := v.fail(PhaseRequest, req, nil, 0, body, err)
		switch {
		case errors.Is(err, routers.ErrMethodNotAllowed):
			e.Problems = []string{fmt.Sprintf("method %s is not documented for this path", req.Method)}
		case errors.Is(err, routers.ErrPathNotFound):
			e.Problems = []string{"path is not documented"}
		default:
			e.Problems = []string{err.Error()}
		}
		return nil, e
	}
	return &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options:    v.opts,
	}, nil
}

// tenantPath strips a tenant prefix, /t/{tenant}, from a path; a tenant name is 1 to 64 of
// [A-Za-z0-9._-]. Every path of every contract may be served under one.
func tenantPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/t/")
	if !ok {
		return "", false
	}
	name, tail, ok := strings.Cut(rest, "/")
	if !ok || len(name) == 0 || len(name) > 64 {
		return "", false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return "", false
		}
	}
	return "/" + tail, true
}

func (v *Validator) fail(phase Phase, req *http.Request, route *routers.Route, status int, body []byte, err error) *Error {
	e := &Error{Phase: phase, Method: req.Method, Status: status, Body: clip(body), Err: err}
	if req.URL != nil {
		e.Path = req.URL.Path
	}
	if route != nil && route.Operation != nil {
		e.Operation = route.Operation.OperationID
	}
	return e
}

func documented(op *openapi3.Operation) string {
	if op.Responses == nil {
		return "none"
	}
	var codes []string
	for code := range op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return strings.Join(codes, ", ")
}

// describe flattens kin-openapi's nested errors into one line per broken rule.
func describe(err error) []string {
	var out []string
	var walk func(error, string)
	walk = func(err error, prefix string) {
		if err == nil {
			return
		}
		// Only a MultiError itself: one found by unwrapping would lose the wrapper's context.
		if me, ok := err.(openapi3.MultiError); ok {
			for _, e := range me {
				walk(e, prefix)
			}
			return
		}
		switch e := err.(type) {
		case *openapi3filter.RequestError:
			p := prefix
			switch {
			case e.Parameter != nil:
				p += fmt.Sprintf("%s parameter %q: ", e.Parameter.In, e.Parameter.Name)
			case e.RequestBody != nil:
				p += "body: "
			}
			if e.Err == nil {
				out = append(out, p+e.Reason)
				return
			}
			if e.Reason != "" && e.Reason != e.Err.Error() && !hasSchemaError(e.Err) {
				p += e.Reason + ": "
			}
			walk(e.Err, p)
			return
		case *openapi3filter.ResponseError:
			if e.Err == nil {
				out = append(out, prefix+e.Reason)
				return
			}
			p := prefix
			if !hasSchemaError(e.Err) {
				p += e.Reason + ": "
			} else {
				p += "body: "
			}
			walk(e.Err, p)
			return
		case *openapi3filter.SecurityRequirementsError:
			out = append(out, prefix+e.Error())
			return
		case *openapi3.SchemaError:
			// A oneOf (discriminated or not) or allOf failure says only that a branch failed; the
			// branch's own errors name the field, with pointers that are already absolute.
			if inner := branchErrors(e); len(inner) > 0 {
				for _, ie := range inner {
					walk(ie, prefix)
				}
				return
			}
			ptr := "/" + strings.Join(e.JSONPointer(), "/")
			line := fmt.Sprintf("%sat %s: %s", prefix, ptr, e.Reason)
			if e.SchemaField != "" {
				line += fmt.Sprintf(" (rule %q)", e.SchemaField)
			}
			out = append(out, line)
			return
		}
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range u.Unwrap() {
				walk(e, prefix)
			}
			return
		}
		if u := errors.Unwrap(err); u != nil && (isSchemaError(u) || hasSchemaError(u)) {
			walk(u, prefix)
			return
		}
		out = append(out, prefix+err.Error())
	}
	walk(err, "")
	return out
}

// branchErrors returns the errors of the branches of a failed oneOf or allOf, nil for any other error.
func branchErrors(e *openapi3.SchemaError) []error {
	if e.Origin == nil || (e.SchemaField != "oneOf" && e.SchemaField != "allOf") {
		return nil
	}
	var me openapi3.MultiError
	if !errors.As(e.Origin, &me) {
		return nil
	}
	return me
}

func isSchemaError(err error) bool {
	_, ok := err.(*openapi3.SchemaError)
	return ok
}

func hasSchemaError(err error) bool {
	var se *openapi3.SchemaError
	return errors.As(err, &se)
}

// clip quotes a body for an error message: at most about 2 KiB, cut on a rune boundary.
func clip(body []byte) string {
	if len(body) <= maxBodyInError {
		return string(body)
	}
	cut := maxBodyInError
	for cut > 0 && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return string(body[:cut]) + "… (" + strconv.Itoa(len(body)) + " bytes)"
}
