package markdown

import (
	"strconv"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading IDs that keep Chinese characters, so that
// "一、指导思想" becomes "一指导思想" rather than goldmark's "heading".
// IDs are unique within a page: a repeat gets "-1", "-2" appended.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Slug turns heading text into an ID fragment.
func Slug(s []byte) string {
	out := make([]rune, 0, len(s))
	dash := false
	for _, r := range string(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && len(out) > 0 {
				out = append(out, '-')
			}
			dash = false
			out = append(out, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_' || r == '.':
			dash = true
		}
	}
	if len(out) == 0 {
		return "section"
	}
	return string(out)
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(value)
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
