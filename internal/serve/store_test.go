package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/store/redisstore/redistest"
)

// -store takes Redis URLs only; a bad one is a bad command line.
func TestStoreFlagRefusesOtherURLs(t *testing.T) {
	for _, c := range []struct {
		args   []string
		getenv func(string) string
		want   string
	}{
		{[]string{"-store", "memcached://127.0.0.1:11211"}, env(), "-store: want redis://"},
		{nil, env("EGOVSIM_STORE", "127.0.0.1:6379"), "-store: want redis://"},
		{[]string{"-store", "redis://127.0.0.1:notaport/0"}, env(), `-store "redis://127.0.0.1:notaport/0"`},
		{[]string{"-store", "redis://u:secret@127.0.0.1:6379/x"}, env(), `-store "redis://…@127.0.0.1:6379/x"`},
	} {
		r := runOnce(t, c.args, c.getenv)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "secret") {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// Two servers given the same EGOVSIM_STORE serve one world: a session opened on one is approved on
// the other's outbox.
func TestStoreFromTheEnvironmentSharesTheWorld(t *testing.T) {
	rs := redistest.Start(t)
	e := env("EGOVSIM_STORE", rs.URL(), "EGOVSIM_STORE_PREFIX", "serve-test:")
	a, _, stopA := start(t, []string{"-addr", "127.0.0.1:0"}, e)
	b, _, stopB := start(t, []string{"-addr", "127.0.0.1:0"}, e)
	body := `{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300017","phone":"+77010000001"}`
	resp, err := http.Post("http://"+a+edoc.BasePath+"request/identity_card/", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get("http://" + b + "/__admin/sms?phone=%2B77010000001")
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !strings.Contains(string(out), `"session_id"`) {
		t.Fatalf("the other server's outbox: %s %v", out, err)
	}
	if err := stopA(); err != nil {
		t.Fatal(err)
	}
	if err := stopB(); err != nil {
		t.Fatal(err)
	}
}
