package build

import (
	"encoding/binary"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/generator/content"
	"gongkai/generator/digest"
	"gongkai/generator/portal"
	"gongkai/generator/site"
)

// A page is rendered again only when its dependency key changes. The key
// hashes everything the default theme shows on the page: the generator
// binary, config, the page kind's templates and the assets, the page's own
// source, and the titles, URLs, dates, source hashes and 公示 statuses of
// the pages it lists or links in its navigation. Pages that summarize the
// site hash what they show of it: the unit directory every unit's name,
// kind and parent, a district its units and newest disclosures, the home
// page the newest notices and cases, the disclosures in their 公示期 and the
// citywide figures.

// keyer collects the bytes of a key and hashes them once at the end;
// appending to a buffer is cheaper than feeding a hash string by string.
type keyer struct{ buf []byte }

func newKeyer() *keyer { return &keyer{buf: make([]byte, 0, 512)} }

// keyers are reused: keys of list and unit pages grow to kilobytes.
var keyers = sync.Pool{New: func() any { return newKeyer() }}

func getKeyer() *keyer {
	k := keyers.Get().(*keyer)
	k.buf = k.buf[:0]
	return k
}

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

func (k *keyer) int(vs ...int) *keyer {
	for _, v := range vs {
		k.u64(uint64(v))
	}
	return k
}

func (k *keyer) time(t time.Time) *keyer { return k.u64(uint64(t.UnixNano())) }

func (k *keyer) sum() uint64 { return digest.Sum(k.buf) }

// keys computes the dependency key of every page.
type keys struct {
	site   *site.Site
	src    fs.FS
	today  time.Time
	base   uint64                // binary, config, options, assets, menu, sections
	themes map[string]uint64     // page kind → its templates
	all    uint64                // every page, for site-wide summaries
	items  map[*site.Page]uint64 // what a list shows of each page
	// custom is set when the site overrides layouts: its templates may
	// show anything, so every page also depends on every page.
	custom bool
}

func newKeys(s *site.Site, src fs.FS, files map[string][]byte, assets map[string]string, o Options) *keys {
	k := &keys{site: s, src: src, today: s.Today, themes: map[string]uint64{}}
	cfgRaw, _ := fs.ReadFile(src, "config.toml")
	b := newKeyer().u64(exeHash(), cacheVersion).str(string(cfgRaw), s.Config.BaseURL)
	for _, f := range []bool{o.Drafts, o.Future, o.Expired} {
		if f {
			b.int(1)
		} else {
			b.int(0)
		}
	}
	for _, name := range sortedKeys(assets) {
		b.str(name, assets[name])
	}
	for _, m := range s.Menu {
		b.str(m.Name, m.URL)
	}
	for _, sec := range s.Sections {
		b.str(sec.ID, sec.Title, sec.URL).int(len(sec.Pages))
		if sec.Intro != nil {
			b.u64(sec.Intro.Hash)
		}
	}
	k.base = b.sum()
	shared := newKeyer()
	for _, name := range sortedKeys(files) {
		if name == "baseof.html" || slices.Contains([]string{"partials/", "assets/"}, prefix(name)) {
			shared.str(name, string(files[name]))
		}
	}
	sharedSum := shared.sum()
	for name, data := range files {
		if prefix(name) == "" {
			k.themes[trimExt(name)] = newKeyer().u64(sharedSum).str(string(data)).sum()
		}
	}
	sums := make([]uint64, len(s.Pages))
	parallel(len(s.Pages), func(i int) {
		h := getKeyer()
		k.itemBytes(h, s.Pages[i])
		sums[i] = h.sum()
		keyers.Put(h)
	})
	k.items = make(map[*site.Page]uint64, len(s.Pages))
	for i, p := range s.Pages {
		k.items[p] = sums[i]
	}
	k.custom = overridesTheme(src, o.Theme)
	if k.custom {
		all := newKeyer()
		for _, p := range s.Pages {
			k.item(all, p)
		}
		k.all = all.sum()
	}
	return k
}

// overridesTheme reports whether the site has layout files that differ
// from the default theme's. (The sample portal's layouts/ is the default
// theme itself.)
func overridesTheme(src, theme fs.FS) bool {
	custom := false
	_ = fs.WalkDir(src, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || custom {
			return nil
		}
		mine, err1 := fs.ReadFile(src, p)
		def, err2 := fs.ReadFile(theme, p)
		if err1 != nil || err2 != nil || string(mine) != string(def) {
			custom = true
		}
		return nil
	})
	return custom
}

func prefix(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			return name[:i+1]
		}
	}
	return ""
}

func trimExt(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '.' {
			return name[:i]
		}
	}
	return name
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// item hashes what a list shows of a page. A page is listed on several
// pages (its section, year and category, its unit and district), so the
// hash is made once per page.
func (k *keys) item(h *keyer, p *site.Page) {
	if sum, ok := k.items[p]; ok {
		h.u64(sum)
		return
	}
	k.itemBytes(h, p)
}

