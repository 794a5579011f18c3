package builder

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/layout"
	"gongkai/generator/limits"
	"gongkai/generator/markup"
	"gongkai/generator/pii"
	"gongkai/generator/register"
	"gongkai/generator/site"
)

// pageVerdict is the guard's verdict on a page's text.
type pageVerdict struct {
	errs  diag.List
	clean uint64 // nonzero: clean under this key (pageKey)
}

// pageKey identifies a page's text under an allow-list and this detector.
func pageKey(p *content.Page, allowKey uint64) uint64 {
	var buf [16]byte
	kb := keyer{buf: buf[:0]}
	return kb.u64(p.Hash, allowKey, piiIdentity()).sum() | 1
}

// scanPage scans the front matter and the body (which must be loaded) of
// page p.
func scanPage(p *content.Page, allowed func(string) bool, key uint64) pageVerdict {
	errs := scanText(p.File, p.Front, 2, allowed)
	errs = append(errs, scanText(p.File, string(p.Body), p.BodyLine, allowed)...)
	if len(errs) > 0 {
		return pageVerdict{errs: errs}
	}
	return pageVerdict{clean: key}
}

// earlyScans are verdicts made while content is read, so that a page's
// body need not be held, or read again, until the guard runs.
type earlyScans struct {
	mu sync.Mutex
	m  map[*content.Page]pageVerdict
}

// scanWhileReading returns the verdicts and the hook for
// content.WalkWith that makes them: each page parsed afresh is scanned
// unless the parse cache says its text passed under the same key.
func scanWhileReading(cfg *config.Config, c *parsedCache) (*earlyScans, func(*content.Page)) {
	allowed, allowKey := allowList(cfg)
	e := &earlyScans{m: map[*content.Page]pageVerdict{}}
	return e, func(p *content.Page) {
		key := pageKey(p, allowKey)
		v := pageVerdict{clean: key}
		if id, ok := c.identity(p.Rel); !ok || id.Hash != p.Hash || id.PIIKey != key {
			v = scanPage(p, allowed, key)
		}
		e.mu.Lock()
		e.m[p] = v
		e.mu.Unlock()
	}
}

func (e *earlyScans) of(p *content.Page) (pageVerdict, bool) {
	if e == nil {
		return pageVerdict{}, false
	}
	v, ok := e.m[p]
	return v, ok
}

// GuardReport is what the personal-data guard tells the build summary.
type GuardReport struct {
	// Allowed lists the numbers config.toml lets through, with reasons.
	Allowed []config.Exception
	// Unscanned lists published files whose content could not be checked.
	Unscanned []Unscanned
	// Images counts published pictures, whose text is not recognised.
	Images int
	// UnscannedIsError is config's pii_unscanned = "error".
	UnscannedIsError bool
}

// Unscanned is a published file the guard could not read.
type Unscanned struct {
	File   string
	Reason string
}

