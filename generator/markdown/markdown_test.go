package markdown

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

type mdCase struct {
	name, src, html string
}

// readCases reads testdata/cases.txt: "//- name", Markdown, "//= html",
// expected HTML, "//= end".
func readCases(t testing.TB) []mdCase { return readCaseFile(t, "testdata/cases.txt") }

func readCaseFile(t testing.TB, name string) []mdCase {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []mdCase
	var cur *mdCase
	var b strings.Builder
	state := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "//- "):
			cases = append(cases, mdCase{name: l[4:]})
			cur = &cases[len(cases)-1]
			b.Reset()
			state = 1
		case l == "//= html":
			cur.src = b.String()
			b.Reset()
			state = 2
		case l == "//= end":
			cur.html = b.String()
			state = 0
		case state > 0:
			b.WriteString(l + "\n")
		}
	}
	return cases
}

func TestCases(t *testing.T) {
	r := New(Options{})
	for _, c := range readCases(t) {
		t.Run(c.name, func(t *testing.T) {
			res, err := r.Render([]byte(c.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.HTML) != c.html {
				t.Errorf("got\n%s\nwant\n%s", res.HTML, c.html)
			}
		})
	}
}

func FuzzRender(f *testing.F) {
	for _, c := range readCases(f) {
		f.Add(c.src)
	}
	f.Add("\x87\n0") // invalid UTF-8 before a soft break once panicked in goldmark
	r := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		res, err := r.Render([]byte(src), func(d string, _ bool, line, _ int) string {
			if line < 1 {
				t.Fatalf("line %d for %q", line, d)
			}
			return d
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(string(res.HTML)), "href=\"javascript:") {
			t.Fatalf("javascript link rendered: %s", res.HTML)
		}
	})
}

func TestSummarize(t *testing.T) {
	long := strings.Repeat("工会", 40) + "。" + strings.Repeat("职工", 40)
	tests := []struct {
		in        string
		max       int
		want      string
		truncated bool
	}{
		{"短文本。", 120, "短文本。", false},
		{long, 120, strings.Repeat("工会", 40) + "。", true},
		{strings.Repeat("字", 200), 10, strings.Repeat("字", 10) + "……", true},
		{"第一段\n\n第二段", 120, "第一段 第二段", false},
	}
	for _, tt := range tests {
		got, tr := Summarize(tt.in, tt.max)
		if got != tt.want || tr != tt.truncated {
			t.Errorf("Summarize(%q) = %q, %v", tt.in, got, tr)
		}
	}
}

// TestSummarizeMatchesReference checks the one-pass Summarize against the
// plain definition on many generated texts: blanks, sentence ends and CJK
// at every position near the cut.
func TestSummarizeMatchesReference(t *testing.T) {
	reference := func(text string, max int) (string, bool) {
		text = strings.Join(strings.Fields(text), " ")
		if utf8.RuneCountInString(text) <= max {
			return text, false
		}
		runes := []rune(text)
		for i := max - 1; i >= max/2; i-- {
			switch runes[i] {
			case '。', '！', '？', '；', '!', '?':
				return string(runes[:i+1]), true
			}
		}
		return strings.TrimRight(string(runes[:max]), " ，、：,;:") + "……", true
	}
	alphabet := []string{"工", "会", "。", "，", " ", "\n", "a", "！", "：", "  "}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		max := 2 + i%15
		got, gotT := Summarize(b.String(), max)
		want, wantT := reference(b.String(), max)
		if got != want || gotT != wantT {
			t.Fatalf("Summarize(%q, %d) = %q, %v; want %q, %v", b.String(), max, got, gotT, want, wantT)
		}
	}
}

func TestRenderResult(t *testing.T) {
	r := New(Options{SummaryLength: 20})
	src := "## 一、目标\n\n这是<b>第一段</b>，写得比较长一些。再来一句话结束。\n\n[见附件](附件.pdf)\n\n## 二、步骤\n\n### （一）启动\n"
	var seen []string
	res, err := r.Render([]byte(src), func(d string, image bool, line, col int) string {
		seen = append(seen, fmt.Sprintf("%s@%d:%d", d, line, col))
		return "/x/" + d
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.TOC) != 3 || res.TOC[0].ID != "一目标" || res.TOC[2].Level != 3 || res.TOC[2].Text != "（一）启动" {
		t.Errorf("toc = %+v", res.TOC)
	}
	if len(seen) != 1 || seen[0] != "附件.pdf@5:2" {
		t.Errorf("links = %v", seen)
	}
	if !strings.Contains(string(res.HTML), `href="/x/%E9%99%84%E4%BB%B6.pdf"`) {
		t.Errorf("html = %s", res.HTML)
	}
	if !res.Truncated || strings.Contains(res.Summary, "<") || res.Summary != "这是第一段，写得比较长一些。" {
		t.Errorf("summary = %q", res.Summary)
	}
	if r2 := New(Options{UnsafeHTML: true}); true {
		res, _ := r2.Render([]byte("<b>x</b>"), nil)
		if !strings.Contains(string(res.HTML), "<b>x</b>") {
			t.Errorf("unsafe html = %s", res.HTML)
		}
	}
}
