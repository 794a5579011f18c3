package portal

import (
	"strings"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// plansConfig has two plans on one portal, the earlier kept whole in
// [[plans]], and a later one counting fields it declares itself: a bool
// (女职工委员会), a share with a headcount (女职工培训) and a level.
const plansConfig = `
title = "测试"
[[districts]]
id = "d1"
name = "甲区"
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5

[fields.women_committee]
type = "bool"
label = "女职工委员会"
[fields.women_trained]
type = "share"
label = "女职工干部培训率"
[fields.women_cadres]
type = "count"
label = "女职工干部人数"
[fields.home_grade]
type = "enum"
label = "职工之家等级"
values = ["未建", "合格", "模范"]

[[plans]]
id = "early"
name = "先前的计划"
first_year = 2015
last_year = 2017
[[plans.targets]]
id = "staff-congress"
name = "职代会建制面"
field = "staff_congress"
threshold = 0.9
level = "unit"
among = { kinds = ["enterprise"] }

[[plans]]
id = "later"
name = "后来的五年计划"
first_year = 2018
last_year = 2022
[[plans.targets]]
id = "women-committee"
name = "女职工委员会建制面"
field = "women_committee"
threshold = 0.5
among = { kinds = ["enterprise"] }
[[plans.targets]]
id = "women-trained"
name = "女职工干部培训率"
field = "women_trained"
counts = "people"
people = "women_cadres"
threshold = 0.8
among = { kinds = ["enterprise"] }
[[plans.targets]]
id = "home-grade"
name = "合格职工之家"
field = "home_grade"
values = ["合格", "模范"]
threshold = 0.6
among = { kinds = ["enterprise"] }
`

// TestPlansAndDeclaredFields checks two plans counted in one tree, each
// year by its own plan's targets, and declared fields against counts
// made by hand.
func TestPlansAndDeclaredFields(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(plansConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	if len(cfg.Plans) != 2 || cfg.Current != 1 || cfg.Plan.ID != "later" || cfg.Targets[0].ID != "women-committee" {
		t.Fatalf("current plan: %d plans, current %d (%s)", len(cfg.Plans), cfg.Current, cfg.Plan.ID)
	}
	if got := strings.Join(cfg.Years(), ","); got != "2018,2019,2020,2021,2022" {
		t.Errorf("years of the five-year plan: %s", got)
	}
	if errs := CheckTargets(cfg); len(errs) > 0 {
		t.Fatal(errs)
	}
	ent := "kind = \"enterprise\"\ndistrict = \"d1\"\n"
	pages := []*content.Page{
		// 2017 (early plan): staff congress in a and b, not c: 2 of 3.
		// 2020 (later plan): women committees in a, b: 2 of 3 = 66.7%;
		// women cadres trained 3 of 4, 1 of 1, c none (not applicable)
		// = 4 of 5 = 80%; grades 合格, 模范, 未建 = 2 of 3.
		unit(t, "a", ent+"[status.2017]\nstaff_congress = true\n[status.2020]\nwomen_committee = true\nwomen_trained = 0.75\nwomen_cadres = 4\nhome_grade = \"合格\""),
		unit(t, "b", ent+"[status.2017]\nstaff_congress = true\n[status.2020]\nwomen_committee = true\nwomen_trained = 1\nwomen_cadres = 1\nhome_grade = \"模范\""),
		unit(t, "c", ent+"[status.2017]\nstaff_congress = false\n[status.2020]\nwomen_committee = false\nwomen_cadres = 0\nhome_grade = \"未建\""),
	}
	tree, terrs := BuildTree(cfg, pages)
	if len(terrs) > 0 {
		t.Fatal(terrs)
	}
	total := tree.Evaluate(cfg)
	figure := func(year, id string) string {
		for _, c := range total.Years[year] {
			if c.Target.ID == id {
				f := c.Figure()
				return f.Label + " " + f.Percent + " | " + f.Counts
			}
		}
		t.Fatalf("no target %s in %s", id, year)
		return ""
	}
	for _, tt := range []struct{ year, target, want string }{
		{"2017", "staff-congress", "未达标 66.7% | 达标 2 / 应统计 3"},
		{"2020", "women-committee", "达标 66.7% | 达标 2 / 应统计 3"},
		{"2020", "women-trained", "达标 80.0% | 达到 4 人 / 应统计 5 人（2 个单位）"},
		{"2020", "home-grade", "达标 66.7% | 达标 2 / 应统计 3"},
	} {
		if got := figure(tt.year, tt.target); got != tt.want {
			t.Errorf("%s %s: got %q, want %q", tt.year, tt.target, got, tt.want)
		}
	}
	// The early plan's veto, worked out with its own config, strikes c.
	early := cfg.ForPlan(0)
	vs := tree.Vetoes(early, time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(vs) != 1 || len(vs[0].Units) != 1 || vs[0].Units[0].ID != "c" || vs[0].Year != "2017" {
		t.Errorf("early plan's veto: %+v", vs)
	}
}

// TestDeclaredFieldErrors: a field neither built in nor declared, and a
// declared one of the wrong type, are errors at their line with a fix.
func TestDeclaredFieldErrors(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(plansConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	_, terrs := BuildTree(cfg, []*content.Page{
		unit(t, "a", "kind = \"enterprise\"\n[status.2020]\nwomen_comittee = true\nwomen_trained = 85\nhome_grade = \"优秀\"\nwomen_cadres = \"3\""),
	})
	got := terrs.Error()
	for _, want := range []string{
		"content/units/a.md:5:18: 错误：未知字段 status.2020.women_comittee", "是不是想写 women_committee？",
		"content/units/a.md:6:17: 错误：[status.2020] 的 women_trained（女职工干部培训率）超出 0 到 1 的范围",
		"[status.2020] 的 home_grade（职工之家等级）不是可选的值", "可选值：未建、合格、模范",
		"[status.2020] 的 women_cadres（女职工干部人数）应为整数",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	for _, tt := range []struct{ replace, with, want string }{
		{`type = "count"`, `type = "number"`, `年度字段 women_cadres 的类型 "number" 无效`},
		{`values = ["未建", "合格", "模范"]`, ``, "年度字段 home_grade 是等级（enum），至少要有两个可取的值"},
		{`first_year = 2018`, `first_year = 2017`, "计划“后来的五年计划”（2017—2022）与“先前的计划”（2015—2017）的年份重叠"},
		{`id = "later"`, `id = "early"`, `计划的 id "early" 重复`},
	} {
		_, errs := config.Parse("config.toml", []byte(strings.Replace(plansConfig, tt.replace, tt.with, 1)))
		if got := errs.Error(); !strings.Contains(got, tt.want) || !strings.Contains(got, "config.toml:") {
			t.Errorf("%s → %s: got\n%s\nwant %q", tt.replace, tt.with, got, tt.want)
		}
	}
	cfg2, _ := config.Parse("config.toml", []byte(strings.Replace(plansConfig, `field = "women_committee"`, `field = "women_comittee"`, 1)))
	if got := CheckTargets(cfg2).Error(); !strings.Contains(got, `目标 women-committee 引用了未知的年度字段 "women_comittee"`) {
		t.Errorf("unknown field of a target: %s", got)
	}
}
