package portal

import (
	"slices"
	"strings"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// Award kinds the showcase files model units under.
const (
	AwardModelUnit    = "model-unit"    // 示范单位 of the current plan (the unit's model field)
	AwardHomeNational = "home-national" // 全国模范职工之家
	AwardHomeProvince = "home-province" // 省级模范职工之家
	AwardHomeCity     = "home-city"     // 市级模范职工之家
)

// AwardKind is a kind of distinction the showcase files model units under.
type AwardKind struct {
	ID, Name string
	// Plan is the index in Config.Plans of the plan that names the
	// 示范单位 of this kind; -1 for the levels of 模范职工之家.
	Plan int
}

// AwardKinds lists the showcase's award kinds, highest first, with their
// names: each plan's model title (model_title, else 示范单位), the
// current plan's first, then the others newest first; then the levels
// of 模范职工之家. The current plan's kind is AwardModelUnit, another
// plan's AwardModelUnit-ID, so each plan's 示范单位 stay under its title.
func AwardKinds(cfg *config.Config) []AwardKind {
	var out []AwardKind
	add := func(i int) {
		name := cfg.Plans[i].ModelTitle
		if name == "" {
			name = "示范单位"
		}
		id := AwardModelUnit
		if i != cfg.Current {
			id += "-" + cfg.Plans[i].ID
		}
		if slices.ContainsFunc(out, func(k AwardKind) bool { return k.Name == name }) {
			name += "（" + strings.Join(yearSpan(cfg, i), "—") + "）"
		}
		out = append(out, AwardKind{ID: id, Name: name, Plan: i})
	}
	if len(cfg.Plans) == 0 {
		out = append(out, AwardKind{ID: AwardModelUnit, Name: "示范单位", Plan: -1})
	} else {
		add(cfg.Current)
	}
	for i := len(cfg.Plans) - 1; i >= 0; i-- {
		if i != cfg.Current {
			add(i)
		}
	}
	return append(out,
		AwardKind{AwardHomeNational, "全国模范职工之家", -1},
		AwardKind{AwardHomeProvince, "省级模范职工之家", -1},
		AwardKind{AwardHomeCity, "市级模范职工之家", -1})
}

// yearSpan is plan i's first and last year, or none.
func yearSpan(cfg *config.Config, i int) []string {
	ys := cfg.YearsOf(&cfg.Plans[i])
	if len(ys) == 0 {
		return nil
	}
	return []string{ys[0], ys[len(ys)-1]}
}

var homeAwards = map[string]string{"national": AwardHomeNational, "province": AwardHomeProvince, "city": AwardHomeCity}

// Award is one distinction of a model unit.
type Award struct {
	Kind string // one of AwardKinds' IDs; "" for other honours
	Name string // as printed: the unit's model title, or the level of its 职工之家
	Year string // the year it was first held, "" if unknown
}

// Model is a model unit of the showcase: a 示范单位, or a 模范职工之家 at
// city level or above.
type Model struct {
	Unit   *Unit
	Awards []Award // the unit's model title, its highest 职工之家 level, then other honours
	// Plan is the index in Config.Plans of the plan whose 示范单位 the
	// unit is; for a unit that is none's, the plan of the latest year it
	// held a distinction in; -1 if no plan covers it.
	Plan int
}

// Has reports whether the unit holds an award of kind.
func (m *Model) Has(kind string) bool {
	return slices.ContainsFunc(m.Awards, func(a Award) bool { return a.Kind == kind })
}

// Models lists the model units in tree order (by tier, then name). The
// years of every plan count: an earlier plan's 示范单位 and 模范职工之家
// stay on the showcase while a later plan runs.
func Models(cfg *config.Config, t *Tree) []*Model {
	years := cfg.AllYears()
	kinds := AwardKinds(cfg)
	var out []*Model
	for _, u := range t.Units {
		if m := model(cfg, kinds, u, years); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// modelPlan is the plan whose 示范单位 a unit with model title title is:
// the plan of that model_title, else the plan of the year the unit first
// lists the title among its awards, else the current plan.
func modelPlan(cfg *config.Config, title, year string) int {
	for i := range cfg.Plans {
		if cfg.Plans[i].ModelTitle != "" && cfg.Plans[i].ModelTitle == title {
			return i
		}
	}
	if i := cfg.PlanOfYear(year); i >= 0 {
		return i
	}
	if len(cfg.Plans) == 0 {
		return -1
	}
	return cfg.Current
}

func model(cfg *config.Config, kinds []AwardKind, u *Unit, years []string) *Model {
	src := u.Page.Unit
	m := &Model{Unit: u, Plan: -1}
	if title := strings.TrimSpace(src.Model); title != "" {
		year := firstYear(src, years, func(s content.UnitStatus) bool { return slices.Contains(s.Awards, src.Model) })
		m.Plan = modelPlan(cfg, title, year)
		kind := AwardModelUnit
		if i := slices.IndexFunc(kinds, func(k AwardKind) bool { return k.Plan == m.Plan }); i >= 0 {
			kind = kinds[i].ID
		}
		m.Awards = append(m.Awards, Award{Kind: kind, Name: src.Model, Year: year})
	}
	best, bestYear := 0, ""
	for _, y := range years {
		if s, ok := src.Status[y]; ok {
			if l := slices.Index(WorkersHomeLevels, s.WorkersHome); l > best {
				best, bestYear = l, y
			}
		}
	}
	if kind := homeAwards[WorkersHomeLevels[best]]; kind != "" {
		for _, k := range kinds {
			if k.ID == kind {
				m.Awards = append(m.Awards, Award{Kind: kind, Name: k.Name, Year: bestYear})
			}
		}
	}
	if len(m.Awards) == 0 {
		return nil
	}
	if m.Plan < 0 {
		m.Plan = cfg.PlanOfYear(bestYear)
	}
	for _, y := range years {
		for _, a := range src.Status[y].Awards {
			if a != src.Model && !slices.ContainsFunc(m.Awards, func(b Award) bool { return b.Name == a }) {
				m.Awards = append(m.Awards, Award{Name: a, Year: y})
			}
		}
	}
	return m
}

func firstYear(src *content.Unit, years []string, ok func(content.UnitStatus) bool) string {
	for _, y := range years {
		if s, has := src.Status[y]; has && ok(s) {
			return y
		}
	}
	return ""
}

// LinkIssued files each notice and report under the unit whose name is its
// issuer (发文机关), so a federation's page lists what it issued.
func LinkIssued(t *Tree, pages []*content.Page) {
	byName := make(map[string]*Unit, len(t.Units))
	for _, u := range t.Units {
		byName[u.Name()] = u
	}
	for _, p := range pages { // newest first
		issuer := ""
		switch {
		case p.Notice != nil:
			issuer = p.Notice.Issuer
		case p.Report != nil:
			issuer = p.Report.Issuer
		}
		if u := byName[issuer]; u != nil && issuer != "" {
			u.Issued = append(u.Issued, p)
		}
	}
}
