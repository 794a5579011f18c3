// Package markup finds what would run code in the HTML and SVG gongkai
// publishes: link targets with a javascript:, vbscript: or data: scheme,
// and scripts and event handlers in SVG files, which a browser runs on
// the portal's own origin when the file is opened.
package markup

import (
	"bytes"
	"html"
	"strings"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
	xmllex "github.com/tdewolff/parse/v2/xml"
)

// DangerousURL reports whether a URL has a scheme that runs code or embeds
// a document: javascript:, vbscript:, data: and file:. Browsers ignore
// white space and control characters inside the scheme, so do we.
func DangerousURL(u string) bool {
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

// urlAttrs are the attributes whose value a browser follows or loads as
// a URL.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true,
	"background": true, "cite": true, "data": true, "codebase": true, "ping": true, "lowsrc": true, "dynsrc": true,
}

// dangerousAttr reports whether attribute key="val" of tag (lower case)
// is a link that runs code. An image may embed a picture as data:image/.
func dangerousAttr(tag, key, val string) bool {
	if !urlAttrs[key] {
		return false
	}
	u := html.UnescapeString(val)
	if !DangerousURL(u) {
		return false
	}
	return !(tag == "img" && key == "src" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(u)), "data:image/"))
}

// ScrubLinks removes from HTML every URL attribute that runs code (an
// href of javascript:alert(1), written in any case or with character
// references inside the scheme), inside inline SVG and MathML too.
// Everything else is kept byte for byte. It returns b itself when there
// is nothing to remove.
func ScrubLinks(b []byte) []byte {
	if !mayHaveScheme(b) {
		return b
	}
	var out bytes.Buffer
	l := htmllex.NewLexer(parse.NewInputBytes(b))
	var tag string
	changed := false
	for {
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			if !changed {
				return b
			}
			return out.Bytes()
		case htmllex.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
		case htmllex.AttributeToken:
			if dangerousAttr(tag, strings.ToLower(string(l.AttrKey())), unquote(l.AttrVal())) {
				changed = true
				continue
			}
		case htmllex.SVGToken, htmllex.MathToken, htmllex.XMLToken:
			// The lexer hands the whole element over as one token.
			if scrubbed := scrubXML(data); len(scrubbed) != len(data) {
				data, changed = scrubbed, true
			}
		}
		out.Write(data)
	}
}

// scrubXML is ScrubLinks for XML (inline SVG and MathML).
func scrubXML(b []byte) []byte {
	var out bytes.Buffer
	l := xmllex.NewLexer(parse.NewInputBytes(b))
	var tag string
	for {
		tt, data := l.Next()
		switch tt {
		case xmllex.ErrorToken:
			return out.Bytes()
		case xmllex.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
		case xmllex.AttributeToken:
			if dangerousAttr(tag, strings.ToLower(string(l.Text())), unquote(l.AttrVal())) {
				continue
			}
		}
		out.Write(data)
	}
}

// mayHaveScheme is a quick test that b has a colon at all: most pages
// have only relative links, or none.
func mayHaveScheme(b []byte) bool {
	return bytes.IndexByte(b, ':') >= 0 || bytes.Contains(b, []byte("&#")) || bytes.Contains(b, []byte("&colon"))
}

// unquote strips an attribute value's quotes. An unclosed one counts: the
// page around the body may close it.
func unquote(v []byte) string {
	if len(v) == 0 || v[0] != '"' && v[0] != '\'' {
		return string(v)
	}
	if len(v) >= 2 && v[len(v)-1] == v[0] {
		return string(v[1 : len(v)-1])
	}
	return string(v[1:])
}
