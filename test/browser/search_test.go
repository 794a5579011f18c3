package browser

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/builder"
)

// searchFixture has pages whose texts share words in different orders, so
// a query that crosses a word boundary has pages that hold all its pairs
// but not the query itself.
func searchFixture() fstest.MapFS {
	fs := fixture()
	page := func(name, front, body string) {
		fs["content/"+name] = &fstest.MapFile{Data: []byte("+++\n" + front + "\n+++\n" + body + "\n")}
	}
	page("notices/home.md", `title = "关于开展模范职工之家创建工作的通知"
date = 2016-03-01
doc_number = "苏工〔2016〕5号"`, "各基层工会要加强职工之家建设，推进会员服务。ＡＢＣ全员培训１２期。")
	page("notices/train.md", `title = "关于举办工会干部轮训班的通知"
date = 2017-04-01`, "轮训对象为基层工会主席。家建设另行安排，职工之外的人员不参加。")
	page("reports/q1.md", `title = "2017年一季度工作通报"
date = 2017-05-02`, "本季度职工之家建设稳步推进，新建服务站12个。Union training went well.")
	page("cases/c1.md", `title = "示例公司推进集体协商"
date = 2016-09-09
units = ["gs"]`, "公司工会坚持集体协商，工资增长机制健全。")
	return fs
}

type searchResult struct {
	Status string
	Titles []string
	Marks  []string
	URL    string
}

const readResults = `(() => ({
	Status: document.getElementById("search-status").textContent,
	Titles: Array.from(document.querySelectorAll("#search-results h2")).map(e => e.textContent),
	Marks: Array.from(document.querySelectorAll("#search-results mark")).map(e => e.textContent),
	URL: location.search,
}))()`

// waitResults waits until the live region reports the outcome of a query.
func waitResults(ctx context.Context, t *testing.T) searchResult {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(() => { const s = document.getElementById("search-status").textContent; return s !== "" && !s.startsWith("正在"); })()`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("no search outcome: %v", err)
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[searchResult](readResults))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func typeQuery(ctx context.Context, t *testing.T, q string) searchResult {
	t.Helper()
	clear := `document.getElementById("search-status").textContent = ""; document.getElementById("search-q").value = ""`
	typing := chromedp.SendKeys(chromedp.CSS("#search-q"), q)
	if len(q) > 100 {
		// Typing this much outlasts the input's pause: paste it at once.
		b, _ := json.Marshal(q)
		typing = chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById("search-q"); i.value = ` + string(b) + `; i.dispatchEvent(new Event("input")); })()`)
	}
	// On a busy machine the input's pause can pass in mid-word and show
	// the outcome of a part of the query; Enter then searches for all of
	// it at once, and the status is read after that.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](clear), typing,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("search-status").textContent = ""`),
		chromedp.SendKeys(chromedp.CSS("#search-q"), "\r")); err != nil {
		t.Fatal(err)
	}
	return waitResults(ctx, t)
}

func TestSearchTyping(t *testing.T) {
	ctx := browser(t)
	base := serve(t, searchFixture(), time.Date(2017, 6, 1, 9, 0, 0, 0, time.UTC))
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q      string
		titles []string // in rank order
		marks  string   // every mark reads one of these, "|"-separated: the text as written
		status string
	}{
		// Title hit first, then body hits by frequency, then newest
		// (one hit each below: newest first).
		{"职工之家", []string{"关于开展模范职工之家创建工作的通知", "2017年一季度工作通报"}, "职工之家", "找到 2 个"},
		// "家建设" holds pairs 家建 and 建设; the training notice has
		// 家建设 too, and "职工之外" has 职工 but not 职工之家.
		{"之家建设", []string{"2017年一季度工作通报", "关于开展模范职工之家创建工作的通知"}, "之家建设", "找到 2 个"},
		{"家建设", []string{"2017年一季度工作通报", "关于举办工会干部轮训班的通知", "关于开展模范职工之家创建工作的通知"}, "家建设", "找到 3 个"},
		// Full-width folding, both ways; marks show the text as written.
		{"abc", []string{"关于开展模范职工之家创建工作的通知"}, "ＡＢＣ", "找到 1 个"},
		{"１２", []string{"2017年一季度工作通报", "关于开展模范职工之家创建工作的通知"}, "12|１２", "找到 2 个"},
		{"TRAINING", []string{"2017年一季度工作通报"}, "training", "找到 1 个"},
		{"苏工〔2016〕5号", []string{"关于开展模范职工之家创建工作的通知"}, "", "找到 1 个"},
		{"集体协商 工资", []string{"示例公司推进集体协商"}, "", "找到 1 个"},
		{"不存在的词语", nil, "", "没有找到包含“不存在的词语”的页面。可以少写几个字、换个说法"},
		{"，。！？", nil, "", "只有标点符号无法搜索"},
		{"<script>alert(1)</script>", nil, "", "没有找到包含“<script>alert(1)</script>”"},
		{strings.Repeat("工会", 500), nil, "", "只按前 100 个字搜索"},
	}
	for _, c := range cases {
		t.Run(c.q[:min(len(c.q), 30)], func(t *testing.T) {
			r := typeQuery(ctx, t, c.q)
			if !strings.Contains(r.Status, c.status) {
				t.Errorf("status %q, want %q", r.Status, c.status)
			}
			if !slices.Equal(r.Titles, c.titles) {
				t.Errorf("titles %q, want %q", r.Titles, c.titles)
			}
			if c.marks != "" {
				if len(r.Marks) == 0 {
					t.Errorf("no highlight")
				}
				for _, m := range r.Marks {
					if !slices.Contains(strings.Split(c.marks, "|"), m) {
						t.Errorf("mark %q, want %q", m, c.marks)
					}
				}
			}
		})
	}
	// Result dates read as the site writes them.
	typeQuery(ctx, t, "职工之家")
	meta, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".search-meta").textContent`))
	if err != nil || !strings.Contains(meta, "2016年") || strings.Contains(meta, "2016-") {
		t.Errorf("a result's date reads %q (%v), want 2016年…月…日", meta, err)
	}
	// Nothing typed was injected as markup.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main script").length`))
	if err != nil || n != 1 {
		t.Errorf("scripts in main: %d (%v), want only search.js", n, err)
	}
}

