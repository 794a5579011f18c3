package builder

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/layout"
	"gongkai/generator/publish"
	"gongkai/generator/site"
	"gongkai/generator/view"
)

// BenchmarkUnitPage renders one grassroots unit's page of the site in
// GONGKAI_BENCH_SITE (a bench/sites directory). Run it on the 1k and the
// 100k site to see that a unit page costs the same at any size: it reads
// only its own disclosures, never the whole list.
//
//	GONGKAI_BENCH_SITE=../../bench/sites/100000 go test -run '^$' -bench UnitPage ./generator/build
func BenchmarkUnitPage(b *testing.B) {
	s, vs, tpl := benchSite(b)
	var unit *site.Page
	for _, p := range s.Pages {
		if p.Kind == site.KindUnit && p.Unit != nil && len(p.Unit.Children) == 0 && len(p.Unit.Disclosures) > 0 {
			unit = p
			break
		}
	}
	if unit == nil {
		b.Fatal("no grassroots unit with disclosures")
	}
	renderLoop(b, tpl, vs, s, unit)
	b.ReportMetric(float64(len(s.Pages)), "site-pages")
	b.ReportMetric(float64(len(unit.Unit.Disclosures)), "unit-disclosures")
}

// BenchmarkPageKinds renders a page of each common kind of the site in
// GONGKAI_BENCH_SITE: where the template time of a build goes.
func BenchmarkPageKinds(b *testing.B) {
	s, vs, tpl := benchSite(b)
	for _, kind := range []string{site.KindDisclosure, site.KindNotice, site.KindUnit, site.KindSection} {
		var page *site.Page
		for _, p := range s.Pages {
			if p.Kind == kind && (kind != site.KindSection || len(p.Items) == 20) {
				page = p
				break
			}
		}
		b.Run(kind, func(b *testing.B) { renderLoop(b, tpl, vs, s, page) })
	}
}

// benchSite indexes the site in GONGKAI_BENCH_SITE and loads the default
// theme, or skips the benchmark when the variable is not set.
func benchSite(b *testing.B) (*site.Site, *view.Views, *layout.Templates) {
	b.Helper()
	dir := os.Getenv("GONGKAI_BENCH_SITE")
	if dir == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a generated site")
	}
	src := os.DirFS(dir)
	cfg, errs := config.Load(src)
	if cfg == nil {
		b.Fatal(errs)
	}
	cs, _ := content.Walk(src, nil)
	s, _ := site.Index(cfg, cs, site.Options{Now: fixedNow})
	files, _ := layout.Theme(repo, nil)
	tpl, errs := layout.Load(files, layout.Funcs(cfg, func(n string) string { return "/assets/" + n }), publish.NewMinifier().Template)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	vs := view.Make(s, sourceDigest(src, 0))
	vs.SetSummaries()
	return s, vs, tpl
}

func renderLoop(b *testing.B, tpl *layout.Templates, vs *view.Views, s *site.Site, p *site.Page) {
	var buf bytes.Buffer
	v := vs.Page(slices.Index(s.Pages, p))
	for b.Loop() {
		buf.Reset()
		if err := tpl.Execute(&buf, p.Kind, view.Data{Site: vs.Site, Page: v}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkViews makes the view of every page of the site in
// GONGKAI_BENCH_SITE and hashes them all: what deriving the pages' keys
// costs a build.
func BenchmarkViews(b *testing.B) {
	s, _, _ := benchSite(b)
	digest := sourceDigest(os.DirFS(os.Getenv("GONGKAI_BENCH_SITE")), 0)
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			vs := view.Make(s, digest)
			for i := range s.Pages {
				vs.Page(i)
			}
		}
	})
	b.Run("sum", func(b *testing.B) {
		for b.Loop() {
			vs := view.Make(s, digest)
			vs.SetSummaries()
			for i := range s.Pages {
				view.Sum(vs.Page(i))
			}
		}
	})
	b.ReportMetric(float64(len(s.Pages)), "site-pages")
}
