package record

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

func sample(t *testing.T) (Log, []byte) {
	t.Helper()
	var l Log
	var all []byte
	for i, news := range [][]Entry{
		{{Date: "2026-12-01T09:00:00+08:00", URL: "/b/", Kind: Published, Hash: Sum([]byte("b"))},
			{Date: "2026-12-01T09:00:00+08:00", URL: "/a/", Kind: Published, Hash: Sum([]byte("a"))}},
		{{Date: "2026-12-02T09:00:00+08:00", URL: "/a/", Kind: Changed, Hash: Sum([]byte("a2")), Reason: "更正金额 <12> & \"万元\""}},
		{{Date: "2026-12-03T09:00:00+08:00", URL: "/b/", Kind: Withdrawn, Reason: "公示期满"}},
	} {
		var lines []byte
		l, lines = l.Append(news)
		all = append(all, lines...)
		if i == 0 && l.Entries[0].URL != "/a/" {
			t.Fatalf("entries of one build not in URL order: %+v", l.Entries)
		}
	}
	return l, all
}

func TestChain(t *testing.T) {
	l, data := sample(t)
	if !bytes.Equal(l.Encode(), data) {
		t.Fatalf("Encode differs from the lines appended")
	}
	got, err := Parse(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")))
	if err != nil || len(got.Entries) != 4 {
		t.Fatalf("CRLF copy: %v, %d entries", err, len(got.Entries))
	}
	if !bytes.Equal(got.Encode(), data) {
		t.Errorf("a CRLF copy encodes differently")
	}
	lines := strings.SplitAfter(string(data), "\n")
	for _, c := range []struct {
		name string
		data string
		line int
	}{
		{"rewritten reason", strings.Replace(string(data), "更正金额", "更正", 1), 3},
		{"rewritten hash", strings.Replace(string(data), l.Entries[1].Hash, Sum([]byte("x")), 1), 2},
		{"removed entry", lines[0] + lines[2] + lines[3], 2},
		{"swapped entries", lines[1] + lines[0] + lines[2] + lines[3], 1},
		{"cut line", string(data[:len(data)-20]), 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data))
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Line != c.line {
				t.Fatalf("got %v, want a chain error at line %d", err, c.line)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	l, data := sample(t)
	page := func(body string) []byte { return []byte("<main><h1>t</h1>" + Mark(body) + "<ol>历史</ol></main>") }
	files := map[string][]byte{"/" + File: data, "/a/index.html": page("a2")}
	get := func(name string) ([]byte, error) {
		if b, ok := files[name]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	rep, err := Verify(get)
	if err != nil || !rep.OK() || rep.Pages != 2 {
		t.Fatalf("intact copy: %v %+v", err, rep)
	}
	files["/a/index.html"] = page("a3")
	if rep, _ := Verify(get); len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "/a/：正文与修订记录第 3 条") {
		t.Errorf("tampered page: %+v", rep)
	}
	files["/a/index.html"] = page("a2")
	files["/b/index.html"] = page("b")
	if rep, _ := Verify(get); len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "撤下") {
		t.Errorf("withdrawn page back: %+v", rep)
	}
	delete(files, "/b/index.html")
	files["/"+File] = bytes.Replace(data, []byte("公示期满"), []byte("错误"), 1)
	if rep, _ := Verify(get); len(rep.Problems) == 0 || !strings.Contains(rep.Problems[0], "第 4 行（第 4 条记录）") {
		t.Errorf("tampered entry: %+v", rep)
	}
	_ = l
}

// TestParseAfter reads a log in two steps, as a build that kept the first
// part does: the result is the log read whole, the second step checks the
// chain across the join, and an error names the file's line.
func TestParseAfter(t *testing.T) {
	_, data := sample(t)
	cut := bytes.Index(data, []byte("\n")) + 1
	cut += bytes.Index(data[cut:], []byte("\n")) + 1 // two lines
	first, err := Parse(data[:cut])
	if err != nil || len(first.Entries) != 2 || first.Size() != cut {
		t.Fatalf("first part: %v, %d entries, size %d of %d", err, len(first.Entries), first.Size(), cut)
	}
	whole, _ := Parse(data)
	got, err := ParseAfter(data, first)
	if err != nil || fmt.Sprint(got.Entries) != fmt.Sprint(whole.Entries) || !bytes.Equal(got.Encode(), data) || got.Size() != len(data) {
		t.Fatalf("in two steps: %v\n%+v\nwant %+v", err, got.Entries, whole.Entries)
	}
	// The first part is not parsed again, on the caller's word (a build
	// gives it with a digest of the bytes); a wrong word gives an error,
	// not a wrong log.
	if got, err := ParseAfter(append([]byte("\n\n"), data...), first); err == nil {
		t.Fatalf("a log whose start moved was read as going on: %d entries", len(got.Entries))
	}
	// A line after the join that does not chain is refused at its line.
	bad := append(append([]byte(nil), data[:cut]...), "\n"...)
	bad = append(bad, data[bytes.LastIndex(data[:len(data)-1], []byte("\n"))+1:]...)
	_, err = ParseAfter(bad, first)
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Line != 4 || !strings.Contains(ce.Msg, "序号应为 3") {
		t.Fatalf("a gap after the join: %v", err)
	}
	// Restore gives back the first part from its entries and bytes.
	r, ok := Restore(data, first.Entries, first.Size())
	if !ok || !bytes.Equal(r.Encode(), data[:cut]) {
		t.Fatalf("Restore: %v %q", ok, r.Encode())
	}
	if _, ok := Restore(data, first.Entries[:1], first.Size()); ok {
		t.Fatalf("Restore believed a count that does not match the lines")
	}
	// A file with a byte order mark and CRLF line ends (a Windows editor)
	// reads the same in two steps; sizes count the file's own bytes.
	win := append([]byte("\ufeff"), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))...)
	winCut := len("\ufeff") + cut + 2
	part, err := Parse(win[:winCut])
	if err != nil || part.Size() != winCut {
		t.Fatalf("BOM and CRLF, first part: %v, size %d of %d", err, part.Size(), winCut)
	}
	if got, err := ParseAfter(win, part); err != nil || fmt.Sprint(got.Entries) != fmt.Sprint(whole.Entries) {
		t.Fatalf("BOM and CRLF in two steps: %v", err)
	}
	if r, ok := Restore(win, part.Entries, part.Size()); !ok || len(r.lines) != 2 {
		t.Fatalf("Restore with a BOM: %v", ok)
	}
	w, out := got.Written()
	if w.Size() != len(out) {
		t.Fatalf("Written: size %d of %d", w.Size(), len(out))
	}
}
