package portal

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// WorkersHomeLevels are the values of workers_home, lowest first.
var WorkersHomeLevels = []string{"none", "qualified", "city", "province", "national"}

// statusField reads a yearly field of a unit by the name targets use in
// config. Most are what units report in [status.YEAR]; a derived field is
// measured by the portal itself from the content (such as whether the
// unit published a disclosure that year), so it counts whether or not the
// unit reported a status.
type statusField struct {
	read    func(u *Unit, year string, s *content.UnitStatus) any
	derived bool
}

func reported(f func(s *content.UnitStatus) any) statusField {
	return statusField{read: func(_ *Unit, _ string, s *content.UnitStatus) any { return f(s) }}
}

var statusFields = map[string]statusField{
	"staff_congress":      reported(func(s *content.UnitStatus) any { return s.StaffCongress }),
	"collective_contract": reported(func(s *content.UnitStatus) any { return s.CollectiveContract }),
	"labor_supervision":   reported(func(s *content.UnitStatus) any { return s.LaborSupervision }),
	"workers_home":        reported(func(s *content.UnitStatus) any { return s.WorkersHome }),
	"service_station":     reported(func(s *content.UnitStatus) any { return s.ServiceStation }),
	"legal_person":        reported(func(s *content.UnitStatus) any { return s.LegalPerson }),
	"funds_audit":         reported(func(s *content.UnitStatus) any { return s.FundsAudit }),
	"rotation_trained":    reported(func(s *content.UnitStatus) any { return s.RotationTrained }),
	"certified":           reported(func(s *content.UnitStatus) any { return s.Certified }),
	"new_chair_trained":   reported(func(s *content.UnitStatus) any { return s.NewChairTrained }),
	"cadres":              reported(func(s *content.UnitStatus) any { return s.Cadres }),
	"new_chairs":          reported(func(s *content.UnitStatus) any { return s.NewChairs }),
	// 会务公开: the unit published at least one disclosure dated in the year.
	"disclosed": {derived: true, read: func(u *Unit, year string, _ *content.UnitStatus) any {
		return u != nil && slices.Contains(u.disclosedIn, year)
	}},
}

// CheckTargets validates that every target of every plan names fields
// units have, and that [fields] declares no built-in field again.
func CheckTargets(cfg *config.Config) diag.List {
	var errs diag.List
	for _, name := range slices.Sorted(maps.Keys(cfg.Fields)) {
		if _, builtin := statusFields[name]; builtin || name == "members" || name == "awards" {
			errs.Add(diag.Errorf(cfg.Pos("fields", name), "这是内置的年度字段，不用声明：删去 [fields."+name+"]，或换一个名字。", "年度字段 %s 已经内置", name))
		}
	}
	for pi := range cfg.Plans {
		errs = append(errs, checkTargets(cfg.ForPlan(pi))...)
	}
	return errs
}

func checkTargets(cfg *config.Config) diag.List {
	var errs diag.List
	names := fieldNames(cfg)
	for i, t := range cfg.Targets {
		at := func(key ...string) diag.Position { return cfg.TargetPos(i, key...) }
		for j, f := range []string{t.Field, t.Among.Field, t.People} {
			if f == "" {
				continue
			}
			if _, ok := zeroOf(cfg, f); !ok {
				path := [][]string{{"field"}, {"among", "field"}, {"people"}}[j]
				hint := suggestHint(f, names) + `；新的年度字段先在 config.toml 中声明，如 [fields.` + f + `] type = "bool" label = "名称"。`
				errs.Add(diag.Errorf(at(path...), hint, "目标 %s 引用了未知的年度字段 %q", t.ID, f))
			}
		}
		zero, ok := zeroOf(cfg, t.Field)
		if !ok {
			continue
		}
		_, isFloat := zero.(float64)
		if t.Counts == config.CountsPeople {
			if !isFloat {
				errs.Add(diag.Errorf(at("field"), `按人数合计时 field 写比例字段（如 rotation_trained），people 写人数字段（如 cadres）。`,
					"目标 %s 按人数合计，但字段 %s 不是比例", t.ID, t.Field))
			}
			if pz, ok := zeroOf(cfg, t.People); ok {
				if _, isInt := pz.(int); !isInt {
					errs.Add(diag.Errorf(at("people"), `people 写人数字段，如 cadres（工会干部人数）或 new_chairs（新任主席、副主席人数）。`,
						"目标 %s 的 people 字段 %s 不是人数", t.ID, t.People))
				}
			}
			continue
		}
		if _, isInt := zero.(int); isInt {
			errs.Add(diag.Errorf(at("field"), `人数字段只用作 people（counts = "people"）：field 写是否、比例或等级字段。`,
				"目标 %s 的字段 %s 是人数，不能直接作为目标", t.ID, t.Field))
			continue
		}
		if isFloat != (t.Measure == "mean") {
			errs.Add(diag.Errorf(at("measure"), `比例字段（如 rotation_trained）用 measure = "mean"，是否字段和等级字段用 measure = "share"。`,
				"目标 %s 的 measure 与字段 %s 不匹配", t.ID, t.Field))
		}
	}
	return errs
}

