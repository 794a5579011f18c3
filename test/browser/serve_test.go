package browser

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	devserve "gongkai/generator/serve"
)

// syncBuffer is a log written by the server and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeLiveReload starts `gongkai serve` on a site on disk, opens a
// page in chromium, and edits the page's file: the new text appears with
// no manual refresh. A broken file shows the error overlay (file:line,
// in Chinese) over the last good page; fixing it clears the overlay. A
// stylesheet change applies without reloading the page. Ctrl-C (the
// context ending) stops the server cleanly.
func TestServeLiveReload(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	for name, f := range fixture() {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var log syncBuffer
	sctx, stop := context.WithCancel(context.Background())
	defer stop()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- devserve.Run(sctx, devserve.Options{Source: dir, Theme: repo, Addr: "127.0.0.1:0", Log: &log,
			Ready: func(addr string) { ready <- addr }})
	}()
	var base string
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	page := "/disclosures/fund/"
	if err := visit(ctx, base, page); err != nil {
		t.Fatal(err)
	}
	waitFor := func(what, cond string) {
		t.Helper()
		// The page reloads itself meanwhile: a poll cut short by the
		// navigation is started again on the new page.
		err := check(ctx, page, what, func(ctx context.Context) error {
			deadline := time.Now().Add(20 * time.Second)
			for {
				_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(2*time.Second)))
				if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
					return err
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
		if err != nil {
			t.Fatalf("%v\nserver log:\n%s", err, log.String())
		}
	}
	// The live-reload script is connected before the first edit.
	waitFor("live script connected", `window.__gongkaiLive === true`)

	file := filepath.Join(dir, "content", "disclosures", "fund.md")
	good, _ := os.ReadFile(file)
	edited := bytes.Replace(good, []byte("正文。"), []byte("正文已经修改。"), 1)
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the edit appears", `document.querySelector(".prose").innerText.includes("正文已经修改")`)

	broken := bytes.Replace(edited, []byte("title = "), []byte("title ＝ "), 1)
	os.WriteFile(file, broken, 0o644)
	waitFor("the overlay appears", `(() => { const o = document.getElementById("gongkai-overlay");
		return !!o && o.innerText.includes("content/disclosures/fund.md:2") && o.innerText.includes("构建失败") })()`)
	if text, err := eval[string](ctx, page, "last good page", `document.querySelector(".prose").innerText`); err != nil || !strings.Contains(text, "正文已经修改") {
		t.Errorf("under the overlay: %q, %v; want the last good page", text, err)
	}

	os.WriteFile(file, edited, 0o644)
	waitFor("the overlay goes", `!document.getElementById("gongkai-overlay") && document.querySelector(".prose") !== null`)
	// The fix reloaded the page; its live script is connected again
	// before the stylesheet changes.
	waitFor("live script connected again", `window.__gongkaiLive === true`)

	// A stylesheet change applies in place: the page is not reloaded.
	if _, err := eval[any](ctx, page, "mark the page", `window.__notReloaded = true`); err != nil {
		t.Fatal(err)
	}
	css, err := fs.ReadFile(repo, "layouts/assets/main.css")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "layouts", "assets"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts", "assets", "main.css"), append(css, "\nh1{color:rgb(1,2,3)}\n"...), 0o644)
	waitFor("the new style applies", `getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)"`)
	if kept, err := eval[bool](ctx, page, "not reloaded", `window.__notReloaded === true`); err != nil || !kept {
		t.Errorf("a stylesheet change reloaded the page (%v)", err)
	}

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on Ctrl-C")
	}
	// One line for the edit, rendering some of the pages, not all.
	if m := regexp.MustCompile(`内容 content/disclosures/fund.md · 重新生成 (\d+) / (\d+) 个页面`).FindStringSubmatch(log.String()); m == nil || m[1] == m[2] || m[1] == "0" {
		t.Errorf("no one-line summary of the edit's rebuild:\n%s", log.String())
	}
}
