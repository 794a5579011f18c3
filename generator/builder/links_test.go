package builder

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// refAttr finds the URLs a page makes the browser load or offers to open:
// href of <a> and <link>, src of <script> and <img> (the minifier may leave
// attribute values unquoted).
var refAttr = regexp.MustCompile(`<(a|link|script|img)\b[^>]*?\s(?:href|src)=("[^"]*"|'[^']*'|[^\s>]+)`)

// TestOutputLinksResolve follows every reference in every page of the
// built sample portal, <head> included: a feed advertised in a <link>
// that was never written is as broken as a dead <a>.
func TestOutputLinksResolve(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	pages, checked := 0, 0
	err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		rel, _ := filepath.Rel(dest, p)
		pageURL := "/" + filepath.ToSlash(rel)
		html, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range refAttr.FindAllStringSubmatch(string(html), -1) {
			ref := strings.Trim(m[2], `"'`)
			target, ok := internal(pageURL, ref)
			if !ok {
				continue
			}
			checked++
			if !exists(dest, target) {
				t.Errorf("%s: <%s> links %s, which the build did not write", pageURL, m[1], ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 50 || checked < 1000 {
		t.Fatalf("only %d pages and %d references checked", pages, checked)
	}
}

// internal resolves ref against the page's URL path; ok is false for
// other sites, fragments of the same page and non-HTTP schemes.
func internal(page, ref string) (string, bool) {
	u, err := url.Parse(ref)
	if err != nil || ref == "" || strings.HasPrefix(ref, "#") {
		return "", false
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Host != "gonghui.example.org" {
			return "", false
		}
		return u.Path, true
	}
	if strings.HasPrefix(u.Path, "/") {
		return u.Path, true
	}
	return path.Join(path.Dir(page), u.Path) + map[bool]string{true: "/", false: ""}[strings.HasSuffix(u.Path, "/")], true
}

func exists(dest, target string) bool {
	p := filepath.Join(dest, filepath.FromSlash(target))
	if strings.HasSuffix(target, "/") {
		p = filepath.Join(p, "index.html")
	}
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// TestFirstLoadBudget: the home page and a unit page, with every
// stylesheet, script and image they load, stay under 100 KB on a first
// visit, counted uncompressed (a server that gzips sends far less).
func TestFirstLoadBudget(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	loads := regexp.MustCompile(`<(?:link rel=stylesheet|script|img)\b[^>]*?\s(?:href|src)=("[^"]*"|[^\s>]+)`)
	for _, page := range []string{"/", "/units/hongqiao-jingmi/"} {
		html, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(page), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		total := len(html)
		for _, m := range loads.FindAllStringSubmatch(string(html), -1) {
			target, ok := internal(page, strings.Trim(m[1], `"`))
			if !ok {
				continue
			}
			st, err := os.Stat(filepath.Join(dest, filepath.FromSlash(target)))
			if err != nil {
				t.Fatalf("%s loads %s: %v", page, target, err)
			}
			total += int(st.Size())
		}
		t.Logf("%s: %d bytes on first load", page, total)
		if total >= 100<<10 {
			t.Errorf("%s: %d bytes on first load, over the 100 KB budget", page, total)
		}
	}
}
