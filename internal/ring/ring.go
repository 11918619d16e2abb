// Package ring is the one bounded FIFO both simulators keep their stores in (sessions' order, the
// SMS outbox, payments, the request journal). It grows with use, never with its cap, and it bounds
// what it holds by count and, where a size function is given, by bytes: beyond either bound the
// oldest items go first.
package ring

// Ring is a FIFO of at most Max items and MaxBytes bytes. Not safe for concurrent use: its owner
// holds the lock.
type Ring[T any] struct {
	buf   []T
	head  int // index of the oldest
	n     int
	bytes int

	max      int
	maxBytes int
	size     func(T) int
}

// New returns a ring that keeps at most max items (max >= 1) and, when size is not nil, at most
// maxBytes bytes as size counts them.
func New[T any](max, maxBytes int, size func(T) int) *Ring[T] {
	if max < 1 {
		max = 1
	}
	return &Ring[T]{max: max, maxBytes: maxBytes, size: size}
}

// Len is the number of items held.
func (r *Ring[T]) Len() int { return r.n }

// Bytes is the size of the items held, as the size function counts it (0 without one).
func (r *Ring[T]) Bytes() int { return r.bytes }

// Cap is the most items held.
func (r *Ring[T]) Cap() int { return r.max }

// Oldest returns the oldest item.
func (r *Ring[T]) Oldest() (T, bool) {
	if r.n == 0 {
		var zero T
		return zero, false
	}
	return r.buf[r.head], true
}

// Pop removes and returns the oldest item.
func (r *Ring[T]) Pop() (T, bool) {
	var zero T
	if r.n == 0 {
		return zero, false
	}
	x := r.buf[r.head]
	r.buf[r.head] = zero
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	if r.size != nil {
		r.bytes -= r.size(x)
	}
	return x, true
}

// Push adds x as the newest item and returns the items it pushed out, oldest first (the caller
// forgets them elsewhere, e.g. in an index).
func (r *Ring[T]) Push(x T) (evicted []T) {
	sz := 0
	if r.size != nil {
		sz = r.size(x)
	}
	for r.n > 0 && (r.n >= r.max || (r.size != nil && r.maxBytes > 0 && r.bytes+sz > r.maxBytes)) {
		old, _ := r.Pop()
		evicted = append(evicted, old)
	}
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)%len(r.buf)] = x
	r.n++
	r.bytes += sz
	return evicted
}

// grow doubles the buffer (up to max), keeping the order.
func (r *Ring[T]) grow() {
	c := 2 * len(r.buf)
	if c < 16 {
		c = 16
	}
	if c > r.max {
		c = r.max
	}
	nb := make([]T, c)
	for i := 0; i < r.n; i++ {
		nb[i] = r.buf[(r.head+i)%len(r.buf)]
	}
	r.buf, r.head = nb, 0
}

// Each calls f for every item, oldest first, until f returns false.
func (r *Ring[T]) Each(f func(T) bool) {
	for i := 0; i < r.n; i++ {
		if !f(r.buf[(r.head+i)%len(r.buf)]) {
			return
		}
	}
}

// Clear forgets every item and gives the memory back.
func (r *Ring[T]) Clear() {
	r.buf, r.head, r.n, r.bytes = nil, 0, 0, 0
}
