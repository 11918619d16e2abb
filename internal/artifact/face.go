package artifact

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
)

// Size of the face photo.
const (
	FaceWidth  = 300
	FaceHeight = 400
)

// FacePhoto is a JPEG portrait for the IIN: a flat, cartoon-like face built from ellipses, its
// colours and proportions drawn from a hash of the IIN. Deterministic, and plainly no real person.
func FacePhoto(iin string) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, faceImage(iin), &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("artifact: face photo: %w", err)
	}
	return b.Bytes(), nil
}

var (
	backgrounds = []color.RGBA{{0xdc, 0xe8, 0xf4, 0xff}, {0xe6, 0xe6, 0xe6, 0xff}, {0xd8, 0xee, 0xea, 0xff}, {0xf0, 0xe8, 0xdc, 0xff}, {0xe4, 0xe0, 0xf0, 0xff}}
	skins       = []color.RGBA{{0xf3, 0xd2, 0xb3, 0xff}, {0xe8, 0xb9, 0x92, 0xff}, {0xd2, 0x9d, 0x74, 0xff}, {0xb5, 0x7e, 0x57, 0xff}, {0x8f, 0x5d, 0x3d, 0xff}, {0xf6, 0xdc, 0xc8, 0xff}}
	hairs       = []color.RGBA{{0x1e, 0x1a, 0x17, 0xff}, {0x3b, 0x2a, 0x1e, 0xff}, {0x5e, 0x40, 0x28, 0xff}, {0x8a, 0x64, 0x3e, 0xff}, {0x2b, 0x2b, 0x30, 0xff}, {0xb8, 0x92, 0x55, 0xff}}
	clothes     = []color.RGBA{{0x2d, 0x3e, 0x50, 0xff}, {0x3a, 0x3a, 0x3a, 0xff}, {0x5b, 0x23, 0x33, 0xff}, {0x1f, 0x4d, 0x3a, 0xff}, {0x4a, 0x4a, 0x6a, 0xff}, {0x6b, 0x55, 0x3a, 0xff}}
	irises      = []color.RGBA{{0x4a, 0x2e, 0x1a, 0xff}, {0x3c, 0x5a, 0x78, 0xff}, {0x35, 0x55, 0x35, 0xff}, {0x22, 0x1c, 0x18, 0xff}}
)

