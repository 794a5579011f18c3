package portal

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/diag"
)

// Gap is a 会务公开 item a unit owes: a category its kind must disclose
// that it has not disclosed in time.
type Gap struct {
	Unit     *Unit
	Category *config.Category
	Year     string      // the year the item is due in (a yearly duty)
	Due      time.Time   // the day it was due
	Late     *Disclosure // the disclosure made after Due, or nil if none was made
	// Made is the disclosure that kept the duty in time: set on the
	// items of Unit.Kept, nil on gaps.
	Made *Disclosure
}

// Gaps lists, category by category and unit by unit in tree order, and
// files under each unit (Unit.Owed; the items it made in time go to
// Unit.Kept), the items units owe under the
// categories' required_kinds, every and due. Yearly duties are judged
// for the years of every plan of the portal, an earlier plan's as they
// stood at its end (its record stays whole beside a later plan), the
// others as of today. A duty of several years (换届 every five) is
// judged once, as of today or the end of the last plan, and only when
// its whole span lies within the plans' years: what came before the
// portal is not on it.
func Gaps(cfg *config.Config, t *Tree, today time.Time) []Gap {
	type span struct {
		first, last int
		asOf        time.Time
	}
	var spans []span
	for i := range cfg.Plans {
		years := cfg.YearsOf(&cfg.Plans[i])
		if len(years) == 0 {
			continue
		}
		first, _ := strconv.Atoi(years[0])
		last, _ := strconv.Atoi(years[len(years)-1])
		asOf := today
		if end := time.Date(last, 12, 31, 0, 0, 0, 0, cfg.Location); end.Before(asOf) {
			asOf = end
		}
		spans = append(spans, span{first, last, asOf})
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int { return a.first - b.first })
	first, asOf := spans[0].first, spans[len(spans)-1].asOf
	for _, u := range t.Units {
		u.Owed, u.Kept = nil, nil
	}
	var out []Gap
	for ci := range cfg.Categories {
		c := &cfg.Categories[ci]
		if len(c.RequiredKinds) == 0 {
			continue
		}
		for _, u := range t.Units {
			if u.Kind == nil || !slices.Contains(c.RequiredKinds, u.Kind.ID) {
				continue
			}
			var mine []*Disclosure // oldest first
			for _, d := range slices.Backward(u.Disclosures) {
				if d.Category == c {
					mine = append(mine, d)
				}
			}
			if c.Every > 1 {
				if g, ok := spanGap(cfg, u, c, mine, first, asOf); ok && g.Made == nil {
					out = append(out, g)
				} else if ok {
					u.Kept = append(u.Kept, g)
				}
				continue
			}
			for _, sp := range spans {
				for _, g := range yearlyGaps(cfg, u, c, mine, sp.first, sp.last, sp.asOf) {
					if g.Made == nil {
						out = append(out, g)
					} else {
						u.Kept = append(u.Kept, g)
					}
				}
			}
		}
	}
	for _, g := range out {
		g.Unit.Owed = append(g.Unit.Owed, g)
	}
	return out
}

// yearlyGaps judges a yearly duty for each year from first to last that
// was due by asOf: a Gap per year, with Made set where it was kept.
func yearlyGaps(cfg *config.Config, u *Unit, c *config.Category, mine []*Disclosure, first, last int, asOf time.Time) []Gap {
	var out []Gap
	for y := first; y <= last; y++ {
		due := time.Date(y, time.Month(c.DueMonth), c.DueDay, 0, 0, 0, 0, cfg.Location)
		if due.After(asOf) || !u.existedIn(strconv.Itoa(y)) {
			continue
		}
		var late, onTime *Disclosure
		for _, d := range mine {
			if day := d.Page.Date.In(cfg.Location); day.Year() == y {
				if !midnight(day).After(due) {
					if onTime == nil {
						onTime = d
					}
				} else if late == nil {
					late = d
				}
			}
		}
		g := Gap{Unit: u, Category: c, Year: strconv.Itoa(y), Due: due, Late: late}
		if onTime != nil {
			g.Late, g.Made = nil, onTime
		}
		out = append(out, g)
	}
	return out
}

// spanGap judges a duty of several years as of asOf; ok is false when it
// is not judged, and Made is set when it was kept.
func spanGap(cfg *config.Config, u *Unit, c *config.Category, mine []*Disclosure, first int, asOf time.Time) (Gap, bool) {
	from := asOf.AddDate(-c.Every, 0, 0)
	if from.Year() < first {
		return Gap{}, false // the span starts before the portal's records
	}
	if est := u.Page.Unit.Established; !est.IsZero() && est.In(cfg.Location).After(from) {
		return Gap{}, false // not yet due once
	}
	for _, d := range slices.Backward(mine) { // the latest
		if day := d.Page.Date.In(cfg.Location); day.After(from) && !day.After(asOf) {
			return Gap{Unit: u, Category: c, Due: asOf, Made: d}, true
		}
	}
	return Gap{Unit: u, Category: c, Due: asOf}, true
}

// maxListed is how many owed items a warning names per category; the
// rest are counted.
const maxListed = 20

// CheckCompleteness warns, per category at its line in config.toml, of
// the 会务公开 items units owe (gaps): missing ones and late ones.
func CheckCompleteness(cfg *config.Config, gaps []Gap) diag.List {
	var errs diag.List
	for ci := range cfg.Categories {
		c := &cfg.Categories[ci]
		var lines []string
		missing, late := 0, 0
		for _, g := range gaps {
			if g.Category != c {
				continue
			}
			var line string
			switch {
			case g.Late != nil:
				late++
				line = fmt.Sprintf("%s（%s）%s年的事项逾期：应在 %s 前公开，%s 才公开（%s）", g.Unit.ID, g.Unit.Name(), g.Year, g.Due.Format(time.DateOnly),
					g.Late.Page.Date.In(cfg.Location).Format(time.DateOnly), g.Late.Page.File)
			case g.Year != "":
				missing++
				line = fmt.Sprintf("%s（%s）缺少 %s年的事项（应在 %s 前公开）", g.Unit.ID, g.Unit.Name(), g.Year, g.Due.Format(time.DateOnly))
			default:
				missing++
				line = fmt.Sprintf("%s（%s）%d 年内没有公开过（截至 %s）", g.Unit.ID, g.Unit.Name(), c.Every, g.Due.Format(time.DateOnly))
			}
			if len(lines) < maxListed {
				lines = append(lines, line)
			}
		}
		if len(lines) == 0 {
			continue
		}
		if n := missing + late - len(lines); n > 0 {
			lines = append(lines, fmt.Sprintf("另有 %d 项未列出", n))
		}
		errs.Add(diag.Warnf(cfg.Pos("categories", strconv.Itoa(ci)), "请这些单位补发公开事项（content/disclosures/ 下），或核对 config.toml 中这一类别的 required_kinds、every 和 due。",
			"会务公开不完整：“%s”（%s）缺少 %d 项、逾期 %d 项：\n      %s", c.Name, duty(cfg, c), missing, late, strings.Join(lines, "\n      ")))
	}
	return errs
}

// duty says in words who must disclose a category and how often.
func duty(cfg *config.Config, c *config.Category) string {
	var kinds []string
	for _, id := range c.RequiredKinds {
		if k := cfg.Kind(id); k != nil {
			kinds = append(kinds, k.Name)
		}
	}
	when := fmt.Sprintf("每年 %d 月 %d 日前公开", c.DueMonth, c.DueDay)
	if c.Every > 1 {
		when = fmt.Sprintf("每 %d 年至少公开一次", c.Every)
	}
	return strings.Join(kinds, "、") + when
}
