package register

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// TestSheetsOfPlans: a yearly sheet belongs to the plan whose years it
// covers. With the earlier plan kept in [[plans]] both plans' sheets are
// read; without it, an earlier sheet is one error at the sheet that says
// what to do, not a register sheet of duplicate unit numbers. A column of
// a field declared in [fields] is read by its type.
func TestSheetsOfPlans(t *testing.T) {
	const later = `
[fields.women_committee]
type = "bool"
label = "是否建立女职工委员会"
[[plans]]
id = "later"
first_year = 2018
last_year = 2020
`
	register := csvText([][]string{{"编号", "单位名称", "单位类型"}, {"acme", "甲公司工会", "企业"}}, ',')
	early := csvText([][]string{{"编号", "是否建立职代会"}, {"acme", "是"}}, ',')
	now := csvText([][]string{{"编号", "是否建立职代会", "是否建立女职工委员会"}, {"acme", "否", "是"}}, ',')
	fsys := fstest.MapFS{
		"data/units.csv":  {Data: []byte(register)},
		"data/2016年度.csv": {Data: []byte(early)},
		"data/2019年度.csv": {Data: []byte(now)},
	}

	both, errs := config.Parse("config.toml", []byte(strings.Replace(testConfig, "[data]", later+"[data]", 1)))
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	reg, errs := Load(fsys, both, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	st := reg.ByID["acme"].Unit.Status
	if !st["2016"].StaffCongress || st["2019"].StaffCongress || !reflect.DeepEqual(st["2019"].Extra, map[string]any{"women_committee": true}) {
		t.Errorf("statuses: %+v", st)
	}

	// The export gives the declared field its column, read back as written.
	m, errs := Merge(both, reg, &content.Site{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, sheets := Tables(both, m.Site.Pages)
	if got := fmt.Sprint(sheets[len(sheets)-1].Rows); !strings.Contains(got, "是否建立女职工委员会]") || !strings.HasSuffix(got, " 是]]") {
		t.Errorf("2019 sheet of the export: %s", got)
	}

	// The later plan alone: the 2016 sheet is an earlier plan's.
	alone := testConfig[:strings.Index(testConfig, "[[phases]]")] + "[plan]\nfirst_year = 2018\nlast_year = 2020\n" +
		"[fields.women_committee]\ntype = \"bool\"\nlabel = \"是否建立女职工委员会\"\n" + testConfig[strings.Index(testConfig, "[data]"):]
	cfg, errs := config.Parse("config.toml", []byte(alone))
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	_, errs = Load(fsys, cfg, nil)
	if len(errs) != 1 || !strings.Contains(errs.Error(), "data/2016年度.csv:1: 错误：是 2016 年的年度表，但 config.toml 中没有哪个计划包括 2016 年") ||
		!strings.Contains(errs.Error(), "在 config.toml 的 [[plans]] 中写上它") {
		t.Errorf("an earlier plan's sheet:\n%v", errs)
	}
}
