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

// FuzzSyntaxMessages decodes any front matter: no panic, and every syntax
// error is said in Chinese with a position inside the text and a hint.
// Seeded with the cases of testdata/syntax.txt.
func FuzzSyntaxMessages(f *testing.F) {
	raw, err := os.ReadFile("testdata/syntax.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range strings.Split(string(raw), "\n=== ")[1:] {
		_, src, _ := strings.Cut(c, "\n")
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var p page
		errs := Decode(Source{File: "x.md", Text: src, Line: 2}, &p)
		lines := strings.Count(src, "\n") + 1
		for _, e := range errs {
			if e.Hint == "" || e.Pos.Line < 2 || e.Pos.Line > lines+2 {
				t.Errorf("no hint or position outside the text: %v", e)
			}
			if latin.MatchString(e.Msg+e.Hint) && !latin.MatchString(src) {
				t.Errorf("English left in the message for %q: %v", src, e)
			}
		}
	})
}
