package view

import (
	"html/template"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/chart"
	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/portal"
	"gongkai/generator/site"
)

// The views of the plan's progress pages: the dashboard (/progress/), a
// page per target, the timeline, the showcase and a district's standing.

// Result is a target's figure over a set of units in one year, as printed.
type Result struct {
	Year       string
	Applicable bool   // some unit counts; otherwise Label is 不适用 (or 未填报)
	Met        bool   // a share exactly at the threshold meets it
	Class      string // met, miss, na
	Label      string // 达标, 未达标, 未填报, 不适用
	Percent    string // one decimal: "93.3%"
	Share      float64
	Counts     string // "达标 14 / 应统计 15"
	Threshold  string // the year's own threshold where a target breaks it down by year or district: "≥85%"
	Change     string // against the year before: "+3.3 个百分点"; "" for the first year or 不适用
	Rank       string // a district's rank among districts: "第 2 名（共 8 个）"
	Official   []Official
}

// Official is a figure a report gives for a target in its period
// (front matter [figures]), shown beside the computed one with its source.
type Official struct {
	Percent string
	Source  Link   // the report
	Short   string // the report named short: "2016年通报"
	// Differs is set when it is not the figure computed from the
	// portal's units (they count different sets of units).
	Differs bool
}

// TargetSummary is a target with its citywide results, year by year.
type TargetSummary struct {
	Link             // its page, /progress/ID/
	ID        string // for anchors
	Goal      string // the plan's wording
	Threshold string // "≥90%"
	Mean      bool   // the share is an average of units' shares
	People    bool   // the share is people summed across units (cadres trained / cadres)
	Among     string // who counts, in the plan's words: 建会单位（含事业单位）
	Judged    string // when it is judged, if not every year: "计划期末考核，此前各年为进展"
	Reference bool   // the site's own yardstick, not the plan's: never vetoes
	Years     []Result
	Chart     template.HTML // bars per year against the threshold
}

// Progress is the dashboard: every target citywide, and, once the plan's
// 考核 date has come, whom 一票否决 strikes in its final year.
type Progress struct {
	FinalYear string
	Targets   []TargetSummary
	Judged    bool   // some target is judged only at the plan's end: its charts show progress bars
	Assessed  bool   // the 考核 date has come: Veto is the verdict
	Veto      []Veto // per target, at the final year; empty before the 考核
	Reports   []Link // the reports whose figures are shown
}

// Veto is, for one target at the plan's final year, whom 一票否决 strikes
// in 评先评优: the districts falling short (a target judged by district)
// or the number of units (a target every unit must meet, listed on the
// target's page). None says why it strikes no one.
type Veto struct {
	Target    Link
	Districts []Named
	Units     int
	None      string // "参考值，不纳入一票否决", "全市指标，不否决单个地区或单位", or "" when it may strike
}

// Named is a district or unit with a note on how it stands.
type Named struct {
	Link
	Note string // "80.0%（达标 4 / 应统计 5）", "未达标", "未填报"
	Area string // a unit's district
}

// TargetProgress is a target's page: the citywide results, each
// district's with its rank, a small chart per district, who falls short
// each year, and whom 一票否决 strikes once the plan is assessed.
type TargetProgress struct {
	TargetSummary
	Districts []DistrictResults
	Panels    []Panel
	Short     []Shortfall // per year, the final year first
	Assessed  bool        // the 考核 date has come
	Vetoed    []Named     // the districts or units struck, after the 考核
	VetoWho   string      // what Vetoed lists: 地区 or 单位
	VetoNone  string      // why the target strikes no one, as in Veto.None
}

// DistrictResults is a district's results for one target.
type DistrictResults struct {
	Link  // the district's page
	Years []Result
}

// Panel is one of a page's small charts.
type Panel struct {
	Title string
	Chart template.HTML
}

// Shortfall is who falls short of a target in one year.
type Shortfall struct {
	Year      string
	Districts []Named
	Units     []Named
}

