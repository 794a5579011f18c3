package builder

import (
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

const progressConfig = `title = "测试门户"
base_url = "/"
[[districts]]
id = "east"
name = "东区"
[[districts]]
id = "west"
name = "西区"
[[unit_kinds]]
id = "city"
name = "市总工会"
tier = 1
[[unit_kinds]]
id = "district"
name = "区总工会"
tier = 2
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5
[[categories]]
id = "finance"
name = "经费收支"
[[phases]]
id = "deepen"
name = "深化加强年"
start = 2016-01-01
end = 2016-12-31
summary = "补缺补漏。"
[[phases]]
id = "consolidate"
name = "巩固提高年"
start = 2017-01-01
end = 2017-12-31
summary = "巩固成果。"
[[targets]]
id = "congress"
name = "职代会建制面"
field = "staff_congress"
threshold = 0.9
among = { kinds = ["enterprise"] }
[[targets]]
id = "certified"
name = "持证上岗率"
measure = "mean"
field = "certified"
threshold = 0.9
among = { kinds = ["enterprise"] }
`

func progressSite() fstest.MapFS {
	unit := func(front string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\n" + front + "\n+++\n")}
	}
	status := func(c16, c17 bool, r16, r17 string) string {
		s := ""
		if r16 != "" {
			s += "[status.2016]\nstaff_congress = " + map[bool]string{true: "true", false: "false"}[c16] + "\ncertified = " + r16 + "\n"
		}
		return s + "[status.2017]\nstaff_congress = " + map[bool]string{true: "true", false: "false"}[c17] + "\ncertified = " + r17
	}
	return fstest.MapFS{
		"config.toml":                {Data: []byte(progressConfig)},
		"content/units/city.md":      unit("title = \"市总工会\"\nkind = \"city\""),
		"content/units/east-zgh.md":  unit("title = \"东区总工会\"\nkind = \"district\"\nparent = \"city\"\ndistrict = \"east\""),
		"content/units/west-zgh.md":  unit("title = \"西区总工会\"\nkind = \"district\"\nparent = \"city\"\ndistrict = \"west\""),
		"content/units/e1.md":        unit("title = \"东一工会\"\nkind = \"enterprise\"\nparent = \"east-zgh\"\ndistrict = \"east\"\nmodel = \"示范单位\"\n" + status(true, true, "0.8", "0.95")),
		"content/units/e2.md":        unit("title = \"东二工会\"\nkind = \"enterprise\"\nparent = \"east-zgh\"\ndistrict = \"east\"\n" + status(false, true, "0.9", "0.9")),
		"content/units/e3.md":        unit("title = \"东三工会\"\nkind = \"enterprise\"\nparent = \"east-zgh\"\ndistrict = \"east\"\n" + status(false, true, "", "1.0")),
		"content/units/w1.md":        unit("title = \"西一工会\"\nkind = \"enterprise\"\nparent = \"west-zgh\"\ndistrict = \"west\"\n" + status(true, false, "0.5", "0.7")),
		"content/units/w2.md":        unit("title = \"西二工会\"\nkind = \"enterprise\"\nparent = \"west-zgh\"\ndistrict = \"west\"\n" + status(true, true, "1.0", "1.0")),
		"content/reports/annual.md":  {Data: []byte("+++\ntitle = \"2017年通报\"\ndate = 2017-12-20\nperiod = \"2017\"\nissuer = \"市总工会\"\nmilestone = true\n[figures]\ncongress = 0.95\n+++\n通报。\n")},
		"content/notices/2016-a.md":  {Data: []byte("+++\ntitle = \"2016年的通知\"\ndate = 2016-03-02\nissuer = \"市总工会\"\n+++\n通知。\n")},
		"content/cases/2016-case.md": {Data: []byte("+++\ntitle = \"东一的做法\"\ndate = 2016-03-20\nunits = [\"e1\"]\n+++\n案例。\n")},
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// text is a page's text as a reader sees it, runs of space made one.
func text(page string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(page, " "))), " ")
}

