// Package browser drives Debian's chromium against built portals: what a
// reader sees, with the theme's JavaScript running.
package browser

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/builder"
)

var repo = os.DirFS("../..")

// browser starts a headless chromium for one test, or skips the test when
// chromium is missing (make test sets GONGKAI_REQUIRE_BROWSER=1 to fail
// instead).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatal("chromium is not installed; run scripts/install-deps.sh")
		}
		t.Skip("chromium not installed")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	// Chromium starts with the first action, and closes when that action's
	// context ends: it is started on the tab's own context, and a timer
	// bounds the wait. Every later step has a deadline per page (check).
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting chromium: %v", err)
		}
	case <-time.After(perPage):
		t.Fatalf("starting chromium: no answer within %v", perPage)
	}
	return ctx
}

// perPage bounds the work of one check on one page. Each check is bounded
// (one navigation, one script), so a generous deadline only matters when
// the machine is loaded: on 2 busy cores the axe run on the unit directory
// once took more than the whole test's former 60 s.
const perPage = 2 * time.Minute

// check runs fn with a deadline of its own and names the page and the
// check in its error, so a failure says where it happened.
func check(ctx context.Context, page, what string, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, perPage)
	defer cancel()
	if err := fn(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %s: no answer within %v (%v)", page, what, perPage, err)
		}
		return fmt.Errorf("%s: %s: %v", page, what, err)
	}
	return nil
}

// visit navigates to page under its own deadline.
func visit(ctx context.Context, base, page string) error {
	return check(ctx, page, "open", func(ctx context.Context) error { return chromedp.Do(ctx, chromedp.Navigate(base+page)) })
}

// eval evaluates a script on the current page under a deadline of its own.
func eval[T any](ctx context.Context, page, what, script string, opts ...chromedp.EvaluateOption) (T, error) {
	var out T
	err := check(ctx, page, what, func(ctx context.Context) error {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, opts...))
		out = v
		return err
	})
	return out, err
}

// serve builds src as of now and serves the output on loopback.
func serve(t *testing.T, src fstest.MapFS, now time.Time) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: src, Theme: repo, Dest: dest, Now: now}); err != nil {
		t.Fatalf("build: %v", err)
	}
	return serveDir(t, dest)
}

// serveDir serves a built site on loopback for the rest of the test.
func serveDir(t *testing.T, dest string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	t.Cleanup(srv.Close)
	return srv.URL
}

const fixtureConfig = `title = "测试门户"
base_url = "/"
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5
[[categories]]
id = "finance"
name = "经费收支"
[[phases]]
id = "p"
name = "启动推进年"
start = 2016-01-01
end = 2016-12-31
`

func fixture() fstest.MapFS {
	return fstest.MapFS{
		"config.toml":                 {Data: []byte(fixtureConfig)},
		"content/units/gs.md":         {Data: []byte("+++\ntitle = \"示例公司工会\"\nkind = \"enterprise\"\n+++\n")},
		"content/disclosures/fund.md": {Data: []byte("+++\ntitle = \"经费收支公示\"\ndate = 2016-05-03\nunit = \"gs\"\ncategory = \"finance\"\npublicity_start = 2016-05-03\npublicity_end = 2016-05-09\ncontact = \"意见箱：工会办公室\"\n+++\n正文。\n")},
	}
}

