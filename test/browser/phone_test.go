package browser

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gongkai/generator/builder"
)

// longPages are the pages that ran to many screens on a phone, with the
// height each may reach at 360 px, normal and in 长辈模式. The budgets are
// the sample's heights when the folds came (issue 23), plus about 15%:
// before them the pages measured
//
//	                       normal   长辈模式
//	/                       5,974     9,152
//	/progress/             11,512    17,950
//	/timeline/              9,634    14,111
//	/units/hongqiao-jingmi/ 5,312     7,901
//	/units/jinqiao-town/    5,415     8,161
//
// and after them
//
//	/                       4,451     6,887
//	/progress/              5,777     8,721
//	/timeline/              1,995     3,104
//	/units/hongqiao-jingmi/ 2,891     4,600
//	/units/jinqiao-town/    2,319     3,280
//
// A district's page and a section's list came later: /districts/gusu/
// measured 7,269 and 10,487, and 3,118 and 4,433 with its folds and the
// newest 会务公开 first; /disclosures/ measured 7,012 and 10,898, and 5,390
// and 7,849 with two-line summaries.
var longPages = []struct {
	url           string
	normal, elder float64
}{
	{"/", 5100, 7900},
	{"/progress/", 6700, 10000},
	{"/timeline/", 2300, 3600},
	{"/units/hongqiao-jingmi/", 3300, 5300},
	{"/units/jinqiao-town/", 2700, 3800},
	{"/districts/gusu/", 3600, 5100},
	{"/disclosures/", 6200, 9000},
}

// atWidth sets the viewport, opens page and switches 长辈模式 on or off
// as a reader would (the switch is kept in localStorage).
func atWidth(ctx context.Context, base, page string, width int64, elder bool) error {
	if err := check(ctx, page, fmt.Sprintf("resize to %d px", width), func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(width, 800))
	}); err != nil {
		return err
	}
	if err := visit(ctx, base, page); err != nil {
		return err
	}
	on := "0"
	if elder {
		on = "1"
	}
	if _, err := eval[any](ctx, page, "set 长辈模式", `localStorage.setItem("gongkai-elder", "`+on+`")`); err != nil {
		return err
	}
	return check(ctx, page, "reload", func(ctx context.Context) error { return chromedp.Do(ctx, chromedp.Reload()) })
}

// TestElderPhoneText opens every page type in 长辈模式 at 360 px, every fold opened: no date or figure breaks across
// lines (each has one line box), nothing is wider than the screen, and no
// control cuts its words (the search box once read "搜索全").
func TestElderPhoneText(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	const broken = `(() => {
		document.querySelectorAll("details").forEach(d => d.open = true);
		const out = [];
		for (const e of document.querySelectorAll("time, .pct, .nb, .change, .rank, .status, .mark, .tag")) {
			const n = e.getClientRects().length;
			if (n > 1) out.push("wraps: " + e.className + " " + JSON.stringify(e.textContent));
		}
		const d = document.documentElement;
		if (d.scrollWidth > d.clientWidth) out.push("page is " + d.scrollWidth + " px wide");
		const ctx = document.createElement("canvas").getContext("2d");
		for (const e of document.querySelectorAll("button, input, select, summary, .jump a, .phase-nav a, .filters a, .pager a, .elder-toggle")) {
			if (!e.getClientRects().length || e.closest(".site-nav")) continue;
			const s = getComputedStyle(e);
			if (e.tagName === "INPUT" && e.placeholder) {
				ctx.font = s.fontSize + " " + s.fontFamily;
				const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
				if (ctx.measureText(e.placeholder).width > room + 1) out.push("cut: " + e.id + " placeholder " + JSON.stringify(e.placeholder) + " in " + Math.round(room) + " px");
			} else if (e.scrollWidth > e.clientWidth + 1) {
				out.push("cut: " + e.tagName.toLowerCase() + " " + JSON.stringify(e.textContent.trim().slice(0, 20)));
			} else if (e.getBoundingClientRect().right > d.clientWidth + 1) {
				out.push("off screen: " + e.tagName.toLowerCase() + " " + JSON.stringify(e.textContent.trim().slice(0, 20)));
			}
		}
		return out.slice(0, 8).join("\n");
	})()`
	// The search page also with its results, which search.js writes.
	for _, u := range append(pageTypes, "/search/?q="+url.QueryEscape("集体协商")) {
		if err := atWidth(ctx, base, u, 360, true); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(u, "?q=") {
			for deadline := time.Now().Add(perPage); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if n, _ := eval[int](ctx, u, "results", `document.querySelectorAll("#search-results li").length`); n > 0 {
					break
				}
			}
		}
		got, err := eval[string](ctx, u, "text", broken)
		if err != nil {
			t.Fatal(err)
		}
		if got != "" {
			t.Errorf("%s at 360 px in 长辈模式:\n%s", u, got)
		}
	}
}

