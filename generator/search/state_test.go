package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/generator/cache"
	"gongkai/generator/digest"
)

// keyed sets each document's Key and BodyKey as the builder does.
func keyed(docs []Doc) []Doc {
	out := slices.Clone(docs)
	for i := range out {
		d := &out[i]
		d.BodyKey = digest.Sum([]byte(d.Body))
		d.Key = digest.Sum([]byte(fmt.Sprint(d.URL, d.Title, d.Summary, d.Meta, d.Date.UnixNano(), d.Section, d.Unit, d.District, d.BodyKey)))
	}
	return out
}

// publish applies an index to an output as the builder does: files
// written, kept files carried over (or made again when the output lost
// them), everything else gone.
func publish(t *testing.T, st *State, ix *Index, out map[string][]byte) map[string][]byte {
	t.Helper()
	next := map[string][]byte{}
	for _, f := range ix.Files {
		next[f.Name] = f.Data
	}
	for _, name := range ix.Kept {
		data, ok := out[name]
		if !ok {
			if data, ok = st.FileData(name); !ok {
				t.Fatalf("kept %s is in neither the output nor the state", name)
			}
		}
		next[name] = data
	}
	return next
}

var words = []string{"职工之家", "工会", "会员", "基层组织", "集体协商", "劳动", "服务站", "经费", "公示", "换届选举", "GB/T 9704", "2016年", "苏工", "模范"}

func randomDoc(rng *rand.Rand, url string, day int) Doc {
	var b strings.Builder
	for range 5 + rng.IntN(30) {
		b.WriteString(words[rng.IntN(len(words))])
		if rng.IntN(4) == 0 {
			b.WriteString("，")
		}
	}
	return Doc{URL: url, Title: words[rng.IntN(len(words))] + "通知", Body: b.String(),
		Date: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day), Section: "通知公告",
		Unit: []string{"", "甲单位", "乙单位"}[rng.IntN(3)], Meta: []string{words[rng.IntN(len(words))]}}
}

// TestUpdateEqualsFreshBuild edits documents at random and checks after
// each update that the output equals a fresh build's, byte for byte, and
// that an edit of one document rewrote few files.
func TestUpdateEqualsFreshBuild(t *testing.T) {
	for _, cap := range []int{1000, 40} {
		t.Run(fmt.Sprintf("characters keep %d documents", cap), func(t *testing.T) {
			defer func(c int) { unigramCap = c }(unigramCap)
			unigramCap = cap
			updateEqualsFreshBuild(t)
		})
	}
}

func updateEqualsFreshBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var docs []Doc
	for i := range 300 {
		docs = append(docs, randomDoc(rng, fmt.Sprintf("/p%d/", i), i))
	}
	store := cache.Store{Dir: t.TempDir(), ID: 1}
	body := func(docs []Doc) func(int) string { return func(i int) string { return docs[i].Body } }
	st, ix := Update(nil, keyed(docs), body(docs))
	out := publish(t, st, ix, nil)
	next := len(docs)
	for round := range 120 {
		what := ""
		switch k := rng.IntN(10); {
		case k < 4:
			i := rng.IntN(len(docs))
			docs[i].Body = randomDoc(rng, "", 0).Body
			what = "body of " + docs[i].URL
		case k < 5:
			i := rng.IntN(len(docs))
			docs[i].Title = "新标题" + words[rng.IntN(len(words))]
			what = "title of " + docs[i].URL
		case k < 6:
			i := rng.IntN(len(docs))
			docs[i].Unit = "丙单位"
			what = "unit of " + docs[i].URL
		case k < 8:
			docs = append(docs, randomDoc(rng, fmt.Sprintf("/p%d/", next), 400+next))
			next++
			what = "a new newest page"
		case k < 9:
			i := rng.IntN(len(docs))
			docs = slices.Delete(docs, i, i+1)
			what = "a page deleted"
		default:
			i := rng.IntN(len(docs))
			docs[i].Date = docs[i].Date.AddDate(0, 0, -3)
			what = "a page re-dated"
		}
		if rng.IntN(3) == 0 {
			// Through the store, as a CLI rebuild does.
			if err := st.Save(store); err != nil {
				t.Fatal(err)
			}
			st, _ = Load(store)
			if st == nil {
				t.Fatal("state did not load")
			}
		}
		if rng.IntN(10) == 0 {
			// The output lost a file.
			for name := range out {
				delete(out, name)
				break
			}
		}
		var ixN *Index
		st, ixN = Update(st, keyed(docs), body(docs))
		if !strings.HasPrefix(what, "a page") {
			// An edit in place writes only files whose bytes changed
			// (the manifest, first, names the new version).
			for _, f := range ixN.Files[1:] {
				if old, ok := out[f.Name]; ok && string(old) == string(f.Data) {
					t.Errorf("round %d, after %s: %s written again unchanged", round, what, f.Name)
				}
			}
		}
		out = publish(t, st, ixN, out)
		fresh := Build(keyed(docs))
		want := publish(t, nil, fresh, nil)
		if !maps.EqualFunc(out, want, func(a, b []byte) bool { return string(a) == string(b) }) {
			for name, data := range want {
				if string(out[name]) != string(data) {
					t.Fatalf("round %d, after %s: %s differs from a fresh build", round, what, name)
				}
			}
			for name := range out {
				if _, ok := want[name]; !ok {
					t.Fatalf("round %d, after %s: %s is not in a fresh build", round, what, name)
				}
			}
		}
		if strings.HasPrefix(what, "body of") && len(ixN.Files) > len(ix.Files)/3 {
			t.Errorf("round %d: one body edit rewrote %d of %d files", round, len(ixN.Files), len(want))
		}
	}
}

