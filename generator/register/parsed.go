package register

import (
	"sync"

	"gongkai/generator/cache"
	"gongkai/generator/digest"
)

// Parsed is the sheets of data/ as read from their files, by path and the
// digest of the file's bytes, kept between builds (in the cache store by
// the builder) so that a build whose spreadsheets did not change does not
// unzip and scan them again. Only the reading is kept: rows are checked
// and merged against config and content on every build.
type Parsed struct {
	mu      sync.Mutex
	files   map[string]parsedFile
	changed bool
}

type parsedFile struct {
	sum    uint64
	size   int
	tables []*table
}

// NewParsed returns an empty store of parsed sheets.
func NewParsed() *Parsed { return &Parsed{files: map[string]parsedFile{}} }

// Changed reports whether a Load read a file that was not kept, or left
// one out; the store is then worth saving.
func (p *Parsed) Changed() bool { return p != nil && p.changed }

// get returns the sheets kept for file if its bytes are as they were;
// sum is the digest of raw, for put on a miss.
func (p *Parsed) get(file string, raw []byte) (ts []*table, sum uint64, ok bool) {
	if p == nil {
		return nil, 0, false
	}
	sum = digest.Sum(raw)
	p.mu.Lock()
	defer p.mu.Unlock()
	f, found := p.files[file]
	if !found || f.size != len(raw) || f.sum != sum {
		return nil, sum, false
	}
	return f.tables, sum, true
}

func (p *Parsed) put(file string, sum uint64, size int, ts []*table) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[file] = parsedFile{sum: sum, size: size, tables: ts}
	p.changed = true
}

// start begins a Load: Changed then reports what it changes.
func (p *Parsed) start() {
	if p != nil {
		p.changed = false
	}
}

// keep drops the files a Load did not see.
func (p *Parsed) keep(files []string) {
	if p == nil {
		return
	}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	for f := range p.files {
		if !seen[f] {
			delete(p.files, f)
			p.changed = true
		}
	}
}

// Encode writes the parsed sheets for the cache store.
func (p *Parsed) Encode(e *cache.Encoder) {
	e.Uv(uint64(len(p.files)))
	for name, f := range p.files {
		e.Str(name)
		e.U64(f.sum)
		e.Uv(uint64(f.size))
		e.Uv(uint64(len(f.tables)))
		for _, t := range f.tables {
			e.Str(t.file)
			e.Str(t.sheet)
			e.Bool(t.csv)
			e.Bool(t.date1904)
			e.Uv(uint64(len(t.rows)))
			for i, row := range t.rows {
				e.Uv(uint64(t.nums[i]))
				e.Uv(uint64(len(row)))
				for _, c := range row {
					e.Str(c)
				}
			}
		}
	}
}

// DecodeParsed reads what Encode wrote; nil if it is malformed.
func DecodeParsed(d *cache.Decoder) *Parsed {
	p := NewParsed()
	for n := d.Count(); n > 0 && !d.Bad; n-- {
		name := d.Str()
		f := parsedFile{sum: d.U64(), size: int(d.Uv())}
		f.tables = make([]*table, d.Count())
		for i := range f.tables {
			t := &table{file: d.Str(), sheet: d.Str(), csv: d.Bool(), date1904: d.Bool()}
			rows := d.Count()
			t.rows, t.nums = make([][]string, rows), make([]int, rows)
			for r := range rows {
				t.nums[r] = int(d.Uv())
				row := make([]string, d.Count())
				for c := range row {
					row[c] = d.Str()
				}
				t.rows[r] = row
			}
			f.tables[i] = t
		}
		p.files[name] = f
	}
	if !d.Done() {
		return nil
	}
	return p
}
