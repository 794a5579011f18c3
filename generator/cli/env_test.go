package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// mountTmpfs mounts a small tmpfs at a new directory, or skips the test
// where that is not allowed (not root, no mount in the container).
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestDiskFull builds the sample portal onto a file system too small for
// it: one error that says the disk is full, exit code 3, and the output
// left as it was (here: not there).
func TestDiskFull(t *testing.T) {
	dir := mountTmpfs(t, "size=400k")
	dest := filepath.Join(dir, "public")
	code, out := run(t, "build", "--source", "../..", "--dest", dest)
	if code != ExitIO {
		t.Fatalf("exit %d, want %d:\n%s", code, ExitIO, out)
	}
	if n := strings.Count(out, "磁盘已满"); n != 1 {
		t.Errorf("%d messages about the full disk, want 1:\n%s", n, out)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed first build left %v", entries)
	}
}

// TestReadOnlyDest builds into an output on a read-only file system.
func TestReadOnlyDest(t *testing.T) {
	dir := mountTmpfs(t, "size=8m")
	dest := filepath.Join(dir, "public")
	root, _ := filepath.Abs("../..")
	sample := samplePortal(t, root)
	if code, out := run(t, "build", "--source", sample, "--dest", dest); code != ExitOK {
		t.Fatalf("first build: %d\n%s", code, out)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	code, out := run(t, "build", "--source", sample, "--dest", dest)
	if code != ExitIO || !strings.Contains(out, "只读") || strings.Count(out, "\n") > 3 {
		t.Errorf("exit %d, want %d and one message about a read-only file system:\n%s", code, ExitIO, out)
	}
}

// TestDestIsMountPoint builds into a directory that is itself a mount
// point (a Docker volume, a mounted share): staging lives inside it, so
// no rename crosses file systems. The second build changes every page.
func TestDestIsMountPoint(t *testing.T) {
	dest := mountTmpfs(t, "size=16m")
	root, _ := filepath.Abs("../..")
	sample := samplePortal(t, root)
	for _, base := range []string{"https://a.example.org/", "https://b.example.org/"} {
		if code, out := run(t, "build", "--source", sample, "--dest", dest, "--base-url", base); code != ExitOK {
			t.Fatalf("build with %s: exit %d\n%s", base, code, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
	if err != nil || !strings.Contains(string(b), "b.example.org") || strings.Contains(string(b), "a.example.org") {
		t.Errorf("sitemap after the second build: %v\n%.300s", err, b)
	}
}
