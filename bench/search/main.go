// Command search measures gongkai's search index against Pagefind on a
// built portal: recall and precision against ground truth (every page
// whose text contains the query), bytes a first query downloads, and the
// time until results show, in headless chromium. See bench/README.md.
//
//	go run ./bench/search prep -public OUT -pagefind PFSITE   # copy for Pagefind, data-pagefind-body on indexed pages
//	go run ./bench/search measure -public OUT -pagefind PFSITE [-queries 60]
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/chromedp/chromedp"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: search prep|measure -public DIR -pagefind DIR")
		os.Exit(2)
	}
	fl := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	public := fl.String("public", "", "gongkai's output, with search/")
	pf := fl.String("pagefind", "", "a copy of it indexed by Pagefind")
	n := fl.Int("queries", 60, "queries drawn from the text")
	seed := fl.Uint64("seed", 13, "random seed for queries")
	fl.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "prep":
		err = prep(*public, *pf)
	case "measure":
		err = measure(*public, *pf, *n, *seed)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "search bench:", err)
		os.Exit(1)
	}
}

// docURLs lists the pages gongkai indexed, by document number.
func docURLs(public string) ([]string, error) {
	var m struct {
		N int `json:"n"`
	}
	if err := loadJS(filepath.Join(public, "search", "index.js"), &m); err != nil {
		return nil, err
	}
	urls := make([]string, m.N)
	for i := range urls {
		var d []any
		if err := loadJS(filepath.Join(public, "search", "d", strconv.Itoa(i)+".js"), &d); err != nil {
			return nil, err
		}
		urls[i] = d[0].(string)
	}
	return urls, nil
}

// loadJS decodes the data of a gkLoad(key, data) file.
func loadJS(name string, v any) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	s := string(b)
	s = s[strings.Index(s, ",")+1 : strings.LastIndex(s, ")")]
	return json.Unmarshal([]byte(s), v)
}

func pageFile(dir, url string) string {
	if strings.HasSuffix(url, "/") {
		url += "index.html"
	}
	return filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(url, "/")))
}

// prep copies the site and marks the parts of the pages gongkai indexes
// that ground truth is made of (truthTags) with data-pagefind-body, so both
// index the same pages and the same text.
func prep(public, pf string) error {
	urls, err := docURLs(public)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(pf); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-a", public, pf).CombinedOutput(); err != nil {
		return fmt.Errorf("cp: %v: %s", err, out)
	}
	os.RemoveAll(filepath.Join(pf, "search", "d")) // not needed there
	for _, u := range urls {
		f := pageFile(pf, u)
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, tag := range truthTags {
			if loc := tag.open.FindIndex(b); loc != nil {
				i := loc[0] + 1 + len(tag.name)
				b = slices.Concat(b[:i:i], []byte(" data-pagefind-body"), b[i:])
			}
		}
		if err := os.WriteFile(f, b, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(pf, "pf.html"), []byte(pfPage), 0o644)
}

// pfPage runs a Pagefind query the way a results page does: the search,
// then the data of the first ten results.
const pfPage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
const pf = await import("/pagefind/pagefind.js");
window.pfIDs = async (q) => (await pf.search(q)).results.map(r => r.id);
const q = new URLSearchParams(location.search).get("q");
if (q) {
  const r = await pf.search(q);
  await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  window.pfShown = performance.now();
}
window.pfTimed = async (q) => {
  const t0 = performance.now();
  const r = await pf.search(q);
  await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return performance.now() - t0;
};
window.pfReady = true;
</script></body></html>`

var (
	blockRe = regexp.MustCompile(`(?i)</?(p|div|li|ul|ol|td|th|tr|table|h[1-6]|dt|dd|dl|br|section|article|header|footer|nav|blockquote|pre|figure|figcaption|details|summary)\b[^>]*>`)
	tagRe   = regexp.MustCompile(`<[^>]*>`)
)

// truthTags are the parts of a page that are its own text: the title, the
// facts block (a disclosure's unit and category, a unit's district…) and
// the body. A unit page's lists of its disclosures and cases, and the
// header, menu and footer, show other pages' text and are left out.
var truthTags = []struct {
	open *regexp.Regexp
	name string
}{
	{regexp.MustCompile(`<h1[ >]`), "h1"}, {regexp.MustCompile(`<dl class=facts>`), "dl"},
	{regexp.MustCompile(`<div class=("[^"]* )?prose"?>`), "div"}, // <div class=prose>, <div class="gw-body prose">
}

