package builder

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// laterPlan is a 2018–2020 plan added beside the sample's, counting a
// field it declares (女职工委员会) and a built-in one.
const laterPlan = `
[fields.women_committee]
type = "bool"
label = "女职工委员会"

[[plans]]
id = "later"
name = "示例市工会基层组织建设新三年计划（2018-2020）"
short_name = "新三年计划"
doc_number = "示工〔2018〕5号"
assess = "新计划期末统一考核。"
model_title = "示例市新时代示范工会"
first_year = 2018
last_year = 2020
[[plans.phases]]
id = "start"
name = "谋篇布局年"
start = 2018-01-01
end = 2018-12-31
summary = "新计划的第一年。"
[[plans.targets]]
id = "women-committee"
name = "女职工委员会建制面"
goal = "建会单位普遍建立女职工委员会"
field = "women_committee"
threshold = 0.8
among = { name = "建会单位", kinds = ["enterprise", "institution"] }
[[plans.targets]]
id = "staff-congress"
name = "职代会建制面"
field = "staff_congress"
threshold = 0.95
among = { name = "建会单位", kinds = ["enterprise", "institution"] }
`

// twoPlans is the sample with its plan moved into [[plans]] as
// "2015-2017" and laterPlan after it, and a 2018 sheet beside the 2017
// one. The four enterprises and institutions of the sheet: committees in
// three of them (75%, short of 80%); staff congresses in all four.
func twoPlans(t *testing.T, extra map[string]string) map[string]string {
	cfg := sampleFile(t, "config.toml")
	cfg = strings.Replace(cfg, "[plan]\n", "[[plans]]\nid = \"2015-2017\"\n", 1)
	cfg = strings.ReplaceAll(cfg, "[[phases]]", "[[plans.phases]]")
	cfg = strings.ReplaceAll(cfg, "[[targets]]", "[[plans.targets]]")
	cfg = strings.Replace(cfg, "[data.columns]\n", "[data.columns]\nwomen_committee = \"是否建立女职工委员会\"\n", 1)
	changes := map[string]string{
		"config.toml": cfg + laterPlan,
		"data/2018年度统计.csv": "单位编号,单位名称,是否建立职代会,是否建立女职工委员会\n" +
			"chengjian-yuan,苏州市城建设计研究院工会,是,是\n" +
			"dongwu-sangongsi,东吴建设集团第三工程公司工会,是,是\n" +
			"hongqiao-jingmi,苏州虹桥精密机械有限公司工会,是,否\n" +
			"yunting-dianzi,昆山云亭电子有限公司工会,是,是\n",
	}
	for k, v := range extra {
		changes[k] = v
	}
	return changes
}

