// Package browser drives Debian's chromium against built portals: what a
// reader sees, with the theme's JavaScript running.
package browser

import (
	"context"
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

	"gongkai/generator/build"
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
	ctx, cancelC := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return ctx
}

// serve builds src as of now and serves the output on loopback.
func serve(t *testing.T, src fstest.MapFS, now time.Time) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Source: src, Theme: repo, Dest: dest, Now: now}); err != nil {
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
		"content/disclosures/fund.md": {Data: []byte("+++\ntitle = \"经费收支公示\"\ndate = 2016-05-03\nunit = \"gs\"\ncategory = \"finance\"\npublicity_start = 2016-05-03\npublicity_end = 2016-05-09\n+++\n正文。\n")},
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

	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".status")))
	if err != nil {
		t.Fatal(err)
	}
	if got != "已结束" {
		t.Errorf("status in browser = %q, want 已结束", got)
	}
	class, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".status").className`))
	if err != nil || !strings.Contains(class, "status-ended") {
		t.Errorf("status class = %q (%v)", class, err)
	}
}

// TestElderModePersists clicks the 长辈模式 switch and reloads.
func TestElderModePersists(t *testing.T) {
	ctx := browser(t)
	base := serve(t, fixture(), time.Date(2016, 5, 5, 9, 0, 0, 0, time.UTC))
	fontSize := `parseFloat(getComputedStyle(document.documentElement).fontSize)`
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](fontSize))
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#elder-toggle")), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](fontSize))
	pressed, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#elder-toggle"), "aria-pressed"))
	if after <= before*1.2 || !pressed.Exists || pressed.Value != "true" {
		t.Errorf("elder mode: font %v → %v, aria-pressed %+v", before, after, pressed)
	}
}
