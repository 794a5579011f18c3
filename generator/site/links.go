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
			hint := "检查网址是否写错；站内页面的网址以 / 开头、以 / 结尾，如 /units/gusu/。"
			if near := s.nearURL(target); near != "" {
				hint = "是不是指 " + near + "？" + hint
			}
			errs.Add(diag.Errorf(pos, hint, "站内链接 %s 指向的页面不存在", dest))
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
			// A page that became a bundle (plan.md → plan/index.md)
			// is still linked by its old name.
			if tp := s.bySource[strings.TrimSuffix(rel, path.Ext(rel))+"/index.md"]; tp != nil {
				return s.Config.RelURL(tp.URL) + frag
			}
			hint := "检查文件名；链接其他页面时写相对路径，如 [通知](../notices/plan.md)。"
			if near := s.nearSource(rel); near != "" {
				hint = "是不是指 " + near + "？" + hint
			}
			errs.Add(diag.Errorf(pos, hint, "链接的页面 %s 不存在（或是草稿、未到发布时间）", "content/"+rel))
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

// nearURL is the page URL nearest to a mistyped root-relative link, among
// those in the same section of the same length give or take a few
// characters (so that a site of many pages with many broken links is not
// compared pair by pair); "" if none is near enough to be a typo.
func (s *Site) nearURL(target string) string {
	if !strings.HasSuffix(target, "/") && path.Ext(target) == "" {
		target += "/"
	}
	section, _, _ := strings.Cut(strings.TrimPrefix(target, "/"), "/")
	var cands []string
	near := func(u string) {
		if strings.HasPrefix(u, "/"+section+"/") && abs(len(u)-len(target)) <= 8 {
			cands = append(cands, u)
		}
	}
	if path.Ext(target) != "" {
		// A file: a feed or an attachment.
		for u := range s.feeds {
			near(u)
		}
		for u := range s.files {
			near(u)
		}
	} else {
		for u := range s.ByURL {
			near(u)
		}
	}
	if near := diag.Suggest(target, cands, 1); len(near) > 0 {
		return near[0]
	}
	return ""
}

// nearSource is the content file nearest to a mistyped relative link's
// file, in the same folder, as the author would write it from there.
func (s *Site) nearSource(rel string) string {
	dir := path.Dir(rel)
	// A bundle is compared as the name it is linked by (plan.md).
	shown := map[string]string{}
	var cands []string
	for src := range s.bySource {
		name := src
		if path.Base(src) == "index.md" {
			name = path.Dir(src) + ".md"
		}
		if path.Dir(name) == dir {
			shown[name] = src
			cands = append(cands, name)
		}
	}
	if near := diag.Suggest(rel, cands, 1); len(near) > 0 {
		return "content/" + shown[near[0]]
	}
	return ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
