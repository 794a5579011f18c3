package tomlpos

import (
	"strings"
	"testing"
)

// TestAllSyntaxErrors checks that the syntax errors of one text are
// listed together where each stands on a line of its own, and that the
// search stops at a line whose removal would make errors of its own.
func TestAllSyntaxErrors(t *testing.T) {
	var v struct {
		Title string   `toml:"title"`
		Date  Date     `toml:"date"`
		Tags  []string `toml:"tags"`
	}
	for _, tt := range []struct {
		name, text string
		lines      []int
	}{
		{"three lines", "title = “通知”\ndate = 2016-13-01\ntags = [\"a\"]\nunit ＝ \"x\"\n", []int{1, 2, 4}},
		{"an array over lines", "tags = [“a”,\n  \"b\"]\ndate = 2016-13-01\n", []int{1}},
		{"one", "title = \"通知\"\ndate = 2016-02-30\n", []int{2}},
		// The rest of the file is decoded: an unknown field beside a bad
		// date is reported in the same run.
		{"and an unknown field", "title = \"通知\"\ndate = 2016-13-01\nunit = \"x\"\ntags = \"a\"\n", []int{2, 3, 4}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			errs := Decode(Source{File: "x.md", Text: tt.text, Line: 1}, &v)
			var got []int
			for _, e := range errs {
				got = append(got, e.Pos.Line)
			}
			if len(got) != len(tt.lines) {
				t.Fatalf("errors on lines %v, want %v:\n%v", got, tt.lines, errs)
			}
			for i := range got {
				if got[i] != tt.lines[i] {
					t.Fatalf("errors on lines %v, want %v:\n%v", got, tt.lines, errs)
				}
			}
			for _, e := range errs {
				if strings.Contains(e.Msg, "expected") {
					t.Errorf("English left in %q", e.Msg)
				}
			}
		})
	}
}