// TestPhoneHeights keeps the long pages within their budget at 360 px,
// normal and in 长辈模式, with the folds as they open, and checks that
// at 1366 px every fold is open and reads as the heading it was.
func TestPhoneHeights(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	for _, p := range longPages {
		for _, elder := range []bool{false, true} {
			if err := atWidth(ctx, base, p.url, 360, elder); err != nil {
				t.Fatal(err)
			}
			h, err := eval[float64](ctx, p.url, "height", `document.documentElement.scrollHeight`)
			if err != nil {
				t.Fatal(err)
			}
			budget := p.normal
			if elder {
				budget = p.elder
			}
			if h > budget {
				t.Errorf("%s at 360 px (长辈模式=%v) is %.0f px high, over its budget of %.0f px", p.url, elder, h, budget)
			}
		}
		if err := atWidth(ctx, base, p.url, 1366, false); err != nil {
			t.Fatal(err)
		}
		closed, err := eval[string](ctx, p.url, "folds", `[...document.querySelectorAll("details.fold, details.fold-cell")]
			.filter(d => !d.open || d.lastElementChild.getBoundingClientRect().height === 0 || d.querySelector("summary").tabIndex !== -1)
			.map(d => d.id || d.querySelector("summary").textContent).join(", ")`)
		if err != nil {
			t.Fatal(err)
		}
		if closed != "" {
			t.Errorf("%s at 1366 px: folds closed or in the tab order: %s", p.url, closed)
		}
	}
}

// TestFoldOpensOnTap taps a closed phase of the timeline on a phone and
// follows a jump link to another: both open, and the page says which is
// open (展开/收起 and the [open] state go together).
func TestFoldOpensOnTap(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	const u = "/timeline/"
	if err := atWidth(ctx, base, u, 360, false); err != nil {
		t.Fatal(err)
	}
	state := `[...document.querySelectorAll("details.phase")].map(d => d.open ? "开" : "关").join("")`
	if got, _ := eval[string](ctx, u, "phases", state); got != "关关开" {
		t.Fatalf("phases at first: %q, want only the last open (关关开)", got)
	}
	if err := check(ctx, u, "tap the first phase", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.phase summary"), chromedp.NodeVisible))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := eval[bool](ctx, u, "follow the second phase's link", `document.querySelectorAll(".phase-nav a")[1].click(), true`); err != nil {
		t.Fatal(err)
	}
	var got string
	for deadline := time.Now().Add(perPage); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got, _ = eval[string](ctx, u, "phases", state); got == "开开开" {
			break
		}
	}
	if got != "开开开" {
		t.Errorf("after a tap and a jump link: %q, want 开开开", got)
	}
	label, _ := eval[string](ctx, u, "label", `getComputedStyle(document.querySelector("details.phase summary"), "::after").content`)
	if label != `"收起"` {
		t.Errorf("an open phase's summary says %s, want 收起", label)
	}
}

