package builder

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/record"
	"gongkai/generator/relurl"
	"gongkai/generator/review"
	"gongkai/generator/site"
	"gongkai/generator/view"
)

// ReviewItem is a page's sign-off as gongkai review lists it and prints
// its 《信息发布审核表》.
type ReviewItem struct {
	File     string
	URL      string
	Title    string
	Section  string // the section's title
	Unit     string // a disclosure's unit, by name
	Category string // a disclosure's category, by name
	Summary  string // front matter summary, if any
	Date     time.Time
	Roles    []string // the roles config asks of it; none when not required
	Status   review.Status
	Review   *content.Review
	Hash     string // the content as it is now (content.ContentHash)
}

// recordRun is the 修订记录 during one build: the log as read, the entry
// each page needs, and the log as this build leaves it.
type recordRun struct {
	log     record.Log
	byURL   map[string][]record.Entry
	latest  map[string]record.Entry
	date    string
	loc     *time.Location
	rel     bool   // hash pages' content with relative links (config's relative_urls)
	base    string // the site's base path, for relative links
	persist bool   // append to the site's revisions.jsonl after the commit
	// check is set when pages are published in the form their content is
	// hashed in (not for a --relative copy of an absolute site).
	check bool
	// recovered is set when the log was completed from the published
	// copy of a build killed between its commit and the log's write.
	recovered int

	pending []record.Entry // by page index; Kind "" when none

	mu       sync.Mutex
	unmarked map[string]int // kind → pages whose template did not show .Page.Content
	next     record.Log     // with this build's entries
	added    int
}

// review checks every page's sign-off against the roles config asks of
// it, and reads the 修订记录, refusing one that does not chain.
func (r *run) review() error {
	if r.o.Review {
		r.res.Review = make([]ReviewItem, 0, len(r.site.Pages))
	}
	for _, p := range r.site.Pages {
		src := p.Source
		if src == nil || src.Incomplete() {
			continue
		}
		cat := ""
		if src.Disclosure != nil {
			cat = src.Disclosure.Category
		}
		roles := r.cfg.Review.RolesFor(src.Section, cat)
		r.errs = append(r.errs, review.Check(src, roles)...)
		r.reviewed++
		if r.o.Review {
			r.res.Review = append(r.res.Review, reviewItem(p, roles))
		}
	}
	rec, e := r.loadRecord()
	r.rec = rec
	r.errs = append(r.errs, e...)
	return nil
}

// reviewItem is what gongkai review shows of page p.
func reviewItem(p *site.Page, roles []string) ReviewItem {
	src := p.Source
	it := ReviewItem{File: src.File, URL: p.URL, Title: p.Title, Summary: src.Summary, Date: p.Date,
		Roles: roles, Status: review.Of(src, roles), Review: src.Review, Hash: src.ContentHash}
	if p.Section != nil {
		it.Section = p.Section.Title
	}
	if d := p.Disclosure; d != nil {
		if d.Unit != nil {
			it.Unit = d.Unit.Name()
		}
		if p.Category != nil {
			it.Category = p.Category.Name
		}
	}
	return it
}