// CheckApplicable warns of each target that applies to no unit in any
// year of its plan: its figures can only read 不适用, which is most often a
// mistake in its among. It is a warning, not an error, because a small
// portal may rightly have no unit a target counts (no enterprise of 1,000
// employees yet). A site without units is not checked.
func CheckApplicable(cfg *config.Config, t *Tree) diag.List {
	var errs diag.List
	if len(t.Units) == 0 {
		return nil
	}
	for pi := range cfg.Plans {
		pc := cfg.ForPlan(pi)
		years := Years(pc)
		for i := range pc.Targets {
			tg := &pc.Targets[i]
			if _, ok := zeroOf(pc, tg.Field); !ok {
				continue // reported by CheckTargets
			}
			if !t.anyApplies(tg, years) {
				errs.Add(diag.Warnf(pc.TargetPos(i), "这个目标在各页面上都会显示“不适用”。检查 among 中的 kinds、min_employees 和 field/values 是否写对，或删除这个目标。",
					"目标 %s（%s）没有适用的单位：没有哪个单位在哪一年符合它的 among 条件", tg.ID, tg.Name))
			}
		}
	}
	return errs
}

func (t *Tree) anyApplies(tg *config.Target, years []string) bool {
	for _, u := range t.Units {
		for _, y := range years {
			s := u.Page.Unit.Status[y]
			if Applies(tg, u, y, &s) {
				return true
			}
		}
	}
	return false
}

// value reads a yearly field: a built-in one, or one declared in
// config.toml (in s.Extra).
func value(field string, u *Unit, year string, s *content.UnitStatus) any {
	if f, ok := statusFields[field]; ok {
		return f.read(u, year, s)
	}
	return extraValue(s, field)
}

// matches reports whether v is one of values; a bool matches "true" when
// values is empty.
func matches(v any, values []string) bool {
	switch v := v.(type) {
	case bool:
		if len(values) == 0 {
			return v
		}
		return slices.Contains(values, strconv.FormatBool(v))
	case string:
		return slices.Contains(values, v)
	}
	return false
}

// Mark is how one unit stands against one target in one year.
type Mark struct {
	Target     *config.Target
	Applicable bool    // the target applies to the unit
	Reported   bool    // the unit has a status for the year
	Met        bool    // the unit meets the target
	Value      float64 // the unit's share, for "mean" and "people" targets
	People     int     // for "people" targets: the unit's headcount
	PeopleMet  int     // of them, people meeting it (the share of the headcount, to the nearest person)
	Threshold  float64 // the year's threshold in the unit's district
	// Progress is set on the years before the final one of a target
	// judged at the plan's end: the value is progress, not a verdict.
	Progress bool
}

// Applies reports whether target t applies to unit u in year's status.
func Applies(t *config.Target, u *Unit, year string, s *content.UnitStatus) bool {
	if len(t.Among.Kinds) > 0 && (u.Kind == nil || !slices.Contains(t.Among.Kinds, u.Kind.ID)) {
		return false
	}
	if u.Page.Unit.Employees < t.Among.MinEmployees {
		return false
	}
	if t.Among.Field != "" && !matches(value(t.Among.Field, u, year, s), t.Among.Values) {
		return false
	}
	return true
}

