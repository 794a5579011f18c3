package content

import (
	"strings"
	"testing"
)

// TestReportPeriod: a period the dashboard would misread is an error at
// its line that gives the form it wants; figures without a period are
// an error at [figures].
func TestReportPeriod(t *testing.T) {
	tests := []struct {
		front string
		want  string // the first line of the message; "" for none
		hint  string
	}{
		{"period = \"2016\"\n[figures]\n\"staff-congress\" = 0.8\n", "", ""},
		{"period = \"2016Q3\"\n[figures]\n\"staff-congress\" = 0.8\n", "", ""},
		{"period = \"2016q4\"\n", "", ""},
		{"issuer = \"市总工会\"\n", "", ""},
		{"period = \"2016年第三季度\"\n", `content/reports/a.md:4:10: 错误：通报期间 period "2016年第三季度" 的写法无法识别`, `是不是指 period = "2016Q3"？`},
		{"period = \"2016-Q3\"\n", `content/reports/a.md:4:10: 错误：通报期间 period "2016-Q3" 的写法无法识别`, `是不是指 period = "2016Q3"？`},
		{"period = \"2016年度\"\n", `content/reports/a.md:4:10: 错误：通报期间 period "2016年度" 的写法无法识别`, `是不是指 period = "2016"？`},
		{"period = \"上半年\"\n", `content/reports/a.md:4:10: 错误：通报期间 period "上半年" 的写法无法识别`, `提示：年度通报写 period = "2016"`},
		{"issuer = \"市总工会\"\n[figures]\n\"staff-congress\" = 0.8\n", "content/reports/a.md:5:1: 错误：通报写了 figures，但缺少期间 period", "没有期间，数字到不了计划进展页面。"},
	}
	for _, tt := range tests {
		t.Run(tt.front, func(t *testing.T) {
			_, errs := Parse("content/reports/a.md", "reports/a.md", []byte("+++\ntitle = \"通报\"\ndate = 2016-10-10\n"+tt.front+"+++\n正文。\n"))
			got := errs.Error()
			if tt.want == "" {
				if got != "" {
					t.Fatalf("unexpected messages:\n%s", got)
				}
				return
			}
			if !strings.HasPrefix(got, tt.want+"\n") || !strings.Contains(got, tt.hint) || len(errs) != 1 {
				t.Errorf("want %q with %q, got:\n%s", tt.want, tt.hint, got)
			}
		})
	}
}
