// Package publish writes a build's output. Files are staged beside the
// output directory and moved into place only when the whole build
// succeeded, each by an atomic rename, so a failed build leaves the output
// exactly as it was and a reader never sees a half-written file. Files whose
// bytes did not change are not touched at all: they keep their mtime, so
// rsync uploads only what changed.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/generator/digest"
)

// Record is what the publisher remembers of one output file between
// builds: a hash of its bytes and the size and mtime it had on disk.
type Record struct {
	Hash    uint64
	Size    int64
	ModTime int64 // UnixNano
}

// Publisher stages the output of one build.
type Publisher struct {
	*Minifier
	owner   *Claim
	dest    string
	staging string
	fresh   bool              // dest holds no output yet
	prev    map[string]Record // last build's outputs, nil if unknown
	check   *Check            // what dest holds, and which of prev still match

	mu     sync.Mutex
	next   map[string]Record
	staged []string
	dirs   sync.Map
	failed error // the first I/O failure of staging; every later write returns it

	written   atomic.Int64
	unchanged atomic.Int64
}

// Stats counts what a build wrote.
type Stats struct {
	Written   int // files new or changed
	Unchanged int // files identical to the previous build
	Removed   int // stale files deleted
	// Mixed is how long the output held old and new files side by side:
	// from the first rename to the last removal.
	Mixed time.Duration
}

// Check lists the output directory in the background and compares its
// files with the last build's records, so a build can start on it early
// and find the result ready when it decides which pages to keep and,
// at the commit, which files are stale.
type Check struct {
	done  chan struct{}
	ok    map[string]bool // recorded files still as recorded
	files []string        // every regular file in dest, outside MetaDir
	other []string        // links, devices, … (never an output)
	dirs  map[string]bool // every directory in dest
	err   error
}

// StartCheck starts listing c's directory and checking its files against
// prev. After an interrupted commit (c.Recovered) nothing is trusted.
func StartCheck(c *Claim, prev map[string]Record) *Check {
	if c.Recovered {
		prev = nil
	}
	ch := &Check{done: make(chan struct{}), ok: map[string]bool{}, dirs: map[string]bool{}}
	dest := c.Dest
	go func() {
		defer close(ch.done)
		prefix := len(dest) + 1
		ch.err = filepath.WalkDir(dest, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if fp == dest {
				return nil
			}
			rel := filepath.ToSlash(fp[prefix:])
			switch {
			case d.IsDir():
				if rel == MetaDir {
					return filepath.SkipDir
				}
				ch.dirs[rel] = true
			case d.Type().IsRegular():
				ch.files = append(ch.files, rel)
				if r, ok := prev[rel]; ok {
					if st, err := d.Info(); err == nil && st.Size() == r.Size && st.ModTime().UnixNano() == r.ModTime {
						ch.ok[rel] = true
					}
				}
			default:
				ch.other = append(ch.other, rel)
			}
			return nil
		})
	}()
	return ch
}

// matches waits for the check and reports whether rel is as recorded.
func (c *Check) matches(rel string) bool {
	<-c.done
	return c.ok[rel]
}

// Open starts staging output into c's directory. prev is the record of the
// last build into it (nil if unknown: unchanged files are then found by
// comparing bytes). check, if not nil, is a StartCheck of c against prev.
func Open(c *Claim, prev map[string]Record, check *Check) (*Publisher, error) {
	if c.Recovered {
		prev = nil
	}
	if check == nil {
		check = StartCheck(c, prev)
	}
	staging := filepath.Join(c.meta, stagingDir)
	c.stageMu.RLock()
	defer c.stageMu.RUnlock()
	if c.abandoned {
		return nil, errAbandoned
	}
	if err := os.RemoveAll(staging); err != nil {
		return nil, ioErr("删除", staging, err)
	}
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return nil, ioErr("创建目录", staging, err)
	}
	return &Publisher{
		Minifier: NewMinifier(), owner: c, dest: c.Dest, staging: staging,
		fresh: c.empty, prev: prev, next: map[string]Record{}, check: check,
	}, nil
}