// guardPersonalData stops the build on any unmasked ID, mobile or bank card
// number in what is published: page sources (front matter and body, read
// as a reader sees them), config.toml (its strings are shown on pages),
// attachment and static file names and contents of every type it can
// read, and the cells of data/ that unit pages show. Published files it cannot read
// are listed in the report (or are errors, if config says so).
//
// A page whose file passed under the same allow-list and detector version
// in an earlier build is not scanned again; the returned keys record which
// pages passed.
//
// early holds the verdicts made while content was read (earlyScans); a
// page it has is not read again.
func guardPersonalData(s *site.Site, src fs.FS, c *parsedCache, early *earlyScans, data *register.Merged, cacheDir string) (map[*content.Page]uint64, GuardReport, diag.List) {
	allowed, allowKey := allowList(s.Config)
	rep := GuardReport{Allowed: s.Config.PII, UnscannedIsError: s.Config.PIIUnscanned == "error"}
	// Paginated lists share their intro's source; scan each source once.
	var pages []*content.Page
	seen := map[*content.Page]bool{}
	for _, p := range s.Pages {
		src := p.Source
		if f, ok := data.Files[src]; ok {
			src = f // a unit from data/: its file, if any, here; its cells below
		}
		if src != nil && !seen[src] {
			seen[src] = true
			pages = append(pages, src)
		}
	}
	files := guardFiles(s, src)
	perPage := make([]diag.List, len(pages))
	clean := make([]uint64, len(pages))
	perFile := make([]pii.FileReport, len(files))
	oldVerdicts := loadVerdicts(cacheDir)
	verdicts := make([]verdict, len(files))
	verdictKeys := make([]uint64, len(files))
	active := make([]diag.List, len(files)) // errors of the file itself: code in an SVG, its size
	parallel(len(pages)+len(files), func(i int) {
		if i >= len(pages) {
			j := i - len(pages)
			raw, err := readPublished(src, files[j])
			var tl *tooLargeFile
			if errors.As(err, &tl) {
				active[j] = diag.List{tl.error(files[j])}
				return
			}
			if err == nil {
				if j < len(s.Files) && !s.Config.UnsafeSVG {
					active[j] = activeSVG(files[j], raw)
				}
				var ok bool
				perFile[j], verdictKeys[j], verdicts[j], ok = scanFileCached(files[j], raw, allowed, allowKey, oldVerdicts)
				if !ok {
					verdictKeys[j] = 0
				}
			} // else the copy step reports it
			return
		}
		p := pages[i]
		if v, ok := early.of(p); ok {
			perPage[i], clean[i] = v.errs, v.clean
			return
		}
		key := pageKey(p, allowKey)
		if id, ok := c.identity(p.Rel); ok && id.Hash == p.Hash && id.PIIKey == key {
			clean[i] = key
			return
		}
		if err := p.LoadBody(); err != nil {
			perPage[i] = diag.List{diag.Errorf(diag.Position{File: p.File}, "", "%v", err)}
			return
		}
		v := scanPage(p, allowed, key)
		perPage[i], clean[i] = v.errs, v.clean
	})
	if cacheDir != "" {
		next := map[uint64]verdict{}
		for j, k := range verdictKeys {
			if k != 0 {
				next[k] = verdicts[j]
			}
		}
		if !sameVerdicts(next, oldVerdicts) {
			_ = saveVerdicts(cacheDir, next) // a cache: failing to keep it costs time only
		}
	}
	var errs diag.List
	keys := map[*content.Page]uint64{}
	for i, l := range perPage {
		errs = append(errs, l...)
		keys[pages[i]] = clean[i]
	}
	errs = append(errs, guardCells(data, allowed)...)
	errs = append(errs, guardConfig(src, allowed)...)
	// A page's path is its URL, which reaches the sitemap, feeds and
	// search.
	for _, p := range pages {
		if p.Rel == "" {
			continue
		}
		for _, e := range scanText(p.File, strings.TrimSuffix(p.Rel, path.Ext(p.Rel)), 0, allowed) {
			e.Msg = "文件名（即页面网址）中" + e.Msg
			e.Hint = "把文件或文件夹改名（如用日期和序号：2016-03-01-1.md），去掉其中的个人信息；网址会出现在站点地图和搜索结果里。"
			errs.Add(e)
		}
	}
	for _, f := range s.Files {
		for _, e := range scanText(f.Src, path.Base(f.Src), 0, allowed) {
			e.Msg = "附件文件名中" + e.Msg
			e.Hint = "把文件改名，去掉其中的个人信息。"
			errs.Add(e)
		}
	}
	for i, f := range files {
		errs = append(errs, active[i]...)
		r := perFile[i]
		for _, h := range r.Hits {
			errs.Add(hitError(f, h))
		}
		switch {
		case r.Unscanned == "":
		case r.Image:
			rep.Images++
		default:
			rep.Unscanned = append(rep.Unscanned, Unscanned{File: f, Reason: r.Unscanned})
			if rep.UnscannedIsError {
				errs.Add(diag.Errorf(diag.Position{File: f},
					`另存为可检查的格式（.docx、.xlsx、带文字层的 PDF、文本文件），或人工确认无个人信息后删去 config.toml 中的 pii_unscanned = "error"。`,
					"无法检查此文件中是否有个人信息：%s", r.Unscanned))
			}
		}
	}
	return keys, rep, errs
}

// tooLargeFile is a published file over limits.MaxFile: size is its
// size, or 0 when it grew past the bound while read.
type tooLargeFile struct{ size int64 }

// error is the author's error for the file.
func (e *tooLargeFile) error(file string) *diag.Error {
	size := "（读取时仍在变大）"
	if e.size > 0 {
		size = "（大小 " + limits.MB(e.size) + "）"
	}
	return diag.Errorf(diag.Position{File: file},
		"压缩或拆分后再发布（PDF 可降低图片分辨率另存）；视频、安装包等大文件请放到视频平台或文件服务器上，在页面中链接。",
		"文件超过原样发布的文件 %s 的上限%s", limits.MB(limits.MaxFile), size)
}

func (e *tooLargeFile) Error() string { return "file over limits.MaxFile" }

