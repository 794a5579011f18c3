package publish

import "testing"

func TestMinifyTemplateAndFragment(t *testing.T) {
	m := NewMinifier()
	tests := []struct {
		name string
		f    func([]byte) ([]byte, error)
		in   string
		want string
	}{
		// Actions stay as written, even inside attributes and between
		// elements whose end tags may go.
		{"template", m.Template,
			"<ul class=\"items\">\n  {{- range .}}\n  <li><a href=\"{{relURL .URL}}\">{{.Title}}</a> {{.Name}}</li>\n  {{- end}}\n</ul>\n",
			"<ul class=items>{{- range .}}<li><a href=\"{{relURL .URL}}\">{{.Title}}</a> {{.Name}}</li>{{- end}}</ul>"},
		// Comments go, even with an apostrophe (which the minifier would
		// take for the start of a string).
		{"comment", m.Template,
			"{{/* One target's marks. */}}\n<tr><th scope=\"row\">{{.Name}}</th></tr>\n{{- /* trimmed */ -}}\n<p>x</p>",
			"<tr><th scope=row>{{.Name}}</th></tr><p>x</p>"},
		// A partial ending in </p> may be followed by anything: it stays.
		{"end tags", m.Template, "<p>{{.}}</p>\n", "<p>{{.}}</p>"},
		// A fragment keeps its end tags: the page around it is unknown.
		{"fragment", m.Fragment,
			"<p>第一段</p>\n<ul>\n<li>一</li>\n</ul>\n<p>第二段 <em>强调</em></p>\n",
			"<p>第一段</p><ul><li>一</li></ul><p>第二段 <em>强调</em></p>"},
	}
	for _, tt := range tests {
		got, err := tt.f([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
