package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

type linkAt struct {
	dest      string
	line, col int
}

func linkPositions(t *testing.T, src string) []linkAt {
	t.Helper()
	var got []linkAt
	_, err := New(Options{}).Render([]byte(src), func(dest string, image bool, line, col int) string {
		got = append(got, linkAt{dest, line, col})
		return dest
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestLinkPositions(t *testing.T) {
	src := "第一行[甲](a.md)和[乙](b.md)。\n\n- 列表[丙](c.md) ![图](d.png)\n\n> 引用\n> 第二行 [丁](e.md)\n\n[戊](f.md)"
	want := []linkAt{{"a.md", 1, 5}, {"b.md", 1, 15}, {"c.md", 3, 6}, {"d.png", 3, 17}, {"e.md", 6, 8}, {"f.md", 8, 2}}
	got := linkPositions(t, src)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("positions\n got %v\nwant %v", got, want)
	}
}

// TestManyLinksOnOneLine checks the positions of many links on one line
// (their columns were found by counting from the file's start for every
// link: 100,000 links took six minutes). It logs the time; it asserts
// none.
func TestManyLinksOnOneLine(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	var b strings.Builder
	b.WriteString("开头\n")
	for i := range n {
		fmt.Fprintf(&b, "链[%d](p%d.md) ", i, i)
	}
	start := time.Now()
	got := linkPositions(t, b.String())
	t.Logf("%d links on one line: %v", n, time.Since(start))
	if len(got) != n {
		t.Fatalf("%d links found", len(got))
	}
	col := 3 // just inside the first "["
	for i, l := range got {
		if l.line != 2 || l.col != col {
			t.Fatalf("link %d at %d:%d, want 2:%d", i, l.line, l.col, col)
		}
		col += len([]rune(fmt.Sprintf("链[%d](p%d.md) ", i, i)))
	}
}
