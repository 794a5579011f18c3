package search

import (
	"fmt"
	"slices"
	"time"
	"unsafe"

	"gongkai/generator/cache"
)

// The state is saved in the cache store as an index file (documents,
// shard and big-term names) and the postings in termParts files by the
// term's hash, so that an edit rewrites the few parts whose terms it
// touched; the bodies are in search/text/ (see Texts).
const (
	stateFile = "search/index.bin"
	termParts = 64
)

// StateFile is the name of the state in the store.
const StateFile = stateFile

func termFile(i int) string { return fmt.Sprintf("search/terms/%02d.bin", i) }

// partOf is the part a term's postings are saved in; a character's
// uncapped list is saved with the character as a term.
func partOf(t string) int { return int(hashTerm(t) % termParts) }

// Save writes the state: the term parts that changed, the bodies that
// changed, then the index file, which names the generation of every part
// it goes with (a build killed between them leaves parts of another
// generation, and the next build indexes everything again).
func (st *State) Save(s cache.Store) error {
	// Generations grow with the clock, so that a state made afresh
	// never reuses one a part on disk has.
	st.gen = max(st.gen+1, uint64(time.Now().UnixNano()))
	if err := st.saveParts(s); err != nil {
		return err
	}
	if err := st.Texts.save(s); err != nil {
		return err
	}
	n := 1 << 16
	for _, d := range st.docs {
		n += len(d.URL) + len(d.Title) + len(d.Summary) + 96
	}
	e := cache.Encoder{B: make([]byte, 0, n)}
	e.U64(st.Epoch)
	e.U64(st.gen)
	for _, g := range st.partGen {
		e.U64(g)
	}
	e.Uv(uint64(len(st.docs)))
	for i := range st.docs {
		d := &st.docs[i]
		e.Str(d.URL)
		e.Str(d.Title)
		e.Str(d.Summary)
		e.Uv(uint64(len(d.Meta)))
		for _, m := range d.Meta {
			e.Str(m)
		}
		date, _ := d.Date.MarshalBinary()
		e.Bytes(date)
		e.Str(d.Section)
		e.Str(d.Unit)
		e.Str(d.District)
		e.U64(d.Key)
		e.U64(d.BodyKey)
		e.U64(d.File)
		e.Uv(uint64(d.TitleLen))
		e.Uv(uint64(d.BodyEnd))
	}
	e.Uv(uint64(len(st.shards)))
	for _, name := range st.names {
		e.Str(name)
	}
	e.Uv(uint64(len(st.big)))
	for t, h := range st.big {
		e.Str(t)
		e.Str(h)
	}
	e.Uv(uint64(st.small))
	e.Uv(uint64(st.terms))
	e.Str(st.facets)
	return s.Write(stateFile, e.B)
}

// saveParts writes the term parts marked dirty.
func (st *State) saveParts(s cache.Store) error {
	type part struct {
		terms []string
		chars []rune
		size  int
	}
	var parts [termParts]*part
	any := false
	for i, d := range st.dirty {
		if d {
			parts[i], any = &part{}, true
		}
	}
	if !any {
		return nil
	}
	for t, data := range st.data {
		if p := parts[partOf(t)]; p != nil {
			p.terms = append(p.terms, t)
			p.size += len(t) + len(data) + 8
		}
	}
	for r, u := range st.uni {
		if p := parts[partOf(string(r))]; p != nil {
			p.chars = append(p.chars, r)
			p.size += 8 + 6*len(u.docs)
		}
	}
	for i, p := range parts {
		if p == nil {
			continue
		}
		// Sorted, so that loading deals them to their shards in order.
		slices.Sort(p.terms)
		e := cache.Encoder{B: make([]byte, 0, p.size+32)}
		e.U64(st.gen)
		e.Uv(uint64(len(p.terms)))
		for _, t := range p.terms {
			e.Str(t)
			e.Bytes(st.data[t])
		}
		e.Uv(uint64(len(p.chars)))
		for _, r := range p.chars {
			u := st.uni[r]
			e.Uv(uint64(r))
			e.Uv(uint64(len(u.docs)))
			prev := int32(-1)
			for i, d := range u.docs {
				e.Uv(uint64(d - prev))
				e.Uv(uint64(u.vals[i]))
				prev = d
			}
		}
		if err := s.Write(termFile(i), e.B); err != nil {
			return err
		}
		st.partGen[i] = st.gen
		st.dirty[i] = false
	}
	return nil
}

