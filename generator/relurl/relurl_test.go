package relurl

import "testing"

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
