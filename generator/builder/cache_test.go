package builder

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/generator/content"
)

// cachedBuild builds src into dest with the cache in dir and returns the
// URLs whose templates ran.
func cachedBuild(t *testing.T, src fstest.MapFS, dest, cache string) []string {
	t.Helper()
	res, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res.Rendered
}

func setEqual(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		var missing, extra []string
		for _, w := range want {
			if !slices.Contains(got, w) {
				missing = append(missing, w)
			}
		}
		for _, g := range got {
			if !slices.Contains(want, g) {
				extra = append(extra, g)
			}
		}
		t.Errorf("%s: re-rendered %d pages; missing %v; extra %v", what, len(got), missing, extra)
	}
}

// uncachedSame checks the cached output against a fresh build.
func uncachedSame(t *testing.T, src fstest.MapFS, dest string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	buildSite(t, src, fresh)
	if diff := compareTrees(t, fresh, dest); diff != "" {
		t.Errorf("cached output differs from a fresh build: %s", diff)
	}
}

func TestCacheRebuilds(t *testing.T) {
	src := overlay(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	first := cachedBuild(t, src, dest, cache)
	if len(first) < 100 {
		t.Fatalf("first build rendered %d pages", len(first))
	}
	setEqual(t, "no change", cachedBuild(t, src, dest, cache), nil)
	uncachedSame(t, src, dest)

	// A notice's body changes: the notice, and the lists that show its
	// summary or list it (notices, its year, home, and its issuer's unit
	// page, which lists what it issued) — nothing else.
	old := string(src["content/notices/2016-member-review/index.md"].Data)
	src["content/notices/2016-member-review/index.md"] = &fstest.MapFile{Data: []byte(strings.Replace(old, "为落实", "为全面落实", 1))}
	setEqual(t, "notice body", cachedBuild(t, src, dest, cache), []string{
		"/notices/2016-member-review/", "/notices/", "/notices/2016/", "/", "/units/suzhou/",
	})
	uncachedSame(t, src, dest)

	// A disclosure's body changes: its page, its unit's page, the lists
	// that show it (its year, its category, the page of all disclosures
	// it is on) and its district's newest disclosures. (Same size: found
	// by its mtime.)
	old = string(src["content/disclosures/2015-wanghu-sichou-honors.md"].Data)
	src["content/disclosures/2015-wanghu-sichou-honors.md"] = &fstest.MapFile{Data: []byte(strings.Replace(old, "满意率为92%", "满意率为93%", 1)), ModTime: time.Now()}
	setEqual(t, "disclosure body", cachedBuild(t, src, dest, cache), []string{
		"/disclosures/2015-wanghu-sichou-honors/", "/units/wanghu-sichou/",
		"/disclosures/2015/", "/disclosures/category/honors/", "/disclosures/page/2/",
		"/districts/wujiang/",
	})
	uncachedSame(t, src, dest)

	// A unit others reference is renamed: its page, its parent's (children
	// list), its descendants' (breadcrumbs), and every page that shows
	// its name; an unrelated notice is not rendered again.
	old = string(src["content/units/jinqiao-jixie.md"].Data)
	src["content/units/jinqiao-jixie.md"] = &fstest.MapFile{Data: []byte(strings.Replace(old, "金桥镇机械行业工会联合会", "金桥镇机械行业联合工会", 1))}
	got := cachedBuild(t, src, dest, cache)
	for _, must := range []string{"/units/jinqiao-jixie/", "/units/jinqiao-town/", "/units/hongqiao-jingmi/", "/units/jinqiao-zhoucheng/", "/units/", "/districts/zhangjiagang/"} {
		if !slices.Contains(got, must) {
			t.Errorf("unit rename: %s not rendered again", must)
		}
	}
	for _, mustNot := range []string{"/notices/2016-member-review/", "/units/guihua-shequ/", "/reports/2016-annual/", "/cases/2016-guihua-community/"} {
		if slices.Contains(got, mustNot) {
			t.Errorf("unit rename: unrelated %s rendered again", mustNot)
		}
	}
	uncachedSame(t, src, dest)

	// A config value: every page.
	cfg := string(src["config.toml"].Data)
	src["config.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(cfg, "三年行动计划（2015-2017）· 会务公开", "三年行动计划 · 会务公开", 1))}
	if got := cachedBuild(t, src, dest, cache); len(got) != len(first) {
		t.Errorf("config change re-rendered %d of %d pages", len(got), len(first))
	}
	uncachedSame(t, src, dest)

	// A layout override for cases: exactly the case pages.
	caseRaw, err := fs.ReadFile(repo, "layouts/case.html")
	if err != nil {
		t.Fatal(err)
	}
	caseTpl := string(caseRaw)
	// A copy of a default layout changes nothing.
	src["layouts/case.html"] = &fstest.MapFile{Data: caseRaw}
	setEqual(t, "identical override", cachedBuild(t, src, dest, cache), nil)
	// A real override of one layout: exactly the pages of that kind (a
	// customized theme sees only the views, as the default one does).
	pageRaw, _ := fs.ReadFile(repo, "layouts/page.html")
	src["layouts/page.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(pageRaw), "<article>", "<article class=\"custom\">", 1))}
	setEqual(t, "page layout", cachedBuild(t, src, dest, cache), []string{"/about/"})
	// Then changing another layout renders exactly the pages of its kind.
	src["layouts/case.html"] = &fstest.MapFile{Data: []byte(strings.Replace(caseTpl, "相关单位：", "涉及单位：", 1))}
	var cases []string
	for name := range src {
		if strings.HasPrefix(name, "content/cases/") && strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") {
			cases = append(cases, "/cases/"+strings.TrimSuffix(strings.TrimPrefix(name, "content/cases/"), ".md")+"/")
		}
	}
	setEqual(t, "case layout", cachedBuild(t, src, dest, cache), cases)
	if !strings.Contains(read(t, dest, "cases/2017-yunting-contract/index.html"), "涉及单位：") {
		t.Error("the new case layout did not take effect")
	}
	uncachedSame(t, src, dest)

	// With a customized theme, a content change renders what it renders
	// with the default one: the notice and the lists showing its summary.
	src["content/notices/2017-model-units.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(src["content/notices/2017-model-units.md"].Data), "择优评选", "择优评选和", 1))}
	setEqual(t, "notice body with a customized theme", cachedBuild(t, src, dest, cache), []string{
		"/notices/2017-model-units/", "/notices/", "/notices/2017/", "/", "/units/suzhou/",
	})
	uncachedSame(t, src, dest)

	// A page's link target disappears: the page must be checked again and
	// the build must fail, even though the page itself did not change.
	src["content/notices/linker.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"链接\"\ndate = 2016-01-01\n+++\n见[关于](../about.md)。\n")}
	cachedBuild(t, src, dest, cache)
	delete(src, "content/about.md")
	if _, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache}); err == nil || !strings.Contains(err.Error(), "content/notices/linker.md:5:3: 错误：链接的页面 content/about.md 不存在") {
		t.Errorf("removed link target not reported: %v", err)
	}
}

