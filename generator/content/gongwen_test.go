package content

import (
	"strings"
	"testing"
)

// TestGongwenDirection: a 上行文 without a 签发人 is an error at its
// direction line that says to add one; a 下行文 with one is an error at
// the signer; an unknown direction names the nearest; the others pass.
func TestGongwenDirection(t *testing.T) {
	const head = "+++\ntitle = \"报告\"\ndate = 2018-01-10\ndoc_number = \"苏工〔2017〕58号\"\n"
	tests := []struct {
		name, front string
		want        []string // whole lines of the messages, in order; none for a clean page
	}{
		{"up with signer", "direction = \"上行文\"\nsigner = \"张某某、李某某\"\n", nil},
		{"signer alone", "signer = \"张某某\"\n", nil},
		{"down without signer", "direction = \"下行文\"\n", nil},
		{"level", "direction = \"平行文\"\n", nil},
		{"up without signer", "direction = \"上行文\"\n", []string{
			"content/notices/a.md:5:13: 错误：上行文缺少签发人 signer",
			`    提示：上行文要写签发人：加一行 signer = "张某某"（几位签发人用顿号分隔，主办单位的签发人在前）；这篇如果不是报给上级机关的，把 direction 改成 "下行文" 或 "平行文"。`,
		}},
		{"up with blank signer", "direction = \"上行文\"\nsigner = \" 、 \"\n", []string{"content/notices/a.md:5:13: 错误：上行文缺少签发人 signer"}},
		{"down with signer", "direction = \"下行文\"\nsigner = \"张某某\"\n", []string{
			"content/notices/a.md:6:10: 错误：下行文不写签发人",
			`    提示：只有上行文在版头写签发人：这篇如果是报给上级机关的，把 direction 改成 "上行文"；否则删掉 signer 这一行。`,
		}},
		{"misspelt", "direction = \"上行\"\nsigner = \"张某某\"\n", []string{
			`content/notices/a.md:5:13: 错误：行文方向 direction "上行" 无效`,
			`    提示：是不是指 direction = "上行文"？direction 写 "上行文"（向上级机关的报告、请示）、"下行文"（向下级机关）或 "平行文"（向同级或不相隶属的机关）。`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse("content/notices/a.md", "notices/a.md", []byte(head+tt.front+"+++\n正文。\n"))
			got := errs.Error()
			if len(tt.want) == 0 {
				if got != "" {
					t.Fatalf("unexpected messages:\n%s", got)
				}
				return
			}
			if len(errs.Errors()) != 1 {
				t.Errorf("want one error, got:\n%s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got+"\n", w+"\n") {
					t.Errorf("messages lack %q:\n%s", w, got)
				}
			}
		})
	}
}
