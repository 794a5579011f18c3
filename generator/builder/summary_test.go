package builder

import (
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/generator/config"
)

// tagUnit gives a unit page a tag, so its summary shows on the tag's page.
func tagUnit(t *testing.T, src fstest.MapFS, file, tag string) {
	t.Helper()
	old := string(src[file].Data)
	title := regexp.MustCompile(`(?m)^title = .*$`)
	if !title.MatchString(old) {
		t.Fatalf("%s has no title line", file)
	}
	src[file] = &fstest.MapFile{Data: []byte(title.ReplaceAllStringFunc(old, func(l string) string {
		return l + "\ntags = [\"" + tag + "\"]"
	})), ModTime: time.Now()}
}

// setConfig replaces a line of config.toml.
func setConfig(t *testing.T, src fstest.MapFS, re, with string) {
	t.Helper()
	old := string(src["config.toml"].Data)
	r := regexp.MustCompile(re)
	if !r.MatchString(old) {
		t.Fatalf("config.toml has no line matching %s", re)
	}
	src["config.toml"] = &fstest.MapFile{Data: []byte(r.ReplaceAllString(old, with)), ModTime: time.Now()}
}

// TestSummaryFollowsMarkdownOptions is the stale-summary case: a summary
// reused from the cache must be the one a fresh build makes, after
// summary_length changes and after the generator itself changes.
func TestSummaryFollowsMarkdownOptions(t *testing.T) {
	src := overlay(t, nil)
	tagUnit(t, src, "content/units/chengjian-yuan.md", "摘要测试")
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	cachedBuild(t, src, dest, cache)
	before := read(t, dest, "tags/摘要测试/index.html")

	setConfig(t, src, `(?m)^summary_length = \d+`, "summary_length = 10")
	cachedBuild(t, src, dest, cache)
	after := read(t, dest, "tags/摘要测试/index.html")
	if after == before {
		t.Fatal("the tag page did not change with summary_length: the test no longer shows a summary")
	}
	uncachedSame(t, src, dest)

	// A new generator may cut summaries differently: nothing rendered by
	// the old one is reused.
	was := exeHash
	t.Cleanup(func() { exeHash = was })
	exeHash = func() uint64 { return 42 }
	res, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow, CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rendered) != res.Pages {
		t.Errorf("after a generator upgrade %d of %d pages rendered; want all", len(res.Rendered), res.Pages)
	}
}

// TestSourceDigestKeysMarkdown checks that the digest under which a page
// keeps its summary changes with every input of its Markdown rendering.
func TestSourceDigestKeysMarkdown(t *testing.T) {
	src := overlay(t, nil)
	base := readConfig(t, src)
	ids := map[uint64]string{markdownIdentity(base): "sample"}
	for what, edit := range map[string][2]string{
		"summary_length": {`(?m)^summary_length = \d+`, "summary_length = 30"},
		"unsafe_html":    {`(?m)^unsafe_html = \w+`, "unsafe_html = true"},
	} {
		s := overlay(t, nil)
		setConfig(t, s, edit[0], edit[1])
		id := markdownIdentity(readConfig(t, s))
		if other, ok := ids[id]; ok {
			t.Errorf("%s gives the same Markdown identity as %s", what, other)
		}
		ids[id] = what
	}
	was := exeHash
	t.Cleanup(func() { exeHash = was })
	exeHash = func() uint64 { return 7 }
	if _, ok := ids[markdownIdentity(base)]; ok {
		t.Error("another generator gives the same Markdown identity")
	}
}

func readConfig(t *testing.T, src fstest.MapFS) *config.Config {
	t.Helper()
	cfg, errs := config.Load(src)
	if cfg == nil {
		t.Fatal(errs)
	}
	return cfg
}