func TestSearchFiltersAndURL(t *testing.T) {
	ctx := browser(t)
	base := serve(t, searchFixture(), time.Date(2017, 6, 1, 9, 0, 0, 0, time.UTC))
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/")); err != nil {
		t.Fatal(err)
	}
	r := typeQuery(ctx, t, "工会")
	if len(r.Titles) < 4 {
		t.Fatalf("工会: %q", r.Titles)
	}
	if q, _ := url.ParseQuery(strings.TrimPrefix(r.URL, "?")); q.Get("q") != "工会" {
		t.Errorf("URL query %q, want q=工会", r.URL)
	}
	// Open the filters with the keyboard and pick a year.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS("#search-filters summary")),
		chromedp.KeyEvent(" "),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#search-year option").length > 1`, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.SetValue(chromedp.CSS("#search-year"), "2016"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("search-year").dispatchEvent(new Event("change"))`),
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatal(err)
	}
	r, _ = chromedp.Run(ctx, chromedp.Evaluate[searchResult](readResults))
	// The disclosure's unit, 示例公司工会, is part of its text.
	want := []string{"关于开展模范职工之家创建工作的通知", "示例公司推进集体协商", "经费收支公示"}
	slices.Sort(r.Titles)
	if !slices.Equal(r.Titles, want) {
		t.Errorf("year 2016: %q, want %q", r.Titles, want)
	}
	if !strings.Contains(r.URL, "year=2016") {
		t.Errorf("URL %q lacks the filter", r.URL)
	}
	// The URL round-trips: opened afresh it shows the same results.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/"+r.URL)); err != nil {
		t.Fatal(err)
	}
	again := waitResults(ctx, t)
	slices.Sort(again.Titles)
	if !slices.Equal(again.Titles, want) {
		t.Errorf("reopened %s: %q, want %q", r.URL, again.Titles, want)
	}
	v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-q").value + "|" + document.getElementById("search-year").value`))
	if v != "工会|2016" {
		t.Errorf("form after reopening: %q", v)
	}
	// The results, the open filters and their marks pass axe, also in 长辈模式.
	axeResults(ctx, t)
	// A section narrows further.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#search-section"), "通知公告"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("search-section").dispatchEvent(new Event("change"))`),
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatal(err)
	}
	r, _ = chromedp.Run(ctx, chromedp.Evaluate[searchResult](readResults))
	if !slices.Equal(r.Titles, want[:1]) {
		t.Errorf("year 2016 + 通知公告: %q", r.Titles)
	}
}

// TestSearchFromFile opens the built site from disk: the index is loaded
// by <script>, which file:// allows where fetch is refused.
func TestSearchFromFile(t *testing.T) {
	ctx := browser(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: searchFixture(), Theme: repo, Dest: dest, Now: time.Date(2017, 6, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	u := "file://" + filepath.ToSlash(dest) + "/search/index.html?q=" + url.QueryEscape("集体协商")
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	r := waitResults(ctx, t)
	if !slices.Equal(r.Titles, []string{"示例公司推进集体协商"}) {
		t.Fatalf("file:// results %q (status %q)", r.Titles, r.Status)
	}
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#search-results a").href`))
	if want := "file://" + filepath.ToSlash(dest) + "/cases/c1/index.html"; href != want {
		t.Errorf("link %q, want %q", href, want)
	}
}

// axeResults runs axe-core on the search page as it is now.
func axeResults(ctx context.Context, t *testing.T) {
	t.Helper()
	axe, err := os.ReadFile(checker(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	const run = `axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
		.then(r => r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')).join('\n'))`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe))); err != nil {
		t.Fatalf("loading axe: %v", err)
	}
	for _, elder := range []string{"remove", "add"} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.classList.`+elder+`('elder'), `+run, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Errorf("search results (elder %s): axe violations:\n%s", elder, got)
		}
	}
	_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.classList.remove('elder'), true`))
}
