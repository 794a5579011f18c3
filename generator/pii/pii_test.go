package pii

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestScanFinds(t *testing.T) {
	tests := []struct {
		text   string
		kind   Kind
		masked string
		offset int
	}{
		{"身份证号32050219800101123X。", IDCard, "320502********123X", len("身份证号")},
		{"证件：32050219800101123x", IDCard, "320502********123X", len("证件：")},
		{"旧证 320502800101123", IDCard, "320502*****1123", len("旧证 ")},
		{"联系电话13800138000", Mobile, "138****8000", len("联系电话")},
		{"电话 138-0013-8000 转", Mobile, "138****8000", len("电话 ")},
		{"电话 138 0013 8000", Mobile, "138****8000", len("电话 ")},
		{"Tel: +86 13800138000", Mobile, "138****8000", len("Tel: ")},
		{"+86-138-0013-8000", Mobile, "138****8000", 0},
		{"卡号6217001234567890122", BankCard, "621700*********0122", len("卡号")},
		{"卡号 6222 0210 0000 0005", BankCard, "622202******0005", len("卡号 ")},
	}
	for _, tt := range tests {
		got := Scan(tt.text, nil)
		if len(got) != 1 {
			t.Errorf("Scan(%q) = %+v, want one %s", tt.text, got, tt.kind)
			continue
		}
		f := got[0]
		if f.Kind != tt.kind || f.Masked != tt.masked || f.Offset != tt.offset {
			t.Errorf("Scan(%q) = %+v, want %s %s at %d", tt.text, f, tt.kind, tt.masked, tt.offset)
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
	allowed := func(d string) bool { return d == "13800138000" }
	if got := Scan("热线 138-0013-8000", allowed); len(got) != 0 {
		t.Errorf("allowed number reported: %+v", got)
	}
	if got := Scan("热线 13900139000", allowed); len(got) != 1 {
		t.Errorf("other number not reported: %+v", got)
	}
}

func TestValidID18(t *testing.T) {
	for id, want := range map[string]bool{
		"32050219800101123X": true,
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

func FuzzScan(f *testing.F) {
	f.Add("身份证号32050219800101123X，电话138-0013-8000，卡号6217001234567890122")
	f.Add("苏工〔2015〕2号 2015-04-07")
	f.Fuzz(func(t *testing.T, s string) {
		for _, fd := range Scan(s, nil) {
			if fd.Offset < 0 || fd.Offset+len(fd.Text) > len(s) || s[fd.Offset:fd.Offset+len(fd.Text)] != fd.Text {
				t.Fatalf("finding %+v does not point into the text", fd)
			}
			if strings.Count(fd.Masked, "*") < 4 {
				t.Fatalf("mask %q hides too little", fd.Masked)
			}
		}
	})
}

// TestCandidatesMatchRegexp checks the hand-written scanner against the
// regular expression it stands for.
func TestCandidatesMatchRegexp(t *testing.T) {
	re := regexp.MustCompile(`(?:\+86[ -]?)?\d(?:[ -]?\d)+[Xx]?`)
	inputs := []string{
		"电话 +86 138-0013-8000，卡 6222 0210 0000 0005；证 32050219800101123x。",
		"+86+8613800138000 1 2 3-4--5 12X x9 +8", "苏工〔2015〕2号 2015-04-07 0512-67154265",
	}
	for _, in := range inputs {
		var got [][]int
		candidates(in, func(s, e int) { got = append(got, []int{s, e}) })
		want := re.FindAllStringIndex(in, -1)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: got %v, want %v", in, got, want)
		}
	}
}
