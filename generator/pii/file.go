package pii

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Hit is a finding in a published file, with where a reader finds it.
type Hit struct {
	Finding
	// Line and Col locate the number in a text file (1-based; 0 when the
	// place is Where instead).
	Line, Col int
	// Where names the place in a document: "Sheet1!B3", "第 2 段",
	// "第 3 页"; empty for text files.
	Where string
	// Fix, when not empty, says in Chinese how to reach the place to
	// change it, as the start of a sentence that goes on "改为打码形式…":
	// "在 Excel 的「页面布局 › 页眉和页脚」中".
	Fix string
}

// FileReport is what scanning one file found.
type FileReport struct {
	Hits []Hit
	// Unscanned, when not empty, says in Chinese why the file's content
	// could not be checked (an image, a scanned PDF, an unknown binary).
	Unscanned string
	// Image is set for pictures: not scanned, since text in images is not
	// recognised (no OCR).
	Image bool
}

// textTypes are published as text; their bytes are decoded (UTF-8,
// UTF-16 with or without BOM, GB18030) and scanned.
var textTypes = map[string]bool{
	".txt": true, ".csv": true, ".tsv": true, ".json": true, ".xml": true, ".html": true, ".htm": true,
	".md": true, ".markdown": true, ".svg": true, ".js": true, ".css": true, ".ics": true, ".vcf": true,
	".yaml": true, ".yml": true, ".toml": true, ".rss": true, ".atom": true, ".log": true, ".text": true,
}

var imageTypes = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".bmp": true, ".ico": true,
	".avif": true, ".tif": true, ".tiff": true, ".heic": true,
}

var fontTypes = map[string]bool{".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true}

// ScanFile scans a published file by its type. allowed is as for Scan.
// A panic while reading the file makes it not scanned, never clean.
func ScanFile(name string, data []byte, allowed func(string) bool) (rep FileReport) {
	defer func() {
		if x := recover(); x != nil {
			rep = FileReport{Unscanned: fmt.Sprintf("读取时程序出错（%v），未能检查", x)}
		}
	}()
	return scanFile(name, data, allowed, 0)
}

// scanFile is ScanFile for a file embedded depth levels deep in the one
// published (a PDF's attached file).
func scanFile(name string, data []byte, allowed func(string) bool, depth int) FileReport {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case ext == ".xlsx" || ext == ".xlsm":
		return scanXLSX(data, allowed)
	case ext == ".docx" || ext == ".docm":
		return scanDOCX(data, allowed)
	case ext == ".pptx" || ext == ".pptm":
		return scanPPTX(data, allowed)
	case ext == ".pdf":
		return scanPDF(data, allowed, depth)
	case imageTypes[ext]:
		return FileReport{Image: true, Unscanned: "图片，不识别其中的文字"}
	case fontTypes[ext]:
		return FileReport{} // glyphs, not text
	}
	text, ok := DecodeText(data)
	if !ok {
		if textTypes[ext] {
			return FileReport{Unscanned: "无法识别文字编码"}
		}
		return FileReport{Unscanned: "无法读取的文件格式（" + describeExt(ext) + "）"}
	}
	if ext == ".csv" || ext == ".tsv" {
		if hits, ok := scanDelimited(text, ext, allowed); ok {
			return FileReport{Hits: hits}
		}
	}
	// A browser shows an HTML or SVG file; other text is read as written.
	raw := ext != ".html" && ext != ".htm" && ext != ".svg"
	return FileReport{Hits: linesOf(text, scan(text, raw, allowed))}
}

// scanDelimited scans a CSV or TSV file cell by cell, as a spreadsheet
// shows it: a column of one-digit monthly counts is not one long number.
// It reports false when the text does not read as such a file.
func scanDelimited(text, ext string, allowed func(string) bool) ([]Hit, bool) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = ','
	if ext == ".tsv" {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	lines := strings.Split(text, "\n")
	var hits []Hit
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return hits, true
		}
		if err != nil {
			return nil, false
		}
		for i, cell := range rec {
			line, col := r.FieldPos(i)
			if line-1 < len(lines) && col-1 <= len(lines[line-1]) {
				col = utf8.RuneCountInString(lines[line-1][:col-1]) + 1
			}
			for _, h := range scan(cell, true, allowed) {
				hit := linesOf(cell, []Finding{h})[0]
				if hit.Line == 1 {
					hit.Col += col - 1
				}
				hit.Line += line - 1
				hits = append(hits, hit)
			}
		}
	}
}

func describeExt(ext string) string {
	switch ext {
	case ".doc", ".xls", ".ppt", ".wps", ".et":
		return "旧版 Office 格式，请另存为 .docx 或 .xlsx"
	case ".zip", ".rar", ".7z", ".gz", ".tar":
		return "压缩包"
	case "":
		return "没有扩展名的二进制文件"
	}
	return ext + " 二进制文件"
}

// ScanLines scans text and gives each hit its line and column.
func ScanLines(text string, allowed func(string) bool) []Hit {
	return linesOf(text, Scan(text, allowed))
}

// ScanSourceLines is ScanSource with each hit's line and column.
func ScanSourceLines(text string, allowed func(string) bool) []Hit {
	return linesOf(text, ScanSource(text, allowed))
}

func linesOf(text string, found []Finding) []Hit {
	var hits []Hit
	line, lineStart, pos := 1, 0, 0
	for _, f := range found {
		for pos < f.Offset {
			i := strings.IndexByte(text[pos:f.Offset], '\n')
			if i < 0 {
				break
			}
			line++
			pos += i + 1
			lineStart = pos
		}
		hits = append(hits, Hit{Finding: f, Line: line, Col: utf8.RuneCountInString(text[lineStart:f.Offset]) + 1})
	}
	return hits
}

// DecodeText reads bytes as text in the encodings Chinese Windows and
// spreadsheet exports produce: UTF-8 (with or without BOM), UTF-16 with a
// BOM, UTF-16 without one (told by its zero bytes), or GB18030. It
// reports false for binary data.
func DecodeText(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), true
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data, unicode.LittleEndian)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data, unicode.BigEndian)
	}
	if e, ok := utf16WithoutBOM(data); ok {
		return decodeUTF16(data, e)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", false
	}
	if utf8.Valid(data) {
		return string(data), true
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.Count(out, []byte("\uFFFD")) > len(out)/100 {
		return "", false
	}
	return string(out), true
}

func decodeUTF16(data []byte, e unicode.Endianness) (string, bool) {
	out, err := unicode.UTF16(e, unicode.UseBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", false
	}
	return string(out), true
}

// utf16WithoutBOM tells UTF-16 text without a byte order mark by where
// its zero bytes: ASCII characters and digits have a zero high byte,
// always on the same side of each pair.
func utf16WithoutBOM(data []byte) (unicode.Endianness, bool) {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return unicode.BigEndian, false
	}
	var evenZero, oddZero, bothZero int
	for i := 0; i < n; i += 2 {
		switch {
		case data[i] == 0 && data[i+1] == 0:
			bothZero++
		case data[i] == 0:
			evenZero++
		case data[i+1] == 0:
			oddZero++
		}
	}
	// Binary data has zeros at both parities, and runs of them.
	switch {
	case bothZero > 0:
		return unicode.BigEndian, false
	case oddZero >= 2 && evenZero == 0:
		return unicode.LittleEndian, true
	case evenZero >= 2 && oddZero == 0:
		return unicode.BigEndian, true
	}
	return unicode.BigEndian, false
}
