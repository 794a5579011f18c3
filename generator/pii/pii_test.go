package pii

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// Fictional numbers with valid check digits, used throughout the tests.
const (
	testID     = "32050219800101123X"
	testID2    = "320508197506122035"
	testOldID  = "320502800101123"
	testMobile = "13800138000"
	testCard   = "6217001234567890122"
)

// disguises are the forms authors really write a number in. Each must be
// found, with the right kind, number and masked form, and with Text being
// exactly the span from the first to the last digit as written.
var disguises = []struct {
	name, text string
	kind       Kind
	number     string
	span       string // the expected Text
}{
	{"plain mobile", "联系电话13800138000。", Mobile, testMobile, "13800138000"},
	{"bold around", "电话：**13800138000**", Mobile, testMobile, "13800138000"},
	{"bold inside", "电话：138**0013**8000", Mobile, testMobile, "138**0013**8000"},
	{"emphasis inside", "电话：138_0013_8000", Mobile, testMobile, "138_0013_8000"},
	{"code span inside", "电话：`138`0013`8000`", Mobile, testMobile, "138`0013`8000"},
	{"html tag inside", "电话：138<em>0013</em>8000", Mobile, testMobile, "138<em>0013</em>8000"},
	{"decimal char refs", "&#49;&#51;&#56;&#48;&#48;&#49;&#51;&#56;&#48;&#48;&#48;", Mobile, testMobile, "&#49;&#51;&#56;&#48;&#48;&#49;&#51;&#56;&#48;&#48;&#48;"},
	{"hex char refs", "电话&#x31;&#x33;8&#x30;0138000", Mobile, testMobile, "&#x31;&#x33;8&#x30;0138000"},
	{"char refs without semicolon", "&#49&#51&#56&#48&#48&#49&#51&#56&#48&#48&#48", Mobile, testMobile, "&#49&#51&#56&#48&#48&#49&#51&#56&#48&#48&#48"},
	{"full-width digits", "电话：１３８００１３８０００", Mobile, testMobile, "１３８００１３８０００"},
	{"full-width ID with x", "证件３２０５０２１９８００１０１１２３ｘ", IDCard, testID, "３２０５０２１９８００１０１１２３ｘ"},
	{"no-break spaces", "电话 138\u00a00013\u00a08000", Mobile, testMobile, "138\u00a00013\u00a08000"},
	{"nbsp entity", "电话 138&nbsp;0013&nbsp;8000", Mobile, testMobile, "138&nbsp;0013&nbsp;8000"},
	{"ideographic spaces", "电话 138\u30000013\u30008000", Mobile, testMobile, "138\u30000013\u30008000"},
	{"dots", "电话 138.0013.8000", Mobile, testMobile, "138.0013.8000"},
	{"middle dots", "电话 138·0013·8000", Mobile, testMobile, "138·0013·8000"},
	{"full-width hyphens", "电话 138－0013－8000", Mobile, testMobile, "138－0013－8000"},
	{"em dashes", "电话 138—0013—8000", Mobile, testMobile, "138—0013—8000"},
	{"slashes", "电话 138/0013/8000", Mobile, testMobile, "138/0013/8000"},
	{"+86 with spaces", "电话 +86 138 0013 8000", Mobile, testMobile, "86 138 0013 8000"},
	{"+86 hyphens", "+86-138-0013-8000", Mobile, testMobile, "86-138-0013-8000"},
	{"0086", "电话 0086 13800138000", Mobile, testMobile, "0086 13800138000"},
	{"86 glued", "电话8613800138000", Mobile, testMobile, "8613800138000"},
	{"full-width plus", "电话＋８６　１３８００１３８０００", Mobile, testMobile, "８６　１３８００１３８０００"},
	{"letters glued before ID", "ID32050219800101123X", IDCard, testID, testID},
	{"letters glued before mobile", "Tel13800138000", Mobile, testMobile, testMobile},
	{"letters glued after", "13800138000转", Mobile, testMobile, testMobile},
	{"letters both sides", "abc13800138000def", Mobile, testMobile, testMobile},
	{"zero-width space", "电话138\u200b0013\u200b8000", Mobile, testMobile, "138\u200b0013\u200b8000"},
	{"zero-width joiner and soft hyphen", "电话1380\u200d013&shy;8000", Mobile, testMobile, "1380\u200d013&shy;8000"},
	{"BOM inside", "证件320502\ufeff19800101123X", IDCard, testID, "320502\ufeff19800101123X"},
	{"line break inside", "电话1380013\n8000", Mobile, testMobile, "1380013\n8000"},
	{"line break and indent", "- 身份证号 320502\n  19800101123X", IDCard, testID, "320502\n  19800101123X"},
	{"blockquote continuation", "> 电话 1380013\n> 8000", Mobile, testMobile, "1380013\n> 8000"},
	{"CRLF", "电话1380013\r\n8000", Mobile, testMobile, "1380013\r\n8000"},
	{"ID grouped", "身份证 320502 19800101 123X", IDCard, testID, "320502 19800101 123X"},
	{"ID lower x", "身份证32050219800101123x。", IDCard, testID, "32050219800101123x"},
	{"ID no X", "身份证号：320508197506122035", IDCard, testID2, testID2},
	{"old ID", "旧证 320502800101123", IDCard, testOldID, testOldID},
	{"old ID with spaces", "旧证 320 502 800 101 123", IDCard, testOldID, "320 502 800 101 123"},
	{"card", "卡号6217001234567890122", BankCard, testCard, testCard},
	{"card grouped", "卡号 6222 0210 0000 0005", BankCard, "6222021000000005", "6222 0210 0000 0005"},
	{"card full-width grouped", "卡号６２２２　０２１０　００００　０００５", BankCard, "6222021000000005", "６２２２　０２１０　００００　０００５"},
	{"tel link", "[联系我们](tel:+86-13800138000)", Mobile, testMobile, "86-13800138000"},
	{"sms link", "<sms:13800138000?body=hi>", Mobile, testMobile, testMobile},
	{"query string", "https://example.org/q?phone=13800138000&x=1", Mobile, testMobile, testMobile},
	{"percent encoded", "tel:%2B86%2013800138000", Mobile, testMobile, "86%2013800138000"},
	{"percent encoded digits", "?id=%33%32050219800101123X", IDCard, testID, "%33%32050219800101123X"},
	{"json unicode escapes", `{"tel":"\u0031\u00338001380\u00300"}`, Mobile, testMobile, `\u0031\u00338001380\u00300`},
	{"html attribute", `<a href="tel:13800138000">致电</a>`, Mobile, testMobile, testMobile},
	{"image alt", `![张三 13800138000](a.png "身份证 32050219800101123X")`, Mobile, testMobile, testMobile},
	{"path segment", "https://example.org/a/13800138000b", Mobile, testMobile, testMobile},
	{"after a masked one", "138****8000、13900139000", Mobile, "13900139000", "13900139000"},
	{"mathematical digits", "电话𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎", Mobile, testMobile, "𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎"},
}

