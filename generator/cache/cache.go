// Package cache is the one store of what a build keeps for the next one:
// parsed pages, page and output records, guard verdicts, the search
// index's postings and texts. Every file has the same envelope and
// checksum and is keyed by the generator's identity: a file that another
// gongkai binary wrote reads as absent, so no format version is ever
// bumped by hand, and a damaged file is found before anything in it is
// believed. Deleting the store is always safe: the next build is a cold
// one.
//
// A file is
//
//	magic "GKCACHE\x01", the writer's identity (8 bytes), the payload,
//	checksum: 8 bytes, the digest of everything before it.
//
// Payloads are written with Encoder and read with Decoder: uvarints,
// fixed 8-byte words and length-prefixed strings, decoded by slicing one
// copy of the file, never by reflection.
package cache

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"gongkai/generator/digest"
)

const magic = "GKCACHE\x01"

// The ways a file of the store can fail to read. A missing file is
// fs.ErrNotExist.
var (
	ErrCorrupt = errors.New("cache file is damaged or truncated")
	ErrForeign = errors.New("not a gongkai cache file")
	ErrStale   = errors.New("cache file written by another gongkai binary")
)

// Identity identifies the running gongkai binary: its path, size and
// mtime (a build or an install gives it a new mtime), rather than its
// 15 MB of bytes, which took a tenth of a rebuild to hash.
var Identity = sync.OnceValue(func() uint64 {
	b := []byte("gongkai")
	if exe, err := os.Executable(); err == nil {
		b = append(b, exe...)
		if st, err := os.Stat(exe); err == nil {
			b = binary.LittleEndian.AppendUint64(b, uint64(st.Size()))
			b = binary.LittleEndian.AppendUint64(b, uint64(st.ModTime().UnixNano()))
		}
	}
	return digest.Sum(b)
})

// Store is a directory of cache files written by one generator.
type Store struct {
	Dir string // "" is no store: reads find nothing, writes do nothing
	ID  uint64 // the generator's identity
}

// Open returns the store in dir for the running binary.
func Open(dir string) Store { return Store{Dir: dir, ID: Identity()} }

// Read returns the payload of the file name (slash-separated, relative
// to the store). The payload aliases the file's bytes.
func (s Store) Read(name string) ([]byte, error) {
	if s.Dir == "" {
		return nil, os.ErrNotExist
	}
	data, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	return s.Open(data)
}

// Open checks a file's envelope and returns its payload.
func (s Store) Open(data []byte) ([]byte, error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		if len(data) < len(magic) && string(data) == magic[:len(data)] {
			return nil, ErrCorrupt // cut inside the magic
		}
		return nil, ErrForeign
	}
	if len(data) < len(magic)+16 {
		return nil, ErrCorrupt
	}
	body := data[:len(data)-8]
	if binary.LittleEndian.Uint64(data[len(body):]) != digest.Sum(body) {
		return nil, ErrCorrupt
	}
	if binary.LittleEndian.Uint64(body[len(magic):]) != s.ID {
		return nil, ErrStale
	}
	return body[len(magic)+8:], nil
}

// Write replaces the file name with payload, atomically: a build killed
// while writing leaves the old file or none.
func (s Store) Write(name string, payload []byte) error {
	if s.Dir == "" {
		return nil
	}
	// The envelope is written around the payload, not copied with it:
	// the search index's files are tens of megabytes.
	head := binary.LittleEndian.AppendUint64(append([]byte(nil), magic...), s.ID)
	sum := binary.LittleEndian.AppendUint64(nil, digest.SumOf(head, payload))
	return s.write(name, func(w io.Writer) error {
		for _, b := range [][]byte{head, payload, sum} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s Store) write(name string, write func(io.Writer) error) error {
	path := filepath.Join(s.Dir, filepath.FromSlash(name))
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Remove deletes the file name, if it is there.
func (s Store) Remove(name string) {
	if s.Dir != "" {
		os.Remove(filepath.Join(s.Dir, filepath.FromSlash(name)))
	}
}

// Damaged reports whether err means the file was there but cannot be
// believed (as against missing or written by another generator, which
// are normal).
func Damaged(err error) bool { return err == ErrCorrupt || err == ErrForeign }

// Encoder appends a payload.
type Encoder struct{ B []byte }

// Uv appends an unsigned varint.
func (e *Encoder) Uv(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// U64 appends 8 bytes, little-endian.
func (e *Encoder) U64(v uint64) { e.B = binary.LittleEndian.AppendUint64(e.B, v) }

// Str appends a length-prefixed string.
func (e *Encoder) Str(s string) { e.Uv(uint64(len(s))); e.B = append(e.B, s...) }

// Bytes appends a length-prefixed byte string.
func (e *Encoder) Bytes(b []byte) { e.Uv(uint64(len(b))); e.B = append(e.B, b...) }

// Bool appends one byte, 0 or 1.
func (e *Encoder) Bool(v bool) {
	if v {
		e.B = append(e.B, 1)
	} else {
		e.B = append(e.B, 0)
	}
}

// Decoder reads a payload. A read past the end or a malformed value sets
// Bad and reads as zero from then on, so a decoder checks Bad once at
// the end instead of after every field.
type Decoder struct {
	s   string
	i   int
	Bad bool
}

// NewDecoder reads payload, which must not change while its strings are
// in use: they are sliced out of it without copying.
func NewDecoder(payload []byte) *Decoder {
	return &Decoder{s: unsafe.String(unsafe.SliceData(payload), len(payload))}
}

// Done reports whether the whole payload was read without error.
func (d *Decoder) Done() bool { return !d.Bad && d.i == len(d.s) }

// Left is the number of bytes not yet read.
func (d *Decoder) Left() int { return len(d.s) - d.i }

// Raw reads n bytes.
func (d *Decoder) Raw(n int) string {
	if d.Bad || n < 0 || n > len(d.s)-d.i {
		d.Bad = true
		return ""
	}
	d.i += n
	return d.s[d.i-n : d.i]
}

// Uv reads an unsigned varint.
func (d *Decoder) Uv() uint64 {
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if d.Bad || d.i >= len(d.s) {
			break
		}
		b := d.s[d.i]
		d.i++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	d.Bad = true
	return 0
}

// U64 reads 8 bytes, little-endian.
func (d *Decoder) U64() uint64 {
	b := d.Raw(8)
	if len(b) < 8 {
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// Str reads a length-prefixed string.
func (d *Decoder) Str() string { return d.Raw(int(min(d.Uv(), uint64(len(d.s))))) }

// Count reads a number of entries; each takes at least a byte, so a
// count beyond what is left means a damaged file (and no huge
// allocation).
func (d *Decoder) Count() int {
	n := d.Uv()
	if n > uint64(len(d.s)-d.i) {
		d.Bad = true
		return 0
	}
	return int(n)
}

// Bool reads one byte, 0 or 1.
func (d *Decoder) Bool() bool {
	b := d.Raw(1)
	if b == "" {
		return false
	}
	if b[0] > 1 {
		d.Bad = true
	}
	return b[0] == 1
}
