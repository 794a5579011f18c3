package cli

import (
	"fmt"
	"os"

	"gongkai/generator/builder"
	"gongkai/generator/register"
)

// runExport writes the units a build publishes (data/ rows with the
// Markdown files' front matter laid over them) to a spreadsheet, so the
// federation can check the portal against its own records.
func runExport(env Env, args []string) int {
	fs := newFlags(env, "export")
	source := fs.String("source", ".", "站点`目录`（含 config.toml、content/ 和 data/）")
	if len(args) == 0 || args[0] != "units" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.Usage()
			return ExitOK
		}
		fs.Usage()
		return ExitUsage
	}
	if code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "gongkai export units 要写一个输出文件名，如 单位.xlsx 或 单位.csv")
		fs.Usage()
		return ExitUsage
	}
	if !siteDir(env, *source) {
		return ExitUsage
	}
	cfg, units, errs := builder.Units(os.DirFS(*source))
	for _, e := range errs {
		fmt.Fprintln(env.Stderr, e)
	}
	if units == nil {
		fmt.Fprintf(env.Stderr, "\n%d 处错误（见上），没有导出。改正后再运行一次。\n", len(errs.Errors()))
		return ExitContent
	}
	written, err := register.Export(fs.Arg(0), cfg, units)
	if err != nil {
		fmt.Fprintf(env.Stderr, "gongkai export units：%v\n", err)
		return ExitUsage
	}
	for _, f := range written {
		fmt.Fprintf(env.Stderr, "已导出 %d 个单位 → %s\n", len(units), f)
	}
	return ExitOK
}