func TestScanDisguises(t *testing.T) {
	for _, tt := range disguises {
		t.Run(tt.name, func(t *testing.T) {
			got := Scan(tt.text, nil)
			if len(got) == 0 {
				t.Fatalf("Scan(%q) found nothing, want %s %s", tt.text, tt.kind, tt.number)
			}
			f := got[0]
			if f.Kind != tt.kind || f.Number != tt.number || f.Text != tt.span {
				t.Errorf("Scan(%q) = %s %s %q, want %s %s %q", tt.text, f.Kind, f.Number, f.Text, tt.kind, tt.number, tt.span)
			}
			if tt.text[f.Offset:f.End] != f.Text {
				t.Errorf("offsets %d:%d do not point at %q", f.Offset, f.End, f.Text)
			}
		})
	}
}

func TestScanBoth(t *testing.T) {
	got := Scan("身份证号"+testID+"，电话 138 0013 8000，卡号 "+testCard, nil)
	var kinds []Kind
	for _, f := range got {
		kinds = append(kinds, f.Kind)
	}
	if len(got) != 3 || kinds[0] != IDCard || kinds[1] != Mobile || kinds[2] != BankCard {
		t.Errorf("got %+v", got)
	}
}

func TestMasked(t *testing.T) {
	for text, want := range map[string]string{
		testID:                 "320502********123X",
		"32050219800101123x":   "320502********123X",
		testOldID:              "320502*****1123",
		testMobile:             "138****8000",
		"+86 13800138000":      "138****8000",
		testCard:               "621700*********0122",
		"6222 0210 0000 0005":  "622202******0005",
		"4111 1111 1111 1111 ": "411111******1111",
	} {
		got := Scan(text, nil)
		if len(got) != 1 || got[0].Masked != want {
			t.Errorf("Scan(%q) = %+v, want masked %s", text, got, want)
		}
	}
}

