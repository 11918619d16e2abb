// Package web holds the HTTP plumbing both simulators share: JSON answers, bounded strict body
// reading, recovery, and a response recorder that keeps hijacking possible for transport faults.
package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// MaxBody caps every request body: above it the answer is 413.
const MaxBody = 1 << 20

// Errors of ReadBody.
var (
	ErrTooLarge = errors.New("request body is larger than 1 MiB")
	ErrSlowBody = errors.New("the request body did not arrive in time")
)

// SyntaxError is a body that is not JSON; Reason says where and why.
type SyntaxError struct{ Reason string }

func (e *SyntaxError) Error() string { return "request body is not valid JSON: " + e.Reason }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// JSON writes v with status. A value that cannot be encoded (a NaN that slipped through, say) is
// never answered as a broken body: the answer is then a harness error that says so.
func JSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		w.Header().Set(HarnessHeader, "true")
		msg, _ := json.Marshal("the simulator could not encode its answer: " + err.Error())
		Raw(w, http.StatusInternalServerError, append(append([]byte(`{"harness_error":`), msg...), "}\n"...))
		return
	}
	Raw(w, status, buf.Bytes())
	if buf.Cap() <= 64<<10 {
		bufPool.Put(buf)
	}
}

var contentTypeJSON = []string{"application/json"}

// Raw writes an already encoded JSON body.
func Raw(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// WriteTimeout bounds the writing of one answer (the server's WriteTimeout): a client that sends
// requests and never reads cannot hold a connection for ever. Deliberate delays extend it.
var WriteTimeout = 30 * time.Second

// ExtendWrite moves the answer's write deadline d further, for a delay the scenario asked for.
func ExtendWrite(w http.ResponseWriter, d time.Duration) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(WriteTimeout + d))
}

// ReadBody reads the whole body up to MaxBody.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.ContentLength > MaxBody {
		return nil, ErrTooLarge
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return nil, ErrSlowBody
	}
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return nil, ErrTooLarge
	}
	if err != nil {
		return nil, errors.New("could not read the request body: the connection failed while it was sent")
	}
	if len(b) > MaxBody {
		return nil, ErrTooLarge
	}
	return b, nil
}

// DecodeObject decodes a JSON object into a map of raw fields, refusing anything that is not one
// object. The caller checks each field's type, so that messages name the field.
func DecodeObject(body []byte) (map[string]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, errors.New("request body is empty: a JSON object is required")
	}
	if trimmed[0] != '{' {
		return nil, errors.New("request body must be a JSON object")
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(trimmed, &m) == nil {
		return m, nil // the common case; the slow path below words the refusals
	}
	m = nil
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&m); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, errors.New("request body must be a JSON object")
		}
		return nil, &SyntaxError{Reason: err.Error()}
	}
	if dec.More() {
		return nil, errors.New("request body must hold one JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("request body must hold one JSON object")
	}
	return m, nil
}

// String reads a required string field; the error names the field.
func String(m map[string]json.RawMessage, field string) (string, error) {
	raw, ok := m[field]
	if !ok || string(raw) == "null" {
		return "", fmt.Errorf("%s: This field is required.", field)
	}
	// The map holds valid JSON: a quoted run without escapes is the string itself.
	if n := len(raw); n >= 2 && raw[0] == '"' && bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw[1 : n-1]), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: Not a valid string.", field)
	}
	return s, nil
}

// Bool reads a required boolean field; the error names the field.
func Bool(m map[string]json.RawMessage, field string) (bool, error) {
	raw, ok := m[field]
	if !ok || string(raw) == "null" {
		return false, fmt.Errorf("%s: This field is required.", field)
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, fmt.Errorf("%s: Must be a valid boolean.", field)
	}
	return b, nil
}

// HarnessHeader marks an answer as the simulator's own trouble (a bug, a file it could not render,
// its store unreachable), never a simulated upstream's answer. The body is {"harness_error": "..."},
// a shape no simulated upstream uses.
const HarnessHeader = "X-Egovsim-Harness-Error"

// Harness answers a harness error.
func Harness(w http.ResponseWriter, status int, msg string) {
	w.Header().Set(HarnessHeader, "true")
	JSON(w, status, map[string]string{"harness_error": msg})
}

// Recorder remembers the status written, and still lets a handler hijack the connection.
type Recorder struct {
	http.ResponseWriter
	Status int
}

func (r *Recorder) decide(code int) {
	if r.Status == 0 {
		r.Status = code
	}
}

// WriteHeader records the status.
func (r *Recorder) WriteHeader(code int) {
	r.decide(code)
	r.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200.
func (r *Recorder) Write(b []byte) (int, error) {
	r.decide(http.StatusOK)
	return r.ResponseWriter.Write(b)
}

// Hijack passes through to the connection, for transport faults.
func (r *Recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("connection cannot be hijacked: %w", http.ErrNotSupported)
	}
	conn, rw, err := h.Hijack()
	if err == nil {
		r.decide(499) // the connection was taken over: no status reached the client
	}
	return conn, rw, err
}

// Flush passes through.
func (r *Recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Recovered is the last line of defence, deferred by the handler it guards: a panic is logged with
// its stack and answered with a harness error (500) that says it is the simulator's fault, never the
// simulated upstream's.
func Recovered(log *slog.Logger, w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	log.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	Harness(w, http.StatusInternalServerError, "simulator bug: "+strings.TrimSpace(fmt.Sprint(v)))
}
