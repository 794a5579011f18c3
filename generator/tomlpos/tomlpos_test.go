package tomlpos

import (
	"strings"
	"testing"
	"time"
)

type inner struct {
	StaffCongress bool    `toml:"staff_congress"`
	Share         float64 `toml:"share"`
}

type common struct {
	Title string `toml:"title"`
	Date  Date   `toml:"date"`
}

type page struct {
	common
	Employees int              `toml:"employees"`
	Tags      []string         `toml:"tags"`
	Status    map[string]inner `toml:"status"`
	Items     []inner          `toml:"items"`
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings, one per expected error, in order
	}{
		{"ok", "title = \"通知\"\ndate = 2015-04-07\nemployees = 3\n[status.2015]\nstaff_congress = true\n", nil},
		{"unknown key", "title = \"x\"\ntitel = \"y\"\n", []string{"f.md:3:1: 错误：未知字段 titel\n    提示：是不是想写 title？"}},
		{"wrong type", "title = \"x\"\nemployees = \"300人\"\n", []string{"f.md:3:13: 错误：字段 employees 应为整数，这里写的是文本"}},
		{"number pasted from a spreadsheet", "title = \"x\"\nemployees = \"1,350\"\n", []string{"f.md:3:13: 错误：字段 employees 应为整数，这里写的是文本\n    提示：改成 employees = 1350（去掉引号、千位分隔符和单位）。"}},
		{"full-width digits in quotes", "title = \"x\"\nemployees = \"１３５０人\"\n", []string{"提示：改成 employees = 1350（"}},
		{"text that is no number", "title = \"x\"\nemployees = \"三百\"\n", []string{"提示：改成不带引号和单位的整数，如 employees = 300。"}},
		{"nested unknown", "[status.2016]\nstaf_congress = true\n", []string{"f.md:3:1: 错误：未知字段 status.2016.staf_congress"}},
		{"array table", "[[items]]\nshare = 0.5\n[[items]]\nshare = \"x\"\n", []string{"f.md:5:9: 错误：字段 items.1.share 应为数字"}},
		{"chinese quotes", "title = “通知”\n", []string{"f.md:2:9: 错误：字段 title 的文本用了中文引号"}},
		{"fullwidth equals", "title ＝ \"通知\"\n", []string{"f.md:2", "全角等号"}},
		{"bad date", "date = \"2015-13-45\"\n", []string{"f.md:2:8: 错误：“2015-13-45”不是有效的日期"}},
		{"two errors", "titel = \"a\"\nemployees = true\n", []string{"titel", "employees"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p page
			errs := Decode(Source{File: "f.md", Text: tt.src, Line: 2}, &p)
			if len(tt.want) == 0 {
				if len(errs) != 0 {
					t.Fatalf("unexpected errors: %v", errs)
				}
				return
			}
			got := errs.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors\n%s\nmiss %q", got, w)
				}
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	var p page
	src := "title = \"t\"\ndate = \"2015年4月7日\"\ntags = [\"a\"]\n[status.2015]\nstaff_congress = true\nshare = 0.9\n"
	if errs := Decode(Source{File: "f", Text: src}, &p); len(errs) > 0 {
		t.Fatal(errs)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if got := p.Date.In(loc).Format(time.RFC3339); got != "2015-04-07T00:00:00+08:00" {
		t.Errorf("date = %s", got)
	}
	if !p.Status["2015"].StaffCongress || p.Status["2015"].Share != 0.9 {
		t.Errorf("status = %+v", p.Status)
	}
	var q page
	if errs := Decode(Source{File: "f", Text: "date = 2016-01-02T10:00:00\n"}, &q); len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := q.Date.In(loc).Format(time.RFC3339); got != "2016-01-02T10:00:00+08:00" {
		t.Errorf("datetime = %s", got)
	}
}
