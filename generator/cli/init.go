package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"gongkai/generator/scaffold"
)

func runInit(env Env, args []string) int {
	fs := newFlags(env, "init")
	title := fs.String("title", "工会公开门户", "网站`名称`，写进 config.toml，以后可以改")
	layouts := fs.Bool("with-layouts", false, "把内置主题复制到 layouts/，用来修改网站外观；不改外观就不要加")
	var words []string
	for rest := args; ; {
		if code := parseFlags(fs, rest); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(words) != 1 {
		usageError(fs, "要写一个新目录的名字，如 gongkai init 我的门户")
		return ExitUsage
	}
	dir := words[0]
	files, err := scaffold.Write(scaffold.Options{Dir: dir, Title: strings.TrimSpace(*title), Theme: env.Theme, WithLayouts: *layouts})
	if err != nil {
		fmt.Fprintf(env.Stderr, "没有新建站点：%v\n", err)
		return ExitUsage
	}
	theme := "网站外观用内置主题；要修改外观，把要改的模板按原来的路径放进 layouts/（只放要改的文件；新建站点时加 --with-layouts 会复制整套主题），模板能用的字段见 docs/theme.md。"
	if *layouts {
		theme = "内置主题已复制到 layouts/：改其中的文件就能改变网站外观，不改的文件可以删掉（删掉的用内置的）。"
	}
	abs, _ := filepath.Abs(dir)
	fmt.Fprintf(env.Stdout, "已新建站点 %s（%d 个文件）。%s\n\n", abs, len(files), theme)
	fmt.Fprintf(env.Stdout, "接下来：\n")
	fmt.Fprintf(env.Stdout, "  1. cd %s\n", dir)
	fmt.Fprintf(env.Stdout, "  2. 打开 config.toml，改成自己的网站名称、网址、地区、单位类型和公开类别（# 后面是说明）。\n")
	fmt.Fprintf(env.Stdout, "  3. gongkai serve 预览示例内容；gongkai new 新建内容，示例内容可以删掉。\n")
	fmt.Fprintf(env.Stdout, "  4. gongkai build 生成网站，把 public 目录上传到服务器；拷到 U 盘或共享文件夹的，双击其中的 index.html 就能打开。\n")
	return ExitOK
}
