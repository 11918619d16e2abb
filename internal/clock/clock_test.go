package clock

import (
	"testing"
	"time"
)

func TestAdvanceAndReset(t *testing.T) {
	c := New()
	before := time.Now()
	c.Advance(6 * time.Minute)
	c.Advance(-time.Hour) // ignored: the clock never goes back but by Reset
	if got := c.Now().Sub(before); got < 6*time.Minute || got > 6*time.Minute+time.Second {
		t.Fatalf("advanced by %v, want about 6m", got)
	}
	c.Reset()
	if c.Offset() != 0 || c.Now().Sub(time.Now()) > time.Second {
		t.Fatal("reset did not return to real time")
	}
}
