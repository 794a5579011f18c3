package builder

import (
	"fmt"
	"gongkai/generator/cache"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/publish"
)

// The cache is what was parsed from content/ (valid whatever happens to
// the output), in shards, and what was rendered into the output directory.
// Deleting it is always safe: the next build is a full one.
const (
	parsedDir    = "parsed" // parsedDir/NN.bin, one file per shard (see pagecodec.go)
	parsedShards = 8
	buildFile    = "build.bin" // see codec.go
)

// store is the cache store in dir, for this generator: files written by
// another gongkai binary read as absent.
func store(dir string) cache.Store { return cache.Store{Dir: dir, ID: exeHash()} }

// lastBuild is what a build into Dest leaves for the next one.
type lastBuild struct {
	Epoch   uint64 // the build's; its search index names it too
	Dest    string
	Outputs map[string]publish.Record
	Pages   map[string]pageRec // by page URL; feeds by their path
	// RecordHead is the entry hash of the last line of the site's
	// revisions.jsonl as this build left it: a log that lost it was cut.
	RecordHead string

	check   *publish.Check // of Outputs against Dest, once started
	damaged bool           // the file was there but damaged or foreign
}

// parsedCache is front matter parsed by earlier builds, split into shards
// by path: a rebuild after an edit rewrites only the shards that changed,
// and the shards load in parallel.
type parsedCache struct {
	shards  [parsedShards]*parsedShard
	damaged [parsedShards]bool // the shard's file was there but damaged or foreign

	// unchanged, if set, reports whether a file is known not to have
	// changed since the last build, which checked every record.
	unchanged func(file string) bool
}

type parsedShard struct {
	SavedAt int64 // UnixNano
	Recs    []parsedRec

	// Made after decoding: each page by path, and what identified it
	// then (Walk hands the pages themselves to the build, which changes
	// them).
	byRel map[string]int
	ident []ident
}

// ident is what tells whether a page's record is still good.
type ident struct {
	Hash, PIIKey  uint64
	Size, ModTime int64
	Stamp         uint64
}

func identOf(p *content.Page, piiKey uint64) ident {
	return ident{Hash: p.Hash, PIIKey: piiKey, Size: p.Size, ModTime: p.ModTime, Stamp: p.Stamp}
}

func newShard(savedAt int64, recs []parsedRec) *parsedShard {
	sh := &parsedShard{SavedAt: savedAt, Recs: recs}
	sh.index()
	return sh
}

func (sh *parsedShard) index() {
	sh.byRel = make(map[string]int, len(sh.Recs))
	sh.ident = make([]ident, len(sh.Recs))
	for i := range sh.Recs {
		r := &sh.Recs[i]
		sh.byRel[r.Page.Rel] = i
		sh.ident[i] = identOf(&r.Page, r.PIIKey)
	}
}

// shardOf spreads paths over the shards (FNV-1a: stable, and cheap on
// short strings).
func shardOf(rel string) int {
	h := uint32(2166136261)
	for i := 0; i < len(rel); i++ {
		h = (h ^ uint32(rel[i])) * 16777619
	}
	return int(h % parsedShards)
}

func shardFile(i int) string { return filepath.Join(parsedDir, fmt.Sprintf("%02d.bin", i)) }

// racyWindow is how close to the cache's save time an mtime may be before
// it is no longer trusted: a file saved twice within the file system's
// timestamp granularity (2 s on FAT) could keep size and mtime.
const racyWindow = int64(2 * time.Second)

