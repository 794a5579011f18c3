package pii

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/pii/piitest"
)

func gb18030(s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

// places are the kinds of published files, each with a number hidden in
// it (found) and with only look-alikes (clean).
func TestScanFilePlaces(t *testing.T) {
	const text = "姓名,电话\n张三,138 0013 8000\n"
	const clean = "文号,日期\n苏工〔2015〕2号,2015-04-07\n热线,0512-67154265\n手机,138****8000\n"
	tests := []struct {
		name  string
		file  string
		data  []byte
		where string // "line:col" for text, Where otherwise; "" for clean
	}{
		{"utf-8 csv", "a.csv", []byte(text), "2:4"},
		{"utf-8 bom txt", "a.txt", append([]byte{0xEF, 0xBB, 0xBF}, text...), "2:4"},
		{"utf-16le bom csv", "a.csv", piitest.UTF16(text, false, true), "2:4"},
		{"utf-16be bom txt", "a.txt", piitest.UTF16(text, true, true), "2:4"},
		{"utf-16le no bom txt", "a.txt", piitest.UTF16(text, false, false), "2:4"},
		{"utf-16be no bom tsv", "a.tsv", piitest.UTF16(strings.ReplaceAll(text, ",", "\t"), true, false), "2:4"},
		{"gb18030 txt", "a.txt", gb18030(text), "2:4"},
		{"gb18030 csv chinese only around", "名单.csv", gb18030("序号,姓名,身份证号\n1,王五,320502198001011 23X\n"), "2:6"},
		{"json", "a.json", []byte(`{"name":"张三","tel":"+86 138-0013-8000"}`), "1:22"},
		{"xml", "a.xml", []byte("<r>\n<tel>138<b>0013</b>8000</tel></r>"), "2:6"},
		{"html", "a.html", []byte("<p>电话：&#49;38 0013 8000</p>"), "1:7"},
		{"html attribute", "a.html", []byte(`<a href="tel:13800138000">电话</a>`), "1:14"},
		{"markdown", "a.md", []byte("# 名单\n\n- 张三 **138**00138000\n"), "3:8"},
		{"svg", "a.svg", []byte(`<svg><text>13800138000</text></svg>`), "1:12"},
		{"unknown text type", "a.dat", []byte("x 13800138000"), "1:3"},
		{"xlsx shared string", "a.xlsx", piitest.XLSX([]string{"名单", "统计"}, map[string][]piitest.Cell{
			"名单": {{Ref: "A1", Text: "姓名"}, {Ref: "B3", Text: "身份证 32050219800101123X"}},
			"统计": {{Ref: "A1", Number: "2015"}},
		}), "名单!B3"},
		{"xlsx number", "a.xlsx", piitest.XLSX([]string{"Sheet1"}, map[string][]piitest.Cell{
			"Sheet1": {{Ref: "A1", Text: "电话"}, {Ref: "C7", Number: "1.3800138E10"}},
		}), "Sheet1!C7"},
		{"xlsx second sheet", "a.xlsx", piitest.XLSX([]string{"说明", "帮扶名单"}, map[string][]piitest.Cell{
			"说明":   {{Ref: "A1", Text: "2015年度"}},
			"帮扶名单": {{Ref: "D2", Number: "13800138000"}},
		}), "帮扶名单!D2"},
		{"docx paragraph", "a.docx", piitest.DOCX([]string{"候选人公示", "张三，电话|138|00138000"}, ""), "正文第 2 段"},
		{"docx hyperlink", "a.docx", piitest.DOCX([]string{"联系方式见链接"}, "tel:13800138000"), "超链接 tel:13800138000"},
		{"pptx", "a.pptx", piitest.PPTX([][]string{{"工作总结"}, {"候选人", "张三 |138 0013| 8000"}}), "第 2 张幻灯片第 2 段"},
		{"pdf", "a.pdf", piitest.PDF([][]string{{"Notice 2015"}, {"Name: Zhang San", "ID: 320502 19800101 123X"}}), "第 2 页"},

		{"clean csv", "a.csv", []byte(clean), ""},
		{"clean utf-16 csv", "a.csv", piitest.UTF16(clean, false, true), ""},
		{"clean gb18030", "a.csv", gb18030(clean), ""},
		{"clean xlsx", "a.xlsx", piitest.XLSX([]string{"统计"}, map[string][]piitest.Cell{
			"统计": {{Ref: "A1", Text: "苏工〔2015〕2号"}, {Ref: "B1", Number: "20150407"}, {Ref: "C1", Number: "1234567.5"}, {Ref: "D1", Text: "0512-67154265"}},
		}), ""},
		{"clean docx", "a.docx", piitest.DOCX([]string{"苏工〔2015〕2号", "联系电话：0512-|6715|4265", "手机 138****8000"}, "https://example.org/2015/04/07"), ""},
		{"clean pptx", "a.pptx", piitest.PPTX([][]string{{"苏工〔2015〕2号", "电话 0512-67154265", "138****8000"}}), ""},
		{"clean pdf", "a.pdf", piitest.PDF([][]string{{"Su Gong [2015] No. 2", "Tel 0512-67154265"}}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := ScanFile(tt.file, tt.data, nil)
			if rep.Unscanned != "" {
				t.Fatalf("not scanned: %s", rep.Unscanned)
			}
			if tt.where == "" {
				if len(rep.Hits) > 0 {
					t.Fatalf("false positive: %+v", rep.Hits)
				}
				return
			}
			if len(rep.Hits) != 1 {
				t.Fatalf("hits = %+v, want one at %s", rep.Hits, tt.where)
			}
			h := rep.Hits[0]
			got := h.Where
			if got == "" {
				got = fmt.Sprintf("%d:%d", h.Line, h.Col)
			}
			if got != tt.where {
				t.Errorf("hit %s %s at %s, want at %s", h.Kind, h.Number, got, tt.where)
			}
		})
	}
}

func TestScanFileUnscanned(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		image      bool
	}{
		{"scanned pdf", "a.pdf", piitest.PDF([][]string{{}, {}}), false},
		{"broken pdf", "a.pdf", []byte("%PDF-1.4\ngarbage"), false},
		{"broken xlsx", "a.xlsx", []byte("PK\x03\x04 not really"), false},
		{"binary", "a.bin", []byte{0x00, 0x01, 0x02, 0x00, 0x00, 0xff, 0x13, 0x80}, false},
		{"old word", "a.doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}, false},
		{"image", "a.png", []byte("\x89PNG\r\n\x1a\n"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := ScanFile(tt.file, tt.data, nil)
			if rep.Unscanned == "" || rep.Image != tt.image {
				t.Errorf("got %+v, want named as not scanned (image %v)", rep, tt.image)
			}
		})
	}
}
