package cache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	s := Store{Dir: t.TempDir(), ID: 1}
	var e Encoder
	e.Uv(300)
	e.U64(1 << 60)
	e.Str("工会")
	e.Bytes([]byte{0, 1})
	e.Bool(true)
	if err := s.Write("a/b.bin", e.B); err != nil {
		t.Fatal(err)
	}
	p, err := s.Read("a/b.bin")
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(p)
	if d.Uv() != 300 || d.U64() != 1<<60 || d.Str() != "工会" || d.Str() != "\x00\x01" || !d.Bool() || !d.Done() {
		t.Fatal("payload did not read back")
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	s := Store{Dir: dir, ID: 1}
	if err := s.Write("x.bin", []byte("payload")); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(filepath.Join(dir, "x.bin"))
	flip := append([]byte(nil), good...)
	flip[len(magic)+9] ^= 1
	for name, tc := range map[string]struct {
		data []byte
		want error
	}{
		"flipped bit":      {flip, ErrCorrupt},
		"cut short":        {good[:len(good)-3], ErrCorrupt},
		"cut in the magic": {good[:3], ErrCorrupt},
		"a zip file":       {[]byte("PK\x03\x04 a zip"), ErrForeign},
		"empty":            {nil, ErrCorrupt},
	} {
		os.WriteFile(filepath.Join(dir, "y.bin"), tc.data, 0o644)
		if _, err := s.Read("y.bin"); err != tc.want {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	other := Store{Dir: dir, ID: 2}
	if _, err := other.Read("x.bin"); err != ErrStale {
		t.Errorf("another generator's file: %v, want ErrStale", err)
	}
	if _, err := s.Read("none.bin"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestDecoderNeverPanics(t *testing.T) {
	for _, b := range [][]byte{nil, {0xff}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {5, 'a'}} {
		d := NewDecoder(b)
		d.Uv()
		d.Str()
		d.U64()
		d.Count()
		if d.Done() && len(b) > 0 {
			t.Errorf("%x read as good", b)
		}
	}
}
