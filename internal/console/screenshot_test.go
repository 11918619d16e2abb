package console_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/egovsim/egovsim/internal/edoc"
	"github.com/egovsim/egovsim/internal/egov"
	"github.com/egovsim/egovsim/internal/shell"
	"github.com/egovsim/egovsim/scenarios"
)

// TestScreenshots renders the README's screenshots into $EGOVSIM_SCREENSHOTS (docs/img):
//
//	EGOVSIM_SCREENSHOTS=$PWD/docs/img go test -run TestScreenshots ./internal/console/
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("EGOVSIM_SCREENSHOTS")
	if dir == "" {
		t.Skip("set EGOVSIM_SCREENSHOTS=DIR to render the README's screenshots")
	}
	save := func(t *testing.T, b []byte, name string) {
		t.Helper()
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, paletted(img)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", name, out.Len())
	}

	srv, err := edoc.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	ctx := browser(t, 1000, 760)
	run(t, ctx, "open", chromedp.EmulateViewport(1000, 760), chromedp.Navigate(ts.URL+"/__admin/ui/#phone"), chromedp.WaitVisible(chromedp.CSS("#live.on")))
	_, body := post(t, ts.URL+requestURL+"identity_card/", requestBody(happyIIN, happyTel), nil)
	id := sessionOf(t, body)
	post(t, ts.URL+requestURL+"diploma/", requestBody("850515400012", "+77010000011"), nil)
	post(t, ts.URL+requestURL+"identity_card/", requestBody("900101300017", "+77010000099"), nil)
	post(t, ts.URL+requestURL+"identity_card/", requestBody("900101300047", "+77010000004"), nil)
	run(t, ctx, "sms", chromedp.WaitVisible(chromedp.CSS(`#sms-list li.sms[data-session="`+id+`"]`)))
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, b, "console-phone.png")

	run(t, ctx, "journal", chromedp.Click(chromedp.CSS(`#tabs button[data-tab="journal"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#journal-list li.entry[data-outcome="cant_connect"]`)),
		chromedp.Click(chromedp.CSS(`#journal-list li.entry[data-outcome="cant_connect"] summary`)))
	if b, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	save(t, b, "console-journal.png")

	run(t, ctx, "scenario", chromedp.Click(chromedp.CSS(`#tabs button[data-tab="scenario"]`)),
		setValue("#yaml", "name: broken\ncitizens:\n  - iin: \"900101300018\"\n    surname: ИВАНОВ\n    name: ИВАН\n    phone: \"+77010000001\"\nfaults:\n  - {when: {service: edoc}, error: no_such_error}\n"),
		chromedp.Click(chromedp.CSS("#apply")),
		chromedp.WaitVisible(chromedp.CSS(`#scenario-errors li.err-line`)))
	if b, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	save(t, b, "console-scenario.png")

	run(t, ctx, "coverage", chromedp.Click(chromedp.CSS(`#tabs button[data-tab="coverage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#cov-groups li.hit`)))
	if b, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	save(t, b, "console-coverage.png")

	gsrv, err := egov.NewServer(scenarios.Default(), shell.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	gts := httptest.NewServer(gsrv)
	t.Cleanup(gts.Close)
	hdr := map[string]string{"Authorization": "Bearer egov_test_api_key", egov.HeaderSenderID: "test-sender", egov.HeaderPassword: "test-password"}
	post(t, gts.URL+egov.BasePath+"initPaymentRequest", `{"amount":1500,"serviceId":"svc-1","iinOrBin":"900101300017"}`, hdr)
	if err := gsrv.Advance(2 * 60e9); err != nil {
		t.Fatal(err)
	}
	post(t, gts.URL+egov.BasePath+"initPaymentRequest", `{"amount":420.5,"serviceId":"svc-2","iinOrBin":"150140000012"}`, hdr)
	pctx := browser(t, 500, 800)
	run(t, pctx, "payments", chromedp.EmulateViewport(390, 780), chromedp.Navigate(gts.URL+"/__admin/ui/#payments"),
		chromedp.WaitVisible(chromedp.CSS(`#payment-rows tr[data-status="CREATED"]`)))
	if b, err = chromedp.Run(pctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	save(t, b, "console-payments-phone.png")
}

// level rounds a 16-bit channel to a multiple of 8, white staying white.
func level(v uint32) uint8 {
	if v>>8 >= 252 {
		return 255
	}
	return uint8(v>>8) &^ 7
}

// paletted keeps a screenshot small: the 256 most frequent colours of the page (a flat UI has few),
// each channel rounded to multiples of 8, no dithering.
func paletted(img image.Image) *image.Paletted {
	b := img.Bounds()
	count := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			count[color.RGBA{level(r), level(g), level(bl), uint8(a >> 8)}]++
		}
	}
	colors := make([]color.RGBA, 0, len(count))
	for c := range count {
		colors = append(colors, c)
	}
	sort.Slice(colors, func(i, j int) bool { return count[colors[i]] > count[colors[j]] })
	pal := make(color.Palette, 0, 256)
	for _, c := range colors[:min(256, len(colors))] {
		pal = append(pal, c)
	}
	p := image.NewPaletted(b, pal)
	draw.Draw(p, b, img, b.Min, draw.Src)
	return p
}
