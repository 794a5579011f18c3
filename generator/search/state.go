package search

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"gongkai/generator/cache"
	"gongkai/generator/digest"
)

// State is an index kept between builds, so that the next build updates
// it instead of indexing every page again: every term's encoded postings
// (and each character's uncapped ones), what each document was, and the
// body each was indexed from (in Texts, read only for documents that
// change).
//
// An update writes the same files a fresh build of the same documents
// writes, byte for byte: documents are numbered by date and URL in both,
// and a changed document's entries are spliced into exactly the lists
// that hold its old or new terms. When numbers would shift (a page
// deleted, or one added or re-dated anywhere but at the end), Update
// indexes everything again.
type State struct {
	docs []docMeta // by number
	// data holds every term's postings as written: pairs and words with
	// positions, characters capped (see encodeUnigram).
	data map[string][]byte
	uni  map[rune]*uniAcc // characters, uncapped
	// shards lists the terms of each shard, sorted; names are the
	// shards' file names, big the names of terms with files of their own.
	shards [][]string
	names  []string
	big    map[string]string
	small  int // bytes of the terms kept in shards, which sizes them

	// Texts holds the bodies the documents were indexed from.
	Texts *Texts
	// Epoch names the build whose output holds this index.
	Epoch uint64

	facets string // name of the facets file last written
	terms  int    // how many terms have postings (data may hold only some)

	// A state read from the store loads its term parts when an update
	// first needs them (see need): loaded marks those in memory; lost is
	// set when one could not be read, damaged names those found damaged.
	store   *cache.Store
	loaded  [termParts]bool
	lost    bool
	damaged []string

	// Of the store: the generation of the last save, each term part's,
	// and the parts changed since (see Save).
	gen     uint64
	partGen [termParts]uint64
	dirty   [termParts]bool
}

// termWas is a term's postings before an update touched it.
type termWas struct {
	data []byte
	had  bool
}

// docMeta is what the index knows of a document besides its body.
type docMeta struct {
	Doc             // Body is empty: the body lives in Texts
	File     uint64 // digest of its d/ file
	TitleLen int
	BodyEnd  int
}

// Update returns the index of docs and the state for the next build.
// Each Doc has Key and BodyKey set and Body empty; body(i) gives the body
// of docs[i] when the index needs it (the document is new or changed).
// old may be nil (a first build); it is used up.
func Update(old *State, docs []Doc, body func(i int) string) (*State, *Index) {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(docs[a].Date.Compare(docs[b].Date), cmp.Compare(docs[a].URL, docs[b].URL))
	})
	if old != nil && old.extends(docs, order) {
		if st, ix := old.update(docs, order, body); st != nil {
			return st, ix
		}
	}
	texts := NewTexts()
	if old != nil {
		texts = old.Texts
	}
	return build(docs, order, body, texts)
}

// extends reports whether docs keep every old document at its number:
// the same URLs in the same order, new ones only after them.
func (st *State) extends(docs []Doc, order []int) bool {
	if len(order) < len(st.docs) {
		return false
	}
	for n := range st.docs {
		if docs[order[n]].URL != st.docs[n].URL {
			return false
		}
	}
	return true
}

// build indexes every document.
func build(in []Doc, order []int, body func(i int) string, texts *Texts) (*State, *Index) {
	docs := make([]Doc, len(order))
	for n, i := range order {
		docs[n] = in[i]
		docs[n].Body = body(i)
	}
	st := &State{docs: make([]docMeta, len(docs)), big: map[string]string{}, Texts: texts}
	texts.reset()
	all := make([]string, len(docs))
	titleLens, bodyEnds := make([]int, len(docs)), make([]int, len(docs))
	p := collect(docs, all, titleLens, bodyEnds)
	st.data, st.uni = p.termData(), p.uni
	st.terms = len(st.data)
	for i := range st.dirty {
		st.dirty[i] = true
	}
	for t, d := range st.data {
		st.small += smallSize(t, d)
	}
	files := make([]File, len(docs))
	sums := make([]uint64, len(docs))
	inParallel(len(docs), func(n int) {
		files[n] = docFile(n, &docs[n], all[n], bodyEnds[n])
		sums[n] = digest.Sum(files[n].Data)
	})
	for n := range docs {
		texts.put(docs[n].URL, docs[n].BodyKey, docs[n].Body)
		docs[n].Body = ""
		st.docs[n] = docMeta{Doc: docs[n], File: sums[n], TitleLen: titleLens[n], BodyEnd: bodyEnds[n]}
	}
	st.reshard()
	files = append(files, st.writeShards(nil)...)
	return st, st.finish(files, nil)
}

