package browser

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gongkai/generator/builder"
)

// pdfText prints the current page to PDF as a reader's browser would
// (A4, the page's own @page rules) and returns pdftotext's text, one
// string per page, and the PDF file.
func pdfText(t *testing.T, ctx context.Context, where string) ([]string, string) {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext is not installed; run scripts/install-deps.sh")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	var pdf []byte
	if err := check(ctx, where, "print to PDF", func(ctx context.Context) error {
		var err error
		pdf, err = chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "page.pdf")
	if dir := os.Getenv("GONGKAI_KEEP_PDF"); dir != "" {
		file = filepath.Join(dir, strings.Trim(strings.ReplaceAll(where, "/", "-"), "-")+".pdf")
	}
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("%s: pdftotext: %v", where, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\f"), "\f"), file
}

// wordBottom is how far from the top of page n (from 1) of a PDF the
// lowest word containing word ends, in points; -1 if it is not there.
func wordBottom(t *testing.T, file string, n int, word string) float64 {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	bottom := -1.0
	re := regexp.MustCompile(`<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		if strings.Contains(m[2], word) {
			y, _ := strconv.ParseFloat(m[1], 64)
			bottom = max(bottom, y)
		}
	}
	return bottom
}

// TestPrintNotice prints the sample 公文 (a plan of several pages as its
// attachment): every page carries its number as — N — in the bottom
// margin, the 版记 is at the foot of the last page (never alone at the
// top of one), and the site's navigation is not printed.
func TestPrintNotice(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	const u = "/notices/2015-action-plan/"
	if err := visit(ctx, base, u); err != nil {
		t.Fatal(err)
	}
	pages, file := pdfText(t, ctx, u)
	if len(pages) < 3 {
		t.Fatalf("%s: printed on %d pages; the notice and its plan need more", u, len(pages))
	}
	number := regexp.MustCompile(`—\s*(\d+)\s*—\s*$`)
	for i, p := range pages {
		m := number.FindStringSubmatch(p)
		if m == nil {
			t.Errorf("%s: page %d has no page number — %d — at its foot:\n%s", u, i+1, i+1, tail(p))
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n != i+1 {
			t.Errorf("%s: page %d is numbered %d", u, i+1, n)
		}
		if strings.Contains(p, "跳到正文") || strings.Contains(p, "长辈模式") || strings.Contains(p, "主办单位") {
			t.Errorf("%s: page %d prints the site's navigation or footer", u, i+1)
		}
	}
	last := pages[len(pages)-1]
	if !strings.Contains(last, "苏州市总工会办公室") || !strings.Contains(last, "2015年4月8日印发") {
		t.Errorf("%s: the 版记 is not on the last page:\n%s", u, last)
	}
	// A4 is 841.9 pt high and the 版心 ends 35 mm (99.2 pt) above the
	// bottom edge: the 版记's last line ends within a line of it.
	if y := wordBottom(t, file, len(pages), "印发"); y < 742.7-30 || y > 742.7+2 {
		t.Errorf("%s: the 版记 ends %.0f pt from the top of its page, not at the foot of the 版心 (742.7 pt)", u, y)
	}
}

// TestPrintOtherPages: pages other than 公文 print without the navigation
// but with the site's name and the page's address.
func TestPrintOtherPages(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	for _, u := range []string{"/units/hongqiao-jingmi/", "/disclosures/2026-xinghu-bandaoti-finance/"} {
		if err := visit(ctx, base, u); err != nil {
			t.Fatal(err)
		}
		pages, _ := pdfText(t, ctx, u)
		first := pages[0]
		if !strings.Contains(first, "苏州工会基层基础建设公开平台") || !strings.Contains(first, "https://gonghui.example.org"+u) {
			t.Errorf("%s: printed page lacks the site name and address:\n%s", u, head(first))
		}
		if strings.Contains(first, "首页") && strings.Contains(first, "通知公告") && strings.Contains(first, "典型案例") {
			t.Errorf("%s: the navigation is printed:\n%s", u, head(first))
		}
	}
}

func tail(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	return strings.Join(lines[max(0, len(lines)-8):], "\n")
}

func head(s string) string {
	lines := strings.Split(s, "\n")
	return fmt.Sprint(strings.Join(lines[:min(len(lines), 8)], "\n"))
}

// TestPrintGongwenFields prints the sample's 上行文: 签发人 on the line of
// the 发文字号, the no-seal signature with the 成文日期 (not the date it
// was published) two characters right of the issuer, the 附注 below it,
// and the structure headings in 黑体 (一、) and 楷体 (（一）).
func TestPrintGongwenFields(t *testing.T) {
	ctx := browser(t)
	base := serveDir(t, buildSample(t))
	const u = "/notices/2017-plan-report/"
	if err := visit(ctx, base, u); err != nil {
		t.Fatal(err)
	}
	pages, file := pdfText(t, ctx, u)
	all := strings.Join(pages, "\n")
	if !regexp.MustCompile(`苏工〔2017〕58号\s+签发人：张某某`).MatchString(pages[0]) {
		t.Errorf("%s: 签发人 is not beside the 发文字号:\n%s", u, head(pages[0]))
	}
	sign := regexp.MustCompile(`\n( *)苏州市总工会\n( *)2017年12月29日\n\s*（此件公开发布）`).FindStringSubmatch(all)
	if sign == nil {
		t.Fatalf("%s: no signature, 成文日期 and 附注 in order:\n%s", u, all)
	}
	if d := len(sign[2]) - len(sign[1]); d < 2 || d > 6 {
		t.Errorf("%s: the 成文日期 starts %d columns right of the issuer, want about two characters", u, d)
	}
	if strings.Contains(all, "2018年1月10日\n") && !strings.Contains(all, "2018年1月10日印发") {
		t.Errorf("%s: the publication date is printed as the 成文日期", u)
	}
	if y := wordBottom(t, file, len(pages), "此件公开发布"); y < 0 {
		t.Errorf("%s: the 附注 is not on the last page", u)
	}
	media := func(m string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		})
	}
	if err := chromedp.Do(ctx, media("print")); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Do(ctx, media(""))
	fonts, err := eval[[]string](ctx, u, "print fonts", `(() => {
		const f = s => getComputedStyle(document.querySelector(s)).fontFamily;
		return [f(".gw-body h2"), f(".gw-body h3"), f(".gw-signer-name"), f(".gw-body p")];
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"SimHei", "KaiTi", "KaiTi", "FangSong"} {
		if !strings.HasPrefix(strings.ToLower(strings.Trim(fonts[i], `"`)), strings.ToLower(want)) {
			t.Errorf("%s: printed font %d is %s, want %s first", u, i, fonts[i], want)
		}
	}
}

// TestPrintSigners prints a 上行文 signed by three: the names two to a
// line, the third under the first, and the 发文字号 on the line of the
// last name (GB/T 9704-2012 7.2.4).
func TestPrintSigners(t *testing.T) {
	src := fstest.MapFS{}
	for _, root := range []string{"config.toml", "content", "data", "revisions.jsonl"} {
		if err := fs.WalkDir(repo, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(repo, p)
			src[p] = &fstest.MapFile{Data: b}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	const file = "content/notices/2017-plan-report.md"
	report := string(src[file].Data)
	signed := strings.Replace(report, `signer = "张某某"`, `signer = "张某某、李某某、王某某"`, 1)
	if signed == report {
		t.Fatal("the sample's 上行文 has no signer line to change")
	}
	src[file] = &fstest.MapFile{Data: []byte(signed)}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: src, Theme: repo, Dest: dest, Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	base := serveDir(t, dest)
	const u = "/notices/2017-plan-report/"
	if err := visit(ctx, base, u); err != nil {
		t.Fatal(err)
	}
	pages, _ := pdfText(t, ctx, u)
	m := regexp.MustCompile(`\n(.*)签发人：张某某\s+李某某 *\n(.*)苏工〔2017〕58号(\s+)王某某`).FindStringSubmatch(pages[0])
	if m == nil {
		t.Fatalf("%s: the 签发人 are not two to a line with the 发文字号 on the last:\n%s", u, head(pages[0]))
	}
	first := utf8.RuneCountInString(m[1]) + utf8.RuneCountInString("签发人：")
	third := utf8.RuneCountInString(m[2]) + utf8.RuneCountInString("苏工〔2017〕58号") + len(m[3])
	if d := third - first; d < -1 || d > 1 {
		t.Errorf("%s: the third 签发人 starts %d columns from the first, want under it:\n%s", u, d, head(pages[0]))
	}
}
