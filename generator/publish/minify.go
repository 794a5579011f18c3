package publish

import (
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// mediaTypes maps the extensions gongkai minifies to media types.
var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "text/xml",
}

// Minifier minifies output files by extension. It is safe for concurrent
// use.
type Minifier struct{ m, tpl, frag *minify.M }

// NewMinifier returns a Minifier for HTML, CSS, JS, JSON, SVG and XML.
func NewMinifier() *Minifier {
	// Templates keep their end tags too: a partial or a block does not know
	// what follows it in the page, so a </p> or </li> may not be implied.
	tpl := htmlOptions
	tpl.TemplateDelims = html.GoTemplateDelims
	tpl.KeepEndTags = true
	frag := htmlOptions
	frag.KeepEndTags = true
	return &Minifier{m: newM(), tpl: htmlOnly(&tpl), frag: htmlOnly(&frag)}
}

// htmlOptions: document tags stay so <html lang> and <head> are explicit;
// everything else the HTML standard lets us drop is dropped.
var htmlOptions = html.Minifier{KeepDocumentTags: true, KeepDefaultAttrVals: true}

func htmlOnly(o *html.Minifier) *minify.M {
	m := minify.New()
	m.Add("text/html", o)
	return m
}

func newM() *minify.M {
	m := minify.New()
	o := htmlOptions
	m.Add("text/html", &o)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// Minify minifies data by the extension of name; other files pass through.
// The minifier works in data's memory: data is overwritten.
func (p *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		return data, nil
	}
	// Bytes lets the lexer read data in place; a reader would be copied.
	out, err := p.m.Bytes(mt, data)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Template minifies the HTML of an html/template file, leaving its
// {{ actions }} as they are. A theme minified once at load renders pages
// that need no minifying.
// Template comments are removed first: the minifier reads an apostrophe in
// one as the start of a string and leaves the rest of the file as it is.
func (p *Minifier) Template(src []byte) ([]byte, error) {
	return run(p.tpl, templateComment.ReplaceAll(src, nil))
}

var templateComment = regexp.MustCompile(`(?s)\{\{-?\s*/\*.*?\*/\s*-?\}\}`)

// Fragment minifies a piece of HTML that goes inside a page, such as
// rendered Markdown. End tags stay: what follows the fragment in the page
// is not known here, so a </p> may not be implied. src is overwritten.
func (p *Minifier) Fragment(src []byte) ([]byte, error) { return run(p.frag, src) }

func run(m *minify.M, src []byte) ([]byte, error) {
	out, err := m.Bytes("text/html", src)
	if err != nil {
		return nil, err
	}
	return out, nil
}
