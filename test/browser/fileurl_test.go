package browser

import (
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/generator/builder"
)

// sampleWith copies the sample portal into memory with its config.toml
// changed by edit.
func sampleWith(t *testing.T, edit func(config string) string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, root := range []string{"config.toml", "content", "data"} {
		err := fs.WalkDir(repo, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(repo, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil && !(root == "data" && errors.Is(err, fs.ErrNotExist)) {
			t.Fatal(err)
		}
	}
	m["config.toml"].Data = []byte(edit(string(m["config.toml"].Data)))
	return m
}

// TestFileURLNavigation builds the sample as it is, with no flag and no
// relative_urls in its config, and opens it from file://, as from a file
// share or a USB stick: the theme's CSS and JS load, and following links
// from the home page reaches a notice, its section list, a unit page, the
// 网站地图 and the 订阅 page, each styled; the feed link names a file that
// exists, and search finds pages and links them as files.
func TestFileURLNavigation(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: repo, Theme: repo, Dest: dest, Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := "file://" + filepath.ToSlash(dest)
	if err := visit(ctx, base, "/index.html"); err != nil {
		t.Fatal(err)
	}
	// Styled (the header's red comes from main.css) and scripted (main.js
	// marks <html> with "js").
	const state = `location.pathname.replace(/^.*\/public\//, "/") + " " + getComputedStyle(document.querySelector(".site-header")).backgroundColor + " " + document.documentElement.classList.contains("js")`
	const styled = " rgb(179, 20, 28) true"
	steps := []struct{ click, want string }{
		{`.home-grid a.item-title[href*="notices/"]`, "/notices/2017-plan-report/index.html"},
		{`.crumbs a[href="../index.html"]`, "/notices/index.html"},
		{`.site-nav a[href="../units/index.html"]`, "/units/index.html"},
		{`.dir-group a[href$="hongqiao-jingmi/index.html"]`, "/units/hongqiao-jingmi/index.html"},
		{`.site-footer a[href$="sitemap/index.html"]`, "/sitemap/index.html"},
		{`.sitemap a[href$="notices/2015/index.html"]`, "/notices/2015/index.html"},
		{`.site-footer a[href$="subscribe/index.html"]`, "/subscribe/index.html"},
		{`.brand`, "/index.html"},
	}
	where := "/index.html"
	got, err := eval[string](ctx, where, "style and script", state)
	if err != nil {
		t.Fatal(err)
	}
	if got != where+styled {
		t.Fatalf("from file://: %q, want %q", got, where+styled)
	}
	for _, s := range steps {
		if _, err := eval[bool](ctx, where, "follow "+s.click, `(a => { if (!a) throw new Error("no link `+strings.ReplaceAll(s.click, `"`, `\"`)+`"); a.click(); return true })(document.querySelector("`+strings.ReplaceAll(s.click, `"`, `\"`)+`"))`); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(perPage)
		for {
			got, err = eval[string](ctx, s.want, "style and script", state)
			if err == nil && got == s.want+styled || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if got != s.want+styled {
			t.Fatalf("following %s from %s: %q (%v), want %q", s.click, where, got, err, s.want+styled)
		}
		where = s.want
	}
	// The unit's feed link names a file that was written.
	unit, err := os.ReadFile(filepath.Join(dest, "units", "hongqiao-jingmi", "index.html"))
	if err != nil || !strings.Contains(string(unit), `href="atom.xml"`) {
		t.Errorf("unit page does not link its feed relatively (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "units", "hongqiao-jingmi", "atom.xml")); err != nil {
		t.Error(err)
	}

	// Search from disk: the index loads beside the page, results link files.
	if err := visit(ctx, base, "/search/index.html?q="+url.QueryEscape("集体协商")); err != nil {
		t.Fatal(err)
	}
	r := waitResults(ctx, t)
	if len(r.Titles) == 0 {
		t.Fatalf("search from file:// found nothing (status %q)", r.Status)
	}
	href, err := eval[string](ctx, "/search/", "first result", `document.querySelector("#search-results a").href`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(href, base+"/") || !strings.HasSuffix(href, "/index.html") {
		t.Fatalf("search result links %q, want a file under %s", href, base)
	}
	if _, err := os.Stat(filepath.FromSlash(strings.TrimPrefix(href, "file://"))); err != nil {
		t.Errorf("search result links a file that does not exist: %v", err)
	}
}

// TestSubPathNavigation serves the default build of the sample, built for
// base_url's root, under /portal/ of another server, as an intranet share
// might: pages are styled, links stay under /portal/, and search finds
// pages there.
func TestSubPathNavigation(t *testing.T) {
	dest := buildSample(t)
	mux := http.NewServeMux()
	mux.Handle("/portal/", http.StripPrefix("/portal", http.FileServer(http.Dir(dest))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	base := srv.URL + "/portal"
	ctx := browser(t)
	if err := visit(ctx, base, "/units/hongqiao-jingmi/"); err != nil {
		t.Fatal(err)
	}
	const state = `getComputedStyle(document.querySelector(".site-header")).backgroundColor + " " + document.documentElement.classList.contains("js") + " " + [...document.querySelectorAll("a[href], link[href], script[src]")].map(e => e.href || e.src).filter(u => u.startsWith(location.origin) && !u.startsWith(location.origin + "/portal/")).join(" ")`
	if got, err := eval[string](ctx, "/units/hongqiao-jingmi/", "style and links", state); err != nil || got != "rgb(179, 20, 28) true " {
		t.Fatalf("under /portal/: %q (%v), want styled, scripted and no link outside /portal/", got, err)
	}
	if err := visit(ctx, base, "/search/?q="+url.QueryEscape("集体协商")); err != nil {
		t.Fatal(err)
	}
	r := waitResults(ctx, t)
	href, _ := eval[string](ctx, "/search/", "first result", `document.querySelector("#search-results a") ? document.querySelector("#search-results a").href : ""`)
	if len(r.Titles) == 0 || !strings.HasPrefix(href, base+"/") {
		t.Errorf("search under /portal/: %d results, first links %q", len(r.Titles), href)
	}
}
