package pii

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"gongkai/generator/limits"
	"gongkai/generator/pii/piitest"
)

const idLine = "ID: 320502 19800101 123X"

// page is a page object with its content stream as object content.
func page(parent, content int) string {
	return fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", parent, content)
}

func text(lines ...string) string {
	var c strings.Builder
	c.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&c, "(%s) Tj T*\n", l)
	}
	c.WriteString("ET\n")
	return fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String())
}

const font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

// flateBomb is a content stream that inflates to more than
// limits.MaxInflated bytes of spaces.
func flateBomb() string {
	var z bytes.Buffer
	z.Write([]byte{0x78, 0x01}) // zlib header, no dictionary
	w, _ := flate.NewWriter(&z, flate.BestSpeed)
	io.CopyN(w, spaces{}, limits.MaxInflated+1<<20)
	w.Close()
	z.Write([]byte{0, 0, 0, 0}) // wrong checksum: never reached
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
}

type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func prevLoop() []byte {
	b := piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font, page(2, 5), text(idLine)})
	x := bytes.Index(b, []byte("\nxref\n")) + 1
	return bytes.Replace(b, []byte("trailer\n<< "), fmt.Appendf(nil, "trailer\n<< /Prev %d ", x), 1)
}

// pdfCases are hostile PDFs: each must be read within the bounds of
// package limits and named as not scanned with why, or scanned.
var pdfCases = []struct {
	name string
	pdf  []byte
	want string // in Unscanned; "" means scanned and the ID found
}{
	{"page tree refers to itself", piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>", font}),
		"PDF 的页面树嵌套超过 32 层"},
	{"page tree refers to itself twice", piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 2 0 R 4 0 R] /Count 3 >>", font, page(2, 5), text(idLine)}),
		"PDF 的页面树嵌套超过 32 层"},
	{"two billion pages claimed", piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 2000000000 >>", font, page(2, 5), text(idLine)}),
		""},
	{"parent chain loops", piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 /Parent 6 0 R >>", font,
		"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>", text(idLine), "<< /Type /Pages /Parent 6 0 R >>"}),
		"PDF 第 1 页的上级页面链超过 32 层"},
	{"cross-reference section at two billion", bytes.Replace(piitest.PDF([][]string{{idLine}}), []byte("xref\n0 "), []byte("xref\n2000000000 "), 1),
		"PDF 声称有超过 1000000 个对象"},
	{"cross-reference stream of two billion objects", []byte("%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2000000000 /W [1 2 1] /Root 2 0 R /Length 0 >>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n"),
		"PDF 声称有超过 1000000 个对象"},
	{"previous cross-reference is itself", prevLoop(), "PDF 的结构反复引用自身，读取 100000 次仍未结束"},
	{"content inflates without end", piitest.PDFObjects([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font, page(2, 5), flateBomb()}),
		"PDF 第 1 页：PDF 的内容流解压后超过 256 MB 的上限"},
}

func TestHostilePDF(t *testing.T) {
	for _, c := range pdfCases {
		t.Run(c.name, func(t *testing.T) {
			rep := scanWithin(t, "a.pdf", c.pdf, 20*time.Second)
			if c.want == "" {
				if rep.Unscanned != "" || len(rep.Hits) != 1 {
					t.Fatalf("got %+v, want the ID found", rep)
				}
				return
			}
			if !strings.Contains(rep.Unscanned, c.want) {
				t.Fatalf("Unscanned = %q, want %q", rep.Unscanned, c.want)
			}
		})
	}
}

// scanWithin scans and fails the test if that takes longer than d.
func scanWithin(t *testing.T, name string, data []byte, d time.Duration) FileReport {
	t.Helper()
	done := make(chan FileReport, 1)
	go func() { done <- ScanFile(name, data, nil) }()
	select {
	case rep := <-done:
		return rep
	case <-time.After(d):
		t.Fatalf("scanning %s took over %v", name, d)
		return FileReport{}
	}
}

func FuzzScanPDF(f *testing.F) {
	for _, c := range pdfCases {
		if len(c.pdf) < 64<<10 {
			f.Add(c.pdf)
		}
	}
	f.Add(piitest.PDF([][]string{{idLine}, {"Tel 0512-67154265"}}))
	for _, c := range readReachCases(f, "pdf") {
		f.Add(c.data())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		scanWithin(t, "a.pdf", data, 10*time.Second)
	})
}

// zipOf writes parts, each declared in the directory with the given
// uncompressed size when it is not -1.
func zipOf(t testing.TB, parts []zipPart) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, p := range parts {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if p.body != "" {
			io.WriteString(fw, p.body)
		}
		if p.size > 0 {
			io.CopyN(fw, spaces{}, p.size)
		}
	}
	w.Close()
	return b.Bytes()
}

