package pii

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

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
		// A form drawn in Excel may take an ID one digit a cell.
		var form sheetRow
		formRow := func(row string, runs []digitRun) {
			rep.Hits = append(rep.Hits, formHits(runs, sh.name+" 第 "+row+" 行（每格一位）", pk.allowed)...)
		}
		cells(b, shared, func(ref, text string) {
			rep.Hits = append(rep.Hits, placed(text, sh.name+"!"+ref, pk.allowed)...)
			form.add(ref, text, formRow)
		}, func(kind, text string) {
			rep.Hits = append(rep.Hits, placedFix(text, "工作表「"+sh.name+"」的"+kind, "在 Excel 的「页面布局 › 页眉和页脚」中", pk.allowed)...)
		})
		form.end(formRow)
	}
	commented := map[string]bool{}
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
		for _, h := range paragraphs(b, label, para, pk.allowed) {
			// Excel writes each threaded comment again as a plain one,
			// for older versions: a number is reported once.
			if para != "p" {
				if commented[h.Number] {
					continue
				}
				commented[h.Number] = true
			}
			rep.Hits = append(rep.Hits, h)
		}
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
