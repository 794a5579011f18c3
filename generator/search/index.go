// Package search builds the static full-text index of a portal and the
// files its client (layouts/assets/search.js) loads: a small manifest,
// postings in shards by term hash (content-hashed names, cacheable
// forever), one file per document for titles and snippets, and the facets
// for filters. Every file is a script that calls gkLoad(key, data), so the
// same code path works from a web server and from file://.
//
// Chinese is indexed by character: every CJK character (its documents and
// frequencies, capped) and every pair of adjacent characters with its
// positions. A query of n ≥ 2 characters is answered by pairs that cover
// it at fixed offsets, so a document matches exactly when it contains the
// query, wherever words begin or end: recall and precision are those of
// Ctrl+F. Latin words and numbers are lowercased terms with positions.
package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gongkai/generator/digest"
)

// Doc is one published page as the index sees it.
type Doc struct {
	URL     string
	Title   string
	Summary string // an author's summary; an automatic one repeats Body
	Body    string // plain text of the rendered body
	Meta    []string
	Date    time.Time
	// Key identifies everything of the document the index holds, BodyKey
	// its Body: an update indexes again only documents whose Key changed.
	Key, BodyKey uint64

	// Facets, by display name; "" when the page has none.
	Section  string
	Unit     string
	District string
}

// File is one file of the index, Name relative to the index directory.
type File struct {
	Name string
	Data []byte
}

// Index is a built index.
type Index struct {
	Docs   int
	Terms  int
	Shards int
	Files  []File // sorted by name; Files[0] is the manifest
	// Kept names the files of the last index that are unchanged: an
	// update does not make them again (State.FileData does, on demand).
	Kept []string
}

// Manifest is the index's entry point, at a fixed name; everything else
// is reached from it.
const Manifest = "index.js"

// Limits, measured on the 10k synthetic portal: pairs in nearly every
// document take 40–60 KB of postings and live in files of their own, so a
// shard holds only rare terms and stays near shardTarget.
const (
	bigTerm     = 2048      // encoded postings above this get a file of their own
	shardTarget = 12 << 10  // bytes of postings a shard aims at
	maxShards   = 1024      // bounds the manifest (12 bytes a shard)
	maxText     = 200 << 10 // characters of a document indexed and stored
)

// unigramCap is how many documents a one-character term keeps (a
// variable so that tests reach it with a few hundred documents).
var unigramCap = 1000

// docText is the text a document is searched in: title first, so a match
// at a position below the title's length is a title hit.
// The metadata line comes last; bodyEnd is where it starts (in runes), so
// snippets come from the prose.
func docText(d *Doc) (text string, titleLen, bodyEnd int) {
	title := oneLine(d.Title)
	var b strings.Builder
	b.WriteString(title)
	for _, s := range []string{d.Summary, d.Body} {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteByte('\n')
			b.WriteString(s)
		}
	}
	bodyEnd = utf8.RuneCountInString(b.String())
	if meta := strings.Join(d.Meta, " · "); meta != "" {
		b.WriteByte('\n')
		b.WriteString(meta)
	}
	text = b.String()
	if len(text) > maxText {
		text = strings.ToValidUTF8(text[:maxText], "")
		bodyEnd = min(bodyEnd, utf8.RuneCountInString(text))
	}
	return text, utf8.RuneCountInString(title), bodyEnd
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Build indexes docs. Documents are numbered by date, then URL: new pages
// are usually the newest, so adding one leaves the other numbers, and the
// shards that do not hold its terms, unchanged.
func Build(docs []Doc) *Index {
	_, ix := Update(nil, docs, func(i int) string { return docs[i].Body })
	return ix
}

// term is one term's postings, encoded.
type term struct {
	key  string
	data []byte
}

// collect tokenizes every document in parallel (contiguous ranges, one
// per worker) and joins the workers' postings in document order.
func collect(docs []Doc, texts []string, titleLens, bodyEnds []int) *postings {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(docs)/64))
	parts := make([]*postings, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(docs)/workers, (w+1)*len(docs)/workers
		wg.Go(func() {
			p := newPostings()
			for i := lo; i < hi; i++ {
				texts[i], titleLens[i], bodyEnds[i] = docText(&docs[i])
				p.add(i, texts[i], titleLens[i])
			}
			parts[w] = p
		})
	}
	wg.Wait()
	all := parts[0]
	for _, p := range parts[1:] {
		all.merge(p)
	}
	return all
}

// inParallel runs f(0..n-1) in contiguous ranges, one per processor.
func inParallel(n int, f func(i int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/64))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				f(i)
			}
		})
	}
	wg.Wait()
}

// postings accumulates terms for a range of documents.
type postings struct {
	pos  map[uint64]*posAcc // pairs and words
	uni  map[rune]*uniAcc   // single characters
	word map[string]uint64  // word → key in pos
	name []string           // key&wordMask → word

	touched []*posAcc // scratch: the terms of the document being added
	rs      []rune
}

type posAcc struct {
	buf         []byte
	first, last int
	firstLen    int // characters of the first entry's gap

	cur    []int32 // positions in the document being added
	nTitle int
	curDoc int
}

