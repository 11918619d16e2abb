package egov

import (
	"net/http"
	"strings"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/metrics"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
)

// Serve is the whole upstream surface of mock-egov:
//
//	POST {BasePath}{operation}     one of the eleven operations (unknown names: 404 UNKNOWN_OPERATION,
//	                               after the credential checks, like any call)
//	other methods under BasePath   405 METHOD_NOT_ALLOWED
//	POST {SOAPPath}                SyncChannel SendMessage, the same eleven by serviceId (soap.go)
//	GET  {SOAPPath}?wsdl           its WSDL; GET {SOAPPath}{name}.xsd its schemas
//	any other path                 404 NOT_FOUND
func (srv *Server) Serve(w http.ResponseWriter, r *http.Request, t *world.Tenant) {
	op, ok := strings.CutPrefix(r.URL.Path, BasePath)
	switch {
	case strings.HasPrefix(r.URL.Path, SOAPPath):
		srv.serveSOAP(w, r, t)
	case !ok:
		web.JSON(w, http.StatusNotFound, errorBody{Message: "Not found: " + r.URL.Path + " (operations are POST " + BasePath + "{operation}; the admin API is under " + admin.Prefix + ")", Code: "NOT_FOUND", Operation: ""})
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, op, upstream.EgovMethodNotAllowed, "Method "+r.Method+" not allowed: operations are called with POST")
	default:
		srv.handleOperation(w, r, t, op)
	}
}

// Operations are the names Operation answers with, besides metrics.Other ("other").
func (srv *Server) Operations() []string { return upstream.EgovOperations }

// Operation names call r for metrics and logs: one of the eleven operations, or "other" (an unknown
// name, a path outside BasePath).
func (srv *Server) Operation(r *http.Request) string {
	if op, ok := strings.CutPrefix(r.URL.Path, BasePath); ok && upstream.IsEgovOperation(op) {
		return op
	}
	return metrics.Other
}
