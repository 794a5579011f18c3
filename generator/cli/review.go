package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/generator/builder"
	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/review"
)

// runReview lists the pages waiting for sign-off, prints a page's
// 《信息发布审核表》, or (review sign) records a signature.
func runReview(env Env, args []string) int {
	if len(args) > 0 && args[0] == "sign" {
		return runSign(env, args[1:])
	}
	fs := newFlags(env, "review")
	source := fs.String("source", ".", "站点`目录`（含 config.toml 和 content/）")
	out := fs.String("out", "", "审核表写入的`文件`（默认为当前目录下的 审核表-文件名.html）")
	files, code := parseMixed(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) > 1 {
		usageError(fs, "gongkai review 一次只打印一篇的审核表")
		return ExitUsage
	}
	if !siteDir(env, *source) {
		return ExitUsage
	}
	res, err := builder.Run(builder.Options{Source: os.DirFS(*source), SourceDir: *source, Theme: env.Theme, Check: true, Review: true, Now: env.Now()})
	if len(res.Review) == 0 && err != nil {
		fmt.Fprintf(env.Stderr, "gongkai review：站点有错误，先用 gongkai check 查看并改正：\n%v\n", err)
		return ExitContent
	}
	if len(files) == 1 {
		return printForm(env, *source, files[0], *out, res)
	}
	return listWaiting(env, res)
}

// listWaiting prints the pages whose sign-off is missing or void.
func listWaiting(env Env, res builder.Result) int {
	var waiting []builder.ReviewItem
	required := false
	for _, it := range res.Review {
		st := it.Status
		if len(it.Roles) == 0 {
			// Not required: a page is waiting when a role is unsigned.
			st = review.Of(pageOf(it), config.Roles)
		} else {
			required = true
		}
		if st.State != review.Signed {
			it.Status = st
			waiting = append(waiting, it)
		}
	}
	if !required {
		fmt.Fprintln(env.Stdout, "（本站没有要求先审后发：config.toml 中没有 [review] required = true，下列页面没有签发也会发布。）")
	}
	if len(waiting) == 0 {
		fmt.Fprintf(env.Stdout, "全部 %d 篇都已审核签发，没有待签的页面。\n", len(res.Review))
		return ExitOK
	}
	fmt.Fprintf(env.Stdout, "待审核签发的页面（%d 篇，共 %d 篇）：\n", len(waiting), len(res.Review))
	for _, it := range waiting {
		what := it.Status.State
		switch {
		case it.Status.Voided && !it.Status.Last.IsZero():
			what = fmt.Sprintf("%s（%s 签发后改过，须全部重签）", what, it.Status.Last.Format("2006-01-02"))
		case it.Status.Voided:
			what += "（须全部重签）"
		default:
			what = fmt.Sprintf("%s：缺%s", what, strings.Join(it.Status.Missing, "、"))
		}
		fmt.Fprintf(env.Stdout, "  %s  《%s》  %s\n", it.File, it.Title, what)
	}
	fmt.Fprintln(env.Stdout, "\n签字：gongkai review sign 文件 --role 审核 --name 姓名（角色：审核、签发、保密审查）")
	fmt.Fprintln(env.Stdout, "打印审核表：gongkai review 文件")
	return ExitOK
}

// pageOf rebuilds what review.Of needs of a page from its item.
func pageOf(it builder.ReviewItem) *content.Page {
	return &content.Page{ContentHash: it.Hash, Meta: content.Meta{Review: it.Review}}
}

// printForm writes the 《信息发布审核表》 of one page.
func printForm(env Env, source, file, out string, res builder.Result) int {
	rel := siteRel(source, file)
	for _, it := range res.Review {
		if it.File != rel {
			continue
		}
		f := review.Form{Site: siteTitle(source), Title: it.Title, Section: it.Section, Unit: it.Unit, Category: it.Category,
			URL: it.URL, Date: it.Date, Summary: it.Summary, Roles: review.Signatures(it.Review), Required: it.Roles,
			Status: review.Of(pageOf(it), it.Roles), Hash: it.Hash, Printed: env.Now()}
		if it.Review != nil {
			f.Author = it.Review.Author
		}
		if f.Summary == "" {
			f.Summary = bodySummary(filepath.Join(source, filepath.FromSlash(rel)))
		}
		if out == "" {
			out = "审核表-" + strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel)) + ".html"
			if filepath.Base(rel) == "index.md" {
				out = "审核表-" + filepath.Base(filepath.Dir(rel)) + ".html"
			}
		}
		w, err := os.Create(out)
		if err != nil {
			fmt.Fprintf(env.Stderr, "gongkai review：%v\n", err)
			return ExitIO
		}
		err = review.WriteForm(w, f)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "gongkai review：写入 %s 失败：%v\n", out, err)
			return ExitIO
		}
		fmt.Fprintf(env.Stderr, "已写出《信息发布审核表》→ %s（用浏览器打开，按 A4 打印）\n", out)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "gongkai review：%s 不是站点中要发布的页面（草稿、未到发布日期或不在 content/ 下的文件没有审核表）\n", rel)
	return ExitUsage
}

