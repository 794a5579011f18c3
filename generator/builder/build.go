// Package build is the one orchestrator: it runs config, content, site,
// markdown, layout and publish in order and collects every problem.
package builder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/layout"
	"gongkai/generator/markdown"
	"gongkai/generator/memlimit"
	"gongkai/generator/publish"
	"gongkai/generator/relurl"
	"gongkai/generator/site"
	"gongkai/generator/view"
)

// Options configure one build.
type Options struct {
	Source fs.FS // the site: config.toml, content/, layouts/, static/
	// SourceDir is Source's directory on disk, if it has one: an output
	// directory that is the site, holds it or lies in its inputs is
	// refused.
	SourceDir string
	// ForceDest lets a build take over a non-empty Dest that gongkai did
	// not make.
	ForceDest bool
	// Waiting, if set, is told when another build is writing into Dest and
	// this one waits for it.
	Waiting func(holder string)
	Theme   fs.FS  // the default theme, holding layouts/
	Dest    string // output directory; empty with Check
	Check   bool   // validate everything, write nothing
	BaseURL string // overrides config's base_url
	Drafts  bool
	Future  bool
	Expired bool
	Now     time.Time // the clock; zero means time.Now()
	// CacheDir holds what a build keeps for the next one (parsed pages,
	// page keys, output records); empty means no cache.
	CacheDir string
	// Trace, if set, receives the time each phase took.
	Trace io.Writer
	// Progress, if set, is called as pages are rendered.
	Progress func(done, total int)
}

// Result summarizes a build.
type Result struct {
	Pages     int
	Rendered  []string // URLs of the pages whose templates ran, sorted
	Written   int
	Unchanged int
	Removed   int
	Elapsed   time.Duration
	Warnings  diag.List
	// Guard is what the personal-data guard let through or could not read.
	Guard GuardReport
	// Withdrawn lists the disclosures past their category's retention:
	// their pages now only say they were taken down.
	Withdrawn []Withdrawn
}

// Withdrawn is a disclosure taken down after its category's retention.
type Withdrawn struct {
	File  string    // content/disclosures/….md
	Until time.Time // the last day it was public
}

// output is where rendered files go: the publisher, or nowhere for check.
type output interface {
	Write(name string, data []byte) error
	WriteRaw(name string, data []byte) error
	Keep(name string) bool
	Copy(name string, fsys fs.FS, src string) error
	Minify(name string, data []byte) ([]byte, error)
}

// Sink receives a build's files instead of an output directory: serve
// keeps the site in memory. Commit makes the files of a successful build
// the site (removing the last build's files it did not keep); Abort
// forgets them.
type Sink interface {
	output
	Commit() (written, unchanged, removed int)
	Abort()
}

// previewer is a Sink that can show the pages of a build before the
// search index is made (the index of 10,000 pages takes longer than
// rendering the pages one edit changed); Commit still ends the build.
type previewer interface{ Preview() }

// Run builds the site once. On any content, config or template error it
// returns a diag.List of all of them and leaves the output directory
// untouched.
func Run(o Options) (Result, error) { return NewBuilder(o).Build(nil) }

// Builder builds one site again and again. It keeps what the last
// successful build made (each page's key, digest, summary and links, and
// the output records), so the next build renders only the pages whose
// keys changed. The CLI makes one, primed from the cache on disk, for a
// single build; serve keeps one in memory across changes.
type Builder struct {
	opts Options
	last *cache // of the last successful build; nil: read from CacheDir
	// Site is the last successful build's index.
	Site *site.Site
	// searchText is the plain text of page bodies by source hash, for
	// the search index; nil: read from CacheDir.
	searchText map[uint64]string
}

// NewBuilder returns a builder for the site and options of o.
func NewBuilder(o Options) *Builder { return &Builder{opts: o} }

