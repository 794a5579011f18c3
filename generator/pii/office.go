package pii

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"gongkai/generator/limits"
)

// pkg is an Office (zip) package being read: all its parts inflate
// within one budget (limits.MaxInflated), so a zip bomb is named as not
// scanned instead of taking the build's memory.
type pkg struct {
	z       *zip.Reader
	parts   map[string]*zip.File
	budget  *limits.Budget
	allowed func(string) bool
	depth   int // how deeply this file is embedded in the one published: 0 for that file
}

// readPart returns the bytes of a part of the package.
func (p *pkg) readPart(f *zip.File) ([]byte, error) {
	return p.budget.ReadZip(f)
}

// openZip opens an Office file; budget is nil for a file of its own, or
// that of the file it is embedded in.
func openZip(data []byte, budget *limits.Budget, allowed func(string) bool) (*pkg, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range z.File {
		parts[f.Name] = f
	}
	if budget == nil {
		budget = limits.NewBudget()
	}
	return &pkg{z: z, parts: parts, budget: budget, allowed: allowed}, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// common reads what every Office file has: its properties (title,
// author, company, custom properties: shown by Office and by Windows'
// file dialog), and the files embedded under dir, each read as a file of
// its own kind within this file's budget.
func (pk *pkg) common(rep FileReport, dir string, fail func(error) FileReport) FileReport {
	for _, f := range pk.z.File {
		name := f.Name
		switch {
		case name == "docProps/core.xml" || name == "docProps/app.xml" || name == "docProps/custom.xml":
			b, err := pk.readPart(f)
			if err != nil {
				return fail(err)
			}
			leafTexts(b, false, func(prop, text string) {
				rep.Hits = append(rep.Hits, placedFix(text, "文档属性「"+prop+"」", "在 Office 的「文件 › 信息 › 属性」中", pk.allowed)...)
			})
		case strings.HasPrefix(name, dir) && !strings.HasSuffix(name, "/"):
			inner, err := pk.embedded(f)
			if err != nil {
				return fail(err)
			}
			file := "嵌入的文件 " + path.Base(name)
			for _, h := range inner.Hits {
				h.Where = within(file, h.Where)
				h.Fix = "双击文件中嵌入的对象（" + path.Base(name) + "）打开它，" + h.Fix
				rep.Hits = append(rep.Hits, h)
			}
			if inner.Unscanned != "" && rep.Unscanned == "" {
				if strings.HasPrefix(inner.Unscanned, "嵌入的文件") {
					rep.Unscanned = file + " 中" + inner.Unscanned
				} else {
					rep.Unscanned = file + " 无法检查：" + inner.Unscanned
				}
			}
		}
	}
	return rep
}

// within places where, a place in an embedded file, in the file that
// embeds it: "嵌入的文件 a.xlsx 的 Sheet1!B2", "嵌入的文件 a.xlsx 中嵌入的
// 文件 b.docx 的正文第 1 段".
func within(file, where string) string {
	switch {
	case strings.HasPrefix(where, "嵌入的文件"):
		return file + " 中" + where
	case where != "" && where[0] < utf8.RuneSelf:
		return file + " 的 " + where
	}
	return file + " 的" + where
}

// embedded scans a file embedded in an Office file: a workbook behind a
// chart or pasted as an object, a document, a presentation, a PDF. Other
// objects (old-format Office files, packages of other programs) are
// named as not scanned. The error is that of reading the part.
func (pk *pkg) embedded(f *zip.File) (FileReport, error) {
	ext := strings.ToLower(path.Ext(f.Name))
	switch ext {
	case ".xlsx", ".xlsm", ".docx", ".docm", ".pptx", ".pptm", ".pdf":
	case ".emf", ".wmf", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff":
		return FileReport{}, nil // a picture: its text is not recognised, as any picture's
	default:
		return FileReport{Unscanned: "嵌入的对象无法读取（" + describeExt(ext) + "）；在 Office 中双击打开它，另存为 .xlsx 或 .docx 后重新插入，或删去它"}, nil
	}
	if pk.depth >= limits.MaxEmbedded {
		return FileReport{Unscanned: fmt.Sprintf("套了超过 %d 层嵌入的文件", limits.MaxEmbedded)}, nil
	}
	b, err := pk.readPart(f)
	if err != nil {
		return FileReport{}, err
	}
	if ext == ".pdf" {
		return scanPDF(b, pk.allowed, pk.depth+1), nil
	}
	inner, err := openZip(b, pk.budget, pk.allowed)
	if err != nil {
		return FileReport{Unscanned: "无法作为 " + ext + " 文件读取"}, nil
	}
	inner.depth = pk.depth + 1
	switch {
	case ext[:3] == ".xl" && inner.parts["xl/workbook.xml"] != nil:
		return inner.xlsx(), nil
	case ext[:3] == ".do" && inner.parts["word/document.xml"] != nil:
		return inner.docx(), nil
	case ext[:3] == ".pp" && inner.parts["ppt/presentation.xml"] != nil:
		return inner.pptx(), nil
	}
	return FileReport{Unscanned: "无法作为 " + ext + " 文件读取"}, nil
}

// paragraphs scans the text of each paragraph element (local name para)
// of an Office XML part; a hit is placed as "正文第 3 段". A paragraph in
// a text box is one of its own. What a file holds twice for older
// readers (mc:Fallback: a text box again as VML) is read once. Tables are
// also read a row at a time for numbers written one digit a cell (see
// formRows).
func paragraphs(b []byte, label, para string, allowed func(string) bool) []Hit {
	var hits []Hit
	var stack []*strings.Builder
	var form formRows
	n := 0
	inText := false
	fallback := 0 // depth inside mc:Fallback
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" || fallback > 0 {
				fallback++
				continue
			}
			form.start(t.Name.Local)
			switch t.Name.Local {
			case para:
				stack = append(stack, &strings.Builder{})
				inText = para == "text" // a threaded comment's text is its own
			case "t", "delText", "instrText":
				inText = true
			case "tab":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('\t')
				}
			case "br", "cr":
				if len(stack) > 0 {
					stack[len(stack)-1].WriteByte('\n')
				}
			case "fldSimple": // a field's code, such as HYPERLINK "tel:…"
				if len(stack) > 0 {
					stack[len(stack)-1].WriteString(attr(t, "instr") + "\n\n")
				}
			}
		case xml.EndElement:
			if fallback > 0 {
				fallback--
				continue
			}
			switch t.Name.Local {
			case para:
				if len(stack) == 0 {
					continue
				}
				n++
				text := stack[len(stack)-1].String()
				stack = stack[:len(stack)-1]
				hits = append(hits, placed(text, fmt.Sprintf("%s第 %d 段", label, n), allowed)...)
				form.text(text)
				inText = false
			case "t", "delText", "instrText":
				inText = false
			}
			if where, runs := form.end(t.Name.Local, label); len(runs) > 0 {
				hits = append(hits, formHits(runs, where, allowed)...)
			}
		case xml.CharData:
			if inText && len(stack) > 0 && fallback == 0 {
				stack[len(stack)-1].Write(t)
			}
		}
	}
	return hits
}

// relTargets scans the targets of a part's relationships: a hyperlink's
// tel: or mailto: address lives there, not in the text.
func relTargets(b []byte, allowed func(string) bool) []Hit {
	var rels struct {
		Rel []struct {
			Target string `xml:"Target,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &rels) != nil {
		return nil
	}
	var hits []Hit
	for _, r := range rels.Rel {
		if r.Mode != "External" {
			continue
		}
		for _, h := range ScanLines(r.Target, allowed) {
			h.Where = "超链接 " + r.Target
			h.Line, h.Col = 0, 0
			hits = append(hits, h)
		}
	}
	return hits
}
