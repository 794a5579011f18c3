// Package markdown renders page bodies with goldmark: GFM, footnotes, CJK
// line breaks, heading IDs that work for Chinese, link resolution, a table
// of contents and a summary.
package markdown

import (
	"bufio"
	"bytes"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"gongkai/generator/markup"
)

// Options configure a Renderer.
type Options struct {
	UnsafeHTML    bool // pass raw HTML through instead of escaping it
	SummaryLength int  // in characters; 0 means 120
}

// Renderer converts Markdown to HTML. It is safe for concurrent use.
type Renderer struct {
	md      goldmark.Markdown
	summary int
	unsafe  bool
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Result is a rendered page body.
type Result struct {
	HTML      []byte
	TOC       []Heading // h2 and h3
	Summary   string    // plain text, cut at a sentence end where possible
	Truncated bool      // the summary is shorter than the text
	Text      string    // all readable text, blocks on lines of their own (for search)
}

// LinkResolver rewrites a link or image destination found at line and col
// (1-based, in the body; col 0 if unknown) and may record problems with it.
// It returns the destination to render.
type LinkResolver func(dest string, image bool, line, col int) string

var resolverKey = parser.NewContextKey()

// New returns a Renderer.
func New(o Options) *Renderer {
	if o.SummaryLength <= 0 {
		o.SummaryLength = 120
	}
	var rendererOpts []renderer.Option
	var exts []goldmark.Extender
	exts = append(exts,
		extension.GFM,
		extension.Footnote,
		extension.NewCJK(extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft), extension.WithEscapedSpace()),
	)
	if o.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	} else {
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Renderer{md: md, summary: o.SummaryLength, unsafe: o.UnsafeHTML}
}

var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 8<<10) }}

// Render converts one page body. resolve may be nil.
func (r *Renderer) Render(src []byte, resolve LinkResolver) (Result, error) {
	if !utf8.Valid(src) {
		// goldmark's CJK line-break code panics on invalid UTF-8; content
		// is normalized before it gets here, so this only guards callers.
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	if err := checkNesting(src); err != nil {
		return Result{}, err
	}
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	if resolve != nil {
		ctx.Set(resolverKey, resolve)
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	// goldmark wraps a writer that is not buffered in a new 4 KB
	// bufio.Writer for every document; reuse one.
	bw := writers.Get().(*bufio.Writer)
	bw.Reset(&buf)
	err := r.md.Renderer().Render(bw, src, doc)
	if err == nil {
		err = bw.Flush()
	}
	bw.Reset(nil)
	writers.Put(bw)
	if err != nil {
		return Result{}, err
	}
	res := Result{HTML: buf.Bytes(), TOC: toc(doc, src)}
	if r.unsafe {
		// Raw HTML and autolinks pass through as written: a link that runs
		// code must still never render.
		res.HTML = markup.ScrubLinks(res.HTML)
	}
	// Only the start of the text is needed: at most 4 bytes a rune, and
	// room for the blanks Summarize folds.
	limit := 8 * (r.summary + 1)
	res.Text = plainText(doc, src, false, math.MaxInt)
	res.Summary, res.Truncated = Summarize(plainText(doc, src, true, limit), r.summary)
	if res.Summary == "" {
		res.Summary, res.Truncated = Summarize(res.Text, r.summary)
	}
	return res, nil
}

func toc(doc ast.Node, src []byte) []Heading {
	var out []Heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 3 {
			continue
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		out = append(out, Heading{Level: h.Level, ID: string(idb), Text: inlineText(h, src)})
	}
	return out
}
