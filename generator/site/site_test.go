package site

import (
	"fmt"
	"strings"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

func TestPagerWindow(t *testing.T) {
	url := func(i int) string { return fmt.Sprint(i) }
	show := func(ls []PageLink) string {
		s := ""
		for _, l := range ls {
			switch {
			case l.Number == 0:
				s += "… "
			case l.Current:
				s += fmt.Sprintf("[%d] ", l.Number)
			default:
				s += fmt.Sprintf("%d ", l.Number)
			}
		}
		return s
	}
	tests := []struct {
		cur, n int
		want   string
	}{
		{1, 1, "[1] "},
		{1, 5, "[1] 2 3 … 5 "},
		{3, 5, "1 2 [3] 4 5 "},
		{50, 300, "1 … 48 49 [50] 51 52 … 300 "},
		{300, 300, "1 … 298 299 [300] "},
	}
	for _, tt := range tests {
		if got := show(window(tt.cur, tt.n, url)); got != tt.want {
			t.Errorf("window(%d, %d) = %q, want %q", tt.cur, tt.n, got, tt.want)
		}
	}
}

func TestMenuLinksChecked(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte("title = \"x\"\n[[menu]]\nname = \"首页\"\nurl = \"/\"\n[[menu]]\nname = \"旧栏目\"\nurl = \"/news/\"\n[[menu]]\nname = \"外链\"\nurl = \"https://example.org/\"\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, errs = Index(cfg, &content.Site{}, Options{})
	if got := errs.Error(); !strings.Contains(got, "config.toml:7:7: 错误：导航菜单“旧栏目”的网址 /news/ 指向的页面不存在") || strings.Contains(got, "首页") || strings.Contains(got, "外链") {
		t.Errorf("errors: %s", got)
	}
}
