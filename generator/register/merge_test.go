package register

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/generator/content"
)

const acmeFile = `+++
title = "苏州某某精密机械有限公司工会"
kind = "enterprise"
employees = 1400
chair = "王建国"

[status.2016]
staff_congress = true
+++

正文。
`

func TestMergeFrontMatterOverRow(t *testing.T) {
	cfg := testCfg(t)
	fsys := fstest.MapFS{
		"data/units.xlsx": {Data: xlsxBytes(t, []Sheet{{Name: "名册", Rows: registerRows}, {Name: "年度数据", Rows: statusRows}}, false)},
	}
	reg, errs := Load(fsys, cfg, nil)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	file, errs := content.Parse("content/units/acme.md", "units/acme.md", []byte(acmeFile))
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	cs := &content.Site{Pages: []*content.Page{file}}
	m, errs := Merge(cfg, reg, cs)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	var warnings []string
	for _, e := range errs.Sort() {
		warnings = append(warnings, e.Error())
	}
	want := []string{
		"content/units/acme.md:4:13: 警告：单位 acme 的“职工人数”在 content/units/acme.md 中写的是 “1400”，在 data/units.xlsx 工作表「名册」第 3 行 G 列（职工人数）中写的是 “1350”\n    提示：以 Markdown 文件中的值为准；如果表格中的值才对，删除文件中的这一行。",
		"content/units/acme.md:8:18: 警告：单位 acme 2016 年的“是否建立职代会”在 content/units/acme.md 中写的是 “是”，在 data/units.xlsx 工作表「年度数据」第 4 行 D 列（是否建立职代会）中写的是 “否”\n    提示：以 Markdown 文件中的值为准；如果表格中的值才对，删除文件中的这一行。",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	if cs.Pages[0] != file || file.Unit.District != "" || file.Unit.Employees != 1400 {
		t.Error("Merge changed the page as read")
	}
	var acme *content.Page
	for _, p := range m.Site.Pages {
		if p.Name == "acme" {
			acme = p
		}
	}
	u := acme.Unit
	if acme.File != "content/units/acme.md" || acme.Title != "苏州某某精密机械有限公司工会" || string(acme.Body) != "\n正文。\n" {
		t.Errorf("merged page = %s %q %q", acme.File, acme.Title, acme.Body)
	}
	// Front matter wins where it speaks; the row fills in the rest.
	if u.Employees != 1400 || u.Chair != "王建国" || u.District != "wujiang" || u.Parent != "city" || dateText(u.Established) != "2015-04-07" {
		t.Errorf("merged unit = %+v", u)
	}
	if s := u.Status["2016"]; !s.StaffCongress || s.WorkersHome != "none" || s.RotationTrained != 1 {
		t.Errorf("merged 2016 = %+v", s)
	}
	if acme.Hash == file.Hash || len(m.Cells[acme]) == 0 || m.Files[acme] != file {
		t.Error("a merged page needs its own hash, its cells and its file")
	}
}

// TestExportRoundTrip exports merged units and reads the export back: the
// same units, as .xlsx and as .csv.
func TestExportRoundTrip(t *testing.T) {
	cfg := testCfg(t)
	fsys := fstest.MapFS{
		"data/units.xlsx": {Data: xlsxBytes(t, []Sheet{{Name: "名册", Rows: registerRows}, {Name: "年度数据", Rows: statusRows}}, false)},
	}
	reg, errs := Load(fsys, cfg, nil)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	file, _ := content.Parse("content/units/acme.md", "units/acme.md", []byte(acmeFile))
	m, errs := Merge(cfg, reg, &content.Site{Pages: []*content.Page{file}})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	for _, ext := range []string{".xlsx", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			written, err := Export(filepath.Join(dir, "units"+ext), cfg, m.Site.Pages)
			if err != nil {
				t.Fatal(err)
			}
			back := fstest.MapFS{}
			for _, f := range written {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				back["data/"+filepath.Base(f)] = &fstest.MapFile{Data: b}
			}
			reg2, errs := Load(back, cfg, nil)
			if errs.Err() != nil || len(errs) > 0 {
				t.Fatal(errs)
			}
			m2, errs := Merge(cfg, reg2, &content.Site{})
			if errs.Err() != nil {
				t.Fatal(errs)
			}
			if len(m2.Site.Pages) != len(m.Site.Pages) {
				t.Fatalf("%d units back, want %d", len(m2.Site.Pages), len(m.Site.Pages))
			}
			for i, p := range m.Site.Pages {
				q := m2.Site.Pages[i]
				if p.Name != q.Name || p.Title != q.Title || !reflect.DeepEqual(normalized(p.Unit), normalized(q.Unit)) {
					t.Errorf("unit %s:\n%+v\nback as\n%+v", p.Name, *p.Unit, *q.Unit)
				}
			}
		})
	}
}

// normalized drops what a spreadsheet cannot tell apart from nothing: an
// empty list of awards.
func normalized(u *content.Unit) content.Unit {
	c := *u
	c.Status = map[string]content.UnitStatus{}
	for y, s := range u.Status {
		if len(s.Awards) == 0 {
			s.Awards = nil
		}
		c.Status[y] = s
	}
	return c
}

// TestMergeWrongTypeNoConflict: a number written as text in a unit file
// (employees = "1,350", pasted from Excel) is content's error; the merge
// does not add a warning that the file says 0.
func TestMergeWrongTypeNoConflict(t *testing.T) {
	cfg := testCfg(t)
	fsys := fstest.MapFS{
		"data/units.xlsx": {Data: xlsxBytes(t, []Sheet{{Name: "名册", Rows: registerRows}, {Name: "年度数据", Rows: statusRows}}, false)},
	}
	reg, errs := Load(fsys, cfg, nil)
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	src := strings.Replace(acmeFile, "employees = 1400", `employees = "1,350"`, 1)
	file, errs := content.Parse("content/units/acme.md", "units/acme.md", []byte(src))
	if !strings.Contains(errs.Error(), "content/units/acme.md:4:13: 错误：字段 employees 应为整数") {
		t.Fatalf("content errors: %v", errs)
	}
	_, errs = Merge(cfg, reg, &content.Site{Pages: []*content.Page{file}})
	if got := errs.Error(); strings.Contains(got, "职工人数") {
		t.Errorf("a conflict made of a value that is not one:\n%s", got)
	}
}
