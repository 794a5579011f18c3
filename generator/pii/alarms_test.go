package pii

import (
	"fmt"
	"strings"
	"testing"
)

// alarmCases are false alarms that blocked publishing and numbers that
// went through (issue 22): file name, contents, and the hits wanted as
// "line:col kind number" (or where for documents).
var alarmCases = []struct {
	name, file, text string
	want             []string
}{
	{"all-digit credit code is not a card", "a.txt", "统一社会信用代码：513205005665552752", nil},
	{"credit code with letters", "a.txt", "统一社会信用代码：91320500MA1MXXXX0X", nil},
	{"a card that is no credit code", "a.txt", "卡号 6222020200112233446", []string{"1:4 银行卡号 6222020200112233446"}},
	{"tsv of one-digit counts", "a.tsv", "月份\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\n人数\t1\t3\t8\t0\t0\t1\t3\t8\t0\t0\t0\n", nil},
	{"csv of one-digit counts", "a.csv", "月份,1,2,3,4,5,6,7,8,9,10,11\n人数,1,3,8,0,0,1,3,8,0,0,0\n", nil},
	{"mobile in a tsv cell", "a.tsv", "姓名\t电话\n张三\t138 0013 8000\n", []string{"2:4 手机号 13800138000"}},
	{"mobile in a quoted csv cell", "a.csv", "姓名,电话\n张三,\"13,800,138,000\"\n", []string{"2:4 手机号 13800138000"}},
	{"excel thousands separators", "a.txt", "电话 13,800,138,000", []string{"1:4 手机号 13800138000"}},
	{"separators in 3-4-4 groups", "a.txt", "电话 138,0013,8000", []string{"1:4 手机号 13800138000"}},
	{"full-width commas separate", "a.txt", "电话 １３８，００１３，８０００", nil},
	{"a comma and a space separate", "a.txt", "分机 4265, 010 6512 3456", nil},
	{"a list of small numbers", "a.txt", "名次 1,3,8,0,0,1,3,8,0,0,0", nil},
	{"two mobiles in a row", "a.txt", "13800138000,13900139000", []string{"1:1 手机号 13800138000", "1:13 手机号 13900139000"}},
	{"leading zero", "a.txt", "手机 0138 0013 8000", []string{"1:4 手机号 13800138000"}},
	{"leading zero unspaced", "a.txt", "手机013800138000", []string{"1:3 手机号 13800138000"}},
	{"landline with area code", "a.txt", "电话 0512-6715 4265，010 6512 3456", nil},
}

func TestAlarms(t *testing.T) {
	for _, c := range alarmCases {
		t.Run(c.name, func(t *testing.T) {
			rep := ScanFile(c.file, []byte(c.text), nil)
			var got []string
			for _, h := range rep.Hits {
				got = append(got, fmt.Sprintf("%d:%d %s %s", h.Line, h.Col, h.Kind, h.Number))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") || rep.Unscanned != "" {
				t.Errorf("got %q (unscanned %q), want %q", got, rep.Unscanned, c.want)
			}
		})
	}
}

// FuzzScanDelimited: any CSV or TSV text; a cell's hit is placed inside
// the text.
func FuzzScanDelimited(f *testing.F) {
	for _, c := range alarmCases {
		f.Add(c.text, strings.HasSuffix(c.file, ".tsv"))
	}
	f.Fuzz(func(t *testing.T, text string, tsv bool) {
		name := "a.csv"
		if tsv {
			name = "a.tsv"
		}
		lines := strings.Count(text, "\n") + 1
		for _, h := range ScanFile(name, []byte(text), nil).Hits {
			if h.Line < 1 || h.Line > lines || h.Col < 1 {
				t.Fatalf("hit %+v outside %q", h, text)
			}
		}
	})
}