// DistrictTarget is a district's standing on one target, for its page.
type DistrictTarget struct {
	Link             // the target's page
	Threshold string // "≥90%"
	Years     []Result
}

// Timeline is the plan's phases with what was published in each.
type Timeline struct {
	Phases []Phase
}

// Phase is a stage of the plan's 实施步骤.
type Phase struct {
	ID         string
	Name       string // as config names it
	Summary    string
	Start      time.Time
	End        time.Time
	Year       string // its year, if its figures are known
	Months     []Month
	Milestones int
	Figures    []YearEnd // the citywide figures at the end of the year
}

// Month is a month of a phase with its dated pages, oldest first.
type Month struct {
	ID     string // "m-2015-04", for anchors
	Label  string // "2015年4月"
	Events []Event
}

// Event is a notice, report or case on the timeline.
type Event struct {
	Link
	Date      time.Time
	Kind      string // 通知, 通报, 案例
	DocNumber string
	Milestone bool
}

// YearEnd is a target's citywide figure at the end of a phase's year.
type YearEnd struct {
	Link             // the target's page
	Threshold string // "≥90%"
	Result
}

// Showcase is the list of model units, or one filter of it.
type Showcase struct {
	Cards     []ModelCard
	Awards    []Filter // all, then each award kind with model units
	Districts []Filter // each district with model units
	Filter    string   // what the page is filtered by, "" for all
	// Titles are the plans' model titles, the current plan's first:
	// each plan that names 示范单位 on the showcase.
	Titles []ModelTitle
}

// ModelTitle is a plan's 示范单位 title.
type ModelTitle struct {
	Plan  string // the plan's short name
	Title string // as the award filter names it
}

// ModelCard is a model unit as the showcase lists it.
type ModelCard struct {
	Link             // its showcase page
	UnitURL   string // its unit page
	Kind      string
	District  string
	Awards    []AwardEntry
	Employees int
	Members   int
	Figures   string // "2017年达标 8 项（适用 9 项）"
	Photo     *Photo
}

// AwardEntry is a distinction and the year it was first held.
type AwardEntry struct {
	Name string
	Year string
}

// Photo is an image of a unit's page bundle.
type Photo struct {
	URL string
	Alt string // the file's name without extension
}

// ModelUnit is a model unit's showcase page.
type ModelUnit struct {
	ModelCard
	Parent      *Link
	DistrictURL string
	Established time.Time
	Chair       string
	Rows        []Row    // its marks per target over the years
	Years       []string // the years of Rows: those of the plan it is a 示范单位 of
	// Plan is that plan's name and dashboard when it is not the current
	// plan; nil otherwise.
	Plan   *Link
	Cases  []*Item
	Photos []Photo
}

// planMaker carries what the progress views share, made once per build.
type planMaker struct {
	*maker
	plan    *site.Plan
	cfg     *config.Config          // the configuration as the plan sees it
	years   []string                // the plan's
	vetoes  []portal.Veto           // the plan's, once assessed
	reports map[string][]*site.Page // year → reports with figures for it, earliest period first
	ranks   map[[2]int][]string     // {target, year} → rank per district
}

func (m *maker) plan(pl *site.Plan) *planMaker {
	pm := &planMaker{maker: m, plan: pl, cfg: pl.Config, years: pl.Years, vetoes: pl.Vetoes, reports: map[string][]*site.Page{}, ranks: map[[2]int][]string{}}
	if sec := m.s.Section(content.SectionReports); sec != nil {
		for _, p := range slices.Backward(sec.Pages) { // oldest first
			if r := p.Source.Report; r != nil && len(r.Figures) > 0 && len(r.Period) >= 4 {
				pm.reports[r.Period[:4]] = append(pm.reports[r.Period[:4]], p)
			}
		}
		// A year's reports in the order of their periods: the quarters,
		// then the year's own report; equal periods by date.
		for _, ps := range pm.reports {
			slices.SortStableFunc(ps, func(a, b *site.Page) int {
				return periodRank(a.Source.Report.Period) - periodRank(b.Source.Report.Period)
			})
		}
	}
	if m.s.Tree.Districts == nil {
		return pm
	}
	for ti := range pm.cfg.Targets {
		for yi, y := range pm.years {
			pm.ranks[[2]int{ti, yi}] = rank(m.s.Tree.Districts, ti, y, m.s.Config.MinComparedUnits)
		}
	}
	return pm
}

