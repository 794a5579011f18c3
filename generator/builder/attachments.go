package builder

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/site"
)

// attachments resolves a notice's 附件: a file of its bundle becomes a
// download link; a Markdown file of its bundle is rendered in full after the
// signature, as the attached document of a 公文; anything else is a title.
func (r *renderer) attachments(p *site.Page) diag.List {
	var errs diag.List
	cp := p.Source
	for i, name := range cp.Notice.Attachments {
		a := site.Attachment{Title: name}
		rel, ok := attachmentFile(cp, name)
		if !ok {
			errs.Add(missingAttachment(cp, i, name))
			p.Attachments = append(p.Attachments, a)
			continue
		}
		name = path.Base(rel)
		if !strings.EqualFold(path.Ext(name), ".md") {
			a.Title = strings.TrimSuffix(name, path.Ext(name))
			a.URL = p.URL + name
			p.Attachments = append(p.Attachments, a)
			continue
		}
		a.ID = fmt.Sprintf("attachment-%d", i+1)
		body, title, e := r.attachmentBody(cp, rel)
		errs = append(errs, e...)
		if title != "" {
			a.Title = title
		}
		resolve := r.site.Resolver(attachmentPage(p, rel), &errs)
		rec := r.recOf(p)
		res, err := r.md.Render(body, func(dest string, image bool, line, col int) string {
			out := resolve(dest, image, line, col)
			if rec != nil {
				rec.Links = append(rec.Links, linkRec{Dest: dest, Image: image, Line: line, Col: col, Out: out, In: rel})
			}
			return out
		})
		if err != nil {
			errs.Add(renderFailed(content.Dir+"/"+rel, 1, "渲染附件失败", err))
			continue
		}
		a.Content = template.HTML(r.fragment(res.HTML))
		p.Attachments = append(p.Attachments, a)
	}
	return errs
}

// attachmentPage stands for a Markdown attachment when resolving its links:
// relative links start from the bundle, like the notice's own.
func attachmentPage(p *site.Page, rel string) *site.Page {
	cp := p.Source
	return &site.Page{Source: &content.Page{File: content.Dir + "/" + rel, Rel: rel, BodyLine: 1, BundleDir: cp.BundleDir}, URL: p.URL}
}

// attachmentFile finds the file of the bundle a listed attachment names:
// its file name ("附件1.xlsx"), or its title, the file name without its
// extension ("会员评家测评表" for 会员评家测评表.docx).
func attachmentFile(cp *content.Page, name string) (string, bool) {
	if cp.BundleDir == "" {
		return "", false
	}
	rel := cp.BundleDir + "/" + name
	if hasResource(cp, rel) {
		return rel, true
	}
	for _, r := range cp.Resources {
		if path.Dir(r) == cp.BundleDir && strings.TrimSuffix(path.Base(r), path.Ext(r)) == name {
			return r, true
		}
	}
	return "", false
}

// missingAttachment is the error of attachment i, name, that has no file
// behind it: at its own line of the attachments list, with where to put
// the file.
func missingAttachment(cp *content.Page, i int, name string) *diag.Error {
	at := attachmentPos(cp, i, name)
	if cp.BundleDir == "" {
		dir := content.Dir + "/" + strings.TrimSuffix(cp.Rel, path.Ext(cp.Rel))
		return diag.Errorf(at, fmt.Sprintf("附件要有文件：把 %s 改成页面包，即新建目录 %s/，把它移进去改名为 index.md，附件文件（如 %s.docx、%s.pdf，或写成网页的 %s.md）放在同一目录；不发布附件的，从 attachments 中删去这一项。", cp.File, dir, name, name, name),
			"附件「%s」没有文件：这个通知不是页面包，放不了附件", name)
	}
	return diag.Errorf(at, fmt.Sprintf("把附件文件放进 %s/%s/（与 index.md 同一目录），文件名为 %s 或 %s 加扩展名（如 %s.docx）；不发布附件的，从 attachments 中删去这一项。", content.Dir, cp.BundleDir, name, name, name),
		"附件「%s」在页面包中没有对应的文件", name)
}

// attachmentPos finds where item i of the attachments list is written:
// the line and column of its quoted name after the attachments key.
func attachmentPos(cp *content.Page, i int, name string) diag.Position {
	at := cp.Pos("attachments")
	lines := strings.Split(cp.Front, "\n")
	seen := 0
	for n := max(at.Line-2, 0); n < len(lines); n++ {
		l := lines[n]
		for off := 0; ; {
			j := strings.IndexAny(l[off:], "\"'")
			if j < 0 {
				break
			}
			q := l[off+j]
			end := strings.IndexByte(l[off+j+1:], q)
			if end < 0 {
				break
			}
			if n > at.Line-2 || off+j >= at.Col-1 {
				if seen == i {
					return diag.Position{File: cp.File, Line: n + 2, Col: utf8.RuneCountInString(l[:off+j]) + 1}
				}
				seen++
			}
			off += j + end + 2
		}
		if strings.Contains(l, "]") && seen > 0 {
			break
		}
	}
	return at
}

func hasResource(cp *content.Page, rel string) bool {
	for _, r := range cp.Resources {
		if r == rel {
			return true
		}
	}
	return false
}

// attachmentBody reads a Markdown attachment; its title is its first "# "
// heading, which is then left out of the body.
func (r *renderer) attachmentBody(cp *content.Page, rel string) ([]byte, string, diag.List) {
	file := content.Dir + "/" + rel
	raw, err := fs.ReadFile(r.source, file)
	if err != nil {
		return nil, "", diag.List{diag.Errorf(diag.Position{File: file}, "", "无法读取附件：%v", err)}
	}
	src, e := content.Normalize(file, raw)
	if src == nil {
		return nil, "", diag.List{e}
	}
	var errs diag.List
	errs.Add(e)
	first, rest, _ := strings.Cut(string(src), "\n")
	if strings.HasPrefix(first, "# ") {
		return []byte(rest), strings.TrimSpace(strings.TrimPrefix(first, "# ")), errs
	}
	return src, "", errs
}
