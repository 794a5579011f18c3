package record

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Getter reads a file of a published copy by its site path ("/notices/plan/index.html");
// a missing file is an error wrapping fs.ErrNotExist.
type Getter func(name string) ([]byte, error)

// Report is what Verify found.
type Report struct {
	Entries  int      // entries in the log
	Pages    int      // pages checked against their last entry
	Problems []string // each difference, in Chinese
}

// OK reports whether the copy matches its log.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Verify checks a published copy against its own log: the log chains,
// and every URL's page holds the content its last entry records (a
// withdrawn URL shows none). It returns an error only when the log cannot
// be read at all.
func Verify(get Getter) (Report, error) {
	var rep Report
	data, err := get("/" + File)
	if err != nil {
		return rep, fmt.Errorf("读不到修订记录 /%s：%w", File, err)
	}
	l, err := Parse(data)
	rep.Entries = len(l.Entries)
	if err != nil {
		rep.Problems = append(rep.Problems, "修订记录的链条断了："+err.Error())
	}
	latest := l.Latest()
	urls := make([]string, 0, len(latest))
	for u := range latest {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		e := latest[u]
		if p := verifyPage(get, e); p != "" {
			rep.Problems = append(rep.Problems, p)
		}
		rep.Pages++
	}
	return rep, nil
}

// verifyPage checks one URL against its last entry; "" when it matches.
func verifyPage(get Getter, e Entry) string {
	name := e.URL
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	html, err := get(name)
	if e.Kind == Withdrawn {
		if err != nil {
			return ""
		}
		if _, ok := Region(html); ok {
			return fmt.Sprintf("%s：修订记录第 %d 条说它已于 %s 撤下，但页面仍有正文", e.URL, e.Seq, e.Time().Format("2006-01-02"))
		}
		return ""
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Sprintf("%s：页面不存在，但修订记录第 %d 条说它在发布中（%s %s），而且没有撤下的记录", e.URL, e.Seq, e.Time().Format("2006-01-02"), e.Kind)
		}
		return fmt.Sprintf("%s：读不到页面：%v", e.URL, err)
	}
	region, ok := Region(html)
	if !ok {
		return fmt.Sprintf("%s：页面中找不到正文的标记 %s…%s，无法核对", e.URL, Begin, End)
	}
	if got := Sum(region); got != e.Hash {
		return fmt.Sprintf("%s：正文与修订记录第 %d 条（%s %s）不符：记录的是 %s，页面的是 %s。页面在没有留下记录的情况下被改动了", e.URL, e.Seq, e.Time().Format("2006-01-02"), e.Kind, short(e.Hash), short(got))
	}
	return ""
}

// short shortens a "sha256:…" hash for messages.
func short(h string) string {
	if len(h) > 7+16 {
		return h[:7+16] + "…"
	}
	return h
}