type zipPart struct {
	name string
	body string
	size int64 // spaces written after body
}

func TestZipBomb(t *testing.T) {
	wb := `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`
	rels := `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`
	bomb := zipOf(t, []zipPart{{name: "xl/workbook.xml", body: wb}, {name: "xl/_rels/workbook.xml.rels", body: rels},
		{name: "xl/worksheets/sheet1.xml", body: "<worksheet><sheetData>", size: limits.MaxInflated}})
	for _, c := range []struct{ name, file, want string }{
		{"xlsx", "a.xlsx", "工作簿无法读取：「xl/worksheets/sheet1.xml」解压后超过 256 MB 的上限"},
	} {
		rep := scanWithin(t, c.file, bomb, 30*time.Second)
		if !strings.Contains(rep.Unscanned, c.want) {
			t.Errorf("%s: Unscanned = %q, want %q", c.name, rep.Unscanned, c.want)
		}
	}
	doc := zipOf(t, []zipPart{{name: "word/document.xml", body: "<w:document><w:body><w:p><w:t>" + idLine + "</w:t></w:p>", size: limits.MaxInflated}})
	if rep := scanWithin(t, "a.docx", doc, 30*time.Second); !strings.Contains(rep.Unscanned, "文档无法读取：「word/document.xml」解压后超过 256 MB 的上限") {
		t.Errorf("docx: Unscanned = %q", rep.Unscanned)
	}
}

func TestScanFileRecovers(t *testing.T) {
	rep := scanWithin(t, "a.txt", nil, time.Second) // sanity: an empty text file is clean
	if rep.Unscanned != "" {
		t.Fatalf("empty file: %+v", rep)
	}
	panicky := func(string) bool { panic("boom") }
	rep = ScanFile("a.txt", []byte(idLine), panicky)
	if want := "读取时程序出错（boom），未能检查"; rep.Unscanned != want {
		t.Fatalf("Unscanned = %q, want %q", rep.Unscanned, want)
	}
}

// FuzzScanOffice reads any bytes as a workbook, a document and a
// presentation, calling the readers without ScanFile's recover, so that
// a panic fails; each must end within the bounds of package limits.
func FuzzScanOffice(f *testing.F) {
	for _, class := range []string{"docx", "xlsx", "pptx"} {
		for _, c := range readReachCases(f, class) {
			f.Add(c.data())
		}
	}
	f.Add(piitest.PPTX([][]string{{"候选人", "张三 |138 0013| 8000"}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, scan := range []func([]byte, func(string) bool) FileReport{scanXLSX, scanDOCX, scanPPTX} {
			done := make(chan FileReport, 1)
			go func() { done <- scan(data, nil) }()
			select {
			case rep := <-done:
				for _, h := range rep.Hits {
					if h.Where == "" {
						t.Fatalf("hit %+v has no place", h)
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("scanning took over 10s")
			}
		}
	})
}

// TestHostileTextEnds: text built to make the readers of issue 22's
// places work without end is read in about linear time.
func TestHostileTextEnds(t *testing.T) {
	var sheet strings.Builder
	sheet.WriteString(`<worksheet><sheetData>`)
	for r := 1; r <= 100_000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	wb := `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`
	rels := `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`
	var cells, rows strings.Builder
	for range 20_000 {
		cells.WriteString("<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>")
		rows.WriteString("<w:tbl><w:tr>")
	}
	for _, c := range []struct {
		name, file string
		data       []byte
	}{
		{"comments never closed", "a.html", []byte(strings.Repeat("<!--1", 1<<20))},
		{"comments closed at the end", "a.html", []byte(strings.Repeat("<!--1", 1<<20) + "-->")},
		{"indentation after every line", "a.md", []byte(strings.Repeat("1\n"+strings.Repeat(" ", 30), 1<<17))},
		{"cells a sheet's width apart", "a.xlsx", zipOf(t, []zipPart{{name: "xl/workbook.xml", body: wb}, {name: "xl/_rels/workbook.xml.rels", body: rels}, {name: "xl/worksheets/sheet1.xml", body: sheet.String()}})},
		{"a row of 20,000 one-digit cells", "a.docx", zipOf(t, []zipPart{{name: "word/document.xml", body: "<w:document><w:body><w:tbl><w:tr>" + cells.String() + "</w:tr></w:tbl></w:body></w:document>"}})},
		{"tables nested 20,000 deep", "a.docx", zipOf(t, []zipPart{{name: "word/document.xml", body: "<w:document><w:body>" + rows.String() + "</w:body></w:document>"}})},
	} {
		t.Run(c.name, func(t *testing.T) {
			scanWithin(t, c.file, c.data, 10*time.Second)
		})
	}
}
