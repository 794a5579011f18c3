package builder

import (
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/feed"
	"gongkai/generator/relurl"
	"gongkai/generator/site"
)

// feedSize is how many entries a feed keeps.
const feedSize = 30

// writeExtras writes feeds, the sitemap, robots.txt, alias redirects and
// the copied attachments.
func (r *renderer) writeExtras(src fs.FS) diag.List {
	var errs diag.List
	s := r.site
	cfg := s.Config
	add := func(name string, err error) {
		if err != nil {
			errs.Add(diag.Errorf(diag.Position{File: "(生成的文件 " + name + ")"}, "", "%v", err))
		}
	}
	write := func(name string, data []byte, err error) {
		if err != nil {
			add(name, err)
			return
		}
		add(name, r.out.Write(name, data))
	}

	// Feeds: the whole site, each section, each unit.
	var all []*site.Page
	for _, sec := range s.Sections {
		if sec.ID != "units" {
			all = append(all, sec.Pages...)
		}
	}
	slices.SortStableFunc(all, func(a, b *site.Page) int { return b.Date.Compare(a.Date) })
	feedOut := func(self, title, page string, items []*site.Page) {
		// A feed is plain data made from its entries' titles, URLs, dates
		// and summaries: its key is its hash.
		f := r.feed(self, title, page, items[:min(len(items), feedSize)])
		key := r.keys.other(self, f)
		r.extra[self] = pageRec{Key: key}
		if old, ok := r.old[self]; ok && old.Key == key && r.out.Keep(self) {
			return
		}
		data, err := feed.Atom(f, r.site.Config.Language)
		write(self, data, err)
	}
	feedOut("/atom.xml", cfg.Title, "/", all)
	for _, sec := range s.Sections {
		if len(sec.Pages) > 0 && sec.ID != "units" {
			feedOut(sec.Feed, sec.Title+" - "+cfg.Title, sec.URL, sec.Pages)
		}
	}
	for _, u := range s.Tree.Units {
		up := s.UnitPage(u)
		if up == nil {
			continue
		}
		var items []*site.Page
		for _, d := range u.Disclosures {
			if dp := s.PageFor(d.Page.Rel); dp != nil {
				items = append(items, dp)
			}
		}
		for _, c := range u.Cases {
			if cp := s.PageFor(c.Rel); cp != nil {
				items = append(items, cp)
			}
		}
		slices.SortStableFunc(items, func(a, b *site.Page) int { return b.Date.Compare(a.Date) })
		feedOut(up.Feed, up.Title+"会务公开 - "+cfg.Title, up.URL, items)
	}

	// Sitemap: made again only when a page's URL or date changed.
	var urls []feed.URL
	for _, p := range s.Pages {
		if p.Kind != site.Kind404 && p.Kind != site.KindWithdrawn {
			urls = append(urls, feed.URL{Loc: r.abs(p.URL), Lastmod: lastmod(p)})
		}
	}
	key := r.keys.other("/sitemap.xml", urls)
	r.extra["/sitemap.xml"] = pageRec{Key: key}
	if old, ok := r.old["/sitemap.xml"]; !ok || old.Key != key || !r.out.Keep("/sitemap.xml") {
		data, err := feed.Sitemap(urls)
		write("/sitemap.xml", data, err)
	}
	add("/robots.txt", r.out.WriteRaw("/robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+r.abs("/sitemap.xml")+"\n")))

	// Aliases: a tiny page that sends readers on to the new address.
	aliases := make([]string, 0, len(s.Aliases))
	for a := range s.Aliases {
		aliases = append(aliases, a)
	}
	slices.Sort(aliases)
	for _, a := range aliases {
		name := a
		if strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		link := cfg.RelURL(s.Aliases[a])
		if cfg.RelativeURLs {
			link, _ = relurl.Relative(link, path.Dir(strings.TrimPrefix(name, "/")), cfg.BasePath)
		}
		target := html.EscapeString(link)
		page := fmt.Sprintf(`<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>页面已迁移</title><link rel="canonical" href="%s"><meta http-equiv="refresh" content="0; url=%s"></head><body><p>页面已迁移到 <a href="%s">%s</a>。</p></body></html>`,
			cfg.Language, r.abs(s.Aliases[a]), target, target, target)
		add(name, r.out.Write(name, []byte(page)))
	}

	// Attachments and static files (listed by content.Walk). A bundle's
	// Markdown is rendered into its page (a 公文's attached document) and
	// not published as source; the guard still reads it, as a file of
	// the bundle.
	for _, f := range s.Files {
		if strings.HasPrefix(f.Src, content.Dir+"/") && strings.EqualFold(path.Ext(f.Src), ".md") {
			continue
		}
		add(f.URL, r.out.Copy(f.URL, src, f.Src))
	}
	return errs
}

// feed makes the Atom feed of items.
func (r *renderer) feed(self, title, page string, items []*site.Page) feed.Feed {
	f := feed.Feed{Title: title, URL: r.abs(page), Self: r.abs(self), Author: r.site.Config.Footer.Sponsor}
	if f.Author == "" {
		f.Author = r.site.Config.Title
	}
	for _, p := range items {
		updated := lastmod(p)
		if updated.After(f.Updated) {
			f.Updated = updated
		}
		f.Entries = append(f.Entries, feed.Entry{Title: p.Title, URL: r.abs(p.URL), Updated: updated, Summary: p.Summary})
	}
	return f
}

func lastmod(p *site.Page) time.Time {
	if p.Source != nil && !p.Source.Lastmod.IsZero() {
		return p.Source.Lastmod.In(p.Date.Location())
	}
	return p.Date
}

// abs returns the absolute, percent-encoded URL of a site path.
func (r *renderer) abs(p string) string {
	return r.site.Config.AbsURL((&url.URL{Path: p}).EscapedPath())
}
