package builder

import (
	"strings"

	"gongkai/generator/diag"
	"gongkai/generator/markdown"
)

// checkLinks renders every page's Markdown for its links alone. It runs
// when a build already has errors and will stop before the render stage,
// which is where links are resolved: the author then sees the broken
// links with the other mistakes instead of after fixing them.
func (r *run) checkLinks() diag.List {
	if r.site == nil || r.cfg == nil {
		return nil
	}
	md := markdown.New(markdown.Options{UnsafeHTML: r.cfg.UnsafeHTML, SummaryLength: r.cfg.SummaryLength})
	pages := r.site.Pages
	per := make([]diag.List, len(pages))
	parallel(len(pages), func(i int) {
		p := pages[i]
		if p.Source == nil || p.Source.LoadBody() != nil {
			return
		}
		md.Render(p.Source.Body, r.site.Resolver(p, &per[i])) // its errors are the render stage's to report
		if !p.Source.IsIndex {
			p.Source.Body = nil
		}
	})
	// A page whose own file has errors may be missing from the site: a
	// link to it is not broken, the page is.
	bad := map[string]bool{}
	for _, e := range r.errs {
		if e.Severity == diag.SeverityError && e.Pos.File != "" {
			bad[e.Pos.File] = true
		}
	}
	var errs diag.List
	for _, l := range per {
		for _, e := range l {
			if !namesAny(e.Msg, bad) {
				errs = append(errs, e)
			}
		}
	}
	return errs
}

func namesAny(msg string, files map[string]bool) bool {
	for f := range files {
		if strings.Contains(msg, f) {
			return true
		}
	}
	return false
}
