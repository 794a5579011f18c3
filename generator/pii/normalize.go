package pii

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// class is what a character is to the scanner once the text is read as a
// reader sees it (NFKC, character references resolved).
type class uint8

const (
	other   class = iota // ends a number: letters, CJK, punctuation
	digit                // 0-9 in any width
	letterX              // X or x: the last character of an ID
	sep                  // spaces, dashes, dots, slashes, inline markup
	newline              // a line break: a separator, two end a paragraph
	drop                 // format characters (zero-width space, soft hyphen, BOM)
	comma                // an ASCII comma: joins only as a thousands separator (see commaJoins)
)

// maxSep is the longest run of separators that still joins two digit
// groups: "138 ** 0013", or a line break.
const maxSep = 8

// maxIndent is how much indentation (spaces, tabs, quote markers) may
// start the line after a line break without counting towards maxSep: a
// list item's continuation is indented to its item's text, 2 to 4 columns
// a level, so "1380013" ending one line of a third-level item and "8000"
// starting the next are 8 or more apart.
const maxIndent = 24

// maxComment bounds how long an HTML comment read apart may be; a longer
// or unclosed one is read as text.
const maxComment = 64 << 10

// noClose stands for no "-->" in the rest of the text.
const noClose = -2

// asciiClass classifies the bytes below 0x80.
var asciiClass = func() (t [128]class) {
	for c := '0'; c <= '9'; c++ {
		t[c] = digit
	}
	t['X'], t['x'] = letterX, letterX
	for _, c := range " \t\f\v\r-./+*_~`\\>" {
		t[c] = sep
	}
	t['\n'] = newline
	t[','] = comma
	return t
}()

// classOf returns the class of r and, for a digit or X, its ASCII form.
func classOf(r rune) (class, byte) {
	if r < utf8.RuneSelf {
		c := asciiClass[r]
		switch c {
		case digit:
			return c, byte(r)
		case letterX:
			return c, 'X'
		}
		return c, 0
	}
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK ideographs: most of the text
		return other, 0
	case r == 0xFF0C: // a full-width comma separates items, never digits
		return other, 0
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return classOf(r - 0xFEE0)
	case r == 0x3000, r == 0x301C, r == 0x3030, r == 0x30FB, r == 0xFF65:
		return sep, 0
	case r > 0x3000 && r <= 0x303F: // CJK punctuation
		return other, 0
	case r == 0x00B7, r == 0x2022, r == 0x2027, r == 0x2219, r == 0x22C5, r == 0x2024:
		return sep, 0
	case r == 0x2028, r == 0x2029, r == 0x85:
		return newline, 0
	case unicode.Is(unicode.Cf, r):
		return drop, 0
	case unicode.IsSpace(r), unicode.Is(unicode.Pd, r):
		return sep, 0
	}
	// Mathematical, superscript and circled digits fold to ASCII under NFKC.
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if s := norm.NFKC.Bytes(buf[:n]); len(s) == 1 {
		return classOf(rune(s[0]))
	}
	return other, 0
}

// decode reads one character at text[i:end] as a reader sees it: an HTML
// character reference, a percent escape or a \u escape is the character
// it stands for. It returns the character and how many bytes it took.
func decode(text string, i, end int) (rune, int) {
	c := text[i]
	switch c {
	case '&':
		if r, n := charRef(text[i:end]); n > 0 {
			return r, n
		}
	case '%':
		if i+2 < end && isHex(text[i+1]) && isHex(text[i+2]) {
			if v := hexVal(text[i+1])<<4 | hexVal(text[i+2]); v < utf8.RuneSelf {
				return rune(v), 3
			}
		}
	case '\\':
		if i+6 <= end && text[i+1] == 'u' && allHex(text[i+2:i+6]) {
			return rune(hexVal(text[i+2])<<12 | hexVal(text[i+3])<<8 | hexVal(text[i+4])<<4 | hexVal(text[i+5])), 6
		}
	}
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:end])
}

