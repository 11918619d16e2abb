// Package clock is the simulator's virtual clock: real time plus an offset that the admin API moves
// forward, so that tests expire OTPs and settle payments without waiting.
package clock

import (
	"errors"
	"sync/atomic"
	"time"
)

// Clock is safe for concurrent use; the zero value runs at real time.
type Clock struct {
	offset atomic.Int64 // nanoseconds ahead of real time
	// shared, when set, moves the offset in a store replicas share and answers the offset there.
	shared func(d time.Duration) (time.Duration, error)
}

// New returns a clock at real time.
func New() *Clock { return &Clock{} }

// NewShared returns a clock at offset whose Advance is advance: it moves the offset where every
// replica reads it and answers the new offset (or ErrTooFar, or the store's error).
func NewShared(offset time.Duration, advance func(d time.Duration) (time.Duration, error)) *Clock {
	c := &Clock{shared: advance}
	c.offset.Store(int64(offset))
	return c
}

// Now is real time plus the offset.
func (c *Clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// MaxOffset is how far ahead the clock may run: far enough for any expiry or settlement, and far
// from the overflow of a time.Duration (about 292 years), so time never wraps backwards.
const MaxOffset = 100 * 365 * 24 * time.Hour

// ErrTooFar is Advance's refusal of a move past MaxOffset.
var ErrTooFar = errors.New("the clock may run at most 100 years (876000h) ahead of real time")

// Advance moves the clock forward by d (d > 0); a move that would take it past MaxOffset is refused
// and changes nothing.
func (c *Clock) Advance(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if c.shared != nil {
		off, err := c.shared(d)
		if err == nil {
			c.Set(off)
		}
		return err
	}
	for {
		old := c.offset.Load()
		if d > MaxOffset || time.Duration(old) > MaxOffset-d {
			return ErrTooFar
		}
		if c.offset.CompareAndSwap(old, old+int64(d)) {
			return nil
		}
	}
}

// Offset is how far the clock runs ahead of real time.
func (c *Clock) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// Reset puts the clock back to real time.
func (c *Clock) Reset() { c.offset.Store(0) }

// Set puts the clock at offset ahead of real time: a replica taking the offset another one moved.
func (c *Clock) Set(offset time.Duration) { c.offset.Store(int64(offset)) }
