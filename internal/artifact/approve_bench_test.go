package artifact

import (
	"testing"

	"github.com/egovsim/egovsim/internal/document"
)

// BenchmarkApproveWarm is what a warm approve does with its document: build it, then take its
// files and result_json from the cache (before Answer: RenderBase64 plus json.Marshal of
// ResultJSON, about 13–25 µs on the project's machine).
func BenchmarkApproveWarm(b *testing.B) {
	c := NewCache(64 << 20)
	for _, slug := range []string{"identity_card", "driver_license"} {
		t, _ := document.Lookup(slug)
		for _, pdf := range []bool{false, true} {
			name := slug
			if pdf {
				name += "/pdf"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					f, err := c.Answer(document.Build(ivanov, t, nil), Options{PDF: pdf})
					if err != nil || len(f.ResultJSON) == 0 {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
