// Package record is the 修订记录: an append-only, hash-chained log of every
// publication, change and withdrawal of a page, kept with the sources and
// published with the site (the idea of Certificate Transparency, applied
// to 公示).
//
// The log is JSON Lines, one entry a line, in the order written:
//
//	{"seq":1,"date":"2026-12-03T17:40:00+08:00","url":"/notices/plan/","kind":"首次发布","hash":"sha256:…","reason":"","prev":"","entry":"sha256:…"}
//
// "entry" is always the last field, and it is the SHA-256 of the line as
// written up to it, closed with "}": a reader recomputes it with any tool
// by cutting the line at `,"entry":` and appending `}`. "prev" is the
// entry hash of the line before ("" on the first), so removing or
// rewriting any past line breaks the chain at the line after it.
//
// "hash" is the SHA-256 of the page's published main content: the bytes
// between the markers Begin and End in the published HTML file (see
// Region). A reader recomputes it from the published copy alone, and a
// change of theme, which leaves the content alone, adds nothing to the log.
package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// File is the log's name, at the site's root and at the published site's
// root. An ASCII name: zip tools on older Windows and git's quoted paths
// mangle Chinese file names.
const File = "revisions.jsonl"

// PageURL is the readable 修订记录 page of the published site.
const PageURL = "/revisions/"

// The kinds of entry.
const (
	Published   = "首次发布"
	Changed     = "修改"
	Withdrawn   = "撤下"
	Republished = "重新发布" // a URL published again after it was withdrawn
)

// The markers around a page's main content in its published HTML. HTML
// comments: they survive the theme's minification because the builder
// adds them around the rendered content, after the templates are minified.
const (
	Begin = "<!--gongkai:record-->"
	End   = "<!--/gongkai:record-->"
)

// Entry is one line of the log.
type Entry struct {
	Seq    int    `json:"seq"`
	Date   string `json:"date"` // RFC 3339, to the second, in the site's time zone
	URL    string `json:"url"`
	Kind   string `json:"kind"`
	Hash   string `json:"hash"` // "sha256:…" of the content; "" for 撤下
	Reason string `json:"reason"`
	Prev   string `json:"prev"`
	Entry  string `json:"entry"`
}

// Time returns the entry's date.
func (e Entry) Time() time.Time {
	t, _ := time.Parse(time.RFC3339, e.Date)
	return t
}

// Log is the log's entries in order.
type Log struct {
	Entries []Entry
	lines   [][]byte // each entry's line as written, without its line end
	size    int      // the bytes of the file read, a BOM included
	// lineCount is the lines read, blank ones included: errors after
	// them name the file's line.
	lineCount int
}

// Size returns how many bytes of the file (a BOM included) the log was
// read from: a reader that kept the log and a digest of those bytes can read
// only what was appended since (see ParseAfter).
func (l Log) Size() int { return l.size }

// Sum returns "sha256:" and the hex SHA-256 of data.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(s[:])
}

// Region returns the bytes between Begin and End in a published page, and
// whether the page has them.
func Region(html []byte) ([]byte, bool) {
	i := bytes.Index(html, []byte(Begin))
	if i < 0 {
		return nil, false
	}
	rest := html[i+len(Begin):]
	j := bytes.Index(rest, []byte(End))
	if j < 0 {
		return nil, false
	}
	return rest[:j], true
}

// Mark wraps a page's main content in the markers.
func Mark(content string) string { return Begin + content + End }

// ChainError is a line of the log that does not chain: rewritten,
// removed, reordered or damaged.
type ChainError struct {
	Line int // 1-based line of the file
	Seq  int // the entry's seq, 0 when the line is unreadable
	Msg  string
}

func (e *ChainError) Error() string {
	if e.Seq > 0 {
		return fmt.Sprintf("%s 第 %d 行（第 %d 条记录）：%s", File, e.Line, e.Seq, e.Msg)
	}
	return fmt.Sprintf("%s 第 %d 行：%s", File, e.Line, e.Msg)
}

