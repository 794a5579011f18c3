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
	"sync/atomic"
	"syscall"
	"time"

	"gongkai/generator/builder"
	"gongkai/generator/diag"
	"gongkai/generator/memlimit"
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
	name    string
	args    string   // what follows the name in the usage line
	summary string   // one line, for the list of commands
	about   string   // a few lines for the command's own help
	example []string // command lines to copy
	common  bool     // one of the commands an author needs most
	run     func(env Env, args []string) int
}

func commands() []command {
	return []command{
		{name: "new", args: "栏目 [选项] \"标题\"", common: true,
			summary: "新建一篇内容（通知、公开事项、单位……）",
			about:   "按栏目的模板新建一个内容文件，填好今天的日期和各个字段，不会覆盖已有的文件。\n栏目：notices 通知公告、reports 工作通报、cases 典型案例、disclosures 会务公开、units 工会组织、pages 其他页面。",
			example: []string{`gongkai new notices "关于开展2026年度职工之家建设的通知"`, `gongkai new disclosure --unit hongqiao-jingmi --category finance "2026年度工会经费收支情况公示"`, `gongkai new unit --parent wuzhong-zgh "某某科技有限公司工会"`},
			run:     runNew},
		{name: "serve", args: "[选项]", common: true,
			summary: "在本机预览网站，保存文件后浏览器自动刷新",
			about:   "在本机启动预览，在浏览器打开显示的网址即可查看。修改并保存文件后，页面自动刷新；有错误时页面上会显示错误和位置。按 Ctrl+C 结束。",
			example: []string{"gongkai serve", "gongkai serve --drafts"},
			run:     runServe},
		{name: "check", args: "[选项]", common: true,
			summary: "检查全部内容，列出所有错误，不写入任何文件",
			about:   "检查配置和全部内容：前置信息、链接、附件、所属单位、个人信息等。只报告，不写入任何文件；有错误时退出码为 1。",
			example: []string{"gongkai check"},
			run:     runCheck},
		{name: "build", args: "[选项]", common: true,
			summary: "生成网站，写入 public/ 目录，供上传到服务器",
			about:   "把整个站点生成为静态网页，写入 public/ 目录。有任何错误时列出全部错误，public/ 保持原样。",
			example: []string{"gongkai build", "gongkai build --dest /srv/portal"},
			run:     runBuild},
		{name: "review", args: "[文件] [选项] | sign 文件 --role 角色 --name 姓名",
			summary: "先审后发：列出待签发的页面，打印《信息发布审核表》，记录签字",
			about:   "不带文件：列出还没有审核签发、或签发后内容又改过的页面。\n带一个文件：把这篇的《信息发布审核表》写成一个 A4 网页，用浏览器打开打印。\nsign：在这篇的前置信息里记下签字（[review] 表，含内容哈希）；内容改动后原签字失效，须重新签。\n角色：审核、签发、保密审查，另有 信息员（撰稿人，只记姓名）。",
			example: []string{"gongkai review", "gongkai review content/disclosures/2026-fee.md", `gongkai review sign content/disclosures/2026-fee.md --role 审核 --name 李明`, `gongkai review sign content/disclosures/2026-fee.md --role 签发 --name 王芳 --date 2026-12-03`},
			run:     runReview},
		{name: "verify", args: "目录或网址 [选项]",
			summary: "核对发布出去的网站与它的修订记录是否一致",
			about:   "读取网站的修订记录（revisions.jsonl），检查记录前后相扣、没有被改写或删除，并逐个核对页面正文与最后一条记录的哈希是否一致。有不符时列出并以退出码 1 结束。\n可以核对本机的 public/ 目录，也可以直接核对网址。",
			example: []string{"gongkai verify public", "gongkai verify https://gonghui.example.org/"},
			run:     runVerify},
		{name: "init", args: "[选项] 目录",
			summary: "新建一个门户站点（配置、示例内容）",
			about:   "在一个新目录里建立门户站点：带中文注释的 config.toml、少量示例内容和 .gitignore。建好后可以直接 gongkai serve 预览。",
			example: []string{"gongkai init 我的门户", "gongkai init --with-layouts portal"},
			run:     runInit},
		{name: "export", args: "units [选项] 文件.xlsx|文件.csv",
			summary: "导出门户发布的单位名册和年度数据，供与台账核对",
			about:   "导出网站上发布的单位名册和年度数据（表格里的行与单位 Markdown 文件合并后的结果），供与本会台账核对。",
			example: []string{"gongkai export units 单位名册.xlsx"},
			run:     runExport},
		{name: "fix-encoding", args: "文件…",
			summary: "把 Windows 记事本保存的 GBK 文件转成 UTF-8",
			about:   "把 GBK/GB18030 编码的文件转成 UTF-8，原件另存为 文件.orig。已经是 UTF-8 的文件不变。",
			example: []string{"gongkai fix-encoding content/notices/通知.md"},
			run:     runFixEncoding},
		{name: "version", summary: "显示版本", about: "显示 gongkai 的版本。", run: runVersion},
	}
}

