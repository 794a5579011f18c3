package view

import (
	"testing"
	"time"
)

func TestSum(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	day := time.Date(2016, 4, 12, 0, 0, 0, 0, shanghai)
	base := func() *Page {
		return &Page{Kind: "unit", URL: "/units/a/", Title: "甲工会", Date: day,
			Unit: &Unit{Kind: "基层工会", Children: []UnitEntry{{Link: Link{Title: "乙", URL: "/units/b/"}, Descendants: 2}},
				Groups: []Group{{Category: "财务", Items: []*Item{{URL: "/d/1/", Title: "公示", Summary: "摘要"}}}}},
			Directory: &Directory{Groups: []DirectoryGroup{{Link: Link{Title: "姑苏区"}, Levels: []Level{{Name: "企业工会", Units: []UnitEntry{{Kind: "下级"}}}}}}},
		}
	}
	want := Sum(base())
	if Sum(base()) != want {
		t.Fatal("equal views hash differently")
	}
	tests := []struct {
		name   string
		change func(p *Page)
		same   bool
	}{
		{"title", func(p *Page) { p.Title = "甲工会（更名）" }, false},
		{"a child's count", func(p *Page) { p.Unit.Children[0].Descendants = 3 }, false},
		{"an item's summary", func(p *Page) { p.Unit.Groups[0].Items[0].Summary = "新摘要" }, false},
		{"a deep directory entry", func(p *Page) { p.Directory.Groups[0].Levels[0].Units[0].Kind = "别的" }, false},
		{"nil against empty pointer", func(p *Page) { p.Notice = &Notice{} }, false},
		{"the same instant in another zone", func(p *Page) { p.Date = day.UTC() }, false},
		{"a slice moved into the next field", func(p *Page) { p.Tags = []Link{{Title: "x"}} }, false},
		{"rendered content (stands as Digest)", func(p *Page) { p.Content = "<p>正文</p>"; p.Summary = "x" }, true},
		{"the same instant in the same zone", func(p *Page) { p.Date = day.In(shanghai) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(p)
			if got := Sum(p) == want; got != tt.same {
				t.Errorf("same hash = %v, want %v", got, tt.same)
			}
		})
	}
}

// TestSumMemo: a shared item is hashed once, so its summary must be set
// before the first hash (SetSummaries runs before late views are hashed).
func TestSumMemo(t *testing.T) {
	it := &Item{URL: "/a/", Summary: "一"}
	l1, l2 := &List{Items: []*Item{it}}, &List{Items: []*Item{it, it}}
	s1 := Sum(l1)
	if Sum(l1) != s1 || Sum(l2) == s1 {
		t.Error("memoized item hashes wrong")
	}
	if (&Item{URL: "/a/", Summary: "二"}).memo.sum != 0 || it.memo.sum == 0 {
		t.Error("item's hash not kept")
	}
}

func TestSumRefusesNonData(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a func in a view was accepted")
		}
	}()
	Sum(struct{ F func() }{})
}
