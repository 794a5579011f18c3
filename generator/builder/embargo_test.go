package builder

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// grepTree reports the files under dir whose bytes contain s.
func grepTree(t *testing.T, dir, s string) []string {
	t.Helper()
	var hits []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), s) {
				hits = append(hits, p)
			}
		}
		return nil
	})
	return hits
}

func TestEmbargo(t *testing.T) {
	site := overlay(t, map[string]string{
		"content/notices/draft.md":         "+++\ntitle = \"草稿通知甲\"\ndate = 2016-01-01\ndraft = true\n+++\n绝密草稿正文草稿甲。\n",
		"content/notices/future.md":        "+++\ntitle = \"未来通知乙\"\ndate = 2026-12-01\npublish_date = 2026-12-01\n+++\n尚未发布正文乙。\n",
		"content/notices/expired.md":       "+++\ntitle = \"过期通知丙\"\ndate = 2016-01-01\nexpiry_date = 2020-01-01\n+++\n已经过期正文丙。\n",
		"content/units/draft-unit.md":      "+++\ntitle = \"草稿工会丁\"\nkind = \"enterprise\"\nparent = \"suzhou\"\ndraft = true\n[status.2017]\nstaff_congress = false\n+++\n",
		"content/disclosures/draft-fee.md": "+++\ntitle = \"草稿公示戊\"\ndate = 2026-11-20\nunit = \"draft-unit\"\ncategory = \"finance\"\npublicity_start = 2026-11-20\ndraft = true\n+++\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, site, dest)
	for _, secret := range []string{"草稿通知甲", "绝密草稿正文草稿甲", "未来通知乙", "尚未发布正文乙", "过期通知丙", "已经过期正文丙", "草稿工会丁", "草稿公示戊", "draft-unit"} {
		if hits := grepTree(t, dest, secret); len(hits) > 0 {
			t.Errorf("%q leaked into %v", secret, hits)
		}
	}
	// The draft unit must not count in the aggregates either: the citywide
	// count of units is the same as without it.
	plain := filepath.Join(t.TempDir(), "plain")
	buildSite(t, repo, plain)
	if read(t, dest, "units/suzhou/index.html") != read(t, plain, "units/suzhou/index.html") {
		t.Errorf("a draft unit changed its parent's page")
	}

	// Each flag publishes its kind of page.
	withAll := filepath.Join(t.TempDir(), "all")
	if _, err := Run(Options{Source: site, Theme: repo, Dest: withAll, Now: fixedNow, Drafts: true, Future: true, Expired: true}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"notices/draft/index.html", "notices/future/index.html", "notices/expired/index.html", "units/draft-unit/index.html", "disclosures/draft-fee/index.html"} {
		read(t, withAll, name)
	}
}

func TestSafeOutput(t *testing.T) {
	site := sitePaths(t, map[string]string{
		"content/notices/x/index.md": "+++\ntitle = \"<script>alert('标题')</script>通知\"\ndate = 2016-01-01\ndoc_number = \"\\\"><img src=x onerror=alert(1)>\"\n+++\n" +
			"<script>alert('正文')</script>\n\n<div onclick=\"x()\">块</div>\n\n[坏链接](javascript:alert(1)) [坏链接2](vbscript:x) [坏链接3](data:text/html,x) ![图](data:image/png;base64,AAAA)\n\n" +
			"[附件](<报名 表（2016）.xlsx>)\n",
		"content/notices/x/报名 表（2016）.xlsx": "xlsx",
	})
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, site, dest)
	page := read(t, dest, "notices/x/index.html")
	for _, bad := range []string{"<script>alert", "<img src=x onerror", "javascript:", "vbscript:", "data:text/html", "<div onclick"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, good := range []string{"&lt;script>alert", "&lt;div onclick", "<img src=data:image/png",
		`/notices/x/%e6%8a%a5%e5%90%8d%20%e8%a1%a8%ef%bc%882016%ef%bc%89.xlsx`} {
		if !strings.Contains(strings.ToLower(page), strings.ToLower(good)) {
			t.Errorf("page lacks %q", good)
		}
	}
	read(t, dest, "notices/x/报名 表（2016）.xlsx")

	// The Content-Security-Policy forbids inline script and style; the
	// theme must satisfy it on every page: no inline <script>, no style
	// attributes except the hashed table alignments, no event handlers.
	inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`)
	styleAttr := regexp.MustCompile(`\sstyle=("[^"]*"|[^\s>]+)`)
	handler := regexp.MustCompile(`<[a-zA-Z][^<>]*\son[a-z]+=`)
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return nil
		}
		b, _ := os.ReadFile(p)
		s := string(b)
		if !strings.Contains(s, "Content-Security-Policy") && !strings.Contains(s, "http-equiv=refresh") {
			t.Errorf("%s has no CSP", p)
		}
		if inlineScript.MatchString(s) || handler.MatchString(s) {
			t.Errorf("%s has inline script", p)
		}
		for _, m := range styleAttr.FindAllStringSubmatch(s, -1) {
			v := strings.Trim(m[1], `"`)
			if v != "text-align:left" && v != "text-align:right" && v != "text-align:center" {
				t.Errorf("%s has an inline style %q the CSP does not allow", p, v)
			}
		}
		return nil
	})
}

// TestStaticFiles: files under static/ are published at the same path and
// can be linked from Markdown; a link to a missing one is an error.
func TestStaticFiles(t *testing.T) {
	site := overlay(t, map[string]string{
		"static/images/会徽.png":      "png",
		"static/favicon.ico":        "ico",
		"content/notices/static.md": "+++\ntitle = \"图片\"\ndate = 2016-01-01\n+++\n![会徽](/images/会徽.png)\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, site, dest)
	if read(t, dest, "images/会徽.png") != "png" || read(t, dest, "favicon.ico") != "ico" {
		t.Error("static files not copied as they are")
	}
	site["content/notices/static.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"图片\"\ndate = 2016-01-01\n+++\n![会徽](/images/logo.png)\n")}
	if _, err := Run(Options{Source: site, Theme: repo, Dest: dest, Now: fixedNow}); err == nil || !strings.Contains(err.Error(), "content/notices/static.md:5:3: 错误：站内链接 /images/logo.png 指向的页面不存在") {
		t.Errorf("missing static file not reported: %v", err)
	}
}
