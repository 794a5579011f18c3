package builder

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/generator/record"
	"gongkai/generator/review"
)

// recordSite is a small site on disk (the log is written into the
// source, so the site must be a directory), with its output and cache.
type recordSite struct {
	t                *testing.T
	dir, dest, cache string
	now              time.Time
}

func newRecordSite(t *testing.T, extraConfig string) *recordSite {
	t.Helper()
	s := &recordSite{t: t, dir: t.TempDir(), now: fixedNow}
	s.dest, s.cache = filepath.Join(s.dir, "public"), filepath.Join(s.dir, ".gongkai", "cache")
	for name, f := range tinySite(t) {
		data := f.Data
		if name == "config.toml" {
			data = append(append([]byte(nil), data...), []byte("\n"+extraConfig)...)
		}
		s.write(name, string(data))
	}
	return s
}

func (s *recordSite) write(name, data string) {
	s.t.Helper()
	p := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *recordSite) read(name string) string {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(name)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.t.Fatal(err)
	}
	return string(b)
}

func (s *recordSite) build() (Result, error) {
	s.now = s.now.Add(24 * time.Hour)
	return Run(Options{Source: os.DirFS(s.dir), SourceDir: s.dir, Theme: repo, Dest: s.dest, CacheDir: s.cache, Now: s.now})
}

func (s *recordSite) mustBuild() Result {
	s.t.Helper()
	res, err := s.build()
	if err != nil {
		s.t.Fatalf("build: %v", err)
	}
	return res
}

// entries returns the site's log, which must chain.
func (s *recordSite) entries() []record.Entry {
	s.t.Helper()
	l, err := record.Parse([]byte(s.read(record.File)))
	if err != nil {
		s.t.Fatalf("the log does not chain: %v", err)
	}
	return l.Entries
}

// verify checks the output against its log.
func (s *recordSite) verify() record.Report {
	s.t.Helper()
	dir := os.DirFS(s.dest)
	rep, err := record.Verify(func(name string) ([]byte, error) { return fs.ReadFile(dir, strings.TrimPrefix(name, "/")) })
	if err != nil {
		s.t.Fatal(err)
	}
	return rep
}

func TestRecordAppendsOneEntryPerChange(t *testing.T) {
	s := newRecordSite(t, "")
	s.mustBuild()
	first := s.entries()
	// a.md, b.md, r.md, u.md and d.md; not the section intro.
	if len(first) != 5 {
		t.Fatalf("first build: %d entries, want 5: %+v", len(first), first)
	}
	for _, e := range first {
		if e.Kind != record.Published {
			t.Errorf("first build: %s is %s", e.URL, e.Kind)
		}
	}
	if rep := s.verify(); !rep.OK() || rep.Pages != 5 {
		t.Fatalf("verify after the first build: %+v", rep)
	}
	if s.read("public/"+record.File) != s.read(record.File) {
		t.Errorf("the published log differs from the site's")
	}

	before := s.read(record.File)
	if res := s.mustBuild(); res.Recorded != 0 || s.read(record.File) != before {
		t.Fatalf("a build with no change appended %d entries", res.Recorded)
	}

	s.write("content/notices/a.md", "+++\ntitle = \"通知\"\ndate = 2016-03-01\nchange_reason = \"更正金额\"\n+++\n正文，见[案例](../cases/b.md)。金额为 12 万元。\n")
	if res := s.mustBuild(); res.Recorded != 1 {
		t.Fatalf("one change appended %d entries", res.Recorded)
	}
	es := s.entries()
	last := es[len(es)-1]
	if len(es) != 6 || last.URL != "/notices/a/" || last.Kind != record.Changed || last.Reason != "更正金额" || last.Prev != es[4].Entry {
		t.Fatalf("after a change: %+v", last)
	}
	page := s.read("public/notices/a/index.html")
	if !strings.Contains(page, "首次发布") || !strings.Contains(page, "</strong>：更正金额") {
		t.Errorf("the page does not show its history")
	}
	if rep := s.verify(); !rep.OK() {
		t.Fatalf("verify after a change: %+v", rep)
	}

	// A page removed from the site is withdrawn.
	os.Remove(filepath.Join(s.dir, "content/reports/r.md"))
	if res := s.mustBuild(); res.Recorded != 1 {
		t.Fatalf("a removal appended %d entries", res.Recorded)
	}
	es = s.entries()
	if last := es[len(es)-1]; last.URL != "/reports/r/" || last.Kind != record.Withdrawn {
		t.Fatalf("after a removal: %+v", last)
	}
	if rep := s.verify(); !rep.OK() {
		t.Fatalf("verify after a withdrawal: %+v", rep)
	}
	if !strings.Contains(s.read("public/revisions/index.html"), "撤下") {
		t.Errorf("the 修订记录 page does not list the withdrawal")
	}

	// A cold build from a clean copy of the sources (no cache, no
	// output) appends nothing and publishes the same pages.
	clean := &recordSite{t: t, dir: t.TempDir(), now: s.now}
	clean.dest, clean.cache = filepath.Join(clean.dir, "public"), filepath.Join(clean.dir, ".gongkai", "cache")
	filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(s.dir, p)
		if d.IsDir() && (rel == "public" || rel == ".gongkai") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			clean.write(filepath.ToSlash(rel), s.read(filepath.ToSlash(rel)))
		}
		return nil
	})
	if res := clean.mustBuild(); res.Recorded != 0 {
		t.Fatalf("a cold build from a clean copy appended %d entries", res.Recorded)
	}
	if clean.read(record.File) != s.read(record.File) {
		t.Errorf("the clean copy's log changed")
	}
	if a, b := clean.read("public/notices/a/index.html"), s.read("public/notices/a/index.html"); a != b {
		t.Errorf("a cold build shows the page differently")
	}
}

