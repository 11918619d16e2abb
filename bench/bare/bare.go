// Package bare is the yardstick of the load figures: a plain net/http handler that answers every
// request with one fixed JSON body. The benchmarks and scripts/bare serve the same one, so the
// ratios in the README compare the simulators with exactly this.
package bare

import (
	"io"
	"net/http"
	"strconv"
)

// Body is the fixed answer, shaped like an E-Document request answer.
var Body = []byte(`{"backend_session_id":"00000000-0000-4000-8000-000000000000"}` + "\n")

var contentLength = strconv.Itoa(len(Body))

// Handler drains the request body (a real server reads it too) and writes Body.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", contentLength)
		_, _ = w.Write(Body)
	})
}