// TestRacyMtime: a file whose mtime is too close to the cache's save time
// is compared by hash, never trusted by size and mtime alone.
func TestRacyMtime(t *testing.T) {
	now := time.Now().UnixNano()
	c := &parsedCache{}
	var recs [parsedShards][]parsedRec
	for rel, mtime := range map[string]int64{"old.md": now - int64(time.Minute), "racy.md": now - int64(time.Second), "after.md": now + int64(time.Second)} {
		recs[shardOf(rel)] = append(recs[shardOf(rel)], parsedRec{Page: content.Page{Rel: rel, Size: 10, ModTime: mtime}})
	}
	for i := range c.shards {
		c.shards[i] = newShard(now, recs[i])
	}
	if p, _ := c.parsed("old.md"); p.Size != 10 {
		t.Errorf("old entry not trusted")
	}
	for _, rel := range []string{"racy.md", "after.md"} {
		if p, _ := c.parsed(rel); p.Size != -1 {
			t.Errorf("%s trusted by size and mtime", rel)
		}
	}
}

// TestParsedShards: an edit rewrites only the shard of the parse cache
// that holds the edited file.
func TestParsedShards(t *testing.T) {
	src := overlay(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	cachedBuild(t, src, dest, cache)
	shards, _ := filepath.Glob(filepath.Join(cache, parsedDir, "*.bin"))
	if len(shards) < parsedShards/2 {
		t.Fatalf("%d shard files after the first build", len(shards))
	}
	before := map[string]time.Time{}
	for _, f := range shards {
		st, _ := os.Stat(f)
		before[f] = st.ModTime()
	}
	time.Sleep(10 * time.Millisecond)
	rel := "notices/2016-member-review/index.md"
	old := string(src["content/"+rel].Data)
	src["content/"+rel] = &fstest.MapFile{Data: []byte(strings.Replace(old, "为落实", "为全面落实", 1))}
	cachedBuild(t, src, dest, cache)
	var rewritten []string
	for _, f := range shards {
		if st, _ := os.Stat(f); !st.ModTime().Equal(before[f]) {
			rewritten = append(rewritten, filepath.Base(f))
		}
	}
	if want := fmt.Sprintf("%02d.bin", shardOf(rel)); len(rewritten) != 1 || rewritten[0] != want {
		t.Errorf("rewritten shards %v, want [%s]", rewritten, want)
	}
}

// TestCachedBuildRestoresOutputs: files of the last build that were
// deleted or edited in public/ are written again by a cached rebuild,
// although nothing in the source changed.
func TestCachedBuildRestoresOutputs(t *testing.T) {
	src := overlay(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	cachedBuild(t, src, dest, cache)
	notice := filepath.Join(dest, "notices", "2016-member-review", "index.html")
	want := read(t, dest, "notices/2016-member-review/index.html")
	if err := os.RemoveAll(filepath.Dir(notice)); err != nil {
		t.Fatal(err)
	}
	feed := filepath.Join(dest, "atom.xml")
	if err := os.WriteFile(feed, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	setEqual(t, "restore", cachedBuild(t, src, dest, cache), []string{"/notices/2016-member-review/"})
	if got := read(t, dest, "notices/2016-member-review/index.html"); got != want {
		t.Error("the deleted page was not written again as it was")
	}
	uncachedSame(t, src, dest)
}

// TestRebuildSets: the exact pages a rebuild renders for each kind of
// change, each from a warm cache of the unchanged sample portal. Keys are
// derived from views, so each set is the pages whose views (or templates)
// show what changed.
func TestRebuildSets(t *testing.T) {
	edit := func(name, old, new string) func(fstest.MapFS) {
		return func(src fstest.MapFS) {
			text := string(src[name].Data)
			if !strings.Contains(text, old) {
				t.Fatalf("%s does not contain %q", name, old)
			}
			src[name] = &fstest.MapFile{Data: []byte(strings.Replace(text, old, new, 1)), ModTime: time.Now()}
		}
	}
	layout := func(name, old, new string) func(fstest.MapFS) {
		return func(src fstest.MapFS) {
			b, err := fs.ReadFile(repo, "layouts/"+name)
			if err != nil {
				t.Fatal(err)
			}
			src["layouts/"+name] = &fstest.MapFile{Data: b}
			edit("layouts/"+name, old, new)(src)
		}
	}
	all := []string{"*"}
	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   []string // "*": every page
	}{
		{"nothing", func(fstest.MapFS) {}, nil},
		{"notice body after its summary", edit("content/notices/2016-member-review/index.md", "接受会员监督。", "接受会员和职工监督。"),
			[]string{"/notices/2016-member-review/"}},
		{"notice title", edit("content/notices/2016-member-review/index.md", "活动的通知", "活动的通知（修订）"),
			// and the timeline and its issuer's page, which list it.
			[]string{"/notices/2016-member-review/", "/notices/", "/notices/2016/", "/", "/timeline/", "/units/suzhou/"}},
		{"disclosure 公示期", edit("content/disclosures/2017-pingan-xiaoxue-finance.md", "publicity_end = 2017-03-28", "publicity_end = 2017-03-30"),
			// Lists show the 公示期 (for the status script): every list
			// that holds the disclosure, its unit's page and its district's.
			[]string{"/disclosures/2017-pingan-xiaoxue-finance/", "/disclosures/", "/disclosures/2017/", "/disclosures/category/finance/",
				"/units/pingan-xiaoxue/", "/districts/gusu/"}},
		{"unit employees", func(src fstest.MapFS) {
			setCell(t, src, "data/units.xlsx", "单位名册", "wanghu-sichou", "职工人数", "870")
		},
			// The unit, the subtree totals of its ancestors and the
			// citywide tally the home page's view holds; it is a model unit,
			// so its showcase page and the showcase lists that show its card.
			[]string{"/units/wanghu-sichou/", "/units/wanghu-fangzhi/", "/units/wanghu-town/", "/units/wujiang-zgh/", "/units/suzhou/", "/",
				"/showcase/wanghu-sichou/", "/showcase/", "/showcase/award/home-province/", "/showcase/district/wujiang/"}},
		{"kind's layout", layout("report.html", "<article>", `<article class="report">`),
			[]string{"/reports/2015-annual/", "/reports/2016-annual/", "/reports/2017-annual/"}},
		{"partial", layout("partials/footer.html", "网站地图", "站点地图"), all},
		{"stylesheet", layout("assets/main.css", "body", "body "), all},
		{"config", edit("config.toml", "三年行动计划（2015-2017）· 会务公开", "三年行动计划 · 会务公开"), all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := overlay(t, nil)
			dest := filepath.Join(t.TempDir(), "public")
			cache := t.TempDir()
			first := cachedBuild(t, src, dest, cache)
			tt.change(src)
			got := cachedBuild(t, src, dest, cache)
			want := tt.want
			if len(want) == 1 && want[0] == "*" {
				want = first
			}
			setEqual(t, tt.name, got, want)
			uncachedSame(t, src, dest)
		})
	}
}

// TestRebuildSearchFiles pins which files of the search index a rebuild
// writes: none when nothing changed; for one edited body, that page's
// document file, the manifest and the few shards and term files that
// hold a term it gained or lost. Every other file keeps its bytes and its
// mtime (it was not written again).
func TestRebuildSearchFiles(t *testing.T) {
	snapshot := func(dir string) map[string]string {
		m := map[string]string{}
		filepath.WalkDir(filepath.Join(dir, "search"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				info, _ := d.Info()
				rel, _ := filepath.Rel(dir, p)
				m[filepath.ToSlash(rel)] = fmt.Sprint(info.ModTime().UnixNano(), " ", string(data))
			}
			return nil
		})
		return m
	}
	changed := func(before, after map[string]string) (names []string) {
		for name, v := range after {
			if before[name] != v {
				names = append(names, name)
			}
		}
		for name := range before {
			if _, ok := after[name]; !ok {
				names = append(names, name+" (removed)")
			}
		}
		slices.Sort(names)
		return names
	}
	src := overlay(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	cachedBuild(t, src, dest, cache)
	before := snapshot(dest)
	cachedBuild(t, src, dest, cache)
	if c := changed(before, snapshot(dest)); len(c) != 0 {
		t.Fatalf("nothing changed, and the rebuild wrote %v", c)
	}
	name := "content/notices/2016-member-review/index.md"
	text := string(src[name].Data)
	if !strings.Contains(text, "接受会员监督。") {
		t.Fatalf("%s changed: fix the test", name)
	}
	src[name] = &fstest.MapFile{Data: []byte(strings.Replace(text, "接受会员监督。", "接受会员监督。补充：鹧鸪天气预报。", 1)), ModTime: time.Now()}
	cachedBuild(t, src, dest, cache)
	after := snapshot(dest)
	c := changed(before, after)
	// The edit adds six characters and six pairs no other page has: at
	// most twelve shards change, each replaced by one with a new name.
	var docs, manifest, shards, removed int
	for _, n := range c {
		switch {
		case strings.HasPrefix(n, "search/d/"):
			docs++
		case n == "search/index.js":
			manifest++
		case strings.HasSuffix(n, " (removed)"):
			removed++
		case strings.HasPrefix(n, "search/s/"), strings.HasPrefix(n, "search/t/"):
			shards++
		default:
			t.Errorf("%s written for a body edit", n)
		}
	}
	if docs != 1 || manifest != 1 || shards > 12 || removed != shards {
		t.Errorf("one body edit wrote %d of %d index files (%d document files, manifest %d, %d shards for %d removed): %v", len(c), len(after), docs, manifest, shards, removed, c)
	}
	uncachedSame(t, src, dest)
}

// TestRelativeFlag: --relative makes every link relative to its page
// even when relative_urls = false (a copy for a USB stick of a site that
// opted out), and switching it off again with the cache gives what a fresh
// build gives.
func TestRelativeFlag(t *testing.T) {
	src := sitePaths(t, nil)
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	if _, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache, Relative: true}); err != nil {
		t.Fatal(err)
	}
	home := read(t, dest, "index.html")
	if strings.Contains(home, `href="/notices/"`) || strings.Contains(home, `href=/notices/`) || !strings.Contains(home, "notices/index.html") {
		t.Errorf("with --relative the home page still links root paths")
	}
	cachedBuild(t, src, dest, cache)
	if !strings.Contains(read(t, dest, "index.html"), `href="/notices/"`) {
		t.Errorf("without --relative the home page does not link root paths")
	}
	uncachedSame(t, src, dest)
}
