package register

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

const testConfig = `
title = "测试"
[[districts]]
id = "gusu"
name = "姑苏区"
[[districts]]
id = "wujiang"
name = "吴江区"
aliases = ["吴江"]
[[unit_kinds]]
id = "city"
name = "市总工会"
tier = 1
[[unit_kinds]]
id = "enterprise"
name = "企业基层工会"
tier = 5
aliases = ["企业"]
[[phases]]
id = "launch"
name = "启动推进年"
start = 2015-01-01
end = 2015-12-31
[[phases]]
id = "deepen"
name = "深化加强年"
start = 2016-01-01
end = 2016-12-31
[data]
ignore = ["备注"]
[data.columns]
id = ["编号", "单位编号"]
parent = "上级工会"
employees = ["职工人数", "职工数"]
staff_congress = "是否建立职代会"
`

func testCfg(t *testing.T) *config.Config {
	t.Helper()
	cfg, errs := config.Parse("config.toml", []byte(testConfig))
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	return cfg
}

// xlsxBytes builds a workbook with excelize: the first sheet cell by cell
// (shared strings, numbers, booleans, a date), the others streamed
// (inline strings).
func xlsxBytes(t *testing.T, sheets []Sheet, typed bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.Name)
		} else {
			f.NewSheet(s.Name)
		}
		for r, row := range s.Rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				var val any = v
				if typed && r > 0 {
					switch v {
					case "TRUE":
						val = true
					case "FALSE":
						val = false
					case "1350":
						val = 1350
					}
				}
				if err := f.SetCellValue(s.Name, ref, val); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var registerRows = [][]string{
	{"编号", "单位名称", "上级工会", "单位类型", "所属地区", "建会日期", "职工人数", "备注"},
	{"city", "市总工会", "", "市总工会", "", "", "", ""},
	{"acme", "苏州某某精密机械有限公司工会", "city", "企业", "吴江", "2015年4月7日", "1350", "老单位"},
	{"", "", "", "", "", "", "", ""},
	{"beta", "苏州乙公司工会", "市总工会", "enterprise", "姑苏区", "42101", "1,200", ""},
}

var statusRows = [][]string{
	{"单位编号", "单位名称", "年度", "是否建立职代会", "职工之家", "干部轮训率"},
	{"acme", "", "2015", "TRUE", "合格职工之家", "46%"},
	{"", "苏州乙公司工会", "2016年", "√", "市级", "0.8"},
	{"acme", "", "2016", "FALSE", "无", "1"},
}

func TestLoadXLSXAndCSV(t *testing.T) {
	cfg := testCfg(t)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(csvText(statusRows, ','))
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"xlsx typed cells": {
			"data/units.xlsx": {Data: xlsxBytes(t, []Sheet{{Name: "名册", Rows: registerRows}, {Name: "年度数据", Rows: statusRows}}, true)},
		},
		"xlsx streamed": {
			"data/units.xlsx": {Data: streamed(t, []Sheet{{Name: "名册", Rows: registerRows}, {Name: "年度数据", Rows: statusRows}})},
		},
		"csv utf-8 bom + gb18030": {
			"data/register.csv": {Data: []byte("\ufeff" + csvText(registerRows, ','))},
			"data/status.csv":   {Data: []byte(gb)},
		},
		"tab separated + xlsx": {
			"data/register.tsv": {Data: []byte(csvText(registerRows, '\t'))},
			"data/status.xlsx":  {Data: xlsxBytes(t, []Sheet{{Name: "Sheet1", Rows: statusRows}}, false)},
		},
	} {
		t.Run(name, func(t *testing.T) {
			reg, errs := Load(fsys, cfg, nil)
			if errs.Err() != nil {
				t.Fatal(errs)
			}
			if len(errs) != 0 {
				t.Errorf("unexpected warnings: %v", errs)
			}
			acme := reg.ByID["acme"]
			if acme == nil || acme.Name != "苏州某某精密机械有限公司工会" {
				t.Fatalf("acme = %+v", acme)
			}
			u := acme.Unit
			if u.Kind != "enterprise" || u.District != "wujiang" || u.Employees != 1350 || dateText(u.Established) != "2015-04-07" {
				t.Errorf("acme register = %+v", u)
			}
			s15, s16 := u.Status["2015"], u.Status["2016"]
			if !s15.StaffCongress || s15.WorkersHome != "qualified" || s15.RotationTrained != 0.46 || s16.StaffCongress || s16.WorkersHome != "none" || s16.RotationTrained != 1 {
				t.Errorf("acme status = %+v", u.Status)
			}
			b := reg.ByID["beta"].Unit
			if b.Employees != 1200 || dateText(b.Established) != "2015-04-07" || !b.Status["2016"].StaffCongress || b.Status["2016"].WorkersHome != "city" {
				t.Errorf("beta = %+v", b)
			}
			if reg.ByID["beta"].parentCell.Text != "市总工会" {
				t.Errorf("beta's parent cell = %+v", reg.ByID["beta"].parentCell)
			}
			m, errs := Merge(cfg, reg, &content.Site{})
			if errs.Err() != nil {
				t.Fatal(errs)
			}
			var parents []string
			for _, p := range m.Site.Pages {
				parents = append(parents, p.Name+"→"+p.Unit.Parent)
			}
			if got := strings.Join(parents, " "); got != "acme→city beta→city city→" {
				t.Errorf("pages and parents: %s", got)
			}
		})
	}
}

