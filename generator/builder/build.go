// Package build is the one orchestrator: it runs config, content, site,
// markdown, layout and publish in order and collects every problem.
package builder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"golang.org/x/sync/errgroup"

	"time"

	"gongkai/generator/cache"
	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/layout"
	"gongkai/generator/markdown"
	"gongkai/generator/memlimit"
	"gongkai/generator/publish"
	"gongkai/generator/record"
	"gongkai/generator/register"
	"gongkai/generator/search"
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
	// Relative makes every link relative to its page whatever
	// relative_urls says: a copy for a USB stick or a file share.
	Relative bool
	Drafts   bool
	Future   bool
	Expired  bool
	Now      time.Time // the clock; zero means time.Now()
	// CacheDir holds what a build keeps for the next one (parsed pages,
	// page keys, output records); empty means no cache.
	CacheDir string
	// Trace, if set, receives the time each phase took.
	Trace io.Writer
	// Progress, if set, is called as pages are rendered.
	Progress func(done, total int)
	// Review fills Result.Review, for gongkai review; other builds only
	// check each page's sign-off (at 100,000 pages the list is 150 MB).
	Review bool
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
	// Review is every page's sign-off, in page order, when
	// Options.Review asked for it.
	Review []ReviewItem
	// Recorded is how many entries the build appended to the 修订记录.
	Recorded int
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
	last *lastBuild // of the last successful build; nil: read from CacheDir
	// Site is the last successful build's index.
	Site *site.Site
	// search is the search index of the last build; nil: read from
	// CacheDir.
	search *search.State
	// sheets is data/ as last parsed; nil: read from CacheDir.
	sheets *register.Parsed
	// recLog is the 修订记录 as last read or written; nil: read from
	// CacheDir. recDirty: it is not yet saved there.
	recLog   *recordCache
	recDirty bool
	// watch is set when the caller watches the site (serve): see Watch.
	watch *watching
}

// watching is what a watcher told the builder since the last good build.
type watching struct {
	sees    func(file string) bool // the files whose changes it names
	known   bool                   // a build since then succeeded and its records were saved
	changed map[string]bool        // site paths named since that build
}

func (w *watching) unchanged(file string) bool { return w.sees(file) && !w.changed[file] }

// Watch tells the builder that the caller watches the site from now on
// and names every file that changes (Changed) before the build that
// should see it: after a successful build, Markdown files not named are
// taken as that build read them, without asking the file system (at
// 10,000 pages, a tenth of serve's rebuild). sees says which files the
// watcher reports (not editors' temporary files, say): the others are
// always looked at.
func (b *Builder) Watch(sees func(file string) bool) {
	b.watch = &watching{sees: sees, changed: map[string]bool{}}
}

// Changed names files (slash paths inside the site) that changed since
// the last build. nil says changes may have been missed (the watcher
// overflowed): the next build asks the file system about every file.
func (b *Builder) Changed(files []string) {
	w := b.watch
	if w == nil {
		return
	}
	if files == nil {
		w.known = false
		return
	}
	for _, f := range files {
		w.changed[f] = true
	}
}

// NewBuilder returns a builder for the site and options of o.
func NewBuilder(o Options) *Builder { return &Builder{opts: o} }

// Build builds the site: into sink if it is not nil, else into the
// options' Dest. On any content, config or template error it returns a
// diag.List of all of them, and the output (directory or sink) keeps the
// last good site.
//
// A build is its list of stages; each leaves in the run what the next
// needs. Errors of content and config are collected, not returned, until
// the guard has run, so one build lists all of them.
func (b *Builder) Build(sink Sink) (Result, error) {
	r := b.newRun(sink)
	defer r.release()
	for _, st := range []struct {
		name string
		run  func() error
	}{
		{"load", r.load},     // config, caches, content/, data/; the theme in the background
		{"index", r.index},   // every URL, cross-reference and derived figure
		{"review", r.review}, // sign-offs; the 修订记录 read and its chain checked
		{"guard", r.guard},   // personal data in everything published
		{"assets", r.assets}, // the theme's CSS, JS and icons, fingerprinted
		{"render", r.render}, // pages whose keys changed, feeds, sitemap
		{"search", r.search}, // the search index, incrementally
		{"record", r.record}, // the 修订记录's new entries, the log and its page
		{"commit", r.commit}, // the publisher or the sink makes it the site
	} {
		if err := st.run(); err != nil {
			return r.fail(err)
		}
		r.phase(st.name)
	}
	r.res.Elapsed = time.Since(r.start)
	return r.res, nil
}

