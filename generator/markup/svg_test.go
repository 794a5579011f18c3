package markup

import (
	"reflect"
	"testing"
)

var svgCases = []struct {
	name, svg string
	want      []Active
}{
	{"clean", `<svg xmlns="http://www.w3.org/2000/svg"><a href="/units/"><circle r="3" fill="red"/></a><image href="data:image/png;base64,AAAA"/></svg>`, nil},
	{"script", "<svg>\n<script>alert(1)</script></svg>", []Active{{2, "<script> 脚本"}}},
	{"namespaced script", `<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>x</svg:script></svg:svg>`, []Active{{1, "<script> 脚本"}}},
	{"event handlers", "<svg onload=\"x()\">\n\n<rect ONCLICK='y()'/></svg>", []Active{{1, "事件属性 onload"}, {3, "事件属性 onclick"}}},
	{"javascript link", `<svg><a xlink:href="java&#x09;script:alert(1)"><text>t</text></a></svg>`, []Active{{1, "xlink:href 属性中的 javascript: 链接"}}},
	{"animated href", `<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>`, []Active{{1, "to 属性中的 javascript: 链接"}}},
	{"svg in data image", `<svg><image href="data:image/svg+xml;base64,AAAA"/></svg>`, []Active{{1, "href 属性中的 data: 链接"}}},
}

func TestActiveSVG(t *testing.T) {
	for _, c := range svgCases {
		t.Run(c.name, func(t *testing.T) {
			if got := ActiveSVG([]byte(c.svg)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// FuzzActiveSVG: any bytes; a file with <script inside is never clean.
func FuzzActiveSVG(f *testing.F) {
	for _, c := range svgCases {
		f.Add(c.svg)
	}
	f.Fuzz(func(t *testing.T, svg string) {
		ActiveSVG([]byte(svg))
	})
}
