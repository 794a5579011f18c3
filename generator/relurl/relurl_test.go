package relurl

import (
	"bytes"
	"math/rand/v2"
	"path"
	"regexp"
	"strings"
	"testing"
)

func TestRewrite(t *testing.T) {
	tests := []struct {
		page, base, in, want string
	}{
		{"/", "/", `<a href="/notices/">通知</a>`, `<a href="notices/index.html">通知</a>`},
		{"/notices/plan/", "/", `<a href="/notices/">通知</a>`, `<a href="../index.html">通知</a>`},
		{"/notices/plan/", "/", `<a href="/">首页</a>`, `<a href="../../index.html">首页</a>`},
		{"/notices/plan/", "/", `<a href=/units/a/#h-cases>甲</a>`, `<a href="../../units/a/index.html#h-cases">甲</a>`},
		{"/notices/plan/", "/", `<link rel=stylesheet href="/assets/main.1a2b.css"><script src="/assets/main.js"></script>`, `<link rel=stylesheet href="../../assets/main.1a2b.css"><script src="../../assets/main.js"></script>`},
		{"/notices/plan/", "/", `<a href="/notices/plan/表格.xlsx">表</a>`, `<a href="表格.xlsx">表</a>`},
		{"/notices/plan/", "/", `<a href="/notices/plan/">本页</a>`, `<a href="index.html">本页</a>`},
		{"/units/a/", "/", `<a href="/units/b/atom.xml">订阅</a>`, `<a href="../b/atom.xml">订阅</a>`},
		{"/404.html", "/", `<a href="/">首页</a>`, `<a href="index.html">首页</a>`},
		{"/notices/", "/portal/", `<a href="/portal/cases/?year=2016">案例</a>`, `<a href="../cases/index.html?year=2016">案例</a>`},
		{"/notices/", "/portal/", `<a href="/other/">别的站</a>`, `<a href="/other/">别的站</a>`},
		{"/notices/", "/", `<a href="https://gonghui.example.org/notices/">绝对</a><a href="//cdn.example/x.js">x</a><a href=#main>跳</a><a href="tel:051265223456">电话</a>`, `<a href="https://gonghui.example.org/notices/">绝对</a><a href="//cdn.example/x.js">x</a><a href=#main>跳</a><a href="tel:051265223456">电话</a>`},
		{"/notices/", "/", `<link rel=canonical href="https://gonghui.example.org/notices/"><meta name=x content="/notices/">`, `<link rel=canonical href="https://gonghui.example.org/notices/"><meta name=x content="/notices/">`},
	}
	for _, tt := range tests {
		if got := string(Rewrite([]byte(tt.in), tt.page, tt.base)); got != tt.want {
			t.Errorf("Rewrite(%s on %s)\n got %s\nwant %s", tt.in, tt.page, got, tt.want)
		}
	}
}

// reference is Rewrite as it was written first, with the regular
// expression the scan must match exactly.
func reference(html []byte, pageURL, basePath string) []byte {
	dir := path.Dir(strings.TrimPrefix(fileOf(pageURL), "/"))
	attr := regexp.MustCompile(`\s(?:href|src|action)=(?:"[^"]*"|'[^']*'|[^\s"'>]+)`)
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

// TestRewriteMatchesTheExpression compares the scan with the regular
// expression on random markup made of the pieces that matter.
func TestRewriteMatchesTheExpression(t *testing.T) {
	pieces := []string{" ", "\t", "\n", "=", `"`, "'", ">", "<a", "href", "src", "action", "xhref", "/", "/notices/", "/portal/x/", "#top", "?q=1", "a", "通知", "//cdn/", "https://e.org/"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		for _, base := range []string{"/", "/portal/"} {
			if got, want := string(Rewrite([]byte(in), "/notices/plan/", base)), string(reference([]byte(in), "/notices/plan/", base)); got != want {
				t.Fatalf("%q (base %s):\n got %q\nwant %q", in, base, got, want)
			}
		}
	}
}

func FuzzRewrite(f *testing.F) {
	f.Add(`<a href="/notices/">x</a><img src=/a.png>`)
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := string(Rewrite([]byte(in), "/units/a/", "/")), string(reference([]byte(in), "/units/a/", "/")); got != want {
			t.Fatalf("%q:\n got %q\nwant %q", in, got, want)
		}
	})
}
