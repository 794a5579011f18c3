package search

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string // terms with positions, "term@pos" joined by spaces
	}{
		{"职工之家", "职@0 职工@0 工@1 工之@1 之@2 之家@2 家@3"},
		// Pairs stop at punctuation, spaces and a change of script.
		{"工会，职工", "工@0 工会@0 会@1 职@3 职工@3 工@4"},
		{"2016年ABC", "2016@0 年@4 abc@5"},
		{"Union-Training", "union@0 training@6"},
		{"单", "单@0"},
		{"。！？ ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, tok := range Tokens(Normalize(tt.in)) {
				got = append(got, tok.Term+"@"+strconv.Itoa(tok.Pos))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, g, tt.want)
			}
		})
	}
}

func TestNormalizeFolds(t *testing.T) {
	// One character for one: ㈱ would be three, so it stays.
	for in, want := range map[string]string{"ＡＢＣ１２": "abc12", "苏工〔2016〕5号": "苏工〔2016〕5号", "㈱": "㈱", "ｶﾀｶﾅ": "カタカナ", "Ⅻ": "ⅻ", "，": ","} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVarint(t *testing.T) {
	var b []byte
	nums := []int{0, 1, 31, 32, 1023, 1024, 1 << 20, 1<<31 - 1}
	for _, n := range nums {
		b = putVarint(b, n)
	}
	s, i := string(b), 0
	for _, want := range nums {
		var n int
		var ok bool
		n, i, ok = readVarint(s, i)
		if !ok || n != want {
			t.Fatalf("read %d (ok %v), want %d", n, ok, want)
		}
		if varintLen(want) != len(string(putVarint(nil, want))) {
			t.Errorf("varintLen(%d) wrong", want)
		}
	}
}

// reader answers queries from the built files the way search.js does, so
// the format is tested end to end without a browser.
type reader struct {
	files  map[string][]byte
	shards []string
	docs   int
}

func open(t *testing.T, ix *Index) *reader {
	t.Helper()
	r := &reader{files: map[string][]byte{}}
	for _, f := range ix.Files {
		r.files[f.Name] = f.Data
	}
	var m struct {
		S []string `json:"s"`
		N int      `json:"n"`
	}
	r.decode(t, Manifest, &m)
	r.shards, r.docs = m.S, m.N
	return r
}

// decode parses the JSON argument of a file's gkLoad call.
func (r *reader) decode(t *testing.T, name string, v any) {
	t.Helper()
	b, ok := r.files[name]
	if !ok {
		t.Fatalf("no file %s", name)
	}
	s := string(b)
	if !strings.HasPrefix(s, "gkLoad(") || !strings.HasSuffix(s, ");\n") {
		t.Fatalf("%s is not a gkLoad call: %.40q", name, s)
	}
	s = s[strings.Index(s, ",")+1 : len(s)-3]
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func (r *reader) postings(t *testing.T, term string) string {
	var shard map[string]json.RawMessage
	r.decode(t, "s/"+r.shards[hashTerm(term)%uint32(len(r.shards))]+".js", &shard)
	raw, ok := shard[term]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var ref []any
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	r.decode(t, "t/"+ref[0].(string)+".js", &s)
	return s
}

type entry struct {
	pos   []int
	title int
}

func positions(t *testing.T, s string) map[int]entry {
	out := map[int]entry{}
	doc, i := -1, 0
	next := func() int {
		n, j, ok := readVarint(s, i)
		if !ok {
			t.Fatalf("bad postings at %d: %q", i, s)
		}
		i = j
		return n
	}
	for i < len(s) {
		doc += next()
		c := next()
		e := entry{}
		if c&1 == 1 {
			e.title = next()
		}
		p := 0
		for range c >> 1 {
			p += next()
			e.pos = append(e.pos, p)
		}
		out[doc] = e
	}
	return out
}

// query returns the URLs of the documents containing q (a run of CJK
// characters), using the pairs at offsets 0, 2, 4… and the last one.
func (r *reader) query(t *testing.T, q string) (urls []string, candidates int) {
	rs := []rune(q)
	var offs []int
	for o := 0; o+1 < len(rs); o += 2 {
		offs = append(offs, o)
	}
	if len(rs)%2 == 1 {
		offs = append(offs, len(rs)-2)
	}
	lists := make([]map[int]entry, len(offs))
	for k, o := range offs {
		lists[k] = positions(t, r.postings(t, string(rs[o:o+2])))
	}
	for doc, e := range lists[0] {
		in := true
		for _, l := range lists[1:] {
			if _, ok := l[doc]; !ok {
				in = false
			}
		}
		if !in {
			continue
		}
		candidates++
		for _, p := range e.pos {
			ok := true
			for k, l := range lists[1:] {
				ok = ok && slices.Contains(l[doc].pos, p+offs[k+1])
			}
			if ok {
				var d []any
				r.decode(t, "d/"+strconv.Itoa(doc)+".js", &d)
				urls = append(urls, d[0].(string))
				break
			}
		}
	}
	slices.Sort(urls)
	return urls, candidates
}

func TestQueryVerifiesPositions(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2016, 1, d, 0, 0, 0, 0, time.UTC) }
	docs := []Doc{
		{URL: "/a/", Title: "职工之家建设", Body: "推进模范职工之家。", Date: day(1)},
		// Every pair of 职工之家 but never the four together.
		{URL: "/b/", Title: "通知", Body: "职工之外，之家建设，工之间。", Date: day(2)},
		{URL: "/c/", Title: "通报", Body: "建设职工之家", Date: day(3)},
		{URL: "/d/", Title: "draft?", Body: "无关", Date: day(4)},
	}
	r := open(t, Build(docs))
	if r.docs != 4 {
		t.Fatalf("docs %d", r.docs)
	}
	tests := []struct {
		q          string
		want       []string
		candidates int // documents holding the pairs used, before positions
	}{
		{"职工之家", []string{"/a/", "/c/"}, 3},
		{"工之家", []string{"/a/", "/c/"}, 3},
		{"之家建设", []string{"/a/", "/b/"}, 3}, // /c/ has 之家 and 建设 apart
		{"家建设职工", []string{}, 0},
		{"职工", []string{"/a/", "/b/", "/c/"}, 3},
	}
	for _, tt := range tests {
		got, cand := r.query(t, tt.q)
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("%s: %v, want %v", tt.q, got, tt.want)
		}
		if cand != tt.candidates {
			t.Errorf("%s: %d candidates, want %d", tt.q, cand, tt.candidates)
		}
	}
	// Title positions are flagged: /a/ has 职工 in its title once.
	e := positions(t, r.postings(t, "职工"))
	if e[0].title != 1 || e[1].title != 0 {
		t.Errorf("title counts: %+v", e)
	}
}