func TestRecordRefusesBrokenLogs(t *testing.T) {
	s := newRecordSite(t, "")
	s.mustBuild()
	s.write("content/cases/b.md", "+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文，有修改。\n")
	s.mustBuild()
	good := s.read(record.File)
	lines := strings.SplitAfter(good, "\n")
	for _, c := range []struct {
		name, log, want string
	}{
		{"rewritten entry", strings.Replace(good, `"kind":"修改"`, `"kind":"首次发布"`, 1), "revisions.jsonl:6: 错误：修订记录不连贯，拒绝构建：entry 与这一行的内容不符"},
		{"removed entry", strings.Join(append(append([]string{}, lines[:2]...), lines[3:]...), ""), "revisions.jsonl:3: 错误：修订记录不连贯，拒绝构建：序号应为 3"},
		{"removed last entry", strings.Join(lines[:5], ""), "revisions.jsonl: 错误：修订记录缺少上次构建写下的最后一条记录（现在只有 5 条）：末尾的记录被删除了"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.write(record.File, c.log)
			_, err := s.build()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s", err, c.want)
			}
			// verify finds the same in a copy published with it.
			os.WriteFile(filepath.Join(s.dest, record.File), []byte(c.log), 0o644)
			if rep := s.verify(); rep.OK() {
				t.Errorf("verify did not notice")
			}
			s.write(record.File, good)
			os.WriteFile(filepath.Join(s.dest, record.File), []byte(good), 0o644)
		})
	}
}

func TestRecordTamperedPage(t *testing.T) {
	s := newRecordSite(t, "")
	s.mustBuild()
	name := filepath.Join(s.dest, "cases/b/index.html")
	page, _ := os.ReadFile(name)
	at := bytes.Index(page, []byte(record.Begin))
	tampered := append(append([]byte(nil), page[:at]...), bytes.Replace(page[at:], []byte("案例正文"), []byte("案例正文（已删改）"), 1)...)
	os.WriteFile(name, tampered, 0o644)
	rep := s.verify()
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "/cases/b/：正文与修订记录第") {
		t.Fatalf("verify of a tampered page: %+v", rep)
	}
	res := s.mustBuild()
	found := false
	for _, w := range res.Warnings {
		found = found || strings.Contains(w.Msg, "输出目录中的 /cases/b/index.html 在上次构建之后被改动或删除了")
	}
	if !found || res.Recorded != 0 {
		t.Fatalf("the build did not notice the tampered page (warnings %v, %d entries)", res.Warnings, res.Recorded)
	}
	if rep := s.verify(); !rep.OK() {
		t.Errorf("the build did not restore the page: %+v", rep)
	}
}

