package markdown

import (
	"html"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"

	"gongkai/generator/markup"
)

// TestUnsafeCases renders testdata/unsafe.txt with raw HTML on.
func TestUnsafeCases(t *testing.T) {
	r := New(Options{UnsafeHTML: true})
	for _, c := range readCaseFile(t, "testdata/unsafe.txt") {
		t.Run(c.name, func(t *testing.T) {
			res, err := r.Render([]byte(c.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.HTML) != c.html {
				t.Errorf("got\n%s\nwant\n%s", res.HTML, c.html)
			}
		})
	}
}

// FuzzRenderUnsafe renders anything with raw HTML on: no attribute a
// browser follows as a link may run code. Seeded from testdata/unsafe.txt.
func FuzzRenderUnsafe(f *testing.F) {
	for _, c := range readCaseFile(f, "testdata/unsafe.txt") {
		f.Add(c.src)
	}
	r := New(Options{UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, src string) {
		res, err := r.Render([]byte(src), nil)
		if err != nil {
			return
		}
		l := htmllex.NewLexer(parse.NewInputBytes(res.HTML))
		for {
			tt, _ := l.Next()
			if tt == htmllex.ErrorToken {
				return
			}
			if tt != htmllex.AttributeToken {
				continue
			}
			key := strings.ToLower(string(l.AttrKey()))
			val := strings.Trim(string(l.AttrVal()), `"'`)
			if (key == "href" || key == "action" || key == "formaction") && markup.DangerousURL(html.UnescapeString(val)) {
				t.Fatalf("%s=%q rendered from %q:\n%s", key, val, src, res.HTML)
			}
		}
	})
}

// TestDangerousNotResolved: a link that runs code is dropped before the
// page's resolver sees it, which once reported java&#x09;script:… as a
// missing attachment "java&".
func TestDangerousNotResolved(t *testing.T) {
	r := New(Options{})
	_, err := r.Render([]byte("[点我](java&#x09;script:alert(1))"), func(d string, _ bool, _, _ int) string {
		t.Errorf("resolver called with %q", d)
		return d
	})
	if err != nil {
		t.Fatal(err)
	}
}