type uniAcc struct {
	docs, vals []int32 // vals: frequency*2 + 1 if in the title
}

const (
	pairBit  = 1 << 62
	wordBit  = 1 << 61
	wordMask = wordBit - 1
)

func newPostings() *postings {
	return &postings{pos: map[uint64]*posAcc{}, uni: map[rune]*uniAcc{}, word: map[string]uint64{}}
}

func (p *postings) wordKey(w string) uint64 {
	k, ok := p.word[w]
	if !ok {
		k = wordBit | uint64(len(p.name))
		p.word[w] = k
		p.name = append(p.name, w)
	}
	return k
}

// add indexes document doc. Occurrences go straight to their term's
// accumulator (in order of position), and each term the document touched
// writes its entry at the end: no sorting.
func (p *postings) add(doc int, text string, titleLen int) {
	rs := p.rs[:0]
	for _, r := range text {
		rs = append(rs, Fold(r))
	}
	p.rs = rs
	touched := p.touched[:0]
	at := func(k uint64, i int) {
		a := p.pos[k]
		if a == nil {
			a = &posAcc{first: -1, curDoc: -1}
			p.pos[k] = a
		}
		if a.curDoc != doc {
			a.curDoc, a.cur, a.nTitle = doc, a.cur[:0], 0
			touched = append(touched, a)
		}
		a.cur = append(a.cur, int32(i))
		if i < titleLen {
			a.nTitle++
		}
	}
	for i := 0; i < len(rs); {
		switch classOf(rs[i]) {
		case cjk:
			u := p.uni[rs[i]]
			if u == nil {
				u = &uniAcc{}
				p.uni[rs[i]] = u
			}
			if n := len(u.docs); n == 0 || u.docs[n-1] != int32(doc) {
				u.docs, u.vals = append(u.docs, int32(doc)), append(u.vals, 0)
			}
			v := &u.vals[len(u.vals)-1]
			*v += 2
			if i < titleLen {
				*v |= 1
			}
			if i+1 < len(rs) && classOf(rs[i+1]) == cjk {
				at(pairBit|uint64(rs[i])<<21|uint64(rs[i+1]), i)
			}
			i++
		case word:
			j := i
			for j < len(rs) && classOf(rs[j]) == word {
				j++
			}
			at(p.wordKey(string(rs[i:min(j, i+maxWord)])), i)
			i = j
		default:
			i++
		}
	}
	for _, a := range touched {
		gap := doc - a.last
		if a.first < 0 {
			a.first, gap = doc, doc+1
			a.firstLen = varintLen(gap)
		}
		a.last = doc
		a.buf = appendEntry(a.buf, gap, a.cur, a.nTitle)
	}
	p.touched = touched
}

// appendEntry writes one document's entry: the gap from the previous
// document, the count of positions (doubled, plus one when some are in the
// title, then that count follows), the first position and the gaps.
func appendEntry(b []byte, gap int, run []int32, nTitle int) []byte {
	b = putVarint(b, gap)
	c := len(run) * 2
	if nTitle > 0 {
		b = putVarint(b, c+1)
		b = putVarint(b, nTitle)
	} else {
		b = putVarint(b, c)
	}
	prev := int32(0)
	for _, pos := range run {
		b = putVarint(b, int(pos-prev))
		prev = pos
	}
	return b
}

// merge appends q, which holds later documents, to p.
func (p *postings) merge(q *postings) {
	for k, b := range q.pos {
		if k&wordBit != 0 {
			k = p.wordKey(q.name[k&wordMask])
		}
		a := p.pos[k]
		if a == nil {
			p.pos[k] = b
			continue
		}
		a.buf = putVarint(a.buf, b.first-a.last)
		a.buf = append(a.buf, b.buf[b.firstLen:]...)
		a.last = b.last
	}
	for r, b := range q.uni {
		a := p.uni[r]
		if a == nil {
			p.uni[r] = b
			continue
		}
		a.docs, a.vals = append(a.docs, b.docs...), append(a.vals, b.vals...)
	}
}

// key is the term of an accumulator's key.
func (p *postings) key(k uint64) string {
	if k&wordBit != 0 {
		return p.name[k&wordMask]
	}
	return string([]rune{rune(k >> 21 & (1<<21 - 1)), rune(k & (1<<21 - 1))})
}

// termData returns every term's encoded postings.
func (p *postings) termData() map[string][]byte {
	out := make(map[string][]byte, len(p.pos)+len(p.uni))
	for k, a := range p.pos {
		out[p.key(k)] = a.buf
	}
	for r, u := range p.uni {
		out[string(r)] = encodeUnigram(u)
	}
	return out
}