// update splices the changed and new documents into the index; nil when
// a changed document's old body is not at hand.
func (st *State) update(in []Doc, order []int, body func(i int) string) (*State, *Index) {
	// The terms an update touched, each with its postings as they were.
	was, chars := map[string]termWas{}, map[rune]*charChange{}
	var files []File
	changed := map[int]bool{}
	for n, i := range order {
		d := in[i]
		if n < len(st.docs) && st.docs[n].Key == d.Key {
			continue
		}
		changed[n] = true
		var prev indexed
		hasOld := n < len(st.docs)
		if hasOld {
			old := st.docs[n]
			b, ok := st.Texts.get(old.URL, old.BodyKey)
			if !ok {
				return nil, nil
			}
			old.Body = b
			prev.text, prev.titleLen, _ = docText(&old.Doc)
		}
		d.Body = body(i)
		text, titleLen, bodyEnd := docText(&d)
		st.apply(n, prev, indexed{text, titleLen}, hasOld, was, chars)
		f := docFile(n, &d, text, bodyEnd)
		files = append(files, f)
		st.Texts.put(d.URL, d.BodyKey, d.Body)
		d.Body = ""
		m := docMeta{Doc: d, File: digest.Sum(f.Data), TitleLen: titleLen, BodyEnd: bodyEnd}
		if n < len(st.docs) {
			st.docs[n] = m
		} else {
			st.docs = append(st.docs, m)
		}
	}
	st.putChars(chars, was)
	if st.lost {
		return nil, nil
	}
	// A term the old body took out and the new one put back as it was
	// is not touched.
	touched := make(map[string]bool, len(was))
	for t, w := range was {
		if data, ok := st.data[t]; ok != w.had || string(data) != string(w.data) {
			touched[t] = true
			st.dirty[partOf(t)] = true
		}
	}
	if st.reshard() {
		touched = nil // every shard is new
	}
	if st.lost {
		return nil, nil
	}
	files = append(files, st.writeShards(touched)...)
	var kept []string
	for n := range st.docs {
		if !changed[n] {
			kept = append(kept, docName(n))
		}
	}
	if touched != nil {
		for s, terms := range st.shards {
			if !shardTouched(terms, touched) {
				kept = append(kept, "s/"+st.names[s]+".js")
			}
		}
		for t, name := range st.big {
			if !touched[t] {
				kept = append(kept, "t/"+name+".js")
			}
		}
	}
	return st, st.finish(files, kept)
}

// apply replaces document n's entries for its old text (hasOld) by those
// for its new one: one splice per term, whether it gained, kept or lost
// the document.
func (st *State) apply(n int, old, new indexed, hasOld bool, was map[string]termWas, chars map[rune]*charChange) {
	pn := newPostings()
	pn.add(0, new.text, new.titleLen)
	var po *postings
	if hasOld {
		po = newPostings()
		po.add(0, old.text, old.titleLen)
	}
	// A term whose entry for the document is as it was keeps its list:
	// an edit that appends a paragraph splices only the terms it adds
	// to, and loads only their parts.
	var was0 map[string][]byte
	if po != nil {
		was0 = make(map[string][]byte, len(po.pos))
		for k, a := range po.pos {
			was0[po.key(k)] = a.buf[a.firstLen:]
		}
	}
	for k, a := range pn.pos {
		t := pn.key(k)
		entry := a.buf[a.firstLen:] // without the gap of document 0
		if old, ok := was0[t]; ok {
			delete(was0, t)
			if string(old) == string(entry) {
				continue
			}
		}
		st.need(t)
		st.put(t, splice(st.data[t], n, entry), was)
	}
	for t := range was0 { // terms the document no longer has
		st.need(t)
		st.put(t, splice(st.data[t], n, nil), was)
	}
	change := func(r rune, val int32, in bool) {
		st.need(string(r))
		u := st.uni[r]
		if u == nil {
			u = &uniAcc{}
			st.uni[r] = u
		}
		c := chars[r]
		if c == nil {
			c = &charChange{dirty: len(u.docs) <= unigramCap}
			if !c.dirty {
				c.cut = lowestKept(st.data[string(r)])
			}
			chars[r] = c
		}
		i, found := slices.BinarySearch(u.docs, int32(n))
		if found && rankKey(u.vals[i], int32(n)) >= c.cut {
			c.dirty = true
		}
		if in && rankKey(val, int32(n)) >= c.cut {
			c.dirty = true
		}
		switch {
		case !in && found:
			u.docs, u.vals = slices.Delete(u.docs, i, i+1), slices.Delete(u.vals, i, i+1)
		case in && found:
			u.vals[i] = val
		case in:
			u.docs, u.vals = slices.Insert(u.docs, i, int32(n)), slices.Insert(u.vals, i, val)
		}
	}
	for r, a := range pn.uni {
		if po != nil {
			if o := po.uni[r]; o != nil && o.vals[0] == a.vals[0] {
				continue // the same count: the same rank
			}
		}
		change(r, a.vals[0], true)
	}
	if po != nil {
		for r := range po.uni {
			if pn.uni[r] == nil {
				change(r, 0, false)
			}
		}
	}
}

