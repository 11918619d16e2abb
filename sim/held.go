package sim

import (
	"bufio"
	"bytes"
	"errors"
	"maps"
	"net"
	"net/http"
)

// serve runs h with the answer held back until h has returned. The simulators journal a call when
// their handler returns, after the answer is written, and a large answer (a document with its
// files) reaches the client before that: a test that reads Requests() as soon as its client has the
// answer would sometimes miss the call. Held, the bytes are the same and the call is journaled
// before the client sees any of them. A transport fault that takes the connection over is passed
// through untouched.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) {
	hw := &held{w: w}
	h.ServeHTTP(hw, r)
	hw.release()
}

type held struct {
	w        http.ResponseWriter
	status   int
	header   http.Header // as it was when the status was written: later changes do not count
	body     bytes.Buffer
	hijacked bool
}

func (h *held) Header() http.Header { return h.w.Header() }

func (h *held) WriteHeader(code int) {
	if h.status != 0 || code < 200 { // informational answers are not held, nor sent: none is used
		return
	}
	h.status = code
	h.header = h.w.Header().Clone()
}

func (h *held) Write(p []byte) (int, error) {
	if h.hijacked {
		return 0, http.ErrHijacked
	}
	if h.status == 0 {
		h.WriteHeader(http.StatusOK)
	}
	return h.body.Write(p)
}

// Flush holds on: everything goes out when the handler returns.
func (h *held) Flush() {}

// Hijack hands the connection over, for transport faults.
func (h *held) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := h.w.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("connection cannot be hijacked")
	}
	c, rw, err := hj.Hijack()
	if err == nil {
		h.hijacked = true
	}
	return c, rw, err
}

// Unwrap lets http.ResponseController reach the real writer (write deadlines).
func (h *held) Unwrap() http.ResponseWriter { return h.w }

func (h *held) release() {
	if h.hijacked || h.status == 0 && h.body.Len() == 0 {
		return
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	if h.header != nil {
		dst := h.w.Header()
		clear(dst)
		maps.Copy(dst, h.header)
	}
	h.w.WriteHeader(h.status)
	_, _ = h.w.Write(h.body.Bytes())
}
