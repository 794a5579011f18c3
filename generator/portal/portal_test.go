package portal

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

const testConfig = `
title = "测试"
[[districts]]
id = "gusu"
name = "姑苏区"
[[unit_kinds]]
id = "city"
name = "市总工会"
tier = 1
[[unit_kinds]]
id = "town"
name = "镇工会"
tier = 3
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5
[[categories]]
id = "finance"
name = "经费收支"
[[phases]]
id = "p2015"
name = "启动推进年"
start = 2015-01-01
end = 2015-12-31
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
threshold = 0.8
among = { kinds = ["enterprise"], min_employees = 1000 }
[[targets]]
id = "model"
name = "市级以上模范职工之家"
field = "workers_home"
values = ["city", "province", "national"]
threshold = 0.3
among = { kinds = ["enterprise"], field = "workers_home", values = ["qualified", "city", "province", "national"] }
[[targets]]
id = "rotation"
name = "轮训率"
measure = "mean"
field = "rotation_trained"
threshold = 1.0
among = { kinds = ["enterprise"] }
`

func testCfg(t *testing.T) *config.Config {
	t.Helper()
	cfg, errs := config.Parse("config.toml", []byte(testConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	return cfg
}

// page parses a unit or disclosure file the way the loader does.
func page(t *testing.T, rel, src string) *content.Page {
	t.Helper()
	p, errs := content.Parse("content/"+rel, rel, []byte(src))
	if len(errs) > 0 {
		t.Fatalf("%s: %v", rel, errs)
	}
	return p
}

func unit(t *testing.T, id, front string) *content.Page {
	return page(t, "units/"+id+".md", "+++\ntitle = \""+id+"工会\"\n"+front+"\n+++\n")
}

func TestTreeErrors(t *testing.T) {
	cfg := testCfg(t)
	tests := []struct {
		name  string
		pages []*content.Page
		want  []string
	}{
		{"unknown parent", []*content.Page{
			unit(t, "city", `kind = "city"`),
			unit(t, "a", "kind = \"enterprise\"\nparent = \"cty\""),
		}, []string{`content/units/a.md:4:10: 错误：上级单位 "cty" 不存在`, "是不是指 city（city工会）"}},
		{"own parent", []*content.Page{
			unit(t, "a", "kind = \"enterprise\"\nparent = \"a\""),
		}, []string{`content/units/a.md:4:10: 错误：单位不能以自己为上级`}},
		{"cycle", []*content.Page{
			unit(t, "a", "kind = \"town\"\nparent = \"b\""),
			unit(t, "b", "kind = \"town\"\nparent = \"c\""),
			unit(t, "c", "kind = \"town\"\nparent = \"a\""),
		}, []string{"content/units/a.md:4:10: 错误：上级关系形成循环：a → b → c → a"}},
		{"bad kind and district", []*content.Page{
			unit(t, "a", "kind = \"enterprize\"\ndistrict = \"gsu\""),
		}, []string{`content/units/a.md:3:8: 错误：未知的单位类型 "enterprize"`, "是不是想写 enterprise？", `content/units/a.md:4:12: 错误：未知的地区 "gsu"`}},
		{"bad year", []*content.Page{
			unit(t, "a", "kind = \"enterprise\"\n[status.2019]\nstaff_congress = true"),
		}, []string{`年度 "2019" 不在计划的阶段之内`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, errs := BuildTree(cfg, tt.pages)
			got := errs.Sort().Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors\n%s\nlack %q", got, w)
				}
			}
			if len(errs) != len(tt.want) && tt.name != "unknown parent" && tt.name != "bad kind and district" {
				t.Errorf("got %d errors: %s", len(errs), got)
			}
			// Whatever the errors, the result is a tree: walking up ends.
			for _, u := range tree.Units {
				n := 0
				for p := u.Parent; p != nil; p = p.Parent {
					if n++; n > len(tree.Units) {
						t.Fatalf("cycle left in tree at %s", u.ID)
					}
				}
			}
		})
	}
}

