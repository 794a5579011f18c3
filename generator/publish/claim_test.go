package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		fp := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fp, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestClaimRefuses(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home", "wang")
	t.Setenv("HOME", home)
	site := filepath.Join(home, "portal")
	writeTree(t, site, map[string]string{"config.toml": "title = \"x\"\n", "content/a.md": "a"})
	work := filepath.Join(root, "work")
	writeTree(t, work, map[string]string{"报告.docx": "mine", ".hidden": "h"})
	os.Symlink(site, filepath.Join(root, "link-to-site"))
	tests := []struct {
		dest  string
		force bool
		want  string // in the message
	}{
		{"/", true, "根目录"},
		{home, true, "主目录"},
		{filepath.Join(root, "home"), true, "主目录"},
		{site, true, "站点目录本身"},
		{filepath.Join(root, "link-to-site"), true, "站点目录本身"},
		{filepath.Join(site, "content"), true, "content 之内"},
		{filepath.Join(site, "content", "notices"), true, "content 之内"},
		{filepath.Join(site, "config.toml"), true, "不是目录"},
		{work, false, "其中有 .hidden、报告.docx"},
	}
	for _, tt := range tests {
		c, err := Acquire(ClaimOptions{Dest: tt.dest, Source: site, Inputs: []string{"content", "layouts"}, Force: tt.force})
		var r *RefusedError
		if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Acquire(%s) = %v, want refusal with %q", tt.dest, err, tt.want)
			if c != nil {
				c.Release()
			}
		}
	}
	if _, err := os.Stat(filepath.Join(work, MetaDir)); !os.IsNotExist(err) {
		t.Errorf("a refused dest was touched")
	}
	_, err := Acquire(ClaimOptions{Dest: work, Source: site})
	if !strings.Contains(err.Error(), ForceFlag) {
		t.Errorf("the refusal does not name %s: %v", ForceFlag, err)
	}
	// Forced, the folder is taken over; from then on it is owned.
	c, err := Acquire(ClaimOptions{Dest: work, Source: site, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
	c, err = Acquire(ClaimOptions{Dest: work, Source: site})
	if err != nil {
		t.Fatalf("an owned dest refused: %v", err)
	}
	c.Release()
	// public/ inside the site is fine.
	c, err = Acquire(ClaimOptions{Dest: filepath.Join(site, "public"), Source: site, Inputs: []string{"content"}})
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
}

func TestClaimTakesOverOutputOfEarlierVersion(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	writeTree(t, dest, map[string]string{"index.html": "x", "a/index.html": "y"})
	known := func() map[string]bool { return map[string]bool{"index.html": true, "a/index.html": true} }
	c, err := Acquire(ClaimOptions{Dest: dest, Known: known})
	if err != nil {
		t.Fatalf("output recorded by an earlier build refused: %v", err)
	}
	c.Abandon()
	// Abandoned: no marker was left, so one stranger file refuses it.
	if _, err := os.Stat(filepath.Join(dest, MetaDir)); !os.IsNotExist(err) {
		t.Errorf("an abandoned claim left its marker")
	}
	writeTree(t, dest, map[string]string{"notes.txt": "mine"})
	if _, err := Acquire(ClaimOptions{Dest: dest, Known: known}); err == nil {
		t.Errorf("a file no build recorded did not refuse the dest")
	}
}

func TestAbandonedNewDestIsRemoved(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	c, err := Acquire(ClaimOptions{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Open(c, nil, nil)
	p.Write("/index.html", []byte("x"))
	p.Abort()
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("a failed first build left %s behind", dest)
	}
}

func TestClaimWaitsForLock(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Acquire(ClaimOptions{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan string, 1)
	got := make(chan *Claim)
	go func() {
		c, err := Acquire(ClaimOptions{Dest: dest, Waiting: func(h string) { waited <- h }})
		if err != nil {
			t.Error(err)
		}
		got <- c
	}()
	select {
	case h := <-waited:
		if !strings.Contains(h, "pid") {
			t.Errorf("holder = %q", h)
		}
	case <-got:
		t.Fatal("second claim did not wait")
	case <-time.After(10 * time.Second):
		t.Fatal("second claim neither waited nor returned")
	}
	first.Release()
	second := <-got
	second.Release()
}

func TestRecoveryFinishesCommit(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	p := openAt(t, dest, nil, false)
	p.Write("/index.html", []byte("<p>old"))
	p.Write("/gone/index.html", []byte("<p>gone"))
	p.Write("/same.txt", []byte("same"))
	commit(t, p)
	p = openAt(t, dest, nil, false)
	p.Write("/index.html", []byte("<p>new"))
	p.Write("/new/index.html", []byte("<p>new page"))
	p.Write("/same.txt", []byte("same"))
	<-p.check.done
	j, _ := p.plan()
	meta := filepath.Join(dest, MetaDir)
	if err := writeAtomic(filepath.Join(meta, journalFile), j.encode()); err != nil {
		t.Fatal(err)
	}
	// Killed after the journal, during the moves: one moved, the rest not.
	os.Rename(filepath.Join(meta, stagingDir, "index.html"), filepath.Join(dest, "index.html"))
	p.owner.Release()

	c, err := Acquire(ClaimOptions{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Release()
	if !c.Recovered {
		t.Error("recovery not reported")
	}
	want := map[string]string{"index.html": "<p>new", "new/index.html": "<p>new page", "same.txt": "same"}
	got := map[string]string{}
	filepath.WalkDir(dest, func(fp string, d os.DirEntry, err error) error {
		if d.IsDir() && d.Name() == MetaDir {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(fp)
			rel, _ := filepath.Rel(dest, fp)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if len(got) != len(want) {
		t.Errorf("after recovery: %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, name := range []string{journalFile, stagingDir} {
		if _, err := os.Stat(filepath.Join(meta, name)); !os.IsNotExist(err) {
			t.Errorf("%s left behind", name)
		}
	}
}

func TestJournalCodec(t *testing.T) {
	j := &journal{unlink: []string{"link"}, moves: []string{"assets", "通知/a b.html", "x\ny"}, removals: []string{"old.html"}}
	data := j.encode()
	back, err := parseJournal(data)
	if err != nil || strings.Join(back.moves, "|") != strings.Join(j.moves, "|") || back.unlink[0] != "link" || back.removals[0] != "old.html" {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	for i := range data {
		for _, bit := range []byte{1, 0x80} {
			bad := append([]byte(nil), data...)
			bad[i] ^= bit
			if _, err := parseJournal(bad); err == nil {
				t.Fatalf("flipped bit at %d accepted", i)
			}
		}
	}
	for n := range data {
		if _, err := parseJournal(data[:n]); err == nil {
			t.Fatalf("journal cut at %d accepted", n)
		}
	}
	for _, evil := range []string{"../etc", "/etc/passwd", MetaDir + "/lock"} {
		if _, err := parseJournal((&journal{moves: []string{evil}}).encode()); err == nil {
			t.Errorf("journal path %q accepted", evil)
		}
	}
}

// TestSwapWholeDirectory changes most files of a directory: it is swapped
// whole, unchanged files keep their inode and mtime, stale ones go, and a
// journal applied again after the swap does not swap it back.
func TestSwapWholeDirectory(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	page := func(i int) string { return fmt.Sprintf("/a/p%03d/index.html", i) }
	p := openAt(t, dest, nil, false)
	for i := range 120 {
		p.Write(page(i), []byte(fmt.Sprint("<p>old ", i)))
	}
	p.Write("/a/stale.txt", []byte("stale"))
	p.Write("/index.html", []byte("<p>home"))
	_, rec := commit(t, p)
	kept, _ := os.Stat(filepath.Join(dest, "a", "p000", "index.html"))

	p = openAt(t, dest, rec, true)
	for i := range 120 {
		body := fmt.Sprint("<p>new ", i)
		if i < 20 {
			body = fmt.Sprint("<p>old ", i)
		}
		p.Write(page(i), []byte(body))
	}
	p.Write("/index.html", []byte("<p>home"))
	<-p.check.done
	j, err := p.plan()
	if err != nil {
		t.Fatal(err)
	}
	if !canExchange(p.owner.meta) {
		t.Skip("this file system cannot swap directories")
	}
	if len(j.swaps) != 1 || j.swaps[0].path != "a" || len(j.moves) != 0 || len(j.removals) != 0 {
		t.Fatalf("plan: %+v", j)
	}
	meta := filepath.Join(dest, MetaDir)
	writeAtomic(filepath.Join(meta, journalFile), j.encode())
	// Killed right after the swap: the next claim must not swap back.
	if err := applySwaps(dest, filepath.Join(meta, stagingDir), j.swaps); err != nil {
		t.Fatal(err)
	}
	p.owner.Release()
	c, err := Acquire(ClaimOptions{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
	for i := range 120 {
		want := fmt.Sprint("<p>new ", i)
		if i < 20 {
			want = fmt.Sprint("<p>old ", i)
		}
		if b, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(page(i)))); string(b) != want {
			t.Fatalf("%s = %q, want %q", page(i), b, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "a", "stale.txt")); !os.IsNotExist(err) {
		t.Errorf("stale file survived the swap")
	}
	now, _ := os.Stat(filepath.Join(dest, "a", "p000", "index.html"))
	if !os.SameFile(kept, now) || !now.ModTime().Equal(kept.ModTime()) {
		t.Errorf("an unchanged file was rewritten")
	}
	if m, _ := os.ReadDir(meta); len(m) != 2 {
		t.Errorf("left in %s: %v", MetaDir, m)
	}
}
