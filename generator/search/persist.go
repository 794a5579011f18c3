package search

import (
	"time"
	"unsafe"

	"gongkai/generator/cache"
)

// stateFile is the index's entry in the cache store; the bodies are in
// search/text/ (see Texts).
const stateFile = "search/index.bin"

// Save writes the state and the bodies that changed into the store.
func (st *State) Save(s cache.Store) error {
	n := 1 << 16
	for t, d := range st.data {
		n += len(t) + len(d) + 8
	}
	for _, d := range st.docs {
		n += len(d.URL) + len(d.Title) + len(d.Summary) + 96
	}
	e := cache.Encoder{B: make([]byte, 0, n)}
	e.U64(st.Epoch)
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
	for s, terms := range st.shards {
		e.Str(st.names[s])
		e.Uv(uint64(len(terms)))
		for _, t := range terms {
			e.Str(t)
			e.Bytes(st.data[t])
		}
	}
	e.Uv(uint64(len(st.big)))
	for t, h := range st.big {
		e.Str(t)
		e.Str(h)
	}
	e.Uv(uint64(st.small))
	e.Uv(uint64(len(st.uni)))
	for r, u := range st.uni {
		e.Uv(uint64(r))
		e.Uv(uint64(len(u.docs)))
		prev := int32(-1)
		for i, d := range u.docs {
			e.Uv(uint64(d - prev))
			e.Uv(uint64(u.vals[i]))
			prev = d
		}
	}
	if err := s.Write(stateFile, e.B); err != nil {
		return err
	}
	return st.Texts.save(s)
}

// StateFile is the name of the state in the store.
const StateFile = stateFile

// Load reads the state a build saved; nil when there is none it can
// trust (missing, damaged, or written by another gongkai), with the
// store's error.
func Load(s cache.Store) (*State, error) {
	data, err := s.Read(stateFile)
	if err != nil {
		return nil, err
	}
	st := decodeState(s, data)
	if st == nil {
		return nil, cache.ErrCorrupt
	}
	return st, nil
}

func decodeState(s cache.Store, data []byte) *State {
	d := cache.NewDecoder(data)
	st := &State{big: map[string]string{}, uni: map[rune]*uniAcc{}, Texts: &Texts{store: s}}
	st.Epoch = d.U64()
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
	st.data = map[string][]byte{}
	for s := range st.shards {
		st.names[s] = d.Str()
		terms := make([]string, d.Count())
		for i := range terms {
			terms[i] = d.Str()
			// The postings alias the file's bytes, which nothing
			// changes: splice and encodeUnigram make new slices.
			st.data[terms[i]] = bytesOf(d.Str())
		}
		st.shards[s] = terms
	}
	for k := d.Count(); k > 0; k-- {
		t := d.Str()
		st.big[t] = d.Str()
	}
	st.small = int(d.Uv())
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
	if !d.Done() {
		return nil
	}
	return st
}

func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
