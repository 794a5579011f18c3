package search

import (
	"fmt"
	"hash/fnv"

	"gongkai/generator/cache"
)

// textShards is how many files the bodies are saved in: an update that
// changes one page rewrites one of them (1/64 of the bodies).
const textShards = 64

// Texts holds the bodies documents were indexed from, by URL, so that a
// changed document's old entries can be taken out of the index, and a
// document whose metadata changed can be indexed again without rendering
// its Markdown. Shards load from the cache store when first asked for.
type Texts struct {
	store   cache.Store
	shards  [textShards]*textShard
	damaged []string // files found damaged when loaded
}

type textShard struct {
	m     map[string]textRec
	dirty bool
}

type textRec struct {
	key  uint64 // identifies the body (Doc.BodyKey)
	body string
}

// NewTexts returns an empty store of bodies.
func NewTexts() *Texts {
	t := &Texts{}
	t.reset()
	return t
}

// reset empties every shard: a whole index is being made.
func (t *Texts) reset() {
	for i := range t.shards {
		t.shards[i] = &textShard{m: map[string]textRec{}, dirty: true}
	}
}

func textShardOf(url string) int {
	h := fnv.New32a()
	h.Write([]byte(url))
	return int(h.Sum32() % textShards)
}

func textFile(i int) string { return fmt.Sprintf("search/text/%02d.bin", i) }

func (t *Texts) shard(url string) *textShard {
	i := textShardOf(url)
	if t.shards[i] == nil {
		sh := &textShard{m: map[string]textRec{}}
		data, err := t.store.Read(textFile(i))
		if err == nil {
			d := cache.NewDecoder(data)
			for n := d.Count(); n > 0; n-- {
				url := d.Str()
				sh.m[url] = textRec{key: d.U64(), body: d.Str()}
			}
			if !d.Done() {
				sh.m, err = map[string]textRec{}, cache.ErrCorrupt
			}
		}
		if cache.Damaged(err) {
			t.damaged = append(t.damaged, textFile(i))
		}
		t.shards[i] = sh
	}
	return t.shards[i]
}

// Body returns the body of url if it is the one with key.
func (t *Texts) Body(url string, key uint64) (string, bool) { return t.get(url, key) }

func (t *Texts) get(url string, key uint64) (string, bool) {
	r, ok := t.shard(url).m[url]
	if !ok || r.key != key {
		return "", false
	}
	return r.body, true
}

func (t *Texts) put(url string, key uint64, body string) {
	sh := t.shard(url)
	if r, ok := sh.m[url]; ok && r.key == key && r.body == body {
		return
	}
	sh.m[url] = textRec{key: key, body: body}
	sh.dirty = true
}

// save writes the shards that changed.
func (t *Texts) save(s cache.Store) error {
	var first error
	for i, sh := range t.shards {
		if sh == nil || !sh.dirty {
			continue
		}
		sh.dirty = false
		if len(sh.m) == 0 {
			s.Remove(textFile(i))
			continue
		}
		n := 16
		for url, r := range sh.m {
			n += len(url) + len(r.body) + 24
		}
		e := cache.Encoder{B: make([]byte, 0, n)}
		e.Uv(uint64(len(sh.m)))
		for url, r := range sh.m {
			e.Str(url)
			e.U64(r.key)
			e.Str(r.body)
		}
		if err := s.Write(textFile(i), e.B); err != nil && first == nil {
			first = err
		}
	}
	t.store = s
	return first
}

// Damaged lists the files of the store found damaged so far.
func (t *Texts) Damaged() []string { return t.damaged }