// Build builds the site: into sink if it is not nil, else into the
// options' Dest. On any content, config or template error it returns a
// diag.List of all of them, and the output (directory or sink) keeps the
// last good site.
func (b *Builder) Build(sink Sink) (Result, error) {
	o := b.opts
	start := time.Now()
	if o.Now.IsZero() {
		o.Now = start
	}
	var res Result
	var errs diag.List
	last := start
	phase := func(name string) {
		if o.Trace != nil {
			now := time.Now()
			fmt.Fprintf(o.Trace, "  %-12s %6.0f ms\n", name, float64(now.Sub(last).Microseconds())/1000)
			last = now
		}
	}
	// The caches load while config is read and content/ is listed.
	parsedLater := sync.OnceValue(loadParsedAsync(o.CacheDir))
	dest := o.Dest
	if !o.Check {
		if abs, err := filepath.Abs(o.Dest); err == nil {
			dest = abs
		}
	}
	var claim *publish.Claim
	if !o.Check && sink == nil {
		var err error
		claim, err = publish.Acquire(publish.ClaimOptions{
			Dest: dest, Source: o.SourceDir, Inputs: inputDirs, Force: o.ForceDest, Waiting: o.Waiting,
			Known: func() map[string]bool { return legacyOutputs(o.CacheDir, dest) },
		})
		if err != nil {
			return res, err
		}
		// Both do nothing once the commit has run and Finish released it.
		defer claim.Release()
		defer claim.Abandon()
	}
	built := loadBuild(o.CacheDir, dest)
	if b.last != nil {
		kept := b.last
		built = func() *cache { return kept }
	}
	cfg, e := config.Load(o.Source)
	errs = append(errs, e...)
	if cfg == nil {
		return res, errs.Sort()
	}
	if o.BaseURL != "" {
		cfg.BaseURL = o.BaseURL
		c2, e := reparseBase(cfg)
		if e != nil {
			return res, diag.List{e}
		}
		cfg = c2
	}
	phase("config+cache")
	// The theme is read and parsed while content is: templates look up
	// asset names only when they run, after writeAssets.
	var assets map[string]string
	mini := publish.NewMinifier()
	theme := loadTheme(o, cfg, mini, func(name string) string { return assets[name] })
	cs, walkErrs := content.Walk(o.Source, func(rel string) *content.Page { return parsedLater().parsed(rel) })
	parsed := parsedLater()
	if n := cacheNotice(o.CacheDir, built(), parsed); n != nil {
		errs.Add(n)
	}
	errs = append(errs, walkErrs...)
	phase("walk")
	if err := memlimit.Check(len(cs.Pages), "读取内容"); err != nil {
		return res, err
	}
	data, e := loadData(o.Source, cfg, cs)
	errs = append(errs, e...)
	phase("data")
	// Whether the last build's files are still as recorded is checked
	// while content is indexed, which leaves a core idle.
	if b := built(); b.Outputs != nil && claim != nil {
		b.check = publish.StartCheck(claim, b.Outputs)
	}
	s, e := site.Index(cfg, data.Site, site.Options{Drafts: o.Drafts, Future: o.Future, Expired: o.Expired, Now: o.Now})
	errs = append(errs, e...)
	phase("index")
	if err := memlimit.Check(len(s.Pages), "建立索引"); err != nil {
		return res, err
	}
	th := theme()
	errs = append(errs, th.errs...)

	var out output
	var pub *publish.Publisher
	switch {
	case o.Check:
		out = discard{mini}
	case sink != nil:
		out = sink
	default:
		var err error
		if pub, err = publish.Open(claim, built().Outputs, built().check); err != nil {
			return res, err
		}
		out = pub
	}
	fail := func() (Result, error) {
		if sink != nil {
			sink.Abort()
		}
		res.Warnings = errs.Warnings().Sort()
		if pub != nil {
			pub.Abort()
			// A full disk fails every file: say it once.
			if err := pub.Failed(); err != nil {
				return res, err
			}
		}
		return res, errs.Err()
	}
	piiKeys, guard, e := guardPersonalData(s, o.Source, parsed, data, o.CacheDir)
	res.Guard = guard
	errs = append(errs, e...)
	saved := func() error { return nil }
	if !o.Check {
		saved = parsed.update(o.CacheDir, cacheable(cs.Pages, walkErrs), piiKeys)
	}
	b.Site = nil
	defer saved()
	if errs.Err() != nil {
		return fail()
	}

	phase("guard")
	assets, e = writeAssets(out, th.files)
	errs = append(errs, e...)
	if errs.Err() != nil {
		return fail()
	}
	vs := view.Make(s, sourceDigest(o.Source))
	r := &renderer{source: o.Source, site: s, tpl: th.tpl, out: out, mini: mini, md: markdown.New(markdown.Options{UnsafeHTML: cfg.UnsafeHTML, SummaryLength: cfg.SummaryLength}), progress: o.Progress,
		feedStyle: assets["feed.xsl"],
		views:     vs, keys: newKeys(vs, o.Source, th.files, assets, o), old: built().Pages, recs: make([]pageRec, len(s.Pages)), texts: make([]string, len(s.Pages)), extra: map[string]pageRec{}, index: pageIndex(s),
		rendered: make([]bool, len(s.Pages)), changed: make([]bool, len(s.Pages))}
	phase("templates")
	errs = append(errs, r.renderAll(func() diag.List { return r.writeExtras(o.Source) })...)
	phase("render")
	if p, ok := sink.(previewer); ok && errs.Err() == nil {
		p.Preview()
	}
	errs = append(errs, r.writeSearchIndex(o.CacheDir, !o.Check, &b.searchText)...)
	phase("search")
	if errs.Err() != nil || pub != nil && pub.Failed() != nil {
		return fail()
	}
	res.Pages = len(s.Pages)
	for _, w := range s.Withdrawn {
		res.Withdrawn = append(res.Withdrawn, Withdrawn{File: w.Disclosure.Page.File, Until: w.Until})
	}
	res.Rendered = r.renderedURLs()
	res.Warnings = errs.Warnings().Sort()
	next := newCache(dest)
	for i, p := range s.Pages {
		next.Pages[p.URL] = r.recs[i]
	}
	for k, v := range r.extra {
		next.Pages[k] = v
	}
	if sink != nil {
		res.Written, res.Unchanged, res.Removed = sink.Commit()
		b.last, b.Site = next, s
		if err := saved(); err != nil {
			res.Warnings = append(res.Warnings, diag.Warnf(diag.Position{File: o.CacheDir}, "检查该目录的写权限；缓存只影响下次构建的速度。", "无法保存构建缓存：%v", err))
		}
	}
	if pub != nil {
		st, records, err := pub.Commit()
		if err != nil {
			return res, err
		}
		res.Written, res.Unchanged, res.Removed = st.Written, st.Unchanged, st.Removed
		phase("commit")
		if o.Trace != nil {
			fmt.Fprintf(o.Trace, "  %-12s %6.0f ms (old and new files side by side)\n", "mixed", float64(st.Mixed.Microseconds())/1000)
		}
		next.Outputs = records
		b.last, b.Site = next, s
		phase("records")
		err = saveBuild(o.CacheDir, next)
		phase("build.bin")
		if serr := saved(); err == nil {
			err = serr
		}
		phase("cache save")
		if ferr := pub.Finish(); ferr != nil {
			return res, ferr
		}
		if err != nil {
			res.Warnings = append(res.Warnings, diag.Warnf(diag.Position{File: o.CacheDir}, "检查该目录的写权限；缓存只影响下次构建的速度。", "无法保存构建缓存：%v", err))
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// inputDirs are the parts of a site an output directory must never be in.
var inputDirs = []string{content.Dir, layout.Dir, content.StaticDir, "data", ".gongkai"}

// theme is the loaded theme: its files and parsed templates.
type theme struct {
	files map[string][]byte
	tpl   *layout.Templates
	errs  diag.List
}

// loadTheme reads and parses the theme in the background; the returned
// function waits for it.
func loadTheme(o Options, cfg *config.Config, mini *publish.Minifier, asset func(string) string) func() theme {
	ch := make(chan theme, 1)
	go func() {
		var t theme
		t.files, t.errs = layout.Theme(o.Theme, o.Source)
		if t.errs.Err() == nil {
			var e diag.List
			t.tpl, e = layout.Load(t.files, layout.Funcs(cfg, asset), mini.Template)
			t.errs = append(t.errs, e...)
		}
		ch <- t
	}()
	return sync.OnceValue(func() theme { return <-ch })
}

func reparseBase(cfg *config.Config) (*config.Config, *diag.Error) {
	c := *cfg
	if err := c.SetBaseURL(cfg.BaseURL); err != nil {
		return nil, diag.Errorf(diag.Position{File: "--base-url"}, `写成 --base-url https://gonghui.example.org/`, "%v", err)
	}
	return &c, nil
}

// writeAssets minifies and fingerprints the theme's CSS and JS, and copies
// its other assets; it returns asset name → site path.
func writeAssets(out output, files map[string][]byte) (map[string]string, diag.List) {
	var errs diag.List
	urls := map[string]string{}
	for _, name := range layout.Assets(files) {
		short := strings.TrimPrefix(name, "assets/")
		data, err := out.Minify(name, bytes.Clone(files[name])) // theme files are shared
		if err != nil {
			errs.Add(diag.Errorf(diag.Position{File: layout.Dir + "/" + name}, "检查这个文件的语法。", "压缩失败：%v", err))
			continue
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(short)
		u := "/assets/" + strings.TrimSuffix(short, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		urls[short] = u
		if err := out.WriteRaw(u, data); err != nil {
			errs.AddErr(diag.Position{File: layout.Dir + "/" + name}, err)
		}
	}
	return urls, errs
}

type discard struct {
	m interface {
		Minify(string, []byte) ([]byte, error)
	}
}

func (discard) Keep(string) bool                            { return false }
func (discard) Write(string, []byte) error                  { return nil }
func (discard) WriteRaw(string, []byte) error               { return nil }
func (discard) Copy(string, fs.FS, string) error            { return nil }
func (d discard) Minify(n string, b []byte) ([]byte, error) { return d.m.Minify(n, b) }

// renderer renders pages in parallel.
type renderer struct {
	source   fs.FS
	site     *site.Site
	tpl      *layout.Templates
	out      output
	mini     *publish.Minifier // for rendered Markdown; templates are minified at load
	md       *markdown.Renderer
	progress func(done, total int)
	done     atomic.Int64
	// feedStyle is the site path of the theme's feed.xsl, which feeds
	// name so a browser shows them readably; "" if the theme has none.
	feedStyle string

	keys     *keys
	views    *view.Views
	changed  []bool             // the page's Markdown was rendered in pass 1
	old      map[string]pageRec // last build's pages, by URL
	recs     []pageRec          // this build's, by index in site.Pages
	texts    []string           // plain text of the bodies rendered, for search
	extra    map[string]pageRec // this build's feeds, by path
	rendered []bool
	index    map[*site.Page]int

	mu      sync.Mutex
	tplErrs map[string]*tplFailure
}

// renderAll renders every page in two passes; alongside runs during the
// second pass (feeds and the sitemap need the summaries of the first).
func (r *renderer) renderAll(alongside func() diag.List) diag.List {
	pages := r.site.Pages
	perPage := make([]diag.List, len(pages))
	// Pass 1: the Markdown of every page whose source or links changed
	// (the others keep last build's summary); pages whose views hold no
	// list items are written at once.
	parallel(len(pages), func(i int) {
		perPage[i] = r.prepare(i)
		if !r.views.Late(i) {
			perPage[i] = append(perPage[i], r.renderIfChanged(i)...)
		}
	})
	// Pass 2: views that show other pages' summaries.
	r.views.SetSummaries()
	var extra diag.List
	done := make(chan struct{})
	go func() {
		defer close(done)
		extra = alongside()
	}()
	parallel(len(pages), func(i int) {
		if r.views.Late(i) {
			perPage[i] = append(perPage[i], r.renderIfChanged(i)...)
		}
	})
	<-done
	errs := append(extra, r.templateErrors()...)
	for _, l := range perPage {
		errs = append(errs, l...)
	}
	return errs
}

func pageIndex(s *site.Site) map[*site.Page]int {
	m := make(map[*site.Page]int, len(s.Pages))
	for i, p := range s.Pages {
		m[p] = i
	}
	return m
}

// prepare renders page i's Markdown when its source or the resolution of
// its links changed since the last build; otherwise the page takes its
// summary from the last build's record.
func (r *renderer) prepare(i int) diag.List {
	p := r.site.Pages[i]
	rec := &r.recs[i]
	rec.Digest = r.views.Digest(i)
	if p.Source == nil {
		return nil
	}
	if old, ok := r.old[p.URL]; ok && old.Digest == rec.Digest && r.sameLinks(p, old.Links) {
		rec.Summary, rec.Truncated, rec.Links = old.Summary, old.Truncated, old.Links
		p.Summary, p.Truncated = old.Summary, old.Truncated
		return nil
	}
	r.changed[i] = true
	return r.markdown(i)
}

// sameLinks reports whether a page's links still resolve as recorded.
func (r *renderer) sameLinks(p *site.Page, links []linkRec) bool {
	var errs diag.List
	resolve := r.site.Resolver(p, &errs)
	for _, l := range links {
		res := resolve
		if l.In != "" {
			res = r.site.Resolver(attachmentPage(p, l.In), &errs)
		}
		if res(l.Dest, l.Image, l.Line, l.Col) != l.Out || len(errs) > 0 {
			return false
		}
	}
	return true
}

// renderIfChanged runs page i's template unless its key, its Markdown and
// its output file are as the last build left them.
func (r *renderer) renderIfChanged(i int) diag.List {
	p := r.site.Pages[i]
	v := r.views.Page(i) // made, hashed, rendered and dropped
	key := r.keys.page(v)
	r.recs[i].Key = key
	if old, ok := r.old[p.URL]; ok && old.Key == key && !r.changed[i] && r.out.Keep(outputName(p)) {
		r.tick()
		return nil
	}
	var errs diag.List
	if p.Source != nil && !r.changed[i] {
		// The view changed, not the Markdown: render it for the page.
		r.recs[i].Links = nil
		errs = r.markdown(i)
	}
	return append(errs, r.execute(i, v)...)
}

// recOf returns the record being made for a page.
func (r *renderer) recOf(p *site.Page) *pageRec {
	i, ok := r.index[p]
	if !ok {
		return nil
	}
	return &r.recs[i]
}

func outputName(p *site.Page) string {
	if strings.HasSuffix(p.URL, "/") {
		return p.URL + "index.html"
	}
	return p.URL
}

func (r *renderer) tick() {
	if r.progress != nil {
		r.progress(int(r.done.Add(1)), len(r.site.Pages))
	}
}

func (r *renderer) renderedURLs() []string {
	var out []string
	for i, ok := range r.rendered {
		if ok {
			out = append(out, r.site.Pages[i].URL)
		}
	}
	slices.Sort(out)
	return out
}

func (r *renderer) markdown(i int) diag.List {
	p := r.site.Pages[i]
	var errs diag.List
	if err := p.Source.LoadBody(); err != nil {
		return diag.List{diag.Errorf(diag.Position{File: p.Source.File}, "", "%v", err)}
	}
	resolve := r.site.Resolver(p, &errs)
	rec := &r.recs[i]
	res, err := r.md.Render(p.Source.Body, func(dest string, image bool, line, col int) string {
		out := resolve(dest, image, line, col)
		rec.Links = append(rec.Links, linkRec{Dest: dest, Image: image, Line: line, Col: col, Out: out})
		return out
	})
	if err != nil {
		errs.Add(renderFailed(p.Source.File, p.Source.BodyLine, "渲染正文失败", err))
		return errs
	}
	p.Content = template.HTML(r.fragment(res.HTML))
	p.TOC = res.TOC
	r.texts[i] = res.Text
	if !p.Source.IsIndex {
		p.Source.Body = nil // rendered; keep memory flat at 100,000 pages
	}
	p.Summary, p.Truncated = res.Summary, res.Truncated
	if p.Source.Summary != "" {
		p.Summary, p.Truncated = p.Source.Summary, true
	}
	rec.Summary, rec.Truncated = p.Summary, p.Truncated
	if p.Source.Notice != nil {
		errs = append(errs, r.attachments(p)...)
	}
	return errs
}

// fragment minifies rendered Markdown.
func (r *renderer) fragment(html []byte) []byte {
	if m, err := r.mini.Fragment(html); err == nil {
		return m
	}
	return html // goldmark's HTML always lexes; keep it as it is
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (r *renderer) execute(i int, v *view.Page) diag.List {
	p := r.site.Pages[i]
	r.rendered[i] = true
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	file := "(生成的页面 " + p.URL + ")"
	if p.Source != nil {
		file = p.Source.File
	}
	fillView(v, p)
	if err := r.tpl.Execute(buf, p.Kind, view.Data{Site: r.views.Site, Page: v}); err != nil {
		r.templateFailed(p, file, err)
		return nil
	}
	name := outputName(p)
	out := buf.Bytes()
	if cfg := r.site.Config; cfg.RelativeURLs && p.Kind != site.Kind404 {
		// The 404 page keeps site paths: servers show it at any address.
		out = relurl.Rewrite(out, p.URL, cfg.BasePath)
	}
	if err := r.out.WriteRaw(name, out); err != nil {
		return diag.List{diag.Errorf(diag.Position{File: file}, "", "写出 %s 失败：%v", name, err)}
	}
	// The body is no longer needed; lists only use the summary.
	p.Content = ""
	r.tick()
	return nil
}

// templateFailed notes a template error. A mistake in a template fails
// every page that uses it: it is reported once, at its place in the theme,
// with the first page it failed on and how many more.
func (r *renderer) templateFailed(p *site.Page, file string, err error) {
	pos, msg := layout.ErrorPos(err)
	if pos.File == "" {
		pos.File = layout.Dir + "/" + p.Kind + ".html"
	}
	k := pos.String() + "\x00" + msg
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.tplErrs[k]; ok {
		f.more++
		if file < f.file {
			f.file = file
		}
		return
	}
	if r.tplErrs == nil {
		r.tplErrs = map[string]*tplFailure{}
	}
	r.tplErrs[k] = &tplFailure{pos: pos, msg: msg, file: file}
}

type tplFailure struct {
	pos  diag.Position
	msg  string
	file string // the first page, by name, it failed on
	more int    // how many other pages it failed on
}

// templateErrors lists the template errors noted while rendering.
func (r *renderer) templateErrors() diag.List {
	var errs diag.List
	for _, f := range r.tplErrs {
		pages := f.file
		if f.more > 0 {
			pages = fmt.Sprintf("%s 等 %d 个页面", f.file, f.more+1)
		}
		errs.Add(diag.Errorf(f.pos, "模板引用了不存在的字段或函数，或对空值取了字段；模板能用的字段见 docs/theme.md，也可对照默认主题的同名文件检查这一处。", "生成页面时模板出错（%s）：%s", pages, f.msg))
	}
	return errs
}

// parallel runs f(0..n-1) on one worker per CPU.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// fillView copies into a page's view what rendering its Markdown made.
func fillView(v *view.Page, p *site.Page) {
	v.Content, v.Summary = p.Content, p.Summary
	v.TOC = v.TOC[:0]
	for _, h := range p.TOC {
		v.TOC = append(v.TOC, view.Heading(h))
	}
	v.Attachments = v.Attachments[:0]
	for _, a := range p.Attachments {
		v.Attachments = append(v.Attachments, view.Attachment(a))
	}
}

// renderFailed reports a Markdown body that could not be rendered, at its
// line when the renderer says which; bodyLine is the file's line on which
// the body starts.
func renderFailed(file string, bodyLine int, what string, err error) *diag.Error {
	var ne *markdown.NestingError
	if errors.As(err, &ne) {
		return diag.Errorf(diag.Position{File: file, Line: bodyLine + ne.Line - 1},
			fmt.Sprintf("把嵌套减到 %d 层以内：拆成几个并列的列表，或改用小标题分段。", markdown.MaxNesting),
			"列表或引用嵌套过深（至少 %d 层，上限 %d 层）", ne.Depth, markdown.MaxNesting)
	}
	return diag.Errorf(diag.Position{File: file}, "", "%s：%v", what, err)
}
