package builder

import (
	"gongkai/generator/cache"
	"gongkai/generator/publish"
)

// The build cache (build.bin in the store, see package cache) is read and
// written on every build:
//
//	dest, the 修订记录's head,
//	outputs: count, then name, hash, size, mtime each,
//	pages:   count, then url, key, digest, summary, truncated, record, links each,
//	links:   count, then dest, image, line, col, out, in each.
//
// Strings are a uvarint length and bytes; counts, sizes, lines and columns
// uvarints; hashes, keys and mtimes 8 bytes little-endian.

// encoder and decoder are the store's, with the content model's types
// added (pagecodec.go).
type encoder struct {
	cache.Encoder
	scratch []byte
	err     error // the first error of date
}
type decoder struct{ *cache.Decoder }

func newDecoder(payload []byte) decoder { return decoder{cache.NewDecoder(payload)} }

func (c *lastBuild) encode(buf []byte) []byte {
	if need := c.size(); cap(buf)-len(buf) < need {
		// Growing a buffer of megabytes step by step cost more than the
		// encoding itself.
		buf = append(make([]byte, 0, len(buf)+need), buf...)
	}
	e := encoder{Encoder: cache.Encoder{B: buf}}
	e.U64(c.Epoch)
	e.Str(c.Dest)
	e.Str(c.RecordHead)
	e.Uv(uint64(len(c.Outputs)))
	// Map order: the file is a cache, read back into maps; sorting 24,000
	// keys took most of the encoding time.
	for name, r := range c.Outputs {
		e.Str(name)
		e.U64(r.Hash)
		e.Uv(uint64(r.Size))
		e.U64(uint64(r.ModTime))
	}
	e.Uv(uint64(len(c.Pages)))
	for url, p := range c.Pages {
		e.Str(url)
		e.U64(p.Key)
		e.U64(p.Digest)
		e.Str(p.Summary)
		e.Bool(p.Truncated)
		e.Str(p.Record)
		e.Uv(uint64(len(p.Links)))
		for _, l := range p.Links {
			e.Str(l.Dest)
			e.Bool(l.Image)
			e.Uv(uint64(l.Line))
			e.Uv(uint64(l.Col))
			e.Str(l.Out)
			e.Str(l.In)
		}
	}
	return e.B
}

// size is at least the encoded size of c, give or take the magic.
func (c *lastBuild) size() int {
	n := 64 + len(c.Dest)
	for name := range c.Outputs {
		n += len(name) + 30
	}
	for url, p := range c.Pages {
		n += len(url) + len(p.Summary) + len(p.Record) + 30
		for _, l := range p.Links {
			n += len(l.Dest) + len(l.Out) + len(l.In) + 40
		}
	}
	return n
}

func (c *lastBuild) decode(data []byte) error {
	d := newDecoder(data)
	c.Epoch = d.U64()
	c.Dest = d.Str()
	c.RecordHead = d.Str()
	n := d.Count()
	c.Outputs = make(map[string]publish.Record, n)
	for range n {
		name := d.Str()
		c.Outputs[name] = publish.Record{Hash: d.U64(), Size: int64(d.Uv()), ModTime: int64(d.U64())}
	}
	n = d.Count()
	c.Pages = make(map[string]pageRec, n)
	for range n {
		url := d.Str()
		p := pageRec{Key: d.U64(), Digest: d.U64(), Summary: d.Str(), Truncated: d.Bool(), Record: d.Str()}
		if nl := d.Count(); nl > 0 {
			p.Links = make([]linkRec, nl)
			for i := range p.Links {
				p.Links[i] = linkRec{Dest: d.Str(), Image: d.Bool(), Line: int(d.Uv()), Col: int(d.Uv()), Out: d.Str(), In: d.Str()}
			}
		}
		c.Pages[url] = p
	}
	if !d.Done() {
		return cache.ErrCorrupt
	}
	return nil
}

// legacyMagic began the build cache of versions 9–12, before the store.
const legacyMagic = "GKBC"

// decodeOutputs reads only the output records of a build cache of any
// version since 9 (before the checksum: they begin alike), for taking over
// an output directory written before the ownership marker.
func decodeOutputs(data []byte) (dest string, names []string, ok bool) {
	d := cache.NewDecoder(data)
	if d.Raw(len(legacyMagic)) != legacyMagic {
		return "", nil, false
	}
	if v := d.Uv(); v < 9 || v > 12 {
		return "", nil, false
	}
	dest = d.Str()
	n := d.Count()
	for range n {
		names = append(names, d.Str())
		d.U64()
		d.Uv()
		d.U64()
	}
	return dest, names, !d.Bad
}
