package pii

import (
	"path"
	"strings"
)

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
