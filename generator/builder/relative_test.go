package builder

import (
	"gongkai/generator/record"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDefaultRelative: without relative_urls in config.toml, pages link
// each other, their assets and their feeds relative to themselves and name
// index.html, so a copy opened from a USB stick (file://) or served under
// any sub-path works; what other programs read stays absolute from
// base_url (feeds, sitemap, robots.txt, canonical), and the 404 page,
// which servers show at any address, keeps site paths.
func TestDefaultRelative(t *testing.T) {
	src := overlay(t, nil)
	if strings.Contains(string(src["config.toml"].Data), "\nrelative_urls") {
		t.Fatal("the sample sets relative_urls; this test is about the default")
	}
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)

	home := read(t, dest, "index.html")
	for _, w := range []string{`href="notices/index.html"`, `href="atom.xml"`} {
		if !strings.Contains(home, w) {
			t.Errorf("home page lacks %s", w)
		}
	}
	if !regexp.MustCompile(`<link rel=stylesheet href="assets/main\.[0-9a-f]{10}\.css">`).MatchString(home) {
		t.Error("home page does not link its stylesheet relative to itself")
	}
	unit := read(t, dest, "units/hongqiao-jingmi/index.html")
	for _, w := range []string{`src="../../assets/main.`, `href="../../notices/index.html"`, `href="subscribe/index.html"`,
		`<link rel=canonical href="https://gonghui.example.org/units/hongqiao-jingmi/">`} {
		if !strings.Contains(unit, w) {
			t.Errorf("unit page lacks %s", w)
		}
	}

	// No page but the 404 page names a root path.
	rooted := regexp.MustCompile(`\s(?:href|src|action)="?/[^/]`)
	pages := 0
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dest+string(filepath.Separator)))
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pages++
		if m := rooted.Find(b); m != nil && rel != "404.html" {
			t.Errorf("%s links a root path: %s", rel, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 100 {
		t.Fatalf("walked %d pages", pages)
	}

	if nf := read(t, dest, "404.html"); !regexp.MustCompile(`href="?/assets/main\.`).MatchString(nf) || !strings.Contains(nf, `href="/"`) {
		t.Error("the 404 page does not keep site paths")
	}
	for name, want := range map[string]string{
		"atom.xml":                       `<link href="https://gonghui.example.org/notices/`,
		"units/hongqiao-jingmi/atom.xml": `<id>https://gonghui.example.org/units/hongqiao-jingmi/</id>`,
		"sitemap.xml":                    `<loc>https://gonghui.example.org/notices/2015-action-plan/</loc>`,
		"robots.txt":                     `Sitemap: https://gonghui.example.org/sitemap.xml`,
	} {
		if !strings.Contains(read(t, dest, name), want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
}

// TestRecordLinkForm: a site that wrote site paths and now builds with
// the default (links relative to each page) gets a 修改 entry only for the
// pages whose content links elsewhere, and each says that only the links'
// form changed; the published copy still verifies.
func TestRecordLinkForm(t *testing.T) {
	s := newRecordSite(t, "")
	cfg := s.read("config.toml")
	s.write("config.toml", "relative_urls = false\n"+cfg)
	s.mustBuild()
	before := len(s.entries())
	if !regexp.MustCompile(`href="?/cases/b/`).MatchString(s.read("public/notices/a/index.html")) {
		t.Fatal("with relative_urls = false the notice does not link /cases/b/")
	}

	s.write("config.toml", cfg)
	if res := s.mustBuild(); res.Recorded != 1 {
		t.Fatalf("switching to relative links appended %d entries, want 1 (only a.md links)", res.Recorded)
	}
	es := s.entries()
	last := es[len(es)-1]
	if len(es) != before+1 || last.URL != "/notices/a/" || last.Kind != record.Changed || last.Reason != linkFormReason {
		t.Fatalf("after switching: %+v", last)
	}
	if !strings.Contains(s.read("public/notices/a/index.html"), `href="../../cases/b/index.html"`) {
		t.Error("the notice does not link the case relative to itself")
	}
	if rep := s.verify(); !rep.OK() {
		t.Fatalf("verify after switching: %+v", rep)
	}

	// A real edit keeps its author's reason, or none.
	s.write("content/notices/a.md", "+++\ntitle = \"通知\"\ndate = 2016-03-01\n+++\n正文改了，见[案例](../cases/b.md)。\n")
	s.mustBuild()
	if es := s.entries(); es[len(es)-1].Reason != "" {
		t.Errorf("an edit got the reason %q", es[len(es)-1].Reason)
	}
}

// TestRelativeFlagOnRelativeSite: --relative on a site whose links are
// relative already (the default) is an ordinary build, which appends to
// the 修订记录; only a copy of a site with relative_urls = false does not.
func TestRelativeFlagOnRelativeSite(t *testing.T) {
	s := newRecordSite(t, "")
	s.now = s.now.Add(24 * time.Hour)
	if _, err := Run(Options{Source: os.DirFS(s.dir), SourceDir: s.dir, Theme: repo, Dest: s.dest, CacheDir: s.cache, Now: s.now, Relative: true}); err != nil {
		t.Fatal(err)
	}
	if n := len(s.entries()); n != 5 {
		t.Fatalf("--relative on a relative site recorded %d entries, want 5", n)
	}

	abs := newRecordSite(t, "")
	abs.write("config.toml", "relative_urls = false\n"+abs.read("config.toml"))
	if _, err := Run(Options{Source: os.DirFS(abs.dir), SourceDir: abs.dir, Theme: repo, Dest: abs.dest, CacheDir: abs.cache, Now: abs.now, Relative: true}); err != nil {
		t.Fatal(err)
	}
	if got := abs.read(record.File); got != "" {
		t.Errorf("a --relative copy of a site with relative_urls = false wrote a 修订记录:\n%s", got)
	}
}
