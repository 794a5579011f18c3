package builder

import (
	"strings"
	"sync"

	"gongkai/generator/diag"
	"gongkai/generator/search"
	"gongkai/generator/site"
)

// searchDir is where the index is published; the search page is its
// index.html, and search.js finds the index files beside it.
const searchDir = "/search/"

// The search stage keeps its index in the cache store (package search's
// State) and updates it: a rebuild indexes only the pages whose text or
// metadata changed and writes only the index files whose bytes changed.
// The state is adopted, and saved, only with a committed build, and it
// names the build (Epoch) whose output it describes: a state that does
// not belong to the build records read is not used.

// writeSearchIndex is the search stage: it indexes every published
// content page (drafts, future and expired pages are not in the site) and
// writes the index files. old is the last build's state, or nil.
func (r *renderer) writeSearchIndex(old *search.State) (*search.State, diag.List) {
	var errs diag.List
	var idx []int
	for i, p := range r.site.Pages {
		if p.Source != nil && !p.Source.IsIndex {
			idx = append(idx, i)
		}
	}
	docs := make([]search.Doc, len(idx))
	for n, i := range idx {
		docs[n] = searchDoc(r.site.Pages[i], "")
		docs[n].BodyKey = r.recs[i].Digest
		docs[n].Key = docKey(&docs[n])
	}
	// Pages neither rendered now nor known to the state: their text
	// comes from rendering the Markdown again, in parallel, before the
	// index asks.
	bodies, known := make([]string, len(idx)), make([]bool, len(idx))
	var missing []int
	for n, i := range idx {
		switch {
		case r.hasText[i]:
			bodies[n], known[n] = r.texts[i], true
		case old == nil:
			missing = append(missing, n)
			known[n] = true
		}
	}
	perDoc := make([]diag.List, len(missing))
	parallel(len(missing), func(k int) {
		bodies[missing[k]], perDoc[k] = r.plainText(r.site.Pages[idx[missing[k]]])
	})
	for _, l := range perDoc {
		errs = append(errs, l...)
	}
	body := func(n int) string {
		if known[n] {
			return bodies[n]
		}
		if old != nil {
			if b, ok := old.Texts.Body(docs[n].URL, docs[n].BodyKey); ok {
				return b
			}
		}
		b, e := r.plainText(r.site.Pages[idx[n]])
		errs = append(errs, e...)
		return b
	}
	next, ix := search.Update(old, docs, body)
	r.writeIndexFiles(ix.Files, &errs)
	for _, name := range ix.Kept {
		if r.out.Keep(searchDir + name) {
			continue
		}
		// The output lost it, or it is not as recorded.
		data, ok := next.FileData(name)
		if !ok {
			// Nor can the index make it again (its cached text is
			// gone): index everything.
			old = nil
			next, ix = search.Update(nil, docs, body)
			r.writeIndexFiles(ix.Files, &errs)
			break
		}
		r.writeIndexFile(name, data, &errs)
	}
	return next, errs
}

// writeIndexFiles writes files of the index in parallel: a first build
// writes one for every page.
func (r *renderer) writeIndexFiles(files []search.File, errs *diag.List) {
	var mu sync.Mutex
	parallel(len(files), func(i int) {
		var e diag.List
		r.writeIndexFile(files[i].Name, files[i].Data, &e)
		if e != nil {
			mu.Lock()
			*errs = append(*errs, e...)
			mu.Unlock()
		}
	})
}

func (r *renderer) writeIndexFile(name string, data []byte, errs *diag.List) {
	if err := r.out.WriteRaw(searchDir+name, data); err != nil {
		errs.Add(diag.Errorf(diag.Position{File: searchDir + name}, "", "写出搜索索引失败：%v", err))
	}
}

// plainText renders a page's Markdown again for its plain text.
func (r *renderer) plainText(p *site.Page) (string, diag.List) {
	if err := p.Source.LoadBody(); err != nil {
		return "", diag.List{diag.Errorf(diag.Position{File: p.Source.File}, "", "%v", err)}
	}
	res, err := r.md.Render(p.Source.Body, nil)
	p.Source.Body = nil
	if err != nil {
		return "", nil // the render stage reported it
	}
	return res.Text, nil
}

// docKey identifies all the index holds of a document.
func docKey(d *search.Doc) uint64 {
	date, _ := d.Date.MarshalBinary()
	k := newKeyer().str(d.URL, d.Title, d.Summary, string(date), d.Section, d.Unit, d.District).u64(d.BodyKey, uint64(len(d.Meta)))
	return k.str(d.Meta...).sum()
}

// searchDoc is what the index knows of a page.
func searchDoc(p *site.Page, body string) search.Doc {
	d := search.Doc{URL: p.URL, Title: p.Title, Body: body, Date: p.Date, Summary: p.Source.Summary}
	if p.Section != nil {
		d.Section = p.Section.Title
	}
	if u := p.Unit; u != nil {
		d.Unit = u.Name()
		if u.District != nil {
			d.District = u.District.Name
		}
		// What the unit page's facts show, so a chair's name or a
		// parent federation finds the unit.
		if u.Kind != nil {
			d.Meta = append(d.Meta, u.Kind.Name)
		}
		if u.Parent != nil {
			d.Meta = append(d.Meta, u.Parent.Name())
		}
		if su := p.Source.Unit; su != nil {
			d.Meta = append(d.Meta, su.Model, su.Chair, su.Address, su.Contact)
		}
	}
	if dc := p.Disclosure; dc != nil {
		if dc.Unit != nil {
			d.Unit = dc.Unit.Name()
			if dc.Unit.District != nil {
				d.District = dc.Unit.District.Name
			}
		}
		if dc.Category != nil {
			d.Meta = append(d.Meta, dc.Category.Name)
		}
	}
	if p.District != nil && d.District == "" {
		d.District = p.District.Name
	}
	if n := p.Source.Notice; n != nil && n.DocNumber != "" {
		d.Meta = append(d.Meta, n.DocNumber)
	}
	// The section is a filter, not text: "通知公告" would match every
	// notice. Unit, district, category and 发文字号 are shown on the page.
	d.Meta = append([]string{d.Unit, d.District}, d.Meta...)
	d.Meta = nonEmpty(d.Meta)
	return d
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
