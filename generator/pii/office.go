package pii

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strconv"
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

// scanXLSX scans the text of every cell of a workbook, each cell apart
// (a hit is placed as Sheet1!B3), its sheets' print headers and footers,
// comments, text boxes and shapes, hyperlinks, properties and embedded
// files.
func scanXLSX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data, nil, allowed)
	if err != nil || pk.parts["xl/workbook.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .xlsx 工作簿读取"}
	}
	return pk.xlsx()
}

func (pk *pkg) xlsx() FileReport {
	parts := pk.parts
	var rep FileReport
	fail := func(err error) FileReport {
		return FileReport{Hits: rep.Hits, Unscanned: "工作簿无法读取：" + err.Error()}
	}
	var shared []string
	if f := parts["xl/sharedStrings.xml"]; f != nil {
		b, err := pk.readPart(f)
		if err != nil {
			return fail(err)
		}
		shared = sharedStrings(b)
	}
	for _, sh := range pk.sheets() {
		f := parts[sh.part]
		if f == nil {
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return fail(err)
		}
		cells(b, shared, func(ref, text string) {
			rep.Hits = append(rep.Hits, placed(text, sh.name+"!"+ref, pk.allowed)...)
		}, func(kind, text string) {
			rep.Hits = append(rep.Hits, placedFix(text, "工作表「"+sh.name+"」的"+kind, "在 Excel 的「页面布局 › 页眉和页脚」中", pk.allowed)...)
		})
	}
	for _, f := range pk.z.File {
		name, base := f.Name, path.Base(f.Name)
		var label, para string
		switch {
		case strings.HasPrefix(name, "xl/comments") && strings.HasSuffix(name, ".xml"):
			// Comments are shown to readers who hover a cell.
			label, para = "批注 "+base+" ", "comment"
		case strings.HasPrefix(name, "xl/threadedComments/") && strings.HasSuffix(name, ".xml"):
			label, para = "批注 "+base+" ", "text"
		case strings.HasPrefix(name, "xl/drawings/") && strings.HasSuffix(name, ".xml") && !strings.Contains(name, "/_rels/"):
			label, para = "文本框或形状（"+base+"）", "p"
		case strings.HasPrefix(name, "xl/worksheets/_rels/") && strings.HasSuffix(name, ".rels"):
		case strings.HasPrefix(name, "xl/pivotCache/") && strings.HasSuffix(name, ".xml"):
			label = "数据透视表的缓存（" + base + "）"
		default:
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return fail(err)
		}
		if label != "" && para == "" {
			// A pivot table keeps a copy of its source, which a reader
			// sees by double-clicking a total, even with the source
			// sheet deleted.
			pivotValues(b, func(text string) {
				rep.Hits = append(rep.Hits, placedFix(text, label, "在「数据透视表选项 › 数据」中取消「随文件保存源数据」，或在源数据中", pk.allowed)...)
			})
			continue
		}
		if para == "" {
			rep.Hits = append(rep.Hits, relTargets(b, pk.allowed)...)
			continue
		}
		rep.Hits = append(rep.Hits, paragraphs(b, label, para, pk.allowed)...)
	}
	return pk.common(rep, "xl/embeddings/", fail)
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

// pivotValues calls f with each value a pivot cache holds: the strings
// and numbers of its records and of its fields' shared items.
func pivotValues(b []byte, f func(text string)) {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		if t, ok := tok.(xml.StartElement); ok {
			switch t.Name.Local {
			case "s":
				f(attr(t, "v"))
			case "n":
				f(cellText("", attr(t, "v"), "", nil))
			}
		}
	}
}

// headerFooters are the elements of a sheet's print headers and footers.
var headerFooters = map[string]string{
	"oddHeader": "页眉", "evenHeader": "偶数页页眉", "firstHeader": "首页页眉",
	"oddFooter": "页脚", "evenFooter": "偶数页页脚", "firstFooter": "首页页脚",
}

// cells calls f with each cell's reference and the text a reader sees in
// it: a shared or inline string, or a number as Excel shows it in full;
// and hf with the text of each print header and footer.
func cells(b []byte, shared []string, f func(ref, text string), hf func(kind, text string)) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var ref, typ, inHF string
	var val, inline, hfText strings.Builder
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
			default:
				if k := headerFooters[t.Name.Local]; k != "" {
					inHF = k
					hfText.Reset()
				}
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
			default:
				if inHF != "" && headerFooters[t.Name.Local] != "" {
					hf(inHF, headerFooterText(hfText.String()))
					inHF = ""
				}
			}
		case xml.CharData:
			switch {
			case inHF != "":
				hfText.Write(t)
			case inV:
				val.Write(t)
			case inT:
				inline.Write(t)
			}
		}
	}
}

