package content

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, src string
		front     string
		body      string
		bodyLine  int
		err       string
	}{
		{"basic", "+++\ntitle = \"a\"\n+++\n正文\n", "title = \"a\"\n", "正文\n", 4, ""},
		{"no body", "+++\ntitle = \"a\"\n+++", "title = \"a\"\n", "", 4, ""},
		{"trailing spaces", "+++  \ntitle = \"a\"\n+++ \nx", "title = \"a\"\n", "x", 4, ""},
		{"missing close", "+++\ntitle = \"a\"\n正文\n", "", "", 0, "没有找到结束的 +++"},
		{"none", "# 标题\n", "", "", 0, "文件开头没有 +++"},
		{"yaml", "---\ntitle: 通知\ndate: 2016-01-02\n---\n", "", "", 0, "title = \"通知\"\n    date = 2016-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, body, line, err := Split("f.md", []byte(tt.src))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if err.Pos.Line != 1 {
					t.Errorf("line = %d", err.Pos.Line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if front != tt.front || string(body) != tt.body || line != tt.bodyLine {
				t.Errorf("got %q %q %d", front, body, line)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("+++\ntitle = \"通知\"\n+++\n正文"))
	tests := []struct {
		name string
		in   []byte
		want string
		warn bool
		err  bool
	}{
		{"bom crlf", []byte("\xef\xbb\xbfa\r\nb\rc"), "a\nb\nc", false, false},
		{"gbk", gbk, "+++\ntitle = \"通知\"\n+++\n正文", true, false},
		{"binary", []byte{0xff, 0xfe, 0x00, 0x01, 0x80}, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, e := Normalize("f.md", tt.in)
			if tt.err {
				if out != nil || e == nil || e.Severity != 0 {
					t.Fatalf("want error, got %q %v", out, e)
				}
				return
			}
			if string(out) != tt.want {
				t.Errorf("got %q", out)
			}
			if (e != nil) != tt.warn {
				t.Errorf("warning = %v", e)
			}
		})
	}
}

func TestWalk(t *testing.T) {
	fsys := fstest.MapFS{
		"content/_index.md":           {Data: []byte("+++\ntitle = \"首页\"\n+++\n")},
		"content/about.md":            {Data: []byte("+++\ntitle = \"关于\"\n+++\n")},
		"content/notices/a.md":        {Data: []byte("+++\ntitle = \"通知\"\ndate = 2015-04-07\ndoc_number = \"苏工〔2015〕2号\"\n+++\n正文")},
		"content/notices/b/index.md":  {Data: []byte("+++\ntitle = \"附件通知\"\ndate = 2015-05-01\n+++\n")},
		"content/notices/b/表格 1.xlsx": {Data: []byte("x")},
		"content/units/u.md":          {Data: []byte("+++\ntitle = \"工会\"\nkind = \"enterprise\"\n[status.2015]\nstaff_congress = true\n+++\n")},
		"content/disclosures/bad.md":  {Data: []byte("+++\ntitle = “坏”\n+++\n")},
		"content/reports/nodate.md":   {Data: []byte("+++\ntitle = \"无日期\"\n+++\n")},
		"content/images/logo.png":     {Data: []byte("png")},
		"content/.git/x.md":           {Data: []byte("ignored")},
	}
	site, errs := Walk(fsys, nil)
	if len(errs) != 2 {
		t.Fatalf("want 2 errors, got %v", errs)
	}
	if !strings.Contains(errs.Sort().Error(), "content/disclosures/bad.md:2:9") {
		t.Errorf("errors: %v", errs)
	}
	byRel := map[string]*Page{}
	for _, p := range site.Pages {
		byRel[p.Rel] = p
	}
	if p := byRel["notices/a.md"]; p == nil || p.Notice.DocNumber != "苏工〔2015〕2号" || p.Section != "notices" || p.Name != "a" {
		t.Errorf("notice: %+v", p)
	}
	if p := byRel["notices/b/index.md"]; p == nil || p.BundleDir != "notices/b" || len(p.Resources) != 1 || p.Resources[0] != "notices/b/表格 1.xlsx" {
		t.Errorf("bundle: %+v", p)
	}
	if p := byRel["units/u.md"]; p == nil || !p.Unit.Status["2015"].StaffCongress {
		t.Errorf("unit: %+v", p)
	}
	if p := byRel["about.md"]; p == nil || p.Section != "" || p.Name != "about" {
		t.Errorf("about: %+v", p)
	}
	if p := byRel["_index.md"]; p == nil || !p.IsIndex || p.Name != "" {
		t.Errorf("home: %+v", p)
	}
	if len(site.Files) != 1 || site.Files[0] != "images/logo.png" {
		t.Errorf("files: %v", site.Files)
	}
}

func TestSymlinkOutsideSite(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "notices"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "inside.txt"), []byte("y"), 0o644)
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "content", "notices", "secret.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	os.Symlink("../inside.txt", filepath.Join(dir, "content", "notices", "ok.txt"))
	site, errs := Walk(os.DirFS(dir), nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "content/notices/secret.txt: 错误：符号链接指向站点之外") {
		t.Fatalf("errors = %v", errs)
	}
	if len(site.Files) != 2 || site.Files[0] != "inside.txt" || site.Files[1] != "notices/ok.txt" {
		t.Errorf("files = %v", site.Files)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("+++\ntitle = \"通知\"\ndate = 2015-04-07\n+++\n正文")
	f.Add("+++\ntitle = “通知”\n+++\n")
	f.Add("---\ntitle: x\n---\n")
	f.Add("+++\n[status.2015]\nstaff_congress = true\n+++")
	f.Add("\xef\xbb\xbf+++\r\ntitle = \"a\"\r\n+++\r\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, rel := range []string{"notices/a.md", "units/u.md", "disclosures/d.md", "about.md"} {
			p, errs := Parse("content/"+rel, rel, []byte(src))
			for _, e := range errs {
				if e.Pos.File != "content/"+rel {
					t.Fatalf("error without its file: %v", e)
				}
			}
			if p != nil && p.BodyLine < 1 {
				t.Fatalf("body line %d", p.BodyLine)
			}
		}
	})
}

