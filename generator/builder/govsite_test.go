package builder

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// metaTag finds <meta name=… content=…> as the minifier writes it.
var metaTag = regexp.MustCompile(`<meta name=(\w+) content=("[^"]*"|[^\s>]+)>`)

func metas(html string) map[string]string {
	out := map[string]string{}
	for _, m := range metaTag.FindAllStringSubmatch(html, -1) {
		out[m[1]] = strings.Trim(m[2], `"`)
	}
	return out
}

// TestGovernmentMetaTags checks the tags of 《政府网站发展指引》 on every
// kind of page: the site's on all, the column's on all, an article's on
// articles only.
func TestGovernmentMetaTags(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	site := map[string]string{"SiteName": "苏州工会基层基础建设公开平台", "SiteDomain": "gonghui.example.org", "SiteIDCode": "0000000000"}
	tests := []struct {
		file    string
		column  string
		article map[string]string // nil: not an article
	}{
		{"index.html", "首页", nil},
		{"notices/index.html", "通知公告", nil},
		{"notices/2015/index.html", "通知公告", nil},
		{"notices/2015-action-plan/index.html", "通知公告", map[string]string{
			"ArticleTitle": "关于印发《苏州市工会加强基层基础工作三年行动计划（2015-2017）》的通知", "PubDate": "2015-04-07 00:00", "ContentSource": "苏州市总工会"}},
		{"reports/2016-annual/index.html", "工作通报", map[string]string{"PubDate": "2016-12-28 00:00", "ContentSource": "苏州市总工会"}},
		{"cases/2017-yunting-contract/index.html", "典型案例", map[string]string{"ArticleTitle": "云亭电子：工资集体协商实现“双赢”", "ContentSource": "苏州市总工会（示例站点）"}},
		{"disclosures/2026-xinghu-bandaoti-finance/index.html", "会务公开", map[string]string{"PubDate": "2026-11-20 00:00", "ContentSource": "园区星湖半导体有限公司工会"}},
		{"units/index.html", "工会组织", nil},
		{"units/hongqiao-jingmi/index.html", "工会组织", nil},
		{"districts/gusu/index.html", "各地工会", nil},
		{"about/index.html", "关于本站", nil},
		{"sitemap/index.html", "网站地图", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := metas(read(t, dest, tt.file))
			for k, v := range site {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			if got["ColumnName"] != tt.column {
				t.Errorf("ColumnName = %q, want %q", got["ColumnName"], tt.column)
			}
			if tt.article == nil {
				for _, k := range []string{"ArticleTitle", "PubDate", "ContentSource"} {
					if v, ok := got[k]; ok {
						t.Errorf("%s = %q on a page that is no article", k, v)
					}
				}
				return
			}
			for k, v := range tt.article {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// TestGovernmentFooterAndInfoBar: 备案 numbers link to their registries
// with the 公安 mark, the footer links 关于/联系 and the HTML 网站地图, and
// articles carry an information bar.
func TestGovernmentFooterAndInfoBar(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitePaths(t, nil), dest)
	home := read(t, dest, "index.html")
	for _, want := range []string{
		`<a href="https://beian.miit.gov.cn/" rel=noopener target=_blank>苏ICP备00000000号-1（示例）</a>`,
		`<a href="https://beian.mps.gov.cn/#/query/webSearch?code=32050000000000" rel=noopener target=_blank><img src="/assets/gongan.`,
		`<a href="/about/">关于本站</a>`, `<a href="/about/#联系我们">联系我们</a>`, `<a href="/sitemap/">网站地图</a>`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("footer lacks %s", want)
		}
	}
	if !strings.Contains(read(t, dest, "about/index.html"), `id=联系我们`) {
		t.Error("the footer's 联系我们 anchor is not on the about page")
	}
	for _, file := range []string{"notices/2015-action-plan/index.html", "disclosures/2026-xinghu-bandaoti-finance/index.html", "cases/2017-yunting-contract/index.html"} {
		bar := regexp.MustCompile(`(?s)<div class=infobar>.*?</div>`).FindString(read(t, dest, file))
		for _, want := range []string{"发布机构：", "发布日期：<time datetime=", "class=print-button hidden>打印</button>"} {
			if !strings.Contains(bar, want) {
				t.Errorf("%s: information bar %q lacks %q", file, bar, want)
			}
		}
	}
	if !strings.Contains(read(t, dest, "notices/2015-action-plan/index.html"), "<span>索引号：000000000/2015-00002</span>") {
		t.Error("the notice's 索引号 is not in its information bar")
	}
	sm := read(t, dest, "sitemap/index.html")
	for _, want := range []string{`<a href="/notices/2015/">2015年</a>`, `<a href="/disclosures/category/assistance/">帮扶救助</a>`, `<a href="/districts/gusu/">姑苏区工会</a>`, `<a href="/about/">关于本站</a>`} {
		if !strings.Contains(sm, want) {
			t.Errorf("网站地图 lacks %s", want)
		}
	}
}

// TestDirectoryOrderAndPhones: the unit directory lists districts in
// config order, levels by tier, names in pinyin order, in <details>; phone
// numbers in contact lines are tel: links.
func TestDirectoryOrderAndPhones(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	dir := read(t, dest, "units/index.html")
	order := func(page string, names ...string) {
		t.Helper()
		last := -1
		for _, n := range names {
			i := strings.Index(page, n)
			if i < 0 {
				t.Errorf("%q missing", n)
				continue
			}
			if i < last {
				t.Errorf("%q out of order in %v", n, names)
			}
			last = i
		}
	}
	// Config order of districts, not pinyin or code point.
	order(dir, "<summary><span class=dir-name>张家港市", "<summary><span class=dir-name>常熟市", "<summary><span class=dir-name>太仓市", "<summary><span class=dir-name>昆山市", "<summary><span class=dir-name>吴江区")
	// Within 张家港市: 总工会 (tier 2), then town, federation, enterprises by pinyin (苏 su < 张 zhang).
	zjg := dir[strings.Index(dir, "dir-name>张家港市"):strings.Index(dir, "dir-name>常熟市")]
	order(zjg, "张家港市总工会", "张家港市金桥镇工会", "金桥镇机械行业工会联合会", "苏州虹桥精密机械有限公司工会", "张家港金桥轴承有限公司工会")
	if strings.Count(dir, "<details") < 20 {
		t.Errorf("directory has %d <details>, want one per district and level", strings.Count(dir, "<details"))
	}
	unit := read(t, dest, "units/hongqiao-jingmi/index.html")
	if !regexp.MustCompile(`<dd><a href="tel:0512\d{8}">0512-\d{8}</a>（工会办公室）`).MatchString(unit) {
		t.Error("unit page's phone number is not a tel: link")
	}
	if !strings.Contains(read(t, dest, "index.html"), `<a href="tel:051200000000">0512-00000000</a>`) {
		t.Error("footer's phone number is not a tel: link")
	}
}

// TestRetention: 帮扶救助 (retention_days = 30 in the sample) are taken
// down 30 days after their 公示期; the URL then says so and nothing else
// (no title, no text), and the disclosure leaves every list, feed and the
// sitemap; the build's result names it.
func TestRetention(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res := buildSite(t, sitePaths(t, nil), dest)
	const file, url = "content/disclosures/2015-chengjian-yuan-assistance.md", "/disclosures/2015-chengjian-yuan-assistance/"
	listed := false
	for _, w := range res.Withdrawn {
		if w.File == file {
			listed = true
			if got := w.Until.Format("2006-01-02"); got != "2015-04-18" {
				t.Errorf("public until %s, want 2015-04-18 (公示期 ends 2015-03-19, plus 30 days)", got)
			}
		}
	}
	if !listed {
		t.Errorf("build result does not list %s among %v", file, res.Withdrawn)
	}
	src := read(t, "../..", file)
	title := regexp.MustCompile(`title = "([^"]+)"`).FindStringSubmatch(src)[1]
	page := read(t, dest, "disclosures/2015-chengjian-yuan-assistance/index.html")
	if !strings.Contains(page, "公示已撤下") || !strings.Contains(page, `<meta name=robots content="noindex">`) {
		t.Errorf("withdrawn page does not say it was taken down")
	}
	body := strings.TrimSpace(src[strings.LastIndex(src, "+++")+3:])
	firstLine := strings.SplitN(body, "\n", 2)[0]
	if strings.Contains(page, title) || strings.Contains(page, firstLine) {
		t.Errorf("withdrawn page still shows the disclosure's title or text")
	}
	for _, f := range []string{"disclosures/index.html", "disclosures/category/assistance/index.html", "disclosures/2015/index.html", "disclosures/atom.xml", "atom.xml", "sitemap.xml", "units/chengjian-yuan/index.html", "units/chengjian-yuan/atom.xml"} {
		if s := read(t, dest, f); strings.Contains(s, url) || strings.Contains(s, title) {
			t.Errorf("%s still lists the withdrawn disclosure", f)
		}
	}
	// A category without retention stays: the finance disclosure of 2015.
	if !strings.Contains(read(t, dest, "disclosures/2015/index.html"), "/disclosures/2015-hongqiao-jingmi-finance/") {
		t.Error("a disclosure without retention was taken down")
	}
}

// TestSubscribePage: the site, each section with a feed and each unit
// have a 订阅 page, linked where readers look for 订阅, that explains
// following the feed and gives its full address; the feeds themselves
// carry no XSLT, which browsers are removing.
func TestSubscribePage(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitePaths(t, nil), dest)
	if !strings.Contains(read(t, dest, "units/hongqiao-jingmi/index.html"), `<a href="/units/hongqiao-jingmi/subscribe/">订阅本单位的公开信息</a>`) {
		t.Error("unit page does not link its 订阅 page")
	}
	if !strings.Contains(read(t, dest, "index.html"), `<a href="/subscribe/">订阅本站更新</a>`) {
		t.Error("the footer does not link the site's 订阅 page")
	}
	if !strings.Contains(read(t, dest, "disclosures/index.html"), `<a href="/disclosures/subscribe/">订阅本栏目</a>`) {
		t.Error("a section does not link its 订阅 page")
	}
	for page, want := range map[string][]string{
		"units/hongqiao-jingmi/subscribe/index.html": {"<code>https://gonghui.example.org/units/hongqiao-jingmi/atom.xml</code>", "怎样订阅", `<a href="/units/hongqiao-jingmi/">苏州虹桥精密机械有限公司工会</a></li><li><span aria-current=page>`, `<a href="/subscribe/">全站更新</a>`},
		"subscribe/index.html":                       {"<code>https://gonghui.example.org/atom.xml</code>", "<h1>订阅本站更新</h1>", `<a href="/disclosures/subscribe/">`},
		"disclosures/subscribe/index.html":           {"<code>https://gonghui.example.org/disclosures/atom.xml</code>", `<a href="/subscribe/">全站更新</a>`},
	} {
		sub := read(t, dest, page)
		for _, w := range want {
			if !strings.Contains(sub, w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
		if strings.Contains(sub, "直接查看") {
			t.Errorf("%s sends readers to the raw feed", page)
		}
	}
	for _, f := range []string{"atom.xml", "disclosures/atom.xml", "units/hongqiao-jingmi/atom.xml"} {
		if strings.Contains(read(t, dest, f), "xml-stylesheet") {
			t.Errorf("%s names a stylesheet", f)
		}
	}
}

// TestBundleMarkdownNotPublished: a bundle's Markdown attachment is
// rendered into its page, and its source is not published beside it.
func TestBundleMarkdownNotPublished(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	if _, err := os.Stat(filepath.Join(dest, "notices", "2015-action-plan", "plan.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the bundle's plan.md is published (%v)", err)
	}
	if !strings.Contains(read(t, dest, "notices/2015-action-plan/index.html"), `id="attachment-1"`) {
		t.Error("the attached document is not on the page")
	}
}

// TestTagPages: front matter tags link to a page per tag listing what
// carries it, and /tags/ lists every tag in pinyin order.
func TestTagPages(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitePaths(t, nil), dest)
	plan := read(t, dest, "notices/2015-action-plan/index.html")
	if !strings.Contains(plan, `<a class=tag href="/tags/%e4%b8%89%e5%b9%b4%e8%a1%8c%e5%8a%a8%e8%ae%a1%e5%88%92/">三年行动计划</a>`) {
		t.Error("the notice's tag is not a link to its page")
	}
	tag := read(t, dest, "tags/三年行动计划/index.html")
	if !strings.Contains(tag, `href="/notices/2015-action-plan/"`) {
		t.Error("the tag's page does not list the notice")
	}
	idx := read(t, dest, "tags/index.html")
	if i, j := strings.Index(idx, ">服务站<"), strings.Index(idx, ">职工之家<"); i < 0 || j < 0 || i > j {
		t.Error("/tags/ does not list 服务站 (fu) before 职工之家 (zhi)")
	}
}

// TestGovernmentSiteItems: the 党政机关网站标识 slot and 我要纠错 on every
// page, 互动交流 on the home page, and the 机构概况 page with its leaders,
// functions and departments.
func TestGovernmentSiteItems(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitePaths(t, nil), dest)
	for _, page := range []string{"index.html", "notices/2015-action-plan/index.html", "organization/index.html"} {
		html := read(t, dest, page)
		for _, w := range []string{
			`bszs.conac.cn/sitename?method=show&amp;id=00000000000000000000000000000000" rel=noopener target=_blank>党政机关网站标识</a>`,
			`<a class=correction-link href="mailto:jiucuo@gonghui.example.org">我要纠错</a>`,
			`<a href="/organization/">机构概况</a>`,
		} {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
	}
	home := read(t, dest, "index.html")
	for _, w := range []string{`<h2 id=h-interact>互动交流</h2>`, `<a href="mailto:zhuxi@gonghui.example.org">主席信箱</a>`, `<a href="tel:12351">职工服务热线 12351</a>`} {
		if !strings.Contains(home, w) {
			t.Errorf("home page lacks %s", w)
		}
	}
	org := text(read(t, dest, "organization/index.html"))
	for _, w := range []string{"领导信息 张某某 党组书记、常务副主席 分工：主持市总工会全面工作。", "主要职能 团结动员全市职工群众", "机构 主要职责 联系电话 办公室 负责机关日常运转"} {
		if !strings.Contains(org, w) {
			t.Errorf("机构概况 lacks %q:\n%s", w, org)
		}
	}

	cfg := sampleFile(t, "config.toml")
	bad := overlay(t, map[string]string{
		"config.toml": strings.NewReplacer(`url = "tel:12351"`, `url = "12351"`, `correction = "mailto:`, `correction = "jiucuo:`).Replace(cfg),
	})
	_, err := Run(Options{Source: bad, Theme: repo, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow})
	if err == nil {
		t.Fatal("bad 互动交流 and 纠错 links build")
	}
	for _, w := range []string{`错误：[footer] correction "jiucuo:jiucuo@gonghui.example.org" 不是邮箱或网址`, `错误：互动交流“职工服务热线 12351”的 url "12351" 无法打开`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	bad = overlay(t, map[string]string{
		"content/organization.md": strings.Replace(sampleFile(t, "content/organization.md"), `duties = "主持市总工会全面工作。"`, `duty = "主持市总工会全面工作。"`, 1),
	})
	_, err = Run(Options{Source: bad, Theme: repo, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow})
	if err == nil || !strings.Contains(err.Error(), "content/organization.md:17:1: 错误：未知字段 organization.leaders.0.duty") {
		t.Errorf("a misspelt key of [organization]: %v", err)
	}
}
