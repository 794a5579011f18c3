package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gongkai/generator/publish"
)

// TestMain lets the tests run gongkai as a real process: the test binary
// itself, with GONGKAI_TEST_MAIN=1, is the command.
func TestMain(m *testing.M) {
	if os.Getenv("GONGKAI_TEST_MAIN") == "1" {
		root, _ := filepath.Abs("../..")
		os.Exit(Main(Env{Stdout: os.Stdout, Stderr: os.Stderr, Theme: os.DirFS(root)}, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// gongkai returns a command running gongkai with args.
func gongkai(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "GONGKAI_TEST_MAIN=1", "GONGKAI_TRACE=1")
	return cmd
}

// genSites writes synthetic portals with bench/gen: pages and seed each.
func genSites(t *testing.T, specs ...[2]int) []string {
	t.Helper()
	var dirs []string
	for _, s := range specs {
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("site-%d-%d", s[0], s[1]))
		cmd := exec.Command("go", "run", "./bench/gen", "-pages", fmt.Sprint(s[0]), "-seed", fmt.Sprint(s[1]), "-out", dir)
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("bench/gen: %v\n%s", err, out)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// fresh builds site into a new directory, with no cache, and returns it.
func fresh(t *testing.T, site string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "fresh")
	if out, err := gongkai("build", "--source", site, "--dest", dest).CombinedOutput(); err != nil {
		t.Fatalf("fresh build: %v\n%s", err, out)
	}
	os.RemoveAll(filepath.Join(site, ".gongkai"))
	return dest
}

// tree reads every file under root but gongkai's own directory.
func tree(root string) map[string]string {
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == publish.MetaDir {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			b, _ := os.ReadFile(p)
			m[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return m
}

// diffTrees describes the first difference between two outputs, "" if
// they hold the same files with the same bytes.
func diffTrees(want, got string) string {
	a, b := tree(want), tree(got)
	var diffs []string
	for name, data := range a {
		if g, ok := b[name]; !ok {
			diffs = append(diffs, "missing "+name)
		} else if g != data {
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "left over "+name)
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprintf("%d differences, e.g. %s", len(diffs), strings.Join(diffs[:min(3, len(diffs))], "; "))
}

// metaClean reports what a build left in gongkai's directory beyond the
// marker and the lock.
func metaClean(dest string) string {
	entries, _ := os.ReadDir(filepath.Join(dest, publish.MetaDir))
	var extra []string
	for _, e := range entries {
		if e.Name() != "owner" && e.Name() != "lock" {
			extra = append(extra, e.Name())
		}
	}
	return strings.Join(extra, " ")
}

func TestTwoBuildsIntoOneDest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two generated sites")
	}
	sites := genSites(t, [2]int{300, 1}, [2]int{200, 2})
	refs := []string{fresh(t, sites[0]), fresh(t, sites[1])}
	dest := filepath.Join(t.TempDir(), "public")
	// The test holds the lock, so both builds must wait, then run.
	hold, err := publish.Acquire(publish.ClaimOptions{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 2)
	waiting := make(chan int, 2)
	for i, site := range sites {
		cmd := gongkai("build", "--source", site, "--dest", dest)
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				outs[i].WriteString(sc.Text() + "\n")
				if strings.Contains(sc.Text(), "等待它结束") {
					waiting <- i
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("build %d: %v\n%s", i, err, outs[i].String())
			}
		})
	}
	for range 2 {
		select {
		case <-waiting:
		case <-time.After(60 * time.Second):
			t.Fatal("a build did not say it waits for the lock")
		}
	}
	hold.Release()
	wg.Wait()
	// Whichever ran second, the output is exactly its site.
	d0, d1 := diffTrees(refs[0], dest), diffTrees(refs[1], dest)
	if d0 != "" && d1 != "" {
		t.Errorf("output is neither site:\n%s\n%s", d0, d1)
	}
	if m := metaClean(dest); m != "" {
		t.Errorf("left in %s: %s", publish.MetaDir, m)
	}
}

// TestKilledDuringCommit kills builds with SIGKILL while they commit,
// switching the output between two sites, and checks that the next build
// always ends with exactly a fresh build of its site. scripts/crashtest.sh
// runs the same at 10,000 pages.
func TestKilledDuringCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated sites many times")
	}
	sites := genSites(t, [2]int{300, 1}, [2]int{200, 2})
	refs := []string{fresh(t, sites[0]), fresh(t, sites[1])}
	dest := filepath.Join(t.TempDir(), "public")
	build := func(i int) {
		t.Helper()
		if out, err := gongkai("build", "--source", sites[i], "--dest", dest).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
	}
	build(0)
	rng := rand.New(rand.NewPCG(9, 9))
	journal := filepath.Join(dest, publish.MetaDir, "journal")
	inCommit := 0
	const runs = 6
	for run := range runs {
		target := (run + 1) % 2
		cmd := gongkai("build", "--source", sites[target], "--dest", dest)
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		for sc.Scan() && !strings.HasPrefix(strings.TrimSpace(sc.Text()), "render") {
		}
		// The commit starts with its journal: kill a moment after it appears.
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(journal); err == nil {
				break
			}
			time.Sleep(20 * time.Microsecond)
		}
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		go io.Copy(io.Discard, stderr)
		cmd.Wait()
		if _, err := os.Stat(journal); err == nil {
			inCommit++
			// Any command that opens the output finishes the commit: the
			// output is then exactly the killed build's site.
			c, err := publish.Acquire(publish.ClaimOptions{Dest: dest})
			if err != nil {
				t.Fatal(err)
			}
			c.Release()
			if d := diffTrees(refs[target], dest); d != "" {
				t.Errorf("run %d: the interrupted commit was not finished: %s", run, d)
			}
		}
		next := rng.IntN(2)
		build(next)
		if d := diffTrees(refs[next], dest); d != "" {
			t.Errorf("run %d: the build after a kill differs from a fresh build: %s", run, d)
		}
		if m := metaClean(dest); m != "" {
			t.Errorf("run %d: left in %s: %s", run, publish.MetaDir, m)
		}
	}
	t.Logf("%d of %d kills landed during a commit", inCommit, runs)
	if inCommit == 0 {
		t.Error("no kill landed during a commit; the test tests nothing")
	}
}

// TestSignalCleansUp interrupts builds (SIGINT, SIGTERM) while they
// render: the output stays exactly as it was, with no staging left.
func TestSignalCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site")
	}
	sites := genSites(t, [2]int{300, 3})
	dest := filepath.Join(t.TempDir(), "public")
	if out, err := gongkai("build", "--source", sites[0], "--dest", dest).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	before := filepath.Join(t.TempDir(), "before")
	if out, err := exec.Command("cp", "-a", dest, before).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		// Another base URL: every page renders again, which takes a while.
		cmd := gongkai("build", "--source", sites[0], "--dest", dest, "--base-url", "https://other.example.org/")
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		for sc.Scan() && !strings.HasPrefix(strings.TrimSpace(sc.Text()), "index") {
		}
		cmd.Process.Signal(sig)
		go io.Copy(io.Discard, stderr)
		err := cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		if code != 128+int(sig) {
			t.Errorf("%v: exit %d (%v), want %d", sig, code, err, 128+int(sig))
		}
		if d := diffTrees(before, dest); d != "" {
			t.Errorf("%v: the output changed: %s", sig, d)
		}
		if m := metaClean(dest); m != "" {
			t.Errorf("%v: left in %s: %s", sig, publish.MetaDir, m)
		}
	}
}
