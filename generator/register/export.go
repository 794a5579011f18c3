package register

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// Sheet is a table to write: a header row and data rows.
type Sheet struct {
	Name string
	Rows [][]string
}

// Tables lays out the units of pages (merged: rows and front matter) as
// the register and one status table per year, with the headers config
// maps first (else the fields' Chinese labels), so that reading them back
// gives the same units.
func Tables(cfg *config.Config, pages []*content.Page) (register Sheet, status []Sheet) {
	var units []*content.Page
	for _, p := range pages {
		if p.Unit != nil && !p.IsIndex {
			units = append(units, p)
		}
	}
	slices.SortFunc(units, func(a, b *content.Page) int { return strings.Compare(a.Name, b.Name) })
	header := func(f *field) string {
		if hs := cfg.Data.Columns[f.Key]; len(hs) > 0 {
			return hs[0]
		}
		return f.Label
	}
	register.Name = "单位名册"
	var head []string
	for i := range fields {
		if !fields[i].Status {
			head = append(head, header(&fields[i]))
		}
	}
	register.Rows = append(register.Rows, head)
	years := map[string]bool{}
	for _, p := range units {
		u := p.Unit
		row := []string{p.Name, p.Title, u.Parent, kindName(cfg, u.Kind), districtName(cfg, u.District)}
		for i := range fields {
			if f := &fields[i]; !f.Status && f.get != nil {
				row = append(row, f.get(u, nil))
			}
		}
		register.Rows = append(register.Rows, row)
		for y := range u.Status {
			years[y] = true
		}
	}
	// The yearly columns: the built-in fields, then those config declares.
	var cols []*field
	for i := range fields {
		if f := &fields[i]; f.Status && f.get != nil {
			cols = append(cols, f)
		}
	}
	for _, name := range sortedKeys(cfg.Fields) {
		if fieldByKey[name] == nil {
			cols = append(cols, declaredField(name, cfg.Fields[name]))
		}
	}
	for _, y := range sortedKeys(years) {
		s := Sheet{Name: y + "年"}
		head := []string{header(fieldByKey[keyID]), header(fieldByKey[keyName])}
		for _, f := range cols {
			head = append(head, header(f))
		}
		s.Rows = append(s.Rows, head)
		for _, p := range units {
			st, ok := p.Unit.Status[y]
			if !ok {
				continue
			}
			row := []string{p.Name, p.Title}
			for _, f := range cols {
				row = append(row, f.get(p.Unit, &st))
			}
			s.Rows = append(s.Rows, row)
		}
		status = append(status, s)
	}
	return register, status
}

func kindName(cfg *config.Config, id string) string {
	if k := cfg.Kind(id); k != nil {
		return k.Name
	}
	return id
}

func districtName(cfg *config.Config, id string) string {
	if d := cfg.District(id); d != nil {
		return d.Name
	}
	return id
}

// Export writes the units to file: an .xlsx workbook with the register and
// a sheet per year, or, for .csv, the register to file and each year to
// file-YEAR.csv (UTF-8 with a BOM, which Excel opens as such). It returns
// the files written.
func Export(file string, cfg *config.Config, pages []*content.Page) ([]string, error) {
	reg, status := Tables(cfg, pages)
	switch strings.ToLower(filepath.Ext(file)) {
	case ".xlsx":
		return []string{file}, WriteXLSX(file, append([]Sheet{reg}, status...))
	case ".csv":
		out := []string{file}
		if err := WriteCSV(file, reg); err != nil {
			return nil, err
		}
		base := strings.TrimSuffix(file, filepath.Ext(file))
		for _, s := range status {
			name := base + "-" + strings.TrimSuffix(s.Name, "年") + ".csv"
			if err := WriteCSV(name, s); err != nil {
				return nil, err
			}
			out = append(out, name)
		}
		return out, nil
	}
	return nil, fmt.Errorf("文件名要以 .xlsx 或 .csv 结尾：%s", file)
}

// WriteXLSX writes sheets into a new workbook, cells as text (ids and
// phone numbers keep their leading zeros), headers bold and frozen.
func WriteXLSX(file string, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.Name)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		for r, row := range s.Rows {
			cells := make([]any, len(row))
			for c, v := range row {
				if r == 0 {
					cells[c] = excelize.Cell{StyleID: bold, Value: v}
				} else {
					cells[c] = v
				}
			}
			ref, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(ref, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}

// WriteCSV writes one sheet as UTF-8 CSV with a BOM. Cells that Excel
// would run as a formula are escaped (see formulaSafe).
func WriteCSV(file string, s Sheet) error {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for _, row := range s.Rows {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = formulaSafe(c)
		}
		if err := w.Write(safe); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}

// escapedFormula reports whether a cell starts with quotes and then a
// formula start, as formulaSafe writes one.
func escapedFormula(c string) bool {
	t := strings.TrimLeft(c, "'")
	return len(t) < len(c) && t != "" && strings.ContainsRune(formulaStart, rune(t[0]))
}

// formulaStart are the characters with which Excel and WPS take a CSV
// cell for a formula (=HYPERLINK(…) sends data away when clicked).
const formulaStart = "=+-@\t\r"

// formulaSafe prefixes a single quote to a cell Excel would read as a
// formula, which makes it text there. Numbers (-5, +3.2) stay as they
// are: Excel reads them as numbers, not formulas. readCSV removes the
// quote again.
func formulaSafe(cell string) string {
	if escapedFormula(cell) {
		return "'" + cell // keeps its own quote through readCSV
	}
	if cell == "" || !strings.ContainsRune(formulaStart, rune(cell[0])) {
		return cell
	}
	if plainNumber.MatchString(cell) {
		return cell
	}
	return "'" + cell
}

// plainNumber is a number as Excel reads it in a CSV cell.
var plainNumber = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
