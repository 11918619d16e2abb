package facts

import (
	"testing"
	"time"
)

func TestSchoolYearStart(t *testing.T) {
	defer func(d time.Time) { Today = d }(Today)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct{ today, want time.Time }{
		{day(2026, 1, 1), day(2025, 9, 1)}, // the world's own day: school year 2025/26
		{day(2026, 8, 31), day(2025, 9, 1)},
		{day(2026, 9, 1), day(2026, 9, 1)},
		{day(2026, 12, 31), day(2026, 9, 1)},
	} {
		Today = c.today
		if got := SchoolYearStart(); !got.Equal(c.want) {
			t.Errorf("Today %s: SchoolYearStart() = %s, want %s", c.today.Format(time.DateOnly), got.Format(time.DateOnly), c.want.Format(time.DateOnly))
		}
	}
}