// TestProgressHandCount checks the dashboard, a target's page, a
// district's page, the timeline and the showcase of a fixture against
// figures counted by hand:
//
//	congress 2016: e1 yes, e2 no, w1 yes, w2 yes (e3 did not report) → 3/4 = 75.0%
//	congress 2017: e1, e2, e3, w2 yes, w1 no → 4/5 = 80.0%, +5.0 points
//	  east 2016 1/2 = 50.0%, 2017 3/3 = 100.0%; west 2/2, then 1/2 = 50.0%
//	  (two units a year are too few to rank or to compare with the year before)
//	certified (mean) 2016: (.8+.9+.5+1)/4 = 80.0%, two units at ≥ 90%
//	certified 2017: (.95+.9+1+.7+1)/5 = 91.0% 达标, four units at ≥ 90% (.9 exactly counts);
//	  but west's (.7+1)/2 = 85.0% falls short
func TestProgressHandCount(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, progressSite(), dest)
	check := func(page string, wants ...string) {
		t.Helper()
		got := text(read(t, dest, page))
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", page, w, got)
			}
		}
	}
	check("progress/index.html",
		"职代会建制面 ≥90% 75.0% 未达标 达标 3 / 应统计 4 ； 1 个未填报",
		"本站计算 80.0% 未达标 达标 4 / 应统计 5 较上年 +5.0 个百分点 通报值 95.0% 来源： 2017年通报 通报和本站统计的工会不同（ 为什么 ）",
		"持证上岗率 ≥90%（平均） 80.0% 未达标 4 个单位的平均值 ； 其中 2 个单位本身达标 ； 1 个未填报",
		"91.0% 达标 5 个单位的平均值 ； 其中 4 个单位本身达标 较上年 +11.0 个百分点",
		// Both targets are judged by district (the default level): the
		// district is vetoed, no single unit.
		"职代会建制面 ： 西区 （50.0%，达标 1 / 应统计 2） ",
		"持证上岗率 ： 西区 （85.0%，2 个单位的平均值；其中 1 个单位本身达标） ",
	)
	check("progress/congress/index.html",
		// Districts of fewer than three units (min_compared_units) are
		// not ranked (TestRank has the ranks) and get no change against
		// the year before (TestMinComparedUnits): a share of two units
		// swings from 0 to 100 %.
		"东区 50.0% 未达标 达标 1 / 应统计 2 ； 1 个未填报 100.0% 达标 达标 3 / 应统计 3 西区",
		"西区 100.0% 达标 达标 2 / 应统计 2 50.0% 未达标 达标 1 / 应统计 2 各地区逐年对比",
		"“一票否决” 按计划的工作措施，以下未完成本项目标的地区在工会各项评先评优中实行“一票否决”。 西区 50.0%，达标 1 / 应统计 2 2017年",
		"2017年 地区： 西区 （50.0%（达标 1 / 应统计 2）） 西一工会 西区 · 未达标",
		"2016年 ", "东二工会 东区 · 未达标", "东三工会 东区 · 未填报",
	)
	check("districts/west/index.html", "职代会建制面 ≥90% 100.0% 达标 达标 2 / 应统计 2 50.0% 未达标")
	check("timeline/index.html", "2016年 · 深化加强年", "补缺补漏。", "2016年3月", "2016年3月2日 通知 2016年的通知", "2016年3月20日 案例 东一的做法",
		"2017年12月20日 通报 里程碑 2017年通报", "2017年末全市目标完成情况", "里程碑 1 项")
	check("showcase/index.html", "东一工会", "示范单位", "2017年达标 2 项（适用 2 项）")
	check("showcase/e1/index.html", "东一的做法")
	// A federation shows its subtree's figures, not rows of 不适用, and
	// what it issued.
	check("units/east-zgh/index.html", "本级及下属工会各年度目标完成情况", "职代会建制面 未达标 50.0% 达标 1 / 应统计 2 ； 1 个未填报 达标 100.0% 达标 3 / 应统计 3")
	check("units/city/index.html", "发布的通知和通报", "2016年的通知", "2017年通报")
}