// runSign records a signature in a page's [review] table.
func runSign(env Env, args []string) int {
	fs := newFlags(env, "review")
	role := fs.String("role", "", "签字的`角色`：审核、签发、保密审查，或 信息员")
	name := fs.String("name", "", "签字人的`姓名`")
	date := fs.String("date", "", "签字`日期`，如 2026-12-03（默认为今天）")
	files, code := parseMixed(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 || *role == "" || *name == "" {
		usageError(fs, "写成 gongkai review sign 文件 --role 审核 --name 姓名")
		return ExitUsage
	}
	day := env.Now()
	if *date != "" {
		d, err := time.ParseInLocation("2006-01-02", *date, time.Local)
		if err != nil {
			usageError(fs, fmt.Sprintf("日期“%s”要写成 2026-12-03 这样", *date))
			return ExitUsage
		}
		day = d
	}
	file := files[0]
	raw, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(env.Stderr, "gongkai review sign：读不到 %s：%v\n", file, err)
		return ExitUsage
	}
	res, err := review.Sign(filepath.ToSlash(file), raw, *role, *name, day)
	if err != nil {
		fmt.Fprintf(env.Stderr, "gongkai review sign：%v\n", err)
		return ExitContent
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, res.File, 0o644); err != nil {
		fmt.Fprintf(env.Stderr, "gongkai review sign：%v\n", err)
		return ExitIO
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		fmt.Fprintf(env.Stderr, "gongkai review sign：%v\n", err)
		return ExitIO
	}
	if len(res.Voided) > 0 {
		fmt.Fprintf(env.Stderr, "注意：内容在上次签字后有改动，原来%s的签字已清除，需要重新签。\n", strings.Join(res.Voided, "、"))
	}
	fmt.Fprintf(env.Stderr, "已记录：%s 由 %s %s（%s），内容哈希 %s\n", file, *name, *role, day.Format("2006-01-02"), res.Hash[:7+16]+"…")
	return ExitOK
}

// parseMixed parses flags written before, between and after the other
// arguments (gongkai review sign 文件 --role 审核), and returns the others;
// the code is -1 to go on.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, int) {
	var rest []string
	for {
		if code := parseFlags(fs, args); code >= 0 {
			return nil, code
		}
		if fs.NArg() == 0 {
			return rest, -1
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// siteRel returns a file's path as the site names it ("content/…").
func siteRel(source, file string) string {
	abs, err1 := filepath.Abs(file)
	root, err2 := filepath.Abs(source)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

// siteTitle reads the portal's title for the form's header.
func siteTitle(source string) string {
	data, err := os.ReadFile(filepath.Join(source, config.FileName))
	if err != nil {
		return ""
	}
	c, _ := config.Parse(config.FileName, data)
	if c == nil {
		return ""
	}
	return c.Title
}

// orderedItem is the number of an ordered list's item: "1. ".
var orderedItem = regexp.MustCompile(`^\d+[.)]\s+`)

// bodySummary is the start of a page's body as plain text, for a form
// whose page has no summary in its front matter.
func bodySummary(file string) string {
	const max = 150
	raw, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	src, _ := content.Normalize(file, raw)
	_, body, _, derr := content.Split(file, src)
	if derr != nil {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(string(body), "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#>*-| "))
		line = strings.TrimSpace(orderedItem.ReplaceAllString(line, ""))
		if line == "" || strings.Trim(line, "-|: ") == "" {
			continue
		}
		line = strings.NewReplacer("**", "", "__", "", "`", "", "|", " ").Replace(line)
		b.WriteString(line)
		if utf8.RuneCountInString(b.String()) >= max {
			break
		}
	}
	s := []rune(b.String())
	if len(s) > max {
		return string(s[:max]) + "……"
	}
	return string(s)
}