func streamed(t *testing.T, sheets []Sheet) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "s.xlsx")
	if err := WriteXLSX(file, sheets); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func csvText(rows [][]string, sep rune) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = sep, true
	w.WriteAll(rows)
	return b.String()
}

// TestErrorLocations checks that every bad cell is reported at once, with
// file, sheet, row, column and header.
func TestErrorLocations(t *testing.T) {
	cfg := testCfg(t)
	rows := [][]string{
		{"编号", "单位名称", "上级工会", "单位类型", "所属地区", "职工人数"},
		{"city", "市总工会", "", "市总工会", "", ""},
		{"acme", "甲公司工会", "city", "私营企业", "姑苏区", "300人"},
		{"beta", "乙公司工会", "nobody", "企业", "平江区", "12"},
		{"acme", "甲公司工会（重复）", "city", "企业", "姑苏区", "5"},
	}
	status := [][]string{
		{"编号", "是否建立职代会"},
		{"beta", "也许"},
		{"gamma", "是"},
	}
	fsys := fstest.MapFS{
		"data/units.xlsx": {Data: xlsxBytes(t, []Sheet{{Name: "名册", Rows: rows}, {Name: "2016年", Rows: status}}, false)},
		"data/extra.csv":  {Data: []byte("编号,单位名称,单位类型,电话号码\nzeta,丙工会,企业,\n")},
	}
	reg, errs := Load(fsys, cfg, nil)
	_, e := Merge(cfg, reg, &content.Site{})
	errs = append(errs, e...)
	var got []string
	for _, e := range errs.Sort() {
		got = append(got, e.Pos.String()+" "+sev(e)+e.Msg)
	}
	want := []string{
		"data/extra.csv:1 警告：表头中的这些列没有对应的字段，已忽略：电话号码",
		"data/units.xlsx:2:2 错误：工作表「2016年」第 2 行 B 列（是否建立职代会）：“也许”应填“是”或“否”（也可以是 有/无、√/×、Y/N、1/0、TRUE/FALSE）",
		"data/units.xlsx:3:1 错误：工作表「2016年」第 3 行 A 列（编号）：单位编号 gamma 不在单位名册中，也没有单位文件",
		"data/units.xlsx:3:4 错误：工作表「名册」第 3 行 D 列（单位类型）：未知的单位类型 \"私营企业\"",
		"data/units.xlsx:3:6 错误：工作表「名册」第 3 行 F 列（职工人数）：“300人”应是一个整数，只写数字，如 1350 或 1,350（不要带“人”等单位）",
		"data/units.xlsx:4:3 错误：工作表「名册」第 4 行 C 列（上级工会）：上级工会“nobody”不存在",
		"data/units.xlsx:4:5 错误：工作表「名册」第 4 行 E 列（所属地区）：未知的地区 \"平江区\"",
		"data/units.xlsx:5:1 错误：工作表「名册」第 5 行 A 列（编号）：单位编号 acme 重复，data/units.xlsx 工作表「名册」第 3 行 已经登记过（甲公司工会）",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func sev(e *diag.Error) string {
	if e.Severity == diag.SeverityWarning {
		return "警告："
	}
	return "错误："
}