// TestQuarterlyFigures: a quarterly report's [figures] (period 2016Q3)
// are the year's 通报值 until a later period's report gives its own: the
// dashboard shows the latest one of each year.
func TestQuarterlyFigures(t *testing.T) {
	report := func(title, date, period, value string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\ndate = " + date + "\nperiod = \"" + period + "\"\nissuer = \"市总工会\"\n[figures]\ncongress = " + value + "\n+++\n通报。\n")}
	}
	src := progressSite()
	src["content/reports/2016q2.md"] = report("2016年二季度通报", "2016-07-10", "2016Q2", "0.6")
	src["content/reports/2016q3.md"] = report("2016年三季度通报", "2016-10-10", "2016Q3", "0.7")
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)
	got := text(read(t, dest, "progress/index.html"))
	if w := "本站计算 75.0% 未达标 达标 3 / 应统计 4 ； 1 个未填报 通报值 70.0% 来源： 2016年第3季度通报 通报和本站统计的工会不同（ 为什么 ）"; !strings.Contains(got, w) {
		t.Errorf("progress/index.html lacks %q:\n%s", w, got)
	}
	if strings.Contains(got, "60.0%") {
		t.Errorf("an earlier quarter's figure is shown:\n%s", got)
	}

	// The year's own report comes after its quarters, whatever its date.
	src["content/reports/2016-annual.md"] = report("2016年通报", "2016-09-01", "2016", "0.8")
	dest = filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)
	got = text(read(t, dest, "progress/index.html"))
	if w := "通报值 80.0% 来源： 2016年通报"; !strings.Contains(got, w) || strings.Contains(got, "70.0%") {
		t.Errorf("progress/index.html lacks %q alone:\n%s", w, got)
	}
}

// TestHomeCurrentYear: the home page shows the plan's latest year up to
// today, not a final year still ahead (which could only read 不适用).
func TestHomeCurrentYear(t *testing.T) {
	src := progressSite()
	src["config.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(progressConfig, `base_url = "/"`, "base_url = \"/\"\nbuild_date = 2016-12-01", 1))}
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)
	if got := text(read(t, dest, "index.html")); !strings.Contains(got, "计划进展（2016年） 各项目标的完成情况") || !strings.Contains(got, "职代会建制面 ≥90% 75.0% 达标 3 / 应统计 4 ； 1 个未填报 未达标") {
		t.Errorf("the home page does not show 2016:\n%s", got)
	}
}

// TestMinComparedUnits: a district counting fewer units than
// min_compared_units (3 by default) for a target gets no change against
// the year before, which for one or two units jumps by 100 points; a site
// that sets min_compared_units = 1 gets them back.
func TestMinComparedUnits(t *testing.T) {
	changes := func(src fstest.MapFS) (all, jumps int) {
		dest := filepath.Join(t.TempDir(), "public")
		buildSite(t, src, dest)
		page := read(t, dest, "districts/taicang/index.html")
		return strings.Count(page, "较上年"), strings.Count(page, "100.0 个百分点")
	}
	all, jumps := changes(overlay(t, nil))
	one := overlay(t, nil)
	one["config.toml"].Data = append([]byte("min_compared_units = 1\n"), one["config.toml"].Data...)
	allOne, jumpsOne := changes(one)
	if jumps != 0 || jumpsOne == 0 {
		t.Errorf("changes of 100 points on 太仓市's page: %d by default, %d with min_compared_units = 1", jumps, jumpsOne)
	}
	if all >= allOne {
		t.Errorf("太仓市's page says 较上年 %d times by default, %d with min_compared_units = 1", all, allOne)
	}
}
