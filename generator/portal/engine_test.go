package portal

import (
	"strings"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// engineConfig has one target of each shape the engine handles.
const engineConfig = `
title = "测试"
[[unit_kinds]]
id = "town"
name = "镇工会"
tier = 3
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5
[[unit_kinds]]
id = "community"
name = "社区工会"
tier = 5
[[categories]]
id = "finance"
name = "经费收支"
[[phases]]
id = "p"
name = "巩固提高年"
start = 2017-01-01
end = 2017-12-31
[[targets]]
id = "congress"
name = "职代会建制面"
field = "staff_congress"
threshold = 0.9
among = { kinds = ["enterprise"] }
[[targets]]
id = "station"
name = "千人以上企业建站率"
field = "service_station"
threshold = 0.5
among = { kinds = ["enterprise"], min_employees = 1000 }
[[targets]]
id = "model"
name = "市级以上模范职工之家"
field = "workers_home"
values = ["city", "province", "national"]
threshold = 0.3
among = { kinds = ["enterprise", "community"], field = "workers_home", values = ["qualified", "city", "province", "national"] }
[[targets]]
id = "certified"
name = "持证上岗率"
measure = "mean"
field = "certified"
threshold = 0.9
among = { kinds = ["enterprise"] }
[[targets]]
id = "disclosure"
name = "会务公开覆盖面"
field = "disclosed"
threshold = 0.5
among = { kinds = ["enterprise", "community"] }
`

// TestEngine evaluates the targets over small sets of units and checks
// each figure as it is printed: applicability filters, a share exactly at
// the threshold, no applicable unit, units that did not report, rounding
// to one decimal, and coverage computed from disclosures.
func TestEngine(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(engineConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	ent := func(id, status string) string { return "kind = \"enterprise\"\n" + status }
	tests := []struct {
		name   string
		units  map[string]string // id → front matter
		disc   map[string]string // disclosure name → unit id (dated 2017 unless the name starts with 2016)
		target string
		want   string // "Label Percent | Counts"
	}{
		{"exact threshold meets", map[string]string{
			"a": ent("a", "[status.2017]\nstaff_congress = true"), "b": ent("b", "[status.2017]\nstaff_congress = true"),
			"c": ent("c", "[status.2017]\nstaff_congress = true"), "d": ent("d", "[status.2017]\nstaff_congress = true"),
			"e": ent("e", "[status.2017]\nstaff_congress = true"), "f": ent("f", "[status.2017]\nstaff_congress = true"),
			"g": ent("g", "[status.2017]\nstaff_congress = true"), "h": ent("h", "[status.2017]\nstaff_congress = true"),
			"i": ent("i", "[status.2017]\nstaff_congress = true"), "j": ent("j", "[status.2017]\nstaff_congress = false"),
		}, nil, "congress", "达标 90.0% | 达标 9 / 应统计 10"},
		{"just below", map[string]string{
			"a": ent("a", "[status.2017]\nstaff_congress = true"), "b": ent("b", "[status.2017]\nstaff_congress = true"),
			"c": ent("c", "[status.2017]\nstaff_congress = false"),
		}, nil, "congress", "未达标 66.7% | 达标 2 / 应统计 3"},
		{"a town is not counted, an unreported unit is named", map[string]string{
			"t": "kind = \"town\"\n[status.2017]\nstaff_congress = false",
			"a": ent("a", "[status.2017]\nstaff_congress = true"), "b": ent("b", ""),
		}, nil, "congress", "达标 100.0% | 达标 1 / 应统计 1；1 个未填报"},
		{"no applicable unit: 不适用, no division", map[string]string{
			"a": "kind = \"enterprise\"\nemployees = 300\n[status.2017]\nservice_station = true",
		}, nil, "station", "不适用  | "},
		{"only large enterprises count", map[string]string{
			"a": "kind = \"enterprise\"\nemployees = 1000\n[status.2017]\nservice_station = true",
			"b": "kind = \"enterprise\"\nemployees = 3000\n[status.2017]\nservice_station = false",
			"c": "kind = \"enterprise\"\nemployees = 999\n[status.2017]\nservice_station = false",
		}, nil, "station", "达标 50.0% | 达标 1 / 应统计 2"},
		{"model homes among the qualified only", map[string]string{
			"a": "kind = \"enterprise\"\n[status.2017]\nworkers_home = \"city\"",
			"b": "kind = \"community\"\n[status.2017]\nworkers_home = \"qualified\"",
			"c": "kind = \"enterprise\"\n[status.2017]\nworkers_home = \"qualified\"",
			"d": "kind = \"enterprise\"\n[status.2017]\nworkers_home = \"none\"",
		}, nil, "model", "达标 33.3% | 达标 1 / 应统计 3"},
		{"mean, rounded half away from zero", map[string]string{
			"a": ent("a", "[status.2017]\ncertified = 0.9"), "b": ent("b", "[status.2017]\ncertified = 0.8"),
			"c": ent("c", "[status.2017]\ncertified = 0.9"), "d": ent("d", "[status.2017]\ncertified = 0.85"),
		}, nil, "certified", "未达标 86.3% | 4 个单位的平均值；其中 2 个单位本身达标"},
		{"coverage from disclosures, reported or not", map[string]string{
			"a": ent("a", ""), "b": "kind = \"community\"", "c": ent("c", ""),
			"d": "kind = \"enterprise\"\nestablished = 2018-03-01",
		}, map[string]string{"x": "a", "y": "a", "2016-z": "c"}, "disclosure", "未达标 33.3% | 达标 1 / 应统计 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pages []*content.Page
			for id, front := range tt.units {
				pages = append(pages, unit(t, id, front))
			}
			for name, u := range tt.disc {
				date := "2017-05-01"
				if strings.HasPrefix(name, "2016") {
					date = "2016-05-01"
				}
				pages = append(pages, page(t, "disclosures/"+name+".md", "+++\ntitle = \"公示\"\ndate = "+date+"\nunit = \""+u+"\"\ncategory = \"finance\"\n+++\n"))
			}
			tree, errs := BuildTree(cfg, pages)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if _, errs := LinkDisclosures(cfg, tree, pages); len(errs) > 0 {
				t.Fatal(errs)
			}
			total := tree.Evaluate(cfg)
			for _, c := range total.Years["2017"] {
				if c.Target.ID != tt.target {
					continue
				}
				f := c.Figure()
				if got := f.Label + " " + f.Percent + " | " + f.Counts; got != tt.want {
					t.Errorf("got %q, want %q", got, tt.want)
				}
				return
			}
			t.Fatalf("no target %s", tt.target)
		})
	}
}

func TestPercent(t *testing.T) {
	for share, want := range map[float64]string{0: "0.0%", 2.0 / 3: "66.7%", 0.0625: "6.3%", 0.9: "90.0%", 1: "100.0%", 0.9995: "100.0%", 0.12345: "12.3%"} {
		if got := Percent(share); got != want {
			t.Errorf("Percent(%v) = %q, want %q", share, got, want)
		}
	}
}

// TestCheckApplicable: a target whose among matches no unit is a warning
// at its line in config.toml; a site without units is not checked.
func TestCheckApplicable(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(engineConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	tree, _ := BuildTree(cfg, []*content.Page{unit(t, "a", "kind = \"enterprise\"\nemployees = 50\n[status.2017]\nworkers_home = \"none\"")})
	got := CheckApplicable(cfg, tree).Error()
	for _, w := range []string{
		"config.toml:29:1: 警告：目标 station（千人以上企业建站率）没有适用的单位",
		"config.toml:35:1: 警告：目标 model（市级以上模范职工之家）没有适用的单位",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("errors\n%s\nlack %q", got, w)
		}
	}
	if strings.Contains(got, "congress") || strings.Contains(got, "disclosure") {
		t.Errorf("applicable targets reported:\n%s", got)
	}
	empty, _ := BuildTree(cfg, nil)
	if errs := CheckApplicable(cfg, empty); len(errs) > 0 {
		t.Errorf("a site without units: %v", errs)
	}
}

// TestCheckTargetsLine: an unknown field is reported at its line.
func TestCheckTargetsLine(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(strings.Replace(engineConfig, `field = "staff_congress"`, `field = "staff_congres"`, 1)))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	got := CheckTargets(cfg).Error()
	if !strings.Contains(got, `config.toml:26:9: 错误：目标 congress 引用了未知的年度字段 "staff_congres"`) || !strings.Contains(got, "是不是想写 staff_congress") {
		t.Errorf("got\n%s", got)
	}
}
