package egov

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/upstream"
	"github.com/egovsim/egovsim/internal/web"
)

// routes is the whole surface: the operations, the admin API, and JSON answers for everything else.
// Order of the layers, outermost first: recovery, the request journal, the router.
func (srv *Server) routes() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc(BasePath+"{operation}", srv.handleOperation).Methods(http.MethodPost)
	admin.Router(r, admin.Config{Sim: srv, Clock: srv.clock, Journal: srv.journal, Token: srv.set.AdminToken})
	r.NotFoundHandler = http.HandlerFunc(srv.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(methodNotAllowed)
	return web.Recover(srv.log, srv.journal.Middleware(srv.clock, r))
}

// notFound answers paths outside the routes. Under BasePath (an empty or nested operation name) it is
// the gateway's UNKNOWN_OPERATION after the credential checks, like any other unknown name.
func (srv *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if op, ok := strings.CutPrefix(r.URL.Path, BasePath); ok && r.Method == http.MethodPost {
		if srv.authenticate(w, r, op) {
			writeError(w, op, upstream.EgovUnknownOperation, unknownOperationMessage(op))
		}
		return
	}
	web.JSON(w, http.StatusNotFound, errorBody{Message: "Not found: " + r.URL.Path + " (operations are POST " + BasePath + "{operation}; the admin API is under " + admin.Prefix + ")", Code: "NOT_FOUND", Operation: ""})
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	op, isOp := strings.CutPrefix(r.URL.Path, BasePath)
	if !isOp {
		admin.Error(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path)
		return
	}
	w.Header().Set("Allow", http.MethodPost)
	web.JSON(w, http.StatusMethodNotAllowed, errorBody{Message: "Method " + r.Method + " not allowed: operations are called with POST", Code: "METHOD_NOT_ALLOWED", Operation: op})
}