func TestSplice(t *testing.T) {
	entry := func(pos ...int32) []byte { return appendEntry(nil, 0, pos, 0)[1:] }
	var list []byte
	list = splice(list, 5, entry(3))
	list = splice(list, 2, entry(1, 4))
	list = splice(list, 9, entry(7))
	want := appendEntry(appendEntry(appendEntry(nil, 3, []int32{1, 4}, 0), 3, []int32{3}, 0), 4, []int32{7}, 0)
	if string(list) != string(want) {
		t.Fatalf("insert: %q, want %q", list, want)
	}
	list = splice(list, 5, nil)
	want = appendEntry(appendEntry(nil, 3, []int32{1, 4}, 0), 7, []int32{7}, 0)
	if string(list) != string(want) {
		t.Fatalf("remove: %q, want %q", list, want)
	}
	if got := splice(splice(list, 2, nil), 9, nil); len(got) != 0 {
		t.Fatalf("emptied: %q", got)
	}
}

// TestPartsOfAnotherSaveAreRefused saves a state, saves an update of it,
// and puts the first index file back, as a build killed between writing
// the parts and the index file leaves them: an update that needs one of
// the later parts gives the state up and indexes afresh.
func TestPartsOfAnotherSaveAreRefused(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var docs []Doc
	for i := range 50 {
		docs = append(docs, randomDoc(rng, fmt.Sprintf("/p%d/", i), i))
	}
	body := func(i int) string { return docs[i].Body }
	store := cache.Store{Dir: t.TempDir(), ID: 1}
	st, _ := Update(nil, keyed(docs), body)
	if err := st.Save(store); err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(filepath.Join(store.Dir, "search", "index.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if st, err = Load(store); st == nil {
		t.Fatalf("saved state does not load: %v", err)
	}
	docs[7].Body = "全新的正文，换届选举公示"
	st, _ = Update(st, keyed(docs), body)
	if err := st.Save(store); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store.Dir, "search", "index.bin"), first, 0o644); err != nil {
		t.Fatal(err)
	}
	mixed, err := Load(store)
	if mixed == nil {
		t.Fatalf("the index file does not load: %v", err)
	}
	// Another page takes the terms the later save rewrote.
	docs[9].Body += "换届选举公示，全新的正文"
	st, ix := Update(mixed, keyed(docs), body)
	if st == mixed {
		t.Fatal("an update used parts of a later save")
	}
	_, fresh := Update(nil, keyed(docs), body)
	got, want := publish(t, st, ix, nil), publish(t, nil, fresh, nil)
	if len(got) != len(want) {
		t.Fatalf("%d files, a fresh build writes %d", len(got), len(want))
	}
	for name, data := range want {
		if string(got[name]) != string(data) {
			t.Errorf("%s differs from a fresh build's", name)
		}
	}
}

// TestLoadReadsOnlyTheNeededParts: a paragraph added to a page reads the
// term parts of the terms it adds to, not the whole index, and the result
// equals a fresh build.
func TestLoadReadsOnlyTheNeededParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var docs []Doc
	for i := range 400 {
		// Characters at random, for enough distinct pairs that the
		// index has more shards than parts.
		d := randomDoc(rng, fmt.Sprintf("/p%03d/", i), i)
		var b strings.Builder
		for range 300 {
			b.WriteRune(rune(0x4e00 + rng.IntN(400)))
		}
		d.Body += b.String()
		docs = append(docs, d)
	}
	body := func(i int) string { return docs[i].Body }
	store := cache.Store{Dir: t.TempDir(), ID: 1}
	st, _ := Update(nil, keyed(docs), body)
	if err := st.Save(store); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(store)
	if loaded == nil {
		t.Fatal(err)
	}
	docs[17].Body += "。补充说明：会员服务站"
	st, ix := Update(loaded, keyed(docs), body)
	if st != loaded {
		t.Fatal("the update indexed everything again")
	}
	read := 0
	for _, l := range st.loaded {
		if l {
			read++
		}
	}
	if read == 0 || read > termParts/2 {
		t.Errorf("an edit read %d of %d term parts (%d shards)", read, termParts, len(st.shards))
	}
	_, fresh := Update(nil, keyed(docs), body)
	got, want := publish(t, st, ix, nil), publish(t, nil, fresh, nil)
	for name, data := range want {
		if string(got[name]) != string(data) {
			t.Errorf("%s differs from a fresh build's", name)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d files, a fresh build writes %d", len(got), len(want))
	}
}
