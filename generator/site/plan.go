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

// planPages makes the pages of the plan's progress: the dashboard and a
// page per target, the timeline, and the showcase with a page per model
// unit and filter pages by award and by district. What they show is
// worked out by generator/plan; here they only get their URLs.
func (s *Site) planPages() {
	cfg := s.Config
	if len(cfg.Targets) > 0 {
		s.addAll([]*Page{{Kind: KindProgress, URL: "/progress/", Title: ProgressTitle}})
		for i := range cfg.Targets {
			t := &cfg.Targets[i]
			s.addAll([]*Page{{Kind: KindTarget, URL: "/progress/" + t.ID + "/", Title: t.Name, Target: t}})
		}
	}
	if len(cfg.Phases) > 0 {
		s.addAll([]*Page{{Kind: KindTimeline, URL: "/timeline/", Title: TimelineTitle}})
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
