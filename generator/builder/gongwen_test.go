package builder

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGongwenGolden compares the 公文 of the sample's notices with golden
// HTML: 签发人 of a 上行文 beside its 发文字号, 附注, 成文日期 apart from the
// publication date, the no-seal signature block. Run with -update to
// rewrite testdata/gongwen/*.html after a deliberate change.
func TestGongwenGolden(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	// The 公文 ends with its 版记 (</footer>); the page's history may
	// follow inside the article.
	article := regexp.MustCompile(`(?s)<article class=gongwen>.*?</footer>(?:</article>|<section class="?history)`)
	for _, name := range []string{"2017-plan-report", "2015-action-plan"} {
		page := read(t, dest, "notices/"+name+"/index.html")
		got := article.FindString(page)
		if got == "" {
			t.Fatalf("%s: no 公文 article", name)
		}
		got = got[:strings.LastIndex(got, "</footer>")] + "</footer></article>"
		// The attachment's full text is the plan's, not the 公文 fields.
		got = regexp.MustCompile(`(?s)<section class=gw-attachment.*?</section>`).ReplaceAllString(got, "<section class=gw-attachment>…</section>")
		got = strings.ReplaceAll(got, "><", ">\n<") + "\n"
		golden := filepath.Join("testdata/gongwen", name+".html")
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (go test -run TestGongwenGolden -update rewrites it):\n%s", name, golden, got)
		}
	}
	// The information bar keeps the publication date; the 公文 prints its 成文日期.
	page := read(t, dest, "notices/2015-action-plan/index.html")
	if !strings.Contains(text(page), "发布日期： 2015年4月7日") || !strings.Contains(page, `<time datetime="2015-04-03">2015年4月3日</time>`) {
		t.Errorf("publication and 成文日期 are not apart:\n%s", text(page))
	}
}

// TestMissingAttachment: an attachment listed with no file behind it is
// an error at its own line, for a bundle and for a single file.
func TestMissingAttachment(t *testing.T) {
	notice := sampleFile(t, "content/notices/2015-action-plan/index.md")
	bad := overlay(t, map[string]string{
		"content/notices/2015-action-plan/index.md": strings.Replace(notice, `attachments = ["plan.md"]`, "attachments = [\n  \"plan.md\",\n  \"报名表\",\n]", 1),
		"content/notices/2016-short.md":             "+++\ntitle = \"通知\"\ndate = 2016-05-01\nissuer = \"苏州市总工会\"\nattachments = [\"名单.xlsx\"]\n+++\n正文。\n",
	})
	_, err := Run(Options{Source: bad, Theme: repo, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow})
	if err == nil {
		t.Fatal("missing attachments build")
	}
	for _, w := range []string{
		"content/notices/2015-action-plan/index.md:12:3: 错误：附件「报名表」在页面包中没有对应的文件",
		"把附件文件放进 content/notices/2015-action-plan/（与 index.md 同一目录），文件名为 报名表 或 报名表 加扩展名（如 报名表.docx）",
		"content/notices/2016-short.md:5:16: 错误：附件「名单.xlsx」没有文件：这个通知不是页面包，放不了附件",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

// TestUpwardDocument: a 上行文's 签发人 sit two to a line right of the
// 发文字号 (GB/T 9704-2012 7.2.4); the information bar gives the
// 成文日期 beside the publication date only when they differ; and a
// 上行文 without a 签发人 does not build.
func TestUpwardDocument(t *testing.T) {
	report := sampleFile(t, "content/notices/2017-plan-report.md")
	signed := strings.Replace(report, `signer = "张某某"`, `signer = "张某某、李某某、王某某"`, 1)
	if signed == report {
		t.Fatal("the sample's 上行文 has no signer line to change")
	}
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, overlay(t, map[string]string{"content/notices/2017-plan-report.md": signed}), dest)
	page := read(t, dest, "notices/2017-plan-report/index.html")
	if w := `<div class=gw-docline><p class=gw-docno>苏工〔2017〕58号</p><p class=gw-signer><span class=gw-signer-label>签发人：</span><span class=gw-signer-names><span class=gw-signer-name>张某某</span><span class=gw-signer-name>李某某</span><span class=gw-signer-name>王某某</span></span></p></div>`; !strings.Contains(page, w) {
		t.Errorf("the 上行文's header lacks\n%s\n%s", w, page)
	}
	if w := "成文日期： 2017年12月29日 发布日期： 2018年1月10日"; !strings.Contains(text(page), w) {
		t.Errorf("the information bar lacks %q:\n%s", w, text(page))
	}
	if got := text(read(t, dest, "notices/2016-member-review/index.html")); strings.Contains(got, "成文日期") || !strings.Contains(got, "发布日期： 2016年3月15日") {
		t.Errorf("a notice written on the day it was published shows a 成文日期:\n%s", got)
	}

	unsigned := strings.Replace(report, "signer = \"张某某\"", "# no signer", 1)
	_, err := Run(Options{Source: overlay(t, map[string]string{"content/notices/2017-plan-report.md": unsigned}), Theme: repo, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow})
	if err == nil || !strings.Contains(err.Error(), "content/notices/2017-plan-report.md:7:13: 错误：上行文缺少签发人 signer") {
		t.Errorf("a 上行文 without 签发人 builds, or the error is elsewhere: %v", err)
	}
}
