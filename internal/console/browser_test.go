package console_test

// Browser tests: the console in real headless Chromium (Debian's chromium), driven with chromedp.
// Without chromium they skip, unless CI is set: then they fail.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

const (
	token     = "console-s3cret"
	activeKey = "edoc_test_active_0000000000000000000000000000000"
	happyIIN  = "900101300017"
	happyTel  = "+77010000001"
)

// ceiling bounds every wait in the page: waits are on the page's own state, never a fixed sleep.
const ceiling = 60 * time.Second

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (apt-get install -y chromium); CI is set, so the browser tests must run")
	}
	t.Skip("chromium is not installed: skipping the browser tests (apt-get install -y chromium)")
	return ""
}

// browser starts headless Chromium with a throw-away profile and no network beyond the test's
// server, and returns a tab's context.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, ceiling)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		// What the page showed, for the failure's report.
		sc, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if png, serr := chromedp.Run(sc, chromedp.CaptureScreenshot()); serr == nil {
			f := filepath.Join(os.TempDir(), "egovsim-console-"+strings.ReplaceAll(t.Name(), "/", "_")+".png")
			if os.WriteFile(f, png, 0o644) == nil {
				t.Logf("the page at the failure: %s", f)
			}
		}
		t.Fatalf("%s: %v", what, err)
	}
}

// textInto reads an element's text into dst, as one step of a run.
func textInto(sel string, dst *string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		v, err := chromedp.Text(chromedp.CSS(sel))(ctx, tg)
		*dst = v
		return chromedp.Void{}, err
	}
}

// setValue sets a form field's value from the page's own JavaScript.
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	q, _ := json.Marshal(sel)
	v, _ := json.Marshal(value)
	var ok bool
	return evalInto(`(() => { const e = document.querySelector(`+string(q)+`); if (!e) return false; e.value = `+string(v)+`; return true; })()`, &ok)
}

// evalInto evaluates a JavaScript expression into dst, as one step of a run.
func evalInto[T any](expr string, dst *T) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		v, err := chromedp.Evaluate[T](expr)(ctx, tg)
		*dst = v
		return chromedp.Void{}, err
	}
}

func post(t *testing.T, url, body string, hdr map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func sessionOf(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `"backend_session_id":"`)
	id, _, ok2 := strings.Cut(rest, `"`)
	if !ok || !ok2 {
		t.Fatalf("no session in %s", body)
	}
	return id
}

const (
	requestURL = edoc.BasePath + "request/"
	approveURL = edoc.BasePath + "approve/"
)

func requestBody(iin, phone string) string {
	return `{"api_key":"` + activeKey + `","iin":"` + iin + `","phone":"` + phone + `"}`
}

func approveBody(id, code string) string {
	return `{"backend_session_id":"` + id + `","code":"` + code + `","file":false,"file_type":"pdf"}`
}

