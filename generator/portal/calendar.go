package portal

import (
	"time"

	"gongkai/generator/config"
)

// Calendar tells working days from days off: Monday to Friday work, Saturday
// and Sunday rest, except where the State Council's schedule for the year
// (config's [[holidays]]) gives a 法定节假日 off or a 调休 weekend day to
// work.
type Calendar struct {
	years map[int]bool
	off   map[string]bool // "2006-01-02"
	work  map[string]bool
}

// NewCalendar builds the calendar of the configured years.
func NewCalendar(years []config.Holidays) *Calendar {
	c := &Calendar{years: map[int]bool{}, off: map[string]bool{}, work: map[string]bool{}}
	for _, y := range years {
		c.years[y.Year] = true
		for _, d := range y.OffDays {
			c.off[d] = true
		}
		for _, d := range y.WorkDays {
			c.work[d] = true
		}
	}
	return c
}

// Covers reports whether the schedule of year is known.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// Working reports whether day is a working day.
func (c *Calendar) Working(day time.Time) bool {
	key := day.Format(time.DateOnly)
	if c.work[key] {
		return true
	}
	if c.off[key] {
		return false
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// End returns the last day of n working days counted from start (start
// itself counts when it is a working day), and whether every year from
// start to that day is covered by the schedule; where it is not, only
// weekends are skipped.
func (c *Calendar) End(start time.Time, n int) (time.Time, bool) {
	covered := true
	d := start
	for {
		if !c.Covers(d.Year()) {
			covered = false
		}
		if c.Working(d) {
			n--
			if n <= 0 {
				return d, covered
			}
		}
		d = d.AddDate(0, 0, 1)
	}
}