// hfCode is a formatting code of a header or footer: a section (&L &C
// &R), a field (&P page, &N pages, &D date…), a font ("&\"宋体,Bold\""), a
// colour (&K followed by six hex digits) or a size (&12).
var hfCode = regexp.MustCompile(`&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d{1,3}|[A-Za-z&])`)

// headerFooterText is a header or footer as printed, its codes read as
// spaces: "&L&\"宋体\"&12联系人 13800138000&R第 &P 页".
func headerFooterText(s string) string {
	return hfCode.ReplaceAllStringFunc(s, func(c string) string {
		if c == "&&" {
			return "&"
		}
		return " "
	})
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

// scanDOCX scans a Word document paragraph by paragraph: the body with
// its tables and text boxes, its headers and footers, footnotes, endnotes
// and comments, SmartArt, the targets of its hyperlinks, its properties
// and the files embedded in it. Only the parts that hold text are read:
// pictures do not count against the budget.
func scanDOCX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data, nil, allowed)
	if err != nil || pk.parts["word/document.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .docx 文档读取"}
	}
	return pk.docx()
}

func (pk *pkg) docx() FileReport {
	var rep FileReport
	fail := func(err error) FileReport {
		return FileReport{Hits: rep.Hits, Unscanned: "文档无法读取：" + err.Error()}
	}
	smartArt := map[string]bool{} // numbers found in SmartArt's text
	for _, f := range pk.z.File {
		name, base := f.Name, path.Base(f.Name)
		var label string
		switch {
		case name == "word/document.xml":
			label = "正文"
		case strings.HasPrefix(name, "word/_rels/") && strings.HasSuffix(name, ".rels"):
		case strings.HasPrefix(name, "word/diagrams/data") && strings.HasSuffix(name, ".xml"):
			label = "SmartArt 图形"
		case path.Dir(name) == "word" && strings.HasSuffix(name, ".xml") && partLabel(base) != "":
			label = partLabel(base)
		default:
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return fail(err)
		}
		switch label {
		case "":
			rep.Hits = append(rep.Hits, relTargets(b, pk.allowed)...)
			continue
		case "SmartArt 图形":
			for _, h := range paragraphs(b, label, "p", pk.allowed) {
				smartArt[h.Number] = true
				rep.Hits = append(rep.Hits, h)
			}
			continue
		}
		rep.Hits = append(rep.Hits, paragraphs(b, label, "p", pk.allowed)...)
		rep.Hits = append(rep.Hits, digitCells(b, label, pk.allowed)...)
	}
	// SmartArt's drawing repeats its text as laid out; a number only there
	// (a file edited by another program) is still found.
	for _, f := range pk.z.File {
		if !strings.HasPrefix(f.Name, "word/diagrams/drawing") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return fail(err)
		}
		for _, h := range paragraphs(b, "SmartArt 图形", "p", pk.allowed) {
			if !smartArt[h.Number] {
				rep.Hits = append(rep.Hits, h)
			}
		}
	}
	return pk.common(rep, "word/embeddings/", fail)
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
		return FileReport{Unscanned: "嵌入的对象无法读取（" + describeExt(ext) + "）"}, nil
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
// of an Office XML part; a hit is placed as "正文第 3 段". A paragraph in
// a text box is one of its own. What a file holds twice for older
// readers (mc:Fallback: a text box again as VML) is read once.
func paragraphs(b []byte, label, para string, allowed func(string) bool) []Hit {
	var hits []Hit
	var stack []*strings.Builder
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
				inText = false
			case "t", "delText", "instrText":
				inText = false
			}
		case xml.CharData:
			if inText && len(stack) > 0 && fallback == 0 {
				stack[len(stack)-1].Write(t)
			}
		}
	}
	return hits
}