// run is one build in progress: what each stage leaves for the next.
type run struct {
	b     *Builder
	o     Options
	sink  Sink
	start time.Time
	last  time.Time // end of the last phase, for the trace
	errs  diag.List
	res   Result

	// bg is the build's background work: the theme, loaded while
	// content is read, and the parse cache's save, written while pages
	// render. Both are awaited in release at the latest.
	bg errgroup.Group

	dest          string
	claim         *publish.Claim
	built         *lastBuild   // what the last build left in dest
	parsed        *parsedCache // what earlier builds parsed
	early         *earlyScans  // the guard's verdicts on pages, made as they were read
	sheets        *register.Parsed
	sheetsDamaged bool
	sheetsErr     error // of saving sheets
	cfg           *config.Config
	mini          *publish.Minifier
	theme         theme
	assetURL      map[string]string
	cs            *content.Site
	walkErrs      diag.List
	data          *register.Merged
	site          *site.Site
	reviewed      int // pages whose sign-off was checked
	out           output
	pub           *publish.Publisher
	saved         func() error // waits for the parse cache's save
	// searchNext is the search index made, adopted with the commit.
	searchNext *search.State
	rd         *renderer
	// relCanon is config.toml's relative_urls, before --relative: the
	// form in which the 修订记录 hashes pages' content.
	relCanon bool
	rec      *recordRun
}

func (b *Builder) newRun(sink Sink) *run {
	o := b.opts
	r := &run{b: b, o: o, sink: sink, start: time.Now(), saved: func() error { return nil }}
	r.last = r.start
	if r.o.Now.IsZero() {
		r.o.Now = r.start
	}
	r.dest = o.Dest
	if !o.Check {
		if abs, err := filepath.Abs(o.Dest); err == nil {
			r.dest = abs
		}
	}
	return r
}

// phase writes the time since the last phase to the trace.
func (r *run) phase(name string) {
	if r.o.Trace != nil {
		now := time.Now()
		fmt.Fprintf(r.o.Trace, "  %-12s %6.0f ms  %s\n", name, float64(now.Sub(r.last).Microseconds())/1000, heapNote())
		heapProfileAt(name)
		r.last = now
	}
}

// heapNote says how much of the heap was live at the last collection and
// how much memory the runtime holds, for the trace.
func heapNote() string {
	return fmt.Sprintf("live %4d MB, held %5d MB", memlimit.Live()>>20, memlimit.Held()>>20)
}

// heapProfileAt writes a heap profile after the phase named by
// GONGKAI_HEAPPROFILE_PHASE to the file GONGKAI_HEAPPROFILE names: the
// profile --memprofile writes at the end no longer holds the build.
func heapProfileAt(phase string) {
	if os.Getenv("GONGKAI_HEAPPROFILE_PHASE") != phase || os.Getenv("GONGKAI_HEAPPROFILE") == "" {
		return
	}
	f, err := os.Create(os.Getenv("GONGKAI_HEAPPROFILE"))
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	_ = pprof.WriteHeapProfile(f)
}

// stop ends the build after a stage when errors were collected.
func (r *run) stop() error { return r.errs.Err() }

// fail ends a build that did not succeed: the output keeps the last good
// site.
func (r *run) fail(err error) (Result, error) {
	if r.sink != nil {
		r.sink.Abort()
	}
	r.res.Warnings = r.errs.Warnings().Sort()
	if r.pub != nil {
		r.pub.Abort()
		// A full disk fails every file: say it once.
		if perr := r.pub.Failed(); perr != nil {
			return r.res, perr
		}
	}
	if l, ok := err.(diag.List); ok {
		return r.res, l.Sort()
	}
	return r.res, err
}