// readPublished reads a file published as it is, refusing one over
// limits.MaxFile before reading it (or, should it grow meanwhile, once
// it has read that much). Other errors are the copy step's to report.
func readPublished(src fs.FS, name string) ([]byte, error) {
	f, err := src.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	if size > limits.MaxFile {
		return nil, &tooLargeFile{size: size}
	}
	data := make([]byte, 0, size+1) // one allocation when the size holds
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if len(data) > limits.MaxFile {
			return nil, &tooLargeFile{}
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// activeSVG refuses an SVG file that would run code: a browser runs its
// scripts on the portal's own origin when a reader opens it.
func activeSVG(file string, raw []byte) diag.List {
	if !strings.EqualFold(path.Ext(file), ".svg") {
		return nil
	}
	var errs diag.List
	for _, a := range markup.ActiveSVG(raw) {
		errs.Add(diag.Errorf(diag.Position{File: file, Line: a.Line},
			"用文本编辑器删去其中的 <script>…</script>、on… 事件属性和 javascript: 链接再发布；确实要发布带脚本的 SVG，在 config.toml 中写 unsafe_svg = true。",
			"SVG 文件含有会执行的代码（%s），发布后会在本站网址下运行", a.What))
	}
	return errs
}

// guardFiles lists the files whose contents the guard reads: every file
// published as it is (attachments, content files, static/), and the
// site's own layouts/ (a footer with a contact line, say).
func guardFiles(s *site.Site, src fs.FS) []string {
	files := make([]string, len(s.Files))
	for i, f := range s.Files {
		files[i] = f.Src
	}
	_ = fs.WalkDir(src, layout.Dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// guardConfig scans config.toml: its strings (the footer's contact, the
// subtitle, menu names) are shown on every page.
func guardConfig(src fs.FS, allowed func(string) bool) diag.List {
	raw, err := fs.ReadFile(src, config.FileName)
	if err != nil {
		return nil
	}
	text, ok := pii.DecodeText(raw)
	if !ok {
		return nil
	}
	return scanText(config.FileName, text, 1, allowed)
}

// piiIdentity identifies the detector whose verdicts the cache keeps: its
// version and the binary, so a stricter detector (an upgrade, or a build
// from other sources) scans every file again.
var piiIdentity = sync.OnceValue(func() uint64 { return newKeyer().u64(uint64(pii.Version), exeHash()).sum() })

// allowList returns config's exceptions as a set of bare numbers, read as
// the scanner reads text ("+86 138-0013-8000" is 13800138000), and a key
// for cached verdicts that changes with the list and the detector.
func allowList(cfg *config.Config) (func(string) bool, uint64) {
	set := map[string]bool{}
	for _, e := range cfg.PII {
		found := pii.Scan(e.Value, nil)
		for _, f := range found {
			set[f.Number] = true
		}
		if len(found) == 0 {
			var b strings.Builder
			for _, r := range e.Value {
				if r >= '0' && r <= '9' || r == 'X' || r == 'x' {
					b.WriteRune(r)
				}
			}
			set[strings.ToUpper(b.String())] = true
		}
	}
	numbers := make([]string, 0, len(set))
	for n := range set {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	k := newKeyer().u64(pii.Version)
	for _, n := range numbers {
		k.str(n)
	}
	return func(d string) bool { return set[d] }, k.sum()
}

// scanText reports findings in text that starts on line first of file
// (0: report no line, for file names).
func scanText(file, text string, first int, allowed func(string) bool) diag.List {
	var errs diag.List
	for _, h := range pii.ScanSourceLines(text, allowed) {
		pos := diag.Position{File: file}
		if first > 0 {
			pos.Line, pos.Col = first+h.Line-1, h.Col
		}
		errs.Add(diag.Errorf(pos, fixHint(h.Finding), "发现未打码的%s %s", h.Kind, shown(h.Finding)))
	}
	return errs
}

// hitError reports a finding in a published file: at its line in a text
// file, or at its place (cell, paragraph, page) in a document.
func hitError(file string, h pii.Hit) *diag.Error {
	if h.Where == "" {
		return diag.Errorf(diag.Position{File: file, Line: h.Line, Col: h.Col}, fixHint(h.Finding), "发现未打码的%s %s", h.Kind, shown(h.Finding))
	}
	return diag.Errorf(diag.Position{File: file}, h.Fix+fixHint(h.Finding), "%s：发现未打码的%s %s", h.Where, h.Kind, shown(h.Finding))
}

func fixHint(f pii.Finding) string {
	return fmt.Sprintf("改为打码形式 %s；确需公开的号码（如服务热线），在 config.toml 的 [[pii_exceptions]] 中登记并写明理由。", f.Masked)
}

// shown is the number as the author wrote it, on one line with invisible
// characters marked (⌧), and the bare
// number when the two differ (markup, character references, full-width
// digits).
func shown(f pii.Finding) string {
	text := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return '⌧' // invisible characters made visible
		}
		return r
	}, strings.NewReplacer("\r\n", "↵", "\n", "↵", "\r", "↵", "\t", " ").Replace(f.Text))
	if len([]rune(text)) > 80 {
		text = string([]rune(text)[:80]) + "…"
	}
	plain := true
	for i := 0; i < len(f.Text); i++ {
		if c := f.Text[i]; !(c >= '0' && c <= '9' || c == 'X' || c == 'x' || c == ' ' || c == '-') {
			plain = false
			break
		}
	}
	if plain {
		return text
	}
	return text + "（即 " + f.Number + "）"
}