// localPath turns a site path ("/notices/x/index.html") into a relative
// file path, refusing anything that escapes the output.
func localPath(site string) (string, error) {
	if strings.Contains(site, `\`) || strings.Contains(site, "..") && slices.Contains(strings.Split(site, "/"), "..") {
		return "", fmt.Errorf("output path %q escapes the output directory", site)
	}
	if !strings.HasPrefix(site, "/") {
		site = "/" + site
	}
	clean := path.Clean(site)[1:] // no copy when site is clean already
	if clean == "" {
		return "", fmt.Errorf("output path %q names no file", site)
	}
	return clean, nil
}

// Write minifies data by its extension (overwriting data) and stages it
// at site path name.
func (p *Publisher) Write(name string, data []byte) error {
	data, err := p.Minify(name, data)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	return p.WriteRaw(name, data)
}

// WriteRaw stages data at site path name as it is, unless the output
// already holds exactly these bytes.
func (p *Publisher) WriteRaw(name string, data []byte) error {
	rel, err := localPath(name)
	if err != nil {
		return err
	}
	sum := digest.Sum(data)
	if !p.fresh {
		r, ok := p.current(rel)
		if ok && r.Hash == sum {
			return p.claim(rel, r, false)
		}
		// No trustworthy record: compare with the bytes on disk.
		if !ok {
			if r, ok := p.sameBytes(rel, data, sum); ok {
				return p.claim(rel, r, false)
			}
		}
	}
	if err := p.claim(rel, Record{Hash: sum, Size: int64(len(data))}, true); err != nil {
		return err
	}
	target := filepath.Join(p.staging, filepath.FromSlash(rel))
	if err := p.Failed(); err != nil {
		return err
	}
	p.owner.stageMu.RLock()
	defer p.owner.stageMu.RUnlock()
	if p.owner.abandoned {
		return errAbandoned
	}
	if err := p.mkdir(filepath.Dir(target)); err != nil {
		return p.fail(ioErr("创建目录", filepath.Dir(target), err))
	}
	mtime, err := writeFile(target, data)
	if err != nil {
		return p.fail(ioErr("写入", target, err))
	}
	// A rename keeps the mtime: note it now, in parallel, rather than
	// stat every file after the commit.
	p.mu.Lock()
	r := p.next[rel]
	r.ModTime = mtime
	p.next[rel] = r
	p.mu.Unlock()
	return nil
}

var errAbandoned = errors.New("publish: the build was abandoned (interrupted)")

// Failed returns the first I/O failure of staging, if any: the build
// should report it alone (a full disk fails every later write the same
// way) rather than once per file.
func (p *Publisher) Failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

func (p *Publisher) fail(err error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed == nil {
		p.failed = err
	}
	return p.failed
}

// writeFile writes data to a new file at name and returns its mtime.
func writeFile(name string, data []byte) (int64, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	_, err = f.Write(data)
	var st os.FileInfo
	if err == nil {
		st, err = f.Stat()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err != nil {
		return 0, err
	}
	return st.ModTime().UnixNano(), nil
}

// Keep carries an output file of the last build over unchanged, for a page
// the build did not render again. It reports false when the file is gone
// or was changed on disk since; the caller must then render it.
func (p *Publisher) Keep(name string) bool {
	rel, err := localPath(name)
	if err != nil || p.fresh {
		return false
	}
	r, ok := p.current(rel)
	if !ok {
		return false
	}
	return p.claim(rel, r, false) == nil
}

// Altered reports whether the file the last build wrote at name is no
// longer as recorded (changed or removed by someone else since).
func (p *Publisher) Altered(name string) bool {
	rel, err := localPath(name)
	if err != nil || p.fresh {
		return false
	}
	if _, ok := p.prev[rel]; !ok {
		return false
	}
	return !p.check.matches(rel)
}

// current returns the last build's record of rel if the file on disk still
// matches it.
func (p *Publisher) current(rel string) (Record, bool) {
	r, ok := p.prev[rel]
	if !ok {
		return Record{}, false
	}
	return r, p.check.matches(rel)
}

// sameBytes compares the file on disk with data, for outputs without a
// record.
func (p *Publisher) sameBytes(rel string, data []byte, sum uint64) (Record, bool) {
	name := filepath.Join(p.dest, filepath.FromSlash(rel))
	if !same(name, data) {
		return Record{}, false
	}
	st, err := os.Stat(name)
	if err != nil {
		return Record{}, false
	}
	return Record{Hash: sum, Size: st.Size(), ModTime: st.ModTime().UnixNano()}, true
}

func (p *Publisher) claim(rel string, r Record, staged bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.next[rel]; dup {
		return fmt.Errorf("two outputs want the same file %s", rel)
	}
	p.next[rel] = r
	if staged {
		p.staged = append(p.staged, rel)
		p.written.Add(1)
	} else {
		p.unchanged.Add(1)
	}
	return nil
}

// mkdir makes dir and its missing parents. It remembers what it made and
// tries a plain mkdir first: one system call for a page's directory,
// where MkdirAll would stat it and its parent first.
func (p *Publisher) mkdir(dir string) error {
	if _, ok := p.dirs.Load(dir); ok {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err := p.mkdir(filepath.Dir(dir)); err != nil {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if err != nil {
		if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
			return err
		}
	}
	p.dirs.Store(dir, true)
	return nil
}

// Copy stages a file from fsys at site path name, without minifying.
func (p *Publisher) Copy(name string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return p.WriteRaw(name, data)
}

// same reports whether the file at name holds exactly data.
func same(name string, data []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	buf := make([]byte, 32*1024)
	for off := 0; off < len(data); {
		n, err := f.Read(buf)
		if n > 0 && (off+n > len(data) || !bytes.Equal(buf[:n], data[off:off+n])) {
			return false
		}
		off += n
		if err == io.EOF {
			return off == len(data)
		}
		if err != nil {
			return false
		}
	}
	return true
}

// Commit writes down what it will do (see journal.go), then moves the
// staged files into place and removes stale ones, and returns the records
// of every output file for the next build. The caller saves them and then
// calls Finish. From the moment the journal is written, the new site is
// certain: a build killed after it is completed by the next one.
func (p *Publisher) Commit() (Stats, map[string]Record, error) {
	st := Stats{Written: int(p.written.Load()), Unchanged: int(p.unchanged.Load())}
	c := p.owner
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.released {
		return st, nil, errors.New("publish: commit after the claim was released")
	}
	if err := p.Failed(); err != nil {
		return st, nil, err
	}
	<-p.check.done
	if p.check.err != nil {
		return st, nil, ioErr("读取输出目录", p.dest, p.check.err)
	}
	j, err := p.plan()
	if err != nil {
		return st, nil, err
	}
	if !p.fresh && len(j.moves) > 0 {
		if err := syncStaged(p.staging); err != nil {
			return st, nil, ioErr("写入", p.staging, err)
		}
	}
	if !j.empty() {
		if err := writeAtomic(filepath.Join(c.meta, journalFile), j.encode()); err != nil {
			return st, nil, ioErr("写入", filepath.Join(c.meta, journalFile), err)
		}
	}
	c.committed = true
	t0 := time.Now()
	n, err := apply(p.dest, p.staging, j)
	st.Removed, st.Mixed = n, time.Since(t0)
	if err != nil {
		return st, nil, err
	}
	if err := os.RemoveAll(p.staging); err != nil {
		return st, nil, ioErr("删除", p.staging, err)
	}
	return st, p.next, nil
}

// swapMin is how many files must change in a top-level directory before
// the commit swaps it whole: below it, moving files one by one is quick
// enough; above it, the swap keeps the time the output is half old, half
// new to a few system calls, whatever the disk.
const swapMin = 64

// plan works out the commit: links to clear, top-level directories to
// swap whole (their unchanged files hard-linked into staging), staged
// paths to move (a new directory moves as a whole), stale files to
// remove.
func (p *Publisher) plan() (*journal, error) {
	j := &journal{unlink: p.check.other}
	slices.Sort(j.unlink)
	slices.Sort(p.staged)
	swapped, err := p.planSwaps(j)
	if err != nil {
		return nil, err
	}
	under := func(rel string) bool {
		i := strings.IndexByte(rel, '/')
		return i > 0 && swapped[rel[:i]]
	}
	seen := map[string]bool{}
	for _, rel := range p.staged {
		if under(rel) {
			continue
		}
		unit := rel
		for i := 0; i < len(rel); i++ {
			if rel[i] == '/' && !p.check.dirs[rel[:i]] {
				unit = rel[:i]
				break
			}
		}
		if !seen[unit] {
			seen[unit] = true
			j.moves = append(j.moves, unit)
		}
	}
	// Pages last: a new page may name a new asset or image.
	slices.SortStableFunc(j.moves, func(a, b string) int {
		ah, bh := strings.HasSuffix(a, ".html"), strings.HasSuffix(b, ".html")
		switch {
		case ah == bh:
			return 0
		case bh:
			return -1
		}
		return 1
	})
	for _, rel := range p.check.files {
		if _, ok := p.next[rel]; !ok && !under(rel) {
			j.removals = append(j.removals, rel)
		}
	}
	slices.Sort(j.removals)
	return j, nil
}

// planSwaps picks the top-level directories to swap whole and completes
// their staged copies with hard links to the unchanged files.
func (p *Publisher) planSwaps(j *journal) (map[string]bool, error) {
	if p.fresh || len(p.staged) < swapMin {
		return nil, nil
	}
	type count struct{ changed, kept int }
	counts := map[string]*count{}
	staged := make(map[string]bool, len(p.staged))
	for _, rel := range p.staged {
		staged[rel] = true
	}
	for rel := range p.next {
		i := strings.IndexByte(rel, '/')
		if i <= 0 || !p.check.dirs[rel[:i]] {
			continue
		}
		c := counts[rel[:i]]
		if c == nil {
			c = &count{}
			counts[rel[:i]] = c
		}
		if staged[rel] {
			c.changed++
		} else {
			c.kept++
		}
	}
	var dirs []string
	for d, c := range counts {
		if c.changed >= swapMin && c.kept <= 4*c.changed {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 || !canExchange(p.owner.meta) {
		return nil, nil
	}
	slices.Sort(dirs)
	swapped := map[string]bool{}
	for _, d := range dirs {
		swapped[d] = true
	}
	for rel := range p.next {
		i := strings.IndexByte(rel, '/')
		if i <= 0 || !swapped[rel[:i]] || staged[rel] {
			continue
		}
		to := filepath.Join(p.staging, filepath.FromSlash(rel))
		if err := p.mkdir(filepath.Dir(to)); err != nil {
			return nil, ioErr("创建目录", filepath.Dir(to), err)
		}
		if err := os.Link(filepath.Join(p.dest, filepath.FromSlash(rel)), to); err != nil {
			// No hard links here (some shares): move files one by one.
			delete(swapped, rel[:i])
		}
	}
	for _, d := range dirs {
		if !swapped[d] {
			continue
		}
		fi, err := os.Lstat(filepath.Join(p.staging, d))
		if err != nil || inode(fi) == 0 {
			delete(swapped, d)
			continue
		}
		j.swaps = append(j.swaps, swap{d, inode(fi)})
	}
	return swapped, nil
}

// Finish ends a committed build once its records are saved: the journal
// is removed and the lock released.
func (p *Publisher) Finish() error {
	c := p.owner
	defer c.Release()
	name := filepath.Join(c.meta, journalFile)
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ioErr("删除", name, err)
	}
	return nil
}

// Abort discards the staged output; the previous output stays as it was
// and the lock is released.
func (p *Publisher) Abort() { p.owner.Abandon() }
