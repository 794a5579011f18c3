package archetype

import (
	"os"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"gongkai/generator/content"
)

func notice(n string) *content.Page {
	return &content.Page{Notice: &content.Notice{DocNumber: n}}
}

func TestNextDocNumber(t *testing.T) {
	tests := []struct {
		name    string
		numbers []string
		year    int
		want    string
	}{
		{"none", nil, 2026, ""},
		{"follows the year", []string{"苏工〔2026〕2号", "苏工〔2026〕15号", "苏工〔2025〕40号"}, 2026, "苏工〔2026〕16号"},
		{"first of a new year", []string{"苏工〔2025〕40号"}, 2026, "苏工〔2026〕1号"},
		{"the code used most", []string{"苏工办〔2026〕7号", "苏工〔2026〕2号", "苏工〔2025〕3号"}, 2026, "苏工〔2026〕3号"},
		{"square brackets typed instead", []string{"苏工[2026]4号"}, 2026, "苏工〔2026〕5号"},
		{"not a doc number", []string{"第一号"}, 2026, ""},
	}
	for _, tt := range tests {
		var pages []*content.Page
		for _, n := range tt.numbers {
			pages = append(pages, notice(n))
		}
		pages = append(pages, &content.Page{}) // not a notice
		if got := NextDocNumber(pages, tt.year); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCheckSlug(t *testing.T) {
	for s, want := range map[string]string{
		"hongqiao-jingmi": "",
		"2026-11-25-1":    "",
		"Hongqiao_Jingmi": "如 --slug hongqiao-jingmi",
		"通知":              "只能用小写英文字母",
		"a--b":            "如 --slug a-b",
	} {
		got := CheckSlug(s)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("CheckSlug(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, s := range []string{`关于“会员评家”的通知`, `a "b" \c`, "两行\n文本\t制表", "\x01"} {
		var v struct{ T string }
		if _, err := toml.Decode("T = "+Quote(s), &v); err != nil || v.T != s {
			t.Errorf("Quote(%q) = %s reads back as %q, %v", s, Quote(s), v.T, err)
		}
	}
}

// TestDefaultArchetypes renders every default archetype with a title full
// of quotes, and checks its front matter is TOML that content reads.
func TestDefaultArchetypes(t *testing.T) {
	theme := os.DirFS("../..")
	for _, sec := range Sections {
		d := Data{Title: `关于“\会员\”评家"的通知`, Date: "2026-11-25", Year: "2026", Unit: "u", Category: "c", PublicityDays: 5, PublicityEnd: "2026-12-01", Kind: "k", Parent: "p"}
		text, err := Render(theme, theme, sec, d)
		if err != nil {
			t.Fatalf("%s: %v", sec.Name, err)
		}
		rel := sec.Dir + "/x.md"
		if sec.Dir == "" {
			rel = "x.md"
		}
		p, errs := content.Parse("content/"+rel, rel, text)
		// Untouched, a new page says what is left to write, and nothing
		// else: its body is the archetype's placeholder.
		if p == nil || p.Title != d.Title || len(errs.Errors()) != 1 || !strings.Contains(errs.Errors()[0].Msg, "样板文字") {
			t.Errorf("%s: %v", sec.Name, errs)
		}
		if sec.Name == "notices" && len(errs) != 2 {
			t.Errorf("%s: the empty 主送机关 is not pointed out: %v", sec.Name, errs)
		}
		if s, ok := Find(sec.Aliases[0]); !ok || s.Name != sec.Name {
			t.Errorf("Find(%q) = %v", sec.Aliases[0], s)
		}
	}
}
