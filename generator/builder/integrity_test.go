package builder

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	gkcache "gongkai/generator/cache"
	"gongkai/generator/config"
)

// tinySite is a portal of three pages, so that its cache files are small
// enough to damage at every byte.
func tinySite(t *testing.T) fstest.MapFS {
	t.Helper()
	cfg, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		"config.toml":              {Data: cfg},
		"content/notices/a.md":     {Data: []byte("+++\ntitle = \"通知\"\ndate = 2016-03-01\n+++\n正文，见[案例](../cases/b.md)。\n"), ModTime: fixedNow.Add(-48 * time.Hour)},
		"content/cases/b.md":       {Data: []byte("+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文。\n"), ModTime: fixedNow.Add(-48 * time.Hour)},
		"content/reports/r.md":     {Data: []byte("+++\ntitle = \"通报\"\ndate = 2016-05-01\n+++\n通报正文。\n"), ModTime: fixedNow.Add(-48 * time.Hour)},
		"content/about/_index.md":  {Data: []byte("+++\ntitle = \"关于\"\ndate = 2015-01-01\n+++\n关于本站。\n"), ModTime: fixedNow.Add(-48 * time.Hour)},
		"content/units/u.md":       {Data: []byte("+++\ntitle = \"某工会\"\ndate = 2015-01-01\nkind = \"enterprise\"\n+++\n"), ModTime: fixedNow.Add(-48 * time.Hour)},
		"content/disclosures/d.md": {Data: []byte("+++\ntitle = \"经费公示\"\ndate = 2016-04-12\nunit = \"u\"\ncategory = \"finance\"\npublicity_start = 2016-04-12\npublicity_days = 5\n+++\n公示。\n"), ModTime: fixedNow.Add(-48 * time.Hour)},
	}
}

// cacheFiles returns the cache files of dir, by name.
func cacheFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files[rel], _ = os.ReadFile(p)
		}
		return nil
	})
	if files[buildFile] == nil || len(files) < 2 {
		t.Fatalf("cache files: %v", len(files))
	}
	return files
}

// decodeAny reads a file of the cache store as the build does: the
// envelope, then the payload of the kinds with a decoder here.
func decodeAny(name string, data []byte) error {
	payload, err := store("").Open(data)
	if err != nil {
		return err
	}
	switch {
	case name == buildFile:
		var c lastBuild
		return c.decode(payload)
	case strings.HasPrefix(name, parsedDir):
		var sh parsedShard
		return sh.decode(payload)
	}
	return nil
}

// TestCacheDamageIsFound flips every bit of every byte of the cache files
// of a small site, and cuts them at every length: each damaged file must
// be refused (and the build then runs without it).
func TestCacheDamageIsFound(t *testing.T) {
	src := tinySite(t)
	dest, cache := filepath.Join(t.TempDir(), "public"), t.TempDir()
	cachedBuild(t, src, dest, cache)
	for name, data := range cacheFiles(t, cache) {
		if err := decodeAny(name, data); err != nil {
			t.Fatalf("%s: intact file refused: %v", name, err)
		}
		for i := range data {
			for bit := range 8 {
				bad := append([]byte(nil), data...)
				bad[i] ^= 1 << bit
				if decodeAny(name, bad) == nil {
					t.Fatalf("%s: bit %d of byte %d flipped, and the file was believed", name, bit, i)
				}
			}
		}
		for n := range data {
			if decodeAny(name, data[:n]) == nil {
				t.Fatalf("%s: cut at %d of %d bytes, and the file was believed", name, n, len(data))
			}
		}
		if err := decodeAny(name, []byte("PK\x03\x04 a zip file")); !errors.Is(err, gkcache.ErrForeign) {
			t.Errorf("%s: a foreign file gives %v", name, err)
		}
	}
}

