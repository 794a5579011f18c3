package register

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"

	"gongkai/generator/limits"
)

// The .xlsx reader. Workbooks are written with excelize (export, the
// sample, the tests), but read here: excelize decodes every row with
// encoding/xml, which took 1.7-2.8 s for one sheet of 50,000 rows on the
// project's 2-core machine, while the register and three yearly sheets
// must load in under a second. A sheet's XML is regular (sheetData → row →
// c → v | is/t), so it is scanned as bytes; the small parts (workbook,
// relationships) go through encoding/xml.

// readXLSX reads every worksheet of a workbook, in workbook order.
func readXLSX(file string, raw []byte) ([]*table, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, errors.New("不是有效的 .xlsx 文件（是不是旧的 .xls？请在 Excel 中另存为 .xlsx）")
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	// One budget for the whole file: its sheets inflate in parallel.
	budget := limits.NewBudget()
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(budget, parts, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(budget, parts, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	var shared []string
	if f := parts["xl/sharedStrings.xml"]; f != nil {
		data, err := budget.ReadZip(f)
		if err != nil {
			return nil, err
		}
		shared = sharedStrings(data)
	}
	d1904 := wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	// Sheets are inflated and scanned in parallel: a register and three
	// yearly sheets make four, on two cores.
	out := make([]*table, len(wb.Sheets))
	errs := make([]error, len(wb.Sheets))
	var wg sync.WaitGroup
	for i, s := range wb.Sheets {
		f := parts[target[s.RID]]
		if f == nil {
			return nil, fmt.Errorf("工作簿中找不到工作表「%s」的内容", s.Name)
		}
		wg.Go(func() {
			defer func() {
				if x := recover(); x != nil {
					errs[i] = fmt.Errorf("工作表「%s」的结构异常，无法读取（%v）", s.Name, x)
				}
			}()
			data, err := budget.ReadZip(f)
			if err != nil {
				errs[i] = err
				return
			}
			t, err := scanSheet(data, shared)
			if err != nil {
				errs[i] = fmt.Errorf("工作表「%s」：%v", s.Name, err)
				return
			}
			t.file, t.sheet, t.date1904 = file, s.Name, d1904
			out[i] = t
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodePart(budget *limits.Budget, parts map[string]*zip.File, name string, v any) error {
	f := parts[name]
	if f == nil {
		return fmt.Errorf("不是有效的 .xlsx 文件（缺少 %s）", name)
	}
	data, err := budget.ReadZip(f)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("不是有效的 .xlsx 文件（%s：%v）", name, err)
	}
	return nil
}

// xmlScan walks the tags of an XML document held in memory.
type xmlScan struct {
	b []byte
	i int
	// short keeps one copy of each short value (是, 否, 0.8, 2016): a
	// yearly sheet repeats a few values over and over.
	short map[string]string
}

// str returns the text of b, unescaped, sharing short values.
func (s *xmlScan) str(b []byte) string {
	if len(b) > 12 || bytes.IndexByte(b, '&') >= 0 || bytes.IndexByte(b, '_') >= 0 {
		return unescape(b)
	}
	if v, ok := s.short[string(b)]; ok {
		return v
	}
	v := string(b)
	if s.short == nil {
		s.short = map[string]string{}
	}
	if len(s.short) < 4096 {
		s.short[v] = v
	}
	return v
}

// tag moves to the next tag and returns its local name (without a
// namespace prefix), its attributes' raw text, and whether it is an end tag
// or self-closing. Comments, processing instructions and CDATA-free
// declarations are skipped. ok is false at the end of the document.
func (s *xmlScan) tag() (name, attrs []byte, end, empty, ok bool) {
	for {
		j := bytes.IndexByte(s.b[s.i:], '<')
		if j < 0 {
			s.i = len(s.b)
			return nil, nil, false, false, false
		}
		s.i += j + 1
		if s.i < len(s.b) && (s.b[s.i] == '?' || s.b[s.i] == '!') {
			k := bytes.IndexByte(s.b[s.i:], '>')
			if k < 0 {
				s.i = len(s.b)
				return nil, nil, false, false, false
			}
			s.i += k + 1
			continue
		}
		k := bytes.IndexByte(s.b[s.i:], '>')
		if k < 0 {
			s.i = len(s.b)
			return nil, nil, false, false, false
		}
		t := s.b[s.i : s.i+k]
		s.i += k + 1
		if len(t) > 0 && t[0] == '/' {
			end = true
			t = t[1:]
		}
		if len(t) > 0 && t[len(t)-1] == '/' {
			empty = true
			t = t[:len(t)-1]
		}
		n := t
		if sp := bytes.IndexAny(t, " \t\r\n"); sp >= 0 {
			n, attrs = t[:sp], t[sp:]
		}
		if c := bytes.IndexByte(n, ':'); c >= 0 {
			n = n[c+1:]
		}
		return n, attrs, end, empty, true
	}
}

// text returns the raw text up to the next tag.
func (s *xmlScan) text() []byte {
	j := bytes.IndexByte(s.b[s.i:], '<')
	if j < 0 {
		j = len(s.b) - s.i
	}
	return s.b[s.i : s.i+j]
}

// attr finds attribute name's value in raw attribute text.
func attr(attrs []byte, name string) []byte {
	for len(attrs) > 0 {
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return nil
		}
		key := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 {
			return nil
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end < 0 {
			return nil
		}
		if string(key) == name {
			return rest[1 : 1+end]
		}
		attrs = rest[end+2:]
	}
	return nil
}

// unescape resolves XML character references and OOXML's _xHHHH_ escapes.
func unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '_') < 0 {
		return string(b)
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '&' {
			if semi := bytes.IndexByte(b[i:], ';'); semi > 0 {
				ent := string(b[i+1 : i+semi])
				r, ok := entity(ent)
				if ok {
					out.WriteRune(r)
					i += semi
					continue
				}
			}
		}
		if c == '_' && i+6 < len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				out.WriteRune(rune(v))
				i += 6
				continue
			}
		}
		out.WriteByte(c)
	}
	return out.String()
}

func entity(e string) (rune, bool) {
	switch e {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if strings.HasPrefix(e, "#x") || strings.HasPrefix(e, "#X") {
		v, err := strconv.ParseUint(e[2:], 16, 32)
		return rune(v), err == nil
	}
	if strings.HasPrefix(e, "#") {
		v, err := strconv.ParseUint(e[1:], 10, 32)
		return rune(v), err == nil
	}
	return 0, false
}

// richText collects the text of <t> elements up to the end tag named
// until, leaving out phonetic runs (<rPh>), as Excel shows the cell.
func (s *xmlScan) richText(until string) string {
	var buf [2]string
	parts := buf[:0]
	inPh := false
	for {
		name, _, end, empty, ok := s.tag()
		if !ok {
			break
		}
		switch {
		case end && string(name) == until:
			return strings.Join(parts, "")
		case string(name) == "rPh":
			inPh = !end && !empty
		case string(name) == "t" && !end && !empty && !inPh:
			parts = append(parts, s.str(s.text()))
		}
	}
	return strings.Join(parts, "")
}

// sharedStrings reads xl/sharedStrings.xml.
func sharedStrings(data []byte) []string {
	s := &xmlScan{b: data}
	var out []string
	for {
		name, _, end, empty, ok := s.tag()
		if !ok {
			return out
		}
		if string(name) == "si" && !end {
			if empty {
				out = append(out, "")
				continue
			}
			out = append(out, s.richText("si"))
		}
	}
}

// scanSheet reads a worksheet's cells as the text Excel stores: numbers
// and dates as their raw value (a date is its serial), booleans as 1/0,
// strings resolved from the shared table.
func scanSheet(data []byte, shared []string) (*table, error) {
	s := &xmlScan{b: data}
	t := &table{}
	if n := bytes.Count(data, []byte("<row")); n > 0 {
		t.rows = make([][]string, 0, n)
		t.nums = make([]int, 0, n)
	}
	width := 0 // of the widest row so far, to size the next
	var row []string
	rowNum, col := 0, 0
	inRow := false
	for {
		name, attrs, end, empty, ok := s.tag()
		if !ok {
			break
		}
		switch string(name) {
		case "row":
			if end {
				if inRow {
					width = max(width, len(row))
					t.rows = append(t.rows, row)
					t.nums = append(t.nums, rowNum)
				}
				inRow = false
				continue
			}
			rowNum++
			if r := attr(attrs, "r"); r != nil {
				n, err := strconv.Atoi(string(r))
				if err != nil {
					return nil, fmt.Errorf("行号 %q 无效", r)
				}
				rowNum = n
			}
			row, col, inRow = make([]string, 0, width), 0, true
			if empty {
				t.rows = append(t.rows, row)
				t.nums = append(t.nums, rowNum)
				inRow = false
			}
		case "c":
			if end || !inRow {
				continue
			}
			col++
			if ref := attr(attrs, "r"); ref != nil {
				c, err := columnOf(ref)
				if err != nil {
					return nil, err
				}
				col = c
			}
			if empty {
				continue
			}
			typ := string(attr(attrs, "t"))
			var v string
			if typ == "inlineStr" {
				v = s.richText("c")
			} else {
				v = s.cellValue()
				switch typ {
				case "s":
					i, err := strconv.Atoi(v)
					if err != nil || i < 0 || i >= len(shared) {
						return nil, fmt.Errorf("第 %d 行：共享字符串序号 %q 无效", rowNum, v)
					}
					v = shared[i]
				case "e":
					v = "" // #N/A, #DIV/0!: no value
				}
			}
			if v == "" {
				continue
			}
			for len(row) < col {
				row = append(row, "")
			}
			row[col-1] = v
		case "sheetData":
			if end {
				return t, nil
			}
		}
	}
	return t, nil
}

// cellValue reads the <v> of a cell up to </c>, skipping a formula.
func (s *xmlScan) cellValue() string {
	v := ""
	for {
		name, _, end, empty, ok := s.tag()
		if !ok {
			return v
		}
		switch {
		case end && string(name) == "c":
			return v
		case string(name) == "v" && !end && !empty:
			v = s.str(s.text())
		}
	}
}

// columnOf returns the 1-based column of a cell reference such as "AB12".
func columnOf(ref []byte) (int, error) {
	c := 0
	for _, b := range ref {
		switch {
		case b >= 'A' && b <= 'Z':
			c = c*26 + int(b-'A'+1)
		case b >= 'a' && b <= 'z':
			c = c*26 + int(b-'a'+1)
		case b >= '0' && b <= '9':
			if c == 0 {
				return 0, fmt.Errorf("单元格引用 %q 无效", ref)
			}
			return c, nil
		default:
			return 0, fmt.Errorf("单元格引用 %q 无效", ref)
		}
	}
	if c == 0 {
		return 0, fmt.Errorf("单元格引用 %q 无效", ref)
	}
	return c, nil
}

// columnName returns the letters of a 1-based column: 1 → A, 28 → AB.
func columnName(c int) string {
	var b []byte
	for c > 0 {
		c--
		b = append([]byte{byte('A' + c%26)}, b...)
		c /= 26
	}
	return string(b)
}