func faceImage(iin string) *image.RGBA {
	h := sha256.Sum256([]byte("face\x00" + iin))
	at := func(i int, n int) int { return int(h[i]) % n }
	frac := func(i int) float64 { return float64(h[i]) / 255 }
	female := len(iin) >= 7 && (iin[6]-'0')%2 == 0

	img := image.NewRGBA(image.Rect(0, 0, FaceWidth, FaceHeight))
	bg := backgrounds[at(0, len(backgrounds))]
	for y := 0; y < FaceHeight; y++ {
		c := shade(bg, 1.04-0.12*float64(y)/FaceHeight)
		row := img.Pix[y*img.Stride : y*img.Stride+4*FaceWidth]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 0xff
		}
	}
	skin := skins[at(1, len(skins))]
	hair := hairs[at(2, len(hairs))]
	cloth := clothes[at(3, len(clothes))]
	iris := irises[at(4, len(irises))]
	cx := 150.0
	hrx := 76 + 12*frac(5)  // head half-width
	hry := 100 + 10*frac(6) // head half-height
	hcy := 178 + 8*frac(7)  // head centre
	eyeDX := 25 + 6*frac(8) // eye distance from the middle
	eyeY := hcy + 2 + 4*frac(9)

	if female { // long hair falls behind the shoulders
		ellipse(img, cx, hcy+20, hrx+26, hry+70, hair)
	}
	ellipse(img, cx, 480, 165, 150, cloth) // shoulders
	if !female {
		ellipse(img, cx, 350, 44, 22, color.RGBA{0xf4, 0xf4, 0xf4, 0xff}) // shirt collar
		ellipse(img, cx, 380, 10, 28, shade(cloth, 0.6))                  // tie
	}
	ellipse(img, cx, 312, 36+6*frac(10), 40, shade(skin, 0.88)) // neck
	for _, s := range []float64{-1, 1} {                        // ears
		ellipse(img, cx+s*(hrx-2), eyeY+10, 11, 19, shade(skin, 0.92))
	}
	ellipse(img, cx, hcy, hrx, hry, skin)
	// Hair on top of the head, cut along a curve that comes lower at the temples.
	top := hcy - hry
	line := top + 0.5*hry - 14*frac(11)
	fill(img, cx-hrx-8, top-14, cx+hrx+8, hcy+20, hair, func(x, y float64) float64 {
		d := ellipseDist(x, y, cx, hcy-4, hrx+5, hry+8)
		nx := (x - cx) / hrx
		cut := line + 0.55*hry*nx*nx*nx*nx
		return math.Max(d, y-cut)
	})
	for _, s := range []float64{-1, 1} {
		ex := cx + s*eyeDX
		ellipse(img, ex, eyeY-17, 15, 3.5, shade(hair, 1.1)) // brow
		ellipse(img, ex, eyeY, 12.5, 6.5, color.RGBA{0xfa, 0xfa, 0xf7, 0xff})
		ellipse(img, ex, eyeY, 5.5, 5.5, iris)
		ellipse(img, ex, eyeY, 2.4, 2.4, color.RGBA{0x10, 0x10, 0x10, 0xff})
		ellipse(img, ex+1.8, eyeY-1.8, 1.2, 1.2, color.RGBA{0xff, 0xff, 0xff, 0xff})
	}
	noseY := eyeY + 28 + 4*frac(12)
	ellipse(img, cx, noseY, 8, 5.5, shade(skin, 0.86))
	for _, s := range []float64{-1, 1} {
		ellipse(img, cx+s*4, noseY+2, 2, 1.4, shade(skin, 0.6))
	}
	mouthY := noseY + 22 + 3*frac(13)
	lips := color.RGBA{0xb0, 0x5e, 0x58, 0xff}
	if female {
		lips = color.RGBA{0xc0, 0x4a, 0x55, 0xff}
	}
	mw := 15 + 6*frac(14)
	ellipse(img, cx, mouthY, mw, 5, lips)
	ellipse(img, cx, mouthY-0.5, mw-1, 0.8, shade(lips, 0.6))
	if h[15]%4 == 0 { // glasses
		frame := color.RGBA{0x30, 0x30, 0x30, 0xff}
		for _, s := range []float64{-1, 1} {
			ex := cx + s*eyeDX
			fill(img, ex-19, eyeY-15, ex+19, eyeY+15, frame, func(x, y float64) float64 {
				d := ellipseDist(x, y, ex, eyeY, 17, 12.5)
				return math.Abs(d) - 1.2
			})
		}
		ellipse(img, cx, eyeY-2, 7, 1.3, frame)
	}
	return img
}

// ellipse fills an anti-aliased ellipse.
func ellipse(img *image.RGBA, cx, cy, rx, ry float64, c color.RGBA) {
	fill(img, cx-rx-1, cy-ry-1, cx+rx+1, cy+ry+1, c, func(x, y float64) float64 {
		return ellipseDist(x, y, cx, cy, rx, ry)
	})
}

// ellipseDist approximates the signed distance in pixels from (x, y) to the ellipse's edge.
func ellipseDist(x, y, cx, cy, rx, ry float64) float64 {
	nx, ny := (x-cx)/rx, (y-cy)/ry
	return (math.Sqrt(nx*nx+ny*ny) - 1) * math.Min(rx, ry)
}

// fill paints c over the box where the signed distance dist is negative, blending the edge.
func fill(img *image.RGBA, x0, y0, x1, y1 float64, c color.RGBA, dist func(x, y float64) float64) {
	b := img.Bounds()
	ix0, iy0 := max(int(math.Floor(x0)), b.Min.X), max(int(math.Floor(y0)), b.Min.Y)
	ix1, iy1 := min(int(math.Ceil(x1)), b.Max.X), min(int(math.Ceil(y1)), b.Max.Y)
	for y := iy0; y < iy1; y++ {
		for x := ix0; x < ix1; x++ {
			a := 0.5 - dist(float64(x)+0.5, float64(y)+0.5)
			if a <= 0 {
				continue
			}
			if a > 1 {
				a = 1
			}
			i := img.PixOffset(x, y)
			p := img.Pix[i : i+3 : i+3]
			p[0] = blend(p[0], c.R, a)
			p[1] = blend(p[1], c.G, a)
			p[2] = blend(p[2], c.B, a)
		}
	}
}

func blend(dst, src uint8, a float64) uint8 {
	return uint8(float64(dst) + (float64(src)-float64(dst))*a + 0.5)
}

// shade scales a colour's brightness by k.
func shade(c color.RGBA, k float64) color.RGBA {
	s := func(v uint8) uint8 { return uint8(math.Min(255, float64(v)*k)) }
	return color.RGBA{s(c.R), s(c.G), s(c.B), c.A}
}
