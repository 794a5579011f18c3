package pii

import (
	"fmt"
	"strings"
	"testing"
)

// disguise writes a number's digits the ways authors do. Each choice is
// read from r, a stream of the fuzzer's bytes.
type chooser struct {
	b []byte
	i int
}

func (c *chooser) next(n int) int {
	if len(c.b) == 0 {
		return 0
	}
	v := int(c.b[c.i%len(c.b)])
	c.i++
	return v % n
}

// digitForms are the ways one digit is written.
var digitForms = []func(d byte) string{
	func(d byte) string { return string(rune(d)) },
	func(d byte) string { return string(rune(0xFF10 + rune(d-'0'))) },    // full width
	func(d byte) string { return fmt.Sprintf("&#%d;", d) },               // decimal reference
	func(d byte) string { return fmt.Sprintf("&#x%x;", d) },              // hex reference
	func(d byte) string { return string(rune(0x1D7CE + rune(d-'0'))) },   // mathematical bold
	func(d byte) string { return fmt.Sprintf("%%%x", d) },                // percent escape
	func(d byte) string { return fmt.Sprintf(`\u%04x`, d) },              // JSON escape
	func(d byte) string { return string(rune(d)) + "\u200b" },            // zero-width space after
	func(d byte) string { return "\u00ad" + string(rune(d)) + "\ufeff" }, // soft hyphen, BOM
}

// gaps are what may stand between two digits: one of them at most.
var gaps = []string{"", "", "", " ", "\u00a0", "\u3000", "-", "－", ".", "·", "/", "**", "__", "*", "`",
	"<em>", "</em>", "<b>", "</strong>", "<span class=\"x\">", "\n", "\r\n", "\n  ", "\n> ", "&nbsp;", "&middot;", " - ", "\t", "\u2009", "\u202f", "—"}

// disguised writes number with a form per digit and a gap between digits.
func disguised(number string, c *chooser) string {
	var b strings.Builder
	for i := 0; i < len(number); i++ {
		d := number[i]
		if d == 'X' {
			b.WriteString([]string{"X", "x", "Ｘ", "ｘ"}[c.next(4)])
			continue
		}
		b.WriteString(digitForms[c.next(len(digitForms))](d))
		if i < len(number)-1 {
			b.WriteString(gaps[c.next(len(gaps))])
		}
	}
	return b.String()
}

// validNumber makes a valid number of the kind chosen from the fuzzer's
// digits: a mobile, an 18-digit ID, a 15-digit old ID or a card.
func validNumber(c *chooser) (string, Kind) {
	digit := func() byte { return byte('0' + c.next(10)) }
	switch c.next(4) {
	case 0:
		d := []byte{'1', byte('3' + c.next(7))}
		for len(d) < 11 {
			d = append(d, digit())
		}
		return string(d), Mobile
	case 1:
		d := []byte{byte('1' + c.next(8)), digit(), digit(), digit(), digit(), digit()}
		d = fmt.Appendf(d, "%04d%02d%02d", 1900+c.next(126), 1+c.next(12), 1+c.next(28))
		d = append(d, digit(), digit(), digit())
		sum := 0
		for i, w := range idWeights {
			sum += int(d[i]-'0') * w
		}
		return string(append(d, "10X98765432"[sum%11])), IDCard
	case 2:
		d := []byte{byte('1' + c.next(8)), digit(), digit(), digit(), digit(), digit()}
		d = fmt.Appendf(d, "%02d%02d%02d", c.next(100), 1+c.next(12), 1+c.next(28))
		d = append(d, digit(), digit(), digit())
		return string(d), IDCard
	}
	n := 16 + c.next(4)
	d := []byte{byte('3' + c.next(4))}
	for len(d) < n-1 {
		d = append(d, digit())
	}
	for {
		for check := byte('0'); check <= '9'; check++ {
			// A number that is also a valid 统一社会信用代码 is taken for
			// one, by design.
			if luhn(string(append(d, check))) && !ValidCreditCode(string(append(d, check))) {
				return string(append(d, check)), BankCard
			}
		}
		d[1] = '0' + (d[1]-'0'+1)%10
	}
}

// FuzzDisguisedNumber hides a valid number, written in random disguises,
// inside random Markdown and checks that it is found. The number is set
// off by Chinese punctuation, as in a sentence; what is around it is the
// fuzzer's.
func FuzzDisguisedNumber(f *testing.F) {
	f.Add("# 公示\n\n张三，电话", "。\n\n- 李四 **138****8000**", []byte{0, 1, 2, 3, 4, 5})
	f.Add("<p>候选人 ", "</p>", []byte{1, 9, 14, 200, 7, 3, 3, 3})
	f.Add("[联系](tel:", ")", []byte{2, 0, 0, 17, 40, 11})
	f.Add("", "", []byte{3, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add("| 序号 | 卡号 |\n|---|---|\n| 1 | ", " |", []byte{3, 2, 255, 128, 64})
	f.Fuzz(func(t *testing.T, before, after string, choices []byte) {
		c := &chooser{b: choices}
		number, kind := validNumber(c)
		hidden := disguised(number, c)
		switch {
		case kind == Mobile && c.next(3) == 1:
			hidden = []string{"+86 ", "0086", "86-", "＋８６　"}[c.next(4)] + hidden
		}
		// A tag left open would hide the number from readers: close it.
		if strings.LastIndexByte(before, '<') > strings.LastIndexByte(before, '>') {
			before += ">"
		}
		text := before + "：" + hidden + "。" + after
		want := strings.ToUpper(number)
		for _, fd := range Scan(text, nil) {
			if fd.Number == want {
				if text[fd.Offset:fd.End] != fd.Text {
					t.Fatalf("finding %+v does not point into the text", fd)
				}
				return
			}
		}
		t.Fatalf("%s %s written as %q not found in %q: %+v", kind, number, hidden, text, Scan(text, nil))
	})
}

// FuzzScan checks that findings in any text point into it and hide
// enough.
func FuzzScan(f *testing.F) {
	f.Add("身份证号32050219800101123X，电话138-0013-8000，卡号6217001234567890122")
	f.Add("苏工〔2015〕2号 2015-04-07")
	f.Add("&#49;&#51;8<em>0013</em>８０００ \\u0031 %31")
	for _, class := range []string{"html", "md"} {
		for _, c := range readReachCases(f, class) {
			f.Add(string(c.data()))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fd := range Scan(s, nil) {
			if fd.Offset < 0 || fd.End > len(s) || s[fd.Offset:fd.End] != fd.Text {
				t.Fatalf("finding %+v does not point into the text", fd)
			}
			if strings.Count(fd.Masked, "*") < 4 {
				t.Fatalf("mask %q hides too little", fd.Masked)
			}
		}
	})
}
