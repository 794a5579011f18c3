package builder

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/generator/diag"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*/want.txt")

// loadDir reads a directory into a MapFS.
func loadDir(t *testing.T, root string, m fstest.MapFS) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "want.txt" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

var located = regexp.MustCompile(`^(content/|layouts/|static/|config\.toml)[^:]*:\d+(:\d+)?: (错误|警告)：`)

// TestBadInputs checks every mistake in testdata/bad against the exact
// messages an author sees. Each case is its files laid over a small valid
// site (testdata/bad/_base); want.txt holds the messages.
func TestBadInputs(t *testing.T) {
	cases, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() || c.Name() == "_base" {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			m := fstest.MapFS{}
			loadDir(t, "testdata/bad/_base", m)
			loadDir(t, filepath.Join("testdata/bad", c.Name()), m)
			res, err := Run(Options{Source: m, Theme: repo, Check: true, Now: fixedNow})
			var got diag.List
			got = append(got, res.Warnings...)
			var list diag.List
			if errors.As(err, &list) {
				got = append(got, list...)
			} else if err != nil {
				t.Fatalf("not a diag.List: %v", err)
			}
			if len(got) == 0 {
				t.Fatal("the mistake went unreported")
			}
			for _, e := range got {
				fileName := strings.Contains(e.Msg, "文件名")
				if !fileName && !located.MatchString(e.Error()) || e.Hint == "" {
					t.Errorf("message lacks file:line or a hint:\n%s", e)
				}
			}
			text := got.Error() + "\n"
			// A build with a cache reports the same, and so does the next
			// one, which finds the pages in the cache.
			tmp := t.TempDir()
			for i := range 2 {
				res, err := Run(Options{Source: m, Theme: repo, Dest: filepath.Join(tmp, "public"), CacheDir: filepath.Join(tmp, "cache"), Now: fixedNow})
				again := append(diag.List{}, res.Warnings...)
				if errors.As(err, &list) {
					again = append(again, list...)
				}
				if again.Error()+"\n" != text {
					t.Errorf("cached build %d reports:\n%s\nnot:\n%s", i+1, again.Error(), text)
				}
			}
			wantFile := filepath.Join("testdata/bad", c.Name(), "want.txt")
			if *update {
				os.WriteFile(wantFile, []byte(text), 0o644)
				return
			}
			want, _ := os.ReadFile(wantFile)
			if text != string(want) {
				t.Errorf("messages changed:\n--- got\n%s--- want\n%s", text, want)
			}
		})
	}
}