// evaluate marks u against t in year given its status s (reported false
// if it has none). A derived field counts for every unit that existed in
// the year, reported or not.
func evaluate(t *config.Target, u *Unit, year string, s *content.UnitStatus, reported bool) Mark {
	m := Mark{Target: t, Threshold: t.ThresholdFor(year, u.districtID())}
	if statusFields[t.Field].derived {
		if !u.existedIn(year) {
			return m // not applicable: the union did not exist yet
		}
		reported = true
	}
	if !reported {
		m.Applicable = Applies(t, u, year, &content.UnitStatus{})
		return m
	}
	m.Reported = true
	m.Applicable = Applies(t, u, year, s)
	if !m.Applicable {
		return m
	}
	v := value(t.Field, u, year, s)
	if t.Counts == config.CountsPeople {
		n, _ := value(t.People, u, year, s).(int)
		if n <= 0 {
			m.Applicable = false // nobody to count this year: no new chair
			return m
		}
		// A share of a headcount is a number of people: units report
		// the share rounded, so the nearest whole person is the count.
		f, _ := v.(float64)
		m.People, m.PeopleMet = n, int(math.Round(f*float64(n)))
		m.Value = float64(m.PeopleMet) / float64(n)
		m.Met = m.Value+epsilon >= m.Threshold
	} else if f, isFloat := v.(float64); isFloat {
		m.Value = f
		m.Met = f+epsilon >= m.Threshold
	} else {
		m.Met = matches(v, t.Values)
		if m.Met {
			m.Value = 1
		}
	}
	return m
}

// epsilon keeps a share exactly at the threshold (0.9 of 90%) from missing
// it through float rounding: the plan's 以上 includes the threshold.
const epsilon = 1e-9

// existedIn reports whether the unit was established by the end of year.
func (u *Unit) existedIn(year string) bool {
	est := u.Page.Unit.Established
	if est.IsZero() {
		return true
	}
	y, err := strconv.Atoi(year)
	return err != nil || est.In(time.UTC).Year() <= y
}

// Count is a target's tally over a set of units for one year.
type Count struct {
	Target     *config.Target
	Population int     // units the target applies to that reported
	Meeting    int     // of them, units meeting it
	Sum        float64 // of their values, for "mean" targets
	Missing    int     // units the target applies to that did not report
	People     int     // for "people" targets: the headcount summed
	PeopleMet  int     // of them, people meeting it
	Threshold  float64 // the year's threshold where the units are (their district, or citywide)
	Progress   bool    // a year before the final one of a target judged at the end
}

// Share is the achieved rate: meeting units over population for "share"
// targets, the mean value for "mean" targets, people meeting it over
// people counted for "people" targets.
func (c Count) Share() float64 {
	if c.Population == 0 {
		return 0
	}
	switch {
	case c.Target.Counts == config.CountsPeople:
		if c.People == 0 {
			return 0
		}
		return float64(c.PeopleMet) / float64(c.People)
	case c.Target.Measure == "mean":
		return c.Sum / float64(c.Population)
	}
	return float64(c.Meeting) / float64(c.Population)
}

// Met reports whether the tally reaches its threshold; a share exactly at
// the threshold meets it.
func (c Count) Met() bool { return c.Population > 0 && c.Share()+epsilon >= c.Threshold }

// Judged reports whether the count is a verdict: the year is judged (not
// progress of a target judged at the plan's end) and units count.
func (c Count) Judged() bool { return c.Population > 0 && !c.Progress }

// Aggregate tallies a set of units.
type Aggregate struct {
	Units     int
	Employees int
	Members   int
	Years     map[string][]Count // year → one count per target, in config order
}

func newAggregate(years []planYear) *Aggregate {
	a := &Aggregate{Years: make(map[string][]Count, len(years))}
	for _, py := range years {
		cs := make([]Count, len(py.targets))
		for i := range py.targets {
			t := &py.targets[i]
			cs[i] = Count{Target: t, Threshold: t.ThresholdFor(py.year, ""), Progress: t.Judged == config.JudgedEnd && !py.final}
		}
		a.Years[py.year] = cs
	}
	return a
}

// planYear is one year of one of the portal's plans, with the targets
// that plan judges.
type planYear struct {
	year    string
	targets []config.Target
	final   bool // the plan's last year
}

