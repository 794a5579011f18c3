package pii

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"strconv"
	"strings"

	"gongkai/generator/limits"
)

// pkg is an Office (zip) package being read: all its parts inflate
// within one budget (limits.MaxInflated), so a zip bomb is named as not
// scanned instead of taking the build's memory.
type pkg struct {
	z      *zip.Reader
	parts  map[string]*zip.File
	budget *limits.Budget
}

// readPart returns the bytes of a part of the package.
func (p *pkg) readPart(f *zip.File) ([]byte, error) {
	return p.budget.ReadZip(f)
}

func openZip(data []byte) (*pkg, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := map[string]*zip.File{}
	for _, f := range z.File {
		parts[f.Name] = f
	}
	return &pkg{z: z, parts: parts, budget: limits.NewBudget()}, nil
}

// scanXLSX scans the text of every cell of a workbook, each cell apart;
// a hit is placed as Sheet1!B3.
func scanXLSX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data)
	if err != nil || pk.parts["xl/workbook.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .xlsx 工作簿读取"}
	}
	parts := pk.parts
	var shared []string
	if f := parts["xl/sharedStrings.xml"]; f != nil {
		b, err := pk.readPart(f)
		if err != nil {
			return FileReport{Unscanned: "工作簿无法读取：" + err.Error()}
		}
		shared = sharedStrings(b)
	}
	var rep FileReport
	for _, sh := range pk.sheets() {
		f := parts[sh.part]
		if f == nil {
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return FileReport{Unscanned: "工作簿无法读取：" + err.Error()}
		}
		cells(b, shared, func(ref, text string) {
			for _, h := range ScanLines(text, allowed) {
				h.Where = sh.name + "!" + ref
				h.Line, h.Col = 0, 0
				rep.Hits = append(rep.Hits, h)
			}
		})
	}
	// Comments are shown to readers who hover a cell.
	for name, f := range parts {
		if strings.HasPrefix(name, "xl/comments") && strings.HasSuffix(name, ".xml") {
			b, err := pk.readPart(f)
			if err != nil {
				return FileReport{Unscanned: "工作簿无法读取：" + err.Error()}
			}
			rep.Hits = append(rep.Hits, paragraphs(b, "批注 "+path.Base(name)+" ", "comment", allowed)...)
		}
	}
	return rep
}

type sheet struct{ name, part string }

// sheets lists the worksheets in workbook order with their part names.
func (pk *pkg) sheets() []sheet {
	parts := pk.parts
	targets := map[string]string{}
	if f := parts["xl/_rels/workbook.xml.rels"]; f != nil {
		if b, err := pk.readPart(f); err == nil {
			var rels struct {
				Rel []struct {
					ID     string `xml:"Id,attr"`
					Target string `xml:"Target,attr"`
				} `xml:"Relationship"`
			}
			if xml.Unmarshal(b, &rels) == nil {
				for _, r := range rels.Rel {
					t := strings.TrimPrefix(r.Target, "/")
					if !strings.HasPrefix(t, "xl/") {
						t = "xl/" + t
					}
					targets[r.ID] = path.Clean(t)
				}
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var out []sheet
	if b, err := pk.readPart(parts["xl/workbook.xml"]); err == nil && xml.Unmarshal(b, &wb) == nil {
		for i, s := range wb.Sheets {
			part := targets[s.RID]
			if part == "" {
				part = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
			}
			out = append(out, sheet{name: s.Name, part: part})
		}
	}
	if len(out) == 0 {
		for name := range parts {
			if strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml") {
				out = append(out, sheet{name: strings.TrimSuffix(path.Base(name), ".xml"), part: name})
			}
		}
	}
	return out
}

// sharedStrings reads the workbook's string table: the text of each <si>.
func sharedStrings(b []byte) []string {
	var out []string
	var cur strings.Builder
	in, inT := false, false
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				in = true
				cur.Reset()
			case "t":
				inT = in
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, cur.String())
				in = false
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
	return out
}

// cells calls f with each cell's reference and the text a reader sees in
// it: a shared or inline string, or a number as Excel shows it in full.
func cells(b []byte, shared []string, f func(ref, text string)) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var ref, typ string
	var val, inline strings.Builder
	inV, inT := false, false
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				ref, typ = attr(t, "r"), attr(t, "t")
				val.Reset()
				inline.Reset()
			case "v":
				inV = true
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "t":
				inT = false
			case "c":
				if text := cellText(typ, strings.TrimSpace(val.String()), inline.String(), shared); text != "" {
					f(ref, text)
				}
			}
		case xml.CharData:
			if inV {
				val.Write(t)
			} else if inT {
				inline.Write(t)
			}
		}
	}
}

