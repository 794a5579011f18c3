package markup

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/tdewolff/parse/v2"
	xmllex "github.com/tdewolff/parse/v2/xml"
)

// Active is something in an SVG file that runs code, and the line it is
// on.
type Active struct {
	Line int
	What string // in Chinese, naming the element or attribute
}

// ActiveSVG lists what would run code in an SVG file opened on the
// portal's own origin: script elements, event-handler attributes
// (onclick, onload …) and attributes whose value is a javascript:,
// vbscript: or data: URL (a link's href, an animation's to="…"). A
// picture embedded as data:image/ in an <image> is allowed.
func ActiveSVG(b []byte) []Active {
	var out []Active
	l := xmllex.NewLexer(parse.NewInputBytes(b))
	line := 1
	var tag string
	for {
		tt, data := l.Next()
		if tt == xmllex.ErrorToken {
			return out
		}
		switch tt {
		case xmllex.StartTagToken:
			tag = strings.ToLower(localName(string(l.Text())))
			if tag == "script" {
				out = append(out, Active{line, "<script> 脚本"})
			}
		case xmllex.AttributeToken:
			key := strings.ToLower(string(l.Text()))
			val := html.UnescapeString(unquote(l.AttrVal()))
			switch {
			case strings.HasPrefix(localName(key), "on"):
				out = append(out, Active{line, fmt.Sprintf("事件属性 %s", key)})
			case DangerousURL(val) && !(tag == "image" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(val)), "data:image/") && !strings.Contains(strings.ToLower(val), "svg")):
				out = append(out, Active{line, fmt.Sprintf("%s 属性中的 %s 链接", key, scheme(val))})
			}
		}
		line += bytes.Count(data, []byte("\n"))
	}
}

func localName(n string) string {
	if i := strings.LastIndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// scheme returns a dangerous URL's scheme with its colon, as written
// without blanks.
func scheme(u string) string {
	s, _, _ := strings.Cut(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u), ":")
	return strings.ToLower(s) + ":"
}
