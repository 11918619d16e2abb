package artifact

import (
	"container/list"
	"encoding/base64"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"

	"github.com/egovsim/egovsim/internal/document"
)

// Files are a document's rendered files as raw bytes (Render) or base64 text (RenderBase64,
// Answer). PDF and Image are nil unless asked for; ResultJSON is set by Answer only: the encoded
// result_json object, the identity card's docPhoto included. The slices may be shared with the
// cache: read them, never write to them.
type Files struct {
	FacePhoto, QRCode, Barcode, PDF, Image []byte
	ResultJSON                             []byte
}

// Options say what an approve answer needs: the PDF, the page image, and the form of
// result_json's dates (the zero value is document.EpochMS, the default).
type Options struct {
	PDF, Image bool
	Dates      document.DateForm
}

// Formats of the cache key.
const (
	formatFace    = "face"
	formatQR      = "qr"
	formatBarcode = "barcode"
	formatPDF     = "pdf"
	formatImage   = "image"
	formatJSON    = "result_json/" // + the date form
)

// key names one rendered file. The number is part of it because a scenario can override it; the
// digest of the whole document covers every other override (names, dates, domain fields), so a
// scenario swapped under a running server never gets another scenario's PDF.
type key struct {
	iin, slug, format, number string
	digest                    uint64
	base64                    bool
}

type entry struct {
	key  key
	data []byte
}

var errPanicked = errors.New("artifact: render panicked")

// call is a render in progress, so concurrent misses of one key render once.
type call struct {
	done chan struct{}
	data []byte
	err  error
}

// Cache is a least-recently-used store of rendered files, bounded by their total size. It is safe
// for concurrent use; a nil *Cache renders every time.
type Cache struct {
	mu       sync.Mutex
	maxBytes int64
	size     int64
	order    *list.List // front: most recently used
	items    map[key]*list.Element
	inflight map[key]*call
	hits     atomic.Uint64 // files served from the cache
	misses   atomic.Uint64 // files rendered (or waited on while another call rendered them)
}

// Stats counts the cache's hits and misses since it was made (for /metrics).
func (c *Cache) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

// NewCache makes a cache holding at most maxBytes of files.
func NewCache(maxBytes int64) *Cache {
	return &Cache{maxBytes: maxBytes, order: list.New(), items: map[key]*list.Element{}, inflight: map[key]*call{}}
}

