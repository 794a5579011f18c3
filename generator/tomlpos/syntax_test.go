package tomlpos

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/syntax.golden")

// latin finds English words: every message and hint an author sees is
// Chinese, apart from field names, values and file names they wrote.
var latin = regexp.MustCompile(`\b(expected|found|instead|unexpected|invalid|cannot|must|Key|TOML files)\b`)

// TestSyntaxMessages decodes each case of testdata/syntax.txt as front
// matter and compares the messages with testdata/syntax.golden.
func TestSyntaxMessages(t *testing.T) {
	raw, err := os.ReadFile("testdata/syntax.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, c := range strings.Split(string(raw), "\n=== ")[1:] {
		name, src, _ := strings.Cut(c, "\n")
		var p page
		errs := Decode(Source{File: "content/notices/x.md", Text: src, Line: 2}, &p)
		if len(errs) != 1 {
			t.Errorf("%s: %d errors, want 1:\n%v", name, len(errs), errs)
		}
		for _, e := range errs {
			if e.Hint == "" || e.Pos.Line < 2 || e.Pos.Col < 1 {
				t.Errorf("%s: no hint or position: %v", name, e)
			}
			if latin.MatchString(e.Msg + e.Hint) {
				t.Errorf("%s: English left in the message: %v", name, e)
			}
		}
		out.WriteString("=== " + name + "\n" + errs.Error() + "\n")
	}
	if *update {
		if err := os.WriteFile("testdata/syntax.golden", []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, _ := os.ReadFile("testdata/syntax.golden")
	if out.String() != string(want) {
		t.Errorf("messages changed (go test -update to accept):\n%s", out.String())
	}
}