// pageRec remembers a rendered page.
type pageRec struct {
	Key       uint64 // of the page's view, templates, assets and generator
	Digest    uint64 // of its Markdown source and attachments (view.Page.Digest)
	Summary   string
	Truncated bool
	Links     []linkRec // link destinations as resolved, re-checked on reuse
	// Record is the hash of the page's content as the 修订记录 takes it,
	// after the form of its links (recordMode).
	Record string
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

func newCache(dest string) *lastBuild {
	return &lastBuild{Dest: dest, Pages: map[string]pageRec{}}
}

// loadParsed reads the parse cache; shards that are missing or unreadable
// are empty.
func loadParsed(dir string) *parsedCache {
	c := &parsedCache{}
	parallel(parsedShards, func(i int) {
		var sh parsedShard
		data, err := store(dir).Read(shardFile(i))
		if err == nil {
			err = sh.decode(data)
		}
		c.damaged[i] = cache.Damaged(err)
		if err != nil {
			sh = parsedShard{}
		}
		sh.index()
		c.shards[i] = &sh
	})
	return c
}

// loadBuild reads the build cache for dest; a missing, damaged or foreign
// one is an empty cache.
func loadBuild(dir, dest string) *lastBuild {
	var c lastBuild
	data, err := store(dir).Read(buildFile)
	if err == nil {
		err = c.decode(data)
	}
	if err != nil || c.Dest != dest {
		n := newCache(dest)
		n.damaged = cache.Damaged(err)
		return n
	}
	return &c
}

// saveBuild writes the build cache.
func saveBuild(dir string, c *lastBuild) error {
	st := store(dir)
	st.Remove("build.gob") // the format of earlier versions
	return st.Write(buildFile, c.encode(nil))
}

// identity returns what identified rel's record when it was saved.
func (c *parsedCache) identity(rel string) (ident, bool) {
	sh := c.shards[shardOf(rel)]
	i, ok := sh.byRel[rel]
	if !ok {
		return ident{}, false
	}
	return sh.ident[i], true
}

// parsed returns the cached parse of rel, or nil. Each page is handed out
// once (Walk asks once per file) and then belongs to the caller.
func (c *parsedCache) parsed(rel string) (*content.Page, bool) {
	sh := c.shards[shardOf(rel)]
	i, ok := sh.byRel[rel]
	if !ok {
		return nil, false
	}
	p := &sh.Recs[i].Page
	if p.ModTime > sh.SavedAt-racyWindow {
		p.Size = -1 // do not trust size and mtime; compare the hash
	}
	// A file the watcher did not name since a build checked every record
	// against the files is as this record has it.
	return p, c.unchanged != nil && c.unchanged(content.Dir+"/"+rel)
}

// update records this build's pages and saves, in the background, the
// shards in which anything differs; the returned function waits for the
// cacheable leaves out the pages of files that had errors or warnings while
// parsing: a page taken from the cache is not parsed again, so its problems
// would silently disappear from the next build.
func cacheable(pages []*content.Page, problems diag.List) []*content.Page {
	if len(problems) == 0 {
		return pages
	}
	bad := make(map[string]bool, len(problems))
	for _, e := range problems {
		bad[e.Pos.File] = true
	}
	out := make([]*content.Page, 0, len(pages))
	for _, p := range pages {
		if !bad[p.File] {
			out = append(out, p)
		}
	}
	return out
}

// save.
func (c *parsedCache) update(dir string, pages []*content.Page, piiKeys map[*content.Page]uint64) func() error {
	if dir == "" {
		return func() error { return nil }
	}
	// Find the shards in which anything differs, and copy only their
	// pages now: rendering changes pages (bodies are read and dropped).
	// Encoding and writing run while pages render.
	var count [parsedShards]int
	var changed [parsedShards]bool
	shard := make([]int, len(pages))
	for i, p := range pages {
		n := shardOf(p.Rel)
		shard[i] = n
		count[n]++
		if !changed[n] {
			old, ok := c.identity(p.Rel)
			changed[n] = !ok || old != identOf(p, piiKeys[p])
		}
	}
	var next [parsedShards][]parsedRec
	for n := range next {
		changed[n] = changed[n] || count[n] != len(c.shards[n].byRel)
		if changed[n] {
			next[n] = make([]parsedRec, 0, count[n])
		}
	}
	dirty := false
	for i, p := range pages {
		if n := shard[i]; changed[n] {
			rec := parsedRec{Page: *p, PIIKey: piiKeys[p]}
			rec.Page.Body = nil
			next[n] = append(next[n], rec)
			dirty = true
		}
	}
	for n := range next {
		dirty = dirty || changed[n] // a shard whose files were all deleted
	}
	if !dirty {
		return func() error { return nil }
	}
	done := make(chan error, 1)
	go func() { done <- save(dir, next, changed) }()
	return sync.OnceValue(func() error { return <-done })
}

// save writes the shards that changed.
func save(dir string, next [parsedShards][]parsedRec, changed [parsedShards]bool) error {
	now := time.Now().UnixNano()
	var err error
	for n, recs := range next {
		if changed[n] {
			data, e := newShard(now, recs).encode()
			if e == nil {
				e = store(dir).Write(filepath.ToSlash(shardFile(n)), data)
			}
			if err == nil {
				err = e
			}
		}
	}
	store(dir).Remove("parsed.gob") // the format of earlier versions
	return err
}

// exeHash identifies the running gongkai binary (cache.Identity); tests
// set it to simulate a generator upgrade.
var exeHash = cache.Identity

// legacyOutputs returns the files the build cache records in dest, for a
// dest that predates the ownership marker: when every file in it is one
// of these, it is this site's earlier output and is taken over.
func legacyOutputs(dir, dest string) map[string]bool {
	if dir == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, buildFile))
	if err != nil {
		return nil
	}
	d, names, ok := decodeOutputs(data)
	if !ok || d != dest {
		return nil
	}
	known := make(map[string]bool, len(names))
	for _, name := range names {
		known[name] = true
	}
	return known
}

// cacheNotice is the one line a build says when cache files were damaged,
// cut short or not gongkai's: they were ignored.
func cacheNotice(dir string, built *lastBuild, parsed *parsedCache) *diag.Error {
	var files []string
	if built.damaged {
		files = append(files, buildFile)
	}
	for i, bad := range parsed.damaged {
		if bad {
			files = append(files, filepath.ToSlash(shardFile(i)))
		}
	}
	return damagedNotice(dir, files, "本次按无缓存完整构建")
}

// damagedNotice is the one line a build says when cache files were
// damaged, cut short or not gongkai's: they were ignored, and what the
// build did instead.
func damagedNotice(dir string, files []string, instead string) *diag.Error {
	if len(files) == 0 {
		return nil
	}
	return diag.Warnf(diag.Position{File: dir}, "", "缓存文件 %s 已损坏或不是 gongkai 写的，已忽略；%s，结果不受影响", strings.Join(files, "、"), instead)
}