// TestDamagedCacheBuildsAsFresh damages the cache files of a small site
// (a flipped bit at offsets spread over each file, a cut at lengths spread
// over it) and checks that the build says so in one line and its output
// equals a fresh build byte for byte.
func TestDamagedCacheBuildsAsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a small site a few hundred times")
	}
	src := tinySite(t)
	// A page changed since the cache was written: a cache that lied would
	// keep the old one.
	edited := maps(src)
	edited["content/notices/a.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"通知（修订）\"\ndate = 2016-03-01\n+++\n新的正文。\n"), ModTime: fixedNow.Add(-47 * time.Hour)}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := Run(Options{Source: fstest.MapFS(edited), Theme: repo, Dest: fresh, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	dest, cache := filepath.Join(t.TempDir(), "public"), t.TempDir()
	cachedBuild(t, src, dest, cache)
	good := cacheFiles(t, cache)
	restore := func() {
		for name, data := range good {
			os.WriteFile(filepath.Join(cache, name), data, 0o644)
		}
	}
	runs := 0
	for name, data := range good {
		step := max(1, len(data)/9)
		for i := 0; i < len(data); i += step {
			for _, damage := range []string{"flip", "cut"} {
				restore()
				cachedBuild(t, src, dest, cache) // the output as the cache records it
				bad := append([]byte(nil), data...)
				if damage == "flip" {
					bad[i] ^= 1 << (i % 8)
				} else {
					bad = bad[:i]
				}
				os.WriteFile(filepath.Join(cache, name), bad, 0o644)
				res, err := Run(Options{Source: fstest.MapFS(edited), Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache})
				if err != nil {
					t.Fatal(err)
				}
				if diff := compareTrees(t, fresh, dest); diff != "" {
					t.Fatalf("%s, %s at %d: output differs from a fresh build: %s", name, damage, i, diff)
				}
				// The search texts and term parts are read only for the
				// pages and terms an edit touches, so damage elsewhere in
				// them goes unnoticed (and unused): the output check
				// above is what counts.
				lazy := strings.HasPrefix(name, "search/text/") || strings.HasPrefix(name, "search/terms/")
				if w := res.Warnings.Error(); !lazy && decodeAny(name, bad) != gkcache.ErrStale && !strings.Contains(w, "已损坏") {
					t.Errorf("%s, %s at %d: no notice of the damage: %q", name, damage, i, w)
				}
				runs++
			}
		}
	}
	t.Logf("%d damaged caches built", runs)
}

// TestSameSizeAndMtimeIsReadAgain replaces a file by one of the same size
// and mtime (as unpacking an archive or rsync -a does): the build must
// read it again, and the personal-data guard must see the new text.
func TestSameSizeAndMtimeIsReadAgain(t *testing.T) {
	dir := t.TempDir()
	for name, f := range tinySite(t) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Data, 0o644)
	}
	page := filepath.Join(dir, "content", "cases", "b.md")
	old := fixedNow.Add(-48 * time.Hour)
	os.WriteFile(page, []byte("+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n联系电话：139****5678。\n"), 0o644)
	os.Chtimes(page, old, old)
	dest, cache := filepath.Join(t.TempDir(), "public"), t.TempDir()
	if _, err := Run(Options{Source: os.DirFS(dir), SourceDir: dir, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // a ctime the file system can tell apart
	os.WriteFile(page, []byte("+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n联系电话：13912345678。\n"), 0o644)
	os.Chtimes(page, old, old)
	_, err := Run(Options{Source: os.DirFS(dir), SourceDir: dir, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache})
	if err == nil || !strings.Contains(err.Error(), "13912345678") {
		t.Fatalf("a file replaced with the same size and mtime was not read again: %v", err)
	}
}

// TestGuardVerdictsKeyedByDetector forges the cached verdict of another
// detector ("clean") for a page holding a mobile number: that detector's
// builds reuse it, this one's must scan the page again and fail.
func TestGuardVerdictsKeyedByDetector(t *testing.T) {
	src := tinySite(t)
	src["content/cases/b.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n联系电话：13912345678。\n"), ModTime: fixedNow.Add(-48 * time.Hour)}
	dest, cache := filepath.Join(t.TempDir(), "public"), t.TempDir()
	build := func() error {
		_, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache})
		return err
	}
	if err := build(); err == nil {
		t.Fatal("the number was not found")
	}
	cfg, errs := config.Load(src)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	_, allowKey := allowList(cfg)
	const lenient = 0x1e41e47
	pc := loadParsed(cache)
	n := shardOf("cases/b.md")
	recs := pc.shards[n].Recs
	for i := range recs {
		if recs[i].Page.Rel == "cases/b.md" {
			recs[i].PIIKey = newKeyer().u64(recs[i].Page.Hash, allowKey, lenient).sum() | 1
		}
	}
	var next [parsedShards][]parsedRec
	var changed [parsedShards]bool
	next[n], changed[n] = recs, true
	if err := save(cache, next, changed); err != nil {
		t.Fatal(err)
	}
	real := piiIdentity
	defer func() { piiIdentity = real }()
	piiIdentity = func() uint64 { return lenient }
	if err := build(); err != nil {
		t.Fatalf("the forged verdict was not reused by its own detector, so this test proves nothing: %v", err)
	}
	piiIdentity = real
	if err := build(); err == nil || !strings.Contains(err.Error(), "13912345678") {
		t.Errorf("another detector's verdict was trusted: %v", err)
	}
}
