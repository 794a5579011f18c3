package build

import (
	"bufio"
	"encoding/gob"
	"hash/crc64"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gongkai/generator/content"
	"gongkai/generator/publish"
)

// cacheVersion changes whenever the cache's format or meaning does.
const cacheVersion = 4

// The cache is two files: what was parsed from content/ (valid whatever
// happens to the output) and what was rendered into the output directory.
// Deleting them is always safe: the next build is a full one.
const (
	parsedFile = "parsed.gob"
	buildFile  = "build.gob"
)

// cache is what a build into Dest leaves for the next one.
type cache struct {
	Version int
	Dest    string
	Outputs map[string]publish.Record
	Pages   map[string]pageRec // by page URL; feeds by their path
}

// parsedCache is front matter parsed by earlier builds.
type parsedCache struct {
	Version int
	SavedAt int64                // UnixNano
	Parsed  map[string]parsedRec // by content path
}

// racyWindow is how close to the cache's save time an mtime may be before
// it is no longer trusted: a file saved twice within the file system's
// timestamp granularity (2 s on FAT) could keep size and mtime.
const racyWindow = int64(2 * time.Second)

// pageRec remembers a rendered page.
type pageRec struct {
	Key       uint64
	Summary   string
	Truncated bool
	Links     []linkRec // link destinations as resolved, re-checked on reuse
}

type linkRec struct {
	Dest  string
	Image bool
	Line  int
	Col   int
	Out   string
	In    string // the Markdown attachment holding the link, "" for the page itself
}

// parsedRec is a parsed page without its body (its Hash, Size and ModTime
// identify the file), and whether its text passed the personal-data guard.
type parsedRec struct {
	Page   content.Page
	PIIKey uint64 // nonzero: clean under this (file hash, allow-list) key
}

func newCache(dest string) *cache {
	return &cache{Version: cacheVersion, Dest: dest, Pages: map[string]pageRec{}}
}

func decodeFile(dir, name string, v any) bool {
	if dir == "" {
		return false
	}
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return false
	}
	defer f.Close()
	return gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(v) == nil
}

// loadParsed reads the parse cache, or returns an empty one.
func loadParsed(dir string) *parsedCache {
	var c parsedCache
	if !decodeFile(dir, parsedFile, &c) || c.Version != cacheVersion || c.Parsed == nil {
		return &parsedCache{Version: cacheVersion, Parsed: map[string]parsedRec{}}
	}
	return &c
}

// loadBuild starts reading the build cache for dest in the background; the
// returned function waits for it.
func loadBuild(dir, dest string) func() *cache {
	ch := make(chan *cache, 1)
	go func() {
		var c cache
		if !decodeFile(dir, buildFile, &c) || c.Version != cacheVersion || c.Dest != dest {
			ch <- newCache(dest)
			return
		}
		if c.Pages == nil {
			c.Pages = map[string]pageRec{}
		}
		ch <- &c
	}()
	return sync.OnceValue(func() *cache { return <-ch })
}

// saveFile writes v atomically; a failure only costs the next build its
// head start.
func saveFile(dir, name string, v any) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = gob.NewEncoder(w).Encode(v)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// parsed returns a copy of the cached parse of rel, or nil.
func (c *parsedCache) parsed(rel string) *content.Page {
	r, ok := c.Parsed[rel]
	if !ok {
		return nil
	}
	p := r.Page
	if p.ModTime > c.SavedAt-racyWindow {
		p.Size = -1 // do not trust size and mtime; compare the hash
	}
	return &p
}

// update records this build's pages and saves the parse cache in the
// background if anything differs; the returned function waits for the save.
func (c *parsedCache) update(dir string, pages []*content.Page, piiKeys map[*content.Page]uint64) func() error {
	next := make(map[string]parsedRec, len(pages))
	changed := len(pages) != len(c.Parsed)
	for _, p := range pages {
		rec := parsedRec{Page: *p, PIIKey: piiKeys[p]}
		rec.Page.Body = nil
		old, ok := c.Parsed[p.Rel]
		if !ok || old.Page.Hash != p.Hash || old.Page.Size != p.Size || old.Page.ModTime != p.ModTime || old.PIIKey != rec.PIIKey {
			changed = true
		}
		next[p.Rel] = rec
	}
	if !changed || dir == "" {
		return func() error { return nil }
	}
	done := make(chan error, 1)
	saved := &parsedCache{Version: cacheVersion, SavedAt: time.Now().UnixNano(), Parsed: next}
	go func() { done <- saveFile(dir, parsedFile, saved) }()
	return sync.OnceValue(func() error { return <-done })
}

// exeHash identifies the running gongkai binary, so a new version of the
// generator never reuses pages an old one rendered.
var exeHash = sync.OnceValue(func() uint64 {
	h := crc64.New(crcTable)
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	return h.Sum64()
})

// crcTable is for content hashes: CRC-64 runs at memory speed, several
// times faster than FNV on the megabytes a build hashes.
var crcTable = crc64.MakeTable(crc64.ECMA)