func TestBuildIsDeterministicAndLocal(t *testing.T) {
	var docs []Doc
	for i := range 400 {
		docs = append(docs, Doc{URL: "/p" + strconv.Itoa(i) + "/", Title: "标题" + strconv.Itoa(i),
			Body: strings.Repeat("工会职工会员基层组织建设"[i%8*3:], 3) + "第" + strconv.Itoa(i) + "号", Date: time.Date(2016, 1, 1+i%28, 0, 0, 0, 0, time.UTC)})
	}
	a, b := Build(docs), Build(slices.Clone(docs))
	if len(a.Files) != len(b.Files) {
		t.Fatal("file counts differ")
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || string(a.Files[i].Data) != string(b.Files[i].Data) {
			t.Fatalf("%s differs between two builds", a.Files[i].Name)
		}
	}
	// A new newest page changes only the shards of its terms.
	docs = append(docs, Doc{URL: "/new/", Title: "新增", Body: "罕见词语", Date: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)})
	c := Build(docs)
	names := map[string]bool{}
	for _, f := range a.Files {
		names[f.Name] = true
	}
	changed := 0
	for _, f := range c.Files {
		if strings.HasPrefix(f.Name, "s/") && !names[f.Name] {
			changed++
		}
	}
	if c.Shards != a.Shards || changed == 0 || changed > 6 {
		t.Errorf("adding one page changed %d of %d shards", changed, c.Shards)
	}
}

func TestSamePostingsOneFile(t *testing.T) {
	var docs []Doc
	for i := range 600 {
		docs = append(docs, Doc{URL: "/p" + strconv.Itoa(i) + "/", Title: "x", Body: "金秋", Date: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	seen := map[string]bool{}
	for _, f := range Build(docs).Files {
		if seen[f.Name] {
			t.Fatalf("%s written twice", f.Name)
		}
		seen[f.Name] = true
	}
}

func TestUnigramCap(t *testing.T) {
	var docs []Doc
	for i := range unigramCap + 10 {
		docs = append(docs, Doc{URL: "/p" + strconv.Itoa(i) + "/", Title: "x", Body: "会", Date: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	docs[3].Title = "会" // a title hit is always kept
	r := open(t, Build(docs))
	s := r.postings(t, "会")
	n, doc, i, titled := 0, -1, 0, false
	for i < len(s) {
		var g, v int
		g, i, _ = readVarint(s, i)
		v, i, _ = readVarint(s, i)
		doc += g
		n++
		if v&1 == 1 {
			titled = true
		}
	}
	if n != unigramCap || !titled {
		t.Errorf("unigram postings: %d documents (title kept: %v), want %d", n, titled, unigramCap)
	}
}

// Pairs that always occur together share one content-named file, and
// each of them still finds every page through it.
func TestSharedFilesAnswerEveryTerm(t *testing.T) {
	var docs []Doc
	for i := range 600 {
		docs = append(docs, Doc{URL: "/p" + strconv.Itoa(i) + "/", Title: "x", Body: "甲乙丙丁 第" + strconv.Itoa(i) + "篇",
			Date: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	ix := Build(docs)
	seen := map[string]bool{}
	big := 0
	for _, f := range ix.Files {
		if seen[f.Name] {
			t.Fatalf("%s written twice", f.Name)
		}
		seen[f.Name] = true
		if strings.HasPrefix(f.Name, "t/") {
			big++
		}
	}
	if big == 0 {
		t.Fatal("fixture has no term big enough for a file of its own")
	}
	r := open(t, ix)
	for _, q := range []string{"甲乙", "乙丙", "甲乙丙丁"} {
		if got, _ := r.query(t, q); len(got) != 600 {
			t.Errorf("%s: %d results, want 600", q, len(got))
		}
	}
}