// TestConsoleEdoc: a QA engineer with only a browser. Sign in; a request made over HTTP shows its
// SMS live; its code, read from the page, approves; a bad upload shows its error at its line and a
// bundled scenario is switched to; the clock moved from the page expires a code; the journal shows
// a fault's reason.
func TestConsoleEdoc(t *testing.T) {
	s, err := scenarios.Parse("console.yaml", []byte(`name: console
description: The console's browser test.
citizens:
  - {iin: "900101300017", surname: ИВАНОВ, name: ИВАН, birth_date: 1990-01-01, gender: male, phone: "+77010000001", all_documents: true}
faults:
  - {when: {service: edoc, operation: request, document_type: passport}, error: cant_connect, probability: 0}
  - {when: {service: edoc, operation: request, document_type: diploma}, error: government_error}
`))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := edoc.NewServer(s, shell.Settings{AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close) // after the browser's cleanup: its open stream ends first
	ctx := browser(t, 1100, 900)

	run(t, ctx, "sign in",
		chromedp.Navigate(ts.URL+"/__admin/ui/"),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#token"), token),
		chromedp.Click(chromedp.CSS(`#login button[type="submit"]`)),
		chromedp.WaitNotVisible(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#live.on")),
	)
	var stored string
	run(t, ctx, "token in the session", evalInto(`sessionStorage.getItem('egovsim-admin-token')`, &stored))
	if stored != token {
		t.Errorf("sessionStorage holds %q", stored)
	}

	t.Run("SMS live, code from the page approves", func(t *testing.T) {
		status, body := post(t, ts.URL+requestURL+"identity_card/", requestBody(happyIIN, happyTel), nil)
		if status != 200 {
			t.Fatalf("request: %d %s", status, body)
		}
		id := sessionOf(t, body)
		sel := `#sms-list li.sms[data-session="` + id + `"] .code`
		var code string
		run(t, ctx, "the SMS appears", chromedp.WaitVisible(chromedp.CSS(sel)), textInto(sel, &code))
		if len(code) != 6 {
			t.Fatalf("code from the page: %q", code)
		}
		if status, body := post(t, ts.URL+approveURL, approveBody(id, code), nil); status != 200 || !strings.Contains(body, `"result_json":{`) {
			t.Fatalf("approve with the page's code: %d %.200s", status, body)
		}
		// The journal shows it, newest first, and expands to the bodies.
		run(t, ctx, "the journal",
			chromedp.Click(chromedp.CSS(`#tabs button[data-tab="journal"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#journal-list li.entry[data-outcome="approve_json"]`)),
			chromedp.Click(chromedp.CSS(`#journal-list li.entry[data-outcome="approve_json"] summary`)),
			chromedp.WaitVisible(chromedp.CSS(`#journal-list li.entry[data-outcome="approve_json"] pre.resp`)),
		)
	})

	t.Run("a fault's reason in the journal", func(t *testing.T) {
		post(t, ts.URL+requestURL+"passport/", requestBody(happyIIN, happyTel), nil)
		post(t, ts.URL+requestURL+"diploma/", requestBody(happyIIN, happyTel), nil)
		var skipped, fired string
		run(t, ctx, "reasons",
			chromedp.Click(chromedp.CSS(`#tabs button[data-tab="journal"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#journal-list li.entry[data-outcome="government_error"]`)),
			textInto(`#journal-list li.entry[data-outcome="request_sms"] .reason`, &skipped),
			chromedp.Click(chromedp.CSS(`#journal-list li.entry[data-outcome="government_error"] summary`)),
			textInto(`#journal-list li.entry[data-outcome="government_error"] pre`, &fired),
		)
		if !strings.Contains(skipped, "fault #0") || !strings.Contains(skipped, "probability roll skipped it") {
			t.Errorf("skipped fault's reason in the page: %q", skipped)
		}
		if !strings.Contains(fired, "fault     #1 government_error") {
			t.Errorf("fired fault in the page: %q", fired)
		}
		// Filter by outcome from the page.
		run(t, ctx, "filter",
			setValue(`#journal-filter input[name="outcome"]`, "government_error"),
			chromedp.Click(chromedp.CSS(`#journal-filter button[type="submit"]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#journal-list li.entry[data-outcome="request_sms"]`)),
			setValue(`#journal-filter input[name="outcome"]`, ""),
			chromedp.Click(chromedp.CSS(`#journal-filter button[type="submit"]`)),
		)
	})

	t.Run("clock from the page expires a code", func(t *testing.T) {
		status, body := post(t, ts.URL+requestURL+"identity_card/", requestBody(happyIIN, happyTel), nil)
		if status != 200 {
			t.Fatal(status)
		}
		id := sessionOf(t, body)
		var code string
		run(t, ctx, "advance 1h",
			chromedp.Click(chromedp.CSS(`#tabs button[data-tab="phone"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#sms-list li.sms[data-session="`+id+`"] .code`)),
			textInto(`#sms-list li.sms[data-session="`+id+`"] .code`, &code),
			chromedp.Click(chromedp.CSS(`#tabs button[data-tab="clock"]`)),
			chromedp.Click(chromedp.CSS(`button[data-advance="1h"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#clock-status.good`)),
		)
		if status, body := post(t, ts.URL+approveURL, approveBody(id, code), nil); status != 400 || !strings.Contains(body, "OTP code has expired") {
			t.Errorf("approve after the page moved the clock: %d %s", status, body)
		}
		var offset string
		run(t, ctx, "offset shown", textInto("#sim-offset", &offset))
		if offset != "1h0m0s" {
			t.Errorf("offset in the page: %q", offset)
		}
	})

	t.Run("bad upload at its line, bundled switch", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.yaml")
		if err := os.WriteFile(bad, []byte("name: bad\ncitizens:\n  - iin: \"900101300018\"\n    surname: A\n    name: B\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var msg string
		run(t, ctx, "upload",
			chromedp.Click(chromedp.CSS(`#tabs button[data-tab="scenario"]`)),
			chromedp.WaitReady(chromedp.CSS(`#bundled option[value="flaky"]`)), // an option has no box: present is enough
			chromedp.SetUploadFiles(chromedp.CSS(`#upload`), []string{bad}),
			chromedp.WaitVisible(chromedp.CSS(`#scenario-errors li.err-line[data-line="3"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#gutter li.bad[data-line="3"]`)),
			textInto(`#scenario-errors li.err-line[data-line="3"]`, &msg),
		)
		if !strings.Contains(msg, "line 3") || !strings.Contains(strings.ToLower(msg), "iin") {
			t.Errorf("the error at line 3: %q", msg)
		}
		if srv.Scenario().Name != "console" {
			t.Errorf("a refused upload changed the scenario to %q", srv.Scenario().Name)
		}
		var name string
		run(t, ctx, "switch to flaky",
			setValue(`#bundled`, "flaky"),
			chromedp.Click(chromedp.CSS(`#bundled-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#scenario-status.good`)),
			textInto(`#scenario-status`, &name),
		)
		if srv.Scenario().Name != "flaky" || !strings.Contains(name, "flaky") {
			t.Errorf("after the switch: %q, page %q", srv.Scenario().Name, name)
		}
	})

	t.Run("coverage checklist", func(t *testing.T) {
		var summary string
		run(t, ctx, "coverage",
			chromedp.Click(chromedp.CSS(`#tabs button[data-tab="coverage"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#cov-groups li.hit[data-outcome="request_sms"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#cov-groups li.miss[data-outcome="profile_not_found"]`)),
			textInto(`#cov-summary`, &summary),
		)
		if !strings.Contains(summary, " of 25 ") {
			t.Errorf("coverage summary: %q", summary)
		}
	})

	t.Run("the phone on a phone", func(t *testing.T) {
		if err := srv.Activate(s); err != nil { // the flaky scenario of the step before would be flaky
			t.Fatal(err)
		}
		// From the page's own form this time: request, then approve with the code shown.
		run(t, ctx, "request from the page", chromedp.EmulateViewport(390, 844), chromedp.Click(chromedp.CSS(`#tabs button[data-tab="phone"]`)),
			chromedp.Click(chromedp.CSS(`#request-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#sms-list li.sms .code`)),
			chromedp.Click(chromedp.CSS(`#sms-list li.sms button:not(.copy)`)),
			chromedp.Click(chromedp.CSS(`#approve-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#try-answer[data-status="200"]`)))
		var width int
		var code string
		run(t, ctx, "390 px", chromedp.WaitVisible(chromedp.CSS(`#sms-list li.sms .code`)), textInto(`#sms-list li.sms .code`, &code),
			evalInto(`document.documentElement.scrollWidth`, &width))
		if width > 390 || len(code) != 6 {
			t.Errorf("the phone tab is %d px wide on a 390 px screen (code %q)", width, code)
		}
	})
}

// TestConsoleEgovPayments: on mock-egov the page lists payments and sees them settle when the
// clock is moved from the page; on a phone-sized screen.
func TestConsoleEgovPayments(t *testing.T) {
	srv, err := egov.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close) // after the browser's cleanup: its open stream ends first
	ctx := browser(t, 390, 844)
	run(t, ctx, "open", chromedp.EmulateViewport(390, 844), chromedp.Navigate(ts.URL+"/t/team-a/__admin/ui/#payments"), chromedp.WaitVisible(chromedp.CSS("#live.on")))
	status, body := post(t, ts.URL+"/t/team-a"+egov.BasePath+"initPaymentRequest", `{"amount":1500,"serviceId":"svc-1","iinOrBin":"900101300017"}`,
		map[string]string{"Authorization": "Bearer egov_test_api_key", egov.HeaderSenderID: "test-sender", egov.HeaderPassword: "test-password"})
	if status != 200 {
		t.Fatalf("initPaymentRequest: %d %s", status, body)
	}
	run(t, ctx, "created, then paid",
		chromedp.WaitVisible(chromedp.CSS(`#payment-rows tr[data-status="CREATED"]`)),
		chromedp.Click(chromedp.CSS(`#tabs button[data-tab="clock"]`)),
		chromedp.Click(chromedp.CSS(`button[data-advance="5m"]`)),
		chromedp.Click(chromedp.CSS(`#tabs button[data-tab="payments"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#payment-rows tr[data-status="PAID"]`)),
	)
	// A call from the page's gateway form: its example body for the operation chosen.
	var rows int
	run(t, ctx, "gateway form",
		chromedp.Click(chromedp.CSS(`#tabs button[data-tab="gateway"]`)),
		evalInto(`(() => { const s = document.getElementById('gw-op'); s.value = 'initPaymentRequest'; s.dispatchEvent(new Event('change')); return true; })()`, new(bool)),
		chromedp.Click(chromedp.CSS(`#gw-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#gw-answer[data-status="200"]`)),
		chromedp.Click(chromedp.CSS(`#tabs button[data-tab="payments"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#payment-rows tr[data-status="CREATED"]`)),
		evalInto(`document.querySelectorAll('#payment-rows tr[data-status]').length`, &rows))
	if rows != 2 {
		t.Errorf("payments listed: %d, want 2", rows)
	}
	for _, tab := range []string{"gateway", "payments", "journal", "scenario", "clock", "coverage"} {
		var width int
		run(t, ctx, tab+" fits the screen", chromedp.Click(chromedp.CSS(`#tabs button[data-tab="`+tab+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`section#`+tab+`.active`)), evalInto(`document.documentElement.scrollWidth`, &width))
		if width > 390 {
			var wide string
			run(t, ctx, "what is wide", evalInto(`[...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 12).join('; ')`, &wide))
			t.Errorf("%s: the page is %d px wide on a 390 px screen: %s", tab, width, wide)
		}
	}
	if srv.Default().World().Store.Stats().Payments != 0 {
		t.Error("the tenant's payment went to the default tenant")
	}
}
