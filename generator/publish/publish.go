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
	dest    string
	staging string
	fresh   bool              // dest did not exist
	prev    map[string]Record // last build's outputs, nil if unknown
	check   *Check            // of prev against dest, or nil

	mu     sync.Mutex
	next   map[string]Record
	staged []string
	dirs   sync.Map

	written   atomic.Int64
	unchanged atomic.Int64
}

// Stats counts what a build wrote.
type Stats struct {
	Written   int // files new or changed
	Unchanged int // files identical to the previous build
	Removed   int // stale files deleted
}

// Check compares the output files of the last build with their records
// in the background, so a build can start on it early and find the result
// ready when it decides which pages to keep.
type Check struct {
	done  chan struct{}
	stale map[string]bool // output paths whose file is gone or changed
}

// StartCheck starts checking the files in dest against prev.
func StartCheck(dest string, prev map[string]Record) *Check {
	c := &Check{done: make(chan struct{}), stale: map[string]bool{}}
	dest = filepath.Clean(dest)
	go func() {
		defer close(c.done)
		prefix := dest + string(filepath.Separator)
		for rel, r := range prev {
			// Records hold clean relative paths: no need for Join's Clean.
			st, err := os.Stat(prefix + filepath.FromSlash(rel))
			if err != nil || !st.Mode().IsRegular() || st.Size() != r.Size || st.ModTime().UnixNano() != r.ModTime {
				c.stale[rel] = true
			}
		}
	}()
	return c
}

// matches waits for the check and reports whether rel is as recorded.
func (c *Check) matches(rel string) bool {
	<-c.done
	return !c.stale[rel]
}

// Open starts staging output for dest. prev is the record of the last
// build into dest (nil if unknown: unchanged files are then found by
// comparing bytes). A staging directory left by a crashed build is removed.
// check, if not nil, is a StartCheck of dest against prev.
func Open(dest string, prev map[string]Record, check *Check) (*Publisher, error) {
	dest = filepath.Clean(dest)
	staging := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging")
	if err := os.RemoveAll(staging); err != nil {
		return nil, fmt.Errorf("removing old staging directory: %w", err)
	}
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return nil, err
	}
	_, err := os.Stat(dest)
	return &Publisher{
		Minifier: NewMinifier(), dest: dest, staging: staging,
		fresh: os.IsNotExist(err), prev: prev, next: map[string]Record{}, check: check,
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
	if err := p.mkdir(filepath.Dir(target)); err != nil {
		return err
	}
	mtime, err := writeFile(target, data)
	if err != nil {
		return err
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

// current returns the last build's record of rel if the file on disk still
// matches it.
func (p *Publisher) current(rel string) (Record, bool) {
	r, ok := p.prev[rel]
	if !ok {
		return Record{}, false
	}
	if p.check != nil {
		return r, p.check.matches(rel)
	}
	st, err := os.Stat(filepath.Join(p.dest, filepath.FromSlash(rel)))
	if err != nil || !st.Mode().IsRegular() || st.Size() != r.Size || st.ModTime().UnixNano() != r.ModTime {
		return Record{}, false
	}
	return r, true
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

// Commit moves the staged files into place, removes stale ones and
// returns the records of every output file for the next build.
func (p *Publisher) Commit() (Stats, map[string]Record, error) {
	st := Stats{Written: int(p.written.Load()), Unchanged: int(p.unchanged.Load())}
	if p.fresh {
		if err := os.MkdirAll(filepath.Dir(p.dest), 0o755); err != nil {
			return st, nil, err
		}
		if err := os.Rename(p.staging, p.dest); err != nil {
			return st, nil, err
		}
	} else {
		p.dirs = sync.Map{}
		slices.Sort(p.staged)
		for _, rel := range p.staged {
			to := filepath.Join(p.dest, filepath.FromSlash(rel))
			if err := p.mkdir(filepath.Dir(to)); err != nil {
				return st, nil, err
			}
			if fi, err := os.Lstat(to); err == nil && fi.IsDir() {
				// A page became a file where a directory was: clear it.
				if err := os.RemoveAll(to); err != nil {
					return st, nil, err
				}
			}
			if err := os.Rename(filepath.Join(p.staging, filepath.FromSlash(rel)), to); err != nil {
				return st, nil, err
			}
		}
		n, err := p.removeStale()
		st.Removed = n
		if err != nil {
			return st, nil, err
		}
		if err := os.RemoveAll(p.staging); err != nil {
			return st, nil, err
		}
	}
	return st, p.next, nil
}

// removeStale deletes the output files this build did not produce, and
// directories left empty by that.
func (p *Publisher) removeStale() (int, error) {
	var stale []string
	if p.prev != nil {
		for rel := range p.prev {
			if _, ok := p.next[rel]; !ok {
				stale = append(stale, rel)
			}
		}
	} else {
		err := filepath.WalkDir(p.dest, func(fp string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(p.dest, fp)
			if _, ok := p.next[filepath.ToSlash(rel)]; !ok {
				stale = append(stale, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	slices.Sort(stale)
	n := 0
	for _, rel := range stale {
		fp := filepath.Join(p.dest, filepath.FromSlash(rel))
		if err := os.Remove(fp); err != nil && !os.IsNotExist(err) {
			return n, err
		}
		n++
		for dir := filepath.Dir(fp); dir != p.dest && strings.HasPrefix(dir, p.dest); dir = filepath.Dir(dir) {
			if os.Remove(dir) != nil {
				break // not empty
			}
		}
	}
	return n, nil
}

// Abort discards the staged output; the previous output stays as it was.
func (p *Publisher) Abort() error { return os.RemoveAll(p.staging) }
