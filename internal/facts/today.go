// Package facts holds the facts of the synthetic world that more than one package tells: the
// reference day it is seen from, the name tables and name rules, the places (regions, districts,
// streets, civil-registry offices), nationalities and the seeded random helpers. Documents
// (internal/document), the population (internal/population) and the gateway's records
// (internal/egov) all read them here, so that one person is told the same way everywhere.
package facts

import "time"

// Today is the day the generated world is seen from, not the clock, so that the same scenario
// gives the same people and documents on any day: ages, "adult", "issued before today" and the
// last possible date of any generated record are counted from it.
var Today = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// SchoolYearStart is 1 September of the school year Today falls in.
func SchoolYearStart() time.Time {
	y := Today.Year()
	if Today.Month() < time.September {
		y--
	}
	return time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC)
}
