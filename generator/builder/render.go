package builder

import (
	"bytes"
	"errors"
	"fmt"
	"gongkai/generator/diag"
	"gongkai/generator/layout"
	"gongkai/generator/markdown"
	"gongkai/generator/publish"
	"gongkai/generator/relurl"
	"gongkai/generator/site"
	"gongkai/generator/view"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

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

	keys     *keys
	views    *view.Views
	changed  []bool             // the page's Markdown was rendered in pass 1
	old      map[string]pageRec // last build's pages, by URL
	recs     []pageRec          // this build's, by index in site.Pages
	texts    []string           // plain text of the bodies rendered, for search
	hasText  []bool             // whether texts holds the page's text
	extra    map[string]pageRec // this build's feeds, by path
	rendered []bool
	index    map[*site.Page]int
	rec      *recordRun // the 修订记录; nil in tests of the renderer alone

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
		if p.Withdrawal != nil && r.rec != nil {
			r.rec.noteWithdrawn(i, p)
		}
		return nil
	}
	if old, ok := r.old[p.URL]; ok && old.Digest == rec.Digest && r.sameLinks(p, old.Links) && (r.rec == nil || !logged(p) || r.rec.reusable(old.Record)) {
		rec.Summary, rec.Truncated, rec.Links, rec.Record = old.Summary, old.Truncated, old.Links, old.Record
		p.Summary, p.Truncated = old.Summary, old.Truncated
		r.noteRecord(i)
		return nil
	}
	r.changed[i] = true
	errs := r.markdown(i)
	r.noteRecord(i)
	return errs
}

// noteRecord notes the 修订记录 entry page i needs, if any.
func (r *renderer) noteRecord(i int) {
	if p := r.site.Pages[i]; r.rec != nil && logged(p) && r.recs[i].Record != "" {
		r.rec.note(i, p, r.recs[i].Record)
	}
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
	v.History = r.rec.history(i, p)
	key := r.keys.page(v)
	r.recs[i].Key = key
	var errs diag.List
	if old, ok := r.old[p.URL]; ok && old.Key == key && !r.changed[i] {
		if r.out.Keep(outputName(p)) {
			r.tick()
			return nil
		}
		if a, ok := r.out.(interface{ Altered(string) bool }); ok && r.rec != nil && logged(p) && a.Altered(outputName(p)) {
			// The last build wrote this page and nothing it depends on
			// changed: someone else changed or removed the file.
			errs.Add(diag.Warnf(diag.Position{File: p.Source.File}, "已按源文件和修订记录重新生成这个页面。输出目录只应由 gongkai 写入；线上的副本可以用 gongkai verify 网址 核对。",
				"输出目录中的 %s 在上次构建之后被改动或删除了", outputName(p)))
		}
	}
	if p.Source != nil && !r.changed[i] {
		// The view changed, not the Markdown: render it for the page.
		r.recs[i].Links = nil
		errs = append(errs, r.markdown(i)...)
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
	if r.rec != nil && logged(p) {
		rec.Record = r.rec.contentHash(p)
	}
	p.TOC = res.TOC
	r.texts[i], r.hasText[i] = res.Text, true
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
	if r.rec != nil && logged(p) {
		markContent(v)
	}
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
	if r.rec != nil && r.rec.check && logged(p) && r.recs[i].Record != "" {
		if e := r.rec.checkRegion(p, out, r.recs[i].Record); e != nil {
			return diag.List{e}
		}
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

// parallel runs f(0..n-1), one goroutine per CPU at a time.
func parallel(n int, f func(i int)) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error { f(i); return nil })
	}
	g.Wait()
}
