package layout

import (
	"html/template"
	"strings"
)

// figure escapes a line of counts ("达标 12 / 应统计 15（未填报 3 个）") and
// keeps each of its parts on one line (class nb): a phone, or the larger
// type of 长辈模式, may break the line between "达标 12" and "应统计 15",
// never between "应统计" and its 15.
func figure(s string) template.HTML {
	var b strings.Builder
	part := func(p string) {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString(`<span class="nb">` + template.HTMLEscapeString(p) + `</span>`)
		}
	}
	start := 0
	for i, r := range s {
		switch r {
		case '/':
			part(s[start:i])
			b.WriteString(" / ")
			start = i + 1
		case '，', '、', '；':
			part(s[start:i])
			b.WriteRune(r)
			start = i + len(string(r))
		case '（':
			part(s[start:i])
			start = i
		}
	}
	part(s[start:])
	return template.HTML(b.String())
}
