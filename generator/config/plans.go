package config

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/diag"
	"gongkai/generator/tomlpos"
)

// validatePlans gathers the portal's plans into Plans, oldest first,
// checks each with its phases and targets, and makes the current one
// Plan, Phases and Targets. The single [plan] form (with the top-level
// [[phases]] and [[targets]]) is one plan; beside [[plans]] it is the
// current one, otherwise the latest of [[plans]] is.
func (c *Config) validatePlans(errs *diag.List) {
	badAt := func(path []string, hint, format string, args ...any) {
		errs.Add(diag.Errorf(c.Pos(path...), hint, format, args...))
	}
	for i := range c.Plans {
		c.Plans[i].path = []string{"plans", tomlpos.Index(i)}
	}
	single := c.Plan
	if len(single.Phases) > 0 || len(single.Targets) > 0 {
		badAt([]string{"plan"}, "[plan] 的阶段和目标写在顶层的 [[phases]] 和 [[targets]] 中；要在一个门户上放几个计划，改用 [[plans]]，每个计划写 [[plans.phases]] 和 [[plans.targets]]。", "[plan] 中不能写 phases 或 targets")
	}
	single.Phases, single.Targets = c.Phases, c.Targets
	hasSingle := single.Name != "" || single.FirstYear != 0 || len(single.Phases) > 0 || len(single.Targets) > 0
	cur := len(c.Plans) - 1
	if hasSingle {
		c.Plans = append(c.Plans, single)
		cur = len(c.Plans) - 1
	}
	seen := map[string]bool{}
	for i := range c.Plans {
		p := &c.Plans[i]
		c.validatePlan(p, badAt)
		if p.path == nil {
			continue
		}
		at := append(slices.Clone(p.path), "id")
		switch {
		case p.ID == "":
			badAt(at, `每个 [[plans]] 写一个 id，用作它的网址，如 id = "early"。`, "第 %d 个 [[plans]] 缺少 id", i+1)
		case !validID(p.ID):
			badAt(at, `id 只用英文小写字母、数字和连字符，如 id = "early"。`, "计划的 id %q 含有不允许的字符", p.ID)
		case seen[p.ID]:
			badAt(at, "每个计划的 id 不同。", "计划的 id %q 重复", p.ID)
		}
		seen[p.ID] = true
	}
	if len(c.Plans) == 0 {
		return
	}
	current := &c.Plans[cur]
	if !hasSingle {
		// The latest plan is the current one.
		for i := range c.Plans {
			if c.Plans[i].start() > current.start() {
				current = &c.Plans[i]
			}
		}
	}
	id, fromSingle := current.ID, current.path == nil // current moves with the sort
	slices.SortStableFunc(c.Plans, func(a, b Plan) int { return a.start() - b.start() })
	for i := range c.Plans {
		if c.Plans[i].ID == id && (c.Plans[i].path == nil) == fromSingle {
			c.Current = i
		}
	}
	for i := 1; i < len(c.Plans); i++ {
		a, b := &c.Plans[i-1], &c.Plans[i]
		if b.start() <= a.end() {
			badAt(append(slices.Clone(b.pathOr("plan")), "first_year"), "每一年只属于一个计划：data/ 中的年度数据和单位的 [status.年份] 按年份归入计划。调整 first_year、last_year 或阶段的起止日期。",
				"计划“%s”（%d—%d）与“%s”（%d—%d）的年份重叠", b.Name, b.start(), b.end(), a.Name, a.start(), a.end())
		}
	}
	c.Plan = c.Plans[c.Current]
	c.Phases, c.Targets = c.Plan.Phases, c.Plan.Targets
}