// Len is the number of files held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Size is the total size in bytes of the files held.
func (c *Cache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Render gives the document's face photo, QR code and barcode, plus the PDF and the image when
// asked, from the cache when it has them.
func (c *Cache) Render(d *document.Document, withPDF, withImage bool) (Files, error) {
	if !withPDF && !withImage {
		return c.render(d, 0, false, false, false)
	}
	dg, err := digest(d)
	if err != nil {
		return Files{}, err
	}
	return c.render(d, dg, withPDF, withImage, false)
}

// RenderBase64 is Render with every file as standard base64 text, as the E-Document answer carries
// it. The text is cached too, so a warm approve encodes nothing. It is Answer without ResultJSON.
func (c *Cache) RenderBase64(d *document.Document, withPDF, withImage bool) (Files, error) {
	f, err := c.Answer(d, Options{PDF: withPDF, Image: withImage})
	f.ResultJSON = nil
	return f, err
}

// Answer is what an approve answers: the files as base64 text (PDF and image when asked) and
// result_json encoded with its dates in o.Dates and the face photo as the identity card's
// docPhoto. Everything is cached per document content and form, so a warm approve renders and
// encodes nothing but the digest of the document.
func (c *Cache) Answer(d *document.Document, o Options) (Files, error) {
	form := o.Dates
	if form == "" {
		form = document.EpochMS
	}
	if !form.Valid() {
		return Files{}, fmt.Errorf("artifact: %w %q", document.ErrDateForm, form)
	}
	dg, err := digest(d)
	if err != nil {
		return Files{}, err
	}
	f, err := c.render(d, dg, o.PDF, o.Image, true)
	if err != nil {
		return Files{}, err
	}
	k := key{iin: d.Holder.IIN, slug: d.Type.Slug, number: d.Number, digest: dg, format: formatJSON + string(form)}
	face := f.FacePhoto
	f.ResultJSON, err = c.get(k, func() ([]byte, error) {
		return d.AppendResultJSON(make([]byte, 0, 1024+len(face)), form, face)
	})
	if err != nil {
		return Files{}, err
	}
	return f, nil
}

func (c *Cache) render(d *document.Document, dg uint64, withPDF, withImage, b64 bool) (Files, error) {
	var f Files
	var err error
	iin := d.Holder.IIN
	// get fetches one file; with b64 it fetches the raw file first (cached on its own) and caches
	// its encoding under the same key marked base64.
	get := func(k key, render func() ([]byte, error)) ([]byte, error) {
		if !b64 {
			return c.get(k, render)
		}
		enc := k
		enc.base64 = true
		return c.get(enc, func() ([]byte, error) {
			raw, err := c.get(k, render)
			if err != nil {
				return nil, err
			}
			out := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
			base64.StdEncoding.Encode(out, raw)
			return out, nil
		})
	}
	face := func() ([]byte, error) {
		return c.get(key{iin: iin, format: formatFace}, func() ([]byte, error) { return FacePhoto(iin) })
	}
	f.FacePhoto, err = get(key{iin: iin, format: formatFace}, func() ([]byte, error) { return FacePhoto(iin) })
	if err != nil {
		return Files{}, err
	}
	f.QRCode, err = get(key{format: formatQR, number: d.Number}, func() ([]byte, error) { return QRCode(d.Number) })
	if err != nil {
		return Files{}, err
	}
	f.Barcode, err = get(key{format: formatBarcode, number: d.Number}, func() ([]byte, error) { return Barcode(d.Number) })
	if err != nil {
		return Files{}, err
	}
	if !withPDF && !withImage {
		return f, nil
	}
	k := key{iin: iin, slug: d.Type.Slug, number: d.Number, digest: dg}
	if withPDF {
		k.format = formatPDF
		if f.PDF, err = get(k, func() ([]byte, error) {
			photo, err := face()
			if err != nil {
				return nil, err
			}
			return renderPDF(d, photo)
		}); err != nil {
			return Files{}, err
		}
	}
	if withImage {
		k.format = formatImage
		if f.Image, err = get(k, func() ([]byte, error) {
			photo, err := face()
			if err != nil {
				return nil, err
			}
			return renderImage(d, photo)
		}); err != nil {
			return Files{}, err
		}
	}
	return f, nil
}

// digest hashes everything a rendered document shows: its result_json (ISO dates, no photo: the
// photo is the IIN's, in the key) and the holder's birth date and gender. A document JSON cannot
// carry fails here, before anything is rendered.
func digest(d *document.Document) (uint64, error) {
	b, err := d.AppendResultJSON(make([]byte, 0, 1024), document.ISO, nil)
	if err != nil {
		return 0, fmt.Errorf("artifact: %w", err)
	}
	h := fnv.New64a()
	h.Write(b)
	h.Write([]byte("\x00" + d.Holder.BirthDate + "\x00" + string(d.Holder.Gender)))
	return h.Sum64(), nil
}

func (c *Cache) get(k key, render func() ([]byte, error)) ([]byte, error) {
	if c == nil {
		return render()
	}
	c.mu.Lock()
	if el, ok := c.items[k]; ok {
		c.order.MoveToFront(el)
		data := el.Value.(*entry).data
		c.mu.Unlock()
		c.hits.Add(1)
		return data, nil
	}
	c.misses.Add(1)
	if cl, ok := c.inflight[k]; ok {
		c.mu.Unlock()
		<-cl.done
		return cl.data, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[k] = cl
	c.mu.Unlock()

	defer func() { // also when render panics, so that no waiter hangs
		c.mu.Lock()
		delete(c.inflight, k)
		if cl.err == nil && cl.data != nil {
			c.add(k, cl.data)
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.err = errPanicked
	cl.data, cl.err = render()
	return cl.data, cl.err
}

// add stores data under k and evicts the least recently used files beyond the bound; a file
// larger than the whole bound is not kept. The caller holds c.mu.
func (c *Cache) add(k key, data []byte) {
	n := int64(len(data))
	if n > c.maxBytes {
		return
	}
	c.items[k] = c.order.PushFront(&entry{key: k, data: data})
	c.size += n
	for c.size > c.maxBytes {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.items, e.key)
		c.size -= int64(len(e.data))
	}
}
