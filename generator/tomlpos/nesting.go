package tomlpos

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/generator/diag"
	"gongkai/generator/limits"
)

// TooDeep reports whether arrays and inline tables in TOML text nest
// deeper than limits.MaxNesting. The TOML parser's time and memory grow
// with the square of the depth, so text is checked before it is parsed.
func TooDeep(text string) bool {
	line, _ := tooDeep(text)
	return line > 0
}

// nestingError is the error for text nested too deeply, at the bracket
// that goes one level too deep.
func nestingError(src Source) *diag.Error {
	line, col := tooDeep(src.Text)
	if line == 0 {
		return nil
	}
	return diag.Errorf(diag.Position{File: src.File, Line: src.Line + line - 1, Col: col},
		fmt.Sprintf("把深层的内容拆成单独的表（另起一行写 [表名]），数组和 { } 内联表最多套 %d 层。", limits.MaxNesting),
		"数组或内联表套了超过 %d 层", limits.MaxNesting)
}

// tooDeep returns the line and column (1-based, in characters) of the
// first [ or { outside strings and comments that opens level
// limits.MaxNesting+1, or 0, 0. Table headers count too: [a] and [[a]]
// open one or two levels and close them on their line.
func tooDeep(text string) (line, col int) {
	depth := 0
	line, lineStart := 1, 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\n':
			line, lineStart = line+1, i+1
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			quote := text[i : i+1]
			if strings.HasPrefix(text[i:], strings.Repeat(quote, 3)) {
				quote = strings.Repeat(quote, 3)
			}
			end := stringEnd(text, i+len(quote), quote)
			// Multi-line strings hold line breaks.
			for j := i; j < end; j++ {
				if text[j] == '\n' {
					line, lineStart = line+1, j+1
				}
			}
			i = end - 1
		case '[', '{':
			if depth++; depth > limits.MaxNesting {
				return line, utf8.RuneCountInString(text[lineStart:i]) + 1
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return 0, 0
}

// stringEnd returns the offset just past the string that starts at from
// (just after its opening quote), or len(text) when it is not closed. A
// basic string ends at a line break; the parser reports that.
func stringEnd(text string, from int, quote string) int {
	basic := quote[0] == '"'
	for i := from; i < len(text); i++ {
		switch {
		case basic && text[i] == '\\':
			i++
		case len(quote) == 1 && text[i] == '\n':
			return i
		case strings.HasPrefix(text[i:], quote):
			// """a"""" ends with the last three quotes.
			j := i + len(quote)
			for len(quote) == 3 && j < len(text) && j < i+5 && text[j] == quote[0] {
				j++
			}
			return j
		}
	}
	return len(text)
}
