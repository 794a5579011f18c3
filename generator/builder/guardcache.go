package builder

import (
	"path/filepath"
	"strings"

	"gongkai/generator/cache"
	"gongkai/generator/digest"
	"gongkai/generator/pii"
)

// guardFile keeps the guard's verdicts on published files (attachments,
// static/, layouts/) for the next build: reading a workbook or a PDF again
// took a quarter of a 10k rebuild's CPU. A verdict is keyed by the file's
// bytes, its type, the allow-list and the detector, so it cannot outlive
// any of them; files with findings are never kept.
const guardFile = "guard.bin"

// verdict is what scanning a file found when it found no number.
type verdict struct {
	Image     bool
	Unscanned string
}

// verdictKey identifies a file's content for the guard.
func verdictKey(name string, raw []byte, allowKey uint64) uint64 {
	return newKeyer().u64(digest.Sum(raw), allowKey, piiIdentity()).str(strings.ToLower(filepath.Ext(name))).sum()
}

// loadVerdicts reads the verdicts of the last build; anything damaged
// reads as none, which only means scanning again.
func loadVerdicts(dir string) map[uint64]verdict {
	v := map[uint64]verdict{}
	data, err := store(dir).Read(guardFile)
	if err != nil {
		return v
	}
	d := cache.NewDecoder(data)
	for n := d.Count(); n > 0; n-- {
		key := d.U64()
		v[key] = verdict{Image: d.Bool(), Unscanned: strings.Clone(d.Str())}
	}
	if !d.Done() {
		return map[uint64]verdict{}
	}
	return v
}

// saveVerdicts writes v atomically.
func saveVerdicts(dir string, v map[uint64]verdict) error {
	var e cache.Encoder
	e.Uv(uint64(len(v)))
	for key, x := range v {
		e.U64(key)
		e.Bool(x.Image)
		e.Str(x.Unscanned)
	}
	return store(dir).Write(guardFile, e.B)
}

// scanFileCached scans a published file unless a verdict on the same
// bytes is known; it returns the report and, for a file without findings,
// the verdict to keep.
func scanFileCached(name string, raw []byte, allowed func(string) bool, allowKey uint64, old map[uint64]verdict) (pii.FileReport, uint64, verdict, bool) {
	key := verdictKey(name, raw, allowKey)
	if v, ok := old[key]; ok {
		return pii.FileReport{Image: v.Image, Unscanned: v.Unscanned}, key, v, true
	}
	r := pii.ScanFile(name, raw, allowed)
	if len(r.Hits) > 0 {
		return r, 0, verdict{}, false
	}
	return r, key, verdict{Image: r.Image, Unscanned: r.Unscanned}, true
}

func sameVerdicts(a, b map[uint64]verdict) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