// element returns the first element of b that starts with open, to its
// matching end tag.
func element(b string, open *regexp.Regexp, name string) string {
	loc := open.FindStringIndex(b)
	if loc == nil {
		return ""
	}
	i := loc[0]
	depth := 0
	for j := i; j < len(b); {
		k := strings.Index(b[j:], "<")
		if k < 0 {
			return b[i:]
		}
		j += k
		switch {
		case strings.HasPrefix(b[j:], "</"+name+">"):
			depth--
			if depth == 0 {
				return b[i : j+len(name)+3]
			}
		case strings.HasPrefix(b[j:], "<"+name) && len(b) > j+len(name)+1 && strings.ContainsRune(" >", rune(b[j+len(name)+1])):
			depth++
		}
		j++
	}
	return b[i:]
}

func text(s string) string {
	s = blockRe.ReplaceAllString(s, "\n")
	return html.UnescapeString(tagRe.ReplaceAllString(s, ""))
}

// pageText is the ground truth a query is looked for in, and the body
// queries are drawn from.
func pageText(b []byte) (all, body string) {
	var parts []string
	for _, t := range truthTags {
		parts = append(parts, text(element(string(b), t.open, t.name)))
	}
	return strings.Join(parts, "\n"), parts[len(parts)-1]
}

// words of bench/gen's vocabulary, to tell queries that cross a word
// boundary from those inside one word.
var vocab = strings.Fields("工会 职工 会员 基层 组织 建设 规范化 民主管理 集体协商 职代会 服务站 职工之家 帮扶 维权 培训 轮训 持证上岗 经费 审查 公开 监督 劳动竞赛 技能比武 读书自学 安全生产 女职工 权益 合同 协议 工资 增长 满意度 考核 通报 示范单位 推进 落实 完善 健全 提升 加强 深化 巩固 提高 创新 机制 制度 阵地 文体活动 法律服务 困难职工 金秋助学 医疗互助 劳模 工匠 岗位 班组 车间 企业 社区 街道 开发区 联合会")

func inOneWord(q string) bool {
	for _, w := range vocab {
		if strings.Contains(w, q) {
			return true
		}
	}
	return false
}

type query struct {
	Q     string
	Cross bool // not inside one vocabulary word
	Truth map[string]bool
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// queries draws n Chinese queries of 2–8 characters from the pages' text.
func queries(texts map[string]string, urls []string, n int, seed uint64) []query {
	r := rand.New(rand.NewPCG(seed, 2015))
	lengths := []int{2, 2, 3, 4, 4, 5, 6, 8}
	seen := map[string]bool{}
	var out []query
	for len(out) < n {
		rs := []rune(texts[urls[r.IntN(len(urls))]])
		l := lengths[len(out)%len(lengths)]
		if len(rs) < l {
			continue
		}
		at := r.IntN(len(rs) - l + 1)
		q := rs[at : at+l]
		if !slices.ContainsFunc(q, func(c rune) bool { return !isHan(c) }) && !seen[string(q)] {
			seen[string(q)] = true
			out = append(out, query{Q: string(q), Cross: !inOneWord(string(q))})
		}
	}
	return out
}

// counter counts the bytes a server sends.
type counter struct {
	mu    sync.Mutex
	bytes map[string]int64 // by path prefix class
	h     http.Handler
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := &countingWriter{ResponseWriter: w}
	c.h.ServeHTTP(cw, r)
	c.mu.Lock()
	c.bytes[r.URL.Path] += cw.n
	c.mu.Unlock()
}

func (c *counter) take() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.bytes
	c.bytes = map[string]int64{}
	return b
}

func serve(dir string) (*counter, string, func()) {
	c := &counter{bytes: map[string]int64{}, h: http.FileServer(http.Dir(dir))}
	srv := httptest.NewServer(c)
	return c, srv.URL, srv.Close
}

func browser() (context.Context, func(), error) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		return nil, nil, err
	}
	dir, _ := os.MkdirTemp("", "gk-bench-chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		cancelB()
		cancelA()
		return nil, nil, err
	}
	return ctx, func() { cancelB(); cancelA(); os.RemoveAll(dir) }, nil
}

// first opens url in a fresh browser context (empty cache), waits until
// the page reports results in the variable shown, and returns the bytes
// the server sent for paths the filter keeps and the time since navigation.
func first(ctx context.Context, c *counter, url, shown string, keep func(string) bool) (int64, float64, error) {
	tctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	tctx, cancelT := context.WithTimeout(tctx, 60*time.Second)
	defer cancelT()
	c.take()
	if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.Poll[chromedp.Void]("window."+shown+" !== undefined")); err != nil {
		return 0, 0, err
	}
	ms, err := chromedp.Run(tctx, chromedp.Evaluate[float64]("window."+shown))
	if err != nil {
		return 0, 0, err
	}
	time.Sleep(200 * time.Millisecond) // requests still finishing
	var n int64
	for p, b := range c.take() {
		if keep(p) {
			n += b
		}
	}
	return n, ms, nil
}