// rank orders districts by their share of target ti in year y, highest
// first; districts with equal shares share a rank (1, 2, 2, 4). A district
// counting fewer than minRanked units is not ranked.
func rank(districts []*portal.Aggregate, ti int, y string, minRanked int) []string {
	out := make([]string, len(districts))
	type ranked struct {
		i     int
		share float64
	}
	var rs []ranked
	var small []int
	for i, a := range districts {
		switch c := a.Years[y][ti]; {
		case c.Population >= minRanked:
			rs = append(rs, ranked{i, math.Round(c.Share()*1000) / 1000})
		case c.Population > 0:
			small = append(small, i)
		}
	}
	// A share of one or two units swings from 0 to 100 %: ranking it
	// beside districts of hundreds says nothing. Ranks need two districts.
	if len(rs) < 2 {
		return out
	}
	for _, i := range small {
		out[i] = "不足 " + strconv.Itoa(minRanked) + " 个单位，不排名"
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		switch {
		case a.share > b.share:
			return -1
		case a.share < b.share:
			return 1
		}
		return 0
	})
	pos := 0
	for n, r := range rs {
		if n == 0 || r.share != rs[n-1].share {
			pos = n + 1
		}
		out[r.i] = "第 " + strconv.Itoa(pos) + " 名（共 " + strconv.Itoa(len(rs)) + " 个）"
	}
	return out
}

// comparable reports whether a share of units can be set against the
// year before's: both years must count config's min_compared_units units,
// since one unit's share jumps between 0 and 100 %. A share of people or a
// mean value is a measure of its own, whatever the units.
func (pm *planMaker) comparable(now, before portal.Count) bool {
	if now.Target.Counts == config.CountsPeople || now.Target.Measure == "mean" {
		return true
	}
	min := pm.s.Config.MinComparedUnits
	return now.Population >= min && before.Population >= min
}

func threshold(t *config.Target) string {
	s := atLeast(t.Threshold)
	if len(t.Thresholds) > 0 {
		s += "（逐年、分地区分解）"
	}
	if !t.Binding() {
		s += "（参考）"
	}
	return s
}

func atLeast(v float64) string {
	return "≥" + strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"
}

