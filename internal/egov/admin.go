package egov

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/egovsim/egovsim/internal/admin"
	"github.com/egovsim/egovsim/internal/store"
	"github.com/egovsim/egovsim/internal/web"
	"github.com/egovsim/egovsim/internal/world"
)

// maxListed bounds GET /__admin/payments.
const maxListed = 200

// adminRoutes adds mock-egov's own admin call: the payments and their states.
func (srv *Server) adminRoutes(a *mux.Router) {
	a.HandleFunc(admin.Prefix+"payments", handlePayments).Methods(http.MethodGet)
}

// handlePayments is GET /__admin/payments?limit=N: the tenant's newest payments first, each with
// its status on the world's clock, as paymentInfoRequest reports it.
func handlePayments(w http.ResponseWriter, r *http.Request) {
	n := maxListed
	if l := r.URL.Query().Get("limit"); l != "" {
		v, err := strconv.Atoi(l)
		if err != nil || v < 1 || v > maxListed {
			admin.Error(w, http.StatusBadRequest, "limit: a number from 1 to "+strconv.Itoa(maxListed))
			return
		}
		n = v
	}
	wd := world.TenantFrom(r).World()
	ps, err := wd.Store.Payments(n)
	if err != nil && !errors.Is(err, store.ErrRetired) {
		web.Harness(w, http.StatusServiceUnavailable, "the simulator's store failed: "+err.Error())
		return
	}
	now := wd.Clock.Now()
	out := make([]paymentView, 0, len(ps))
	for i := range ps {
		out = append(out, view(&ps[i], now))
	}
	web.JSON(w, http.StatusOK, map[string]any{"payments": out})
}