func FuzzSplit(f *testing.F) {
	f.Add("+++\ntitle = \"a\"\n+++\nbody")
	f.Add("+++\n+++")
	f.Add("+++")
	f.Fuzz(func(t *testing.T, src string) {
		front, body, line, err := Split("f.md", []byte(src))
		if err != nil {
			return
		}
		if !strings.HasPrefix(src, "+++") || len(front)+len(body) > len(src) || line < 3 {
			t.Fatalf("front %q body %q line %d", front, body, line)
		}
	})
}

// WalkWith shows each page parsed afresh with its body, then lets the
// body go: a cold build of a million pages must not hold them all until
// they render. LoadBody reads it again.
func TestWalkWithLetsBodiesGo(t *testing.T) {
	fsys := fstest.MapFS{
		"content/notices/a.md": {Data: []byte("+++\ntitle = \"甲\"\ndate = 2016-03-01\n+++\n正文甲。\n")},
		"content/notices/b.md": {Data: []byte("+++\ntitle = \"乙\"\ndate = 2016-03-02\n+++\n正文乙。\n")},
	}
	var mu sync.Mutex
	seen := map[string]string{}
	site, errs := WalkWith(fsys, nil, func(p *Page) {
		mu.Lock()
		seen[p.Rel] = string(p.Body)
		mu.Unlock()
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(seen) != 2 || seen["notices/a.md"] != "正文甲。\n" || seen["notices/b.md"] != "正文乙。\n" {
		t.Fatalf("the hook saw %q", seen)
	}
	for _, p := range site.Pages {
		if p.Body != nil {
			t.Errorf("%s: body kept after the walk: %q", p.Rel, p.Body)
		}
		if err := p.LoadBody(); err != nil || string(p.Body) != seen[p.Rel] {
			t.Errorf("%s: LoadBody = %q, %v; want %q", p.Rel, p.Body, err, seen[p.Rel])
		}
	}
	// Walk keeps them.
	site, _ = Walk(fsys, nil)
	for _, p := range site.Pages {
		if p.Body == nil {
			t.Errorf("Walk: %s has no body", p.Rel)
		}
	}
}

// A file saved again between the walk and the reading of its body is
// refused, whether the walk parsed it or took it from the cache: its
// front matter, and the guard's scan, came from the bytes the walk read.
func TestLoadBodyRefusesAFileSavedSince(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "content", "notices", "a.md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(body string) {
		if err := os.WriteFile(file, []byte("+++\ntitle = \"甲\"\ndate = 2016-03-01\n+++\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("正文。\n")
	site, errs := WalkWith(os.DirFS(dir), nil, func(*Page) {})
	if len(errs) > 0 || len(site.Pages) != 1 {
		t.Fatal(site.Pages, errs)
	}
	fresh := site.Pages[0]
	cached := *fresh
	site, _ = Walk(os.DirFS(dir), func(string) (*Page, bool) { return &cached, true })
	fromCache := site.Pages[0]
	write("改过的正文，没有经过检查。\n")
	for name, p := range map[string]*Page{"parsed": fresh, "cached": fromCache} {
		err := p.LoadBody()
		if err == nil || !strings.Contains(err.Error(), "又被保存过") {
			t.Errorf("%s: LoadBody after the file changed = %v, %q; want it refused", name, err, p.Body)
		}
		if p.Body != nil {
			t.Errorf("%s: the new body was taken: %q", name, p.Body)
		}
	}
}