// release waits for the background work and lets go of the output.
func (r *run) release() {
	r.bg.Wait() //nolint: the work reports through the run, never by error
	r.saved()
	if r.claim != nil {
		// Both do nothing once the commit has run and Finish released it.
		r.claim.Abandon()
		r.claim.Release()
	}
}

// load reads config, the caches, content/ and data/, and starts the
// theme's load in the background.
func (r *run) load() error {
	o := r.o
	if !o.Check && r.sink == nil {
		claim, err := publish.Acquire(publish.ClaimOptions{
			Dest: r.dest, Source: o.SourceDir, Inputs: inputDirs, Force: o.ForceDest, Waiting: o.Waiting,
			Known: func() map[string]bool { return legacyOutputs(o.CacheDir, r.dest) },
		})
		if err != nil {
			return err
		}
		r.claim = claim
	}
	// The caches load while config is read.
	var caches errgroup.Group
	caches.Go(func() error { r.parsed = loadParsed(o.CacheDir); return nil })
	caches.Go(func() error {
		if r.b.sheets != nil {
			r.sheets = r.b.sheets
		} else {
			r.sheets, r.sheetsDamaged = loadSheets(o.CacheDir)
		}
		return nil
	})
	caches.Go(func() error {
		if r.b.last != nil {
			r.built = r.b.last
		} else {
			r.built = loadBuild(o.CacheDir, r.dest)
		}
		return nil
	})
	cfg, e := config.Load(o.Source)
	r.errs = append(r.errs, e...)
	if cfg != nil && o.BaseURL != "" {
		cfg.BaseURL = o.BaseURL
		c2, e := reparseBase(cfg)
		if e != nil {
			caches.Wait()
			return diag.List{e}
		}
		cfg = c2
	}
	caches.Wait()
	if cfg != nil {
		r.relCanon = cfg.RelativeURLs
	}
	if cfg != nil && o.Relative {
		cfg.RelativeURLs = true
	}
	if r.sheetsDamaged {
		r.errs.Add(damagedNotice(o.CacheDir, []string{sheetsFile}, "data/ 中的表格已重新读取"))
	}
	if cfg == nil {
		return r.errs
	}
	// Whether the last build's files are still as recorded is checked
	// while content is read and indexed.
	if r.built.Outputs != nil && r.claim != nil {
		r.built.check = publish.StartCheck(r.claim, r.built.Outputs)
	}
	r.cfg = cfg
	// The theme is read and parsed while content is: templates look up
	// asset names only when they run, after the assets stage.
	r.mini = publish.NewMinifier()
	r.bg.Go(func() error {
		r.theme = loadTheme(o, cfg, r.mini, func(name string) string { return r.assetURL[name] })
		return nil
	})
	if w := r.b.watch; w != nil && w.known {
		r.parsed.unchanged = w.unchanged
	}
	var scan func(*content.Page)
	r.early, scan = scanWhileReading(cfg, r.parsed)
	r.cs, r.walkErrs = content.WalkWith(o.Source, r.parsed.parsed, scan)
	if n := cacheNotice(o.CacheDir, r.built, r.parsed); n != nil {
		r.errs.Add(n)
	}
	r.errs = append(r.errs, r.walkErrs...)
	if err := memlimit.Check(len(r.cs.Pages), "读取内容"); err != nil {
		return err
	}
	data, e := loadData(o.Source, cfg, r.cs, r.sheets)
	r.data = data
	r.errs = append(r.errs, e...)
	// The sheets as read are kept whatever the build's outcome: they are
	// keyed by the files' bytes alone.
	r.b.sheets = r.sheets
	if !o.Check {
		r.bg.Go(func() error {
			if err := saveSheets(o.CacheDir, r.sheets); err != nil {
				r.sheetsErr = err
			}
			return nil
		})
	}
	return nil
}

// index makes the site: every page's URL, lists, cross-references and
// the portal's figures.
func (r *run) index() error {
	o := r.o
	s, e := site.Index(r.cfg, r.data.Site, site.Options{Drafts: o.Drafts, Future: o.Future, Expired: o.Expired, Now: o.Now})
	r.errs = append(r.errs, e...)
	r.site = s
	return memlimit.Check(len(s.Pages), "建立索引")
}