func TestPublicityStatusBoundaries(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	// Without a holiday schedule, working days skip weekends only: Friday
	// 2016-04-29 for 5 working days ends Thursday 2016-05-05.
	bare := NewCalendar(nil)
	if got, covered := PublicityEnd(day(2016, 4, 29), 5, bare); !got.Equal(day(2016, 5, 5)) || covered {
		t.Errorf("working-day end = %v (covered %v)", got, covered)
	}
	// Starting on a Saturday: the first working day counted is Monday.
	if got, _ := PublicityEnd(day(2016, 4, 30), 1, bare); !got.Equal(day(2016, 5, 2)) {
		t.Errorf("weekend start end = %v", got)
	}
	if got, covered := PublicityEnd(day(2016, 4, 29), 7, nil); !got.Equal(day(2016, 5, 5)) || !covered {
		t.Errorf("calendar end = %v", got)
	}
	d := &Disclosure{Start: day(2016, 4, 29), End: day(2016, 5, 5)}
	tests := []struct {
		now  time.Time
		want Status
	}{
		{day(2016, 4, 28).Add(23*time.Hour + 59*time.Minute), StatusNotStarted},
		{day(2016, 4, 29), StatusActive},
		{day(2016, 5, 5).Add(23 * time.Hour), StatusActive},
		{day(2016, 5, 6), StatusEnded},
	}
	for _, tt := range tests {
		if got := d.Status(tt.now); got != tt.want {
			t.Errorf("Status(%v) = %v, want %v", tt.now, got, tt.want)
		}
	}
	if (&Disclosure{}).Status(day(2016, 1, 1)) != StatusNone {
		t.Error("a disclosure without 公示期 has a status")
	}
}

func TestDisclosureErrors(t *testing.T) {
	cfg := testCfg(t)
	units := []*content.Page{unit(t, "hongqiao", `kind = "enterprise"`)}
	tree, _ := BuildTree(cfg, units)
	d := page(t, "disclosures/x.md", "+++\ntitle = \"公示\"\ndate = 2016-01-01\nunit = \"hongqao\"\ncategory = \"finace\"\npublicity_days = 5\n+++\n")
	_, errs := LinkDisclosures(cfg, tree, []*content.Page{d})
	got := errs.Sort().Error()
	for _, w := range []string{
		`content/disclosures/x.md:4:8: 错误：单位 "hongqao" 不存在`, "是不是指 hongqiao（hongqiao工会）",
		`content/disclosures/x.md:5:12: 错误：未知的公开类别 "finace"`, "是不是想写 finance",
		"content/disclosures/x.md:6:18: 错误：有公示期限但缺少开始日期 publicity_start",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("errors\n%s\nlack %q", got, w)
		}
	}
}

