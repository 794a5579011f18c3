package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNamesAndLinks(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	outside := filepath.Join(root, "outside")
	write := func(name, text string) {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	page := "+++\ntitle = \"页\"\ndate = 2016-01-01\n+++\n正文\n"
	write("content/notices/ok.md", page)
	write("content/notices/a#b.md", page)
	write("content/notices/附件?.txt", "x")
	write("content/notices/50%.txt", "x")
	write("content/notices/javascript:alert(1).md", page)
	write("content/notices/Plan.md", page)
	write("content/notices/plan.md", page)
	write("content/notices/caf\u00e9.md", page)  // NFC
	write("content/notices/cafe\u0301.md", page) // NFD
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "secret.md"), []byte(page), 0o644)
	n := filepath.Join(site, "content", "notices")
	os.Symlink("ok.md", filepath.Join(n, "inside.md"))                    // fine
	os.Symlink("hop.md", filepath.Join(n, "chain.md"))                    // → hop → outside
	os.Symlink("../../../outside/secret.md", filepath.Join(n, "hop.md"))  // leaves the site
	os.Symlink("loop-b.md", filepath.Join(n, "loop-a.md"))                // a → b → a
	os.Symlink("loop-a.md", filepath.Join(n, "loop-b.md"))                //
	os.Symlink("../../../outside", filepath.Join(site, "content", "dir")) // a folder outside
	os.Symlink("dir/secret.md", filepath.Join(n, "..", "through-dir.md")) // through it
	os.Symlink(outside, filepath.Join(site, "static"))                    // static/ itself outside
	_, errs := Walk(os.DirFS(site), nil)
	got := errs.Error()
	for _, want := range []string{
		"content/notices/a#b.md: 错误：文件名中的 # ? % : 在网址里有特殊含义",
		"content/notices/附件?.txt: 错误：文件名中的 # ? %",
		"content/notices/50%.txt: 错误：文件名中的 # ? %",
		"content/notices/javascript:alert(1).md: 错误：文件名中的 # ? % : 在网址里有特殊含义，这个文件发布后链接会失效或被当成脚本",
		"content/notices/plan.md: 错误：与 content/notices/Plan.md 只差大小写",
		"content/notices/caf\u00e9.md: 错误：与 content/notices/cafe\u0301.md 只差大小写或 Unicode 规范化形式",
		"content/notices/chain.md: 错误：符号链接指向站点之外",
		"content/notices/hop.md: 错误：符号链接指向站点之外",
		"content/notices/loop-a.md: 错误：符号链接形成了循环",
		"content/through-dir.md: 错误：符号链接指向站点之外",
		"static: 错误：符号链接指向站点之外",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "inside.md") {
		t.Errorf("a link inside the site refused:\n%s", got)
	}
}

// TestAwkwardName: a page whose file or bundle folder name has spaces or
// brackets gets a warning with a slug to use; a slug, or a plain name,
// silences it.
func TestAwkwardName(t *testing.T) {
	page := "+++\ntitle = \"页\"\ndate = 2016-01-01\n+++\n正文\n"
	for _, tt := range []struct{ rel, front, want string }{
		{"notices/New Notice (2).md", "", "content/notices/New Notice (2).md: 警告：文件名“New Notice (2)”含有空格或括号，网址里会变成 %20 之类的符号，转发时链接容易断开\n    提示：在前置信息中加一行 slug = \"new-notice-2\"，或把文件名改成 new-notice-2.md。"},
		{"notices/关于开展（2016）活动的通知.md", "", `slug = "关于开展-2016-活动的通知"`},
		{"notices/工作 通知.md", "", `slug = "工作-通知"`},
		{"notices/plan [final]/index.md", "", "文件夹名“plan [final]”含有空格或括号，网址里会变成 %20 之类的符号，转发时链接容易断开\n    提示：在前置信息中加一行 slug = \"plan-final\"，或把文件夹名改成 plan-final。"},
		{"notices/New Notice (2).md", "slug = \"new-notice\"\n", ""},
		{"notices/2016-plan.md", "", ""},
		{"notices/_index.md", "", ""},
	} {
		src := page
		if tt.front != "" {
			src = strings.Replace(page, "+++\n", "+++\n"+tt.front, 1)
		}
		_, errs := Parse("content/"+tt.rel, tt.rel, []byte(src))
		got := errs.Warnings().Error()
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.rel, got, tt.want)
		}
	}
}
