package tomlpos

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// locator maps key paths to the line that defines them. Array-of-table
// entries are addressed by index: ["targets", "2", "id"].
type locator struct {
	lines map[string][3]int // line, key column, value column
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

// newLocator scans TOML source for table headers and key definitions. It
// only finds lines; the TOML parser has already judged the syntax.
func newLocator(src string) *locator {
	loc := &locator{lines: map[string][3]int{}}
	var table []string
	arrays := map[string]int{}
	inMulti := ""
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		if inMulti != "" {
			if strings.Count(line, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || t[0] == '#':
			continue
		case strings.HasPrefix(t, "[["):
			name := splitKey(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(cutComment(t), "[[")), "]]"))
			k := pathKey(name)
			idx := arrays[k]
			arrays[k] = idx + 1
			table = append(name, strconv.Itoa(idx))
			loc.set(table, n, 1, 1)
			continue
		case t[0] == '[':
			table = splitKey(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(cutComment(t), "[")), "]"))
			loc.set(table, n, 1, 1)
			continue
		}
		eq := keyEnd(t)
		if eq < 0 {
			continue
		}
		full := append(append([]string{}, table...), splitKey(t[:eq])...)
		// Point at the value: that is what is wrong more often than the key.
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		value := indent + eq + 1
		for value < len(line) && (line[value] == ' ' || line[value] == '\t') {
			value++
		}
		loc.set(full, n, utf8.RuneCountInString(line[:indent])+1, utf8.RuneCountInString(line[:value])+1)
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(t[eq:], q)%2 == 1 {
				inMulti = q
			}
		}
	}
	return loc
}

func (l *locator) set(path []string, line, keyCol, valueCol int) {
	k := pathKey(path)
	if _, ok := l.lines[k]; !ok {
		l.lines[k] = [3]int{line, keyCol, valueCol}
	}
}

// pos returns the line of path, or of its nearest defined ancestor, and
// the column of its value (of its key with key set); zeros when unknown.
func (l *locator) pos(path []string, key bool) (line, col int) {
	for i := len(path); i > 0; i-- {
		if n, ok := l.lines[pathKey(path[:i])]; ok {
			if key {
				return n[0], n[1]
			}
			return n[0], n[2]
		}
	}
	return 0, 0
}

// keyEnd returns the index of the '=' that ends the key part of a line,
// skipping quoted keys, or -1.
func keyEnd(t string) int {
	quote := byte(0)
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			return i
		}
	}
	return -1
}

func cutComment(t string) string {
	if i := strings.Index(t, "#"); i >= 0 {
		return strings.TrimSpace(t[:i])
	}
	return t
}

// splitKey splits a dotted TOML key, honouring quotes.
func splitKey(s string) []string {
	var parts []string
	var b strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(b.String()))
}