// TestSubtreeAggregation checks the tallies against a hand count.
func TestSubtreeAggregation(t *testing.T) {
	cfg := testCfg(t)
	pages := []*content.Page{
		unit(t, "city", `kind = "city"`),
		unit(t, "town", "kind = \"town\"\nparent = \"city\""),
		// e1: big, congress yes, station yes, home city, rotation 1.0
		unit(t, "e1", "kind = \"enterprise\"\nparent = \"town\"\nemployees = 1200\nmembers = 1100\n[status.2015]\nstaff_congress = true\nservice_station = true\nworkers_home = \"city\"\nrotation_trained = 1.0"),
		// e2: big, congress no, station no, home qualified, rotation 0.5
		unit(t, "e2", "kind = \"enterprise\"\nparent = \"town\"\nemployees = 3000\nmembers = 2900\n[status.2015]\nworkers_home = \"qualified\"\nrotation_trained = 0.5"),
		// e3: small, congress yes, home none (not among the model-home base), rotation 0.9
		unit(t, "e3", "kind = \"enterprise\"\nparent = \"city\"\nemployees = 80\nmembers = 80\n[status.2015]\nstaff_congress = true\nworkers_home = \"none\"\nrotation_trained = 0.9"),
		// e4: no status for 2015: not counted
		unit(t, "e4", "kind = \"enterprise\"\nparent = \"town\"\nemployees = 50"),
	}
	tree, errs := BuildTree(cfg, pages)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	total := tree.Evaluate(cfg)
	type want struct{ pop, meet int }
	check := func(name string, cs []Count, w []want, share []float64) {
		t.Helper()
		for i, c := range cs {
			if c.Population != w[i].pop || c.Meeting != w[i].meet {
				t.Errorf("%s %s: %d/%d, want %d/%d", name, c.Target.ID, c.Meeting, c.Population, w[i].meet, w[i].pop)
			}
			if d := c.Share() - share[i]; d > 1e-9 || d < -1e-9 {
				t.Errorf("%s %s: share %v, want %v", name, c.Target.ID, c.Share(), share[i])
			}
		}
	}
	// Citywide: congress 2/3; station 1/2 (e1, e2 have ≥1000); model 1/2 (e1 city, e2 qualified; e3 none excluded); rotation mean (1+.5+.9)/3.
	check("city", total.Years["2015"], []want{{3, 2}, {2, 1}, {2, 1}, {3, 1}}, []float64{2.0 / 3, 0.5, 0.5, 2.4 / 3})
	// Town subtree: e1, e2 (e4 unreported).
	town := tree.Unit("town").Subtree
	check("town", town.Years["2015"], []want{{2, 1}, {2, 1}, {2, 1}, {2, 1}}, []float64{0.5, 0.5, 0.5, 0.75})
	if town.Units != 4 || town.Employees != 4250 || town.Members != 4000 {
		t.Errorf("town subtree = %d units, %d employees, %d members", town.Units, town.Employees, town.Members)
	}
	if tree.Unit("city").Subtree.Units != 6 {
		t.Errorf("city subtree units = %d", tree.Unit("city").Subtree.Units)
	}
	// Per unit: e3 is too small for the station target; e4 did not report.
	m := tree.Unit("e3").Own["2015"]
	if m[1].Applicable || !m[0].Met || m[3].Met {
		t.Errorf("e3 marks = %+v", m)
	}
	if tree.Unit("e4").Own["2015"][0].Reported {
		t.Error("e4 has no 2015 status but counts as reported")
	}
}

func TestCheckTargets(t *testing.T) {
	cfg := testCfg(t)
	cfg.Targets[0].Field = "staff_congres"
	cfg.Targets[3].Measure = "share"
	got := CheckTargets(cfg).Error()
	for _, w := range []string{`未知的年度字段 "staff_congres"`, "是不是想写 staff_congress", "measure 与字段 rotation_trained 不匹配"} {
		if !strings.Contains(got, w) {
			t.Errorf("errors\n%s\nlack %q", got, w)
		}
	}
}

// TestSortPages: the sort with precomputed instants orders pages exactly
// as ComparePages does, with zoned and unzoned dates, equal dates and
// weights.
func TestSortPages(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var pages []*content.Page
	for i := range 500 {
		p := &content.Page{Rel: fmt.Sprintf("p%03d.md", rng.IntN(400)), Meta: content.Meta{Weight: rng.IntN(3)}}
		day := time.Date(2016, 5, 1+rng.IntN(4), 8*rng.IntN(3), 0, 0, 0, time.UTC)
		switch rng.IntN(3) {
		case 0: // no date
		case 1:
			_ = p.Date.UnmarshalTOML(day) // unzoned: read in the site's zone
		case 2:
			_ = p.Date.UnmarshalTOML(day.In(time.FixedZone("", 8*3600)).Format(time.RFC3339))
		}
		pages = append(pages, p)
		_ = i
	}
	want := slices.Clone(pages)
	slices.SortStableFunc(want, ComparePages)
	got := slices.Clone(pages)
	SortPages(got)
	for i := range want {
		if ComparePages(got[i], want[i]) != 0 {
			t.Fatalf("position %d: %s, want %s", i, got[i].Rel, want[i].Rel)
		}
	}
}

