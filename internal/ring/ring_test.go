package ring

import (
	"slices"
	"testing"
)

func items(r *Ring[int]) []int {
	var out []int
	r.Each(func(x int) bool { out = append(out, x); return true })
	return out
}

func TestPushEvictsOldestBeyondCount(t *testing.T) {
	r := New[int](3, 0, nil)
	for i := 1; i <= 5; i++ {
		ev := r.Push(i)
		if i <= 3 && len(ev) != 0 {
			t.Fatalf("push %d evicted %v below the cap", i, ev)
		}
		if i > 3 && !slices.Equal(ev, []int{i - 3}) {
			t.Fatalf("push %d evicted %v, want [%d]", i, ev, i-3)
		}
	}
	if got := items(r); !slices.Equal(got, []int{3, 4, 5}) {
		t.Fatalf("items %v", got)
	}
}

func TestBytesBound(t *testing.T) {
	r := New[int](100, 10, func(x int) int { return x })
	r.Push(4)
	r.Push(4)
	ev := r.Push(5) // 4+4+5 > 10: the oldest goes
	if !slices.Equal(ev, []int{4}) || r.Bytes() != 9 || r.Len() != 2 {
		t.Fatalf("evicted %v, bytes %d, len %d", ev, r.Bytes(), r.Len())
	}
	// An item larger than the whole bound is still kept alone: the newest always stays.
	r.Push(50)
	if got := items(r); !slices.Equal(got, []int{50}) {
		t.Fatalf("items %v", got)
	}
}

func TestGrowsWithUseNotWithCap(t *testing.T) {
	r := New[int](10_000_000, 0, nil)
	r.Push(1)
	if len(r.buf) > 16 {
		t.Fatalf("a ring of cap 10M holding one item allocated %d slots", len(r.buf))
	}
	for i := 2; i <= 1000; i++ {
		r.Push(i)
	}
	if len(r.buf) > 2048 {
		t.Fatalf("1000 items in %d slots", len(r.buf))
	}
	for i := 0; i < 500; i++ {
		r.Pop()
	}
	if o, _ := r.Oldest(); o != 501 || r.Len() != 500 {
		t.Fatalf("oldest %d len %d", o, r.Len())
	}
	r.Clear()
	if r.Len() != 0 || r.buf != nil {
		t.Fatal("clear kept items")
	}
}
