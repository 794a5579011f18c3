//go:build unix

package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestSpecialFiles puts named pipes where a build reads: a page, a
// bundle's attachment and a static file. Reading any of them would block
// for ever; the walk names them and goes on.
func TestSpecialFiles(t *testing.T) {
	site := t.TempDir()
	page := "+++\ntitle = \"页\"\ndate = 2016-01-01\n+++\n正文\n"
	for _, d := range []string{"content/notices/bundle", "static", "content/real"} {
		os.MkdirAll(filepath.Join(site, d), 0o755)
	}
	os.WriteFile(filepath.Join(site, "content/notices/ok.md"), []byte(page), 0o644)
	os.WriteFile(filepath.Join(site, "content/notices/bundle/index.md"), []byte(page), 0o644)
	for _, p := range []string{"content/notices/pipe.md", "content/notices/bundle/附件.pdf", "static/feed.xml"} {
		if err := unix.Mkfifo(filepath.Join(site, p), 0o644); err != nil {
			t.Skip("no named pipes here:", err)
		}
	}
	os.Symlink("pipe.md", filepath.Join(site, "content/notices/link.md"))
	os.Symlink("../real", filepath.Join(site, "content/notices/folder"))
	done := make(chan *Site)
	var got string
	go func() {
		s, errs := Walk(os.DirFS(site), nil)
		got = errs.Error()
		done <- s
	}()
	var s *Site
	select {
	case s = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Walk blocked on a named pipe")
	}
	for _, want := range []string{
		"content/notices/pipe.md: 警告：这是命名管道（FIFO），不是普通文件，读取它会使生成卡住，已跳过\n    提示：删除它或移出站点目录；gongkai 只读取普通文件。",
		"content/notices/link.md: 警告：这是命名管道（FIFO）",
		"content/notices/bundle/附件.pdf: 警告：这是命名管道（FIFO）",
		"static/feed.xml: 警告：这是命名管道（FIFO）",
		"content/notices/folder: 错误：这是指向文件夹的符号链接，gongkai 不会跟随它读取其中的文件",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("messages lack %q:\n%s", want, got)
		}
	}
	if len(s.Pages) != 2 || len(s.Static) != 0 || len(s.Pages[0].Resources)+len(s.Pages[1].Resources) != 0 {
		t.Errorf("pages %d, static %v: special files were kept", len(s.Pages), s.Static)
	}
}