// loadRecord reads the site's revisions.jsonl. A log that does not chain
// is an error naming its first broken line; one shorter than the log this
// output published or the last build recorded lost entries, unless a build
// was killed after its commit and before the log's write, which the
// published copy then completes.
func (r *run) loadRecord() (*recordRun, diag.List) {
	rr := &recordRun{
		date: r.o.Now.In(r.cfg.Location).Truncate(time.Second).Format(time.RFC3339),
		loc:  r.cfg.Location, rel: r.relCanon, base: r.cfg.BasePath,
		// A --relative copy of a site with relative_urls = false appends
		// nothing; on a site with relative links it is the site itself.
		persist: !r.o.Check && r.sink == nil && r.o.SourceDir != "" && (!r.o.Relative || r.relCanon),
		pending: make([]record.Entry, len(r.site.Pages)),
	}
	rr.check = rr.rel == r.cfg.RelativeURLs
	if !rr.persist {
		// A preview or a copy appends nothing: its entries say the day,
		// so two previews of the same sources are the same files.
		t := r.o.Now.In(r.cfg.Location)
		rr.date = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, r.cfg.Location).Format(time.RFC3339)
	}
	pos := diag.Position{File: record.File}
	data, err := fs.ReadFile(r.o.Source, record.File)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return rr, diag.List{diag.Errorf(pos, "", "读不到修订记录：%v", err)}
	}
	l, damaged, err := r.b.readLog(data)
	var errs diag.List
	if damaged {
		errs.Add(damagedNotice(r.o.CacheDir, []string{recordCacheFile}, "修订记录已重新读取"))
	}
	var ce *record.ChainError
	if errors.As(err, &ce) {
		pos.Line = ce.Line
		return rr, append(errs, diag.Errorf(pos, "修订记录只能由 gongkai 追加，不能改写或删除。用 git log -p "+record.File+" 找回原来的记录，恢复后再构建；发布过的副本（public/"+record.File+"）里也有。",
			"修订记录不连贯，拒绝构建：%s", ce.Msg))
	}
	// The published copy is read only to complete the log of a build
	// killed after its commit: this output's last build (the cache knows
	// it) left the log as it is now, and the copy goes on from there. An
	// output may hold another site's copy (one output, two sources), so a
	// copy that does not go on from this log is none of its business.
	if rr.persist && r.claim != nil && r.built.Epoch != 0 && r.built.RecordHead == l.Head().Entry {
		// Usually the copy is the log itself: its length says so before
		// anything is read (a log checked out with CRLF line ends is
		// longer than its copy and is compared entry by entry). One that
		// goes on from the log's bytes needs only its new lines parsed.
		name := filepath.Join(r.dest, record.File)
		if st, err := os.Stat(name); err == nil && st.Size() != int64(len(data)) {
			pub, _ := os.ReadFile(name)
			parse := record.Parse
			if bytes.HasPrefix(pub, data) {
				parse = func(pub []byte) (record.Log, error) { return record.ParseAfter(pub, l) }
			}
			if pl, err := parse(pub); err == nil && len(pl.Entries) > len(l.Entries) && pl.HasPrefix(l) {
				rr.recovered = len(pl.Entries) - len(l.Entries)
				l = pl
				errs.Add(diag.Warnf(pos, "", "上次构建在发布之后、写入修订记录之前中断了：已从 %s 补回 %d 条记录", filepath.Join(r.dest, record.File), rr.recovered))
			}
		}
	}
	if head := r.built.RecordHead; rr.persist && head != "" && errs.Err() == nil && !slices.ContainsFunc(l.Entries, func(e record.Entry) bool { return e.Entry == head }) {
		errs.Add(diag.Errorf(pos, "修订记录只能追加：用 git checkout "+record.File+" 或已发布的副本恢复被删除的记录。",
			"修订记录缺少上次构建写下的最后一条记录（现在只有 %d 条）：末尾的记录被删除了", len(l.Entries)))
	}
	rr.log, rr.byURL, rr.latest = l, l.ByURL(), l.Latest()
	return rr, errs
}

// logged reports whether a page's content is recorded in the 修订记录:
// every page made from a Markdown file, except section introductions.
func logged(p *site.Page) bool { return p.Source != nil && !p.Source.IsIndex }

// recordMode names the form in which pages' content is hashed.
func (rr *recordRun) mode() string {
	if rr.rel {
		return "rel " + rr.base + " "
	}
	return ""
}

// contentHash hashes a page's content as published between the record's
// markers, and notes the entry the page needs.
func (rr *recordRun) contentHash(p *site.Page) string {
	c := []byte(p.Content)
	if rr.rel {
		c = relurl.Rewrite(c, p.URL, rr.base)
	}
	return rr.mode() + record.Sum(c)
}

// linkFormReason is the reason of an entry whose content changed only in
// how its links are written: relative_urls switched (or its default, on
// since gongkai made copies for USB sticks work without a flag).
const linkFormReason = "只是链接的写法变了（relative_urls），正文内容没有变"

// note records page i's entry, if it needs one, from its content hash.
func (rr *recordRun) note(i int, p *site.Page, rec string) {
	last, ok := rr.latest[p.URL]
	hash := rec[len(rr.mode()):]
	reason := p.Source.ChangeReason
	if ok && reason == "" && last.Kind != record.Withdrawn && last.Hash != hash && rr.otherForm(p) == last.Hash {
		reason = linkFormReason
	}
	if e, need := record.Pending(last, ok, p.URL, record.Page{Hash: hash, Reason: reason}, rr.date); need {
		rr.pending[i] = e
	}
}

// otherForm hashes a page's content with its links written the other way
// (site paths if this build writes them relative, and the reverse).
func (rr *recordRun) otherForm(p *site.Page) string {
	c := []byte(p.Content)
	if !rr.rel {
		c = relurl.Rewrite(c, p.URL, rr.base)
	}
	return record.Sum(c)
}

// noteWithdrawn records the withdrawal of a disclosure past its
// retention, whose URL now shows only that it was taken down.
func (rr *recordRun) noteWithdrawn(i int, p *site.Page) {
	last, ok := rr.latest[p.URL]
	if !ok {
		return
	}
	reason := "保留期满，公开至 " + p.Withdrawal.Until.Format("2006-01-02")
	if src := p.Withdrawal.Disclosure.Page; src != nil && src.ChangeReason != "" {
		reason = src.ChangeReason
	}
	if e, need := record.Withdrawal(last, reason, rr.date); need {
		rr.pending[i] = e
	}
}