// typed loads page in a fresh browser context (empty cache), waits for
// ready, then times the expression, which runs one query and resolves to
// milliseconds until its first results are shown.
func typed(ctx context.Context, page, ready, expr string) (float64, error) {
	tctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	tctx, cancelT := context.WithTimeout(tctx, 60*time.Second)
	defer cancelT()
	if err := chromedp.Do(tctx, chromedp.Navigate(page), chromedp.Poll[chromedp.Void](ready)); err != nil {
		return 0, err
	}
	return chromedp.Run(tctx, chromedp.Evaluate[float64](expr, chromedp.EvalAwaitPromise))
}

// gkTyped submits a query on the loaded search page and waits for results.
const gkTyped = `new Promise(done => {
	const t0 = performance.now(), q = %s;
	const list = document.getElementById("search-results");
	new MutationObserver((_, o) => { if (list.children.length) { o.disconnect(); done(performance.now() - t0); } }).observe(list, {childList: true});
	document.getElementById("search-q").value = q;
	document.getElementById("search-form").requestSubmit();
})`

type score struct{ tp, fp, fn int }

func (s *score) add(got []string, truth map[string]bool) {
	g := map[string]bool{}
	for _, u := range got {
		g[u] = true
	}
	for u := range g {
		if truth[u] {
			s.tp++
		} else {
			s.fp++
		}
	}
	for u := range truth {
		if !g[u] {
			s.fn++
		}
	}
}

func (s score) String() string {
	return fmt.Sprintf("recall %.1f %%, precision %.1f %%", 100*float64(s.tp)/float64(max(1, s.tp+s.fn)), 100*float64(s.tp)/float64(max(1, s.tp+s.fp)))
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// pagefindURLs maps Pagefind's result ids to page URLs from its fragments.
func pagefindURLs(pf string) (map[string]string, error) {
	out := map[string]string{}
	dir := filepath.Join(pf, "pagefind", "fragment")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		z, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(z)
		if err != nil {
			return err
		}
		b = bytes.TrimPrefix(b, []byte("pagefind_dcd"))
		var frag struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(b, &frag); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		out[strings.TrimSuffix(d.Name(), ".pf_fragment")] = frag.URL
		return nil
	})
	return out, err
}