// entryField is how the last field of every line starts.
const entryField = `,"entry":"`

// Parse reads a log and checks that it chains: every line is an entry,
// numbered from 1 without gaps, naming the entry before it, with the
// entry hash of its own text. The first line that does not is returned
// as a *ChainError, with the entries before it.
func Parse(data []byte) (Log, error) { return ParseAfter(data, Log{}) }

// ParseAfter reads a log of which known is the beginning, already read and
// checked: only the lines after known.Size() bytes are parsed and checked,
// chained to known's last entry. The caller vouches that data starts with
// the bytes known was read from (a build keeps a digest of them).
func ParseAfter(data []byte, known Log) (Log, error) {
	l := Log{Entries: known.Entries[:len(known.Entries):len(known.Entries)], lines: known.lines[:len(known.lines):len(known.lines)],
		size: known.size, lineCount: known.lineCount}
	if known.size == 0 || known.size > len(data) {
		l = Log{size: bomLen(data)}
	}
	prev := l.Head().Entry
	for raw := range bytes.Lines(data[l.size:]) {
		l.size += len(raw)
		l.lineCount++
		at := l.lineCount
		line := lineOf(raw)
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		fail := func(seq int, format string, args ...any) (Log, error) {
			return l, &ChainError{Line: at, Seq: seq, Msg: fmt.Sprintf(format, args...)}
		}
		var e Entry
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return fail(0, "不是一条完整的记录（%v）", err)
		}
		want := len(l.Entries) + 1
		switch {
		case e.Seq != want:
			return fail(e.Seq, "序号应为 %d：记录被删除、插入或调换了顺序", want)
		case e.Prev != prev:
			return fail(e.Seq, "prev 与上一条记录的 entry 不符：上一条记录被改写或删除了")
		case e.Entry != lineSum(line):
			return fail(e.Seq, "entry 与这一行的内容不符：这条记录被改写了")
		case e.Time().IsZero():
			return fail(e.Seq, "日期 %q 不是 RFC 3339 格式", e.Date)
		}
		switch e.Kind {
		case Published, Changed, Withdrawn, Republished:
		default:
			return fail(e.Seq, "未知的类型 %q", e.Kind)
		}
		prev = e.Entry
		l.Entries = append(l.Entries, e)
		l.lines = append(l.lines, line)
	}
	return l, nil
}

// lineSum is the entry hash of a line: the SHA-256 of the line up to its
// entry field, closed with "}". A line without one gets "".
func lineSum(line []byte) string {
	i := bytes.LastIndex(line, []byte(entryField))
	if i < 0 {
		return ""
	}
	return Sum(append(bytes.Clone(line[:i]), '}'))
}

// Head returns the last entry, or a zero Entry for an empty log.
func (l Log) Head() Entry {
	if len(l.Entries) == 0 {
		return Entry{}
	}
	return l.Entries[len(l.Entries)-1]
}

// Latest returns the last entry of every URL.
func (l Log) Latest() map[string]Entry {
	m := make(map[string]Entry, len(l.Entries))
	for _, e := range l.Entries {
		m[e.URL] = e
	}
	return m
}

// ByURL returns every URL's entries, oldest first.
func (l Log) ByURL() map[string][]Entry {
	m := make(map[string][]Entry)
	for _, e := range l.Entries {
		m[e.URL] = append(m[e.URL], e)
	}
	return m
}

// HasPrefix reports whether p's entries are the first entries of l.
func (l Log) HasPrefix(p Log) bool {
	if len(p.Entries) > len(l.Entries) {
		return false
	}
	for i, e := range p.Entries {
		if l.Entries[i].Entry != e.Entry {
			return false
		}
	}
	return true
}

// Page is what a build publishes at a URL: the hash of its content and
// the reason its author gave for this version.
type Page struct {
	Hash   string
	Reason string
}

