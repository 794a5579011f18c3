package portal

import (
	"strings"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// semanticsConfig has a plan of three years, two districts and one
// target of each kind of meaning: people summed across units, people
// who may be nobody this year, judged only at the plan's end, and
// thresholds broken down by year and district from a reference source.
const semanticsConfig = `
title = "测试"
[[districts]]
id = "d1"
name = "甲区"
[[districts]]
id = "d2"
name = "乙区"
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5
[[phases]]
id = "a"
name = "第一年"
start = 2015-01-01
end = 2015-12-31
[[phases]]
id = "b"
name = "第二年"
start = 2016-01-01
end = 2016-12-31
[[phases]]
id = "c"
name = "第三年"
start = 2017-01-01
end = 2017-12-31
[[targets]]
id = "certified"
name = "持证上岗率"
field = "certified"
counts = "people"
people = "cadres"
threshold = 0.9
among = { kinds = ["enterprise"] }
[[targets]]
id = "new-chair"
name = "新任主席任职培训率"
field = "new_chair_trained"
counts = "people"
people = "new_chairs"
threshold = 1.0
among = { kinds = ["enterprise"] }
[[targets]]
id = "rotation"
name = "干部三年轮训率"
field = "rotation_trained"
counts = "people"
people = "cadres"
judged = "end"
threshold = 1.0
among = { kinds = ["enterprise"] }
[[targets]]
id = "staged"
name = "分解的指标"
field = "staff_congress"
threshold = 0.9
source = "reference"
thresholds = [{ year = 2017, value = 0.5 }, { district = "d1", value = 0.6 }, { year = 2017, district = "d1", value = 0.7 }]
among = { kinds = ["enterprise"] }
`

// TestTargetSemantics checks figures against counts made by hand.
func TestTargetSemantics(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(semanticsConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	ent := func(district, status string) string {
		return "kind = \"enterprise\"\ndistrict = \"" + district + "\"\n" + status
	}
	pages := []*content.Page{
		// certified 2017: 9 of 10, 1 of 2, 8 of 8 cadres = 18 of 20 = 90%
		// (the mean of the units' shares, 80%, would miss it).
		// new chairs 2017: a has none (not applicable), b trained 1 of 2,
		// c 1 of 1 = 2 of 3 people in 2 units.
		// rotation: 2 of 5, 4 of 10, 0 of 4 in 2015 = 6 of 19, progress;
		// all trained in 2017 = 19 of 19.
		// staged 2017: d1 2 of 3 (threshold 0.7), d2 1 of 1; citywide
		// 3 of 4 against 0.5.
		unit(t, "a", ent("d1", "[status.2015]\ncadres = 5\nrotation_trained = 0.4\nstaff_congress = true\n"+
			"[status.2017]\ncadres = 10\ncertified = 0.9\nnew_chairs = 0\nrotation_trained = 1.0\nstaff_congress = true")),
		unit(t, "b", ent("d1", "[status.2015]\ncadres = 10\nrotation_trained = 0.4\n"+
			"[status.2017]\ncadres = 2\ncertified = 0.5\nnew_chairs = 2\nnew_chair_trained = 0.5\nrotation_trained = 1.0\nstaff_congress = true")),
		unit(t, "c", ent("d1", "[status.2015]\ncadres = 4\nrotation_trained = 0.0\n"+
			"[status.2017]\ncadres = 8\ncertified = 1.0\nnew_chairs = 1\nnew_chair_trained = 1.0\nrotation_trained = 1.0\nstaff_congress = false")),
		unit(t, "d", ent("d2", "[status.2017]\nstaff_congress = true")),
	}
	tree, terrs := BuildTree(cfg, pages)
	if len(terrs) > 0 {
		t.Fatal(terrs)
	}
	total := tree.Evaluate(cfg)
	figure := func(a *Aggregate, year, id string) string {
		for _, c := range a.Years[year] {
			if c.Target.ID == id {
				f := c.Figure()
				return f.Label + " " + f.Percent + " | " + f.Counts
			}
		}
		t.Fatalf("no target %s", id)
		return ""
	}
	for _, tt := range []struct {
		name, year, target, want string
		agg                      *Aggregate
	}{
		{"headcount share, not the mean of shares", "2017", "certified", "达标 90.0% | 达到 18 人 / 应统计 20 人（3 个单位）", total},
		{"no new chair: the unit does not count", "2017", "new-chair", "未达标 66.7% | 达到 2 人 / 应统计 3 人（2 个单位）", total},
		{"judged at the end: earlier years are progress", "2015", "rotation", "进展 31.6% | 达到 6 人 / 应统计 19 人（3 个单位）；1 个未填报", total},
		{"judged at the end: the final year is judged", "2017", "rotation", "达标 100.0% | 达到 20 人 / 应统计 20 人（3 个单位）", total},
		{"citywide threshold of the year, reference", "2017", "staged", "达标（参考） 75.0% | 达标 3 / 应统计 4", total},
		{"district threshold of the year", "2017", "staged", "未达标（参考） 66.7% | 达标 2 / 应统计 3", tree.Districts[0]},
		{"base threshold in other years", "2015", "staged", "未达标（参考） 33.3% | 达标 1 / 应统计 3；1 个未填报", total},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := figure(tt.agg, tt.year, tt.target); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// A unit's own marks: progress is not a shortfall, the final year is.
	c := tree.ByID["c"]
	if m := c.Own["2015"][2]; m.Short() || m.Label() != "进展" {
		t.Errorf("2015 rotation of c: short %v, label %q; want progress", m.Short(), m.Label())
	}
	if m := c.Own["2017"][0]; m.Short() || m.Label() != "达标" {
		t.Errorf("2017 certified of c: %q", m.Label())
	}
	if m := tree.ByID["a"].Own["2017"][1]; m.Applicable || m.Short() {
		t.Errorf("a unit without a new chair counts for new-chair: %+v", m)
	}
	if m := tree.ByID["b"].Own["2017"][0]; !m.Short() || m.Label() != "未达标" {
		t.Errorf("b's 1 of 2 certified: %q", m.Label())
	}
}

// TestTargetConfigErrors: the new keys are checked with a fix.
func TestTargetConfigErrors(t *testing.T) {
	for _, tt := range []struct{ replace, with, want string }{
		{`judged = "end"`, `judged = "final"`, `目标 rotation 的 judged "final" 无效`},
		{`people = "new_chairs"`, ``, "目标 new-chair 按人数合计，但缺少 people"},
		{`source = "reference"`, `source = "ref"`, `目标 staged 的 source "ref" 无效`},
		{`{ district = "d1", value = 0.6 }`, `{ district = "d3", value = 0.6 }`, `目标 staged 的 thresholds 引用了未声明的地区 "d3"`},
		{`{ year = 2017, value = 0.5 }`, `{ value = 0.5 }`, "目标 staged 的 thresholds 第 1 项没有写年度或地区"},
		{`{ year = 2017, value = 0.5 }`, `{ year = 2017, value = 50 }`, "目标 staged 的 threshold 50 超出 0–100% 的范围"},
	} {
		_, errs := config.Parse("config.toml", []byte(strings.Replace(semanticsConfig, tt.replace, tt.with, 1)))
		if got := errs.Error(); !strings.Contains(got, tt.want) || !strings.Contains(got, "config.toml:") {
			t.Errorf("%s → %s: got\n%s\nwant %q", tt.replace, tt.with, got, tt.want)
		}
	}
	cfg, _ := config.Parse("config.toml", []byte(strings.Replace(semanticsConfig, `people = "cadres"`, `people = "certified"`, 1)))
	if got := CheckTargets(cfg).Error(); !strings.Contains(got, "目标 certified 的 people 字段 certified 不是人数") {
		t.Errorf("a share as people: %s", got)
	}
}
