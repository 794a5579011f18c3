package tomlpos

import "testing"

func TestPositions(t *testing.T) {
	src := `title = "示例"
[[districts]]
id = "gusu"
[[districts]]
id = "Bad ID"

[status.2015]
workers_home = "qualified"

[status.2017]
staff_congress = true
workers_home = "famous"
`
	p := Locate(Source{File: "x.toml", Text: src, Line: 2})
	tests := []struct {
		path []string
		line int
		col  int
	}{
		{[]string{"title"}, 2, 9},
		{[]string{"districts", "1", "id"}, 6, 6},
		{[]string{"status", "2015", "workers_home"}, 9, 16},
		{[]string{"status", "2017", "workers_home"}, 13, 16},
		{[]string{"status", "2017", "members"}, 11, 1}, // not written: its table
		{[]string{"nothing"}, 2, 0},
	}
	for _, tt := range tests {
		got := p.Value(tt.path...)
		if got.File != "x.toml" || got.Line != tt.line || got.Col != tt.col {
			t.Errorf("Value(%v) = %v, want line %d col %d", tt.path, got, tt.line, tt.col)
		}
	}
}
