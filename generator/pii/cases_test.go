package pii

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// A reachCase is one case of testdata/reach/CLASS.txt: a file built from
// its sections, and what scanning it finds.
//
//	=== name
//	-- obj --              a PDF object, numbered from 1 (its /Length is
//	                       filled in); "-- trailer --" adds trailer entries
//	-- word/document.xml --  a part of an Office file; "a.xlsx > xl/…"
//	                       is a part of a file embedded at a.xlsx
//	-- text --             a text file's bytes
//	-- want --             one line per hit, "where：kind number" (or
//	                       "line:col kind number"), "未扫描：why"
//
// The class's file name is a.CLASS (a.pdf, a.docx, a.xlsx, a.pptx, a.html,
// a.md).
type reachCase struct {
	name     string
	file     string
	sections [][2]string // name, body
	want     []string
}

func readReachCases(t testing.TB, class string) []reachCase {
	f, err := os.Open(filepath.Join("testdata", "reach", class+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []reachCase
	var body strings.Builder
	section := ""
	end := func() {
		if len(cases) == 0 || section == "" {
			return
		}
		c := &cases[len(cases)-1]
		text := strings.TrimSuffix(body.String(), "\n")
		if section == "want" {
			if text != "" {
				c.want = strings.Split(text, "\n")
			}
		} else {
			c.sections = append(c.sections, [2]string{section, text})
		}
		body.Reset()
		section = ""
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "=== "):
			end()
			cases = append(cases, reachCase{name: l[4:], file: "a." + class})
		case strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6:
			end()
			section = l[3 : len(l)-3]
		case section != "":
			body.WriteString(l + "\n")
		}
	}
	end()
	return cases
}

// data builds the case's file.
func (c reachCase) data() []byte {
	switch filepath.Ext(c.file) {
	case ".pdf":
		return c.pdf()
	case ".docx", ".xlsx", ".pptx":
		return c.zip()
	}
	for _, s := range c.sections {
		if s[0] == "text" {
			return []byte(s[1])
		}
	}
	return nil
}

// pdf assembles the objects with a cross-reference table.
func (c reachCase) pdf() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	trailer := ""
	for _, s := range c.sections {
		switch s[0] {
		case "trailer":
			trailer = s[1] + " "
			continue
		case "obj":
		default:
			continue
		}
		obj := s[1]
		if i := strings.Index(obj, "\nstream\n"); i >= 0 {
			j := strings.LastIndex(obj, "\nendstream")
			if j < i+8 {
				j = i + 8
			}
			obj = strings.Replace(obj[:i], "<<", fmt.Sprintf("<< /Length %d", j-(i+8)), 1) + obj[i:]
		}
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, trailer, xref)
	return b.Bytes()
}

// zip writes the parts, those under "x > " into a file x of their own
// (and so on down), with the least a reader needs added when the case
// leaves it out.
func (c reachCase) zip() []byte {
	return zipParts(c.file, c.sections)
}

func zipParts(name string, sections [][2]string) []byte {
	var parts [][2]string
	inner := map[string][][2]string{}
	var embedded []string
	for _, s := range sections {
		if s[0] == "want" {
			continue
		}
		file, rest, ok := strings.Cut(s[0], " > ")
		if !ok {
			parts = append(parts, s)
			continue
		}
		if _, seen := inner[file]; !seen {
			embedded = append(embedded, file)
		}
		inner[file] = append(inner[file], [2]string{rest, s[1]})
	}
	for _, file := range embedded {
		parts = append(parts, [2]string{file, string(zipParts(file, inner[file]))})
	}
	has := func(p string) bool {
		return slices.ContainsFunc(parts, func(x [2]string) bool { return x[0] == p })
	}
	switch filepath.Ext(name) {
	case ".docx":
		if !has("word/document.xml") {
			parts = append(parts, [2]string{"word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`})
		}
	case ".xlsx":
		if !has("xl/workbook.xml") {
			parts = append(parts, [2]string{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
				[2]string{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`})
		}
		if !has("xl/worksheets/sheet1.xml") {
			parts = append(parts, [2]string{"xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`})
		}
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, p := range parts {
		w, _ := z.Create(p[0])
		w.Write([]byte(p[1]))
	}
	z.Close()
	return buf.Bytes()
}

// reachClasses are the case files, one per kind of file the guard reads.
var reachClasses = []string{"pdf", "docx", "xlsx", "pptx", "html", "md"}

// TestReach scans each case's file and compares what is found with what
// the case wants.
func TestReach(t *testing.T) {
	for _, class := range reachClasses {
		for _, c := range readReachCases(t, class) {
			t.Run(class+"/"+c.name, func(t *testing.T) {
				rep := scanWithin(t, c.file, c.data(), 20*time.Second)
				got := reportLines(rep)
				if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
				}
			})
		}
	}
}

func reportLines(rep FileReport) []string {
	var got []string
	for _, h := range rep.Hits {
		if h.Where != "" {
			got = append(got, fmt.Sprintf("%s：%s %s", h.Where, h.Kind, h.Number))
		} else {
			got = append(got, fmt.Sprintf("%d:%d %s %s", h.Line, h.Col, h.Kind, h.Number))
		}
	}
	if rep.Unscanned != "" {
		got = append(got, "未扫描："+rep.Unscanned)
	}
	return got
}