// charRef decodes an HTML character reference at the start of s:
// &#49; &#x31; (the semicolon optional, as browsers read them) or a named
// one such as &nbsp; or &middot;.
func charRef(s string) (rune, int) {
	if len(s) < 3 {
		return 0, 0
	}
	if s[1] == '#' {
		j, base := 2, 10
		if s[j] == 'x' || s[j] == 'X' {
			j, base = 3, 16
		}
		v, k := 0, j
		for k < len(s) && k < j+7 {
			d := s[k]
			switch {
			case d >= '0' && d <= '9':
				v = v*base + int(d-'0')
			case base == 16 && isHex(d):
				v = v*base + int(hexVal(d))
			default:
				goto done
			}
			k++
		}
	done:
		if k == j || v > unicode.MaxRune {
			return 0, 0
		}
		if k < len(s) && s[k] == ';' {
			k++
		}
		return rune(v), k
	}
	k := 1
	for k < len(s) && k < 33 && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == 1 || k >= len(s) || s[k] != ';' {
		return 0, 0
	}
	u := html.UnescapeString(s[:k+1])
	if r, n := utf8.DecodeRuneInString(u); n == len(u) && u != s[:k+1] {
		return r, k + 1
	}
	return 0, 0
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

// tagEnd returns the end of an HTML or XML tag starting at text[i] ('<'),
// or 0 when there is none: a tag between digit groups is read as a
// separator (138<b>0013</b>8000), and its attributes are scanned apart.
func tagEnd(text string, i, end int) int {
	if i+1 >= end {
		return 0
	}
	c := text[i+1]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?') {
		return 0
	}
	// A name, then the end of it: "<b>", "<br/>", "<span class=…>".
	j := i + 2
	for j < end && (text[j] >= 'a' && text[j] <= 'z' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= '0' && text[j] <= '9' || text[j] == '-' || text[j] == ':') {
		j++
	}
	if j >= end || !(text[j] == '>' || text[j] == '/' || text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
		return 0
	}
	for ; j < end && j < i+2048; j++ {
		switch text[j] {
		case '>':
			return j + 1
		case '<':
			return 0
		}
	}
	return 0
}

// shownAttrs are the attributes whose values readers see or follow, with
// every data-* (a page's scripts show them: data-tel, data-id) and aria-*;
// others (an SVG path's d, a class, a style) hold numbers no one reads.
var shownAttrs = map[string]bool{
	"href": true, "src": true, "title": true, "alt": true, "aria-label": true, "content": true,
	"value": true, "placeholder": true, "action": true, "xlink:href": true, "label": true,
	"data-tel": true, "data-phone": true, "data-mobile": true,
}

// shownParts appends to parts the ranges of the tag text[i:j] that a
// reader sees: the values of shownAttrs, or all of an autolink such as
// <tel:13800138000>.
func shownParts(text string, i, j int, parts [][2]int) [][2]int {
	k := i + 1
	for k < j && text[k] != ' ' && text[k] != '\t' && text[k] != '\n' && text[k] != '\r' && text[k] != '>' && text[k] != '/' {
		k++
	}
	if name := text[i+1 : k]; strings.ContainsAny(name, ":@") {
		return append(parts, [2]int{i + 1, j - 1})
	}
	for k < j {
		for k < j && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r' || text[k] == '/') {
			k++
		}
		ns := k
		for k < j && text[k] != '=' && text[k] != ' ' && text[k] != '>' && text[k] != '\t' && text[k] != '\n' && text[k] != '\r' {
			k++
		}
		name := strings.ToLower(text[ns:k])
		if k >= j || text[k] != '=' {
			if k == ns {
				k++
			}
			continue
		}
		k++
		vs, ve := k, k
		if k < j && (text[k] == '"' || text[k] == '\'') {
			q := text[k]
			vs = k + 1
			ve = vs
			for ve < j && text[ve] != q {
				ve++
			}
			k = ve + 1
		} else {
			for ve < j && text[ve] != ' ' && text[ve] != '>' && text[ve] != '\t' && text[ve] != '\n' {
				ve++
			}
			k = ve
		}
		if shownAttrs[name] || strings.HasPrefix(name, "on") || strings.HasPrefix(name, "data-") || strings.HasPrefix(name, "aria-") {
			parts = append(parts, [2]int{vs, min(ve, j)})
		}
	}
	return parts
}

// group is a run of digits: where its digits are in the chain's buffer and
// where it is in the source.
type group struct {
	ds, de   int  // digits[ds:de]
	src, end int  // text[src:end]
	comma    byte // between it and the group before: 0 no comma, tightComma, looseComma
}

// chain is a sequence of digit groups joined by short separator runs.
type chain struct {
	digits []byte
	groups []group
}

