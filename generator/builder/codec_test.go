package builder

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"gongkai/generator/content"
	"gongkai/generator/publish"
	"gongkai/generator/tomlpos"
)

func TestBuildCacheCodec(t *testing.T) {
	c := &lastBuild{Epoch: 77, Dest: "/srv/公开/public",
		Outputs: map[string]publish.Record{
			"index.html":            {Hash: 1<<63 + 5, Size: 9187, ModTime: 1764000000123456789},
			"units/虹桥/atom.xml":     {Hash: 42, Size: 0, ModTime: -1},
			"notices/plan/附件一.xlsx": {Hash: 7, Size: 1 << 40, ModTime: 0},
		},
		Pages: map[string]pageRec{
			"/":              {Key: 99, Summary: "各级工会按照会务公开制度……", Truncated: true},
			"/notices/plan/": {Key: 1, Links: []linkRec{{Dest: "附件一.xlsx", Line: 12, Col: 3, Out: "/notices/plan/附件一.xlsx"}, {Dest: "b.md", Image: true, Out: "/b/", In: "plan.md"}}},
		},
	}
	data := c.encode(nil)
	var got lastBuild
	if err := got.decode(data); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, c) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, *c)
	}
	// A file cut short anywhere, or with a byte too many, is refused
	// (never a panic, never a partial cache).
	for i := range len(data) {
		var part lastBuild
		if part.decode(data[:i]) == nil {
			t.Fatalf("accepted the first %d of %d bytes", i, len(data))
		}
	}
	if got.decode(append(data, 0)) == nil {
		t.Error("accepted a trailing byte")
	}
}

func FuzzBuildCacheDecode(f *testing.F) {
	f.Add((&lastBuild{Epoch: 77, Dest: "d", Outputs: map[string]publish.Record{"a": {}}, Pages: map[string]pageRec{"/": {Links: []linkRec{{}}}}}).encode(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c lastBuild
		if c.decode(data) == nil {
			// Whatever decodes must encode back to the same bytes.
			if again := c.encode(nil); string(again) != string(data) {
				t.Skip() // maps lose duplicate keys: not a round trip, not a crash
			}
		}
	})
}

// fill sets every exported field reachable from v to a value that is not
// zero, so a round trip shows that no field of the content model is lost.
func fill(t *testing.T, v reflect.Value, n *int) {
	*n++
	if d, ok := v.Addr().Interface().(*tomlpos.Date); ok {
		if err := d.UnmarshalTOML(time.Date(2016, 5, 1, 0, 0, 0, *n, time.UTC)); err != nil {
			t.Fatal(err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(-*n * 1000003))
	case reflect.Uint64:
		v.SetUint(uint64(1)<<63 + uint64(*n))
	case reflect.Uint8:
		v.SetUint(uint64(*n % 256))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.String:
		v.SetString(fmt.Sprintf("值%d", *n))
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, n)
			fill(t, e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Interface:
		// Declared yearly fields: one of the plain values TOML gives.
		v.Set(reflect.ValueOf([]any{true, int64(-*n), float64(*n) + 0.5, fmt.Sprintf("值%d", *n)}[*n%4]))
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(t, p.Elem(), n)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), n)
			}
		}
	default:
		t.Fatalf("fill: no value for %s", v.Type())
	}
}

// TestParsedCacheCodec round-trips a page with every field set, a zoned
// date and an empty page; a field added to the content model and not to
// pagecodec.go fails here.
func TestParsedCacheCodec(t *testing.T) {
	var full parsedRec
	n := 0
	fill(t, reflect.ValueOf(&full).Elem(), &n)
	zoned := parsedRec{Page: content.Page{Rel: "notices/空.md"}}
	if err := zoned.Page.Date.UnmarshalTOML("2016-05-01T09:30:00+08:00"); err != nil {
		t.Fatal(err)
	}
	sh := newShard(1764000000123456789, []parsedRec{full, zoned, {}})
	data, err := sh.encode()
	if err != nil {
		t.Fatal(err)
	}
	var got parsedShard
	if err := got.decode(data); err != nil {
		t.Fatal(err)
	}
	if got.SavedAt != sh.SavedAt || len(got.Recs) != len(sh.Recs) {
		t.Fatalf("decoded %d records saved at %d", len(got.Recs), got.SavedAt)
	}
	for i := range sh.Recs {
		if !reflect.DeepEqual(got.Recs[i], sh.Recs[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, got.Recs[i], sh.Recs[i])
		}
	}
	for i := range len(data) {
		var part parsedShard
		if part.decode(data[:i]) == nil {
			t.Fatalf("accepted the first %d of %d bytes", i, len(data))
		}
	}
}

func FuzzParsedCacheDecode(f *testing.F) {
	data, _ := newShard(1, []parsedRec{{Page: content.Page{Rel: "a.md", Unit: &content.Unit{Status: map[string]content.UnitStatus{"2016": {Members: 3}}}}}}).encode()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var sh parsedShard
		_ = sh.decode(data) // must not panic
	})
}