// allPlanYears lists the years of every plan, oldest first: a tree holds
// every plan's figures at once, each year by its own plan's targets.
func allPlanYears(cfg *config.Config) []planYear {
	var out []planYear
	for i := range cfg.Plans {
		p := &cfg.Plans[i]
		ys := cfg.YearsOf(p)
		for yi, y := range ys {
			out = append(out, planYear{year: y, targets: p.Targets, final: yi == len(ys)-1})
		}
	}
	return out
}

// inDistrict sets the thresholds of an aggregate of one district's units.
func (a *Aggregate) inDistrict(d string) {
	for y, cs := range a.Years {
		for i := range cs {
			cs[i].Threshold = cs[i].Target.ThresholdFor(y, d)
		}
	}
}

// districtID is the id of the unit's district, or "".
func (u *Unit) districtID() string {
	if u.District == nil {
		return ""
	}
	return u.District.ID
}

// Evaluate computes, for every year of every plan, every unit's own marks and every unit's subtree
// aggregate, each district's aggregate (t.Districts) and the citywide
// total. Subtrees are summed children first, so the cost is units × years
// × targets whatever the depth.
func (t *Tree) Evaluate(cfg *config.Config) (total *Aggregate) {
	pys := allPlanYears(cfg)
	years := make([]string, len(pys))
	for i, py := range pys {
		years[i] = py.year
	}
	total = newAggregate(pys)
	t.Districts = make([]*Aggregate, len(cfg.Districts))
	district := make(map[*config.District]*Aggregate, len(cfg.Districts))
	for i := range cfg.Districts {
		t.Districts[i] = newAggregate(pys)
		t.Districts[i].inDistrict(cfg.Districts[i].ID)
		district[&cfg.Districts[i]] = t.Districts[i]
	}
	for _, u := range t.Units {
		u.Own = make(map[string][]Mark, len(pys))
		for _, py := range pys {
			y := py.year
			marks := make([]Mark, len(py.targets))
			s, ok := u.Page.Unit.Status[y]
			for i := range py.targets {
				marks[i] = evaluate(&py.targets[i], u, y, &s, ok)
				marks[i].Progress = py.targets[i].Judged == config.JudgedEnd && !py.final
			}
			u.Own[y] = marks
		}
		u.Subtree = newAggregate(pys)
		total.addUnit(u, years)
		u.Subtree.addUnit(u, years)
		if a := district[u.District]; a != nil {
			a.addUnit(u, years)
		}
	}
	// A subtree within one district is judged by that district's
	// thresholds; one spanning districts by the citywide ones.
	var sum func(u *Unit) (d *config.District, one bool)
	sum = func(u *Unit) (*config.District, bool) {
		d, one := u.District, true
		for _, c := range u.Children {
			cd, cone := sum(c)
			u.Subtree.add(c.Subtree)
			one = one && cone && cd == d
		}
		if one && d != nil {
			u.Subtree.inDistrict(d.ID)
		}
		return d, one
	}
	for _, r := range t.Roots {
		sum(r)
	}
	return total
}

// addUnit counts unit u's own figures and marks.
func (a *Aggregate) addUnit(u *Unit, years []string) {
	a.Units++
	a.Employees += u.Page.Unit.Employees
	a.Members += u.Page.Unit.Members
	for _, y := range years {
		counts := a.Years[y]
		for i, m := range u.Own[y] {
			if m.Applicable && !m.Reported {
				counts[i].Missing++
			}
			if m.Applicable && m.Reported {
				c := &counts[i]
				c.Population++
				c.Sum += m.Value
				c.People += m.People
				c.PeopleMet += m.PeopleMet
				if m.Met {
					c.Meeting++
				}
			}
		}
	}
}

// add adds aggregate b to a.
func (a *Aggregate) add(b *Aggregate) {
	a.Units += b.Units
	a.Employees += b.Employees
	a.Members += b.Members
	for y, counts := range a.Years {
		for i, c := range b.Years[y] {
			counts[i].Population += c.Population
			counts[i].Meeting += c.Meeting
			counts[i].Sum += c.Sum
			counts[i].Missing += c.Missing
			counts[i].People += c.People
			counts[i].PeopleMet += c.PeopleMet
		}
	}
}