// TestTwoPlans builds a 2018–2020 plan beside the 2015–2017 one: the
// earlier plan stays whole under /plans/2015-2017/ with the figures it
// had alone, the current one is at /progress/, and neither plan's pages
// name the other (but for the list of plans).
func TestTwoPlans(t *testing.T) {
	base := filepath.Join(t.TempDir(), "base")
	buildSite(t, sitePaths(t, nil), base)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitePaths(t, twoPlans(t, nil)), dest)

	nav := regexp.MustCompile(`(?s)<nav class=plan-nav.*?</nav>`)
	main := func(page string) string {
		s := read(t, dest, page)
		s = s[strings.Index(s, "<main"):strings.Index(s, "</main>")]
		return nav.ReplaceAllString(s, "")
	}
	now := main("progress/index.html")
	for _, w := range []string{"《示例市工会基层组织建设新三年计划（2018-2020）》（示工〔2018〕5号）", "女职工委员会建制面", "75.0%", "2018年"} {
		if !strings.Contains(now, w) {
			t.Errorf("current plan's dashboard lacks %q", w)
		}
	}
	for _, w := range []string{"2015", "2016", "2017", "苏工", "三年行动计划", "干部三年轮训率"} {
		if strings.Contains(now, w) {
			t.Errorf("current plan's dashboard names the earlier plan: %q", w)
		}
	}
	if !strings.Contains(read(t, dest, "progress/index.html"), `href="/plans/2015-2017/progress/"`) {
		t.Error("no way from the current plan to the earlier one")
	}

	old := main("plans/2015-2017/progress/index.html")
	for _, w := range []string{"2018", "示工", "新三年计划", "女职工委员会"} {
		if strings.Contains(old, w) {
			t.Errorf("earlier plan's dashboard names the current plan: %q", w)
		}
	}
	// The earlier plan's figures and veto are those it had alone.
	section := regexp.MustCompile(`(?s)<section aria-labelledby=h-(city|veto)>.*?</section>`)
	was := section.FindAllString(read(t, base, "progress/index.html"), -1)
	is := section.FindAllString(strings.ReplaceAll(old, "/plans/2015-2017/progress/", "/progress/"), -1)
	if len(was) != 2 || strings.Join(was, "") != strings.Join(is, "") {
		t.Errorf("the earlier plan's figures changed:\nwas %s\nis  %s", strings.Join(was, ""), strings.Join(is, ""))
	}
	for page, other := range map[string][]string{
		"progress/women-committee/index.html":                {"2015", "2016", "2017", "苏工", "三年行动计划"},
		"progress/staff-congress/index.html":                 {"2015", "2016", "2017", "苏工", "三年行动计划"},
		"plans/2015-2017/progress/rotation/index.html":       {"2018", "2019", "示工", "新三年计划"},
		"plans/2015-2017/progress/staff-congress/index.html": {"2018", "2019", "示工", "新三年计划"},
	} {
		body := main(page)
		for _, w := range other {
			if strings.Contains(body, w) {
				t.Errorf("%s names the other plan: %q", page, w)
			}
		}
	}
	read(t, dest, "plans/2015-2017/timeline/index.html")
	// A unit's page shows the current plan, then the earlier one by its own targets.
	unit := text(read(t, dest, "units/hongqiao-jingmi/index.html"))
	if !strings.Contains(unit, "各年度目标完成情况 目标 2018年 2019年 2020年 女职工委员会建制面 未达标") ||
		!strings.Contains(unit, "苏州市工会加强基层基础工作三年行动计划（2015-2017） 按 这个计划 的目标计算。") || !strings.Contains(unit, "目标 2015年 2016年 2017年 职代会建制面 达标 达标 达标") {
		t.Errorf("unit page with two plans:\n%s", unit)
	}
	if tl := main("timeline/index.html"); strings.Contains(tl, "启动推进年") || !strings.Contains(tl, "谋篇布局年") {
		t.Error("the current timeline shows the earlier plan's phases")
	}
}

// TestFiveYearPlan: a plan of five years counts each year; the home page
// shows the latest year with figures, not the final year's 不适用.
func TestFiveYearPlan(t *testing.T) {
	changes := twoPlans(t, nil)
	changes["config.toml"] = strings.Replace(changes["config.toml"], "last_year = 2020", "last_year = 2022", 1)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, overlay(t, changes), dest)
	home := text(read(t, dest, "index.html"))
	if !strings.Contains(home, "新三年计划进展（2018年）") || strings.Contains(home, "2022年") {
		t.Errorf("home page of a five-year plan:\n%s", home)
	}
	dash := read(t, dest, "progress/index.html")
	for _, y := range []string{"2018", "2019", "2020", "2021", "2022"} {
		if !strings.Contains(dash, `<th scope=col>`+y+`年</th>`) {
			t.Errorf("dashboard lacks the year %s", y)
		}
	}
	if !strings.Contains(text(dash), "2022年考核与“一票否决”") {
		t.Error("the five-year plan is not assessed in its final year")
	}
}

