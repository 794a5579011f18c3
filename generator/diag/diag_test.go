package diag

import (
	"errors"
	"testing"
)

func TestListSortAndErr(t *testing.T) {
	var l List
	l.Add(
		Errorf(Position{File: "b.md", Line: 2}, "", "second"),
		Errorf(Position{File: "a.md", Line: 9, Col: 3}, "改为 x", "first"),
		Warnf(Position{File: "a.md", Line: 1}, "", "just a warning"),
		nil,
	)
	err := l.Err()
	if err == nil {
		t.Fatal("want error")
	}
	var got List
	if !errors.As(err, &got) || len(got) != 2 {
		t.Fatalf("got %v", err)
	}
	want := "a.md:9:3: 错误：first\n    提示：改为 x\nb.md:2: 错误：second"
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
	var warnOnly List
	warnOnly.Add(Warnf(Position{File: "x"}, "", "w"))
	if warnOnly.Err() != nil {
		t.Error("warnings alone must not fail the build")
	}
}