// TestRecordKilledAfterCommit is a build killed after it published and
// before it wrote the site's log: the next build takes the entries from
// the published copy, so no published page is left without its entry.
func TestRecordKilledAfterCommit(t *testing.T) {
	for _, c := range []struct {
		name string
		// checkout is the log as the site has it after the undo.
		checkout func(log string) string
	}{
		{"LF", func(log string) string { return log }},
		// git's autocrlf on Windows: the published copy, written with
		// LF, is compared entry by entry. A log of 9,000 entries gains
		// 9,000 bytes with CRLF, more than an entry's line: blank lines
		// stand in for the length here.
		{"CRLF", func(log string) string { return strings.ReplaceAll(log, "\n", "\r\n") + strings.Repeat("\r\n", 2000) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newRecordSite(t, "")
			s.mustBuild()
			log1 := s.read(record.File)
			cache1 := cacheFiles(t, s.cache)
			s.write("content/cases/b.md", "+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文，有修改。\n")
			s.mustBuild()
			log2 := s.read(record.File)
			// Undo what the build did after its commit.
			s.write(record.File, c.checkout(log1))
			for name, data := range cache1 {
				os.WriteFile(filepath.Join(s.cache, name), data, 0o644)
			}
			res := s.mustBuild()
			if s.read(record.File) != log2 || res.Recorded != 0 {
				t.Fatalf("the log was not completed from the published copy (%d new entries):\n%s", res.Recorded, s.read(record.File))
			}
			if len(res.Warnings) == 0 || !strings.Contains(fmt.Sprint(res.Warnings), "补回 1 条记录") {
				t.Errorf("the recovery was not said: %v", res.Warnings)
			}
		})
	}
}

func TestSignOffRequired(t *testing.T) {
	s := newRecordSite(t, "[review]\nrequired = true\n[review.sections]\nunits = [\"审核\"]\n")
	_, err := s.build()
	if err == nil {
		t.Fatal("unsigned pages were published")
	}
	for _, want := range []string{
		"content/notices/a.md:2: 错误：缺少签发：这篇还没有签发人的签字",
		"gongkai review sign content/notices/a.md --role 保密审查 --name 姓名",
		"content/units/u.md:2: 错误：缺少审核",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "content/units/u.md:2: 错误：缺少签发") {
		t.Errorf("units need only 审核:\n%v", err)
	}
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	sign := func(file string, roles ...string) {
		for _, role := range roles {
			res, err := review.Sign("content/"+file, []byte(s.read("content/"+file)), role, "李明", day)
			if err != nil {
				t.Fatal(err)
			}
			s.write("content/"+file, string(res.File))
		}
	}
	for _, f := range []string{"notices/a.md", "cases/b.md", "reports/r.md", "disclosures/d.md", "about/_index.md"} {
		sign(f, "审核", "签发", "保密审查")
	}
	sign("units/u.md", "审核")
	if _, err := s.build(); err != nil {
		t.Fatalf("signed site: %v", err)
	}
	s.write("content/cases/b.md", strings.Replace(s.read("content/cases/b.md"), "案例正文", "案例正文（改）", 1))
	_, err = s.build()
	if err == nil || !strings.Contains(err.Error(), "content/cases/b.md:12:8: 错误：这篇在 2026-12-01 签发后内容有改动，原来的审核签发已失效") {
		t.Fatalf("a change after sign-off: %v", err)
	}
}

// TestRecordWithdrawalAfterRetention: a 公示 taken down after its
// category's retention says on its page when and why.
func TestRecordWithdrawalAfterRetention(t *testing.T) {
	s := newRecordSite(t, "")
	start := s.now.Add(24 * time.Hour).Format("2006-01-02")
	s.write("content/disclosures/help.md", "+++\ntitle = \"困难职工帮扶名单公示\"\ndate = "+start+"\nunit = \"u\"\ncategory = \"assistance\"\npublicity_start = "+start+"\npublicity_days = 5\nchange_reason = \"名单涉及个人信息，保留期满撤下\"\n+++\n帮扶名单。\n")
	s.mustBuild()
	if es := s.entries(); !slices.ContainsFunc(es, func(e record.Entry) bool { return e.URL == "/disclosures/help/" && e.Kind == record.Published }) {
		t.Fatalf("the 公示 was not recorded as published: %+v", es)
	}
	s.now = s.now.Add(90 * 24 * time.Hour)
	if res := s.mustBuild(); res.Recorded != 1 || len(res.Withdrawn) != 1 {
		t.Fatalf("retention: %d entries, %d withdrawn", res.Recorded, len(res.Withdrawn))
	}
	es := s.entries()
	if last := es[len(es)-1]; last.URL != "/disclosures/help/" || last.Kind != record.Withdrawn || last.Reason != "名单涉及个人信息，保留期满撤下" {
		t.Fatalf("the withdrawal: %+v", last)
	}
	page := s.read("public/disclosures/help/index.html")
	if !strings.Contains(page, "<strong>撤下</strong>：名单涉及个人信息，保留期满撤下") || strings.Contains(page, "帮扶名单。") {
		t.Errorf("the withdrawn page does not say when and why:\n%s", page)
	}
	if rep := s.verify(); !rep.OK() {
		t.Errorf("verify after the withdrawal: %+v", rep)
	}
}

