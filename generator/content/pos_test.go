package content

import "testing"

func TestPagePos(t *testing.T) {
	p := &Page{File: "content/units/a.md", Front: "title = \"甲\"\nmembers = 12\n\n[status.2015]\nmembers = 10\nworkers_home = \"qualified\"\n\n[status.2017]\nworkers_home = \"famous\"\n"}
	tests := []struct {
		path      []string
		line, col int
	}{
		{[]string{"title"}, 2, 9},
		{[]string{"members"}, 3, 11},
		{[]string{"workers_home"}, 2, 0}, // not a top-level key: the front matter
		{[]string{"status", "2015", "members"}, 6, 11},
		{[]string{"status", "2017", "workers_home"}, 10, 16},
		{[]string{"status", "2016"}, 2, 0},
	}
	for _, tt := range tests {
		got := p.Pos(tt.path...)
		if got.Line != tt.line || got.Col != tt.col {
			t.Errorf("Pos(%v) = %d:%d, want %d:%d", tt.path, got.Line, got.Col, tt.line, tt.col)
		}
	}
}