// TestPrintFolds prints the dashboard and the timeline: what is folded
// on a phone is printed whole, without 展开 marks.
func TestPrintFolds(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	for _, c := range []struct{ url, want string }{
		{"/timeline/", "2015年1月1日至2015年12月31日"},
		{"/timeline/", "60.0% 未达标"},
		{"/progress/", "较上年 +33.3 个百分点"},
		{"/progress/", "通报值 82.0%"},
	} {
		if err := atWidth(ctx, base, c.url, 360, false); err != nil {
			t.Fatal(err)
		}
		pages, _ := pdfText(t, ctx, c.url)
		all := strings.Join(pages, "\n")
		if !strings.Contains(strings.Join(strings.Fields(all), " "), c.want) {
			t.Errorf("%s printed lacks %q", c.url, c.want)
		}
		if strings.Contains(all, "展开") {
			t.Errorf("%s printed says 展开", c.url)
		}
	}
}

// TestRelativeBuildFromFile builds the sample with relative_urls = false
// (a site that opted out of relative links) and the --relative flag
// (builder.Options.Relative), and opens it from file:// on a phone:
// styled, scripted, a link followed, and a fold opened by a tap, none of
// which needs a server.
func TestRelativeBuildFromFile(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	src := sampleWith(t, func(c string) string { return "relative_urls = false\n" + c })
	if _, err := builder.Run(builder.Options{Source: src, Theme: repo, Dest: dest, Relative: true, Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := "file://" + filepath.ToSlash(dest)
	if err := atWidth(ctx, base, "/index.html", 360, false); err != nil {
		t.Fatal(err)
	}
	const state = `location.pathname.replace(/^.*\/public\//, "/") + " " + getComputedStyle(document.querySelector(".site-header")).backgroundColor + " " + document.documentElement.classList.contains("js")`
	if got, err := eval[string](ctx, "/index.html", "style", state); err != nil || got != "/index.html rgb(179, 20, 28) true" {
		t.Fatalf("from file://: %q (%v)", got, err)
	}
	if _, err := eval[bool](ctx, "/index.html", "follow 推进历程", `[...document.querySelectorAll(".site-nav a")].find(a => a.textContent === "推进历程").click(), true`); err != nil {
		t.Fatal(err)
	}
	const want = "/timeline/index.html rgb(179, 20, 28) true"
	var got string
	for deadline := time.Now().Add(perPage); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, _ = eval[string](ctx, want, "style", state); got == want {
			break
		}
	}
	if got != want {
		t.Fatalf("following 推进历程 from file://: %q, want %q", got, want)
	}
	if err := check(ctx, want, "tap the first phase", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.phase summary"), chromedp.NodeVisible))
	}); err != nil {
		t.Fatal(err)
	}
	if h, _ := eval[float64](ctx, want, "first phase", `document.querySelector("details.phase .events").getBoundingClientRect().height`); h == 0 {
		t.Error("from file://, a tapped phase does not open")
	}
}

// TestFoldsWithoutScript turns JavaScript off: at 1366 px every fold still
// shows its content (main.css, not main.js, opens them), and on a phone a
// tap still opens one (<details> needs no script).
func TestFoldsWithoutScript(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	if err := check(ctx, "(browser)", "turn scripts off", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}); err != nil {
		t.Fatal(err)
	}
	const u = "/progress/"
	const hidden = `[...document.querySelectorAll("details.fold, details.fold-cell")].filter(d => d.lastElementChild.getBoundingClientRect().height === 0).length`
	for _, width := range []int64{1366, 360} {
		if err := check(ctx, u, fmt.Sprintf("open at %d px", width), func(ctx context.Context) error {
			return chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+u))
		}); err != nil {
			t.Fatal(err)
		}
		if width == 1366 {
			got, err := eval[string](ctx, u, "folds", hidden+` + " " + document.documentElement.classList.contains("js")`)
			if err != nil || got != "0 false" {
				t.Errorf("%s at 1366 px without scripts: %q (folds hidden, scripts ran; %v), want \"0 false\"", u, got, err)
			}
			continue
		}
		if err := check(ctx, u, "tap a year", func(ctx context.Context) error {
			return chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.fold-cell summary"), chromedp.NodeVisible))
		}); err != nil {
			t.Fatal(err)
		}
		if h, _ := eval[float64](ctx, u, "tapped year", `document.querySelector("details.fold-cell .counts").getBoundingClientRect().height`); h == 0 {
			t.Errorf("%s at 360 px without scripts: a tapped year does not open", u)
		}
	}
}
