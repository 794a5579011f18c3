// Package relurl rewrites the site-absolute links of a rendered page into
// links relative to that page, so that the site works opened from file://
// (a file share, a USB stick for an offline 展板) and served from any
// sub-path. Directory links name their index.html, as file:// needs.
package relurl

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// attr finds the attributes that hold a URL (href, src, action), with the
// value quoted or, as the minifier leaves it when it can, unquoted.
var attr = regexp.MustCompile(`\s(?:href|src|action)=(?:"[^"]*"|'[^']*'|[^\s"'>]+)`)

// Rewrite returns html with every link to a path under basePath ("/" or
// "/portal/") made relative to the page at pageURL (a site path such as
// "/notices/plan/" or "/404.html", without basePath). Links to other
// sites, fragments and relative links are left as they are.
func Rewrite(html []byte, pageURL, basePath string) []byte {
	dir := path.Dir(strings.TrimPrefix(fileOf(pageURL), "/"))
	return attr.ReplaceAllFunc(html, func(m []byte) []byte {
		eq := bytes.IndexByte(m, '=')
		name, val := m[:eq+1], m[eq+1:]
		quote := byte(0)
		if val[0] == '"' || val[0] == '\'' {
			quote, val = val[0], val[1:len(val)-1]
		}
		rel, ok := Relative(string(val), dir, basePath)
		if !ok {
			return m
		}
		out := append([]byte{}, name...)
		if quote == 0 {
			quote = '"'
		}
		out = append(out, quote)
		out = append(out, rel...)
		return append(out, quote)
	})
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