// history is the 修订记录 of page i's URL as its page shows it: the log's
// entries, and the one this build appends.
func (rr *recordRun) history(i int, p *site.Page) []view.Revision {
	if rr == nil {
		return nil
	}
	es := rr.byURL[p.URL]
	out := make([]view.Revision, 0, len(es)+1)
	for _, e := range es {
		out = append(out, revision(e, rr.loc))
	}
	if e := rr.pending[i]; e.Kind != "" {
		out = append(out, revision(e, rr.loc))
	}
	if len(out) == 0 {
		return nil
	}
	for i := range out {
		// The page does not show numbers: the entry it gets in this
		// build has none yet, and the next build would render it again.
		out[i].Seq = 0
	}
	return out
}

// reusable reports whether a page's Record of the last build was hashed in
// this build's form.
func (rr *recordRun) reusable(old string) bool {
	return len(old) == len(rr.mode())+len("sha256:")+64 && strings.HasPrefix(old, rr.mode())
}

// revision is an entry as pages show it. Its date is the day, in the
// site's time zone: the entry a build is about to append and the same
// entry read back from the log make the same view (the next build renders
// nothing again), and a preview that appends nothing (serve) does not
// render every new page again each second.
func revision(e record.Entry, loc *time.Location) view.Revision {
	t := e.Time().In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	return view.Revision{Seq: e.Seq, Date: day, Kind: e.Kind, Reason: e.Reason, Hash: e.Hash, URL: e.URL}
}

// record appends this build's entries to the log (in memory: the site's
// file is written after the commit) and writes the log and its page into
// the output.
func (r *run) record() error {
	rr, s := r.rec, r.site
	present := make(map[string]bool, len(s.Pages))
	var news []record.Entry
	for i, p := range s.Pages {
		present[p.URL] = true
		if e := rr.pending[i]; e.Kind != "" {
			news = append(news, e)
		}
	}
	for url, last := range rr.latest {
		if !present[url] {
			if e, need := record.Withdrawal(last, "", rr.date); need {
				news = append(news, e)
			}
		}
	}
	for kind, n := range rr.unmarked {
		r.errs.Add(diag.Warnf(diag.Position{File: "layouts/" + kind + ".html"}, "模板要原样输出 {{.Page.Content}}：修订记录记下的是正文的哈希，gongkai verify 靠页面中的正文核对。",
			"%d 个页面没有输出正文 .Page.Content，发布后无法用 gongkai verify 核对", n))
	}
	rr.next, _ = rr.log.Append(news)
	rr.added = len(news)
	r.res.Recorded = rr.added
	if r.o.Check || len(rr.next.Entries) == 0 {
		return nil
	}
	for _, p := range s.Pages {
		if strings.HasPrefix(p.URL, record.PageURL) {
			file := "content/"
			if p.Source != nil {
				file = p.Source.File
			}
			return diag.List{diag.Errorf(diag.Position{File: file}, "给这个页面或栏目换一个 slug 或文件名。", "%s 是修订记录页面的地址（%s 下都是），不能再有别的页面", p.URL, record.PageURL)}
		}
	}
	// The log and its page are made again only when their keys change:
	// at 10,000 pages they are 3 MB and 9,000 rows.
	name := "/" + record.File
	if !r.unchanged(name, r.rd.keys.other(name, rr.next.Head().Entry)) {
		if err := r.out.WriteRaw(name, rr.next.Encode()); err != nil {
			return diag.List{diag.Errorf(diag.Position{File: record.File}, "", "写出修订记录失败：%v", err)}
		}
	}
	return r.writeRevisionsPage()
}

// unchanged notes an extra file's key and reports whether the output
// keeps the last build's file, which had the same key.
func (r *run) unchanged(name string, key uint64) bool {
	rd := r.rd
	rd.extra[name] = pageRec{Key: key}
	old, ok := rd.old[name]
	return ok && old.Key == key && rd.out.Keep(name)
}

// revisionsPerPage is how many entries a page of the 修订记录 shows: at
// 10,000 pages the log has 9,000 entries, a page of 3 MB for a phone and a
// template run of a tenth of a second on every build.
var revisionsPerPage = 500 // a variable for tests

