package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkTransformer hands every link and image destination to the page's
// LinkResolver and drops destinations with a scheme that runs code.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	resolve, _ := pc.Get(resolverKey).(LinkResolver)
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = fix(l.Destination, false, resolve, line(n, src))
		case *ast.Image:
			l.Destination = fix(l.Destination, true, resolve, line(n, src))
		}
		return ast.WalkContinue, nil
	})
}

func fix(dest []byte, image bool, resolve LinkResolver, line int) []byte {
	d := string(dest)
	if Dangerous(d) && !(image && strings.HasPrefix(strings.ToLower(d), "data:image/")) {
		return nil
	}
	if resolve != nil {
		d = resolve(d, image, line)
	}
	return []byte(d)
}

// Dangerous reports whether a URL has a scheme that runs code or embeds a
// document: javascript:, vbscript:, data: and file:. Browsers ignore
// whitespace and control characters inside the scheme, so do we.
func Dangerous(u string) bool {
	var b strings.Builder
	for _, r := range u {
		if r <= ' ' {
			continue
		}
		if r == ':' {
			break
		}
		b.WriteRune(r)
		if b.Len() > 12 {
			return false
		}
	}
	if !strings.Contains(u, ":") {
		return false
	}
	switch strings.ToLower(b.String()) {
	case "javascript", "vbscript", "data", "file":
		return true
	}
	return false
}

// line finds the 1-based line of an inline node from its first text
// segment, or from its block's first line.
func line(n ast.Node, src []byte) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return 1 + bytes.Count(src[:t.Segment.Start], []byte("\n"))
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return 1 + bytes.Count(src[:p.Lines().At(0).Start], []byte("\n"))
		}
	}
	return 1
}
