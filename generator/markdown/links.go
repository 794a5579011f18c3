package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

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
			ln, col := position(n, src)
			l.Destination = fix(l.Destination, false, resolve, ln, col)
		case *ast.Image:
			ln, col := position(n, src)
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

// position finds the 1-based line and column (in characters) of an inline
// node: the start of its text, just inside the link's "[".
func position(n ast.Node, src []byte) (line, col int) {
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
	if at < 0 {
		return 1, 0
	}
	before := src[:at]
	nl := bytes.LastIndexByte(before, '\n')
	return 1 + bytes.Count(before, []byte("\n")), utf8.RuneCount(before[nl+1:]) + 1
}
