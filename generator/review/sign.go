package review

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// RoleAuthor is the 信息员 who wrote the page: named on the form, with no
// date of its own.
const RoleAuthor = "信息员"

// Signed is what Sign did.
type SignResult struct {
	File []byte // the file with its [review] table written
	// Voided lists the roles whose earlier signatures were cleared because
	// the content changed after them.
	Voided []string
	Hash   string
}

// Sign records that name signed a page in role on date: it writes the
// page's [review] table (at the end of the front matter) with the hash of
// the content as it is now. When the content changed since the table's
// hash, the other roles' signatures are cleared: they approved other text.
// The file keeps its BOM and line ends.
func Sign(file string, raw []byte, role, name string, date time.Time) (SignResult, error) {
	var res SignResult
	if role != RoleAuthor && !slices.Contains(config.Roles, role) {
		return res, fmt.Errorf("未知的角色“%s”：写 %s 或 %s 之一", role, strings.Join(config.Roles, "、"), RoleAuthor)
	}
	if strings.TrimSpace(name) == "" || strings.ContainsAny(name, "\n\r\"\\") {
		return res, fmt.Errorf("姓名“%s”不能为空，也不能含有引号、反斜杠或换行", name)
	}
	if !utf8.Valid(raw) {
		return res, fmt.Errorf("%s 不是 UTF-8 编码：先运行 gongkai fix-encoding %s", file, file)
	}
	bom := bytes.HasPrefix(raw, []byte("\ufeff"))
	crlf := bytes.Contains(raw, []byte("\r\n"))
	src := bytes.ReplaceAll(bytes.TrimPrefix(raw, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
	front, body, _, derr := content.Split(file, src)
	if derr != nil {
		return res, derr
	}
	rel := filepath.ToSlash(file)
	if i := strings.LastIndex(rel, content.Dir+"/"); i >= 0 {
		rel = rel[i+len(content.Dir)+1:]
	}
	p, errs := content.Parse(file, rel, src)
	if p == nil || p.Review == nil && hasReview(front) {
		return res, fmt.Errorf("%s 的前置信息有错误，先改正（gongkai check 会列出）：%v", file, errs.Err())
	}
	res.Hash = content.ContentHash(front, body)
	r := content.Review{}
	if p.Review != nil {
		r = *p.Review
		if r.Hash != res.Hash {
			r = content.Review{Author: r.Author}
			for _, s := range Signatures(p.Review) {
				if s.Name != "" && s.Role != role {
					res.Voided = append(res.Voided, s.Role)
				}
			}
		}
	}
	r.Hash = res.Hash
	day := date.Format("2006-01-02")
	switch role {
	case RoleAuthor:
		r.Author = name
	case config.RoleReview:
		r.Reviewer = name
	case config.RoleSign:
		r.Signer = name
	case config.RoleSecrecy:
		r.SecrecyReviewer = name
	}
	var t strings.Builder
	t.WriteString("[" + content.ReviewTable + "]\n")
	field := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&t, "%s = %q\n", key, value)
		}
	}
	dateField := func(key string, d string) {
		if d != "" {
			fmt.Fprintf(&t, "%s = %s\n", key, d)
		}
	}
	old := func(name string, d interface{ IsZero() bool }, s string) string {
		if name == "" || d.IsZero() {
			return ""
		}
		return s
	}
	dates := map[string]string{}
	for _, s := range Signatures(&r) {
		if s.Role == role {
			dates[s.Role] = day
		} else if !s.Date.IsZero() {
			dates[s.Role] = old(s.Name, s.Date, s.Date.In(time.UTC).Format("2006-01-02"))
		}
	}
	field("author", r.Author)
	field("reviewer", r.Reviewer)
	dateField("reviewed", dates[config.RoleReview])
	field("signer", r.Signer)
	dateField("signed", dates[config.RoleSign])
	field("secrecy_reviewer", r.SecrecyReviewer)
	dateField("secrecy_reviewed", dates[config.RoleSecrecy])
	field("hash", r.Hash)
	var out bytes.Buffer
	out.WriteString("+++\n")
	out.WriteString(strings.TrimRight(content.WithoutReview(front), "\n \t"))
	out.WriteString("\n\n")
	out.WriteString(t.String())
	out.WriteString("+++\n")
	out.Write(body)
	b := out.Bytes()
	if crlf {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	}
	if bom {
		b = append([]byte("\ufeff"), b...)
	}
	res.File = b
	return res, nil
}

func hasReview(front string) bool {
	start, _ := content.ReviewLines(front)
	return start >= 0
}
