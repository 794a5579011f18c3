package config

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	good := "title = \"门户\"\nbase_url = \"https://example.org/portal\"\n[[districts]]\nid = \"gusu\"\nname = \"姑苏区\"\n"
	c, errs := Parse("config.toml", []byte("\ufeff"+strings.ReplaceAll(good, "\n", "\r\n")))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if c.BasePath != "/portal/" || c.BaseURL != "https://example.org/portal/" || c.PageSize != 20 || c.Location.String() != "Asia/Shanghai" {
		t.Errorf("defaults: %+v", c)
	}
	if got := c.AbsURL("/notices/"); got != "https://example.org/portal/notices/" {
		t.Errorf("AbsURL = %q", got)
	}
	if got := c.RelURL("/notices/"); got != "/portal/notices/" {
		t.Errorf("RelURL = %q", got)
	}
	tests := []struct{ src, want string }{
		{"titel = \"x\"", "config.toml:1:1: 错误：未知字段 titel"},
		{"title = \"x\"\npage_size = \"20\"", "config.toml:2:13: 错误：字段 page_size 应为整数"},
		{"title = \"x\"\n[[districts]]\nid = \"Gu Su\"\nname = \"姑苏区\"", "含有不允许的字符"},
		{"title = \"x\"\n[[pii_exceptions]]\nvalue = \"12351\"", "缺少 value 或 reason"},
		{"title = \"x\"\n[[targets]]\nid = \"a\"\nname = \"A\"\nfield = \"staff_congress\"\nthreshold = 90.0", "threshold 90 超出范围"},
		{"title = \"x\"\nbase_url = \"ftp://x\"", "不是有效的网址"},
	}
	for _, tt := range tests {
		_, errs := Parse("config.toml", []byte(tt.src))
		if !strings.Contains(errs.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.src, errs, tt.want)
		}
	}
}