// results are a target's figures over the years in aggregate a.
func (pm *planMaker) results(a *portal.Aggregate, ti int, official bool) []Result {
	out := make([]Result, 0, len(pm.years))
	for yi, y := range pm.years {
		c := a.Years[y][ti]
		f := c.Figure()
		r := Result{Year: y, Applicable: f.Applicable, Met: f.Met, Class: f.Class, Label: f.Label, Percent: f.Percent, Share: f.Share, Counts: f.Counts}
		if len(c.Target.Thresholds) > 0 {
			r.Threshold = atLeast(c.Threshold)
		}
		if yi > 0 && r.Applicable && out[yi-1].Applicable && pm.comparable(c, a.Years[pm.years[yi-1]][ti]) {
			d := math.Round(r.Share*1000)/10 - math.Round(out[yi-1].Share*1000)/10
			switch {
			case d > 0.05:
				r.Change = "+" + strconv.FormatFloat(d, 'f', 1, 64) + " 个百分点"
			case d < -0.05:
				r.Change = "−" + strconv.FormatFloat(-d, 'f', 1, 64) + " 个百分点"
			default:
				r.Change = "持平"
			}
		}
		if official {
			// The year's latest 通报值: a quarter's until the year's own.
			t := &pm.cfg.Targets[ti]
			for _, p := range slices.Backward(pm.reports[y]) {
				if v, ok := p.Source.Report.Figures[t.ID]; ok {
					o := Official{Percent: portal.Percent(v), Source: Link{Title: p.Title, URL: p.URL}, Short: periodName(p.Source.Report.Period) + "通报"}
					o.Differs = !r.Applicable || o.Percent != r.Percent
					r.Official = append(r.Official, o)
					break
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// periodRank orders the periods of one year: its quarters "2016Q1" to
// "2016Q4" (1 to 4), then the year "2016" (5).
func periodRank(period string) int {
	if len(period) == 6 && (period[4] == 'Q' || period[4] == 'q') && period[5] >= '1' && period[5] <= '4' {
		return int(period[5] - '0')
	}
	return 5
}

// periodName is a report's period in words: "2016年", "2016年第3季度".
func periodName(period string) string {
	if r := periodRank(period); r < 5 {
		return period[:4] + "年第" + strconv.Itoa(r) + "季度"
	}
	return period + "年"
}

func (pm *planMaker) summary(ti int) TargetSummary {
	t := &pm.cfg.Targets[ti]
	s := TargetSummary{Link: Link{Title: t.Name, URL: pm.plan.TargetURL(t)}, ID: t.ID, Goal: t.Goal, Threshold: threshold(t),
		Mean: t.Measure == "mean" && t.Counts != config.CountsPeople, People: t.Counts == config.CountsPeople, Among: t.Among.Name, Reference: !t.Binding()}
	if t.Judged == config.JudgedEnd && len(pm.years) > 0 {
		s.Judged = "计划期末（" + pm.years[len(pm.years)-1] + "年）考核，此前各年的数值为进展"
	}
	if pm.s.Total != nil {
		s.Years = pm.results(pm.s.Total, ti, true)
	}
	s.Chart = chart.SVG(panel(t.Name+"，全市", t, s.Years))
	return s
}

func panel(label string, t *config.Target, rs []Result) chart.Panel {
	p := chart.Panel{Label: label, Threshold: t.Threshold}
	for _, r := range rs {
		b := chart.Bar{Label: r.Year, Value: r.Share, Text: r.Percent, Met: r.Met, NA: !r.Applicable, Progress: r.Class == "prog"}
		if b.NA {
			b.Text = r.Label
		}
		p.Bars = append(p.Bars, b)
	}
	return p
}

func (pm *planMaker) districtLink(i int) Link {
	d := &pm.s.Config.Districts[i]
	return Link{Title: d.Name, URL: "/districts/" + d.ID + "/"}
}

func (pm *planMaker) progress() *Progress {
	v := &Progress{}
	if n := len(pm.years); n > 0 {
		v.FinalYear = pm.years[n-1]
	}
	v.Assessed = pm.vetoes != nil
	for ti := range pm.cfg.Targets {
		s := pm.summary(ti)
		v.Targets = append(v.Targets, s)
		v.Judged = v.Judged || s.Judged != ""
		if v.Assessed {
			districts, units, none := pm.vetoed(ti)
			v.Veto = append(v.Veto, Veto{Target: s.Link, Districts: districts, Units: len(units), None: none})
		}
	}
	for _, y := range pm.years {
		for _, p := range pm.reports[y] {
			v.Reports = append(v.Reports, Link{Title: p.Title, URL: p.URL})
		}
	}
	return v
}

// vetoed are the districts and units 一票否决 strikes on target ti, or
// why it strikes no one.
func (pm *planMaker) vetoed(ti int) (districts, units []Named, none string) {
	t := &pm.cfg.Targets[ti]
	switch {
	case !t.Binding():
		return nil, nil, "计划未规定比例，本站的参考值不纳入一票否决"
	case t.Level == config.LevelCity:
		return nil, nil, "全市指标，不否决单个地区或单位"
	}
	v := pm.vetoes[ti]
	for _, di := range v.Districts {
		f := pm.s.Tree.Districts[di].Years[v.Year][ti].Figure()
		districts = append(districts, Named{Link: pm.districtLink(di), Note: f.Percent + "，" + f.Counts})
	}
	for _, u := range v.Units {
		if l := pm.unitLink(u); l != nil {
			n := Named{Link: *l, Note: u.Own[v.Year][ti].Label()}
			if u.District != nil {
				n.Area = u.District.Name
			}
			units = append(units, n)
		}
	}
	return districts, units, ""
}

// shortUnits are the units a target applies to that miss it in year y or
// did not report, in tree order.
func (pm *planMaker) shortUnits(ti int, y string) []Named {
	var out []Named
	for _, u := range pm.s.Tree.Units {
		m := u.Own[y][ti]
		if !m.Short() {
			continue
		}
		l := pm.unitLink(u)
		if l == nil {
			continue
		}
		n := Named{Link: *l, Note: m.Label()}
		if u.District != nil {
			n.Area = u.District.Name
		}
		out = append(out, n)
	}
	return out
}

func (pm *planMaker) target(t *config.Target) *TargetProgress {
	ti := slices.IndexFunc(pm.cfg.Targets, func(c config.Target) bool { return c.ID == t.ID })
	v := &TargetProgress{TargetSummary: pm.summary(ti)}
	v.Panels = append(v.Panels, Panel{Title: "全市", Chart: v.Chart})
	for di, a := range pm.s.Tree.Districts {
		dr := DistrictResults{Link: pm.districtLink(di), Years: pm.results(a, ti, false)}
		for yi := range dr.Years {
			dr.Years[yi].Rank = pm.ranks[[2]int{ti, yi}][di]
		}
		v.Districts = append(v.Districts, dr)
		v.Panels = append(v.Panels, Panel{Title: dr.Title, Chart: chart.SVG(panel(t.Name+"，"+dr.Title, t, dr.Years))})
	}
	for yi := len(pm.years) - 1; yi >= 0; yi-- {
		y := pm.years[yi]
		sf := Shortfall{Year: y, Units: pm.shortUnits(ti, y)}
		for di, dr := range v.Districts {
			if r := dr.Years[yi]; r.Applicable && !r.Met && r.Class != "prog" {
				sf.Districts = append(sf.Districts, Named{Link: pm.districtLink(di), Note: r.Percent + "（" + r.Counts + "）"})
			}
		}
		v.Short = append(v.Short, sf)
	}
	if pm.vetoes != nil {
		v.Assessed = true
		districts, units, none := pm.vetoed(ti)
		v.Vetoed, v.VetoNone, v.VetoWho = append(districts, units...), none, "地区"
		if t.Level == config.LevelUnit {
			v.VetoWho = "单位"
		}
	}
	return v
}

// districtTargets is a district's standing on every target.
func (pm *planMaker) districtTargets(d *config.District) []DistrictTarget {
	di := slices.IndexFunc(pm.s.Config.Districts, func(c config.District) bool { return c.ID == d.ID })
	if di < 0 || di >= len(pm.s.Tree.Districts) {
		return nil
	}
	var out []DistrictTarget
	for ti := range pm.cfg.Targets {
		t := &pm.cfg.Targets[ti]
		dt := DistrictTarget{Link: Link{Title: t.Name, URL: pm.plan.TargetURL(t)}, Threshold: threshold(t), Years: pm.results(pm.s.Tree.Districts[di], ti, false)}
		for yi := range dt.Years {
			dt.Years[yi].Rank = pm.ranks[[2]int{ti, yi}][di]
		}
		out = append(out, dt)
	}
	return out
}

var eventKinds = map[string]string{content.SectionNotices: "通知", content.SectionReports: "通报", content.SectionCases: "案例"}

func (pm *planMaker) timeline() *Timeline {
	var events []*site.Page
	for _, id := range []string{content.SectionNotices, content.SectionReports, content.SectionCases} {
		if sec := pm.s.Section(id); sec != nil {
			events = append(events, sec.Pages...)
		}
	}
	slices.SortStableFunc(events, func(a, b *site.Page) int { return a.Date.Compare(b.Date) })
	v := &Timeline{}
	for _, ph := range pm.cfg.Phases {
		start, end := ph.Start.In(pm.loc), ph.End.In(pm.loc).AddDate(0, 0, 1)
		p := Phase{ID: ph.ID, Name: ph.Name, Summary: ph.Summary, Start: start, End: ph.End.In(pm.loc)}
		for _, e := range events {
			if e.Date.Before(start) || !e.Date.Before(end) {
				continue
			}
			d := e.Date.In(pm.loc)
			id := d.Format("m-2006-01")
			if len(p.Months) == 0 || p.Months[len(p.Months)-1].ID != id {
				p.Months = append(p.Months, Month{ID: id, Label: strconv.Itoa(d.Year()) + "年" + strconv.Itoa(int(d.Month())) + "月"})
			}
			ev := Event{Link: Link{Title: e.Title, URL: e.URL}, Date: d, Kind: eventKinds[e.Source.Section], Milestone: e.Source.Milestone}
			if n := e.Source.Notice; n != nil {
				ev.DocNumber = n.DocNumber
			}
			if ev.Milestone {
				p.Milestones++
			}
			mo := &p.Months[len(p.Months)-1]
			mo.Events = append(mo.Events, ev)
		}
		if y := strconv.Itoa(ph.End.In(pm.loc).Year()); slices.Contains(pm.years, y) && pm.s.Total != nil {
			p.Year = y
			yi := slices.Index(pm.years, y)
			for ti := range pm.cfg.Targets {
				t := &pm.cfg.Targets[ti]
				r := pm.results(pm.s.Total, ti, false)[yi]
				p.Figures = append(p.Figures, YearEnd{Link: Link{Title: t.Name, URL: pm.plan.TargetURL(t)}, Threshold: threshold(t), Result: r})
			}
		}
		v.Phases = append(v.Phases, p)
	}
	return v
}

var imageExts = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}

func (pm *planMaker) photos(u *portal.Unit) []Photo {
	up := pm.s.UnitPage(u)
	if up == nil {
		return nil
	}
	var out []Photo
	for _, r := range u.Page.Resources {
		ext := strings.ToLower(path.Ext(r))
		if !slices.Contains(imageExts, ext) {
			continue
		}
		name := strings.TrimPrefix(r, u.Page.BundleDir+"/")
		out = append(out, Photo{URL: up.URL + name, Alt: strings.TrimSuffix(path.Base(name), path.Ext(name))})
	}
	return out
}

func (pm *planMaker) card(mo *portal.Model) ModelCard {
	u := mo.Unit
	c := ModelCard{Link: Link{Title: u.Name(), URL: site.ShowcaseURL(u)}, Employees: u.Page.Unit.Employees, Members: u.Page.Unit.Members}
	if up := pm.s.UnitPage(u); up != nil {
		c.UnitURL = up.URL
	}
	if u.Kind != nil {
		c.Kind = u.Kind.Name
	}
	if u.District != nil {
		c.District = u.District.Name
	}
	for _, a := range mo.Awards {
		c.Awards = append(c.Awards, AwardEntry{Name: a.Name, Year: a.Year})
	}
	if n := len(pm.years); n > 0 {
		y := pm.years[n-1]
		met, applicable := 0, 0
		for _, mk := range u.Own[y] {
			if mk.Applicable && mk.Reported {
				applicable++
				if mk.Met {
					met++
				}
			}
		}
		if applicable > 0 {
			c.Figures = y + "年达标 " + strconv.Itoa(met) + " 项（适用 " + strconv.Itoa(applicable) + " 项）"
		}
	}
	if ps := pm.photos(u); len(ps) > 0 {
		c.Photo = &ps[0]
	}
	return c
}

// modelPlan is the maker of the views of the plan whose 示范单位 mo is:
// its card counts that plan's last year, its page that plan's targets.
func (m *maker) modelPlan(mo *portal.Model) *planMaker {
	if mo.Plan >= 0 && mo.Plan < len(m.s.Plans) {
		if f := m.planMakers[m.s.Plans[mo.Plan]]; f != nil {
			return f()
		}
	}
	return m.planMaker()
}

func (m *maker) showcase(p *site.Page) *Showcase {
	v := &Showcase{}
	all := Filter{Name: "全部", URL: "/showcase/", Count: len(m.s.Models), Current: p.Award == "" && p.District == nil}
	v.Awards = append(v.Awards, all)
	for _, k := range portal.AwardKinds(m.s.Config) {
		n := 0
		for _, mo := range m.s.Models {
			if mo.Has(k.ID) {
				n++
			}
		}
		if k.Plan >= 0 && k.Plan < len(m.s.Config.Plans) {
			pl := &m.s.Config.Plans[k.Plan]
			if pl.ModelTitle != "" && (n > 0 || k.Plan == m.s.Config.Current) {
				short := pl.ShortName
				if short == "" {
					short = "计划"
				}
				v.Titles = append(v.Titles, ModelTitle{Plan: short, Title: k.Name})
			}
		}
		if n > 0 {
			v.Awards = append(v.Awards, Filter{Name: k.Name, URL: "/showcase/award/" + k.ID + "/", Count: n, Current: p.Award == k.ID})
			if p.Award == k.ID {
				v.Filter = k.Name
			}
		}
	}
	for i := range m.s.Config.Districts {
		d := &m.s.Config.Districts[i]
		n := 0
		for _, mo := range m.s.Models {
			if mo.Unit.District == d {
				n++
			}
		}
		if n > 0 {
			v.Districts = append(v.Districts, Filter{Name: d.Name, URL: site.ShowcaseDistrictURL(d), Count: n, Current: p.District == d})
			if p.District == d {
				v.Filter = d.Name
			}
		}
	}
	for _, mo := range m.s.Models {
		if p.Award != "" && !mo.Has(p.Award) || p.District != nil && mo.Unit.District != p.District {
			continue
		}
		v.Cards = append(v.Cards, m.modelPlan(mo).card(mo))
	}
	return v
}

func (pm *planMaker) model(mo *portal.Model) *ModelUnit {
	u := mo.Unit
	v := &ModelUnit{ModelCard: pm.card(mo), Parent: pm.unitLink(u.Parent), Established: pm.date(u.Page.Unit.Established), Chair: u.Page.Unit.Chair, Photos: pm.photos(u)}
	if u.District != nil {
		v.DistrictURL = "/districts/" + u.District.ID + "/"
	}
	v.Rows, v.Years = pm.rows(u), pm.years
	if !pm.plan.Current {
		v.Rows = otherRows(u, pm.years)
		v.Plan = &Link{Title: pm.cfg.Plan.Name, URL: pm.plan.ProgressURL()}
	}
	for _, c := range u.Cases {
		if it := pm.items[pm.s.PageFor(c.Rel)]; it != nil {
			v.Cases = append(v.Cases, it)
		}
	}
	return v
}

// otherRows are a unit's status rows by the years of a plan other than
// the current one. They are not cached by Key: their years are not the
// site's.
func otherRows(u *portal.Unit, years []string) []Row {
	var out []Row
	for _, r := range u.Rows(years) {
		row := Row{Target: r.Target.Name, Cells: make([]Cell, len(r.Cells))}
		for i, c := range r.Cells {
			row.Cells[i] = Cell{Year: years[i], Class: c.Class, Label: c.Label, Value: c.Value, Counts: c.Counts}
		}
		out = append(out, row)
	}
	return out
}

// rows are a unit's status rows with the year of each cell.
func (m *maker) rows(u *portal.Unit) []Row {
	var out []Row
	for _, r := range u.Rows(m.s.Years) {
		row := Row{Target: r.Target.Name, Key: r.Key, Cells: make([]Cell, len(r.Cells))}
		for i, c := range r.Cells {
			row.Cells[i] = Cell{Year: m.s.Years[i], Class: c.Class, Label: c.Label, Value: c.Value, Counts: c.Counts}
		}
		out = append(out, row)
	}
	return out
}
