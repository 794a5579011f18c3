package builder

import (
	"encoding/binary"
	"io/fs"
	"slices"
	"strings"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/digest"
	"gongkai/generator/site"
	"gongkai/generator/view"
)

// A page is rendered again only when its key changes. The key is derived,
// not restated: the hash of the page's view (all its template can see,
// including the views of the pages it shows), its kind's templates, the
// assets and the generator's identity. Nothing here lists what a theme
// shows, so a site's own layouts get the same exact rebuilds as the
// default theme.

// keyer collects the bytes of a key and hashes them once at the end.
type keyer struct{ buf []byte }

func newKeyer() *keyer { return &keyer{buf: make([]byte, 0, 256)} }

func (k *keyer) str(ss ...string) *keyer {
	for _, s := range ss {
		k.u64(uint64(len(s)))
		k.buf = append(k.buf, s...)
	}
	return k
}

func (k *keyer) u64(vs ...uint64) *keyer {
	for _, v := range vs {
		k.buf = binary.LittleEndian.AppendUint64(k.buf, v)
	}
	return k
}

func (k *keyer) sum() uint64 { return digest.Sum(k.buf) }

// keys makes the keys of a build's pages.
type keys struct {
	base   uint64            // generator, config, options, assets, the site's view
	themes map[string]uint64 // page kind → its template with baseof, partials and assets
}

func newKeys(vs *view.Views, src fs.FS, files map[string][]byte, assets map[string]string, o Options) *keys {
	k := &keys{themes: map[string]uint64{}}
	cfgRaw, _ := fs.ReadFile(src, "config.toml")
	b := newKeyer().u64(exeHash(), view.Sum(vs.Site)).str(string(cfgRaw), o.BaseURL)
	for _, f := range []bool{o.Drafts, o.Future, o.Expired, o.Relative} {
		if f {
			b.u64(1)
		} else {
			b.u64(0)
		}
	}
	for _, name := range sortedKeys(assets) {
		b.str(name, assets[name])
	}
	k.base = b.sum()
	shared := newKeyer()
	for _, name := range sortedKeys(files) {
		if name == "baseof.html" || strings.HasPrefix(name, "partials/") || strings.HasPrefix(name, "assets/") {
			shared.str(name, string(files[name]))
		}
	}
	sharedSum := shared.sum()
	for name, data := range files {
		if !strings.Contains(name, "/") {
			k.themes[strings.TrimSuffix(name, ".html")] = newKeyer().u64(sharedSum).str(string(data)).sum()
		}
	}
	return k
}

// page returns the key of a page with view v.
func (k *keys) page(v *view.Page) uint64 {
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:], k.base)
	binary.LittleEndian.PutUint64(b[8:], k.themes[v.Kind])
	binary.LittleEndian.PutUint64(b[16:], view.Sum(v))
	return digest.Sum(b[:])
}

// other returns the key of a generated file (a feed, the sitemap) made
// from plain data v.
func (k *keys) other(name string, v any) uint64 {
	return newKeyer().u64(k.base, view.Sum(v)).str(name).sum()
}

// sourceDigest identifies what a page's Markdown renders from: its file,
// its bundle's file names and, for a notice, the Markdown attachments it
// prints in full; and how it is rendered (md, see markdownIdentity). A
// page whose digest is unchanged keeps the last build's summary.
func sourceDigest(src fs.FS, md uint64) func(p *site.Page) uint64 {
	return func(p *site.Page) uint64 {
		if p.Source == nil {
			return 0
		}
		h := newKeyer().u64(md, p.Source.Hash)
		for _, r := range p.Source.Resources {
			h.str(r)
			if p.Source.Notice != nil && strings.HasSuffix(r, ".md") {
				b, _ := fs.ReadFile(src, content.Dir+"/"+r)
				h.str(string(b))
			}
		}
		return h.sum()
	}
}

// markdownIdentity is everything besides the source that a page's
// rendered Markdown, summary and search text depend on: the Markdown
// options of config.toml and the generator itself.
func markdownIdentity(cfg *config.Config) uint64 {
	k := newKeyer().u64(exeHash(), uint64(cfg.SummaryLength))
	if cfg.UnsafeHTML {
		k.u64(1)
	} else {
		k.u64(0)
	}
	return k.sum()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