// validatePlan checks one plan and fills in its defaults.
func (c *Config) validatePlan(p *Plan, badAt func(path []string, hint, format string, args ...any)) {
	at := func(keys ...string) []string {
		if p.path == nil {
			return keys
		}
		return append(slices.Clone(p.path), keys...)
	}
	if p.ShortName == "" {
		p.ShortName = p.Name
	}
	if p.FirstYear != 0 || p.LastYear != 0 {
		if p.FirstYear < 1949 || p.LastYear < p.FirstYear || p.LastYear-p.FirstYear > 20 {
			badAt(append(slices.Clone(p.pathOr("plan")), "first_year"), "first_year 和 last_year 都写四位年份，如 first_year = 2018，last_year = 2020，且 last_year 不早于 first_year。", "%s 的年份 %d–%d 无效", p.label(), p.FirstYear, p.LastYear)
		}
	}
	uniq := func(what string, ids []string) {
		seen := map[string]bool{}
		for i, id := range ids {
			path := at(what, tomlpos.Index(i), "id")
			switch {
			case id == "":
				badAt(path, "每一项都要有 id（英文小写字母、数字和连字符）。", "%s中有一项缺少 id", what)
			case seen[id]:
				badAt(path, "id 不能重复。", "%s的 id %q 重复", what, id)
			case !validID(id):
				badAt(path, "id 只用英文小写字母、数字和连字符，如 gusu。", "%s的 id %q 含有不允许的字符", what, id)
			}
			seen[id] = true
		}
	}
	uniq("phases", ids(p.Phases, func(k Phase) string { return k.ID }))
	uniq("targets", ids(p.Targets, func(k Target) string { return k.ID }))
	for i, ph := range p.Phases {
		if ph.Start.IsZero() || ph.End.IsZero() || ph.End.In(time.UTC).Before(ph.Start.In(time.UTC)) {
			badAt(at("phases", tomlpos.Index(i), "end"), "每个阶段都要有 start 和 end，且 end 不早于 start。", "阶段 %s 的起止日期无效", ph.ID)
		}
	}
	for i := range p.Targets {
		c.validateTarget(p, i, badAt)
	}
}

// pathOr is where the plan's own keys are written: its [[plans]] entry,
// or the table named def.
func (p *Plan) pathOr(def string) []string {
	if p.path == nil {
		return []string{def}
	}
	return p.path
}

// label names the plan in messages: [plan], or its [[plans]] id.
func (p *Plan) label() string {
	if p.path == nil {
		return "[plan]"
	}
	return "计划 " + p.ID
}

// start and end are the plan's first and last year (0 when it has none).
func (p *Plan) start() int {
	if p.FirstYear != 0 {
		return p.FirstYear
	}
	if len(p.Phases) > 0 {
		return p.Phases[0].Start.In(time.UTC).Year()
	}
	return 0
}

func (p *Plan) end() int {
	if p.LastYear != 0 {
		return p.LastYear
	}
	end := 0
	for _, ph := range p.Phases {
		end = max(end, ph.End.In(time.UTC).Year())
	}
	return end
}

