package serve

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"gongkai/generator/publish"
)

// memory is the site built into memory: a build.Sink. A build writes into
// a new generation; Commit makes it the site served, Abort drops it, so a
// failed build leaves the last good site in place.
type memory struct {
	mini *publish.Minifier

	mu      sync.RWMutex
	files   map[string][]byte // site path → bytes: what is served
	next    map[string][]byte // the build under way
	prev    map[string][]byte // the last good site while a preview is served
	changed []string          // site paths written with new bytes, this build
	// preview, if set, is told the pages a build changed as soon as they
	// are rendered (before the search index).
	preview func(changed []string)
}

func newMemory() *memory {
	return &memory{mini: publish.NewMinifier(), files: map[string][]byte{}}
}

// begin starts a build's generation.
func (m *memory) begin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next = make(map[string][]byte, len(m.files))
	m.changed = nil
}

func checkName(name string) error {
	if !strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || slices.Contains(strings.Split(name, "/"), "..") {
		return fmt.Errorf("不安全的输出路径 %q", name)
	}
	return nil
}

// Write minifies data by its extension and stores it.
func (m *memory) Write(name string, data []byte) error {
	data, err := m.mini.Minify(name, data)
	if err != nil {
		return fmt.Errorf("minifying %s: %w", name, err)
	}
	return m.WriteRaw(name, data)
}

// WriteRaw stores data as it is.
func (m *memory) WriteRaw(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	data = bytes.Clone(data) // renderers reuse their buffers
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.files[name]; !ok || !bytes.Equal(old, data) {
		m.changed = append(m.changed, name)
	}
	m.next[name] = data
	return nil
}

// Keep carries a file of the last build over, if there is one.
func (m *memory) Keep(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	if ok {
		m.next[name] = data
	}
	return ok
}

// Copy stores a file of the site's sources.
func (m *memory) Copy(name string, fsys fs.FS, src string) error {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return err
	}
	return m.WriteRaw(name, data)
}

// Minify minifies data by the extension of name.
func (m *memory) Minify(name string, data []byte) ([]byte, error) { return m.mini.Minify(name, data) }

// Commit makes the build's files the site.
func (m *memory) Commit() (written, unchanged, removed int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for name := range m.files {
		if _, ok := m.next[name]; !ok {
			removed++
		}
	}
	m.files, m.next, m.prev = m.next, nil, nil
	slices.Sort(m.changed)
	m.changed = slices.Compact(m.changed)
	return len(m.changed), len(m.files) - len(m.changed), removed
}

// Preview serves the build's pages before it ends: the last site with the
// files written so far laid over it. Commit then makes the whole build
// the site (and removes its stale files).
func (m *memory) Preview() {
	m.mu.Lock()
	files := make(map[string][]byte, len(m.files)+len(m.changed))
	for k, v := range m.files {
		files[k] = v
	}
	for k, v := range m.next {
		files[k] = v
	}
	if m.prev == nil {
		m.prev = m.files
	}
	m.files = files
	changed := slices.Clone(m.changed)
	preview := m.preview
	m.mu.Unlock()
	if preview != nil {
		slices.Sort(changed)
		preview(slices.Compact(changed))
	}
}

// Abort drops the build's files; the last good site stays.
func (m *memory) Abort() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.prev != nil {
		m.files = m.prev // a preview was shown: back to the last good site
	}
	m.next, m.changed, m.prev = nil, nil, nil
}

// get returns the file at a site path.
func (m *memory) get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	data, ok := m.files[name]
	return data, ok
}

// snapshot returns a copy of the site's index: site path → bytes.
func (m *memory) snapshot() map[string][]byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string][]byte, len(m.files))
	for k, v := range m.files {
		out[k] = v
	}
	return out
}

// lastChanged returns the site paths the last committed build wrote anew.
func (m *memory) lastChanged() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.changed)
}
