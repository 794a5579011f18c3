// Package feed writes Atom 1.0 feeds and the sitemap.
package feed

import (
	"bytes"
	"encoding/xml"
	"time"
)

// Entry is one item of a feed.
type Entry struct {
	Title   string
	URL     string // absolute
	ID      string // stable across builds; the absolute URL by default
	Updated time.Time
	Summary string
}

// Feed is an Atom feed.
type Feed struct {
	Title   string
	URL     string // absolute URL of the page the feed follows
	Self    string // absolute URL of the feed itself
	Author  string
	Updated time.Time // the newest entry's, so rebuilds do not change it
	Entries []Entry
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	Link    atomLink `xml:"link"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Summary atomText `xml:"summary"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"xml:lang,attr"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// Atom encodes f as an Atom 1.0 document.
func Atom(f Feed, lang string) ([]byte, error) {
	a := atomFeed{Lang: lang, Title: f.Title, ID: f.URL, Updated: stamp(f.Updated)}
	a.Author.Name = f.Author
	a.Links = []atomLink{{Href: f.URL, Rel: "alternate", Type: "text/html"}, {Href: f.Self, Rel: "self", Type: "application/atom+xml"}}
	for _, e := range f.Entries {
		id := e.ID
		if id == "" {
			id = e.URL
		}
		a.Entries = append(a.Entries, atomEntry{
			Title:   e.Title,
			Link:    atomLink{Href: e.URL, Rel: "alternate", Type: "text/html"},
			ID:      id,
			Updated: stamp(e.Updated),
			Summary: atomText{Type: "text", Body: e.Summary},
		})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func stamp(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.Format(time.RFC3339)
}

// URL is a sitemap entry.
type URL struct {
	Loc     string
	Lastmod time.Time
}

// Sitemap encodes a sitemaps.org urlset.
func Sitemap(urls []URL) ([]byte, error) {
	type u struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod,omitempty"`
	}
	type set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []u      `xml:"url"`
	}
	s := set{}
	for _, x := range urls {
		lm := ""
		if !x.Lastmod.IsZero() {
			lm = x.Lastmod.Format("2006-01-02")
		}
		s.URLs = append(s.URLs, u{x.Loc, lm})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
