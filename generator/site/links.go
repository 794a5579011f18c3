package site

import (
	"net/url"
	"path"
	"strings"

	"gongkai/generator/diag"
	"gongkai/generator/markdown"
)

// Resolver returns the link resolver for page p's Markdown. Links to other
// .md files become those pages' URLs, relative links to attachments become
// site paths, and links that lead nowhere inside the site are reported into
// errs. External links are left alone and never fetched.
func (s *Site) Resolver(p *Page, errs *diag.List) markdown.LinkResolver {
	cp := p.Source
	return func(dest string, image bool, line, col int) string {
		pos := diag.Position{File: cp.File, Line: cp.BodyLine + line - 1, Col: col}
		if dest == "" || strings.HasPrefix(dest, "#") {
			return dest
		}
		u, err := url.Parse(dest)
		if err != nil {
			errs.Add(diag.Errorf(pos, "检查链接地址的写法，空格写成 %20。", "链接地址 %q 无法解析", dest))
			return dest
		}
		if u.Scheme != "" || u.Host != "" {
			return dest
		}
		frag := ""
		if u.Fragment != "" {
			frag = "#" + u.EscapedFragment()
		}
		target := u.Path
		if strings.Contains(target, `\`) {
			errs.Add(diag.Errorf(pos, "网址里用正斜杠 /，不用反斜杠 \\。", "链接 %q 含有反斜杠", dest))
			return dest
		}
		if strings.HasPrefix(target, "/") {
			if out, ok := s.sitePath(target); ok {
				return out + frag
			}
			errs.Add(diag.Errorf(pos, "检查网址是否写错；站内页面的网址以 / 开头、以 / 结尾，如 /units/gusu/。", "站内链接 %s 指向的页面不存在", dest))
			return dest
		}
		// Relative: to a Markdown file or an attachment beside the source.
		base := path.Dir(cp.Rel)
		rel := path.Join(base, target)
		if strings.HasPrefix(rel, "../") || rel == ".." {
			errs.Add(diag.Errorf(pos, "链接只能指向站内的页面和附件。", "链接 %q 跳出了 content 目录", dest))
			return dest
		}
		if strings.EqualFold(path.Ext(target), ".md") {
			if tp := s.bySource[rel]; tp != nil {
				return s.Config.RelURL(tp.URL) + frag
			}
			errs.Add(diag.Errorf(pos, "检查文件名；链接其他页面时写相对路径，如 [通知](../notices/plan.md)。", "链接的页面 %s 不存在（或是草稿、未到发布时间）", "content/"+rel))
			return dest
		}
		fileURL := "/" + rel
		if cp.BundleDir != "" && strings.HasPrefix(rel, cp.BundleDir+"/") {
			fileURL = p.URL + strings.TrimPrefix(rel, cp.BundleDir+"/")
		}
		if !s.files[fileURL] {
			if s.ByURL[fileURL+"/"] != nil || s.ByURL[fileURL] != nil {
				return s.Config.RelURL(strings.TrimSuffix(fileURL, "/")+"/") + frag
			}
			errs.Add(diag.Errorf(pos, "把附件放在 content/"+path.Dir(rel)+"/ 下，或改正文件名（注意大小写和扩展名）。", "附件 %s 不存在", "content/"+rel))
			return dest
		}
		return s.Config.RelURL(fileURL) + frag
	}
}

// sitePath checks a root-relative link and returns it with the base path.
func (s *Site) sitePath(target string) (string, bool) {
	if s.ByURL[target] != nil || s.files[target] || s.Aliases[target] != "" || s.feeds[target] {
		return s.Config.RelURL(target), true
	}
	if !strings.HasSuffix(target, "/") && path.Ext(target) == "" && s.ByURL[target+"/"] != nil {
		return s.Config.RelURL(target + "/"), true
	}
	return "", false
}
