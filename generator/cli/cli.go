// Package cli implements the gongkai command line.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gongkai/generator/build"
	"gongkai/generator/diag"
	"gongkai/generator/publish"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitContent = 1 // content or config errors
	ExitUsage   = 2
	ExitIO      = 3 // the environment failed: disk full, read-only, no permission
)

// Version is set by the linker for releases.
var Version = "dev"

// Env is what the commands need from the process.
type Env struct {
	Stdout, Stderr io.Writer
	Theme          fs.FS // the embedded default theme (holding layouts/)
	Now            func() time.Time
}

type command struct {
	name, usage, summary string
	run                  func(env Env, args []string) int
}

func commands() []command {
	return []command{
		{"build", "gongkai build [--source DIR] [--dest DIR] [--base-url URL] [--drafts] [--future] [--expired]",
			"把站点编译成静态网站，写入 public/（Build the portal into static files）", runBuild},
		{"serve", "gongkai serve [--source DIR] [--addr 127.0.0.1:1313] [--drafts]",
			"在本机预览站点，保存文件后浏览器自动刷新（Preview with live reload）", runServe},
		{"check", "gongkai check [--source DIR] [--drafts] [--future] [--expired]",
			"只检查，不写出文件；有错误时退出码为 1（Validate everything, write nothing）", runCheck},
		{"export", "gongkai export units [--source DIR] FILE.xlsx|FILE.csv",
			"导出门户发布的单位名册和年度数据（表格行与 Markdown 合并后的结果），供与本会台账核对（Export the merged unit register and yearly status）", runExport},
		{"fix-encoding", "gongkai fix-encoding FILE…",
			"把 GBK/GB18030 编码的文件转成 UTF-8，原件保存为 FILE.orig（Convert Windows-encoded files to UTF-8）", runFixEncoding},
		{"version", "gongkai version", "显示版本（Print the version）", runVersion},
	}
}

// Main runs the command line and returns the exit code.
func Main(env Env, args []string) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "gongkai: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "gongkai（公开）— 工会公开门户的静态网站生成器 / static site generator for a trade-union portal")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'gongkai COMMAND -h' for a command's flags.")
}

func newFlags(env Env, c string) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	for _, cmd := range commands() {
		if cmd.name == c {
			fs.Usage = func() {
				fmt.Fprintf(env.Stderr, "%s\n\n%s\n\nFlags:\n", cmd.usage, cmd.summary)
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

type buildFlags struct {
	source, dest, baseURL  string
	drafts, future, expire bool
	cpuProfile, memProfile string
	forceDest              bool
}

func (b *buildFlags) register(fs *flag.FlagSet, output bool) {
	fs.StringVar(&b.source, "source", ".", "站点目录（含 config.toml 和 content/）")
	if output {
		fs.StringVar(&b.dest, "dest", "", "输出目录（默认为站点目录下的 public/）")
		fs.StringVar(&b.baseURL, "base-url", "", "覆盖 config.toml 中的 base_url")
		fs.BoolVar(&b.forceDest, "force-dest", false, "输出目录不是空的、也不是 gongkai 生成的时，仍然使用它（其中的文件会被替换或删除）")
	}
	fs.BoolVar(&b.drafts, "drafts", false, "包括草稿（draft = true）")
	fs.BoolVar(&b.future, "future", false, "包括发布日期 publish_date 在未来的页面")
	fs.BoolVar(&b.expire, "expired", false, "包括已过期 expiry_date 的页面")
	fs.StringVar(&b.cpuProfile, "cpuprofile", "", "把 CPU 剖析写入此文件（报告构建慢时附上）")
	fs.StringVar(&b.memProfile, "memprofile", "", "把内存剖析写入此文件（报告构建慢时附上）")
}

func parseErr(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

// parse parses flags; it returns -1 to go on, or an exit code.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "gongkai %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return ExitUsage
	}
	return -1
}

func runBuild(env Env, args []string) int {
	var b buildFlags
	fs := newFlags(env, "build")
	b.register(fs, true)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if b.dest == "" {
		b.dest = filepath.Join(b.source, "public")
	}
	return runOne(env, b, false)
}

func runCheck(env Env, args []string) int {
	var b buildFlags
	fs := newFlags(env, "check")
	b.register(fs, false)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	return runOne(env, b, true)
}

func runOne(env Env, b buildFlags, check bool) int {
	if st, err := os.Stat(b.source); err != nil || !st.IsDir() {
		fmt.Fprintf(env.Stderr, "gongkai: 站点目录 %s 不存在（--source must name a site directory）\n", b.source)
		return ExitUsage
	}
	stop, err := startProfiles(b.cpuProfile, b.memProfile)
	if err != nil {
		fmt.Fprintf(env.Stderr, "gongkai: %v\n", err)
		return ExitUsage
	}
	defer stop()
	if !check {
		defer cleanOnSignal(env)()
	}
	prog := newProgress(env.Stderr)
	res, err := build.Run(build.Options{
		Source: os.DirFS(b.source), SourceDir: b.source, ForceDest: b.forceDest, Theme: env.Theme, Dest: b.dest, Check: check,
		Waiting: func(holder string) {
			fmt.Fprintf(env.Stderr, "gongkai: 另一个构建（%s）正在写入 %s，等待它结束……（按 Ctrl+C 取消）\n", holder, b.dest)
		},
		BaseURL: b.baseURL, Drafts: b.drafts, Future: b.future, Expired: b.expire,
		CacheDir: cacheDir(b, check), Trace: trace(env),
		Now: env.Now(), Progress: prog.update,
	})
	prog.clear()
	for _, w := range res.Warnings {
		fmt.Fprintln(env.Stderr, w)
	}
	if err != nil {
		var list diag.List
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(env.Stderr, e)
			}
			fmt.Fprintf(env.Stderr, "\n%s\n", failSummary(len(list), len(res.Warnings), b, check))
			return ExitContent
		}
		fmt.Fprintf(env.Stderr, "gongkai: %v\n", err)
		var refused *publish.RefusedError
		var ioErr *publish.IOError
		switch {
		case errors.As(err, &refused):
			return ExitUsage
		case errors.As(err, &ioErr):
			return ExitIO
		}
		return ExitContent
	}
	printGuard(env.Stderr, res.Guard)
	if check {
		fmt.Fprintf(env.Stderr, "检查通过：%d 个页面，没有错误%s。\n", res.Pages, warnings(len(res.Warnings)))
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "完成：%s 个页面（重新生成 %s 个），写入 %s 个文件，%s 个文件没有变化%s，用时 %s → %s\n",
		thousands(res.Pages), thousands(len(res.Rendered)), thousands(res.Written), thousands(res.Unchanged), warnings(len(res.Warnings)), seconds(res.Elapsed), b.dest)
	return ExitOK
}

