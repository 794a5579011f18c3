package site

import (
	"slices"

	"gongkai/generator/config"
	"gongkai/generator/portal"
)

// Titles of the plan's progress pages.
const (
	ProgressTitle = "计划进展"
	TimelineTitle = "推进历程"
	ShowcaseTitle = "示范风采"
)

// Plan is one of the portal's plans with what its pages show.
type Plan struct {
	Index   int            // in Config.Plans
	Config  *config.Config // the configuration as the plan sees it (Config.ForPlan)
	Current bool           // the plan the portal follows now
	Years   []string
	// Prefix is where the plan's pages are: "" for the current plan
	// (/progress/, /timeline/), "/plans/ID" for another.
	Prefix string
	// Vetoes are the plan's 一票否决 once its 考核 date has come; nil before.
	Vetoes []portal.Veto
}

// ProgressURL is the site path of the plan's dashboard.
func (p *Plan) ProgressURL() string { return p.Prefix + "/progress/" }

// TargetURL is the site path of the page of the plan's target.
func (p *Plan) TargetURL(t *config.Target) string { return p.Prefix + "/progress/" + t.ID + "/" }

// TimelineURL is the site path of the plan's timeline.
func (p *Plan) TimelineURL() string { return p.Prefix + "/timeline/" }

// plans lists the portal's plans, the current one at the usual
// addresses and each other one under /plans/ID/.
func plans(cfg *config.Config) []*Plan {
	out := make([]*Plan, len(cfg.Plans))
	for i := range cfg.Plans {
		pc := cfg.ForPlan(i)
		out[i] = &Plan{Index: i, Config: pc, Current: i == cfg.Current, Years: portal.Years(pc)}
		if !out[i].Current {
			out[i].Prefix = "/plans/" + cfg.Plans[i].ID
		}
	}
	return out
}

// planPages makes the pages of the plans' progress: for each plan the
// dashboard and a page per target and the timeline; and the showcase
// with a page per model unit and filter pages by award and by district.
// What they show is worked out by generator/view; here they only get
// their URLs.
func (s *Site) planPages() {
	cfg := s.Config
	for _, pl := range s.Plans {
		pc := pl.Config
		if len(pc.Targets) > 0 {
			s.addAll([]*Page{{Kind: KindProgress, URL: pl.ProgressURL(), Title: ProgressTitle + planSuffix(pl), Plan: pl}})
			for i := range pc.Targets {
				t := &pc.Targets[i]
				s.addAll([]*Page{{Kind: KindTarget, URL: pl.TargetURL(t), Title: t.Name + planSuffix(pl), Target: t, Plan: pl}})
			}
		}
		if len(pc.Phases) > 0 {
			s.addAll([]*Page{{Kind: KindTimeline, URL: pl.TimelineURL(), Title: TimelineTitle + planSuffix(pl), Plan: pl}})
		}
	}
	if len(s.Models) == 0 {
		return
	}
	s.addAll([]*Page{{Kind: KindShowcase, URL: "/showcase/", Title: ShowcaseTitle}})
	for _, m := range s.Models {
		s.addAll([]*Page{{Kind: KindModel, URL: ShowcaseURL(m.Unit), Title: m.Unit.Name(), Model: m}})
	}
	for _, k := range portal.AwardKinds(cfg) {
		if slices.ContainsFunc(s.Models, func(m *portal.Model) bool { return m.Has(k.ID) }) {
			s.addAll([]*Page{{Kind: KindShowcase, URL: "/showcase/award/" + k.ID + "/", Title: ShowcaseTitle + " · " + k.Name, Award: k.ID}})
		}
	}
	for i := range cfg.Districts {
		d := &cfg.Districts[i]
		if slices.ContainsFunc(s.Models, func(m *portal.Model) bool { return m.Unit.District == d }) {
			s.addAll([]*Page{{Kind: KindShowcase, URL: ShowcaseDistrictURL(d), Title: ShowcaseTitle + " · " + d.Name, District: d}})
		}
	}
}

// ShowcaseURL is the site path of a model unit's showcase page.
func ShowcaseURL(u *portal.Unit) string { return "/showcase/" + u.ID + "/" }

// ShowcaseDistrictURL is the site path of a district's showcase filter.
func ShowcaseDistrictURL(d *config.District) string { return "/showcase/district/" + d.ID + "/" }

// planSuffix tells the titles of another plan's pages from the current
// plan's: " · " and the plan's first and last year.
func planSuffix(pl *Plan) string {
	if pl.Current || len(pl.Years) == 0 {
		return ""
	}
	return " · " + pl.Years[0] + "—" + pl.Years[len(pl.Years)-1]
}
