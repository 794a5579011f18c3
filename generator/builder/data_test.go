package builder

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"
)

// dataCSV adds a unit that has only a row (under an existing unit), and a
// row for a unit that has a Markdown file.
const dataCSV = "单位编号,单位名称,上级工会,单位类型,所属地区,职工人数,会员人数,联系电话\n" +
	"xinqiao-peixun,苏州新桥培训中心工会,金桥镇机械行业工会联合会,企业基层工会,张家港市,\"1,020\",980,0512-60000000\n"

const dataStatusCSV = "单位编号,是否建立职代会,职工之家\nxinqiao-peixun,是,合格职工之家\n"

func withData(t *testing.T) fstest.MapFS {
	src := overlay(t, nil)
	src["data/extra.csv"] = &fstest.MapFile{Data: []byte(dataCSV)}
	src["data/extra-2016.csv"] = &fstest.MapFile{Data: []byte(dataStatusCSV)}
	return src
}

func TestDataUnitsBuild(t *testing.T) {
	src := withData(t)
	dest := filepath.Join(t.TempDir(), "public")
	res := buildSite(t, src, dest)
	page := read(t, dest, "units/xinqiao-peixun/index.html")
	for _, want := range []string{"苏州新桥培训中心工会", "1020", "0512-60000000"} {
		if !strings.Contains(page, want) {
			t.Errorf("the row unit's page lacks %q", want)
		}
	}
	if parent := read(t, dest, "units/jinqiao-jixie/index.html"); !strings.Contains(parent, `href="../xinqiao-peixun/index.html"`) {
		t.Error("the parent's page does not list the row unit")
	}
	// The sample warns of the 会务公开 its units owe (a row unit owes its
	// share too); nothing else.
	for _, w := range res.Warnings {
		if !strings.HasPrefix(w.Msg, "会务公开不完整") {
			t.Errorf("warning: %v", w)
		}
	}
}

// TestDataRowEditRebuild changes one cell: the unit's page and the pages
// showing it are rendered again, nothing unrelated, and the output is the
// same as a fresh build's.
func TestDataRowEditRebuild(t *testing.T) {
	src := withData(t)
	dest := filepath.Join(t.TempDir(), "public")
	cache := t.TempDir()
	cachedBuild(t, src, dest, cache)
	setEqual(t, "no change", cachedBuild(t, src, dest, cache), nil)
	src["data/extra.csv"] = &fstest.MapFile{Data: []byte(strings.Replace(dataCSV, "980", "990", 1))}
	got := cachedBuild(t, src, dest, cache)
	for _, must := range []string{"/units/xinqiao-peixun/", "/units/jinqiao-jixie/"} {
		if !slices.Contains(got, must) {
			t.Errorf("row edit: %s not rendered again (got %v)", must, got)
		}
	}
	for _, mustNot := range []string{"/notices/", "/units/guihua-shequ/", "/districts/zhangjiagang/", "/units/hongqiao-jingmi/"} {
		if slices.Contains(got, mustNot) {
			t.Errorf("row edit: unrelated %s rendered again", mustNot)
		}
	}
	uncachedSame(t, src, dest)
	// A renamed row unit shows in the unit directory and its district.
	src["data/extra.csv"] = &fstest.MapFile{Data: []byte(strings.Replace(dataCSV, "新桥培训中心", "新桥职工培训中心", 1))}
	got = cachedBuild(t, src, dest, cache)
	for _, must := range []string{"/units/xinqiao-peixun/", "/units/jinqiao-jixie/", "/units/", "/districts/zhangjiagang/"} {
		if !slices.Contains(got, must) {
			t.Errorf("row rename: %s not rendered again", must)
		}
	}
	uncachedSame(t, src, dest)
}

func TestDataErrorsStopTheBuild(t *testing.T) {
	src := withData(t)
	src["data/extra.csv"] = &fstest.MapFile{Data: []byte(strings.NewReplacer("\"1,020\"", "300人", "0512-60000000", "13912345678", "张家港市", "平江区").Replace(dataCSV))}
	src["data/extra-2016.csv"] = &fstest.MapFile{Data: []byte(strings.Replace(dataStatusCSV, ",是,", ",也许,", 1))}
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Run(Options{Source: src, Theme: repo, Dest: dest, Now: fixedNow})
	if err == nil {
		t.Fatal("bad cells were published")
	}
	msg := err.Error()
	for _, want := range []string{
		"data/extra-2016.csv:2:2: 错误：第 2 行 B 列（是否建立职代会）：“也许”应填“是”或“否”",
		"data/extra.csv:2:5: 错误：第 2 行 E 列（所属地区）：未知的地区 \"平江区\"",
		"data/extra.csv:2:6: 错误：第 2 行 F 列（职工人数）：“300人”应是一个整数",
		"data/extra.csv:2:8: 错误：第 2 行 H 列（联系电话）：发现未打码的手机号",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("public/ was written: %d entries", len(entries))
	}
}

// setCell sets the cell of unit id's row under header in a sheet of the
// sample's data/ (an .xlsx sheet, or a .csv file), as someone editing the
// spreadsheet would. It reports whether the value changed.
func setCell(t *testing.T, src fstest.MapFS, file, sheet, id, header, value string) bool {
	t.Helper()
	f := src[file]
	if f == nil {
		t.Fatalf("no %s", file)
	}
	if strings.HasSuffix(file, ".csv") {
		text := strings.TrimPrefix(string(f.Data), "\ufeff")
		rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], header)
		changed := false
		for _, r := range rows[1:] {
			if r[0] == id && r[col] != value {
				r[col], changed = value, true
			}
		}
		var b strings.Builder
		b.WriteString("\ufeff")
		w := csv.NewWriter(&b)
		w.UseCRLF = true
		w.WriteAll(rows)
		src[file] = &fstest.MapFile{Data: []byte(b.String()), ModTime: time.Now()}
		return changed
	}
	x, err := excelize.OpenReader(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], header)
	if col < 0 {
		t.Fatalf("%s「%s」has no column %s", file, sheet, header)
	}
	changed := false
	for i, r := range rows[1:] {
		if len(r) > 0 && r[0] == id && (col >= len(r) || r[col] != value) {
			ref, _ := excelize.CoordinatesToCellName(col+1, i+2)
			if err := x.SetCellValue(sheet, ref, value); err != nil {
				t.Fatal(err)
			}
			changed = true
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	src[file] = &fstest.MapFile{Data: buf.Bytes(), ModTime: time.Now()}
	return changed
}

// unitIDs lists the ids of the sample's register.
func unitIDs(t *testing.T, src fstest.MapFS) []string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(src["data/units.xlsx"].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("单位名册")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0])
	}
	return ids
}
