package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/builder"
)

// pageTypes has one page of every kind the default theme renders.
var pageTypes = []string{
	"/", "/404.html", "/about/",
	"/notices/", "/notices/2015/", "/notices/2015-action-plan/", "/notices/2017-plan-report/", "/organization/",
	"/reports/2016-annual/", "/cases/2017-yunting-contract/",
	"/disclosures/", "/disclosures/category/finance/", "/disclosures/2026-xinghu-bandaoti-finance/",
	"/units/", "/units/hongqiao-jingmi/", "/units/jinqiao-town/",
	"/districts/", "/districts/gusu/", "/sitemap/", "/disclosures/2015-chengjian-yuan-assistance/", "/units/hongqiao-jingmi/subscribe/", "/tags/", "/tags/三年行动计划/",
	"/search/",
	"/progress/", "/progress/labor-supervision/", "/timeline/",
	"/showcase/", "/showcase/award/home-province/", "/showcase/hongqiao-jingmi/",
	"/revisions/",
}

// checker returns the path of an npm-installed checker file, skipping (or,
// under make test, failing) when scripts/install-deps.sh has not run.
func checker(t *testing.T, rel string) string {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join("../..", "node_modules", rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatalf("%s is missing; run scripts/install-deps.sh", rel)
		}
		t.Skipf("%s not installed", rel)
	}
	return p
}

func buildSample(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: repo, Theme: repo, Dest: dest, Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return dest
}

// widths are the viewports every page type is checked at: a small phone
// and a common desktop.
var widths = []int64{360, 1366}

// TestAxe runs axe-core (WCAG 2.0/2.1 A and AA, best practices) on every
// page type of the sample portal, in normal and in 长辈模式, at each of
// widths.
func TestAxe(t *testing.T) {
	axe, err := os.ReadFile(checker(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	const run = `axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
		.then(r => r.violations.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')).join('\n'))`
	for _, w := range widths {
		if err := check(ctx, "(viewport)", fmt.Sprintf("resize to %d px", w), func(ctx context.Context) error {
			return chromedp.Do(ctx, chromedp.EmulateViewport(w, 800))
		}); err != nil {
			t.Fatal(err)
		}
		for _, elder := range []bool{false, true} {
			for _, u := range pageTypes {
				where := fmt.Sprintf("%s (%d px, 长辈模式=%v)", u, w, elder)
				if err := visit(ctx, base, u); err != nil {
					t.Error(err)
					continue
				}
				if elder {
					if _, err := eval[bool](ctx, where, "switch on 长辈模式", `document.documentElement.classList.add('elder'), true`); err != nil {
						t.Error(err)
						continue
					}
				}
				if _, err := eval[any](ctx, where, "load axe-core", string(axe)); err != nil {
					t.Error(err)
					continue
				}
				got, err := eval[string](ctx, where, "axe run", run, chromedp.EvalAwaitPromise)
				if err != nil {
					t.Error(err)
					continue
				}
				if got != "" {
					t.Errorf("%s: axe violations:\n%s", where, got)
				}
			}
		}
	}
}

// TestNoHorizontalScroll opens every page type at 320 px, normal and in
// 长辈模式: nothing may be wider than the screen.
func TestNoHorizontalScroll(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	if err := check(ctx, "(viewport)", "resize to 320 px", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(320, 640))
	}); err != nil {
		t.Fatal(err)
	}
	const wide = `(() => { const d = document.documentElement; if (d.scrollWidth <= d.clientWidth) return "";
		return d.scrollWidth + " px: " + [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
			.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")).join(", "); })()`
	for _, elder := range []bool{false, true} {
		for _, u := range pageTypes {
			where := fmt.Sprintf("%s (320 px, 长辈模式=%v)", u, elder)
			if err := visit(ctx, base, u); err != nil {
				t.Error(err)
				continue
			}
			if elder {
				if _, err := eval[bool](ctx, where, "switch on 长辈模式", `document.documentElement.classList.add('elder'), true`); err != nil {
					t.Error(err)
					continue
				}
			}
			got, err := eval[string](ctx, where, "page width", wide)
			if err != nil {
				t.Error(err)
				continue
			}
			if got != "" {
				t.Errorf("%s: scrolls sideways, page is %s wider than the screen", where, got)
			}
		}
	}
}

// TestHTMLValid runs the Nu Html Checker on every page type.
func TestHTMLValid(t *testing.T) {
	jar := checker(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java is not installed; run scripts/install-deps.sh")
	}
	dest := buildSample(t)
	args := []string{"-jar", jar, "--errors-only", "--format", "gnu"}
	for _, u := range pageTypes {
		name := strings.TrimPrefix(u, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		args = append(args, filepath.Join(dest, filepath.FromSlash(name)))
	}
	// One JVM checks every page; generous, since Java starts slowly on a
	// loaded machine.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, java, args...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("Nu Html Checker found errors (%v):\n%s", err, out)
	}
}
