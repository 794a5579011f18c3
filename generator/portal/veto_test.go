package portal

import (
	"strings"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

const vetoConfig = `
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
start = 2016-01-01
end = 2016-12-31
[[phases]]
id = "b"
name = "第二年"
start = 2017-01-01
end = 2017-12-31
[[targets]]
id = "rotation"
name = "干部三年轮训率"
field = "rotation_trained"
counts = "people"
people = "cadres"
judged = "end"
level = "unit"
threshold = 1.0
among = { kinds = ["enterprise"] }
[[targets]]
id = "congress"
name = "职代会建制面"
field = "staff_congress"
threshold = 0.9
among = { kinds = ["enterprise"] }
[[targets]]
id = "citywide"
name = "全市比例"
field = "staff_congress"
threshold = 0.99
level = "city"
among = { kinds = ["enterprise"] }
[[targets]]
id = "ref"
name = "参考指标"
field = "staff_congress"
threshold = 1.0
level = "unit"
source = "reference"
among = { kinds = ["enterprise"] }
`

// TestVetoes: 一票否决 after the 考核 date only, on binding targets only,
// at the level the target speaks of; a model unit it strikes is an error
// at the notice naming it.
func TestVetoes(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(vetoConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	ent := func(district, status string) string {
		return "kind = \"enterprise\"\ndistrict = \"" + district + "\"\n" + status
	}
	// a: 2 of 4 cadres trained at the end, 职代会 yes; b: all trained, no
	// 职代会 (d1: 1 of 2 = 50% < 90%); c in d2: all trained, 职代会 yes.
	// Citywide 职代会 2 of 3 misses 99%, but that target is citywide.
	notice := page(t, "notices/models.md", "+++\ntitle = \"表彰示范单位\"\ndate = 2017-12-20\nmodel_units = [\"a\", \"c\"]\n+++\n")
	pages := []*content.Page{
		unit(t, "a", ent("d1", "[status.2016]\ncadres = 4\nrotation_trained = 0.25\n[status.2017]\ncadres = 4\nrotation_trained = 0.5\nstaff_congress = true")),
		unit(t, "b", ent("d1", "[status.2016]\ncadres = 2\nrotation_trained = 0.0\n[status.2017]\ncadres = 2\nrotation_trained = 1.0\nstaff_congress = false")),
		unit(t, "c", ent("d2", "[status.2016]\ncadres = 5\nrotation_trained = 0.2\n[status.2017]\ncadres = 5\nrotation_trained = 1.0\nstaff_congress = true")),
		notice,
	}
	tree, terrs := BuildTree(cfg, pages)
	if len(terrs) > 0 {
		t.Fatal(terrs)
	}
	tree.Evaluate(cfg)

	day := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, cfg.Location)
		return d
	}
	if v := tree.Vetoes(cfg, day("2017-12-30")); v != nil {
		t.Errorf("vetoes before the 考核 date (the last phase's end): %+v", v)
	}
	if errs := CheckModels(cfg, tree, pages, tree.Vetoes(cfg, day("2017-06-30"))); len(errs) > 0 {
		t.Errorf("a model unit is an error before the 考核: %v", errs)
	}

	vetoes := tree.Vetoes(cfg, day("2017-12-31"))
	got := map[string]string{}
	for _, v := range vetoes {
		var who []string
		for _, di := range v.Districts {
			who = append(who, cfg.Districts[di].ID)
		}
		for _, u := range v.Units {
			who = append(who, u.ID)
		}
		got[v.Target.ID] = v.Year + ":" + strings.Join(who, ",")
	}
	want := map[string]string{
		"rotation": "2017:a",  // every unit's cadres: the unit short of it
		"congress": "2017:d1", // a share of units: the district, no single unit
		"citywide": "2017:",   // a citywide share vetoes no one
		"ref":      "2017:",   // a reference never vetoes
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("veto on %s = %q, want %q", id, got[id], w)
		}
	}

	msg := CheckModels(cfg, tree, pages, vetoes).Error()
	for _, w := range []string{
		"content/notices/models.md:4:15: 错误：示范单位 a（a工会）在本次构建中被一票否决：2017年“干部三年轮训率”未达标（50.0%）",
		"content/units/a.md:10:20", // where its figure is written
		"config.toml:23:1",         // the target that vetoes it
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("errors\n%s\nlack %q", msg, w)
		}
	}
	if strings.Contains(msg, "示范单位 c") || strings.Count(msg, "错误") != 1 {
		t.Errorf("only a is struck:\n%s", msg)
	}

	// With the 考核 date configured later, the same build vetoes no one yet.
	later, _ := config.Parse("config.toml", []byte(vetoConfig+"[plan]\nassess_date = 2018-03-31\n"))
	if later == nil {
		t.Fatal("config with [plan] does not parse")
	}
	if v := tree.Vetoes(later, day("2018-01-15")); v != nil {
		t.Errorf("vetoes before the configured 考核 date: %+v", v)
	}
}
