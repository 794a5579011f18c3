package site

import (
	"os"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// BenchmarkIndex indexes the site in GONGKAI_BENCH_SITE (a bench/sites
// directory): the part of every build, cold or cached, that cannot run in
// parallel.
//
//	GONGKAI_BENCH_SITE=$PWD/bench/sites/10000 go test -run '^$' -bench Index ./generator/site
func BenchmarkIndex(b *testing.B) {
	dir := os.Getenv("GONGKAI_BENCH_SITE")
	if dir == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a generated site")
	}
	src := os.DirFS(dir)
	cfg, errs := config.Load(src)
	if cfg == nil {
		b.Fatal(errs)
	}
	cs, _ := content.Walk(src, nil)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, errs := Index(cfg, cs, Options{Now: now}); errs.Err() != nil {
			b.Fatal(errs)
		}
	}
}