// indexed is a document's indexed text and the length of its title in it.
type indexed struct {
	text     string
	titleLen int
}

// charChange is what an update did to a character's list: whether its
// encoded list may have changed. A character in more than unigramCap
// documents keeps only the best; a change whose old and new ranks are
// both below the lowest kept (cut) leaves the kept ones as they were.
type charChange struct {
	cut   uint64
	dirty bool
}

// rankKey orders a character's documents as encodeUnigram keeps them:
// in the title, then most frequent, then newest.
func rankKey(val, doc int32) uint64 {
	return uint64(val&1)<<62 | uint64(val>>1)<<32 | uint64(uint32(doc))
}

// lowestKept is the lowest rank in a character's encoded list.
func lowestKept(data []byte) uint64 {
	low := uint64(1<<64 - 1)
	doc := -1
	for i := 0; i < len(data); {
		g, j := readGap(data, i)
		v, k := readGap(data, j)
		doc += g
		low = min(low, rankKey(int32(v), int32(doc)))
		i = k
	}
	return low
}

// putChars encodes the lists of the characters an update changed, once
// each however many documents changed them.
func (st *State) putChars(chars map[rune]*charChange, was map[string]termWas) {
	for r, c := range chars {
		u := st.uni[r]
		if !c.dirty && len(u.docs) > unigramCap {
			continue
		}
		var data []byte
		if len(u.docs) > 0 {
			data = encodeUnigram(u)
		} else {
			delete(st.uni, r)
		}
		st.put(string(r), data, was)
	}
}

// put sets a term's postings (nil: the term is gone), keeping the shard
// lists and their size; was gets the term's postings as they were before
// the update first changed them.
func (st *State) put(t string, data []byte, was map[string]termWas) {
	old, had := st.data[t]
	if had && string(old) == string(data) {
		return
	}
	if _, seen := was[t]; !seen {
		was[t] = termWas{old, had}
	}
	st.small += smallSize(t, data) - smallSize(t, old)
	if len(data) == 0 {
		delete(st.data, t)
		if had {
			st.terms--
			st.shardOp(t, false)
		}
		return
	}
	st.data[t] = data
	if !had {
		st.terms++
		st.shardOp(t, true)
	}
}

// shardOp inserts or deletes a term in its shard's sorted list.
func (st *State) shardOp(t string, insert bool) {
	if len(st.shards) == 0 {
		return
	}
	s := hashTerm(t) % uint32(len(st.shards))
	i, found := slices.BinarySearch(st.shards[s], t)
	if insert && !found {
		st.shards[s] = slices.Insert(st.shards[s], i, t)
	} else if !insert && found {
		st.shards[s] = slices.Delete(st.shards[s], i, i+1)
	}
}