// shippedCalendar is the holiday schedule of the sample config.toml, the
// one the repository ships for sites to copy.
func shippedCalendar(t *testing.T) *Calendar {
	t.Helper()
	cfg, errs := config.Load(os.DirFS("../.."))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	return NewCalendar(cfg.Holidays)
}

func TestCalendarWorkingDays(t *testing.T) {
	cal := shippedCalendar(t)
	tests := []struct {
		day     string
		working bool
		why     string
	}{
		{"2017-09-30", true, "调休 Saturday before 国庆 2017"},
		{"2017-10-05", false, "国庆 2017"},
		{"2017-10-08", false, "国庆 2017, a Sunday"},
		{"2017-10-09", true, "first Monday after 国庆 2017"},
		{"2016-10-08", true, "调休 Saturday after 国庆 2016"},
		{"2016-10-09", true, "调休 Sunday after 国庆 2016"},
		{"2016-05-02", false, "劳动节 补休 Monday 2016"},
		{"2017-01-22", true, "调休 Sunday before 春节 2017"},
		{"2016-12-31", false, "元旦 2017 starts in 2016"},
		{"2015-09-03", false, "抗战胜利70周年纪念日"},
		{"2015-09-06", true, "调休 Sunday after 9-3 2015"},
		{"2026-02-14", true, "调休 Saturday before 春节 2026"},
		{"2026-02-23", false, "春节 2026, a Monday"},
		{"2026-05-09", true, "调休 Saturday after 劳动节 2026"},
		{"2026-10-10", true, "调休 Saturday after 国庆 2026"},
		{"2026-11-25", true, "an ordinary Wednesday"},
		{"2026-11-28", false, "an ordinary Saturday"},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.day)
		if got := cal.Working(d); got != tt.working {
			t.Errorf("Working(%s) = %v, want %v (%s)", tt.day, got, tt.working, tt.why)
		}
	}
}

func TestPublicityEndWithHolidays(t *testing.T) {
	cal := shippedCalendar(t)
	tests := []struct {
		start   string
		days    int
		end     string
		covered bool
	}{
		// The example: 5 working days from Friday 2017-09-29 are
		// 9-29, the 调休 Saturday 9-30, then 10-9, 10-10, 10-11.
		{"2017-09-29", 5, "2017-10-11", true},
		{"2017-09-30", 1, "2017-09-30", true},
		{"2016-04-29", 5, "2016-05-06", true}, // 5-2 is 劳动节 补休
		{"2016-09-30", 3, "2016-10-09", true}, // 9-30, then 调休 10-8 and 10-9
		{"2016-12-29", 3, "2017-01-03", true}, // across the year: 12-31 to 1-2 off
		{"2017-01-20", 5, "2017-01-25", true}, // 1-20, the 调休 Sunday 1-22, 1-23..1-25
		{"2017-01-25", 3, "2017-02-03", true}, // 1-25, 1-26, then 春节 1-27..2-2
		{"2026-09-28", 5, "2026-10-09", true}, // 9-28..9-30, then 10-8, 10-9
		{"2026-12-28", 5, "2027-01-01", false},
		{"2018-03-01", 3, "2018-03-05", true},
		{"2018-02-14", 2, "2018-02-22", true}, // 2-14, then 春节 2-15..2-21
		{"2019-03-01", 3, "2019-03-05", false},
	}
	for _, tt := range tests {
		start, _ := time.Parse(time.DateOnly, tt.start)
		got, covered := PublicityEnd(start, tt.days, cal)
		if got.Format(time.DateOnly) != tt.end || covered != tt.covered {
			t.Errorf("PublicityEnd(%s, %d) = %s covered %v, want %s covered %v", tt.start, tt.days, got.Format(time.DateOnly), covered, tt.end, tt.covered)
		}
	}
}

