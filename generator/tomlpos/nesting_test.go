package tomlpos

import (
	"strings"
	"testing"
	"time"
)

func TestNesting(t *testing.T) {
	deep := func(n int) string { return "x = " + strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n) }
	for _, c := range []struct {
		name, text string
		line, col  int
	}{
		{"at the bound", "x = " + strings.Repeat("[", 32) + strings.Repeat("]", 32), 0, 0},
		{"one past", "x = " + strings.Repeat("[", 33) + strings.Repeat("]", 33), 1, 37},
		{"headers and arrays", "[[a]]\nb = [[1], [2]]\n[c.d]\n", 0, 0},
		{"brackets in strings", `t = "` + strings.Repeat("[{", 40) + `"` + "\nu = '" + strings.Repeat("[", 40) + "'", 0, 0},
		{"brackets in a comment", "# " + strings.Repeat("[", 40) + "\nx = 1", 0, 0},
		{"brackets in multi-line strings", "s = \"\"\"\n" + strings.Repeat("[", 40) + "\n\"\"\"\"\nl = '''" + strings.Repeat("{", 40) + "'''", 0, 0},
		{"escaped quote", `s = "\"` + strings.Repeat("[", 40) + `"`, 0, 0},
		{"after a multi-line string", "s = '''\n\n'''\n" + deep(33), 4, 165},
		{"unclosed string", `s = "` + strings.Repeat("[", 40) + "\n" + deep(40), 2, 165},
	} {
		t.Run(c.name, func(t *testing.T) {
			line, col := tooDeep(c.text)
			if line != c.line || col != c.col {
				t.Errorf("tooDeep = %d:%d, want %d:%d", line, col, c.line, c.col)
			}
		})
	}
}

// TestDeepNestingIsQuick decodes 20,000 levels, which took the TOML
// parser over two minutes and 11 GB.
func TestDeepNestingIsQuick(t *testing.T) {
	text := "title = \"x\"\nx = " + strings.Repeat("{a = ", 20000) + "1" + strings.Repeat("}", 20000)
	start := time.Now()
	var p page
	errs := Decode(Source{File: "config.toml", Text: text, Line: 1}, &p)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if want := "config.toml:2:165: 错误：数组或内联表套了超过 32 层"; len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) {
		t.Errorf("got %v, want %s", errs, want)
	}
}