// Main runs the command line and returns the exit code.
func Main(env Env, args []string) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := findCommand(args[1]); ok {
				commandHelp(env.Stdout, c, nil)
				return ExitOK
			}
		}
		if len(args) == 0 {
			usage(env.Stderr)
			return ExitUsage
		}
		usage(env.Stdout)
		return ExitOK
	}
	if c, ok := findCommand(args[0]); ok {
		return c.run(env, args[1:])
	}
	unknownCommand(env.Stderr, args[0])
	return ExitUsage
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func newFlags(env Env, c string) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cmd, _ := findCommand(c)
	fs.Usage = func() { commandHelp(env.Stderr, cmd, fs) }
	return fs
}

type buildFlags struct {
	source, dest, baseURL  string
	drafts, future, expire bool
	relative               bool
	cpuProfile, memProfile string
	forceDest              bool
	memoryLimit            string
}

func (b *buildFlags) register(fs *flag.FlagSet, output bool) {
	fs.StringVar(&b.source, "source", ".", "站点`目录`（含 config.toml 和 content/）")
	if output {
		fs.StringVar(&b.dest, "dest", "", "输出`目录`（默认为站点目录下的 public/）")
		fs.StringVar(&b.baseURL, "base-url", "", "`网址`：覆盖 config.toml 中的 base_url")
		fs.BoolVar(&b.relative, "relative", false, "config.toml 写了 relative_urls = false 时，这次构建仍把链接写成相对路径：生成的网站拷到 U 盘或共享文件夹后，双击 index.html 就能浏览（默认就是这样，不需要这个参数）")
		fs.BoolVar(&b.forceDest, "force-dest", false, "输出目录不是空的、也不是 gongkai 生成的时，仍然使用它（其中的文件会被替换或删除）")
	}
	fs.BoolVar(&b.drafts, "drafts", false, "包括草稿（draft = true）")
	fs.BoolVar(&b.future, "future", false, "包括发布日期 publish_date 在未来的页面")
	fs.BoolVar(&b.expire, "expired", false, "包括已过期 expiry_date 的页面")
	fs.StringVar(&b.cpuProfile, "cpuprofile", "", "把 CPU 剖析写入此`文件`（报告构建慢时附上）")
	fs.StringVar(&b.memProfile, "memprofile", "", "把内存剖析写入此`文件`（报告构建慢时附上）")
	fs.StringVar(&b.memoryLimit, "memory-limit", "", "构建最多使用的`内存`，如 8GB、6000MB 或 50%（默认为本机可用内存的四分之三；也可用环境变量 "+memlimit.EnvVar+"）")
}