// cleanOnSignal makes Ctrl+C and SIGTERM leave the output as it was (or,
// during a commit, complete) before the process exits; the returned
// function stops listening.
func cleanOnSignal(env Env) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			publish.Interrupt()
			fmt.Fprintln(env.Stderr, "\ngongkai: 已中断。输出目录保持构建前的样子；若中断时正在替换文件，下次构建会先把这次替换做完（interrupted）")
			code := 130
			if sig == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// trace sends phase timings to stderr when GONGKAI_TRACE is set.
func trace(env Env) io.Writer {
	if os.Getenv("GONGKAI_TRACE") != "" {
		return env.Stderr
	}
	return nil
}

// cacheDir is where a site keeps its build cache; check writes nothing.
func cacheDir(b buildFlags, check bool) string {
	if check {
		return ""
	}
	return filepath.Join(b.source, ".gongkai", "cache")
}

// failSummary is the last line of a run that found errors.
func failSummary(errors, warns int, b buildFlags, check bool) string {
	s := fmt.Sprintf("%d 处错误%s，未写入任何文件", errors, warnings(warns))
	if !check {
		s += "，" + strings.TrimSuffix(b.dest, "/") + " 保持原样"
	}
	return s + "。改正上面列出的错误后再运行一次。"
}

// warnings counts warnings for a summary line; nothing when there are none.
func warnings(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("，%d 条警告（见上）", n)
}

// seconds says how long a run took, as people read it.
func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.2f 秒", d.Seconds())
	}
	return fmt.Sprintf("%.1f 秒", d.Seconds())
}

func runVersion(env Env, args []string) int {
	fs := newFlags(env, "version")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	fmt.Fprintf(env.Stdout, "gongkai %s\n", Version)
	return ExitOK
}

// thousands writes n with thousands separators: 11,033.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// printGuard tells what the personal-data guard let through on purpose and
// what it could not read, so that nobody takes those for checked.
func printGuard(w io.Writer, g build.GuardReport) {
	if len(g.Allowed) > 0 {
		fmt.Fprintf(w, "个人信息检查：按 config.toml 的 [[pii_exceptions]] 放行 %d 个号码：\n", len(g.Allowed))
		for _, e := range g.Allowed {
			fmt.Fprintf(w, "  %s（%s）\n", e.Value, e.Reason)
		}
	}
	if len(g.Unscanned) > 0 {
		fmt.Fprintf(w, "个人信息检查：%d 个发布的文件无法检查（not scanned），请人工确认：\n", len(g.Unscanned))
		for _, u := range g.Unscanned {
			fmt.Fprintf(w, "  %s：%s\n", u.File, u.Reason)
		}
		if !g.UnscannedIsError {
			fmt.Fprintln(w, `  （在 config.toml 中写 pii_unscanned = "error" 可使这类文件令构建失败）`)
		}
	}
	if g.Images > 0 {
		fmt.Fprintf(w, "个人信息检查：%d 张图片未检查（不识别图片中的文字）\n", g.Images)
	}
}