// guard stops the build on personal data in anything published, and
// starts saving what was parsed (with the guard's verdicts) for the next
// build. It is the last stage to collect errors: after it, a build with
// errors stops.
func (r *run) guard() error {
	piiKeys, rep, e := guardPersonalData(r.site, r.o.Source, r.parsed, r.early, r.data, r.o.CacheDir)
	r.early = nil
	r.res.Guard = rep
	r.errs = append(r.errs, e...)
	if !r.o.Check {
		r.saved = r.parsed.update(r.o.CacheDir, cacheable(r.cs.Pages, r.walkErrs), piiKeys)
	}
	r.b.Site = nil
	if r.errs.Err() != nil {
		r.errs = append(r.errs, r.checkLinks()...)
	}
	return r.stop()
}

// assets opens the output and writes the theme's assets into it.
func (r *run) assets() error {
	r.bg.Wait() // the theme
	r.errs = append(r.errs, r.theme.errs...)
	if err := r.stop(); err != nil {
		return err
	}
	switch {
	case r.o.Check:
		r.out = discard{r.mini}
	case r.sink != nil:
		r.out = r.sink
	default:
		pub, err := publish.Open(r.claim, r.built.Outputs, r.built.check)
		if err != nil {
			return err
		}
		r.pub, r.out = pub, pub
	}
	var e diag.List
	r.assetURL, e = writeAssets(r.out, r.theme.files)
	r.errs = append(r.errs, e...)
	return r.stop()
}

// render makes every page's view and key, and renders the pages whose key
// changed, with the feeds, the sitemap and the attachments.
func (r *run) render() error {
	s, o := r.site, r.o
	vs := view.Make(s, sourceDigest(o.Source, markdownIdentity(r.cfg)))
	rd := &renderer{source: o.Source, site: s, tpl: r.theme.tpl, out: r.out, mini: r.mini,
		md:       markdown.New(markdown.Options{UnsafeHTML: r.cfg.UnsafeHTML, SummaryLength: r.cfg.SummaryLength}),
		progress: o.Progress,
		views:    vs, keys: newKeys(vs, o.Source, r.theme.files, r.assetURL, o), old: r.built.Pages,
		recs: make([]pageRec, len(s.Pages)), texts: make([]string, len(s.Pages)), hasText: make([]bool, len(s.Pages)), extra: map[string]pageRec{},
		index: pageIndex(s), rendered: make([]bool, len(s.Pages)), changed: make([]bool, len(s.Pages)),
		rec: r.rec}
	if r.reviewed > 0 || len(r.rec.log.Entries) > 0 {
		vs.Site.Revisions = record.PageURL
	}
	r.rd = rd
	r.errs = append(r.errs, rd.renderAll(func() diag.List { return rd.writeExtras(o.Source) })...)
	if p, ok := r.sink.(previewer); ok && r.errs.Err() == nil {
		p.Preview()
	}
	return nil
}

// search writes the search index; a build with errors stops after it.
// check has no index to write.
func (r *run) search() error {
	if r.o.Check {
		return r.stop()
	}
	// The last index is used up by the update: a build that fails from
	// here on leaves none, and the next one starts from the store.
	old := r.b.search
	r.b.search = nil
	if old == nil {
		var err error
		old, err = search.Load(store(r.o.CacheDir))
		if cache.Damaged(err) {
			r.errs.Add(damagedNotice(r.o.CacheDir, []string{search.StateFile}, "搜索索引按无缓存重新生成"))
		}
		if old != nil && old.Epoch != r.built.Epoch {
			old = nil // not the index of the output recorded
		}
	}
	var e diag.List
	r.searchNext, e = r.rd.writeSearchIndex(old)
	r.errs = append(r.errs, e...)
	if old != nil && len(old.Texts.Damaged()) > 0 {
		r.errs.Add(damagedNotice(r.o.CacheDir, old.Texts.Damaged(), "搜索索引按无缓存重新生成"))
	}
	if err := r.stop(); err != nil {
		return err
	}
	if r.pub != nil {
		if err := r.pub.Failed(); err != nil {
			return err
		}
	}
	return nil
}