func cellText(typ, v, inline string, shared []string) string {
	switch typ {
	case "s":
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(shared) {
			return ""
		}
		return shared[i]
	case "inlineStr":
		return inline
	case "str", "e", "b":
		return v
	}
	// A number: 13800138000 is stored as 13800138000 or 1.3800138E10.
	if strings.ContainsAny(v, "Ee") {
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return v
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// scanDOCX scans a Word document paragraph by paragraph: the body, its
// headers and footers, footnotes, endnotes and comments, and the targets
// of its hyperlinks.
func scanDOCX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data)
	if err != nil || pk.parts["word/document.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .docx 文档读取"}
	}
	var rep FileReport
	for _, f := range pk.z.File {
		name := f.Name
		if !strings.HasPrefix(name, "word/") {
			continue
		}
		base := path.Base(name)
		b, err := pk.readPart(f)
		if err != nil {
			return FileReport{Unscanned: "文档无法读取：" + err.Error()}
		}
		switch {
		case name == "word/document.xml":
			rep.Hits = append(rep.Hits, paragraphs(b, "正文", "p", allowed)...)
		case strings.HasSuffix(name, ".xml.rels"):
			rep.Hits = append(rep.Hits, relTargets(b, allowed)...)
		case strings.HasSuffix(name, ".xml") && partLabel(base) != "":
			rep.Hits = append(rep.Hits, paragraphs(b, partLabel(base), "p", allowed)...)
		}
	}
	return rep
}

func partLabel(base string) string {
	for prefix, label := range map[string]string{
		"header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注", "comments": "批注",
	} {
		if strings.HasPrefix(base, prefix) {
			return label + strings.TrimSuffix(strings.TrimPrefix(base, prefix), ".xml")
		}
	}
	return ""
}

// paragraphs scans the text of each paragraph element (local name para)
// of an Office XML part; a hit is placed as "正文第 3 段".
func paragraphs(b []byte, label, para string, allowed func(string) bool) []Hit {
	var hits []Hit
	var stack []*strings.Builder
	n := 0
	inText := false
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case para:
				stack = append(stack, &strings.Builder{})
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
			}
		case xml.EndElement:
			switch t.Name.Local {
			case para:
				if len(stack) == 0 {
					continue
				}
				n++
				text := stack[len(stack)-1].String()
				stack = stack[:len(stack)-1]
				for _, h := range ScanLines(text, allowed) {
					h.Where = fmt.Sprintf("%s第 %d 段", label, n)
					h.Line, h.Col = 0, 0
					hits = append(hits, h)
				}
			case "t", "delText", "instrText":
				inText = false
			}
		case xml.CharData:
			if inText && len(stack) > 0 {
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

// scanPPTX scans a presentation slide by slide: its text boxes and
// tables, its speaker notes and the targets of its hyperlinks; a hit is
// placed as "第 3 张幻灯片第 2 段".
func scanPPTX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data)
	if err != nil || pk.parts["ppt/presentation.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .pptx 演示文稿读取"}
	}
	var rep FileReport
	for _, f := range pk.z.File {
		var label string
		var n int
		switch {
		case sscanPart(f.Name, "ppt/slides/slide%d.xml", &n):
			label = fmt.Sprintf("第 %d 张幻灯片", n)
		case sscanPart(f.Name, "ppt/notesSlides/notesSlide%d.xml", &n):
			label = fmt.Sprintf("备注 %d ", n)
		case strings.HasPrefix(f.Name, "ppt/slides/_rels/") && strings.HasSuffix(f.Name, ".rels"):
		default:
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return FileReport{Unscanned: "演示文稿无法读取：" + err.Error()}
		}
		if label == "" {
			rep.Hits = append(rep.Hits, relTargets(b, allowed)...)
			continue
		}
		rep.Hits = append(rep.Hits, paragraphs(b, label, "p", allowed)...)
	}
	return rep
}

// sscanPart reads the number out of a part name such as slide12.xml.
func sscanPart(name, format string, n *int) bool {
	k, err := fmt.Sscanf(name, format, n)
	return err == nil && k == 1 && fmt.Sprintf(format, *n) == name
}
