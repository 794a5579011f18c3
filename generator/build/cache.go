package build

import (
	"bufio"
	"encoding/gob"
	"hash/crc64"
	"io"
	"os"
	"path/filepath"
	"sync"

	"gongkai/generator/content"
	"gongkai/generator/publish"
)

// cacheVersion changes whenever the cache's format or meaning does.
const cacheVersion = 3

// cacheFile is the name of the cache inside Options.CacheDir.
const cacheFile = "build.gob"

// cache is what one build leaves for the next: parsed front matter by file
// hash, each page's dependency key and summary, and the output records.
// Deleting it is always safe: the next build is a full one.
type cache struct {
	Version int
	Dest    string
	Outputs map[string]publish.Record
	Pages   map[string]pageRec   // by page URL
	Parsed  map[string]parsedRec // by content path
}

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
	Out   string
	In    string // the Markdown attachment holding the link, "" for the page itself
}

// parsedRec is a parsed page without its body, and whether its text passed
// the personal-data guard under a given allow-list.
type parsedRec struct {
	Hash   uint64
	Page   content.Page
	PIIKey uint64 // nonzero: clean under this (file hash, allow-list) key
}

func newCache(dest string) *cache {
	return &cache{Version: cacheVersion, Dest: dest, Pages: map[string]pageRec{}, Parsed: map[string]parsedRec{}}
}

// loadCache reads the cache for dest, or returns an empty one.
func loadCache(dir, dest string) *cache {
	if dir == "" {
		return newCache(dest)
	}
	f, err := os.Open(filepath.Join(dir, cacheFile))
	if err != nil {
		return newCache(dest)
	}
	defer f.Close()
	var c cache
	if gob.NewDecoder(bufio.NewReader(f)).Decode(&c) != nil || c.Version != cacheVersion {
		return newCache(dest)
	}
	if c.Dest != dest {
		// Built elsewhere: parsed pages still apply, outputs do not.
		c.Dest, c.Outputs, c.Pages = dest, nil, map[string]pageRec{}
	}
	if c.Pages == nil {
		c.Pages = map[string]pageRec{}
	}
	if c.Parsed == nil {
		c.Parsed = map[string]parsedRec{}
	}
	return &c
}

// save writes the cache atomically; a failure only costs the next build
// its head start.
func (c *cache) save(dir string) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, cacheFile+".*")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := gob.NewEncoder(w).Encode(c); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, cacheFile))
}

// parsed returns a copy of the cached parse of rel if its hash matches.
func (c *cache) parsed(rel string, hash uint64) *content.Page {
	r, ok := c.Parsed[rel]
	if !ok || r.Hash != hash {
		return nil
	}
	p := r.Page
	return &p
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
