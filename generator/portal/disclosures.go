package portal

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// Status is where a disclosure stands in its 公示期.
type Status int

// Statuses of a disclosure.
const (
	StatusNone       Status = iota // no 公示期: published for the record
	StatusNotStarted               // 未开始
	StatusActive                   // 公示中
	StatusEnded                    // 已结束
)

// String returns the status as readers see it.
func (s Status) String() string {
	return [...]string{"长期公开", "未开始", "公示中", "已结束"}[s]
}

// Class is a CSS-friendly name of the status.
func (s Status) Class() string {
	return [...]string{"none", "upcoming", "active", "ended"}[s]
}

// Disclosure is a 会务公开 item with its unit and 公示期 resolved.
type Disclosure struct {
	Page     *content.Page
	Unit     *Unit
	Category *config.Category
	Start    time.Time // first day of the 公示期, midnight
	End      time.Time // last day of the 公示期, midnight; zero if none
	// Days is how long the 公示期 runs: working days when Working,
	// otherwise calendar days; 0 without a 公示期.
	Days    int
	Working bool
	// Contact is the supervision channel: the disclosure's own, or the
	// site's default.
	Contact string
}

// Status evaluates the 公示期 on the day today (any time of that day).
func (d *Disclosure) Status(today time.Time) Status {
	if d.Start.IsZero() {
		return StatusNone
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, d.Start.Location())
	switch {
	case day.Before(d.Start):
		return StatusNotStarted
	case day.After(d.End):
		return StatusEnded
	}
	return StatusActive
}

// Withdrawn reports whether the disclosure's category keeps it public only
// for a while after its 公示期 and that while is over on today; until is
// the last day it is public.
func (d *Disclosure) Withdrawn(today time.Time) (withdrawn bool, until time.Time) {
	if d.Category == nil || d.Category.RetentionDays <= 0 || d.End.IsZero() {
		return false, time.Time{}
	}
	until = d.End.AddDate(0, 0, d.Category.RetentionDays)
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, d.End.Location())
	return day.After(until), until
}

// PublicityEnd returns the last day of a 公示期 of n days starting on start:
// calendar days when cal is nil, otherwise working days of cal. covered is
// false when the 公示期 reaches a year cal has no holiday schedule for.
func PublicityEnd(start time.Time, n int, cal *Calendar) (end time.Time, covered bool) {
	if cal == nil {
		return start.AddDate(0, 0, n-1), true
	}
	return cal.End(start, n)
}

