package sim_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/store/redisstore/redistest"
	"github.com/egovsim/egovsim/sim"
)

// Two embedded simulators on one Redis are one world: a code sent by one is read from the other,
// and a clock moved on one has moved on both.
func TestWithStoreSharesTheWorld(t *testing.T) {
	rs := redistest.Start(t)
	var es []*sim.Edoc
	for range 2 {
		e, err := sim.NewEdoc(nil, sim.WithStore(rs.URL(), "sim-test:"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = e.Close() })
		es = append(es, e)
	}
	body := `{"api_key":"` + sim.DefaultEdocAPIKey + `","iin":"` + iin + `","phone":"` + phone + `"}`
	if code, m := call(t, es[0], http.MethodPost, edocBase+"request/identity_card/", body); code != 200 {
		t.Fatalf("request: %d %v", code, m)
	}
	if _, ok := es[1].Code(phone); !ok {
		t.Fatal("the other simulator has no code for the phone")
	}
	if err := es[1].Advance(6 * 60e9); err != nil {
		t.Fatal(err)
	}
	// The first one's clock moved at its next call.
	if code, m := call(t, es[0], http.MethodGet, "/__admin/clock", ""); code != 200 || m["offset"] != "6m0s" {
		t.Fatalf("clock on the other simulator: %d %v", code, m)
	}
}

func TestWithStoreRefusesOtherURLs(t *testing.T) {
	if _, err := sim.NewEdoc(nil, sim.WithStore("127.0.0.1:6379", "")); err == nil || !strings.Contains(err.Error(), "redis://") {
		t.Fatalf("want a refusal naming redis://, got %v", err)
	}
}
