package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gongkai/generator/diag"
)

// usage is the help of gongkai itself: the four commands an author needs
// first, then the others.
func usage(w io.Writer) {
	fmt.Fprint(w, "gongkai（公开）：把用 Markdown 写的通知、公开事项等编成工会公开门户网站。\n\n最常用的命令：\n")
	var others []command
	for _, c := range commands() {
		if !c.common {
			others = append(others, c)
			continue
		}
		fmt.Fprintf(w, "  %s  %s\n", pad("gongkai "+c.name, 20), c.summary)
	}
	fmt.Fprint(w, "\n其他命令：\n")
	for _, c := range others {
		fmt.Fprintf(w, "  %s  %s\n", pad("gongkai "+c.name, 20), c.summary)
	}
	fmt.Fprint(w, "\n一般的顺序：gongkai new 写一篇 → gongkai serve 预览 → gongkai build 生成 → 上传 public/ 目录。\n")
	fmt.Fprint(w, "每个命令加 -h 可以看它的用法和例子，如 gongkai new -h。写作指南见 docs/authoring.md。\n")
}

// commandHelp prints a command's help: usage line, what it does, examples
// and its options. fs may be nil.
func commandHelp(w io.Writer, c command, fs *flag.FlagSet) {
	line := "gongkai " + c.name
	if c.args != "" {
		line += " " + c.args
	}
	fmt.Fprintf(w, "用法：%s\n\n%s\n", line, c.about)
	if len(c.example) > 0 {
		fmt.Fprint(w, "\n例子：\n")
		for _, e := range c.example {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if fs == nil {
		fs = flag.NewFlagSet(c.name, flag.ContinueOnError)
	}
	var rows [][2]string
	fs.VisitAll(func(f *flag.Flag) {
		name, text := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if name != "" {
			if name == "value" || name == "string" {
				name = "值"
			}
			left += " " + name
		}
		switch d := f.DefValue; d {
		case "", "false", "0":
		case ".":
			text += "；默认是当前目录"
		default:
			text += "；默认 " + d
		}
		rows = append(rows, [2]string{left, text})
	})
	if len(rows) == 0 {
		return
	}
	width := 0
	for _, r := range rows {
		width = max(width, displayWidth(r[0]))
	}
	fmt.Fprint(w, "\n选项：\n")
	for _, r := range rows {
		fmt.Fprintf(w, "  %s  %s\n", pad(r[0], width), r[1])
	}
}

// parseFlags parses a command's flags. It prints the help for -h and a
// Chinese message for a mistake, and returns -1 to go on, or an exit code.
func parseFlags(fs *flag.FlagSet, args []string) int {
	// The flag package's own messages are English: they go nowhere, and
	// the mistake is said again in Chinese.
	help, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = help
	fs.SetOutput(out)
	switch {
	case err == nil:
		return -1
	case errors.Is(err, flag.ErrHelp):
		help()
		return ExitOK
	}
	usageError(fs, flagMistake(fs, err))
	return ExitUsage
}

// flagMistake says in Chinese what the flag package found wrong.
func flagMistake(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	cmd := "gongkai " + fs.Name()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		s := fmt.Sprintf("%s 没有 --%s 这个选项", cmd, name)
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := diag.Suggest(name, names, 1); len(near) > 0 {
			s += fmt.Sprintf("。是不是想写 --%s？", near[0])
		}
		return s
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Sprintf("选项 --%s 后面要写一个值", strings.TrimLeft(name, "-"))
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		value, name, _ := strings.Cut(rest, " for flag ")
		name, _, _ = strings.Cut(name, ":")
		return fmt.Sprintf("选项 --%s 的值 %s 无效", strings.TrimLeft(name, "-"), value)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		value, name, _ := strings.Cut(rest, " for ")
		name, _, _ = strings.Cut(name, ":")
		return fmt.Sprintf("选项 %s 只能是 true 或 false，这里写的是 %s", name, value)
	}
	if name, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Sprintf("选项 %s 的写法不对：选项写成 --名称 或 --名称 值", name)
	}
	return "命令行写法有误：" + msg
}

// usageError reports a mistake on the command line and where to look.
func usageError(fs *flag.FlagSet, msg string) {
	fmt.Fprintf(fs.Output(), "%s\n运行 gongkai %s -h 查看用法和例子。\n", msg, fs.Name())
}

// commandAliases are words people try for a command: English synonyms
// and the Chinese for what they want to do.
var commandAliases = map[string]string{
	"create": "new", "add": "new", "write": "new", "新建": "new", "写": "new",
	"server": "serve", "preview": "serve", "run": "serve", "watch": "serve", "start": "serve", "预览": "serve",
	"validate": "check", "lint": "check", "test": "check", "verify": "check", "检查": "check",
	"generate": "build", "publish": "build", "make": "build", "deploy": "build", "生成": "build", "发布": "build",
	"setup": "init", "create-site": "init", "新站": "init",
	"-v": "version", "--version": "version",
}

// unknownCommand tells what gongkai does not know and the nearest command.
func unknownCommand(w io.Writer, name string) {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	fmt.Fprintf(w, "gongkai 没有“%s”这个命令。", name)
	near := commandAliases[strings.ToLower(name)]
	if near == "" {
		if s := diag.Suggest(name, names, 1); len(s) > 0 {
			near = s[0]
		}
	}
	if near != "" {
		c, _ := findCommand(near)
		fmt.Fprintf(w, "是不是想用 gongkai %s（%s）？\n\n", near, c.summary)
	} else {
		fmt.Fprint(w, "\n\n")
	}
	usage(w)
}

// siteDir checks that dir is a site directory and says what to do if not.
func siteDir(env Env, dir string) bool {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(env.Stderr, "找不到站点目录 %s。用 --source 写上站点所在的目录（放着 config.toml 的那个），或者先用 cd 进入它。\n", dir)
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, "config.toml")); err != nil {
		abs, _ := filepath.Abs(dir)
		fmt.Fprintf(env.Stderr, "%s 里没有 config.toml，不是一个站点目录。用 --source 指向站点目录，或者用 gongkai init 新建一个站点。\n", abs)
		return false
	}
	return true
}

// pad left-aligns s in width columns, counting a Chinese character as two.
func pad(s string, width int) string {
	if n := displayWidth(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if utf8.RuneLen(r) >= 3 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
