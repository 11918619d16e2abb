package population

import (
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/egovsim/egovsim/internal/kz"
	"github.com/egovsim/egovsim/scenarios"
)

// Birth dates spread over the window: clamping wives' birth dates to the last spouse birth date
// once piled about 5 % of them onto 2001-12-31, which at 1 000 000 people ran out of IINs.
func TestBirthDatesDoNotPileUp(t *testing.T) {
	p := buildGenerated(t, 20_000, 1, twoSchools)
	per := map[string]int{}
	for _, x := range generated(t, p) {
		per[x.BirthDate+string(x.Gender)]++
	}
	for k, n := range per {
		if n > 20 { // about 0.35 people per day and gender on average
			t.Errorf("%d people born on %s", n, k)
		}
	}
	if n := per[lastSpouseBorn.Format(time.DateOnly)+string(kz.Female)]; n > 5 {
		t.Errorf("%d women born on the last spouse birth date", n)
	}
}

// Every size the validator accepts builds, for any seed; reported here with its time and heap.
func TestGenerateMaximum(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("builds 1 000 000 people twice (about 12 s and 0.9 GiB each); skipped under -short and -race")
	}
	for _, seed := range []uint64{1, 2} {
		runtime.GC()
		start := time.Now()
		p := buildGenerated(t, scenarios.MaxGenerated, seed, twoSchools)
		took := time.Since(start)
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if p.Len() != scenarios.MaxGenerated+1 {
			t.Errorf("seed %d: %d people", seed, p.Len())
		}
		t.Logf("seed %d: %d people in %v, heap in use %d MiB", seed, p.Len(), took.Round(time.Millisecond), m.HeapInuse>>20)
		runtime.KeepAlive(p)
	}
}

// A population that cannot be built is refused on the line of the key that caused it.
func TestRefusalNamesALine(t *testing.T) {
	src := []byte("name: x\ncitizens: []\npopulation: {generate: 1}\n")
	s := &scenarios.Scenario{Source: src, File: "x.yaml"}
	var se *scenarios.Error
	if err := refused(s, errors.New("boom"), "population"); !errors.As(err, &se) || se.Problems[0].Line != 3 || se.Error() != "x.yaml:3: boom" {
		t.Errorf("refusal = %v", err)
	}
	if err := refused(&scenarios.Scenario{}, errors.New("boom"), "population"); !errors.As(err, &se) || se.Problems[0].Line != 1 {
		t.Errorf("without a source the refusal names line 1: %v", err)
	}
}