// Pending returns the entry a page needs now: a first publication, a
// change, or a publication after a withdrawal; ok is false when the log's
// last entry for its URL already records its content. The entry is not
// numbered or chained yet (see Append).
func Pending(last Entry, hasLast bool, url string, p Page, date string) (Entry, bool) {
	kind := ""
	switch {
	case !hasLast:
		kind = Published
	case last.Kind == Withdrawn:
		kind = Republished
	case last.Hash != p.Hash:
		kind = Changed
	default:
		return Entry{}, false
	}
	return Entry{Date: date, URL: url, Kind: kind, Hash: p.Hash, Reason: p.Reason}, true
}

// Withdrawal returns the entry of a URL no longer published, when its
// last entry says it is.
func Withdrawal(last Entry, reason, date string) (Entry, bool) {
	if last.Kind == Withdrawn {
		return Entry{}, false
	}
	return Entry{Date: date, URL: last.URL, Kind: Withdrawn, Reason: reason}, true
}

// Append numbers and chains new entries, in URL order so that a build
// appends the same lines whatever order pages rendered in, and returns
// the log with them and their lines.
func (l Log) Append(news []Entry) (Log, []byte) {
	sort.SliceStable(news, func(i, j int) bool { return news[i].URL < news[j].URL })
	out := Log{Entries: append(l.Entries[:len(l.Entries):len(l.Entries)], news...), lines: l.lines[:len(l.lines):len(l.lines)]}
	var lines bytes.Buffer
	prev := l.Head().Entry
	for i := len(l.Entries); i < len(out.Entries); i++ {
		e := &out.Entries[i]
		e.Seq, e.Prev, e.Entry = i+1, prev, ""
		line := e.line()
		e.Entry = lineSum(line)
		line = append(line[:bytes.LastIndex(line, []byte(entryField))+len(entryField)], e.Entry+`"}`...)
		out.lines = append(out.lines, line)
		lines.Write(line)
		lines.WriteByte('\n')
		prev = e.Entry
	}
	return out, lines.Bytes()
}

// line encodes an entry as one line, without the newline.
func (e Entry) line() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // URLs and reasons read as written
	enc.Encode(e)            //nolint: an Entry of strings always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Written returns the log as it reads back from the bytes Encode
// returns, and those bytes.
func (l Log) Written() (Log, []byte) {
	data := l.Encode()
	l.size, l.lineCount = len(data), len(l.lines)
	return l, data
}

// Restore returns the log that was read from data's first size bytes and
// held entries, without parsing or checking them again: the caller kept
// the entries and a digest of those bytes, and vouches for them. ok is
// false when the bytes do not hold as many lines.
func Restore(data []byte, entries []Entry, size int) (l Log, ok bool) {
	if size > len(data) || size < bomLen(data) {
		return Log{}, false
	}
	l = Log{Entries: entries, lines: make([][]byte, 0, len(entries)), size: size}
	for raw := range bytes.Lines(data[bomLen(data):size]) {
		l.lineCount++
		if line := lineOf(raw); len(bytes.TrimSpace(line)) > 0 {
			if len(l.lines) == len(entries) {
				return Log{}, false
			}
			l.lines = append(l.lines, line)
		}
	}
	return l, len(l.lines) == len(entries)
}

// bomLen is the length of the byte order mark data starts with, if any.
func bomLen(data []byte) int {
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		return len("\ufeff")
	}
	return 0
}

// lineOf is a line of the file without its line end, LF or CRLF.
func lineOf(raw []byte) []byte {
	return bytes.TrimSuffix(bytes.TrimSuffix(raw, []byte("\n")), []byte("\r"))
}

// Encode returns the whole log, each line as written with an LF line end
// (a checkout with CRLF line ends reads the same).
func (l Log) Encode() []byte {
	var b bytes.Buffer
	for _, line := range l.lines {
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Describe says an entry as the page shows it: "2026年12月3日 修改（更正金额）".
func Describe(e Entry, loc *time.Location) string {
	s := e.Time().In(loc).Format("2006年1月2日") + " " + e.Kind
	if r := strings.TrimSpace(e.Reason); r != "" {
		s += "（" + r + "）"
	}
	return s
}
