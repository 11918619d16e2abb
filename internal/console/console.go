// Package console is the simulators' web console, served at /__admin/ui/ (and per tenant under
// /t/{tenant}/__admin/ui/): plain HTML, CSS and JavaScript embedded in the binary, no build step,
// nothing fetched from another origin. The page and its assets need no admin token; every call the
// page makes goes to the admin API, which does (a login form keeps the token in sessionStorage and
// sends it as an Authorization header, never in a URL).
package console

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/egovsim/egovsim/internal/admin"
)

// Path is where the console lives.
const Path = "/__admin/ui/"

//go:embed assets
var assets embed.FS

// Handler serves the console of a simulator ("edoc" or "egov"); r.URL.Path has its tenant prefix
// taken off.
func Handler(service string) http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		panic(err)
	}
	index = bytes.Replace(index, []byte(`data-sim=""`), []byte(`data-sim="`+service+`"`), 1)
	files := http.StripPrefix(strings.TrimSuffix(Path, "/"), http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			admin.Error(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path)
			return
		}
		h := w.Header()
		// Nothing from another origin: the policy says so to the browser too.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		rest := strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(Path, "/"))
		switch rest {
		case "":
			// Relative, so that a tenant's prefix stays on.
			h.Set("Location", path.Base(Path)+"/")
			w.WriteHeader(http.StatusMovedPermanently)
			return
		case "/", "/index.html":
			h.Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(index)
			return
		}
		if st, err := fs.Stat(sub, strings.TrimPrefix(rest, "/")); err != nil || st.IsDir() {
			admin.Error(w, http.StatusNotFound, "no such console file "+r.URL.Path)
			return
		}
		files.ServeHTTP(w, r)
	})
}
