package content

import (
	"strings"
	"testing"
)

func TestBidiControls(t *testing.T) {
	page := "+++\ntitle = \"通知\"\ndate = 2016-01-01\n+++\n正文\n"
	for _, c := range []struct{ rel, src, want string }{
		{"notices/ok.md", page, ""},
		{"notices/gpj\u202e.md", page, "content/notices/gpj\u202e.md: 错误：文件名含有改变文字方向的控制字符 U+202E（从右到左覆盖）"},
		{"notices/t.md", strings.Replace(page, "通知", "通\u2067知", 1), "content/notices/t.md:2:9: 错误：标题 title 含有改变文字方向的控制字符 U+2067（从右到左隔离）"},
		{"notices/ar.md", strings.Replace(page, "通知", "通知 \u0627\u0644\u0639\u0631\u0628\u064a\u0629", 1), ""}, // Arabic letters themselves are fine
	} {
		_, errs := Parse("content/"+c.rel, c.rel, []byte(c.src))
		got := errs.Error()
		if c.want == "" && got != "" || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.rel, got, c.want)
		}
	}
}
