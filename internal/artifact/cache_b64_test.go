package artifact

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/egovsim/egovsim/internal/document"
)

func TestRenderBase64MatchesRender(t *testing.T) {
	ty, _ := document.Lookup("passport")
	d := document.Build(document.Holder{IIN: "900101300017", Surname: "ИВАНОВ", Name: "ИВАН", BirthDate: "1990-01-01", Gender: "male"}, ty, nil)
	c := NewCache(64 << 20)
	raw, err := c.Render(d, true, false)
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ { // the second round comes from the cache
		enc, err := c.RenderBase64(d, true, false)
		if err != nil {
			t.Fatal(err)
		}
		for name, pair := range map[string][2][]byte{"face": {raw.FacePhoto, enc.FacePhoto}, "qr": {raw.QRCode, enc.QRCode}, "barcode": {raw.Barcode, enc.Barcode}, "pdf": {raw.PDF, enc.PDF}} {
			dec, err := base64.StdEncoding.DecodeString(string(pair[1]))
			if err != nil || !bytes.Equal(dec, pair[0]) {
				t.Errorf("round %d: %s base64 does not decode to the raw file (%v)", round, name, err)
			}
		}
		if enc.Image != nil {
			t.Error("image rendered without being asked")
		}
	}
	var nilCache *Cache
	if f, err := nilCache.RenderBase64(d, false, false); err != nil || f.QRCode == nil {
		t.Errorf("nil cache: %v", err)
	}
}