func (k *keys) itemBytes(h *keyer, p *site.Page) {
	h.str(p.URL, p.Title).time(p.Date)
	if p.Source != nil {
		h.u64(p.Source.Hash)
	}
	if d := p.Disclosure; d != nil {
		h.int(int(d.Status(k.today)))
		if d.Unit != nil {
			h.str(d.Unit.ID, d.Unit.Name())
		}
	}
}

func (k *keys) unit(h *keyer, u *portal.Unit) {
	if up := k.site.UnitPage(u); up != nil {
		h.str(up.URL, up.Title)
	}
	h.str(u.ID)
}

// key returns page p's dependency key.
func (k *keys) key(p *site.Page) uint64 {
	h := getKeyer()
	defer keyers.Put(h)
	h.u64(k.base, k.themes[p.Kind]).str(p.Kind, p.URL, p.Title, p.Year, p.Feed).time(p.Date)
	for _, c := range p.Crumbs {
		h.str(c.Title, c.URL)
	}
	if p.Source != nil {
		h.u64(p.Source.Hash)
		for _, r := range p.Source.Resources {
			h.str(r)
			// A notice prints its Markdown attachments in full.
			if p.Source.Notice != nil && strings.HasSuffix(r, ".md") {
				b, _ := fs.ReadFile(k.src, content.Dir+"/"+r)
				h.str(string(b))
			}
		}
	}
	if k.custom {
		h.u64(k.all)
	}
	switch p.Kind {
	case site.KindHome:
		k.home(h)
	case site.KindUnits:
		for _, u := range k.site.Tree.Units {
			k.unit(h, u)
			k.kind(h, u)
			if u.Parent != nil {
				h.str(u.Parent.ID)
			}
		}
	case site.KindDistricts:
		for _, it := range p.Items {
			h.int(len(it.Units))
			if it.District != nil {
				h.str(it.District.Name)
			}
		}
	case site.KindDistrict:
		for _, u := range p.Units {
			k.unit(h, u)
			k.kind(h, u)
		}
	case site.KindDisclosure:
		k.item(h, p)
	case site.KindCase:
		for _, id := range p.Source.Case.Units {
			if u := k.site.Tree.Unit(id); u != nil {
				k.unit(h, u)
			}
		}
	case site.KindUnit:
		k.unitPage(h, p.Unit)
	}
	for _, it := range p.Items {
		k.item(h, it)
	}
	if pg := p.Pager; pg != nil {
		h.int(pg.Number, pg.Total).str(pg.Prev, pg.Next)
		for _, l := range pg.Pages {
			h.int(l.Number).str(l.URL)
		}
	}
	for _, f := range p.Filters {
		h.str(f.Name, f.URL).int(f.Count)
		if f.Current {
			h.int(1)
		}
	}
	return h.sum()
}

func (k *keys) kind(h *keyer, u *portal.Unit) {
	if u.Kind != nil {
		h.str(u.Kind.ID)
	}
}

// home hashes what the home page shows: the newest notices and cases, the
// disclosures in their 公示期 and the citywide figures of the plan.
func (k *keys) home(h *keyer) {
	for _, id := range []string{content.SectionNotices, content.SectionCases} {
		if sec := k.site.Section(id); sec != nil {
			for _, it := range sec.Pages[:min(len(sec.Pages), 20)] {
				k.item(h, it)
			}
		}
	}
	h.int(len(k.site.Active))
	for _, it := range k.site.Active {
		k.item(h, it)
	}
	h.str(k.site.Years...)
	if t := k.site.Total; t != nil {
		k.aggregate(h, t)
	}
}

func (k *keys) aggregate(h *keyer, a *portal.Aggregate) {
	h.int(a.Units, a.Employees, a.Members, len(a.Years))
	for _, y := range k.site.Years {
		for _, c := range a.Years[y] {
			h.int(c.Population, c.Meeting).u64(math.Float64bits(c.Sum))
		}
	}
}

func (k *keys) unitPage(h *keyer, u *portal.Unit) {
	if u == nil {
		return
	}
	if u.Parent != nil {
		k.unit(h, u.Parent)
	}
	for _, c := range u.Children {
		k.unit(h, c)
		h.int(len(c.Children), c.Subtree.Units)
		if c.Kind != nil {
			h.str(c.Kind.ID)
		}
	}
	k.aggregate(h, u.Subtree)
	for _, d := range u.Disclosures {
		if dp := k.site.PageFor(d.Page.Rel); dp != nil {
			k.item(h, dp)
		}
	}
	for _, c := range u.Cases {
		if cp := k.site.PageFor(c.Rel); cp != nil {
			k.item(h, cp)
		}
	}
}
