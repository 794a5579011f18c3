package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/generator/builder"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var repo = os.DirFS("../..")

// sampleSite copies the sample portal (config and content) into a
// directory of its own.
func sampleSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, root := range []string{"config.toml", "content", "data"} {
		err := fs.WalkDir(repo, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, p), 0o755)
			}
			b, err := fs.ReadFile(repo, p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, p), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func newServer(t *testing.T, dir string) *Server {
	t.Helper()
	s, err := New(Options{Source: dir, Theme: repo, Addr: "127.0.0.1:1313"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestHandler(t *testing.T) {
	s := newServer(t, sampleSite(t))
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path   string
		status int
		ctype  string
		body   string
	}{
		{"/", 200, "text/html; charset=utf-8", `<script src="/__gongkai/live.js" data-gen="1"></script></body>`},
		{"/notices/", 200, "text/html; charset=utf-8", "通知公告"},
		{"/notices", 301, "", ""},
		{"/atom.xml", 200, "application/atom+xml; charset=utf-8", "<feed"},
		{"/sitemap.xml", 200, "application/xml; charset=utf-8", "<urlset"},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "Sitemap:"},
		{"/no/such/page/", 404, "text/html; charset=utf-8", "页面不存在"},
		{"/assets/", 404, "text/html; charset=utf-8", "页面不存在"}, // no directory listing
		{"/__gongkai/live.js", 200, "text/javascript; charset=utf-8", "EventSource"},
		// Ways out of the site: refused, never a file outside it.
		{"/../config.toml", 400, "", ""},
		{"/%2e%2e/config.toml", 400, "", ""},
		{"/%2E%2E/%2E%2E/etc/passwd", 400, "", ""},
		{"/notices/..%2f..%2fconfig.toml", 400, "", ""},
		{`/..\config.toml`, 400, "", ""},
		{"/%5c..%5cconfig.toml", 400, "", ""},
		{"//etc/passwd", 403, "", ""}, // the client sends it as Host: etc
		{"/config.toml", 404, "", ""},
		{"/content/notices/2016-member-review/index.md", 404, "", ""},
	}
	for _, tt := range tests {
		req, err := http.NewRequest("GET", ts.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = tt.path // sent as written, not cleaned by the client
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(string(body), tt.body) {
			t.Errorf("%s: body lacks %q", tt.path, tt.body)
		}
		if bytes.Contains(body, []byte("base_url")) || bytes.Contains(body, []byte("root:")) {
			t.Errorf("%s: served a file from outside the site", tt.path)
		}
	}
}

// TestHandlerBeforeFirstGoodBuild: while no build has succeeded, every
// page is a placeholder that carries the live script (so the errors show
// and the fix reloads it).
func TestHandlerBeforeFirstGoodBuild(t *testing.T) {
	dir := sampleSite(t)
	f := filepath.Join(dir, "content", "about.md")
	b, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(b, []byte("title = "), []byte("title ＝ "), 1), 0o644)
	s := newServer(t, dir)
	if err := s.Rebuild(nil); err == nil {
		t.Fatal("the broken site built")
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:1313/about/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `<script src="/__gongkai/live.js" data-gen="0">`) {
		t.Errorf("before a good build: %d %q", rec.Code, rec.Body.String())
	}
}

// TestTabThatMissedABuild: a page names the build it came from, and a
// tab connecting to the event stream hears the current build first, so
// a tab that loaded before a build and connected after it can reload
// (the event of that build went out while it was not listening).
func TestTabThatMissedABuild(t *testing.T) {
	dir := sampleSite(t)
	s := newServer(t, dir)
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	get := func() string {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:1313/about/", nil))
		return rec.Body.String()
	}
	if page := get(); !strings.Contains(page, `data-gen="1"`) {
		t.Fatalf("the first build's page does not name build 1:\n%s", page[max(0, len(page)-300):])
	}
	f := filepath.Join(dir, "content", "about.md")
	b, _ := os.ReadFile(f)
	os.WriteFile(f, append(b, "\n又一段。\n"...), 0o644)
	if err := s.Rebuild([]string{"content/about.md"}); err != nil {
		t.Fatal(err)
	}
	if page := get(); !strings.Contains(page, `data-gen="2"`) {
		t.Errorf("after a rebuild the page does not name build 2")
	}
	ctx, cancel := context.WithCancel(context.Background())
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:1313/__gongkai/events", nil).WithContext(ctx))
		close(done)
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	<-done
	if !strings.Contains(rec.Body.String(), "event: hello\ndata: {\"gen\":2}") {
		t.Errorf("the event stream does not start with the current build:\n%s", rec.Body.String())
	}
}

// TestFailedRebuildLogLine checks the terminal line of a failed rebuild:
// Chinese throughout (the time in 毫秒 like a good rebuild's line), then
// the error with its place.
func TestFailedRebuildLogLine(t *testing.T) {
	dir := sampleSite(t)
	f := filepath.Join(dir, "content", "about.md")
	b, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(b, []byte("title = "), []byte("title ＝ "), 1), 0o644)
	var log bytes.Buffer
	s, err := New(Options{Source: dir, Theme: repo, Addr: "127.0.0.1:1313", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Rebuild(nil); err == nil {
		t.Fatal("the broken site built")
	}
	first, rest, _ := strings.Cut(log.String(), "\n")
	if !regexp.MustCompile(`构建失败，1 个错误（浏览器里显示上一次成功的页面）· \d+ 毫秒$`).MatchString(first) || !strings.Contains(rest, "content/about.md:") {
		t.Errorf("failed rebuild logged as:\n%s", log.String())
	}
}

// fresh builds the site from scratch into a directory and reads it back.
func fresh(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Run(builder.Options{Source: os.DirFS(dir), Theme: repo, Dest: dest, BaseURL: "http://127.0.0.1:1313/"}); err != nil {
		t.Fatalf("fresh build: %v", err)
	}
	out := map[string][]byte{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		if strings.HasPrefix(rel, ".") { // the output's ownership marker, if any
			return nil
		}
		b, err := os.ReadFile(p)
		out["/"+filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSite(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	var diff []string
	for name, b := range want {
		if g, ok := got[name]; !ok {
			diff = append(diff, "missing "+name)
		} else if !bytes.Equal(g, b) {
			diff = append(diff, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diff = append(diff, "extra "+name)
		}
	}
	slices.Sort(diff)
	if len(diff) > 0 {
		t.Fatalf("%s: the site in memory is not a fresh build: %v", what, diff[:min(len(diff), 10)])
	}
}

// TestServeEqualsFreshBuild makes seeded random edits to a site on disk
// (content, a template that starts showing a field, the stylesheet, a
// broken file that is then fixed) and checks after each rebuild that the
// site in memory equals a fresh build, byte for byte; a failed rebuild
// keeps the last good site.
func TestServeEqualsFreshBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample portal 40 times")
	}
	dir := sampleSite(t)
	s := newServer(t, dir)
	s.builder.Watch(func(f string) bool { return Classify(f) != Ignored }) // as Run does
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	sameSite(t, "first build", s.Files(), fresh(t, dir))
	rng := rand.New(rand.NewPCG(11, 2017))
	files := func(sub string) []string {
		m, _ := filepath.Glob(filepath.Join(dir, "content", sub, "*.md"))
		slices.Sort(m)
		return m
	}
	pick := func(sub string) string { fs := files(sub); return fs[rng.IntN(len(fs))] }
	rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
	rewrite := func(p string, re *regexp.Regexp, with string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			b, _ = fs.ReadFile(repo, rel(p)) // a layout of the default theme
			os.MkdirAll(filepath.Dir(p), 0o755)
		}
		if err := os.WriteFile(p, re.ReplaceAll(b, []byte(with)), 0o644); err != nil {
			t.Fatal(err)
		}
		return rel(p)
	}
	title := regexp.MustCompile(`(?m)^title = "([^"]*)"`)
	edits := []func() []string{
		func() []string { return []string{rewrite(pick("notices"), title, `title = "$1（新）"`)} },
		func() []string {
			return []string{rewrite(pick("disclosures"), regexp.MustCompile(`\+\+\+\n\n`), "+++\n\n新的第一句话。")}
		},
		func() []string { return []string{rewrite(pick("units"), title, `title = "$1（更名）"`)} },
		func() []string {
			p := pick("disclosures")
			n := filepath.Join(filepath.Dir(p), fmt.Sprintf("2017-new-%d.md", rng.IntN(1000)))
			b, _ := os.ReadFile(p)
			os.WriteFile(n, b, 0o644)
			return []string{rel(n)}
		},
		func() []string {
			p := pick("cases")
			os.Remove(p)
			return []string{rel(p)}
		},
		func() []string {
			return []string{rewrite(filepath.Join(dir, "layouts", "district.html"), regexp.MustCompile(`<h1>\{\{\.Page\.Title\}\}</h1>`),
				`<h1>{{.Page.Title}}</h1>{{range .Page.District.Units}}<p>{{.Title}}：{{.Descendants}}</p>{{end}}`)}
		},
		func() []string {
			return []string{rewrite(filepath.Join(dir, "layouts", "assets", "main.css"), regexp.MustCompile(`(?m)^body \{`), "body{")}
		},
	}
	for round := range 20 {
		var changed []string
		if round%7 == 6 {
			// A mistake, then its fix: the last good site stays meanwhile.
			p := pick("notices")
			good, _ := os.ReadFile(p)
			before := s.Files()
			os.WriteFile(p, bytes.Replace(good, []byte("title = "), []byte("title ＝ "), 1), 0o644)
			if err := s.Rebuild([]string{rel(p)}); err == nil {
				t.Fatal("a full-width ＝ in front matter built")
			}
			sameSite(t, "after a failed build", s.Files(), before)
			os.WriteFile(p, good, 0o644)
			changed = []string{rel(p)}
		} else {
			changed = edits[rng.IntN(len(edits))]()
		}
		if err := s.Rebuild(changed); err != nil {
			t.Fatalf("round %d (%v): %v", round, changed, err)
		}
		sameSite(t, fmt.Sprintf("round %d (%v)", round, changed), s.Files(), fresh(t, dir))
	}
}

// TestWatcherBatches: an editor's save is one batch, and files in a
// directory made after the watch began are seen.
func TestWatcherBatches(t *testing.T) {
	dir := t.TempDir()
	notices := filepath.Join(dir, "content", "notices")
	os.MkdirAll(notices, 0o755)
	os.WriteFile(filepath.Join(dir, "config.toml"), []byte("title = \"x\"\n"), 0o644)
	os.WriteFile(filepath.Join(notices, "a.md"), []byte("old"), 0o644)
	w, err := newWatcher(dir, 50*time.Millisecond, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	batches := make(chan []string)
	go w.run(ctx, batches, make(chan error, 1))
	next := func(what string) []string {
		select {
		case b := <-batches:
			return b
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no batch", what)
		}
		return nil
	}
	steps := []struct {
		what string
		save func()
		want []string
	}{
		{"vim", func() {
			a := filepath.Join(notices, "a.md")
			os.WriteFile(filepath.Join(notices, "4913"), nil, 0o644)
			os.Remove(filepath.Join(notices, "4913"))
			os.WriteFile(filepath.Join(notices, ".a.md.swp"), []byte("swap"), 0o644)
			os.Rename(a, a+"~")
			os.WriteFile(a, []byte("new"), 0o644)
			os.Remove(a + "~")
			os.Remove(filepath.Join(notices, ".a.md.swp"))
		}, []string{"content/notices/a.md"}},
		{"temporary file then rename", func() {
			tmp := filepath.Join(notices, "a.md.tmp.123")
			os.WriteFile(tmp, []byte("newer"), 0o644)
			os.Rename(tmp, filepath.Join(notices, "a.md"))
		}, []string{"content/notices/a.md"}},
		{"a burst of writes", func() {
			f, _ := os.OpenFile(filepath.Join(notices, "a.md"), os.O_WRONLY|os.O_TRUNC, 0o644)
			for range 20 {
				f.Write([]byte("。"))
				f.Sync()
			}
			f.Close()
			os.WriteFile(filepath.Join(dir, "config.toml"), []byte("title = \"y\"\n"), 0o644)
		}, []string{"config.toml", "content/notices/a.md"}},
		{"a directory made later", func() {
			sub := filepath.Join(dir, "content", "reports", "2017")
			os.MkdirAll(sub, 0o755)
			os.WriteFile(filepath.Join(sub, "b.md"), []byte("b"), 0o644)
			time.Sleep(20 * time.Millisecond) // the watch on the new directory is in place
			os.WriteFile(filepath.Join(sub, "c.md"), []byte("c"), 0o644)
		}, []string{"content/reports/2017/b.md", "content/reports/2017/c.md"}},
	}
	for _, st := range steps {
		st.save()
		got := next(st.what)
		if !slices.Equal(got, st.want) {
			t.Errorf("%s: batch %v, want %v", st.what, got, st.want)
		}
	}
	select {
	case b := <-batches:
		t.Errorf("an extra batch: %v", b)
	case <-time.After(200 * time.Millisecond):
	}
}

// TestRebuildLogsWarnings: a file saved in GBK builds with a warning, and
// the terminal shows it under the rebuild's line, with the other
// warnings of the site only counted.
func TestRebuildLogsWarnings(t *testing.T) {
	dir := sampleSite(t)
	var log bytes.Buffer
	s, err := New(Options{Source: dir, Theme: repo, Addr: "127.0.0.1:1313", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String("+++\ntitle = \"关于本站\"\n+++\n\n本站由工会主办。\n")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "content", "about.md"), []byte(gbk), 0o644)
	log.Reset()
	if err := s.Rebuild([]string{"content/about.md"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "content/about.md") || !strings.Contains(log.String(), "GB18030") {
		t.Errorf("the GBK warning does not reach the terminal:\n%s", log.String())
	}
}

// TestWatchedRebuildTrustsTheWatcher: once a build has checked every file,
// serve's rebuilds take the Markdown files the watcher did not name as
// they were, without asking the file system; a watcher error makes the
// next build look at every file again.
func TestWatchedRebuildTrustsTheWatcher(t *testing.T) {
	dir := sampleSite(t)
	s := newServer(t, dir)
	s.builder.Watch(func(f string) bool { return Classify(f) != Ignored })
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	notices, _ := filepath.Glob(filepath.Join(dir, "content", "notices", "*.md"))
	slices.Sort(notices)
	a, b := notices[0], notices[1]
	retitle := func(p, to string) string {
		data, _ := os.ReadFile(p)
		data = regexp.MustCompile(`(?m)^title = "[^"]*"`).ReplaceAll(data, []byte(`title = "`+to+`"`))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, _ := filepath.Rel(dir, p)
		return filepath.ToSlash(r)
	}
	shows := func(title string) bool {
		for _, data := range s.Files() {
			if bytes.Contains(data, []byte(title)) {
				return true
			}
		}
		return false
	}
	// b changes behind the watcher's back; only a is named.
	retitle(b, "未经监视改动的标题")
	if err := s.Rebuild([]string{retitle(a, "已告知的新标题")}); err != nil {
		t.Fatal(err)
	}
	if !shows("已告知的新标题") {
		t.Fatal("the named file's change is not shown")
	}
	if shows("未经监视改动的标题") {
		t.Fatal("a file the watcher did not name was asked about: the rebuild does not trust the watcher")
	}
	// The watcher overflowed: everything is looked at again.
	s.builder.Changed(nil)
	if err := s.Rebuild([]string{}); err != nil {
		t.Fatal(err)
	}
	if !shows("未经监视改动的标题") {
		t.Fatal("after a watcher error the rebuild still trusted it")
	}
}