// reshard sizes the shards for the terms (the number of shards doubles
// until each holds about shardTarget bytes) and, when the number
// changes, deals the terms out again; it reports whether it did.
func (st *State) reshard() bool {
	n := 1
	for n < maxShards && n*shardTarget < st.small {
		n *= 2
	}
	if n == len(st.shards) {
		return false
	}
	st.loadAll()
	st.store = nil // every term is in memory from here on
	all := make([]string, 0, len(st.data))
	for t := range st.data {
		all = append(all, t)
	}
	slices.Sort(all)
	st.shards = make([][]string, n)
	for _, t := range all {
		s := hashTerm(t) % uint32(n)
		st.shards[s] = append(st.shards[s], t)
	}
	st.names = make([]string, n)
	return true
}

func shardTouched(terms []string, touched map[string]bool) bool {
	for _, t := range terms {
		if touched[t] {
			return true
		}
	}
	return false
}

// writeShards writes the shards that hold a touched term (all when
// touched is nil; a term gone from a shard leaves it touched through its
// neighbours only by chance, so deleted terms are checked by hash) and
// the files of their touched big terms.
func (st *State) writeShards(touched map[string]bool) []File {
	dirty := make([]bool, len(st.shards))
	for t := range touched {
		dirty[hashTerm(t)%uint32(len(st.shards))] = true
	}
	var files []File
	written := map[string]bool{}
	for s, terms := range st.shards {
		if touched != nil && !dirty[s] {
			continue
		}
		var b []byte
		for _, t := range terms {
			if len(b) == 0 {
				b = append(b, '{')
			} else {
				b = append(b, ',')
			}
			b = appendJSON(b, t)
			b = append(b, ':')
			data := st.data[t]
			if len(data) > bigTerm {
				h, ok := st.big[t]
				if !ok || touched == nil || touched[t] {
					h = fileHash(data)
					st.big[t] = h
					if !written[h] {
						written[h] = true
						files = append(files, bigFile(h, data))
					}
				}
				b = append(b, `["`...)
				b = append(b, h...)
				b = append(b, `",`...)
				b = strconv.AppendInt(b, int64(len(data)), 10)
				b = append(b, ']')
			} else {
				delete(st.big, t)
				b = append(b, '"')
				b = append(b, data...)
				b = append(b, '"')
			}
		}
		if len(b) == 0 {
			b = append(b, '{')
		}
		b = append(b, '}')
		h := fileHash(b)
		st.names[s] = h
		if !written["s"+h] {
			written["s"+h] = true
			files = append(files, File{Name: "s/" + h + ".js", Data: call("s"+h, b)})
		}
	}
	for t := range touched {
		if _, ok := st.data[t]; !ok {
			delete(st.big, t)
		}
	}
	return files
}

func bigFile(h string, data []byte) File {
	b := make([]byte, 0, len(data)+len(data)/8+len(h)+24)
	b = append(b, `gkLoad("t`...)
	b = append(b, h...)
	b = append(b, `",`...)
	b = appendJSON(b, bytesString(data))
	return File{Name: "t/" + h + ".js", Data: append(b, ");\n"...)}
}

// finish adds the facets and the manifest, and names the files kept.
func (st *State) finish(files []File, kept []string) *Index {
	docs := make([]Doc, len(st.docs))
	for n := range st.docs {
		docs[n] = st.docs[n].Doc
	}
	facets := writeFacets(docs)
	if facets.Name == st.facets {
		kept = append(kept, facets.Name)
	} else {
		files = append(files, facets)
	}
	st.facets = facets.Name
	// The version changes with any file of the index: document files
	// have fixed names and are asked for with it.
	var all []byte
	for n := range st.docs {
		all = append(all, docName(n)...)
		all = strconv.AppendUint(all, st.docs[n].File, 16)
	}
	for _, s := range st.names {
		all = append(all, s...)
	}
	bigs := make([]string, 0, len(st.big))
	for _, h := range st.big {
		bigs = append(bigs, h)
	}
	slices.Sort(bigs)
	all = append(all, strings.Join(slices.Compact(bigs), "")...)
	all = append(all, facets.Name...)
	m := manifest(len(st.docs), st.names, facets.Name, fileHash(all))
	ix := &Index{Docs: len(st.docs), Terms: st.terms, Shards: len(st.shards)}
	ix.Files = append([]File{m}, files...)
	slices.SortFunc(ix.Files[1:], func(a, b File) int { return cmp.Compare(a.Name, b.Name) })
	made := make(map[string]bool, len(ix.Files))
	for _, f := range ix.Files {
		made[f.Name] = true
	}
	slices.Sort(kept)
	for _, name := range slices.Compact(kept) {
		if !made[name] {
			ix.Kept = append(ix.Kept, name)
		}
	}
	return ix
}

