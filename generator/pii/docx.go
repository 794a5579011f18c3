package pii

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
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