// scanRange finds numbers in text[start:end], calling emit for each. With
// raw, all of a tag is read (an XML file is read as it is written);
// otherwise only what a browser shows of it.
func scanRange(text string, start, end int, raw bool, emit func(Finding)) {
	var (
		ch       chain
		inGroup  bool // the last character was a digit
		closed   bool // the chain can take no more groups
		sepUnits int
		sepLines int
		indent   = -1 // columns of indentation since the last line break; -1 once past it
		closeAt  = -1 // where the next "-->" is, once looked for
		sawComma byte // since the last group: 0, tightComma or looseComma
		tags     [][2]int
	)
	flush := func() {
		ch.emit(emit)
		ch.digits, ch.groups = ch.digits[:0], ch.groups[:0]
		closed = false
	}
	separate := func(line bool) {
		if inGroup {
			inGroup, sepUnits, sepLines = false, 0, 0
		}
		sepUnits++
		if line {
			sepLines++
		}
		if sepUnits > maxSep || sepLines > 1 {
			closed = true
		}
	}
	for i := start; i < end; {
		c := text[i]
		// Fast path for CJK ideographs (three-byte sequences E4-E9).
		if c >= 0xE4 && c <= 0xE9 && i+2 < end && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			inGroup, closed = false, true
			i += 3
			continue
		}
		if c == '<' && strings.HasPrefix(text[i:end], "<!--") {
			// A comment is not shown, but every reader's browser gets it.
			if closeAt < i+4 && closeAt != noClose {
				// Found once per close, so text full of "<!--" is read
				// in linear time.
				closeAt = noClose
				if j := strings.Index(text[i+4:end], "-->"); j >= 0 {
					closeAt = i + 4 + j
				}
			}
			if closeAt != noClose && closeAt-i <= maxComment {
				tags = append(tags, [2]int{i + 4, closeAt})
				separate(false)
				i = closeAt + 3
				continue
			}
		}
		if c == '<' {
			if j := tagEnd(text, i, end); j > 0 {
				if raw {
					tags = append(tags, [2]int{i + 1, j - 1})
				} else {
					tags = shownParts(text, i, j, tags)
				}
				separate(false)
				i = j
				continue
			}
		}
		r, n := decode(text, i, end)
		cl, b := classOf(r)
		switch cl {
		case digit:
			if !inGroup {
				if closed || len(ch.groups) == 0 {
					flush()
				}
				if len(ch.groups) == 0 {
					sawComma = 0
				}
				ch.groups = append(ch.groups, group{ds: len(ch.digits), src: i, comma: sawComma})
				inGroup, sawComma = true, 0
			}
			ch.digits = append(ch.digits, b)
			g := &ch.groups[len(ch.groups)-1]
			g.de, g.end = len(ch.digits), i+n
		case letterX:
			switch {
			case inGroup:
				ch.digits = append(ch.digits, 'X')
				g := &ch.groups[len(ch.groups)-1]
				g.de, g.end = len(ch.digits), i+n
			case !closed && len(ch.groups) > 0:
				// An ID's check character set apart: "320502 19800101 123 X".
				ch.digits = append(ch.digits, 'X')
				ch.groups = append(ch.groups, group{ds: len(ch.digits) - 1, de: len(ch.digits), src: i, end: i + n})
			}
			inGroup, closed = false, true
		case sep:
			if sawComma != 0 {
				sawComma = looseComma
			}
			if indent >= 0 && (r == ' ' || r == '\t' || r == '>') {
				// A continuation line's indentation: free up to maxIndent.
				if indent++; indent > maxIndent {
					closed = true
				}
				i += n
				continue
			}
			separate(false)
		case comma:
			if inGroup && sawComma == 0 {
				sawComma = tightComma
			} else {
				sawComma = looseComma
			}
			separate(false)
		case newline:
			if sawComma != 0 {
				sawComma = looseComma
			}
			separate(true)
		case drop:
		default:
			inGroup, closed = false, true
		}
		indent = -1
		if cl == newline {
			indent = 0
		}
		i += n
	}
	flush()
	for _, t := range tags {
		scanRange(text, t[0], t[1], raw, emit)
	}
}

// Kinds of comma between two digit groups.
const (
	tightComma = 1 + iota // right between digits: 13,800
	looseComma            // with a space or more: 4265, 010
)

// commaJoins reports whether b may join a, the group before it: a comma
// joins only as Excel's thousands separator (13,800,138,000) or in a
// mobile's 3-4-4 groups (138,0013,8000), right between the digits, so
// that a list (1,3,8,0,0,… or "4265, 010") is never read as one number.
func commaJoins(a, b group) bool {
	switch b.comma {
	case 0:
		return true
	case looseComma:
		return false
	}
	n := b.de - b.ds
	return (n == 3 || n == 4) && a.de-a.ds >= 2
}

// emit reports the numbers in the chain: from each group, the longest
// run of whole groups that is a valid number (so an ID whose first eleven
// digits look like a mobile is reported as the ID).
func (ch *chain) emit(emit func(Finding)) {
	gs := ch.groups
	for i := 0; i < len(gs); {
		var best Finding
		last := -1
		for j := i; j < len(gs); j++ {
			d := ch.digits[gs[i].ds:gs[j].de]
			if len(d) > 19 || j > i && !commaJoins(gs[j-1], gs[j]) {
				break
			}
			if len(d) < 11 {
				continue
			}
			if kind, num, masked, ok := classify(string(d)); ok {
				best = Finding{Offset: gs[i].src, End: gs[j].end, Kind: kind, Number: num, Masked: masked}
				last = j
			}
		}
		if last < 0 {
			i++
			continue
		}
		emit(best)
		i = last + 1
	}
}