// YearsOf lists plan p's years: first_year to last_year, else every year
// its phases cover, e.g. ["2015","2016","2017"].
func (c *Config) YearsOf(p *Plan) []string {
	var out []string
	first, last := p.FirstYear, p.LastYear
	if first == 0 || last < first {
		first, last = 0, 0
		for _, ph := range p.Phases {
			a, b := ph.Start.In(c.Location).Year(), ph.End.In(c.Location).Year()
			if first == 0 || a < first {
				first = a
			}
			last = max(last, b)
		}
		if first == 0 {
			return nil
		}
	}
	for y := first; y <= last; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// Years lists the current plan's years.
func (c *Config) Years() []string { return c.YearsOf(&c.Plan) }

// AllYears lists the years of every plan, oldest first: the years the
// units' [status.YEAR] and the sheets of data/ may hold.
func (c *Config) AllYears() []string {
	var out []string
	for i := range c.Plans {
		for _, y := range c.YearsOf(&c.Plans[i]) {
			if !slices.Contains(out, y) {
				out = append(out, y)
			}
		}
	}
	return out
}

// PlanOfYear returns the index in Plans of the plan that covers year, or -1.
func (c *Config) PlanOfYear(year string) int {
	for i := range c.Plans {
		if slices.Contains(c.YearsOf(&c.Plans[i]), year) {
			return i
		}
	}
	return -1
}

// ForPlan returns the configuration as plan i sees it: a copy whose Plan,
// Phases and Targets are that plan's, so everything computed for the
// current plan can be computed for another.
func (c *Config) ForPlan(i int) *Config {
	if i == c.Current {
		return c
	}
	cp := *c
	cp.Plan = c.Plans[i]
	cp.Phases, cp.Targets = cp.Plan.Phases, cp.Plan.Targets
	return &cp
}

// TargetPos returns where a key of the plan's target i is written, e.g.
// TargetPos(2, "field").
func (c *Config) TargetPos(i int, key ...string) diag.Position {
	path := append(slices.Clone(c.Plan.path), "targets", strconv.Itoa(i))
	return c.Pos(append(path, key...)...)
}

// validateTarget checks target i of plan p and fills in its defaults.
func (c *Config) validateTarget(p *Plan, i int, badAt func(path []string, hint, format string, args ...any)) {
	tat := func(keys ...string) []string {
		return append(append(slices.Clone(p.path), "targets", tomlpos.Index(i)), keys...)
	}
	t := &p.Targets[i]
	if t.Measure == "" {
		t.Measure = "share"
	}
	if t.Measure != "share" && t.Measure != "mean" {
		badAt(tat("measure"), `measure 只能是 "share"（达标单位占比）或 "mean"（平均比例）。`, "目标 %s 的 measure %q 无效", t.ID, t.Measure)
	}
	if t.Field == "" {
		badAt(tat(), `加一行 field = "staff_congress"，写明按单位的哪个年度字段统计。`, "目标 %s 缺少 field", t.ID)
	}
	checkShare := func(v float64, path ...string) {
		if v >= 0 && v <= 1 {
			return
		}
		hint := "threshold 写成 0 到 1 之间的小数，如 90% 写成 0.9。"
		if v > 1 && v <= 100 {
			hint = fmt.Sprintf("threshold 写成 0 到 1 之间的小数：%v%% 写成 %v。", v, v/100)
		}
		badAt(tat(path...), hint, "目标 %s 的 threshold %v 超出 0–100%% 的范围", t.ID, v)
	}
	checkShare(t.Threshold, "threshold")
	for j, th := range t.Thresholds {
		path := []string{"thresholds", tomlpos.Index(j)}
		checkShare(th.Value, append(path, "value")...)
		if th.Year == 0 && th.District == "" {
			badAt(tat(path...), `每项分解写明 year（年度，如 year = 2016）或 district（地区 id），或两者都写，再写 value。`, "目标 %s 的 thresholds 第 %d 项没有写年度或地区", t.ID, j+1)
		}
		if th.District != "" && c.District(th.District) == nil {
			badAt(tat(append(path, "district")...), suggestHint(th.District, c.DistrictIDs(), "在 [[districts]] 中声明它，或改成已声明的地区。"), "目标 %s 的 thresholds 引用了未声明的地区 %q", t.ID, th.District)
		}
	}
	oneOf := func(v *string, key, def string, allowed map[string]string) {
		if *v == "" {
			*v = def
		}
		if _, ok := allowed[*v]; !ok {
			var opts []string
			for _, k := range slices.Sorted(maps.Keys(allowed)) {
				opts = append(opts, fmt.Sprintf("%q（%s）", k, allowed[k]))
			}
			badAt(tat(key), key+" 只能是 "+strings.Join(opts, "、")+"。", "目标 %s 的 %s %q 无效", t.ID, key, *v)
		}
	}
	oneOf(&t.Counts, "counts", CountsUnits, map[string]string{CountsUnits: "按单位计数", CountsPeople: "按人数合计"})
	oneOf(&t.Judged, "judged", JudgedYearly, map[string]string{JudgedYearly: "逐年考核", JudgedEnd: "计划期末考核，此前各年为进展"})
	oneOf(&t.Source, "source", SourcePlan, map[string]string{SourcePlan: "计划规定，纳入一票否决", SourceReference: "本站参考值，不纳入一票否决"})
	oneOf(&t.Level, "level", LevelDistrict, map[string]string{LevelUnit: "考核每个单位", LevelDistrict: "考核各地区", LevelCity: "只看全市，不否决任何单位"})
	if t.Counts == CountsPeople && t.People == "" {
		badAt(tat("counts"), `按人数合计时写明人数字段，如 people = "cadres"（工会干部人数）。`, "目标 %s 按人数合计，但缺少 people", t.ID)
	}
	if t.Counts != CountsPeople && t.People != "" {
		badAt(tat("people"), `people 只用于 counts = "people"：加上 counts = "people"，或删去 people。`, "目标 %s 写了 people，但不是按人数合计", t.ID)
	}
	for _, k := range t.Among.Kinds {
		if c.Kind(k) == nil {
			badAt(tat("among", "kinds"), suggestHint(k, c.KindIDs(), "在 [[unit_kinds]] 中声明它，或改成已声明的类型。"), "目标 %s 引用了未声明的单位类型 %q", t.ID, k)
		}
	}
}
