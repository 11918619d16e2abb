package edoc

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/metrics"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/world"
)

// Serve is the whole upstream surface of mock-edoc, written out by hand rather than through a
// router: the two calls are the hot path of every load test, and a router's regular expressions
// and context copies cost more than the checks themselves.
//
//	POST {BasePath}request/{document_type}/   request
//	POST {BasePath}approve/                   approve
//	any other method on those paths           405 Method "<M>" not allowed.
//	any other path                            404 Not found.
func (srv *Server) Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant) {
	p := r.URL.Path
	rest, ok := strings.CutPrefix(p, BasePath)
	if !ok {
		fail(w, upstream.NotFound)
		return
	}
	switch {
	case rest == "approve/":
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r)
			return
		}
		srv.approve(w, r, t)
	case strings.HasPrefix(rest, "request/") && len(rest) > len("request//") && rest[len(rest)-1] == '/' &&
		strings.IndexByte(rest[len("request/"):len(rest)-1], '/') < 0:
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r)
			return
		}
		srv.request(w, r, t, rest[len("request/"):len(rest)-1])
	default:
		fail(w, upstream.NotFound)
	}
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", http.MethodPost)
	detailf(w, upstream.MethodNotAllowed, r.Method)
}

// adminRoutes adds mock-edoc's own admin call: the SMS outbox.
func (srv *Server) adminRoutes(a *mux.Router) {
	a.HandleFunc(admin.Prefix+"sms", srv.handleSMS).Methods(http.MethodGet)
}

var edocOperations = []string{upstream.EdocRequest, upstream.EdocApprove}

// Operations are the names Operation answers with, besides metrics.Other ("other").
func (srv *Server) Operations() []string { return edocOperations }

// Operation names call r for metrics and logs: "request" or "approve" on their paths (any method),
// "other" elsewhere. Never the document type or a raw path.
func (srv *Server) Operation(r *http.Request) string {
	rest, ok := strings.CutPrefix(r.URL.Path, BasePath)
	switch {
	case !ok:
	case rest == "approve/":
		return upstream.EdocApprove
	case strings.HasPrefix(rest, "request/"):
		return upstream.EdocRequest
	}
	return metrics.Other
}
