package builder

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/generator/diag"
	"gongkai/generator/record"
)

// repo is the project root: the sample portal and the default theme.
var repo = os.DirFS("../..")

var fixedNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func buildSite(t *testing.T, src fs.FS, dest string) Result {
	t.Helper()
	res, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
}

// overlay copies the sample site into memory so a test can change it.
func overlay(t *testing.T, changes map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, root := range []string{"config.toml", "content", "data", record.File} {
		err := fs.WalkDir(repo, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(repo, p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for p, data := range changes {
		if data == "" {
			delete(m, p)
			continue
		}
		m[p] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// sitePaths is overlay with relative_urls = false: for tests that read
// where links lead as site paths ("/notices/"). The default, links relative
// to each page, is TestDefaultRelative's.
func sitePaths(t *testing.T, changes map[string]string) fstest.MapFS {
	t.Helper()
	src := overlay(t, changes)
	cfg := src["config.toml"]
	cfg.Data = append([]byte("relative_urls = false\n"), cfg.Data...)
	return src
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("missing output %s: %v", name, err)
	}
	return string(b)
}

func TestSamplePortal(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res := buildSite(t, sitePaths(t, nil), dest)
	if res.Pages < 100 || res.Written == 0 || res.Unchanged != 0 {
		t.Errorf("result = %+v", res)
	}
	for _, name := range []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml", "atom.xml",
		"notices/index.html", "notices/2015-action-plan/index.html", "notices/2015/index.html",
		"units/index.html", "units/hongqiao-jingmi/index.html", "units/hongqiao-jingmi/atom.xml",
		"disclosures/index.html", "disclosures/page/2/index.html", "disclosures/2016/index.html",
		"disclosures/category/finance/index.html", "districts/index.html", "districts/gusu/index.html",
		"reports/2016-annual/index.html", "cases/index.html", "about/index.html",
	} {
		read(t, dest, name)
	}

	home := read(t, dest, "index.html")
	css := regexp.MustCompile(`/assets/main\.[0-9a-f]{10}\.css`).FindString(home)
	if css == "" {
		t.Fatalf("home page does not link a fingerprinted stylesheet")
	}
	read(t, dest, css)
	if strings.Contains(home, "\n  ") || strings.Contains(read(t, dest, css), "\n") {
		t.Errorf("output is not minified")
	}
	if !strings.Contains(home, `<html lang="zh-CN"`) {
		t.Errorf("home lacks lang: %.200s", home)
	}

	notice := read(t, dest, "notices/2015-action-plan/index.html")
	for _, want := range []string{"苏工〔2015〕2号", "苏州市总工会文件", "2015年4月7日", "各市、区总工会（工联会、工会工作委员会）", "附件", "一、指导思想", "id=一指导思想", "1.建会质量进一步提高"} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice page lacks %q", want)
		}
	}
	if strings.Contains(notice, "2015年04月07日") {
		t.Errorf("成文日期 must not be zero-padded")
	}
}

func TestRebuildIsIdenticalAndKeepsMtimes(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	buildSite(t, repo, a)
	buildSite(t, repo, b)
	if diff := compareTrees(t, a, b); diff != "" {
		t.Fatalf("two builds differ: %s", diff)
	}
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	idx := filepath.Join(a, "index.html")
	os.Chtimes(idx, old, old)
	res := buildSite(t, repo, a)
	if res.Written != 0 || res.Unchanged == 0 {
		t.Errorf("rebuild wrote files: %+v", res)
	}
	if fi, _ := os.Stat(idx); !fi.ModTime().Equal(old) {
		t.Errorf("unchanged file got a new mtime %v", fi.ModTime())
	}
}

func TestFailedBuildLeavesOutputAlone(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	snapshot := filepath.Join(t.TempDir(), "snap")
	buildSite(t, repo, snapshot)
	bad := overlay(t, map[string]string{
		"content/notices/bad-quotes.md": "+++\ntitle = “坏引号”\ndate = 2016-01-01\n+++\n正文\n",
		"content/disclosures/x.md":      "+++\ntitle = \"公示\"\ndate = 2016-01-01\nunit = \"hongqiao-jingmy\"\ncategory = \"finance\"\n+++\n",
		"content/reports/no-close.md":   "+++\ntitle = \"通报\"\n\n正文\n",
		"content/cases/bad-date.md":     "+++\ntitle = \"案例\"\ndate = \"2016-02-30\"\n+++\n",
		"content/notices/new-notice.md": "+++\ntitle = \"新通知\"\ndate = 2016-01-01\n+++\n这个页面不能出现在输出里。\n",
	})
	_, err := Run(Options{Source: bad, Theme: repo, Dest: dest, Now: fixedNow})
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("want a diag.List, got %v", err)
	}
	got := list.Error()
	wants := []string{
		"content/cases/bad-date.md:3:8: 错误：“2016-02-30”不是有效的日期",
		"content/disclosures/x.md:4:8: 错误：单位 \"hongqiao-jingmy\" 不存在",
		"是不是指 hongqiao-jingmi（苏州虹桥精密机械有限公司工会）",
		"content/notices/bad-quotes.md:2:9: 错误：字段 title 的文本用了中文引号",
		"中文引号",
		"content/reports/no-close.md:1: 错误：前置信息以 +++ 开始，但没有找到结束的 +++",
	}
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("errors lack %q:\n%s", w, got)
		}
	}
	// Sorted by file, then line.
	if i, j := strings.Index(got, "content/cases/"), strings.Index(got, "content/reports/"); i > j {
		t.Errorf("errors not sorted:\n%s", got)
	}
	if diff := compareTrees(t, snapshot, dest); diff != "" {
		t.Fatalf("a failed build changed the output: %s", diff)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dest), ".public.staging")); !os.IsNotExist(err) {
		t.Errorf("staging directory left behind")
	}
}

func TestStaleFilesRemoved(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	read(t, dest, "cases/2016-guihua-community/index.html")
	buildSite(t, overlay(t, map[string]string{"content/cases/2016-guihua-community.md": ""}), dest)
	if _, err := os.Stat(filepath.Join(dest, "cases", "2016-guihua-community")); !os.IsNotExist(err) {
		t.Errorf("removed page still in output")
	}
}

// compareTrees returns "" when two directories hold the same files with the
// same bytes, or a description of the first difference.
func compareTrees(t *testing.T, a, b string) string {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, p)
				m[rel], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	fa, fb := files(a), files(b)
	for name, da := range fa {
		db, ok := fb[name]
		if !ok {
			return "only in first: " + name
		}
		if !bytes.Equal(da, db) {
			return "differs: " + name
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			return "only in second: " + name
		}
	}
	return ""
}

// A new portal may have one notice and nothing else: no units, no
// targets, no disclosures. Every page kind must still render.
func TestMinimalSite(t *testing.T) {
	src := fstest.MapFS{
		"config.toml":          {Data: []byte("title = \"测试门户\"\nbase_url = \"https://example.org/\"\n")},
		"content/notices/a.md": {Data: []byte("+++\ntitle = \"一则通知\"\ndate = 2017-01-01\n+++\n正文。\n")},
	}
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)
	if home := read(t, dest, "index.html"); !strings.Contains(home, "一则通知") {
		t.Errorf("home page does not list the notice:\n%s", home)
	}
}
