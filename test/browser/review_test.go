package browser

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/content"
	"gongkai/generator/review"
)

// TestReviewFormPrintsOnA4 prints a 《信息发布审核表》 as the review command
// writes it: one A4 page, every role with its signer and date or a blank
// to sign by hand, the content hash whole, nothing cut at the right edge.
func TestReviewFormPrintsOnA4(t *testing.T) {
	raw := []byte("+++\ntitle = \"姑苏区平安街道桂花社区工会2016年度经费收支情况公示\"\ndate = 2017-03-10\nunit = \"guihua-shequ\"\ncategory = \"finance\"\n+++\n收支公示。\n")
	day := time.Date(2017, 3, 9, 0, 0, 0, 0, time.UTC)
	for _, r := range [][2]string{{"信息员", "顾佳怡"}, {"审核", "钱文斌"}, {"签发", "孙卫红"}} {
		res, err := review.Sign("content/disclosures/f.md", raw, r[0], r[1], day)
		if err != nil {
			t.Fatal(err)
		}
		raw = res.File
	}
	p, errs := content.Parse("content/disclosures/f.md", "disclosures/f.md", raw)
	if p == nil || errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	roles := []string{"审核", "签发", "保密审查"}
	f := review.Form{Site: "苏州工会公开网（示例）", Title: p.Title, Section: "会务公开", Unit: "姑苏区平安街道桂花社区工会", Category: "经费收支",
		URL: "/disclosures/f/", Date: p.Date.In(time.UTC), Summary: strings.Repeat("本工会2016年度经费收支情况经经费审查委员会审查，现予公示。", 4),
		Author: p.Review.Author, Roles: review.Signatures(p.Review), Required: roles, Status: review.Of(p, roles), Hash: p.ContentHash,
		Printed: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	w, err := os.Create(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := review.WriteForm(w, f); err != nil {
		t.Fatal(err)
	}
	w.Close()

	ctx := browser(t)
	base := serveDir(t, dir)
	if err := visit(ctx, base, "/"); err != nil {
		t.Fatal(err)
	}
	// At A4's width (210 mm = 794 CSS px) nothing runs past the sheet.
	if err := check(ctx, "/", "A4 width", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(794, 1123))
	}); err != nil {
		t.Fatal(err)
	}
	over, err := eval[float64](ctx, "/", "widest element", `Math.max(...[...document.querySelectorAll('table, td, th, .hash')].map(e => e.getBoundingClientRect().right)) - document.documentElement.clientWidth`)
	if err != nil {
		t.Fatal(err)
	}
	if over > 0 {
		t.Errorf("the form runs %.0f px past an A4 sheet's width", over)
	}
	if dir := os.Getenv("GONGKAI_KEEP_PDF"); dir != "" {
		png, _ := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		os.WriteFile(filepath.Join(dir, "review-form.png"), png, 0o644)
	}
	pages, _ := pdfText(t, ctx, "/")
	if len(pages) != 1 {
		t.Fatalf("the form prints on %d pages, want one A4 sheet", len(pages))
	}
	text := strings.Join(strings.Fields(pages[0]), "")
	for _, want := range []string{"信息发布审核表", "姑苏区平安街道桂花社区工会2016年度经费收支情况公示", "审核人：钱文斌", "签发人：孙卫红", "2017年3月9日", "保密审查人：", "信息员顾佳怡", strings.TrimPrefix(p.ContentHash, "sha256:")[:32]} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed form lacks %q:\n%s", want, pages[0])
		}
	}
}