// TestTwoPlansHistory: while a 2018–2020 plan runs, the pages that are
// not a plan's own keep the earlier plan whole. A district page shows
// the earlier plan's table with the figures and ranks it had alone and
// still lists the 会务公开 its units owed in those years; the showcase
// files the earlier plan's 示范单位 under that plan's title, not the
// current one's; a model unit's page counts its own plan's years; the
// home page links to the earlier plan.
func TestTwoPlansHistory(t *testing.T) {
	base := filepath.Join(t.TempDir(), "base")
	buildSite(t, sitePaths(t, nil), base)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, sitePaths(t, twoPlans(t, nil)), dest)

	tbody := regexp.MustCompile(`(?s)<tbody>.*?</tbody>`)
	was := read(t, base, "districts/gusu/index.html")
	is := read(t, dest, "districts/gusu/index.html")
	// Each plan's table is a fold of the district page (open on wide
	// screens); its table ends the part compared.
	progress := regexp.MustCompile(`(?s)<details class="?fold"? id="?progress"?>.*?</table>`).FindString(was)
	earlier := regexp.MustCompile(`(?s)<details class="?fold"? id="?earlier-0"?>.*?</table>`).FindString(is)
	if earlier == "" || !strings.Contains(earlier, `苏州市工会加强基层基础工作三年行动计划（2015-2017）</h2>`) || !strings.Contains(earlier, `href="/plans/2015-2017/progress/"`) {
		t.Fatalf("the district page has no section for the earlier plan:\n%s", text(is))
	}
	if a, b := tbody.FindString(progress), strings.ReplaceAll(tbody.FindString(earlier), "/plans/2015-2017/progress/", "/progress/"); a == "" || a != b {
		t.Errorf("the earlier plan's district figures changed:\nwas %s\nis  %s", a, b)
	}
	if now := regexp.MustCompile(`(?s)<details class="?fold"? id="?progress"?>.*?</table>`).FindString(is); !strings.Contains(now, "女职工委员会建制面") || strings.Contains(now, "2017年") {
		t.Errorf("the district's current table is not the current plan's:\n%s", text(now))
	}
	owed := regexp.MustCompile(`<ul class=owed>.*?</ul>`)
	for _, item := range regexp.MustCompile(`<li>.*?</li>`).FindAllString(owed.FindString(was), -1) {
		if !strings.Contains(owed.FindString(is), item) {
			t.Errorf("the district no longer lists what was owed under the earlier plan: %s", text(item))
		}
	}
	if !strings.Contains(text(is), "经费收支 · 2015年，缺少") || !strings.Contains(text(is), "经费收支 · 2018年，缺少") {
		t.Errorf("the district's owed items do not span both plans:\n%s", text(is))
	}

	if home := read(t, dest, "index.html"); !strings.Contains(home, `<a href="/plans/2015-2017/progress/">苏州市工会加强基层基础工作三年行动计划（2015-2017）</a>`) {
		t.Errorf("the home page has no way to the earlier plan:\n%s", text(home))
	}
	if home := read(t, base, "index.html"); strings.Contains(home, "各期计划") {
		t.Errorf("a portal of one plan lists its plans on the home page:\n%s", text(home))
	}

	show := text(read(t, dest, "showcase/index.html"))
	for _, w := range []string{"新三年计划评选表彰的“示例市新时代示范工会”、三年行动计划评选表彰的“苏州市工会基层基础建设示范单位”", "按称号 全部 10 苏州市工会基层基础建设示范单位 3 "} {
		if !strings.Contains(show, w) {
			t.Errorf("showcase lacks %q:\n%s", w, show)
		}
	}
	if strings.Contains(show, "示例市新时代示范工会 3") {
		t.Errorf("the earlier plan's 示范单位 are counted under the current plan's title:\n%s", show)
	}
	if _, err := os.Stat(filepath.Join(dest, "showcase/award/model-unit/index.html")); err == nil {
		t.Error("the current plan, which named no 示范单位, has a filter page of them")
	}
	filter := text(read(t, dest, "showcase/award/model-unit-2015-2017/index.html"))
	if !strings.Contains(filter, "当前只列出：苏州市工会基层基础建设示范单位。") || strings.Count(filter, "苏州市工会基层基础建设示范单位（2017年）") != 3 {
		t.Errorf("the earlier plan's 示范单位 filter:\n%s", filter)
	}
	// Every card of the plan's own showcase is there as it was.
	cards := regexp.MustCompile(`(?s)<li class=card>.*?</li></ul>.*?</li>`)
	now := read(t, dest, "showcase/index.html")
	for _, c := range cards.FindAllString(read(t, base, "showcase/index.html"), -1) {
		if !strings.Contains(now, c) {
			t.Errorf("a model unit's card changed beside the later plan:\n%s", text(c))
		}
	}
	model := text(read(t, dest, "showcase/yunting-dianzi/index.html"))
	for _, w := range []string{"2017年达标 9 项（适用 10 项）", "按 苏州市工会加强基层基础工作三年行动计划（2015-2017） 的目标计算。", "目标 2015年 2016年 2017年 职代会建制面 未达标 达标 达标"} {
		if !strings.Contains(model, w) {
			t.Errorf("the earlier plan's model unit page lacks %q:\n%s", w, model)
		}
	}
}