// parse parses flags and allows no other arguments; it returns -1 to go
// on, or an exit code.
func parse(fs *flag.FlagSet, args []string) int {
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		usageError(fs, fmt.Sprintf("gongkai %s 不需要“%s”（选项以 -- 开头，如 --source 站点目录）", fs.Name(), fs.Arg(0)))
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
	if !siteDir(env, b.source) {
		return ExitUsage
	}
	if b.memoryLimit != "" {
		n, err := memlimit.Parse(b.memoryLimit)
		if err != nil {
			fmt.Fprintf(env.Stderr, "gongkai: %v\n", err)
			return ExitUsage
		}
		memlimit.Set(n, "--memory-limit")
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
	res, err := builder.Run(builder.Options{
		Source: os.DirFS(b.source), SourceDir: b.source, ForceDest: b.forceDest, Theme: env.Theme, Dest: b.dest, Check: check,
		Waiting: func(holder string) {
			fmt.Fprintf(env.Stderr, "gongkai: 另一个构建（%s）正在写入 %s，等待它结束……（按 Ctrl+C 取消）\n", holder, b.dest)
		},
		BaseURL: b.baseURL, Relative: b.relative, Drafts: b.drafts, Future: b.future, Expired: b.expire,
		CacheDir: cacheDir(b, check), Trace: trace(env),
		Now: env.Now(), Progress: prog.update,
	})
	prog.clear()
	if signalled.Load() {
		// The build stopped because a signal abandoned it: the handler
		// is cleaning up and exits with the signal's code.
		select {}
	}
	if t := trace(env); t != nil {
		fmt.Fprintf(t, "  %s\n", memlimit.Report())
	}
	printWarnings(env.Stderr, res.Warnings)
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
		var mem *memlimit.ExceededError
		switch {
		case errors.As(err, &mem):
			return ExitIO
		case errors.As(err, &refused):
			return ExitUsage
		case errors.As(err, &ioErr):
			return ExitIO
		}
		return ExitContent
	}
	printGuard(env.Stderr, res.Guard)
	if n := len(res.Withdrawn); n > 0 {
		fmt.Fprintf(env.Stderr, "已撤下 %d 个过了保留期的公开事项（页面只说明已撤下，不再有原内容；保留期见 config.toml 中类别的 retention_days）：\n", n)
		const shown = 10 // a large portal may take down hundreds in one build
		for _, w := range res.Withdrawn[:min(n, shown)] {
			fmt.Fprintf(env.Stderr, "  %s（公开至 %s）\n", w.File, w.Until.Format("2006-01-02"))
		}
		if n > shown {
			fmt.Fprintf(env.Stderr, "  ……另有 %d 个\n", n-shown)
		}
	}
	if check {
		fmt.Fprintf(env.Stderr, "检查通过：%d 个页面，没有错误%s。\n", res.Pages, warnings(len(res.Warnings)))
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "完成：%s 个页面（重新生成 %s 个），写入 %s 个文件，%s 个文件没有变化%s，用时 %s → %s\n",
		thousands(res.Pages), thousands(len(res.Rendered)), thousands(res.Written), thousands(res.Unchanged), warnings(len(res.Warnings)), seconds(res.Elapsed), b.dest)
	return ExitOK
}

// signalled is set when a signal arrived; the handler then owns the exit.
var signalled atomic.Bool

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
			signalled.Store(true)
			publish.Interrupt()
			fmt.Fprintln(env.Stderr, "\ngongkai: 已中断。输出目录保持构建前的样子；若中断时正在替换文件，下次构建会先把这次替换做完。")
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
func printGuard(w io.Writer, g builder.GuardReport) {
	if len(g.Allowed) > 0 {
		fmt.Fprintf(w, "个人信息检查：按 config.toml 的 [[pii_exceptions]] 放行 %d 个号码：\n", len(g.Allowed))
		for _, e := range g.Allowed {
			fmt.Fprintf(w, "  %s（%s）\n", e.Value, e.Reason)
		}
	}
	if len(g.Unscanned) > 0 {
		fmt.Fprintf(w, "个人信息检查：%d 个发布的文件无法检查，请人工确认：\n", len(g.Unscanned))
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

// sameWarnings is how many warnings with one hint are printed in full; a
// site with hundreds of disclosures running past the holiday calendar
// printed 379 identical hints, burying everything else.
const sameWarnings = 5

// printWarnings prints the warnings in order; past sameWarnings of one
// kind (the same hint), the rest are counted in one line at the end.
func printWarnings(w io.Writer, ws diag.List) {
	seen := map[string]int{}
	var order []string
	for _, e := range ws {
		key := e.Hint
		if key == "" {
			key = e.Msg
		}
		seen[key]++
		switch n := seen[key]; {
		case n == 1:
			order = append(order, key)
			fallthrough
		case n <= sameWarnings:
			fmt.Fprintln(w, e)
		}
	}
	for _, key := range order {
		if n := seen[key] - sameWarnings; n > 0 {
			fmt.Fprintf(w, "……另有 %d 条同类警告未列出（提示：%s）\n", n, key)
		}
	}
}
