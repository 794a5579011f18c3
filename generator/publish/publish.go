// Package publish writes a build's output into a staging directory and
// swaps it into place only when the whole build succeeded. Files whose bytes
// did not change keep their inode and mtime, so rsync uploads only changes.
package publish

import (
	"bytes"
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
)

// Publisher stages the output of one build.
type Publisher struct {
	dest    string
	staging string
	*Minifier

	written   atomic.Int64
	unchanged atomic.Int64
	mu        sync.Mutex
	paths     map[string]bool
}

// Stats counts what a build wrote.
type Stats struct {
	Written   int // files new or changed
	Unchanged int // files identical to the previous build
}

// Open starts staging output for dest. A staging directory left by a
// crashed build is removed first.
func Open(dest string) (*Publisher, error) {
	dest = filepath.Clean(dest)
	staging := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".staging")
	if err := os.RemoveAll(staging); err != nil {
		return nil, fmt.Errorf("removing old staging directory: %w", err)
	}
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return nil, err
	}
	return &Publisher{dest: dest, staging: staging, Minifier: NewMinifier(), paths: map[string]bool{}}, nil
}

// Dest returns the output directory.
func (p *Publisher) Dest() string { return p.dest }

// localPath turns a site path ("/notices/x/index.html") into a relative
// file path, refusing anything that escapes the output.
func localPath(site string) (string, error) {
	if strings.Contains(site, `\`) || slices.Contains(strings.Split(site, "/"), "..") {
		return "", fmt.Errorf("output path %q escapes the output directory", site)
	}
	clean := strings.TrimPrefix(path.Clean("/"+site), "/")
	if clean == "" {
		return "", fmt.Errorf("output path %q names no file", site)
	}
	return filepath.FromSlash(clean), nil
}

// Write minifies data by its extension and stages it at site path name.
func (p *Publisher) Write(name string, data []byte) error {
	data, err := p.Minify(name, data)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	return p.WriteRaw(name, data)
}

// WriteRaw stages data at site path name as it is.
func (p *Publisher) WriteRaw(name string, data []byte) error {
	rel, err := localPath(name)
	if err != nil {
		return err
	}
	if err := p.claim(rel); err != nil {
		return err
	}
	target := filepath.Join(p.staging, rel)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	old := filepath.Join(p.dest, rel)
	if same(old, data) && os.Link(old, target) == nil {
		p.unchanged.Add(1)
		return nil
	}
	p.written.Add(1)
	return os.WriteFile(target, data, 0o644)
}

// Copy stages a file from fsys at site path name, without minifying.
func (p *Publisher) Copy(name string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return p.WriteRaw(name, data)
}

func (p *Publisher) claim(rel string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paths[rel] {
		return fmt.Errorf("two outputs want the same file %s", filepath.ToSlash(rel))
	}
	p.paths[rel] = true
	return nil
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
		if n > 0 && !bytes.Equal(buf[:n], data[off:off+n]) {
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

// Commit swaps the staged output into place and removes the previous one.
func (p *Publisher) Commit() (Stats, error) {
	st := Stats{Written: int(p.written.Load()), Unchanged: int(p.unchanged.Load())}
	if _, err := os.Lstat(p.dest); os.IsNotExist(err) {
		if err := os.MkdirAll(filepath.Dir(p.dest), 0o755); err != nil {
			return st, err
		}
		return st, os.Rename(p.staging, p.dest)
	}
	if err := exchange(p.staging, p.dest); err != nil {
		return st, fmt.Errorf("swapping %s into place: %w", p.dest, err)
	}
	return st, os.RemoveAll(p.staging)
}

// Abort discards the staged output; the previous output stays as it was.
func (p *Publisher) Abort() error { return os.RemoveAll(p.staging) }
