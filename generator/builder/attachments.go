package builder

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

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
		rel := cp.BundleDir + "/" + name
		if cp.BundleDir == "" || !hasResource(cp, rel) {
			if strings.Contains(name, ".") && !strings.ContainsAny(name, "（《") {
				errs.Add(diag.Errorf(cp.Pos("attachments"),
					"把附件文件放进与 index.md 同一目录（页面包），或只写附件名称。", "附件文件 %s 不存在", name))
			}
			p.Attachments = append(p.Attachments, a)
			continue
		}
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