// encodeUnigram keeps the unigramCap best documents of a character (in the
// title, then most frequent, then newest) in document order.
func encodeUnigram(u *uniAcc) []byte {
	docs := u.docs
	if len(docs) > unigramCap {
		// Rank packed in one number: title bit and frequency, then the
		// document (newer is larger).
		keys := make([]uint64, len(docs))
		for i, d := range docs {
			keys[i] = uint64(u.vals[i]&1)<<62 | uint64(u.vals[i]>>1)<<32 | uint64(d)
		}
		slices.Sort(keys)
		keys = keys[len(keys)-unigramCap:]
		slices.SortFunc(keys, func(a, b uint64) int { return cmp.Compare(uint32(a), uint32(b)) })
		var b []byte
		prev := -1
		for _, k := range keys {
			i, _ := slices.BinarySearch(docs, int32(uint32(k)))
			b = putVarint(b, int(docs[i])-prev)
			b = putVarint(b, int(u.vals[i]))
			prev = int(docs[i])
		}
		return b
	}
	var b []byte
	prev := -1
	for i, d := range docs {
		b = putVarint(b, int(d)-prev)
		b = putVarint(b, int(u.vals[i]))
		prev = int(d)
	}
	return b
}

// hashTerm is FNV-1a over the term's code points; search.js computes the
// same to find a term's shard.
func hashTerm(s string) uint32 {
	h := uint32(2166136261)
	for _, r := range s {
		h ^= uint32(r)
		h *= 16777619
	}
	return h
}

func fileHash(b []byte) string {
	return fmt.Sprintf("%012x", digest.Sum(b)>>16)
}

// call is the script every index file is: a call of the loader.
func call(key string, data []byte) []byte {
	b := make([]byte, 0, len(data)+len(key)+16)
	b = append(b, `gkLoad("`...)
	b = append(b, key...) // letters and digits only
	b = append(b, `",`...)
	b = append(b, data...)
	return append(b, ");\n"...)
}

// appendJSON appends s as a JSON string, escaped as encoding/json does
// (HTML characters and the JavaScript line separators too, invalid UTF-8
// as U+FFFD), without its allocations: the document files hold every
// page's text.
func appendJSON(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// docFile is document n's file: what a result shows, and the text its
// snippet is cut from.
func docFile(n int, d *Doc, text string, bodyEnd int) File {
	date := ""
	if !d.Date.IsZero() {
		date = d.Date.Format("2006-01-02")
	}
	id := strconv.Itoa(n)
	b := make([]byte, 0, len(text)+len(text)/8+len(d.URL)+len(d.Title)+len(d.Section)+len(d.Unit)+len(d.District)+64)
	b = append(b, `gkLoad("d`...)
	b = append(b, id...)
	b = append(b, `",[`...)
	for _, s := range []string{d.URL, oneLine(d.Title), date, d.Section, d.Unit, d.District, text} {
		b = appendJSON(b, s)
		b = append(b, ',')
	}
	b = strconv.AppendInt(b, int64(bodyEnd), 10)
	b = append(b, "]);\n"...)
	return File{Name: "d/" + id + ".js", Data: b}
}

// facets is what filters need for every document, loaded only once a
// reader filters.
type facets struct {
	Sections  []string `json:"s"`
	Districts []string `json:"d"`
	Units     []string `json:"u"`
	Years     []string `json:"y"`
	// Codes holds four numbers a document in the varint code: indexes
	// into Sections, Districts (plus one; 0 for none), Units (likewise)
	// and Years.
	Codes string `json:"c"`
}

func writeFacets(docs []Doc) File {
	var f facets
	idx := func(list *[]string, m map[string]int, s string) int {
		i, ok := m[s]
		if !ok {
			i = len(*list)
			m[s] = i
			*list = append(*list, s)
		}
		return i
	}
	// Names are numbered in order of first use by the date-sorted
	// documents, which keeps the file stable as new pages are added.
	sm, dm, um, ym := map[string]int{}, map[string]int{"": -1}, map[string]int{"": -1}, map[string]int{}
	var codes []byte
	for i := range docs {
		d := &docs[i]
		year := ""
		if !d.Date.IsZero() {
			year = strconv.Itoa(d.Date.Year())
		}
		codes = putVarint(codes, idx(&f.Sections, sm, d.Section))
		codes = putVarint(codes, idx(&f.Districts, dm, d.District)+1)
		codes = putVarint(codes, idx(&f.Units, um, d.Unit)+1)
		codes = putVarint(codes, idx(&f.Years, ym, year))
	}
	f.Codes = string(codes)
	f.Sections, f.Districts, f.Units, f.Years = nonNil(f.Sections), nonNil(f.Districts), nonNil(f.Units), nonNil(f.Years)
	data, _ := json.Marshal(f)
	h := fileHash(data)
	return File{Name: "f/" + h + ".js", Data: call("f"+h, data)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// manifest names the shards and the facets file, and carries a version
// that changes with any file of the index (document files have fixed
// names and are asked for with it, so a browser never mixes two builds).
func manifest(docs int, shards []string, facetsName string, version string) File {
	m := map[string]any{
		"v": version,
		"n": docs,
		"s": shards,
		"f": strings.TrimSuffix(strings.TrimPrefix(facetsName, "f/"), ".js"),
		"u": unigramCap,
	}
	data, _ := json.Marshal(m)
	return File{Name: Manifest, Data: call("m", data)}
}
