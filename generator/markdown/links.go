package markdown

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"gongkai/generator/markup"
)

// linkTransformer hands every link and image destination to the page's
// LinkResolver and drops destinations with a scheme that runs code.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	resolve, _ := pc.Get(resolverKey).(LinkResolver)
	loc := &locator{src: reader.Source()}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			ln, col := loc.position(n)
			l.Destination = fix(l.Destination, false, resolve, ln, col)
		case *ast.Image:
			ln, col := loc.position(n)
			l.Destination = fix(l.Destination, true, resolve, ln, col)
		}
		return ast.WalkContinue, nil
	})
}

func fix(dest []byte, image bool, resolve LinkResolver, line, col int) []byte {
	d := string(dest)
	if Dangerous(d) && !(image && strings.HasPrefix(strings.ToLower(d), "data:image/")) {
		return nil
	}
	if resolve != nil {
		d = resolve(d, image, line, col)
	}
	return []byte(d)
}

// Dangerous reports whether a URL has a scheme that runs code or embeds a
// document; see markup.DangerousURL. A Markdown destination keeps its
// character references (java&#x09;script:), which the browser resolves.
func Dangerous(u string) bool {
	return markup.DangerousURL(u) || strings.Contains(u, "&") && markup.DangerousURL(html.UnescapeString(u))
}

// locator finds the 1-based line and column (in characters) of inline
// nodes in src, in time linear in src over a whole document: line starts
// are found once, and a column is counted on from the last position
// asked for when it is on the same line further on (the walk visits
// links in order). Counting from the file's start for every link took
// six minutes for 100,000 links on one line.
type locator struct {
	src        []byte
	starts     []int // offset of each line's first byte
	off        int   // the last position asked for …
	line, col  int   // … and its line and column
	haveMemory bool
}

// position returns the line and column of an inline node: the start of
// its text, just inside the link's "[".
func (l *locator) position(n ast.Node) (line, col int) {
	at := -1
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			at = t.Segment.Start
			break
		}
	}
	if at < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				at = p.Lines().At(0).Start
				break
			}
		}
	}
	if at < 0 || at > len(l.src) {
		return 1, 0
	}
	if l.starts == nil {
		l.starts = append(l.starts, 0)
		for i, b := range l.src {
			if b == '\n' {
				l.starts = append(l.starts, i+1)
			}
		}
	}
	// The line holding at: the last start at or before it.
	i, _ := slices.BinarySearch(l.starts, at+1)
	line = i
	start := l.starts[i-1]
	if l.haveMemory && l.line == line && l.off <= at {
		col = l.col + utf8.RuneCount(l.src[l.off:at])
	} else {
		col = utf8.RuneCount(l.src[start:at]) + 1
	}
	l.off, l.line, l.col, l.haveMemory = at, line, col, true
	return line, col
}