// TestUncoveredYearWarns: a working-day 公示期 in a year without a holiday
// schedule is computed on weekends alone, with a warning at the field.
func TestUncoveredYearWarns(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(testConfig+"[publicity]\nworking_days = true\ncontact = \"工会办公室\"\n[[holidays]]\nyear = 2017\noff = [\"2017-10-01~2017-10-08\"]\nwork = [\"2017-09-30\"]\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tree, _ := BuildTree(cfg, []*content.Page{unit(t, "hongqiao", `kind = "enterprise"`)})
	covered := page(t, "disclosures/a.md", "+++\ntitle = \"公示\"\ndate = 2017-09-29\nunit = \"hongqiao\"\ncategory = \"finance\"\npublicity_start = 2017-09-29\npublicity_days = 5\n+++\n")
	outside := page(t, "disclosures/b.md", "+++\ntitle = \"公示\"\ndate = 2018-09-28\nunit = \"hongqiao\"\ncategory = \"finance\"\npublicity_start = 2018-09-28\npublicity_days = 5\n+++\n")
	ds, errs := LinkDisclosures(cfg, tree, []*content.Page{covered, outside})
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	want := "content/disclosures/b.md:7:18: 警告：公示期 2018-09-28 起 5 个工作日（至 2018-10-04）所在年份没有节假日安排"
	if w := errs.Warnings(); len(w) != 1 || !strings.Contains(w.Error(), want) || !strings.Contains(w.Error(), "补上 2018 年的 [[holidays]]") {
		t.Errorf("warnings = %v, want one: %s", w, want)
	}
	for _, d := range ds {
		if d.Page == covered && d.End.Format(time.DateOnly) != "2017-10-11" {
			t.Errorf("2017 国庆: end %v, want 2017-10-11", d.End)
		}
	}
}

// TestUnitsInPinyinOrder: within a tier, names sort by pinyin, not by code
// point (which would put 吴中 before 吴江 before 太仓 before 姑苏).
func TestUnitsInPinyinOrder(t *testing.T) {
	cfg := testCfg(t)
	var pages []*content.Page
	for id, name := range map[string]string{"wz": "吴中镇工会", "wj": "吴江镇工会", "tc": "太仓镇工会", "gs": "姑苏镇工会", "top": "市总工会"} {
		kind := "town"
		if id == "top" {
			kind = "city"
		}
		pages = append(pages, page(t, "units/"+id+".md", "+++\ntitle = \""+name+"\"\nkind = \""+kind+"\"\n+++\n"))
	}
	tree, errs := BuildTree(cfg, pages)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, u := range tree.Units {
		got = append(got, u.Name())
	}
	want := []string{"市总工会", "姑苏镇工会", "太仓镇工会", "吴江镇工会", "吴中镇工会"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestRetention(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	help := &config.Category{ID: "assistance", RetentionDays: 30}
	d := &Disclosure{Category: help, Start: day(2016, 5, 3), End: day(2016, 5, 9)}
	tests := []struct {
		name      string
		d         *Disclosure
		today     time.Time
		withdrawn bool
	}{
		{"during the 公示期", d, day(2016, 5, 5), false},
		{"the last day kept (5-9 + 30 days)", d, day(2016, 6, 8).Add(23 * time.Hour), false},
		{"the day after", d, day(2016, 6, 9), true},
		{"years later", d, day(2026, 11, 25), true},
		{"a category kept forever", &Disclosure{Category: &config.Category{ID: "finance"}, Start: day(2016, 5, 3), End: day(2016, 5, 9)}, day(2026, 1, 1), false},
		{"no 公示期", &Disclosure{Category: help}, day(2026, 1, 1), false},
	}
	for _, tt := range tests {
		got, until := tt.d.Withdrawn(tt.today)
		if got != tt.withdrawn {
			t.Errorf("%s: Withdrawn(%s) = %v (public until %s), want %v", tt.name, tt.today.Format(time.DateOnly), got, until.Format(time.DateOnly), tt.withdrawn)
		}
	}
}
