package register

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// table is one sheet: its header row and data rows as text, with the row
// numbers people see (a CSV line, an Excel row).
type table struct {
	file     string // "data/units.xlsx", for messages
	sheet    string // the worksheet's name; for a CSV, its file name without extension
	csv      bool
	date1904 bool // the workbook counts dates from 1904 (old Mac Excel)
	rows     [][]string
	nums     []int // 1-based row (CSV: line) number of each row
}

// decodeText turns a CSV file's bytes into UTF-8: a UTF-8 BOM is dropped,
// UTF-16 (Excel's "Unicode 文本") is decoded by its BOM, and bytes that are
// not UTF-8 are read as GB18030, as Excel saves CSV on Chinese Windows.
func decodeText(raw []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return raw[3:], nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(raw)
	case utf8.Valid(raw):
		return raw, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || !utf8.Valid(out) {
		return nil, errors.New("既不是 UTF-8 也不是 GB18030 编码")
	}
	return out, nil
}

// delimiter guesses the separator from the header line: a tab when it has
// more tabs than commas (Excel's 文本文件（制表符分隔）), else a comma.
func delimiter(text []byte) rune {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	if bytes.Count(line, []byte("\t")) > bytes.Count(line, []byte(",")) {
		return '\t'
	}
	return ','
}

// readCSV reads a CSV or tab-separated file.
func readCSV(file, sheet string, raw []byte) (*table, error) {
	text, err := decodeText(raw)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	t := &table{file: file, sheet: sheet, csv: true}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		for i, c := range rec {
			// A cell escaped by formulaSafe, as gongkai export writes it.
			if escapedFormula(c) {
				rec[i] = c[1:]
			}
		}
		t.rows = append(t.rows, rec)
		t.nums = append(t.nums, line)
	}
	return t, nil
}
