package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckAllAtOnce lays an author's common mistakes over a copy of the
// sample portal (testdata/mistakes: Chinese quotes, a full-width ＝, fields
// of another section, impossible dates, a mistyped unit, category and
// link, a link to a missing file, an unmasked mobile number, a file name
// with spaces and brackets) and compares what gongkai check says with
// testdata/mistakes.txt: every mistake of every file in one run, each with
// its file:line:col and fix, and the one link that names a bundle by its
// folder found. go test -run TestCheckAllAtOnce -update rewrites the file.
func TestCheckAllAtOnce(t *testing.T) {
	root, _ := filepath.Abs("../..")
	site := samplePortal(t, root)
	overlayDir(t, "testdata/mistakes", site)
	code, out := run(t, "check", "--source", site)
	if code != ExitContent {
		t.Errorf("check = %d, want %d", code, ExitContent)
	}
	out = strings.ReplaceAll(out, site, "SITE")
	const golden = "testdata/mistakes.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("gongkai check says\n%s\nthe golden file says\n%s", out, want)
	}
	if english.MatchString(out) {
		t.Errorf("English in:\n%s", out)
	}
}

// overlayDir copies the files under dir into site, replacing any there.
func overlayDir(t *testing.T, dir, site string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		write(t, site, filepath.ToSlash(rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
