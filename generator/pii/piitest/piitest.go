// Package piitest writes the small Office, PDF and UTF-16 files that the
// personal-data guard's tests and the benchmark site need, so that no
// binary fixture is kept in the repository.
package piitest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf16"
)

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Zip writes a zip file of the parts (name, contents) in order: an
// Office file with the parts a test needs.
func Zip(parts [][2]string) []byte { return zipOf(parts) }

func zipOf(parts [][2]string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := z.Create(p[0])
		if err != nil {
			panic(err)
		}
		w.Write([]byte(p[1]))
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Cell is one cell of a worksheet: a reference such as "B3", and either
// text (stored as a shared string) or, when Number is set, a number.
type Cell struct {
	Ref    string
	Text   string
	Number string
}

// XLSX returns a workbook with one sheet per name in order, holding cells.
func XLSX(sheets []string, cells map[string][]Cell) []byte {
	var shared []string
	index := map[string]int{}
	var wb, rels strings.Builder
	parts := [][2]string{{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`}}
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, name := range sheets {
		// Sheets are stored in reverse file order, so that a reader that
		// guessed names from file names would get them wrong.
		file := fmt.Sprintf("worksheets/sheet%d.xml", len(sheets)-i)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, esc(name), i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"/>`, i+1, file)
		var sh strings.Builder
		sh.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
		for _, c := range cells[name] {
			if c.Number != "" {
				fmt.Fprintf(&sh, `<c r="%s"><v>%s</v></c>`, c.Ref, c.Number)
				continue
			}
			k, ok := index[c.Text]
			if !ok {
				k = len(shared)
				index[c.Text] = k
				shared = append(shared, c.Text)
			}
			fmt.Fprintf(&sh, `<c r="%s" t="s"><v>%d</v></c>`, c.Ref, k)
		}
		sh.WriteString(`</row></sheetData></worksheet>`)
		parts = append(parts, [2]string{"xl/" + file, sh.String()})
	}
	wb.WriteString(`</sheets></workbook>`)
	rels.WriteString(`</Relationships>`)
	var ss strings.Builder
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(shared), len(shared))
	for _, s := range shared {
		// Rich text: a string in two runs, as Excel writes formatted text.
		half := len([]rune(s)) / 2
		r := []rune(s)
		fmt.Fprintf(&ss, `<si><r><t xml:space="preserve">%s</t></r><r><rPr><b/></rPr><t xml:space="preserve">%s</t></r></si>`, esc(string(r[:half])), esc(string(r[half:])))
	}
	ss.WriteString(`</sst>`)
	parts = append(parts,
		[2]string{"xl/workbook.xml", wb.String()},
		[2]string{"xl/_rels/workbook.xml.rels", rels.String()},
		[2]string{"xl/sharedStrings.xml", ss.String()})
	return zipOf(parts)
}

// DOCX returns a Word document with one paragraph per string; each
// paragraph's text is split into runs at "|", as Word splits formatted
// text. A link, if not empty, is added as an external hyperlink target.
func DOCX(paragraphs []string, link string) []byte {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	for _, p := range paragraphs {
		doc.WriteString(`<w:p>`)
		for i, run := range strings.Split(p, "|") {
			if i%2 == 1 {
				fmt.Fprintf(&doc, `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, esc(run))
			} else {
				fmt.Fprintf(&doc, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(run))
			}
		}
		doc.WriteString(`</w:p>`)
	}
	if link != "" {
		doc.WriteString(`<w:p><w:hyperlink r:id="rId9"><w:r><w:t>联系我们</w:t></w:r></w:hyperlink></w:p>`)
	}
	doc.WriteString(`</w:body></w:document>`)
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	if link != "" {
		rels += `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="` + esc(link) + `" TargetMode="External"/>`
	}
	rels += `</Relationships>`
	return zipOf([][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"word/document.xml", doc.String()},
		{"word/_rels/document.xml.rels", rels},
	})
}

// PDF returns a PDF with one page per entry, each page showing its lines
// of ASCII text in Helvetica; a page with no lines holds only a drawn
// rectangle, like a scanned page holds only a picture.
func PDF(pages [][]string) []byte {
	return PDFObjects(pdfPageObjects(pages))
}

// PDFObjects returns a PDF of the given objects, numbered from 1; object 1
// must be the catalog. Tests of damaged files write their own.
func PDFObjects(objs []string) []byte {
	return PDFTrailer(objs, "")
}

// PDFTrailer is PDFObjects with more entries in the trailer, such as
// "/Info 6 0 R".
func PDFTrailer(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// Stream is a PDF stream object: the entries of its dictionary, then
// its data, its /Length filled in.
func Stream(dict, data string) string {
	return fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
}

func pdfPageObjects(pages [][]string) []string {
	var objs []string
	n := len(pages)
	// 1 catalog, 2 pages, 3 font, then page i at 4+2i and its content at 5+2i.
	kids := make([]string, n)
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i, lines := range pages {
		var c strings.Builder
		if len(lines) == 0 {
			c.WriteString("0 0 0 rg 100 100 200 300 re f\n")
		} else {
			c.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
			for _, l := range lines {
				// Each line is shown in two pieces, as PDF writers split text.
				h := len(l) / 2
				fmt.Fprintf(&c, "(%s) Tj (%s) Tj T*\n", pdfEsc(l[:h]), pdfEsc(l[h:]))
			}
			c.WriteString("ET\n")
		}
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	return objs
}

func pdfEsc(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

// UTF16 encodes s as UTF-16, little or big endian, with or without a BOM.
func UTF16(s string, bigEndian, bom bool) []byte {
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	out := make([]byte, 0, 2*len(u))
	for _, c := range u {
		if bigEndian {
			out = append(out, byte(c>>8), byte(c))
		} else {
			out = append(out, byte(c), byte(c>>8))
		}
	}
	return out
}

// PPTX returns a presentation with one slide per entry, each slide holding
// its paragraphs in a text box.
func PPTX(slides [][]string) []byte {
	parts := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>`},
		{"ppt/presentation.xml", `<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`},
	}
	for i, ps := range slides {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>`)
		for _, p := range ps {
			b.WriteString(`<a:p>`)
			for _, run := range strings.Split(p, "|") {
				fmt.Fprintf(&b, `<a:r><a:t>%s</a:t></a:r>`, esc(run))
			}
			b.WriteString(`</a:p>`)
		}
		b.WriteString(`</p:txBody></p:sp></p:spTree></p:cSld></p:sld>`)
		parts = append(parts, [2]string{fmt.Sprintf("ppt/slides/slide%d.xml", i+1), b.String()})
	}
	return zipOf(parts)
}