// TestRecordReadFromWhereItWasLeft: a build keeps the log as read
// (record.bin) and the next parses only the lines appended since; the
// log it leaves equals the one a build without the cache leaves, and a
// line rewritten before the kept part's end, even one of the same length,
// is still refused.
func TestRecordReadFromWhereItWasLeft(t *testing.T) {
	s := newRecordSite(t, "")
	s.mustBuild()
	if _, err := os.Stat(filepath.Join(s.cache, recordCacheFile)); err != nil {
		t.Fatalf("the log as read was not kept: %v", err)
	}
	s.write("content/cases/b.md", "+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文，有修改。\n")
	s.mustBuild()
	s.write("content/cases/b.md", "+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文，又有修改。\n")
	if res := s.mustBuild(); res.Recorded != 1 {
		t.Fatalf("%d entries for one change", res.Recorded)
	}
	es := s.entries() // chains, read whole
	if last := es[len(es)-1]; last.URL != "/cases/b/" || last.Kind != record.Changed || last.Seq != len(es) {
		t.Fatalf("last entry %+v", last)
	}
	// An entry rewritten in place, same length: the kept digest no longer
	// matches, the log is read whole and the rewrite found.
	good := s.read(record.File)
	i := strings.Index(good, `"hash":"sha256:`) + len(`"hash":"sha256:`)
	flip := byte('0')
	if good[i] == '0' {
		flip = '1'
	}
	s.write(record.File, good[:i]+string(flip)+good[i+1:])
	if _, err := s.build(); err == nil || !strings.Contains(err.Error(), "entry 与这一行的内容不符") {
		t.Fatalf("a rewritten entry under the kept part: %v", err)
	}
	s.write(record.File, good)
	// Lines appended by hand after the kept part are checked too.
	s.write(record.File, good+`{"seq":99,"date":"2026-12-03T09:00:00+08:00","url":"/x/","kind":"修改","hash":"","reason":"","prev":"","entry":""}`+"\n")
	if _, err := s.build(); err == nil || !strings.Contains(err.Error(), "序号应为") {
		t.Fatalf("a bad line after the kept part: %v", err)
	}
}

// TestRevisionsPages: the 修订记录 is shown in parts of a fixed number of
// entries counted from the first; an older part keeps its address and
// file when entries are appended, and the newest part lists them all.
func TestRevisionsPages(t *testing.T) {
	defer func(n int) { revisionsPerPage = n }(revisionsPerPage)
	revisionsPerPage = 2
	s := newRecordSite(t, "")
	s.mustBuild() // 5 entries: parts 1–2, 3–4 and 5
	first := filepath.Join(s.dest, "revisions/1/index.html")
	st1, err := os.Stat(first)
	if err != nil {
		t.Fatalf("the first part: %v", err)
	}
	newest := s.read("public/revisions/index.html")
	// Links are relative to the page (relative_urls is on by default).
	for _, want := range []string{"第 5–5 条", `href="2/index.html"`, "较早的记录", "第 1–2 条", "共 5 条"} {
		if !strings.Contains(newest, want) {
			t.Errorf("the newest part lacks %q", want)
		}
	}
	part2 := s.read("public/revisions/2/index.html")
	if !strings.Contains(part2, "第 3–4 条") || !strings.Contains(part2, `href="../1/index.html"`) || !strings.Contains(part2, `href="../index.html"`) {
		t.Errorf("the second part does not link its neighbours")
	}
	s.write("content/cases/b.md", "+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文，有修改。\n")
	s.now = s.now.Add(-24 * time.Hour) // the same day: pages show it
	s.mustBuild()                      // 6 entries: the newest part is now 5–6 at /revisions/
	if st, err := os.Stat(first); err != nil || !st.ModTime().Equal(st1.ModTime()) {
		t.Errorf("the first part was written again (%v)", err)
	}
	if !strings.Contains(s.read("public/revisions/index.html"), "第 5–6 条") {
		t.Errorf("the newest part does not show the new entry")
	}
	if _, err := os.Stat(filepath.Join(s.dest, "revisions/3/index.html")); err == nil {
		t.Errorf("the newest part is also published under a number")
	}
}
