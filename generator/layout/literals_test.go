package layout

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// planLiterals are words of one plan and one city: the sample's. The
// theme and the code take the plan from config ([plan], [[phases]],
// [[targets]]), so none of them may be written there, or a portal of
// another plan would print them.
var planLiterals = []string{
	"三年行动计划", "2017年底", "苏工", "基层基础建设示范单位", "苏州",
	"2015-2017", "2015—2017", "启动推进年", "深化加强年", "巩固提高年",
}

// yearLiteral is a year standing alone (not part of a longer number).
var yearLiteral = regexp.MustCompile(`(^|[^0-9])(19|20)[0-9]{2}([^0-9]|$)`)

// planYears is how a plan's years or its 考核 are written: a span
// "2015-2017", "2017年底".
var planYears = regexp.MustCompile(`(19|20)[0-9]{2}\s*[-—–~至]\s*(19|20)[0-9]{2}|(19|20)[0-9]{2}年(底|末)`)

var url = regexp.MustCompile(`https?://[^\s"'<>)]+`)

// TestNoPlanLiterals greps the default theme (layouts/), the Go code of
// generator/ and the starter portal of gongkai init for the sample
// plan's name, city, 文号, phases and years (a span of years, a year's
// end); the theme may not name any year at all.
func TestNoPlanLiterals(t *testing.T) {
	root := filepath.Join("..", "..")
	check := func(dir string, keep func(path string) bool, years bool) {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.IsDir() && d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return err
			}
			if !keep(p) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			for n, line := range strings.Split(string(data), "\n") {
				for _, w := range planLiterals {
					if strings.Contains(line, w) {
						t.Errorf("%s:%d: names the sample plan (%q); take it from config's [plan]", filepath.ToSlash(rel), n+1, w)
					}
				}
				if m := planYears.FindString(line); m != "" {
					t.Errorf("%s:%d: writes a plan's years (%q); take them from config", filepath.ToSlash(rel), n+1, m)
				}
				if years && yearLiteral.MatchString(url.ReplaceAllString(line, "")) {
					t.Errorf("%s:%d: writes a year in the theme: %s", filepath.ToSlash(rel), n+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	text := func(p string) bool {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".html", ".xml", ".xsl", ".txt", ".js", ".css", ".md", ".svg", ".json", ".toml":
			return true
		}
		return false
	}
	check("layouts", text, true)
	check("generator", func(p string) bool {
		return strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go")
	}, false)
	check(filepath.Join("generator", "scaffold", "site"), func(string) bool { return true }, false)
}
