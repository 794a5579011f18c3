package serve

import (
	"slices"
	"testing"
)

// TestMemoryPreview: a preview serves the pages written so far over the
// last site; Commit makes the build the site (stale files gone), Abort
// goes back to the last good site.
func TestMemoryPreview(t *testing.T) {
	m := newMemory()
	var told []string
	m.preview = func(changed []string) { told = changed }
	get := func(name string) string { b, _ := m.get(name); return string(b) }

	m.begin()
	m.WriteRaw("/a/index.html", []byte("a1"))
	m.WriteRaw("/old/index.html", []byte("old"))
	m.Commit()

	m.begin()
	m.WriteRaw("/a/index.html", []byte("a2"))
	m.Preview()
	if get("/a/index.html") != "a2" || get("/old/index.html") != "old" || !slices.Equal(told, []string{"/a/index.html"}) {
		t.Fatalf("preview: /a/ %q, /old/ %q, told %v", get("/a/index.html"), get("/old/index.html"), told)
	}
	m.WriteRaw("/search/i.js", []byte("index"))
	m.Commit()
	if get("/old/index.html") != "" || get("/search/i.js") != "index" || get("/a/index.html") != "a2" {
		t.Fatalf("commit: %v", m.snapshot())
	}

	m.begin()
	m.WriteRaw("/a/index.html", []byte("a3"))
	m.Preview()
	if get("/a/index.html") != "a3" {
		t.Fatalf("second preview: /a/ %q", get("/a/index.html"))
	}
	m.Abort() // say the search index failed
	if get("/a/index.html") != "a2" || get("/search/i.js") != "index" {
		t.Errorf("abort after a preview: %v, want the last good site", m.snapshot())
	}
}
