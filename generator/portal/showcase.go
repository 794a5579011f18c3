package portal

import (
	"slices"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// Award kinds the showcase files model units under.
const (
	AwardModelUnit    = "model-unit"    // 示范单位 (the unit's model field)
	AwardHomeNational = "home-national" // 全国模范职工之家
	AwardHomeProvince = "home-province" // 省级模范职工之家
	AwardHomeCity     = "home-city"     // 市级模范职工之家
)

// AwardKind is a kind of distinction the showcase files model units under.
type AwardKind struct{ ID, Name string }

// AwardKinds lists the showcase's award kinds, highest first, with their
// names: the plan's model title ([plan] model_title, else 示范单位), then
// the levels of 模范职工之家.
func AwardKinds(cfg *config.Config) []AwardKind {
	model := cfg.Plan.ModelTitle
	if model == "" {
		model = "示范单位"
	}
	return []AwardKind{
		{AwardModelUnit, model},
		{AwardHomeNational, "全国模范职工之家"},
		{AwardHomeProvince, "省级模范职工之家"},
		{AwardHomeCity, "市级模范职工之家"},
	}
}

var homeAwards = map[string]string{"national": AwardHomeNational, "province": AwardHomeProvince, "city": AwardHomeCity}

// Award is one distinction of a model unit.
type Award struct {
	Kind string // one of AwardKinds' IDs; "" for other honours
	Name string // as printed: the unit's model title, or the level of its 职工之家
	Year string // the plan year it was first held, "" if unknown
}

// Model is a model unit of the showcase: a 示范单位, or a 模范职工之家 at
// city level or above.
type Model struct {
	Unit   *Unit
	Awards []Award // the unit's model title, its highest 职工之家 level, then other honours
}

// Has reports whether the unit holds an award of kind.
func (m *Model) Has(kind string) bool {
	return slices.ContainsFunc(m.Awards, func(a Award) bool { return a.Kind == kind })
}

// Models lists the model units in tree order (by tier, then name).
func Models(cfg *config.Config, t *Tree) []*Model {
	years := Years(cfg)
	var out []*Model
	for _, u := range t.Units {
		if m := model(cfg, u, years); m != nil {
			out = append(out, m)
		}
	}
	return out
}

func model(cfg *config.Config, u *Unit, years []string) *Model {
	src := u.Page.Unit
	m := &Model{Unit: u}
	if src.Model != "" {
		m.Awards = append(m.Awards, Award{Kind: AwardModelUnit, Name: src.Model, Year: firstYear(src, years, func(s content.UnitStatus) bool {
			return slices.Contains(s.Awards, src.Model)
		})})
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
		for _, k := range AwardKinds(cfg) {
			if k.ID == kind {
				m.Awards = append(m.Awards, Award{Kind: kind, Name: k.Name, Year: bestYear})
			}
		}
	}
	if len(m.Awards) == 0 {
		return nil
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
