package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// plainText collects the readable text of a document, blocks separated by
// newlines, footnote markers and raw HTML left out. For a summary, headings,
// tables and code are left out too: a summary is prose. It stops once it
// has limit bytes.
func plainText(doc ast.Node, src []byte, summary bool, limit int) string {
	var b strings.Builder
	// The text is at most the source: one allocation, not a dozen
	// copies as it grows (a tenth of a second at 10,000 long pages).
	b.Grow(min(len(src), limit))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b.Len() >= limit {
			return ast.WalkStop, nil
		}
		if summary {
			switch n.(type) {
			case *ast.Heading, *east.Table, *ast.FencedCodeBlock, *ast.CodeBlock:
				return ast.WalkSkipChildren, nil
			}
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock, *east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() && !endsWithHan(&b) {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.CodeSpan:
			// children are Text nodes; handled above
		case *east.TableCell:
			if !entering {
				b.WriteByte(' ')
			}
		default:
			if n.Type() == ast.TypeBlock && !entering && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
		}
		if c, ok := n.(*ast.FencedCodeBlock); ok && entering {
			for i := 0; i < c.Lines().Len(); i++ {
				s := c.Lines().At(i)
				b.Write(s.Value(src))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func endsWithHan(b *strings.Builder) bool {
	r, _ := utf8.DecodeLastRuneInString(b.String())
	return r >= 0x2e80
}

func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// Summarize cuts text to about max characters (runes), ending at the last
// sentence end (。！？；) in the second half of the window when there is one,
// and reports whether it cut anything. Runs of white space become one
// space.
func Summarize(text string, max int) (string, bool) {
	var b strings.Builder
	b.Grow(min(len(text), 4*max+8))
	n, sentence, space := 0, -1, false
	cut := func() (string, bool) {
		if sentence >= 0 {
			return b.String()[:sentence], true
		}
		return strings.TrimRight(b.String(), " ，、：,;:") + "……", true
	}
	for _, r := range strings.TrimSpace(text) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			if n == max {
				return cut() // more text than fits
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		if n == max {
			return cut()
		}
		b.WriteRune(r)
		n++
		switch r {
		case '。', '！', '？', '；', '!', '?':
			if n >= max/2+1 {
				sentence = b.Len()
			}
		}
	}
	return b.String(), false
}

// escapedHTML renders raw HTML as visible text, so an author sees what was
// not allowed instead of losing it silently.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				_, _ = w.Write(util.EscapeHTML(s.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		_, _ = w.WriteString("<p>")
		for i := 0; i < b.Lines().Len(); i++ {
			s := b.Lines().At(i)
			_, _ = w.Write(util.EscapeHTML(s.Value(src)))
		}
		if b.HasClosure() {
			_, _ = w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
}
