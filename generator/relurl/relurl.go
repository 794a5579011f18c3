// Package relurl rewrites the site-absolute links of a rendered page into
// links relative to that page, so that the site works opened from file://
// (a file share, a USB stick for an offline 展板) and served from any
// sub-path. Directory links name their index.html, as file:// needs.
package relurl

import (
	"bytes"
	"path"
	"strings"
)

// Rewrite returns html with every link to a path under basePath ("/" or
// "/portal/") made relative to the page at pageURL (a site path such as
// "/notices/plan/" or "/404.html", without basePath). Links to other
// sites, fragments and relative links are left as they are.
//
// A link is the value of an href, src or action attribute after white
// space, quoted or, as the minifier leaves it when it can, unquoted (the
// regular expression \s(?:href|src|action)=(?:"[^"]*"|'[^']*'|[^\s"'>]+),
// which this scan matches exactly: with relative links the default, every
// page passes through here, and the regular expression took a quarter of
// a cold build).
func Rewrite(html []byte, pageURL, basePath string) []byte {
	dir := path.Dir(strings.TrimPrefix(fileOf(pageURL), "/"))
	var out []byte
	last := 0
	for i := 0; i < len(html); {
		j := bytes.IndexByte(html[i:], '=')
		if j < 0 {
			break
		}
		eq := i + j
		i = eq + 1
		if !linkAttr(html[:eq]) || eq+1 >= len(html) {
			continue
		}
		vs := eq + 1
		var val []byte
		var quote byte
		end := vs
		switch c := html[vs]; c {
		case '"', '\'':
			k := bytes.IndexByte(html[vs+1:], c)
			if k < 0 {
				continue
			}
			quote, val, end = c, html[vs+1:vs+1+k], vs+k+2
		default:
			for end < len(html) && !space(html[end]) && html[end] != '"' && html[end] != '\'' && html[end] != '>' {
				end++
			}
			if end == vs {
				continue
			}
			val = html[vs:end]
		}
		i = end
		rel, ok := Relative(string(val), dir, basePath)
		if !ok {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(html)+len(html)/8)
		}
		if quote == 0 {
			quote = '"'
		}
		out = append(out, html[last:vs]...)
		out = append(out, quote)
		out = append(out, rel...)
		out = append(out, quote)
		last = end
	}
	if out == nil {
		return html
	}
	return append(out, html[last:]...)
}

// linkAttr reports whether b ends with white space and the name of an
// attribute that holds a URL.
func linkAttr(b []byte) bool {
	for _, name := range [...]string{"href", "src", "action"} {
		n := len(name)
		if len(b) > n && string(b[len(b)-n:]) == name && space(b[len(b)-n-1]) {
			return true
		}
	}
	return false
}

// space is the white space of \s in Go's regular expressions.
func space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// Relative turns a link into one relative to dir (a slash path inside the
// site, "." for its root); ok is false when the link is not a site path.
// The link may carry HTML character references (&amp;) as in markup.
func Relative(link, dir, basePath string) (string, bool) {
	if !strings.HasPrefix(link, basePath) || strings.HasPrefix(link, "//") {
		return "", false
	}
	p := "/" + strings.TrimPrefix(link, basePath)
	suffix := ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, suffix = p[:i], p[i:]
	}
	target := strings.TrimPrefix(fileOf(p), "/")
	rel := relPath(dir, target)
	return rel + suffix, true
}

// fileOf names the file a site path is served from.
func fileOf(p string) string {
	if strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// relPath is the path from directory dir to file target, both slash
// paths relative to the site root.
func relPath(dir, target string) string {
	if dir == "." || dir == "" {
		return target
	}
	from := strings.Split(dir, "/")
	to := strings.Split(target, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	var b strings.Builder
	for range from[i:] {
		b.WriteString("../")
	}
	b.WriteString(strings.Join(to[i:], "/"))
	return b.String()
}