// TestStatusRefreshesInBrowser builds while the 公示期 runs, then opens the
// page years later: the build-time 公示中 must become 已结束.
func TestStatusRefreshesInBrowser(t *testing.T) {
	ctx := browser(t)
	base := serve(t, fixture(), time.Date(2016, 5, 5, 9, 0, 0, 0, time.UTC))
	page := base + "/disclosures/fund/"

	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(raw), "公示中") {
		t.Fatalf("built page lacks the build-time status 公示中")
	}

	if err := visit(ctx, base, "/disclosures/fund/"); err != nil {
		t.Fatal(err)
	}
	got, err := eval[string](ctx, "/disclosures/fund/", "status text", `document.querySelector(".status").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "已结束" {
		t.Errorf("status in browser = %q, want 已结束", got)
	}
	class, err := eval[string](ctx, "/disclosures/fund/", "status class", `document.querySelector(".status").className`)
	if err != nil || !strings.Contains(class, "status-ended") {
		t.Errorf("status class = %q (%v)", class, err)
	}
}

// TestElderModePersists clicks the 长辈模式 switch and reloads: the text
// stays large and the button says how to leave the mode.
func TestElderModePersists(t *testing.T) {
	ctx := browser(t)
	base := serve(t, fixture(), time.Date(2016, 5, 5, 9, 0, 0, 0, time.UTC))
	const fontSize = `parseFloat(getComputedStyle(document.documentElement).fontSize)`
	const button = `(b => b.getAttribute("aria-pressed") + " " + b.textContent)(document.getElementById("elder-toggle"))`
	if err := visit(ctx, base, "/"); err != nil {
		t.Fatal(err)
	}
	before, err := eval[float64](ctx, "/", "font size", fontSize)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := eval[string](ctx, "/", "button", button); b != "false 长辈模式" {
		t.Errorf("button before = %q, want %q", b, "false 长辈模式")
	}
	if err := check(ctx, "/", "click 长辈模式 and reload", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#elder-toggle")), chromedp.Reload())
	}); err != nil {
		t.Fatal(err)
	}
	after, _ := eval[float64](ctx, "/", "font size", fontSize)
	if after <= before*1.2 {
		t.Errorf("elder mode: font %v → %v", before, after)
	}
	if b, _ := eval[string](ctx, "/", "button", button); b != "true 退出长辈模式" {
		t.Errorf("button in 长辈模式 = %q, want %q", b, "true 退出长辈模式")
	}
}

// TestHomeActiveFollowsToday builds the home page ten days ago and opens
// it today: an item whose 公示期 ended since is no longer 正在公示, and one
// that started since is.
func TestHomeActiveFollowsToday(t *testing.T) {
	ctx := browser(t)
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	day := func(offset int) string { return today.AddDate(0, 0, offset).Format(time.DateOnly) }
	src := fixture()
	disclosure := func(title string, from, to int) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = %q\ndate = %s\nunit = \"gs\"\ncategory = \"finance\"\npublicity_start = %s\npublicity_end = %s\ncontact = \"意见箱：工会办公室\"\n+++\n正文。\n", title, day(from-3), day(from), day(to)))}
	}
	src["content/disclosures/ended.md"] = disclosure("已过公示期的事项", -12, -5)
	src["content/disclosures/started.md"] = disclosure("后来开始公示的事项", -3, 4)
	src["content/disclosures/later.md"] = disclosure("下月才公示的事项", 12, 18)
	base := serve(t, src, today.AddDate(0, 0, -10))

	if err := visit(ctx, base, "/"); err != nil {
		t.Fatal(err)
	}
	const shown = `[...document.querySelectorAll(".live > li")].filter(li => li.offsetParent !== null)
		.map(li => li.querySelector(".item-title").textContent).join("、") + "|" + (document.querySelector(".live-empty").offsetParent !== null)`
	got, err := eval[string](ctx, "/", "正在公示", shown)
	if err != nil {
		t.Fatal(err)
	}
	if got != "后来开始公示的事项|false" {
		t.Errorf("正在公示 shows %q, want only 后来开始公示的事项 and no empty note", got)
	}
}

// TestSubscribeInBrowser follows the footer's 订阅 link as a reader
// would: it leads to a page in Chinese that says how to subscribe and
// gives the feed's address, not to the raw feed (browsers no longer style
// feeds; Chromium paints a warning over one that asks for XSLT).
func TestSubscribeInBrowser(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	if err := visit(ctx, base, "/"); err != nil {
		t.Fatal(err)
	}
	href, err := eval[string](ctx, "/", "footer link", `[...document.querySelectorAll("footer a")].find(a => a.textContent.includes("订阅")).href`)
	if err != nil {
		t.Fatal(err)
	}
	if err := visit(ctx, "", href); err != nil {
		t.Fatal(err)
	}
	got, err := eval[string](ctx, href, "subscribe page", `document.documentElement.lang + "|" + document.querySelector("h1").textContent + "|" + document.querySelector(".feed-url code").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "zh-CN|订阅本站更新|https://gonghui.example.org/atom.xml" {
		t.Errorf("the footer's 订阅 link leads to %s, which reads %q", href, got)
	}
}