// commit makes the build the site: the sink or the publisher swaps it in,
// and the records for the next build are saved.
func (r *run) commit() error {
	s, rd := r.site, r.rd
	r.res.Pages = len(s.Pages)
	for _, w := range s.Withdrawn {
		r.res.Withdrawn = append(r.res.Withdrawn, Withdrawn{File: w.Disclosure.Page.File, Until: w.Until})
	}
	r.res.Rendered = rd.renderedURLs()
	r.res.Warnings = r.errs.Warnings().Sort()
	next := newCache(r.dest)
	next.Epoch = uint64(r.start.UnixNano())
	if r.searchNext != nil {
		r.searchNext.Epoch = next.Epoch
	}
	for i, p := range s.Pages {
		next.Pages[p.URL] = rd.recs[i]
	}
	for k, v := range rd.extra {
		next.Pages[k] = v
	}
	var saveErr error
	if r.sink != nil {
		r.res.Written, r.res.Unchanged, r.res.Removed = r.sink.Commit()
		saveErr = r.saved()
		if w := r.b.watch; w != nil && saveErr == nil && r.o.CacheDir != "" {
			// The records just saved are what the files are now.
			w.known, w.changed = true, map[string]bool{}
		}
	} else if r.pub != nil {
		// The search index is saved while the publisher commits; it
		// names the epoch that build.bin, written only after a commit,
		// must have for the index to be used with it.
		var saving errgroup.Group
		saving.Go(func() error { return r.searchNext.Save(store(r.o.CacheDir)) })
		st, records, err := r.pub.Commit()
		saveErr = saving.Wait()
		if err != nil {
			return err
		}
		r.res.Written, r.res.Unchanged, r.res.Removed = st.Written, st.Unchanged, st.Removed
		next.Outputs = records
		r.phase("  publish")
		head, err := r.saveRecord()
		next.RecordHead = head
		if err != nil {
			r.res.Warnings = append(r.res.Warnings, diag.Warnf(diag.Position{File: record.File}, "检查站点目录的写权限。这次发布的记录已在输出目录的 "+record.File+" 中，下次构建会自动补回。", "无法写入修订记录：%v", err))
		}
		if err := saveBuild(r.o.CacheDir, next); saveErr == nil {
			saveErr = err
		}
		if serr := r.saved(); saveErr == nil {
			saveErr = serr
		}
		if serr := r.b.saveLog(store(r.o.CacheDir)); saveErr == nil {
			saveErr = serr
		}
		r.phase("  save")
		if err := r.pub.Finish(); err != nil {
			return err
		}
	}
	if r.o.Check {
		return nil
	}
	if saveErr == nil {
		saveErr = r.sheetsErr
	}
	r.b.last, r.b.Site, r.b.search = next, s, r.searchNext
	if saveErr != nil {
		r.res.Warnings = append(r.res.Warnings, diag.Warnf(diag.Position{File: r.o.CacheDir}, "检查该目录的写权限；缓存只影响下次构建的速度。", "无法保存构建缓存：%v", saveErr))
	}
	return nil
}

// inputDirs are the parts of a site an output directory must never be in.
var inputDirs = []string{content.Dir, layout.Dir, content.StaticDir, "data", ".gongkai"}

// theme is the loaded theme: its files and parsed templates.
type theme struct {
	files map[string][]byte
	tpl   *layout.Templates
	errs  diag.List
}

// loadTheme reads the theme's files and parses its templates.
func loadTheme(o Options, cfg *config.Config, mini *publish.Minifier, asset func(string) string) theme {
	var t theme
	t.files, t.errs = layout.Theme(o.Theme, o.Source)
	if t.errs.Err() == nil {
		var e diag.List
		t.tpl, e = layout.Load(t.files, layout.Funcs(cfg, asset), mini.Template)
		t.errs = append(t.errs, e...)
	}
	return t
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