// Load reads the state a build saved; nil when there is none it can
// trust (missing, damaged or written by another gongkai), with the
// store's error. The term parts are read when an update first needs
// them (see need): an edit reads the few its terms are in, not the
// whole index.
func Load(s cache.Store) (*State, error) {
	data, err := s.Read(stateFile)
	if err != nil {
		return nil, err
	}
	st := decodeState(s, data)
	if st == nil {
		return nil, cache.ErrCorrupt
	}
	st.store = &s
	return st, nil
}

// need loads the term parts that hold t's shard. A part that cannot be
// read, or is of another generation than the index file names (a build
// killed between saves), makes the state lost: the update gives up and
// the index is made afresh.
func (st *State) need(t string) {
	if st.store != nil && len(st.shards) > 0 {
		st.needShard(int(hashTerm(t) % uint32(len(st.shards))))
	}
}

// needShard loads the parts that hold shard s's terms. The number of
// shards and of parts are powers of two: with at least as many shards as
// parts a shard's terms are all in one part; with fewer, a shard takes
// the terms of every part p with p % shards == s.
func (st *State) needShard(s int) {
	if st.store == nil {
		return
	}
	n := len(st.shards)
	if n >= termParts {
		st.loadPart(s % termParts)
		return
	}
	loaded := false
	for p := s; p < termParts; p += n {
		loaded = st.loadPart(p) || loaded
	}
	if loaded {
		slices.Sort(st.shards[s])
	}
}

// loadAll loads every term part (the shards are dealt out again).
func (st *State) loadAll() {
	for s := range min(len(st.shards), termParts) {
		st.needShard(s)
	}
}

// loadPart reads term part i unless it is in memory; it reports whether
// it read it.
func (st *State) loadPart(i int) bool {
	if st.loaded[i] || st.lost {
		return false
	}
	st.loaded[i] = true
	data, err := st.store.Read(termFile(i))
	if cache.Damaged(err) {
		st.damaged = append(st.damaged, termFile(i))
	}
	if err != nil || !st.decodePart(i, data) {
		st.lost = true
		return false
	}
	return true
}

// Damaged lists the files of the state found damaged while loading.
func (st *State) Damaged() []string {
	return append(slices.Clip(st.damaged), st.Texts.Damaged()...)
}

func decodeState(s cache.Store, data []byte) *State {
	d := cache.NewDecoder(data)
	st := &State{big: map[string]string{}, uni: map[rune]*uniAcc{}, data: map[string][]byte{}, Texts: &Texts{store: s}}
	st.Epoch = d.U64()
	st.gen = d.U64()
	for i := range st.partGen {
		st.partGen[i] = d.U64()
	}
	n := d.Count()
	st.docs = make([]docMeta, n)
	for i := range st.docs {
		m := &st.docs[i]
		m.URL, m.Title, m.Summary = d.Str(), d.Str(), d.Str()
		if k := d.Count(); k > 0 {
			m.Meta = make([]string, k)
			for j := range m.Meta {
				m.Meta[j] = d.Str()
			}
		}
		var date time.Time
		if date.UnmarshalBinary([]byte(d.Str())) != nil {
			return nil
		}
		m.Date = date
		m.Section, m.Unit, m.District = d.Str(), d.Str(), d.Str()
		m.Key, m.BodyKey, m.File = d.U64(), d.U64(), d.U64()
		m.TitleLen, m.BodyEnd = int(d.Uv()), int(d.Uv())
	}
	shards := d.Count()
	st.shards, st.names = make([][]string, shards), make([]string, shards)
	for s := range st.names {
		st.names[s] = d.Str()
	}
	for k := d.Count(); k > 0; k-- {
		t := d.Str()
		st.big[t] = d.Str()
	}
	st.small = int(d.Uv())
	st.terms = int(d.Uv())
	st.facets = d.Str()
	if !d.Done() || shards == 0 {
		return nil
	}
	return st
}

// decodePart reads term part i into the state; false when it is damaged
// or of another generation than the index file names.
func (st *State) decodePart(i int, data []byte) bool {
	d := cache.NewDecoder(data)
	if d.U64() != st.partGen[i] {
		return false
	}
	n := uint32(len(st.shards))
	for k := d.Count(); k > 0; k-- {
		t := d.Str()
		// The postings alias the file's bytes, which nothing changes:
		// splice and encodeUnigram make new slices.
		st.data[t] = bytesOf(d.Str())
		s := hashTerm(t) % n
		st.shards[s] = append(st.shards[s], t)
	}
	for k := d.Count(); k > 0; k-- {
		r := rune(d.Uv())
		u := &uniAcc{}
		c := d.Count()
		u.docs, u.vals = make([]int32, c), make([]int32, c)
		prev := int32(-1)
		for i := range c {
			prev += int32(d.Uv())
			u.docs[i], u.vals[i] = prev, int32(d.Uv())
		}
		st.uni[r] = u
	}
	return d.Done()
}

func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