// writeRevisionsPage renders the 修订记录's pages, newest entries first:
// the log in parts of revisionsPerPage entries counted from the first,
// the newest part at /revisions/, the others at /revisions/N/. A part is
// rendered again only when its key changes: appending touches the newest.
func (r *run) writeRevisionsPage() error {
	rr, s := r.rec, r.site
	es := rr.next.Entries
	parts := (len(es) + revisionsPerPage - 1) / revisionsPerPage
	url := func(part int) string {
		if part == parts-1 {
			return record.PageURL
		}
		return fmt.Sprintf("%s%d/", record.PageURL, part+1)
	}
	for part := range parts {
		lo, hi := part*revisionsPerPage, min((part+1)*revisionsPerPage, len(es))
		v := &view.Revisions{File: "/" + record.File, First: lo + 1, Last: hi}
		if part == parts-1 {
			// Only the newest part says what grows: an older part's
			// file stays as it is.
			v.Head, v.Total = rr.next.Head().Entry, len(es)
		}
		for i := hi - 1; i >= lo; i-- {
			rv := revision(es[i], s.Config.Location)
			if p := s.ByURL[es[i].URL]; p != nil && logged(p) {
				rv.Title = p.Title
			}
			v.Entries = append(v.Entries, rv)
		}
		if part > 0 {
			v.Older = url(part - 1)
		}
		if part < parts-1 {
			v.Newer = url(part + 1)
		} else {
			for q := parts - 1; q >= 0 && parts > 1; q-- {
				v.Parts = append(v.Parts, view.RevisionPart{First: q*revisionsPerPage + 1, Last: min((q+1)*revisionsPerPage, len(es)), URL: url(q), Current: q == part})
			}
		}
		if err := r.revisionsPart(url(part), v); err != nil {
			return err
		}
	}
	return nil
}

// revisionsPart renders one page of the 修订记录, unless the output keeps
// it as the last build made it.
func (r *run) revisionsPart(url string, v *view.Revisions) error {
	s := r.site
	// Crumbs are the trail before the page's own title; TrailKey names
	// the trail for the theme's cache of it.
	page := &view.Page{Kind: "revisions", URL: url, Title: "修订记录", Revisions: v,
		Crumbs: []view.Link{{Title: "首页", URL: "/"}}, TrailKey: "\x00revisions"}
	if url != record.PageURL {
		page.Title = fmt.Sprintf("修订记录（第 %d–%d 条）", v.First, v.Last)
		page.Crumbs = append(page.Crumbs, view.Link{Title: "修订记录", URL: record.PageURL})
		page.TrailKey = "\x00revisions/"
	}
	name := url + "index.html"
	if r.unchanged(name, r.rd.keys.page(page)) {
		return nil
	}
	var buf bytes.Buffer
	if err := r.theme.tpl.Execute(&buf, page.Kind, view.Data{Site: r.rd.views.Site, Page: page}); err != nil {
		return diag.List{diag.Errorf(diag.Position{File: "layouts/revisions.html"}, "对照默认主题的 revisions.html 检查。", "生成修订记录页面失败：%v", err)}
	}
	out := buf.Bytes()
	if s.Config.RelativeURLs {
		out = relurl.Rewrite(out, url, s.Config.BasePath)
	}
	return r.out.WriteRaw(name, out)
}

// saveRecord writes the log with this build's entries into the site,
// after the commit published them: a build killed before leaves no entry
// for pages it did not publish; one killed after is completed by the next
// build from the published copy (see loadRecord).
func (r *run) saveRecord() (head string, err error) {
	rr := r.rec
	head = r.built.RecordHead
	if rr == nil || !rr.persist {
		return head, nil
	}
	if rr.added == 0 && rr.recovered == 0 {
		return rr.next.Head().Entry, nil
	}
	name := filepath.Join(r.o.SourceDir, record.File)
	tmp := name + ".tmp"
	written, data := rr.next.Written()
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return head, err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return head, err
	}
	r.b.wroteLog(written, data)
	return rr.next.Head().Entry, nil
}

// markContent wraps a logged page's content in the record's markers.
func markContent(v *view.Page) {
	v.Content = template.HTML(record.Mark(string(v.Content)))
}

// checkRegion confirms that a rendered page carries, between the
// record's markers, exactly the content whose hash the log takes. A theme
// that does not show .Page.Content publishes pages gongkai verify cannot
// check: that is said once per template, as a warning (a site's own
// unit.html may well leave the body out).
func (rr *recordRun) checkRegion(p *site.Page, out []byte, rec string) *diag.Error {
	region, ok := record.Region(out)
	file := p.Source.File
	if !ok {
		rr.mu.Lock()
		if rr.unmarked == nil {
			rr.unmarked = map[string]int{}
		}
		rr.unmarked[p.Kind]++
		rr.mu.Unlock()
		return nil
	}
	if rr.mode()+record.Sum(region) != rec {
		return diag.Errorf(diag.Position{File: file}, "这是 gongkai 的问题，请报告。", "页面 %s 发布的正文与修订记录的哈希不符", p.URL)
	}
	return nil
}
