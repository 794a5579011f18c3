package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"gongkai/generator/serve"
)

func runServe(env Env, args []string) int {
	fs := newFlags(env, "serve")
	source := fs.String("source", ".", "站点`目录`（含 config.toml 和 content/）")
	addr := fs.String("addr", serve.DefaultAddr, "监听`地址`；默认只有本机能访问")
	drafts := fs.Bool("drafts", false, "包括草稿（draft = true）")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if !siteDir(env, *source) {
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serve.Run(ctx, serve.Options{Source: *source, Theme: env.Theme, Addr: *addr, Drafts: *drafts, Log: env.Stderr})
	if err != nil {
		fmt.Fprintf(env.Stderr, "gongkai serve: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}
