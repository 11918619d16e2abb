package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egovsim/egovsim/internal/clock"
)

func TestJournalRingKeepsNewest(t *testing.T) {
	j := NewJournal(3)
	for i := 0; i < 5; i++ {
		j.Add(Entry{Path: fmt.Sprint(i)})
	}
	got := j.Entries()
	if len(got) != 3 || got[0].Path != "2" || got[2].Path != "4" || j.Len() != 3 {
		t.Fatalf("entries = %+v", got)
	}
	j.Clear()
	if j.Len() != 0 || len(j.Entries()) != 0 {
		t.Fatal("clear")
	}
}

func TestMiddlewareRecordsStatuses(t *testing.T) {
	j := NewJournal(10)
	h := j.Middleware(clock.New(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/teapot" {
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/teapot", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/silent", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/__admin/health", nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/gone", nil).WithContext(ctx))
	got := j.Entries()
	if len(got) != 3 || got[0].Status != 418 || got[1].Status != 200 || got[2].Status != 499 {
		t.Fatalf("journal = %+v (admin calls are not journaled)", got)
	}
}
