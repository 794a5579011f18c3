package layout

import (
	"html/template"
	"regexp"
	"strings"
)

// phoneNumber matches the telephone numbers of contact lines: landlines
// with their area code (0512-65223456, 0512 6522 3456, (0512)65223456, an
// extension after 转 or -), 400/800 numbers, unmasked mobiles and the
// 5-digit public hotlines (12351). Masked numbers (138****1234) are left
// alone: there is nothing to call.
var phoneNumber = regexp.MustCompile(`(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[- ]?)\d{3,4}[- ]?\d{4}(?:(?:转|-)\d{1,5})?|[48]00[- ]?\d{3}[- ]?\d{4}|\+?(?:86)?1[3-9]\d{9}|\b12\d{3}\b`)

// linkPhones escapes text and makes each telephone number in it a tel:
// link, so a reader on a phone calls with one tap.
func linkPhones(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range phoneNumber.FindAllStringIndex(text, -1) {
		num := text[m[0]:m[1]]
		if m[0] > 0 && isDigit(text[m[0]-1]) || m[1] < len(text) && isDigit(text[m[1]]) {
			continue // part of a longer number
		}
		b.WriteString(template.HTMLEscapeString(text[last:m[0]]))
		b.WriteString(`<a href="tel:`)
		b.WriteString(dialable(num))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(num))
		b.WriteString(`</a>`)
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

// dialable keeps what a dialler needs: digits, a leading +, and an
// extension as ",ext" (a pause, then the extension).
func dialable(num string) string {
	var b strings.Builder
	ext := false
	for i, r := range num {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == '转' && !ext:
			b.WriteByte(',')
			ext = true
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
