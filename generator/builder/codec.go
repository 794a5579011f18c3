package builder

import (
	"encoding/binary"
	"errors"
	"unsafe"

	"gongkai/generator/digest"
	"gongkai/generator/publish"
)

// The build cache is read and written on every build, so it has a small
// binary format of its own instead of gob: gob spent a tenth of a rebuild
// of 10,000 pages encoding and decoding it, and allocated every string.
// Decoding here slices every string out of one copy of the file.
//
//	magic "GKBC", version, dest,
//	outputs: count, then name, hash, size, mtime each,
//	pages:   count, then url, key, digest, summary, truncated, links each,
//	links:   count, then dest, image, line, col, out, in each.
//
//	checksum: 8 bytes, the digest of everything before it.
//
// Strings are a uvarint length and bytes; counts, sizes, lines and columns
// uvarints; hashes, keys and mtimes 8 bytes little-endian.
const buildMagic = "GKBC"

func (c *cache) encode(buf []byte) []byte {
	if need := c.size(); cap(buf)-len(buf) < need {
		// Growing a buffer of megabytes step by step cost more than the
		// encoding itself.
		buf = append(make([]byte, 0, len(buf)+need), buf...)
	}
	e := encoder{b: buf}
	e.b = append(e.b, buildMagic...)
	e.uv(uint64(c.Version))
	e.str(c.Dest)
	e.uv(uint64(len(c.Outputs)))
	// Map order: the file is a cache, read back into maps; sorting 24,000
	// keys took most of the encoding time.
	for name, r := range c.Outputs {
		e.str(name)
		e.u64(r.Hash)
		e.uv(uint64(r.Size))
		e.u64(uint64(r.ModTime))
	}
	e.uv(uint64(len(c.Pages)))
	for url, p := range c.Pages {
		e.str(url)
		e.u64(p.Key)
		e.u64(p.Digest)
		e.str(p.Summary)
		e.bool(p.Truncated)
		e.uv(uint64(len(p.Links)))
		for _, l := range p.Links {
			e.str(l.Dest)
			e.bool(l.Image)
			e.uv(uint64(l.Line))
			e.uv(uint64(l.Col))
			e.str(l.Out)
			e.str(l.In)
		}
	}
	return seal(e.b)
}

// size is at least the encoded size of c, give or take the magic.
func (c *cache) size() int {
	n := 64 + len(c.Dest)
	for name := range c.Outputs {
		n += len(name) + 30
	}
	for url, p := range c.Pages {
		n += len(url) + len(p.Summary) + 30
		for _, l := range p.Links {
			n += len(l.Dest) + len(l.Out) + len(l.In) + 40
		}
	}
	return n
}

var (
	errCorrupt = errors.New("cache file is damaged or truncated")
	errForeign = errors.New("not a gongkai cache file")
	errVersion = errors.New("cache file of another version")
)

// Every cache file ends with a checksum of everything before it (the
// 64-bit digest, little-endian): a flipped bit or a cut file is found
// before anything in it is believed.
func seal(b []byte) []byte { return binary.LittleEndian.AppendUint64(b, digest.Sum(b)) }

// open checks a cache file's magic, version and checksum, and returns it
// without its checksum.
func open(data []byte, magic string) ([]byte, error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		if len(data) < len(magic) && string(data) == magic[:len(data)] {
			return nil, errCorrupt // cut inside the magic
		}
		return nil, errForeign
	}
	d := decoder{s: unsafeString(data[len(magic):])}
	if v := d.uv(); d.bad {
		return nil, errCorrupt
	} else if v != cacheVersion {
		return nil, errVersion
	}
	if len(data) < len(magic)+8 {
		return nil, errCorrupt
	}
	body := data[:len(data)-8]
	if binary.LittleEndian.Uint64(data[len(body):]) != digest.Sum(body) {
		return nil, errCorrupt
	}
	return body, nil
}

func (c *cache) decode(data []byte) error {
	data, err := open(data, buildMagic)
	if err != nil {
		return err
	}
	d := decoder{s: unsafeString(data)}
	if d.raw(len(buildMagic)) != buildMagic {
		return errCorrupt
	}
	c.Version = int(d.uv())
	if c.Version != cacheVersion {
		return errCorrupt
	}
	c.Dest = d.str()
	n := d.count()
	c.Outputs = make(map[string]publish.Record, n)
	for range n {
		name := d.str()
		c.Outputs[name] = publish.Record{Hash: d.u64(), Size: int64(d.uv()), ModTime: int64(d.u64())}
	}
	n = d.count()
	c.Pages = make(map[string]pageRec, n)
	for range n {
		url := d.str()
		p := pageRec{Key: d.u64(), Digest: d.u64(), Summary: d.str(), Truncated: d.bool()}
		if nl := d.count(); nl > 0 {
			p.Links = make([]linkRec, nl)
			for i := range p.Links {
				p.Links[i] = linkRec{Dest: d.str(), Image: d.bool(), Line: int(d.uv()), Col: int(d.uv()), Out: d.str(), In: d.str()}
			}
		}
		c.Pages[url] = p
	}
	if d.bad || d.i != len(d.s) {
		return errCorrupt
	}
	return nil
}

// unsafeString returns data as a string without copying it. The caches' decoders
// slice their strings out of it, so data must never change afterwards: it
// is a file read for decoding only.
func unsafeString(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	return unsafe.String(&data[0], len(data))
}

type encoder struct {
	b       []byte
	scratch []byte
	err     error // the first error of date
}

func (e *encoder) uv(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) str(s string) { e.uv(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// decoder reads what encoder wrote; on any inconsistency it sets bad and
// returns zero values from then on.
type decoder struct {
	s   string
	i   int
	bad bool
}

func (d *decoder) raw(n int) string {
	if d.bad || n < 0 || n > len(d.s)-d.i {
		d.bad = true
		return ""
	}
	d.i += n
	return d.s[d.i-n : d.i]
}

func (d *decoder) uv() uint64 {
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if d.bad || d.i >= len(d.s) {
			break
		}
		b := d.s[d.i]
		d.i++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	d.bad = true
	return 0
}

func (d *decoder) u64() uint64 {
	b := d.raw(8)
	if len(b) < 8 {
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func (d *decoder) str() string { return d.raw(int(min(d.uv(), uint64(len(d.s))))) }

// count reads a number of entries; each takes at least a byte, so a count
// beyond what is left means a corrupt file (and no huge allocation).
func (d *decoder) count() int {
	n := d.uv()
	if n > uint64(len(d.s)-d.i) {
		d.bad = true
		return 0
	}
	return int(n)
}

func (d *decoder) bool() bool {
	b := d.raw(1)
	if b == "" {
		return false
	}
	if b[0] > 1 {
		d.bad = true
	}
	return b[0] == 1
}

// decodeOutputs reads only the output records of a build cache of any
// version since 9 (before the checksum: they begin alike), for taking over
// an output directory written before the ownership marker.
func decodeOutputs(data []byte) (dest string, names []string, ok bool) {
	d := decoder{s: unsafeString(data)}
	if d.raw(len(buildMagic)) != buildMagic {
		return "", nil, false
	}
	if v := d.uv(); v < 9 || v > cacheVersion {
		return "", nil, false
	}
	dest = d.str()
	n := d.count()
	for range n {
		names = append(names, d.str())
		d.u64()
		d.uv()
		d.u64()
	}
	return dest, names, !d.bad
}
