package markdown

import "fmt"

// MaxNesting is how deep lists and block quotes may nest. goldmark has no
// limit, and deep nesting costs it time quadratic in the depth (yuin/
// goldmark#592: "- - - … x" on one line; thousands of nested lists or
// quotes took minutes here); cmark-gfm caps list nesting for the same
// reason. No page a reader can follow nests a tenth as deep.
const MaxNesting = 64

// NestingError is a document whose lists or quotes nest deeper than
// MaxNesting.
type NestingError struct {
	Line  int // 1-based, in the rendered source
	Depth int // at least; counting stops past the limit
}

func (e *NestingError) Error() string {
	return fmt.Sprintf("列表或引用嵌套超过 %d 层（第 %d 行至少 %d 层）", MaxNesting, e.Line, e.Depth)
}

// checkNesting finds the first line of src whose container markers (">",
// list bullets and numbers, and the indentation before them) nest deeper
// than MaxNesting, in one pass. Lines inside fenced code are skipped.
// Indentation counts a level per two columns, which overestimates the
// depth of numbered lists a little: the limit is far beyond real pages.
func checkNesting(src []byte) error {
	line, fence := 1, byte(0)
	for i := 0; i < len(src); {
		end := i
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if e := lineDepth(src[i:end], &fence); e > MaxNesting {
			return &NestingError{Line: line, Depth: e}
		}
		i = end + 1
		line++
	}
	return nil
}

// lineDepth returns the nesting a line's start implies; fence tracks
// fenced code (the fence character, 0 outside one).
func lineDepth(l []byte, fence *byte) int {
	depth, col, i := 0, 0, 0
	indent := 0
	for i < len(l) {
		switch c := l[i]; {
		case c == ' ':
			col++
			i++
			continue
		case c == '\t':
			col += 4 - col%4
			i++
			continue
		case (c == '`' || c == '~') && i+2 < len(l) && l[i+1] == c && l[i+2] == c:
			if *fence == 0 {
				*fence = c
			} else if *fence == c {
				*fence = 0
			}
			return 0
		case *fence != 0:
			return 0
		case c == '>':
			depth++
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t'):
			depth++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j < len(l) && (l[j] == '.' || l[j] == ')') && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t') {
				depth++
				i = j + 1
			} else {
				return depth + indent
			}
		default:
			return depth + indent
		}
		if depth == 1 {
			indent = col / 2 // the indentation before the first marker
		}
		if depth+indent > MaxNesting {
			return depth + indent
		}
	}
	return depth + indent
}