// LinkDisclosures resolves each disclosure's unit and category, computes its
// 公示期 and files it under its unit, newest first.
func LinkDisclosures(cfg *config.Config, t *Tree, pages []*content.Page) ([]*Disclosure, diag.List) {
	var errs diag.List
	var out []*Disclosure
	var cal *Calendar
	days := NewCalendar(cfg.Holidays) // to tell a day off, whatever publicity_days counts
	if cfg.Publicity.WorkingDays {
		cal = days
	}
	for _, p := range pages {
		dp := p.Disclosure
		if dp == nil {
			continue
		}
		d := &Disclosure{Page: p, Contact: dp.Contact}
		if d.Contact == "" {
			d.Contact = cfg.Publicity.Contact
		}
		switch {
		case dp.Unit == "":
			if p.Incomplete() {
				break // the front matter's own error comes first
			}
			errs.Add(diag.Errorf(diag.Position{File: p.File, Line: 2}, `加一行 unit = "单位文件名"，指明是哪个工会的公开事项。`, "公开事项缺少所属单位 unit"))
		case t.Unit(dp.Unit) == nil:
			errs.Add(diag.Errorf(fieldPos(p, "unit"), t.unitRefHint(dp.Unit), "单位 %q 不存在", dp.Unit))
		default:
			d.Unit = t.Unit(dp.Unit)
		}
		switch {
		case dp.Category == "":
			if p.Incomplete() {
				break
			}
			errs.Add(diag.Errorf(diag.Position{File: p.File, Line: 2}, "加一行 category = \"…\"，可选值："+labeled(cfg.Categories, categoryID, categoryName), "公开事项缺少类别 category"))
		case cfg.Category(dp.Category) == nil:
			errs.Add(diag.Errorf(fieldPos(p, "category"), suggestHint(dp.Category, cfg.CategoryIDs())+"（在 config.toml 的 [[categories]] 中定义）", "未知的公开类别 %q", dp.Category))
		default:
			d.Category = cfg.Category(dp.Category)
		}
		badDays := false
		if (dp.PublicityDays < 1 || dp.PublicityDays > MaxPublicityDays) && !p.Incomplete() && hasKey(p, "publicity_days") {
			// 0 or -5 would silently be the default; a huge number never ends.
			errs.Add(diag.Errorf(fieldPos(p, "publicity_days"), fmt.Sprintf("写 1 到 %d 之间的天数，例如 publicity_days = 5；不写则用 config.toml 的默认天数。", MaxPublicityDays),
				"公示天数 publicity_days = %d 超出范围", dp.PublicityDays))
			badDays = true
		}
		if !dp.PublicityStart.IsZero() && !badDays {
			d.Start = midnight(dp.PublicityStart.In(cfg.Location))
			switch {
			case !dp.PublicityEnd.IsZero():
				d.End = midnight(dp.PublicityEnd.In(cfg.Location))
				if dp.PublicityDays > 0 {
					errs.Add(diag.Errorf(fieldPos(p, "publicity_days"), "publicity_end 和 publicity_days 只写一个。", "公示期同时给了结束日期和天数"))
				}
			default:
				days, at := dp.PublicityDays, "publicity_days"
				if days <= 0 {
					days, at = cfg.Publicity.DefaultDays, "publicity_start"
				}
				var covered bool
				d.End, covered = PublicityEnd(d.Start, days, cal)
				if !covered {
					errs.Add(diag.Warnf(fieldPos(p, at), fmt.Sprintf("在 config.toml 中按国务院办公厅的节假日安排通知补上 %d 年的 [[holidays]]（off 放假日期，work 调休上班日期）。", d.End.Year()),
						"公示期 %s 起 %d 个工作日（至 %s）所在年份没有节假日安排，暂只跳过周六、周日计算", d.Start.Format(time.DateOnly), days, d.End.Format(time.DateOnly)))
				}
			}
			if d.End.Before(d.Start) {
				errs.Add(diag.Errorf(fieldPos(p, "publicity_end"), "publicity_end 应不早于 publicity_start。", "公示结束日期早于开始日期"))
			} else {
				errs = append(errs, d.checkPublicity(cfg, days, cal != nil)...)
			}
		} else if (!dp.PublicityEnd.IsZero() || dp.PublicityDays > 0) && !p.Incomplete() && !badDays {
			at := fieldPos(p, "publicity_days")
			if !dp.PublicityEnd.IsZero() {
				at = fieldPos(p, "publicity_end")
			}
			errs.Add(diag.Errorf(at, "加上 publicity_start = 2016-05-01（公示开始日期）。", "有公示期限但缺少开始日期 publicity_start"))
		}
		if d.Unit != nil {
			d.Unit.Disclosures = append(d.Unit.Disclosures, d)
			if y := strconv.Itoa(p.Date.In(cfg.Location).Year()); !slices.Contains(d.Unit.disclosedIn, y) {
				d.Unit.disclosedIn = append(d.Unit.disclosedIn, y)
			}
		}
		out = append(out, d)
	}
	newest := func(a, b *Disclosure) int { return ComparePages(a.Page, b.Page) }
	slices.SortFunc(out, newest)
	for _, u := range t.Units {
		slices.SortFunc(u.Disclosures, newest)
	}
	return out, errs
}

// LinkCases files each case under the units it names.
func LinkCases(t *Tree, pages []*content.Page) diag.List {
	var errs diag.List
	for _, p := range pages {
		if p.Case == nil {
			continue
		}
		for _, ref := range p.Case.Units {
			u := t.Unit(ref)
			if u == nil {
				errs.Add(diag.Errorf(fieldPos(p, "units"), t.unitRefHint(ref), "案例引用的单位 %q 不存在", ref))
				continue
			}
			u.Cases = append(u.Cases, p)
		}
	}
	for _, u := range t.Units {
		slices.SortFunc(u.Cases, ComparePages)
	}
	return errs
}

