package config

import (
	"strings"
	"testing"
	"time"
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
		{"title = \"x\"\n[[targets]]\nid = \"a\"\nname = \"A\"\nfield = \"staff_congress\"\nthreshold = 90.0", "config.toml:6:13: 错误：目标 a 的 threshold 90 超出 0–100% 的范围\n    提示：threshold 写成 0 到 1 之间的小数：90% 写成 0.9。"},
		{"title = \"x\"\n[[targets]]\nid = \"a\"\nfield = \"staff_congress\"\nthreshold = -0.1", "config.toml:5:13: 错误：目标 a 的 threshold -0.1 超出 0–100% 的范围"},
		{"title = \"x\"\n[[targets]]\nid = \"a\"\nthreshold = 0.5", "config.toml:2:1: 错误：目标 a 缺少 field"},
		{"title = \"x\"\n[[targets]]\nid = \"a\"\nfield = \"staff_congress\"\nthreshold = nan", "config.toml:5:13: 错误：字段 targets.0.threshold 的值 nan 不是一个数（TOML 的 nan 表示“非数”，inf 表示无穷大）"},
		{"title = \"x\"\n[[targets]]\nid = \"a\"\nfield = \"staff_congress\"\nthreshold = -inf", "config.toml:5:13: 错误：字段 targets.0.threshold 的值 inf 不是一个数"},
		{"title = \"x\"\n[[unit_kinds]]\nid = \"enterprise\"\n[[targets]]\nid = \"a\"\nfield = \"staff_congress\"\nthreshold = 1.0\namong = { kinds = [\"enterprize\"] }", "config.toml:8:9: 错误：目标 a 引用了未声明的单位类型 \"enterprize\"\n    提示：是不是想写 enterprise？"},
		{"title = \"x\"\nbase_url = \"ftp://x\"", "不是有效的网址"},
		{"title = \"x\"\n[[holidays]]\nyear = 2017\noff = [\"2017-10-01~2017-10-08\", \"2017-13-01\"]", "2017 年 [[holidays]] 的 off：无法识别的日期 \"2017-13-01\""},
		{"title = \"x\"\n[[holidays]]\nyear = 2017\noff = [\"2017-10-08~2017-10-01\"]", "结束早于开始"},
		{"title = \"x\"\n[[holidays]]\nyear = 2017\nwork = [\"2016-09-30\"]", "不在 2017 年内"},
		{"title = \"x\"\n[[holidays]]\nyear = 2017\n[[holidays]]\nyear = 2017", "年份 2017 重复"},
		{"title = \"x\"\n[[holidays]]\noff = [\"2017-10-01\"]", "year 0 无效"},
		{"title = \"x\"\n[[categories]]\nid = \"assistance\"\nname = \"帮扶救助\"\nretention_days = -30", "config.toml:5:18: 错误：公开类别 assistance 的 retention_days -30 无效"},
		{"title = \"x\"\n[[categories]]\nid = \"finance\"\nname = \"经费收支\"\ndue = \"6月30日\"", "config.toml:5:7: 错误：公开类别 finance 的 due \"6月30日\" 无效"},
		{"title = \"x\"\n[[unit_kinds]]\nid = \"enterprise\"\n[[categories]]\nid = \"finance\"\nrequired_kinds = [\"enterprize\"]", "config.toml:6:18: 错误：公开类别 finance 引用了未声明的单位类型 \"enterprize\"\n    提示：是不是想写 enterprise？"},
		{"title = \"x\"\n[[categories]]\nid = \"election\"\nevery = -5", "config.toml:4:9: 错误：公开类别 election 的 every -5 无效"},
		{"title = \"x\"\n[[categories]]\nid = \"election\"\nmin_days = 400", "config.toml:4:12: 错误：公开类别 election 的 min_days 400 无效"},
		{"title = \"x\"\n[plan]\nfirst_year = 2020\nlast_year = 2018", "[plan] 的年份 2020–2018 无效"},
	}
	for _, tt := range tests {
		_, errs := Parse("config.toml", []byte(tt.src))
		if !strings.Contains(errs.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.src, errs, tt.want)
		}
	}
}

// TestRelativeURLsDefault: links are relative unless config says
// relative_urls = false.
func TestRelativeURLsDefault(t *testing.T) {
	for src, want := range map[string]bool{
		"title = \"t\"\n":                        true,
		"title = \"t\"\nrelative_urls = true\n":  true,
		"title = \"t\"\nrelative_urls = false\n": false,
	} {
		c, errs := Parse("config.toml", []byte(src))
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		if c.RelativeURLs != want {
			t.Errorf("Parse(%q).RelativeURLs = %v, want %v", src, c.RelativeURLs, want)
		}
	}
}

func TestDataColumns(t *testing.T) {
	cfg, errs := Parse("config.toml", []byte("title = \"t\"\n[data.columns]\nname = \"单位名称\"\nemployees = [\"职工人数\", \"职工数\"]\n"))
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	if got := cfg.Data.Columns["name"]; len(got) != 1 || got[0] != "单位名称" {
		t.Errorf("name = %q", got)
	}
	if got := cfg.Data.Columns["employees"]; len(got) != 2 || got[1] != "职工数" {
		t.Errorf("employees = %q", got)
	}
	if _, errs := Parse("config.toml", []byte("title = \"t\"\n[data.columns]\nname = 3\n")); errs.Err() == nil {
		t.Error("a number as a header was accepted")
	}
}

// TestAssessDate: [plan] assess_date, else the last phase's end, else the
// end of [plan] last_year.
func TestAssessDate(t *testing.T) {
	for src, want := range map[string]string{
		"title = \"x\"\n[plan]\nassess_date = 2018-03-31\n[[phases]]\nid = \"a\"\nstart = 2017-01-01\nend = 2017-12-31": "2018-03-31",
		"title = \"x\"\n[[phases]]\nid = \"a\"\nstart = 2017-01-01\nend = 2017-11-30":                                   "2017-11-30",
		"title = \"x\"\n[plan]\nfirst_year = 2018\nlast_year = 2020":                                                    "2020-12-31",
		"title = \"x\"": "0001-01-01",
	} {
		c, errs := Parse("config.toml", []byte(src))
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		if got := c.AssessDate().Format(time.DateOnly); got != want {
			t.Errorf("%q: AssessDate = %s, want %s", src, got, want)
		}
	}
}
