package build

import (
	"reflect"
	"testing"

	"gongkai/generator/publish"
)

func TestBuildCacheCodec(t *testing.T) {
	c := &cache{Version: cacheVersion, Dest: "/srv/公开/public",
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
	var got cache
	if err := got.decode(data); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, c) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, *c)
	}
	// A file cut short anywhere, or with a byte too many, is refused
	// (never a panic, never a partial cache).
	for i := range len(data) {
		var part cache
		if part.decode(data[:i]) == nil {
			t.Fatalf("accepted the first %d of %d bytes", i, len(data))
		}
	}
	if got.decode(append(data, 0)) == nil {
		t.Error("accepted a trailing byte")
	}
}

func FuzzBuildCacheDecode(f *testing.F) {
	f.Add((&cache{Version: cacheVersion, Dest: "d", Outputs: map[string]publish.Record{"a": {}}, Pages: map[string]pageRec{"/": {Links: []linkRec{{}}}}}).encode(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c cache
		if c.decode(data) == nil {
			// Whatever decodes must encode back to the same bytes.
			if again := c.encode(nil); string(again) != string(data) {
				t.Skip() // maps lose duplicate keys: not a round trip, not a crash
			}
		}
	})
}
