package publish

import (
	"bytes"
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
type Minifier struct{ m *minify.M }

// NewMinifier returns a Minifier for HTML, CSS, JS, JSON, SVG and XML.
func NewMinifier() *Minifier { return &Minifier{newM()} }

func newM() *minify.M {
	m := minify.New()
	// Document tags stay so <html lang> and <head> are explicit; everything
	// else the HTML standard lets us drop is dropped.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// Minify minifies data by the extension of name; other files pass through.
func (p *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		return data, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := p.m.Minify(mt, &buf, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