// lookAlikes must keep passing: numbers that look long but are no
// personal data, and numbers already masked.
var lookAlikes = []string{
	"苏工〔2015〕2号",
	"（2015）苏工字第13800号",
	"2015年4月7日至2016年4月12日",
	"2015-04-07 2016-04-12 2017-12-31",
	"2015.04.07—2017.12.31",
	"三年（2015-2017）",
	"全市 1380 家基层工会，职工 13800 人，会员 138000 人",
	"| 138 | 0013 | 8000 |",
	"订单号 6222 0210 0000 0006",     // fails Luhn
	"流水号 7222021000000005",        // card length, issuer range no card uses
	"身份证 320502198001011231",      // wrong check digit
	"统一社会信用代码 91320500MA1MXXXX0X", // letters
	"统一社会信用代码 12320500466512345X", // digits, but no valid date
	"电话 0512-67154265",            // landline
	"电话（0512）6715 4265",           // landline, grouped
	"电话 0512-6715-4265 转 8021",
	"手机 12800138000",          // no such mobile range
	"手机 1380013800",           // ten digits
	"手机 138****8000",          // masked
	"手机 138＊＊＊＊8000",          // masked, full width
	"身份证 320502********123X",  // masked
	"身份证 320502*****1123",     // masked old ID
	"银行卡 621700*********0122", // masked
	"打码 138 **** 8000 与 320502 ******** 123X",
	"2015 2016 2017 2018",
	"12351 职工服务热线",
	"第1、3、8条",
	"版本 1.13.8000",
	"ISBN 978-7-5086-1234-5",
	"苏工〔2015〕2号、苏工〔2016〕13号",
	"&amp;#49;&amp;#51;8001380",
	`<svg viewBox="0 0 16 16"><path d="M8 .5a7.5 7.5 0 1.6-6.6-5.2-4.4 6.8-.5l1 3 8 0 0 1 3 8 0 0 0z"/></svg>`,
	`<span class="n-13800138000" style="margin:1.38 0.0138 000">文字</span>`,
}

func TestScanLookAlikes(t *testing.T) {
	for _, line := range lookAlikes {
		if got := Scan(line, nil); len(got) > 0 {
			t.Errorf("false positive in %q: %+v", line, got)
		}
	}
}

func TestScanIgnoresCorpus(t *testing.T) {
	f, err := os.Open("testdata/not-pii.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if got := Scan(line, nil); len(got) > 0 {
			t.Errorf("false positive in %q: %+v", line, got)
		}
	}
}

func TestScanAllowed(t *testing.T) {
	allowed := func(d string) bool { return d == testMobile }
	for _, text := range []string{"热线 138-0013-8000", "热线 +86 13800138000", "热线 138**0013**8000"} {
		if got := Scan(text, allowed); len(got) != 0 {
			t.Errorf("allowed number reported in %q: %+v", text, got)
		}
	}
	if got := Scan("热线 13900139000", allowed); len(got) != 1 {
		t.Errorf("other number not reported: %+v", got)
	}
}

func TestValidID18(t *testing.T) {
	for id, want := range map[string]bool{
		"32050219800101123X": true,
		"32050219800101123x": true,
		"110105194912310021": false, // wrong check digit
		"11010519491231002X": true,
		"32050219801301123X": false, // month 13
		"92050219800101123X": false, // region 9
	} {
		if got := ValidID18(id); got != want {
			t.Errorf("ValidID18(%s) = %v", id, got)
		}
	}
}

// BenchmarkScan measures the scanner on Chinese text with the numbers a
// report carries (dates, document numbers, figures, landlines).
func BenchmarkScan(b *testing.B) {
	para := "按照“会、站、家”一体化的要求，2016年全市 1380 家基层工会中 85% 以上成为合格职工之家（苏工〔2016〕3号），联系电话 0512-67154265，**重点**推进 2015-04-07 部署的工作。\n"
	text := strings.Repeat(para, 8192/len(para)+1)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(Scan(text, nil)) != 0 {
			b.Fatal("false positive")
		}
	}
}

// TestScanSourceReadsTagsWhole: in Markdown, escaped HTML shows as
// written, so an author's tag is read whole; a rendered page shows only
// some attributes (a class is not one; data-* are, since scripts show them).
func TestScanSourceReadsTagsWhole(t *testing.T) {
	text := `<span class="n13800138000">张三</span>`
	if got := ScanSource(text, nil); len(got) != 1 {
		t.Errorf("ScanSource(%q) = %+v, want the number", text, got)
	}
	if got := Scan(text, nil); len(got) != 0 {
		t.Errorf("Scan(%q) = %+v, want nothing (a browser does not show a class)", text, got)
	}
	if got := ScanFile("a.xml", []byte(text), nil); len(got.Hits) != 1 {
		t.Errorf("an XML file is read as written: %+v", got)
	}
	if got := ScanFile("a.html", []byte(text), nil); len(got.Hits) != 0 {
		t.Errorf("an HTML file is read as shown: %+v", got)
	}
}
