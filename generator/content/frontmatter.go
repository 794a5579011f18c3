package content

import (
	"bytes"
	"fmt"
	"strings"

	"gongkai/generator/diag"
)

// Split separates TOML front matter between +++ lines from the body. It
// returns the front matter, the body and the line on which the body starts.
// src must already be normalized (LF line ends).
func Split(file string, src []byte) (front string, body []byte, bodyLine int, err *diag.Error) {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	switch strings.TrimRight(string(first), " \t") {
	case "+++":
	case "---":
		return "", nil, 0, yamlError(file, src)
	default:
		return "", nil, 0, diag.Errorf(diag.Position{File: file, Line: 1},
			"在文件开头加上前置信息，例如：\n    +++\n    title = \"标题\"\n    date = 2016-05-01\n    +++",
			"文件开头没有 +++ 包围的前置信息")
	}
	var rest []byte
	if len(first) < len(src) {
		rest = src[len(first)+1:]
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if strings.TrimRight(string(l), " \t") == "+++" {
			front = string(rest[:off])
			if end < 0 {
				return front, nil, line + 1, nil
			}
			return front, rest[off+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return "", nil, 0, diag.Errorf(diag.Position{File: file, Line: 1},
		"在前置信息的最后一个字段后面单独加一行 +++，再写正文。",
		"前置信息以 +++ 开始，但没有找到结束的 +++")
}

// yamlError explains that the site uses TOML and shows the converted front
// matter, so the author can paste it.
func yamlError(file string, src []byte) *diag.Error {
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	b.WriteString("本站的前置信息用 TOML，以 +++ 包围。可改成：\n    +++\n")
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "---" {
			break
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.TrimSpace(k) == "" {
			continue
		}
		v = strings.TrimSpace(v)
		switch {
		case v == "true" || v == "false" || isNumber(v) || isDate(v) || strings.HasPrefix(v, "["):
		case strings.HasPrefix(v, `"`) || strings.HasPrefix(v, "'"):
			v = `"` + strings.Trim(v, `"'`) + `"`
		default:
			v = fmt.Sprintf("%q", v)
		}
		fmt.Fprintf(&b, "    %s = %s\n", strings.TrimSpace(k), v)
	}
	b.WriteString("    +++")
	return diag.Errorf(diag.Position{File: file, Line: 1}, b.String(), "前置信息用了 YAML 的 --- 写法")
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

func isDate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && isNumber(s[:4])
}