// digitCells finds numbers written one character a cell, as in a form
// with a box per digit: in each table row, a run of adjacent cells that
// each hold one digit (or an ID's X) is read as one number when the run
// is the whole number. A row of one-digit counts is not: its run is as
// long as the row, and is taken for a mobile or card only after a label
// that says so (see labelled).
func digitCells(b []byte, label string, allowed func(string) bool) []Hit {
	type row struct {
		cells []string
		cell  strings.Builder
	}
	var hits []Hit
	var rows []*row // nested tables: a row of each
	tables, inText, fallback := 0, false, 0
	rowN := map[int]int{} // rows read in the table at each nesting level
	tableAt := []int{}    // the number of the table at each level
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			return hits
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" || fallback > 0 {
				fallback++
				continue
			}
			switch t.Name.Local {
			case "tbl":
				tables++
				tableAt = append(tableAt, tables)
				rowN[len(tableAt)] = 0
			case "tr":
				rows = append(rows, &row{})
				rowN[len(tableAt)]++
			case "tc":
				if len(rows) > 0 {
					rows[len(rows)-1].cell.Reset()
				}
			case "t":
				inText = true
			}
		case xml.EndElement:
			if fallback > 0 {
				fallback--
				continue
			}
			switch t.Name.Local {
			case "tbl":
				if len(tableAt) > 0 {
					tableAt = tableAt[:len(tableAt)-1]
				}
			case "tc":
				if len(rows) > 0 {
					r := rows[len(rows)-1]
					r.cells = append(r.cells, r.cell.String())
				}
			case "tr":
				if len(rows) == 0 || len(tableAt) == 0 {
					continue
				}
				r := rows[len(rows)-1]
				rows = rows[:len(rows)-1]
				where := fmt.Sprintf("%s第 %d 个表格第 %d 行（每格一位）", label, tableAt[len(tableAt)-1], rowN[len(tableAt)])
				for _, run := range digitRuns(r.cells) {
					for _, h := range placed(run.number, where, allowed) {
						if h.Kind == IDCard || labelled.MatchString(run.label) {
							hits = append(hits, h)
						}
					}
				}
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText && len(rows) > 0 && fallback == 0 {
				rows[len(rows)-1].cell.Write(t)
			}
		}
	}
}

// labelled tells a form's label for a mobile or card number. Unlike an
// ID, they have no check digit to tell them from a row of one-digit
// scores, so a run of boxes is taken for one only after such a label.
var labelled = regexp.MustCompile(`(?i)手机|电话|联系|号码|卡号|账号|帐号|银行|tel|mobile|phone`)

// digitRun is a run of one-character cells and the nearest cell before
// it that is not one.
type digitRun struct{ number, label string }

// digitRuns returns the runs of adjacent one-character cells (digits or
// X) whose length is that of a mobile, an ID or a card, joined.
func digitRuns(cells []string) []digitRun {
	var out []digitRun
	var run []byte
	label := ""
	end := func() {
		if n := len(run); n == 11 || n == 15 || n >= 16 && n <= 19 {
			out = append(out, digitRun{string(run), label})
		}
		run = run[:0]
	}
	for _, c := range cells {
		c = strings.TrimSpace(c)
		r, size := utf8.DecodeRuneInString(c)
		if size > 0 && size == len(c) {
			if cl, ascii := classOf(r); cl == digit || cl == letterX {
				run = append(run, ascii)
				continue
			}
		}
		end()
		if c != "" {
			label = c
		}
	}
	end()
	return out
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
// tables, its speaker notes and the targets of its hyperlinks, then its
// properties and embedded files; a hit is placed as "第 3 张幻灯片第 2 段".
func scanPPTX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data, nil, allowed)
	if err != nil || pk.parts["ppt/presentation.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .pptx 演示文稿读取"}
	}
	return pk.pptx()
}

func (pk *pkg) pptx() FileReport {
	var rep FileReport
	fail := func(err error) FileReport {
		return FileReport{Hits: rep.Hits, Unscanned: "演示文稿无法读取：" + err.Error()}
	}
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
			return fail(err)
		}
		if label == "" {
			rep.Hits = append(rep.Hits, relTargets(b, pk.allowed)...)
			continue
		}
		rep.Hits = append(rep.Hits, paragraphs(b, label, "p", pk.allowed)...)
	}
	return pk.common(rep, "ppt/embeddings/", fail)
}

// sscanPart reads the number out of a part name such as slide12.xml.
func sscanPart(name, format string, n *int) bool {
	k, err := fmt.Sscanf(name, format, n)
	return err == nil && k == 1 && fmt.Sprintf(format, *n) == name
}