// Label is how a mark reads on a unit's page.
func (m Mark) Label() string {
	switch {
	case !m.Applicable:
		return "不适用"
	case !m.Reported:
		return "未填报"
	}
	return verdict(m.Target, m.Met, m.Progress)
}

// verdict is how a judged share reads: 达标 or 未达标, marked 参考 for a
// target the plan does not set, and 进展 for a year before the plan's end
// of a target judged only then.
func verdict(t *config.Target, met, progress bool) string {
	switch {
	case progress:
		return "进展"
	case !t.Binding() && met:
		return "达标（参考）"
	case !t.Binding():
		return "未达标（参考）"
	case met:
		return "达标"
	}
	return "未达标"
}

// Class names the mark for the stylesheet: met, miss, prog or na.
func (m Mark) Class() string {
	switch {
	case !m.Applicable || !m.Reported:
		return "na"
	}
	return verdictClass(m.Met, m.Progress)
}

func verdictClass(met, progress bool) string {
	switch {
	case progress:
		return "prog"
	case met:
		return "met"
	}
	return "miss"
}

// Short reports whether the mark is a verdict of falling short: judged
// (not progress), applicable, and missed or not reported.
func (m Mark) Short() bool {
	return m.Applicable && !m.Progress && !(m.Reported && m.Met)
}

// ShowsValue reports whether the mark carries a share worth printing.
func (m Mark) ShowsValue() bool {
	return m.Applicable && m.Reported && (m.Target.Measure == "mean" || m.Target.Counts == config.CountsPeople)
}

// Row is one target's marks across the plan's years, ready to print.
type Row struct {
	Target *config.Target
	Cells  []Cell // one per year, in order
	Key    string // the same for rows that print the same; "" if not worth caching
}

// Cell is a mark as the status table prints it. Its fields are plain
// strings: a unit page has dozens of cells, and a template reads a field
// several times faster than it calls a method.
type Cell struct {
	Mark  Mark
	Class string // Mark.Class()
	Label string // Mark.Label()
	Value string // the share as "85%" for "mean" targets, else ""
	// Counts says what a subtree's share is made of: "达标 12 / 应统计 15".
	Counts string
}

// Rows arranges the unit's marks by target, for its status table. A unit
// with subordinate unions (a federation, which no target applies to
// itself) shows the aggregate of its subtree instead of rows of 不适用.
func (u *Unit) Rows(years []string) []Row {
	if len(years) == 0 {
		return nil
	}
	if len(u.Children) > 0 && u.Subtree != nil {
		return u.subtreeRows(years)
	}
	rows := make([]Row, len(u.Own[years[0]]))
	cells := make([]Cell, len(rows)*len(years))
	for i := range rows {
		rows[i].Target = u.Own[years[0]][i].Target
		rows[i].Cells = cells[i*len(years) : (i+1)*len(years) : (i+1)*len(years)]
		for j, y := range years {
			m := u.Own[y][i]
			c := Cell{Mark: m, Class: m.Class(), Label: m.Label()}
			if m.ShowsValue() {
				c.Value = strconv.FormatFloat(m.Value*100, 'f', 0, 64) + "%" // as pct0
			}
			rows[i].Cells[j] = c
		}
		// Rows with shares ("85%") are nearly all different: not worth
		// caching.
		if rows[i].Target.Measure != "mean" && rows[i].Target.Counts != config.CountsPeople {
			key := rows[i].Target.ID
			for _, c := range rows[i].Cells {
				key += "\x00" + c.Class + "\x00" + c.Label
			}
			rows[i].Key = key
		}
	}
	return rows
}

func (u *Unit) subtreeRows(years []string) []Row {
	rows := make([]Row, len(u.Subtree.Years[years[0]]))
	for i := range rows {
		rows[i].Target = u.Subtree.Years[years[0]][i].Target
		rows[i].Cells = make([]Cell, len(years))
		for j, y := range years {
			f := u.Subtree.Years[y][i].Figure()
			rows[i].Cells[j] = Cell{Class: f.Class, Label: f.Label, Value: f.Percent, Counts: f.Counts}
		}
	}
	return rows
}
