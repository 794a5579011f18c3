package config

import (
	"net/url"
	"strings"

	"gongkai/generator/tomlpos"
)

// validateGovSite checks the 党政机关网站标识, 纠错 and 互动交流 links: a
// reader follows each of them, so each must be one a browser can open.
func (c *Config) validateGovSite(badAt func(path []string, hint, format string, args ...any)) {
	f := &c.Footer
	if f.Conac != "" && !webURL(f.Conac) {
		badAt([]string{"footer", "conac"}, `写机构编制部门给出的完整网址，如 conac = "https://bszs.conac.cn/sitename?method=show&id=…"。`, "[footer] conac %q 不是网址", f.Conac)
	}
	if f.ConacImage != "" && f.Conac == "" {
		badAt([]string{"footer", "conac_image"}, "标识图片要链接到它的网址：同时写 conac。", "[footer] 写了 conac_image，但没有写 conac")
	}
	if f.ConacImage != "" && !strings.HasPrefix(f.ConacImage, "/") {
		badAt([]string{"footer", "conac_image"}, `标识图片放在 static/ 下，写站内路径，如 conac_image = "/images/dzjg.png"。`, "[footer] conac_image %q 不是站内路径", f.ConacImage)
	}
	if f.Correction != "" && !strings.HasPrefix(f.Correction, "mailto:") && !webURL(f.Correction) && !strings.HasPrefix(f.Correction, "/") {
		badAt([]string{"footer", "correction"}, `写纠错邮箱 correction = "mailto:jiucuo@example.org"，或纠错网页的网址。`, "[footer] correction %q 不是邮箱或网址", f.Correction)
	}
	for i, it := range c.Interaction {
		at := []string{"interaction", tomlpos.Index(i)}
		if strings.TrimSpace(it.Name) == "" {
			badAt(at, `每项写 name，如 name = "主席信箱"。`, "[[interaction]] 第 %d 项缺少 name", i+1)
		}
		u := it.URL
		if !(strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "tel:") || webURL(u) || strings.HasPrefix(u, "/")) {
			badAt(append(at, "url"), `写 mailto:邮箱、tel:电话、https:// 网址或以 / 开头的站内路径，如 url = "mailto:zhuxi@example.org"。`, "互动交流“%s”的 url %q 无法打开", it.Name, u)
		}
	}
}

func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
