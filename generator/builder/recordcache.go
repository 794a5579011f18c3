package builder

import (
	"gongkai/generator/cache"
	"gongkai/generator/digest"
	"gongkai/generator/record"
)

// The 修订记录 grows by a line per change and is read by every build: at
// 10,000 pages its 9,000 lines took a fifth of a one-edit rebuild to parse
// and check. A build keeps the log as read and a digest of the bytes it
// was read from (record.bin in the store, and in memory for serve), and
// the next build, finding the same bytes at the start of the file, parses
// only the lines appended since. Lines that were checked once need no
// second check: the digest says they are the same bytes.
const recordCacheFile = "record.bin"

// recordCache is the log as last read and the digest of its bytes.
type recordCache struct {
	log record.Log
	sum uint64 // digest.Sum of the file's first log.Size() bytes
}

// readLog parses the site's log, reusing what the last build read when
// the file still starts with the same bytes.
// damaged is set when the store's copy was damaged and ignored.
func (b *Builder) readLog(data []byte) (l record.Log, damaged bool, err error) {
	rc := b.recLog
	if rc == nil {
		rc, damaged = loadRecordCache(store(b.opts.CacheDir), data)
	}
	if rc != nil && rc.log.Size() <= len(data) && digest.Sum(data[:rc.log.Size()]) == rc.sum {
		l, err = record.ParseAfter(data, rc.log)
	} else {
		l, err = record.Parse(data)
	}
	if err != nil {
		return l, damaged, err
	}
	next := &recordCache{log: l, sum: digest.Sum(data[:l.Size()])}
	b.recDirty = b.recDirty || rc == nil || rc.log.Size() != l.Size() || rc.sum != next.sum
	b.recLog = next
	return l, damaged, nil
}

// wroteLog notes the log as a build wrote it into the site.
func (b *Builder) wroteLog(l record.Log, data []byte) {
	b.recLog = &recordCache{log: l, sum: digest.Sum(data)}
	b.recDirty = true
}

// saveLog writes the log as last read or written into the store, when it
// changed.
func (b *Builder) saveLog(st cache.Store) error {
	if !b.recDirty || b.recLog == nil || st.Dir == "" {
		return nil
	}
	l := b.recLog.log
	e := cache.Encoder{B: make([]byte, 0, 64+300*len(l.Entries))}
	e.U64(b.recLog.sum)
	e.Uv(uint64(l.Size()))
	e.Uv(uint64(len(l.Entries)))
	for _, x := range l.Entries {
		e.Uv(uint64(x.Seq))
		for _, s := range [...]string{x.Date, x.URL, x.Kind, x.Hash, x.Reason, x.Prev, x.Entry} {
			e.Str(s)
		}
	}
	if err := st.Write(recordCacheFile, e.B); err != nil {
		return err
	}
	b.recDirty = false
	return nil
}

// loadRecordCache reads record.bin: nil when it is missing, damaged
// (then damaged is set), of another binary, or of a log that body does
// not start with.
func loadRecordCache(st cache.Store, data []byte) (rc *recordCache, damaged bool) {
	payload, err := st.Read(recordCacheFile)
	if err != nil {
		return nil, cache.Damaged(err)
	}
	d := cache.NewDecoder(payload)
	sum, size := d.U64(), int(d.Uv())
	if d.Bad {
		return nil, true
	}
	if size == 0 || size > len(data) || digest.Sum(data[:size]) != sum {
		return nil, false // nothing kept, or the log was rewritten since (a checkout)
	}
	entries := make([]record.Entry, d.Count())
	for i := range entries {
		x := &entries[i]
		x.Seq = int(d.Uv())
		x.Date, x.URL, x.Kind, x.Hash = d.Str(), d.Str(), d.Str(), d.Str()
		x.Reason, x.Prev, x.Entry = d.Str(), d.Str(), d.Str()
	}
	if !d.Done() {
		return nil, true
	}
	l, ok := record.Restore(data, entries, size)
	if !ok {
		return nil, true
	}
	return &recordCache{log: l, sum: sum}, false
}