// FileData makes again a file the last Update kept (named in Index.Kept):
// for an output that lost it.
func (st *State) FileData(name string) ([]byte, bool) {
	switch {
	case strings.HasPrefix(name, "d/"):
		n, err := strconv.Atoi(strings.TrimSuffix(name[2:], ".js"))
		if err != nil || n < 0 || n >= len(st.docs) {
			return nil, false
		}
		m := st.docs[n]
		b, ok := st.Texts.get(m.URL, m.BodyKey)
		if !ok {
			return nil, false
		}
		m.Body = b
		text, _, bodyEnd := docText(&m.Doc)
		return docFile(n, &m.Doc, text, bodyEnd).Data, true
	case strings.HasPrefix(name, "s/"):
		for s, h := range st.names {
			if "s/"+h+".js" == name {
				if st.needShard(s); st.lost {
					return nil, false
				}
				for _, f := range st.writeShardsOnly(s) {
					if f.Name == name {
						return f.Data, true
					}
				}
			}
		}
	case strings.HasPrefix(name, "f/"):
		docs := make([]Doc, len(st.docs))
		for n := range st.docs {
			docs[n] = st.docs[n].Doc
		}
		if f := writeFacets(docs); f.Name == name {
			return f.Data, true
		}
	case strings.HasPrefix(name, "t/"):
		for t, h := range st.big {
			if "t/"+h+".js" == name {
				if st.need(t); st.lost {
					return nil, false
				}
				return bigFile(h, st.data[t]).Data, true
			}
		}
	}
	return nil, false
}

// writeShardsOnly writes shard s again, as it is.
func (st *State) writeShardsOnly(s int) []File {
	touched := map[string]bool{}
	for _, t := range st.shards[s] {
		touched[t] = true
	}
	return st.writeShards(touched)
}

// splice returns list with document n's entry set to entry (nil: none).
// Entries are in document order, each a gap from the previous document
// (the first from -1), then its body (see appendEntry).
func splice(list []byte, n int, entry []byte) []byte {
	i, prev := 0, -1
	for i < len(list) {
		g, j := readGap(list, i)
		if prev+g >= n {
			break
		}
		prev += g
		i = skipBody(list, j)
	}
	next, rest := -1, []byte(nil)
	if i < len(list) {
		g, j := readGap(list, i)
		next = prev + g
		if next == n {
			k := skipBody(list, j)
			next = -1
			if k < len(list) {
				g2, j2 := readGap(list, k)
				next, rest = n+g2, list[j2:]
			}
		} else {
			rest = list[j:]
		}
	}
	out := make([]byte, 0, len(list)+len(entry)+8)
	out = append(out, list[:i]...)
	last := prev
	if entry != nil {
		out = putVarint(out, n-prev)
		out = append(out, entry...)
		last = n
	}
	if next >= 0 {
		out = putVarint(out, next-last)
		out = append(out, rest...)
	}
	return out
}

// readGap reads a number of the varint code (see encode.go) at b[i:].
func readGap(b []byte, i int) (int, int) {
	n, shift := 0, 0
	for i < len(b) {
		v := int(decodeTable[b[i]])
		i++
		n |= (v & 31) << shift
		if v&32 == 0 {
			break
		}
		shift += 5
	}
	return n, i
}

// skipBody steps over an entry's body: count, title count, positions.
func skipBody(b []byte, i int) int {
	c, i := readGap(b, i)
	if c&1 == 1 {
		_, i = readGap(b, i)
	}
	for range c >> 1 {
		for decodeTable[b[i]]&32 != 0 {
			i++
		}
		i++
	}
	return i
}

// smallSize is what a term adds to the shards' size.
func smallSize(t string, data []byte) int {
	if len(data) == 0 || len(data) > bigTerm {
		return 0
	}
	return len(data) + len(t)*3 + 6
}

func docName(n int) string { return "d/" + strconv.Itoa(n) + ".js" }

// bytesString is b as a string without a copy, for reading only.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