func measure(public, pf string, n int, seed uint64) error {
	urls, err := docURLs(public)
	if err != nil {
		return err
	}
	texts, bodies := map[string]string{}, map[string]string{}
	for _, u := range urls {
		b, err := os.ReadFile(pageFile(public, u))
		if err != nil {
			return err
		}
		texts[u], bodies[u] = pageText(b)
	}
	qs := queries(bodies, urls, n, seed)
	for i := range qs {
		qs[i].Truth = map[string]bool{}
		for _, u := range urls {
			if strings.Contains(texts[u], qs[i].Q) {
				qs[i].Truth[u] = true
			}
		}
	}
	ctx, done, err := browser()
	if err != nil {
		return err
	}
	defer done()

	gc, gbase, stop := serve(public)
	defer stop()
	// Recall and precision: every result of every query.
	if err := chromedp.Do(ctx, chromedp.Navigate(gbase+"/search/"), chromedp.Poll[chromedp.Void]("window.gkSearch !== undefined")); err != nil {
		return err
	}
	var gAll, gCross, gLong score
	for _, q := range qs {
		b, _ := json.Marshal(q.Q)
		ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]int]("gkSearch("+string(b)+")", chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("gongkai %s: %v", q.Q, err)
		}
		var got []string
		for _, id := range ids {
			got = append(got, urls[id])
		}
		if os.Getenv("DEBUG") != "" {
			g := map[string]bool{}
			for _, u := range got {
				g[u] = true
			}
			for _, u := range got {
				if !q.Truth[u] {
					fmt.Printf("false %s %s: %q\n", q.Q, u, texts[u][:min(len(texts[u]), 300)])
					break
				}
			}
			for u := range q.Truth {
				if !g[u] {
					i := strings.Index(texts[u], q.Q)
					fmt.Printf("miss %s %s: %q\n", q.Q, u, texts[u][max(0, i-40):min(len(texts[u]), i+40)])
					break
				}
			}
		}
		gAll.add(got, q.Truth)
		if q.Cross {
			gCross.add(got, q.Truth)
		}
		if len([]rune(q.Q)) >= 6 {
			gLong.add(got, q.Truth)
		}
	}
	fmt.Printf("queries: %d (%d crossing a word boundary, %d of 6–8 characters)\n", len(qs), count(qs, func(q query) bool { return q.Cross }), count(qs, func(q query) bool { return len([]rune(q.Q)) >= 6 }))
	fmt.Printf("gongkai:  all %s; crossing %s; 6–8 chars %s\n", gAll, gCross, gLong)

	probes := []string{pick(qs, 2), pick(qs, 4), pick(qs, 8), "2016"}
	gKeep := func(p string) bool {
		return strings.HasPrefix(p, "/search/") && p != "/search/" || strings.HasPrefix(p, "/assets/search.")
	}
	fmt.Println("\nfirst query, fresh browser context: bytes of search code and index (no HTTP compression), ms from navigation to results shown")
	var gBytes, gMs []float64
	for _, q := range probes {
		b, ms, err := first(ctx, gc, gbase+"/search/?q="+urlQuery(q), "gkShown", gKeep)
		if err != nil {
			return fmt.Errorf("gongkai first %s: %v", q, err)
		}
		fmt.Printf("gongkai   %-10s %8.1f KB %6.0f ms\n", q, float64(b)/1024, ms)
		gBytes, gMs = append(gBytes, float64(b)), append(gMs, ms)
	}
	fmt.Printf("gongkai median: %.1f KB, %.0f ms\n", median(gBytes)/1024, median(gMs))
	var gTyped []float64
	for _, q := range probes {
		b, _ := json.Marshal(q)
		ms, err := typed(ctx, gbase+"/search/", "window.gkSearch !== undefined", fmt.Sprintf(gkTyped, b))
		if err != nil {
			return fmt.Errorf("gongkai typed %s: %v", q, err)
		}
		gTyped = append(gTyped, ms)
	}
	fmt.Printf("gongkai, query on the loaded page (empty cache): %.0f ms median %v\n", median(gTyped), gTyped)

	if pf == "" {
		return nil
	}
	ids, err := pagefindURLs(pf)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(pf, "pf.html"), []byte(pfPage), 0o644); err != nil {
		return err
	}
	pc, pbase, stopP := serve(pf)
	defer stopP()
	if err := chromedp.Do(ctx, chromedp.Navigate(pbase+"/pf.html"), chromedp.Poll[chromedp.Void]("window.pfReady === true")); err != nil {
		return err
	}
	var pAll, pCross, pLong score
	for _, q := range qs {
		b, _ := json.Marshal(q.Q)
		res, err := chromedp.Run(ctx, chromedp.Evaluate[[]string]("pfIDs("+string(b)+")", chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("pagefind %s: %v", q.Q, err)
		}
		var got []string
		for _, id := range res {
			got = append(got, ids[id])
		}
		pAll.add(got, q.Truth)
		if q.Cross {
			pCross.add(got, q.Truth)
		}
		if len([]rune(q.Q)) >= 6 {
			pLong.add(got, q.Truth)
		}
	}
	fmt.Printf("pagefind: all %s; crossing %s; 6–8 chars %s\n", pAll, pCross, pLong)
	var pBytes, pMs []float64
	for _, q := range probes {
		b, ms, err := first(ctx, pc, pbase+"/pf.html?q="+urlQuery(q), "pfShown", func(p string) bool { return strings.HasPrefix(p, "/pagefind/") })
		if err != nil {
			return fmt.Errorf("pagefind first %s: %v", q, err)
		}
		fmt.Printf("pagefind  %-10s %8.1f KB %6.0f ms\n", q, float64(b)/1024, ms)
		pBytes, pMs = append(pBytes, float64(b)), append(pMs, ms)
	}
	fmt.Printf("pagefind median: %.1f KB, %.0f ms\n", median(pBytes)/1024, median(pMs))
	var pTyped []float64
	for _, q := range probes {
		b, _ := json.Marshal(q)
		ms, err := typed(ctx, pbase+"/pf.html", "window.pfReady === true", "pfTimed("+string(b)+")")
		if err != nil {
			return fmt.Errorf("pagefind typed %s: %v", q, err)
		}
		pTyped = append(pTyped, ms)
	}
	fmt.Printf("pagefind, query on the loaded page (empty cache): %.0f ms median %v\n", median(pTyped), pTyped)
	return nil
}

func urlQuery(q string) string {
	return strings.ReplaceAll(strings.ReplaceAll(fmt.Sprintf("%s", q), "%", "%25"), " ", "+")
}

func pick(qs []query, l int) string {
	for _, q := range qs {
		if len([]rune(q.Q)) == l {
			return q.Q
		}
	}
	return qs[0].Q
}

func count(qs []query, f func(query) bool) int {
	n := 0
	for _, q := range qs {
		if f(q) {
			n++
		}
	}
	return n
}
