package content

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/diag"
)

// Normalize returns src as UTF-8 with LF line ends and no BOM. A file that is
// not UTF-8 but reads as GB18030 (what Windows editors save as "ANSI") is
// converted, with a warning; anything else is an error at the first bad byte.
func Normalize(file string, src []byte) ([]byte, *diag.Error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var warn *diag.Error
	if !utf8.Valid(src) {
		dec, ok := DecodeGB18030(src)
		if !ok {
			off := firstInvalid(src)
			return nil, diag.Errorf(lineCol(file, src, off),
				"用编辑器把文件另存为“UTF-8”编码后再构建。",
				"文件不是 UTF-8 编码，第 %d 字节无法识别", off+1)
		}
		src = dec
		warn = diag.Warnf(diag.Position{File: file, Line: 1},
			fmt.Sprintf("已按 GB18030 读取。请在编辑器中“另存为”并选择 UTF-8 编码，或运行 gongkai fix-encoding %s。", file),
			"文件是 GBK/GB18030 编码，不是 UTF-8")
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, warn
}

// DecodeGB18030 converts text saved by a Chinese Windows editor ("ANSI",
// GBK or GB18030) to UTF-8. It reports false for bytes that are not such
// text.
func DecodeGB18030(src []byte) ([]byte, bool) {
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	if err != nil || !plausibleGB(dec) {
		return nil, false
	}
	return dec, true
}

// FirstInvalid returns the offset of the first byte that is not UTF-8.
func FirstInvalid(b []byte) int { return firstInvalid(b) }

// plausibleGB rejects decodings full of replacement or control characters:
// binary junk also "decodes" as GB18030.
func plausibleGB(b []byte) bool {
	for _, r := range string(b) {
		if r == utf8.RuneError || (r < 0x20 && r != '\n' && r != '\r' && r != '\t') {
			return false
		}
	}
	return true
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func lineCol(file string, b []byte, off int) diag.Position {
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(b[:off], '\n')
	return diag.Position{File: file, Line: line, Col: col}
}
