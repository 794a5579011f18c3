// Package layout loads the theme's html/template files, the embedded
// defaults overridden file by file by a site's own layouts/, and provides
// the template functions.
package layout

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"gongkai/generator/diag"
)

// Dir is the name of the layouts directory inside a site and inside the
// embedded theme.
const Dir = "layouts"

// Templates is a loaded theme: one template set per page kind.
type Templates struct {
	root   *template.Template
	cache  sync.Map // partialCached results: name + "\x00" + key → template.HTML
	byKind map[string]*template.Template
	files  map[string][]byte // every theme file by name, after overrides
	hashes map[string]uint64 // per kind template: hash of the files it uses
}

// Theme merges the default theme with a site's overrides. Either may be
// nil. Names are paths inside layouts/: "baseof.html", "partials/head.html",
// "assets/main.css".
func Theme(defaults, site fs.FS) (map[string][]byte, diag.List) {
	var errs diag.List
	files := map[string][]byte{}
	for _, fsys := range []fs.FS{defaults, site} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			files[strings.TrimPrefix(p, Dir+"/")] = data
			return nil
		})
		if err != nil && !isNotExist(err) {
			errs.Add(diag.Errorf(diag.Position{File: Dir}, "检查 layouts 目录的权限。", "无法读取模板：%v", err))
		}
	}
	return files, errs
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// Load parses the theme. Every page kind has a file "<kind>.html" that
// defines the blocks of "baseof.html"; files under "partials/" are shared.
func Load(files map[string][]byte, funcs template.FuncMap) (*Templates, diag.List) {
	var errs diag.List
	base, ok := files["baseof.html"]
	if !ok {
		errs.Add(diag.Errorf(diag.Position{File: Dir + "/baseof.html"}, "从默认主题复制 baseof.html，或删除站点的 layouts 目录以使用默认主题。", "缺少基础模板"))
		return nil, errs
	}
	t := &Templates{byKind: map[string]*template.Template{}, files: files}
	all := template.FuncMap{"partialCached": t.partialCached}
	for k, v := range funcs {
		all[k] = v
	}
	root := template.New("baseof.html").Funcs(all)
	t.root = root
	if _, err := root.Parse(string(base)); err != nil {
		errs.Add(templateError("baseof.html", err))
		return nil, errs
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !strings.HasPrefix(name, "partials/") || path.Ext(name) != ".html" {
			continue
		}
		if _, err := root.New(name).Parse(string(files[name])); err != nil {
			errs.Add(templateError(name, err))
		}
	}
	for _, name := range names {
		if strings.Contains(name, "/") || name == "baseof.html" || path.Ext(name) != ".html" {
			continue
		}
		clone, err := root.Clone()
		if err != nil {
			errs.Add(templateError(name, err))
			continue
		}
		if _, err := clone.New(name).Parse(string(files[name])); err != nil {
			errs.Add(templateError(name, err))
			continue
		}
		t.byKind[strings.TrimSuffix(name, ".html")] = clone
	}
	return t, errs
}

func templateError(name string, err error) *diag.Error {
	return diag.Errorf(diag.Position{File: Dir + "/" + name}, "检查模板语法：每个 {{ 都要有对应的 }}，{{ if }}、{{ range }}、{{ define }} 都要以 {{ end }} 结束。", "模板错误：%v", err)
}

// partialCached renders a partial once per key and reuses the HTML, like
// Hugo's function of the same name. The key must capture everything the
// partial reads from data: a list item's page URL, "" for site-wide parts.
func (t *Templates) partialCached(name string, data any, key string) (template.HTML, error) {
	k := name + "\x00" + key
	if v, ok := t.cache.Load(k); ok {
		return v.(template.HTML), nil
	}
	var b strings.Builder
	if err := t.root.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	v, _ := t.cache.LoadOrStore(k, template.HTML(b.String()))
	return v.(template.HTML), nil
}

// Has reports whether the theme has a template for kind.
func (t *Templates) Has(kind string) bool { return t.byKind[kind] != nil }

// Execute renders the page kind's template through baseof.html.
func (t *Templates) Execute(w io.Writer, kind string, data any) error {
	tpl := t.byKind[kind]
	if tpl == nil {
		return fmt.Errorf("layouts/%s.html: 主题中没有这种页面的模板", kind)
	}
	return tpl.ExecuteTemplate(w, "baseof.html", data)
}

// File returns a theme file by name, such as "assets/main.css".
func (t *Templates) File(name string) ([]byte, bool) {
	b, ok := t.files[name]
	return b, ok
}

// Assets lists the theme's files under assets/.
func Assets(files map[string][]byte) []string {
	var out []string
	for name := range files {
		if strings.HasPrefix(name, "assets/") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
