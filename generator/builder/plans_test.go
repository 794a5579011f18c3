package builder

import (
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
