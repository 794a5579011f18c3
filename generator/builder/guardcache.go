package builder

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gongkai/generator/digest"
	"gongkai/generator/pii"
)

// guardFile keeps the guard's verdicts on published files (attachments,
// static/, layouts/) for the next build: reading a workbook or a PDF again
// took a quarter of a 10k rebuild's CPU. A verdict is keyed by the file's
// bytes, its type, the allow-list and the detector, so it cannot outlive
// any of them; files with findings are never kept.
const guardFile = "guard.bin"

var guardMagic = []byte("GKGUARD\x01")

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
	if dir == "" {
		return v
	}
	data, err := os.ReadFile(filepath.Join(dir, guardFile))
	if err != nil || len(data) < len(guardMagic)+4 || !bytes.HasPrefix(data, guardMagic) {
		return v
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != sum {
		return v
	}
	b := body[len(guardMagic):]
	for len(b) >= 13 {
		key := binary.LittleEndian.Uint64(b)
		image := b[8] == 1
		n := int(binary.LittleEndian.Uint32(b[9:]))
		b = b[13:]
		if n > len(b) {
			return map[uint64]verdict{}
		}
		v[key] = verdict{Image: image, Unscanned: string(b[:n])}
		b = b[n:]
	}
	if len(b) != 0 {
		return map[uint64]verdict{}
	}
	return v
}

// saveVerdicts writes v atomically.
func saveVerdicts(dir string, v map[uint64]verdict) error {
	b := append([]byte(nil), guardMagic...)
	for key, x := range v {
		b = binary.LittleEndian.AppendUint64(b, key)
		image := byte(0)
		if x.Image {
			image = 1
		}
		b = append(b, image)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(x.Unscanned)))
		b = append(b, x.Unscanned...)
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
	return saveBytes(dir, guardFile, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
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
