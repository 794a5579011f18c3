package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// openAt claims dest and opens a publisher on it; with background, the
// check of dest against prev is started first, as a build does.
func openAt(t *testing.T, dest string, prev map[string]Record, background bool) *Publisher {
	t.Helper()
	c, err := Acquire(ClaimOptions{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	var check *Check
	if background {
		check = StartCheck(c, prev)
	}
	p, err := Open(c, prev, check)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// commit commits p and finishes it.
func commit(t *testing.T, p *Publisher) (Stats, map[string]Record) {
	t.Helper()
	st, next, err := p.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Finish(); err != nil {
		t.Fatal(err)
	}
	return st, next
}

func TestPublishKeepsUnchangedFiles(t *testing.T) {
	for _, useRecords := range []bool{false, true} {
		t.Run(fmt.Sprint("records=", useRecords), func(t *testing.T) { testPublish(t, useRecords) })
	}
}

func testPublish(t *testing.T, useRecords bool) {
	var prev map[string]Record
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build := func(files map[string]string) Stats {
		t.Helper()
		p := openAt(t, dest, prev, false)
		for name, data := range files {
			if err := p.Write(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		st, next := commit(t, p)
		if useRecords {
			prev = next
		}
		return st
	}
	st := build(map[string]string{"/index.html": "<p>首页</p>", "/a/index.html": "<p>A</p>", "/old.txt": "x"})
	if st.Written != 3 || st.Unchanged != 0 {
		t.Fatalf("first build: %+v", st)
	}
	old := time.Now().Add(-time.Hour)
	idx := filepath.Join(dest, "index.html")
	if err := os.Chtimes(idx, old, old); err != nil {
		t.Fatal(err)
	}
	st = build(map[string]string{"/index.html": "<p>首页</p>", "/a/index.html": "<p>B</p>"})
	if st.Written != 1 || st.Unchanged != 1 || st.Removed != 1 {
		t.Fatalf("second build: %+v", st)
	}
	fi, err := os.Stat(idx)
	if err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("unchanged file lost its mtime: %v %v", fi.ModTime(), err)
	}
	if _, err := os.Stat(filepath.Join(dest, "old.txt")); !os.IsNotExist(err) {
		t.Errorf("stale file survived: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a", "index.html")); string(b) != "<p>B" {
		t.Errorf("changed file = %q", b)
	}
	if _, err := os.Stat(filepath.Join(dest, MetaDir, stagingDir)); !os.IsNotExist(err) {
		t.Errorf("staging left behind: %v", err)
	}
}

func TestAbortLeavesOutput(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644)
	os.MkdirAll(filepath.Join(dest, MetaDir), 0o755)
	os.WriteFile(filepath.Join(dest, MetaDir, markerFile), []byte(markerText), 0o644)
	p := openAt(t, dest, nil, false)
	p.Write("/index.html", []byte("new"))
	p.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old" {
		t.Errorf("output changed by an aborted build: %q", b)
	}
}

func TestLocalPathRefusesEscapes(t *testing.T) {
	for _, bad := range []string{"/../etc/passwd", `/a\b`, "/a/../../x", "/"} {
		if _, err := localPath(bad); err == nil {
			t.Errorf("localPath(%q) accepted", bad)
		}
	}
	if got, err := localPath("/通知/表格 1.xlsx"); err != nil || got != "通知/表格 1.xlsx" {
		t.Errorf("got %q %v", got, err)
	}
}

func TestWriteTwiceIsAnError(t *testing.T) {
	p := openAt(t, filepath.Join(t.TempDir(), "public"), nil, false)
	defer p.Abort()
	if err := p.Write("/a.txt", nil); err != nil {
		t.Fatal(err)
	}
	if err := p.Write("/a.txt", nil); err == nil {
		t.Error("second write to the same path accepted")
	}
}

func TestKeepAndExternalEdits(t *testing.T) {
	for _, background := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		p := openAt(t, dest, nil, false)
		p.Write("/a/index.html", []byte("<p>A"))
		p.Write("/b/index.html", []byte("<p>B"))
		p.Write("/d/index.html", []byte("<p>D"))
		_, rec := commit(t, p)
		// Someone edits b on the server copy and deletes d; Keep must
		// notice and refuse.
		os.WriteFile(filepath.Join(dest, "b", "index.html"), []byte("<p>edited"), 0o644)
		os.RemoveAll(filepath.Join(dest, "d"))
		p = openAt(t, dest, rec, background)
		if !p.Keep("/a/index.html") {
			t.Error("Keep refused an intact file")
		}
		if p.Keep("/b/index.html") {
			t.Error("Keep accepted a file changed on disk")
		}
		if p.Keep("/c/index.html") {
			t.Error("Keep accepted a file that never existed")
		}
		if p.Keep("/d/index.html") {
			t.Error("Keep accepted a deleted file")
		}
		p.Write("/b/index.html", []byte("<p>B"))
		p.Write("/d/index.html", []byte("<p>D"))
		st, _ := commit(t, p)
		if st.Written != 2 || st.Unchanged != 1 {
			t.Errorf("stats %+v", st)
		}
		for name, want := range map[string]string{"b": "<p>B", "d": "<p>D"} {
			if b, _ := os.ReadFile(filepath.Join(dest, name, "index.html")); string(b) != want {
				t.Errorf("%s = %q", name, b)
			}
		}
	}
}
