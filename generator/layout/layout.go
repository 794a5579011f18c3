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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gongkai/generator/diag"
)

// Dir is the name of the layouts directory inside a site and inside the
// embedded theme.
const Dir = "layouts"

// Templates is a loaded theme: one template set per page kind.
//
// The theme's HTML is minified once, when it is loaded (template actions
// are left as they are), so pages come out of the templates minified and
// are not run through the minifier one by one. Errors are reported from
// the theme as written: a template that fails to run is run again from
// its source to find the line and column to report.
type Templates struct {
	min   *set // from the minified sources: what renders pages
	funcs template.FuncMap
	cache sync.Map // partialCached results: name + "\x00" + key → template.HTML
	// src is parsed from the sources as written, for error messages;
	// only when there is an error to report.
	src func() *set
}

// set is the theme parsed once: partials in root, a clone per page kind.
type set struct {
	root   *template.Template
	byKind map[string]*template.Template
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
// minify, if not nil, minifies a template's HTML leaving its actions as
// they are.
func Load(files map[string][]byte, funcs template.FuncMap, minify func([]byte) ([]byte, error)) (*Templates, diag.List) {
	t := &Templates{funcs: funcs}
	t.src = sync.OnceValue(func() *set {
		src, _ := t.parse(files, false)
		return src
	})
	minified := map[string][]byte{}
	for name, data := range files {
		minified[name] = data
		if minify != nil && path.Ext(name) == ".html" {
			if m, err := minify(data); err == nil {
				minified[name] = m
			}
		}
	}
	min, errs := t.parse(minified, true)
	if len(errs) > 0 {
		// Report the errors of the sources as written (their lines and
		// columns); if those parse, minifying broke a template: render
		// from the sources.
		src, srcErrs := t.parse(files, true)
		if len(srcErrs) > 0 {
			return nil, srcErrs
		}
		min = src
	}
	t.min = min
	return t, nil
}

// parse builds a template set from files; cached selects the
// partialCached that reuses results.
func (t *Templates) parse(files map[string][]byte, cached bool) (*set, diag.List) {
	var errs diag.List
	base, ok := files["baseof.html"]
	if !ok {
		errs.Add(diag.Errorf(diag.Position{File: Dir + "/baseof.html"}, "从默认主题复制 baseof.html，或删除站点的 layouts 目录以使用默认主题。", "缺少基础模板"))
		return nil, errs
	}
	s := &set{byKind: map[string]*template.Template{}}
	partial := func(name string, data any, key string) (template.HTML, error) {
		return s.partial(name, data)
	}
	if cached {
		partial = func(name string, data any, key string) (template.HTML, error) {
			return t.partialCached(s, name, data, key)
		}
	}
	all := template.FuncMap{"partialCached": partial}
	for k, v := range t.funcs {
		all[k] = v
	}
	root := template.New("baseof.html").Funcs(all)
	s.root = root
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
		s.byKind[strings.TrimSuffix(name, ".html")] = clone
	}
	return s, errs
}

func templateError(name string, err error) *diag.Error {
	pos, msg := ErrorPos(err)
	if pos.File == "" {
		pos.File = Dir + "/" + name
	}
	return diag.Errorf(pos, "检查模板语法：每个 {{ 都要有对应的 }}，{{ if }}、{{ range }}、{{ define }} 都要以 {{ end }} 结束。", "模板错误：%s", msg)
}

// tplErr matches the position html/template and text/template put in front
// of their errors: "template: partials/footer.html:7:12: executing ...".
var tplErr = regexp.MustCompile(`^(?:html/)?template: ([^:\s]+):(\d+):(?:(\d+):)? (.*)$`)

// ErrorPos splits a template error into its position in the theme
// (layouts/NAME:LINE:COL) and the rest of the message; the position is
// empty if the error names none.
func ErrorPos(err error) (diag.Position, string) {
	m := tplErr.FindStringSubmatch(err.Error())
	if m == nil {
		return diag.Position{}, err.Error()
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return diag.Position{File: Dir + "/" + m[1], Line: line, Col: col}, m[4]
}

// partialCached renders a partial once per key and reuses the HTML, like
// Hugo's function of the same name. The key must capture everything the
// partial reads from data: a list item's page URL, "" for site-wide parts.
func (t *Templates) partialCached(s *set, name string, data any, key string) (template.HTML, error) {
	k := name + "\x00" + key
	if v, ok := t.cache.Load(k); ok {
		return v.(template.HTML), nil
	}
	h, err := s.partial(name, data)
	if err != nil {
		return "", err
	}
	v, _ := t.cache.LoadOrStore(k, h)
	return v.(template.HTML), nil
}

func (s *set) partial(name string, data any) (template.HTML, error) {
	var b strings.Builder
	if err := s.root.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// Execute renders the page kind's template through baseof.html. On an
// error it runs the templates as written, so the error names the line and
// column in the theme's files; w may then hold part of a page.
func (t *Templates) Execute(w io.Writer, kind string, data any) error {
	tpl := t.min.byKind[kind]
	if tpl == nil {
		return fmt.Errorf("layouts/%s.html: 主题中没有这种页面的模板", kind)
	}
	err := tpl.ExecuteTemplate(w, "baseof.html", data)
	if err == nil {
		return err
	}
	if src := t.src(); src != nil {
		if err2 := src.byKind[kind].ExecuteTemplate(io.Discard, "baseof.html", data); err2 != nil {
			return err2
		}
	}
	return err
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
