package builder

import (
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gongkai/generator/diag"
	"gongkai/generator/digest"
	"gongkai/generator/search"
	"gongkai/generator/site"
)

// searchDir is where the index is published; the search page is its
// index.html, and search.js finds the index files beside it.
const searchDir = "/search/"

// searchTextFile keeps the plain text of every page body by the hash of
// its file, so a rebuild indexes pages it did not render.
const searchTextFile = "search.bin"

// writeSearchIndex is the search stage: it indexes every published
// content page (drafts, future and expired pages are not in the site) and
// writes the index files. mem holds the texts between builds of one
// Builder; the first build reads them from the cache directory.
func (r *renderer) writeSearchIndex(cacheDir string, save bool, mem *map[uint64]string) diag.List {
	old := *mem
	var errs diag.List
	if old == nil {
		var notice *diag.Error
		old, notice = loadSearchText(cacheDir)
		errs.Add(notice)
	}
	texts := make(map[uint64]string, len(r.site.Pages))
	var docs []search.Doc
	var idx []int
	for i, p := range r.site.Pages {
		if p.Source != nil && !p.Source.IsIndex {
			docs = append(docs, search.Doc{})
			idx = append(idx, i)
		}
	}
	var missing []int
	for n, i := range idx {
		p := r.site.Pages[i]
		text, ok := r.texts[i], r.texts[i] != ""
		if !ok {
			text, ok = old[p.Source.Hash]
		}
		if !ok {
			missing = append(missing, n)
		}
		texts[p.Source.Hash] = text
		docs[n] = searchDoc(p, text)
	}
	// Pages carried over from a build without this cache: their text
	// comes from rendering the Markdown again.
	perDoc := make([]diag.List, len(missing))
	parallel(len(missing), func(k int) {
		n := missing[k]
		p := r.site.Pages[idx[n]]
		if err := p.Source.LoadBody(); err != nil {
			perDoc[k] = diag.List{diag.Errorf(diag.Position{File: p.Source.File}, "", "%v", err)}
			return
		}
		res, err := r.md.Render(p.Source.Body, nil)
		p.Source.Body = nil
		if err == nil {
			docs[n].Body = res.Text
		}
	})
	for k, n := range missing {
		errs = append(errs, perDoc[k]...)
		texts[r.site.Pages[idx[n]].Source.Hash] = docs[n].Body
	}
	ix := search.Build(docs)
	for _, f := range ix.Files {
		if err := r.out.WriteRaw(searchDir+f.Name, f.Data); err != nil {
			errs.Add(diag.Errorf(diag.Position{File: searchDir + f.Name}, "", "写出搜索索引失败：%v", err))
		}
	}
	changed := len(missing) > 0 || !sameKeys(old, texts)
	*mem = texts
	if save && changed {
		// The cache only saves time: failing to write it is not an error.
		_ = saveBytes(cacheDir, searchTextFile, func(w io.Writer) error { return encodeSearchText(w, texts) })
	}
	return errs
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

func sameKeys(a, b map[uint64]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			return false
		}
	}
	return true
}

var searchMagic = []byte("gongkai search text\n")

// encodeSearchText writes the binary's identity (text extraction may
// change with it), then hash, length and text of each body.
func encodeSearchText(w io.Writer, texts map[uint64]string) error {
	n := len(searchMagic) + 12
	for _, t := range texts {
		n += 12 + len(t)
	}
	b := make([]byte, 0, n)
	b = append(b, searchMagic...)
	b = binary.LittleEndian.AppendUint64(b, exeHash())
	b = binary.LittleEndian.AppendUint32(b, uint32(len(texts)))
	for h, t := range texts {
		b = binary.LittleEndian.AppendUint64(b, h)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(t)))
		b = append(b, t...)
	}
	_, err := w.Write(seal(b))
	return err
}

// loadSearchText reads the text cache; anything unreadable is no cache,
// and a damaged or foreign file is also a notice.
func loadSearchText(dir string) (map[uint64]string, *diag.Error) {
	if dir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, searchTextFile))
	if err != nil {
		return nil, nil
	}
	m, err := decodeSearchText(b)
	if err == errCorrupt || err == errForeign {
		return nil, diag.Warnf(diag.Position{File: dir}, "", "缓存文件 %s 已损坏或不是 gongkai 写的，已忽略；搜索索引按无缓存重新生成，结果不受影响", searchTextFile)
	}
	return m, nil
}

// decodeSearchText checks the magic and the checksum (see seal), then
// the binary's identity.
func decodeSearchText(b []byte) (map[uint64]string, error) {
	if len(b) < len(searchMagic) || string(b[:len(searchMagic)]) != string(searchMagic) {
		if len(b) < len(searchMagic) && string(b) == string(searchMagic[:len(b)]) {
			return nil, errCorrupt
		}
		return nil, errForeign
	}
	if len(b) < len(searchMagic)+12+8 {
		return nil, errCorrupt
	}
	body := b[:len(b)-8]
	if binary.LittleEndian.Uint64(b[len(body):]) != digest.Sum(body) {
		return nil, errCorrupt
	}
	b = body[len(searchMagic):]
	if binary.LittleEndian.Uint64(b) != exeHash() {
		return nil, errVersion
	}
	n := int(binary.LittleEndian.Uint32(b[8:]))
	b = b[12:]
	all := string(b) // one copy; texts are sliced from it
	m := make(map[uint64]string, n)
	off := 0
	for range n {
		if len(all)-off < 12 {
			return nil, errCorrupt
		}
		h := binary.LittleEndian.Uint64(b[off:])
		l := int(binary.LittleEndian.Uint32(b[off+8:]))
		off += 12
		if l > len(all)-off {
			return nil, errCorrupt
		}
		m[h] = all[off : off+l]
		off += l
	}
	if off != len(all) {
		return nil, errCorrupt
	}
	return m, nil
}