// SortPages sorts pages as ComparePages orders them, working out each
// page's instant once rather than at every comparison.
func SortPages(pages []*content.Page) {
	type keyed struct {
		at time.Time
		p  *content.Page
	}
	ks := make([]keyed, len(pages))
	for i, p := range pages {
		ks[i] = keyed{p.Date.In(time.UTC), p}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		if a.p.Weight != b.p.Weight {
			return a.p.Weight - b.p.Weight
		}
		return strings.Compare(a.p.Rel, b.p.Rel)
	})
	for i := range ks {
		pages[i] = ks[i].p
	}
}

// ComparePages orders pages newest first, then by weight and path, so every
// list has one stable order.
func ComparePages(a, b *content.Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	if a.Weight != b.Weight {
		return a.Weight - b.Weight
	}
	if a.Rel < b.Rel {
		return -1
	}
	if a.Rel > b.Rel {
		return 1
	}
	return 0
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// Group is a unit's disclosures of one category.
type Group struct {
	Category *config.Category
	Items    []*Disclosure
}

// ByCategory groups the unit's disclosures in the order of cats, leaving
// out empty categories.
func (u *Unit) ByCategory(cats []config.Category) []Group {
	var out []Group
	for i := range cats {
		g := Group{Category: &cats[i]}
		for _, d := range u.Disclosures {
			if d.Category != nil && d.Category.ID == cats[i].ID {
				g.Items = append(g.Items, d)
			}
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// MaxPublicityDays is the longest 公示期 publicity_days may give: a year.
const MaxPublicityDays = 365

// hasKey reports whether a page's front matter sets a top-level key.
func hasKey(p *content.Page, key string) bool {
	for _, l := range strings.Split(p.Front, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "[") {
			return false
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return true
		}
	}
	return false
}

// checkPublicity counts the days of a 公示期 and checks what a reader of
// it needs: a supervision channel to raise an objection, as many days as
// its category asks for, and a first day people are at work.
func (d *Disclosure) checkPublicity(cfg *config.Config, cal *Calendar, working bool) diag.List {
	var errs diag.List
	p := d.Page
	d.Working = working
	for day := d.Start; !day.After(d.End); day = day.AddDate(0, 0, 1) {
		if !working || cal.Working(day) {
			d.Days++
		}
	}
	unit := "天"
	if working {
		unit = "个工作日"
	}
	if d.Contact == "" {
		errs.Add(diag.Errorf(fieldPos(p, "publicity_start"), `加一行 contact = "…"，写明公示期内受理意见的电话、信箱或地址；或在 config.toml 的 [publicity] 中写 contact，作为全站默认的监督渠道。`,
			"公示事项有公示期，但没有监督渠道"))
	}
	if c := d.Category; c != nil && c.MinDays > 0 && d.Days < c.MinDays {
		at := "publicity_days"
		if hasKey(p, "publicity_end") {
			at = "publicity_end"
		} else if !hasKey(p, "publicity_days") {
			at = "publicity_start"
		}
		errs.Add(diag.Errorf(fieldPos(p, at), fmt.Sprintf("公示期改为不少于 %d %s：写 publicity_days = %d，或把 publicity_end 往后延。", c.MinDays, unit, c.MinDays),
			"“%s”类的公示期只有 %d %s，少于规定的 %d %s", c.Name, d.Days, unit, c.MinDays, unit))
	}
	if cal.Covers(d.Start.Year()) && !cal.Working(d.Start) {
		next := d.Start
		for !cal.Working(next) {
			next = next.AddDate(0, 0, 1)
		}
		errs.Add(diag.Warnf(fieldPos(p, "publicity_start"), fmt.Sprintf("公示从非工作日开始，职工看不到也问不到；改为 publicity_start = %s（下一个工作日），或确认无误后保留。", next.Format(time.DateOnly)),
			"公示期从 %s 开始，这一天不是工作日", d.Start.Format(time.DateOnly)))
	}
	return errs
}
