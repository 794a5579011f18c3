package builder

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFaviconFromConfig: config's favicon replaces the theme's on every
// page (relative to each, as other links); a favicon whose file is not
// under static/ is an error naming the line.
func TestFaviconFromConfig(t *testing.T) {
	src := overlay(t, map[string]string{"static/images/hui.png": "\x89PNG\r\n\x1a\n"})
	src["config.toml"].Data = append([]byte("favicon = \"/images/hui.png\"\n"), src["config.toml"].Data...)
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)
	for page, want := range map[string]string{
		"index.html":                       `<link rel=icon href="images/hui.png">`,
		"units/hongqiao-jingmi/index.html": `<link rel=icon href="../../images/hui.png">`,
	} {
		html := read(t, dest, page)
		if !strings.Contains(html, want) || strings.Contains(html, "favicon.") {
			t.Errorf("%s: icon links %q, want %s", page, regexp.MustCompile(`<link rel="?icon[^>]*>`).FindAllString(html, -1), want)
		}
	}
	read(t, dest, "images/hui.png")

	delete(src, "static/images/hui.png")
	_, err := Run(Options{Source: src, Theme: repo, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow})
	if err == nil || !strings.Contains(err.Error(), "config.toml:1:11: 错误：favicon 指向的文件 /images/hui.png 不存在") {
		t.Errorf("a favicon without its file: %v", err)
	}
}
