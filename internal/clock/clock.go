// Package clock is the simulator's virtual clock: real time plus an offset that the admin API moves
// forward, so that tests expire OTPs and settle payments without waiting.
package clock

import (
	"sync/atomic"
	"time"
)

// Clock is safe for concurrent use; the zero value runs at real time.
type Clock struct {
	offset atomic.Int64 // nanoseconds ahead of real time
}

// New returns a clock at real time.
func New() *Clock { return &Clock{} }

// Now is real time plus the offset.
func (c *Clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Advance moves the clock forward by d (d > 0).
func (c *Clock) Advance(d time.Duration) {
	if d > 0 {
		c.offset.Add(int64(d))
	}
}

// Offset is how far the clock runs ahead of real time.
func (c *Clock) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// Reset puts the clock back to real time.
func (c *Clock) Reset() { c.offset.Store(0) }
