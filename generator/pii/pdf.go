package pii

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// scanPDF scans the text of each page of a PDF. A PDF with no text at all
// (a scanned paper document) is reported as not scanned: its numbers are
// pictures, which are not recognised.
func scanPDF(data []byte, allowed func(string) bool) (rep FileReport) {
	defer func() {
		// The reader panics on some malformed files; such a file is named,
		// never taken as clean.
		if recover() != nil {
			rep = FileReport{Unscanned: "PDF 文件已损坏，无法读取"}
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password") {
			return FileReport{Unscanned: "PDF 已加密，无法读取其中的文字"}
		}
		return FileReport{Unscanned: "无法读取的 PDF 文件"}
	}
	anyText := false
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		text, err := p.GetPlainText(nil)
		if err != nil {
			return FileReport{Unscanned: fmt.Sprintf("PDF 第 %d 页无法读取", i)}
		}
		if strings.TrimSpace(text) != "" {
			anyText = true
		}
		for _, h := range ScanLines(text, allowed) {
			h.Where = fmt.Sprintf("第 %d 页", i)
			h.Line, h.Col = 0, 0
			rep.Hits = append(rep.Hits, h)
		}
	}
	if !anyText {
		return FileReport{Unscanned: "PDF 中没有可提取的文字（可能是扫描件）"}
	}
	return rep
}
