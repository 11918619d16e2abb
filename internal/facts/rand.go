package facts

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"time"
)

// Seed is deterministic randomness named by parts (an IIN and what it is for, a couple and their
// record): the same parts give the same draws in every package and every run.
func Seed(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// Pick draws one element of xs, which must not be empty.
func Pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// Between draws a day in [from, to]; to before from gives from.
func Between(r *rand.Rand, from, to time.Time) time.Time {
	span := int(to.Sub(from) / (24 * time.Hour))
	if span <= 0 {
		return from
	}
	return from.AddDate(0, 0, r.IntN(span+1))
}

// ActNumber draws the number of a civil-registry act record.
func ActNumber(r *rand.Rand) string { return strconv.Itoa(100 + r.IntN(9900)) }
