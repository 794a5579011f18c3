package register

import (
	"os"
	"syscall"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

// BenchmarkLoad reads and merges the data/ of a site made by bench/gen
// -rows N (GONGKAI_BENCH_SITE), as a build does after walking content/:
//
//	go run ./bench/gen -pages 1000 -rows 50000 -out /tmp/b50k
//	GONGKAI_BENCH_SITE=/tmp/b50k go test -run - -bench Load ./generator/register/
func BenchmarkLoad(b *testing.B) {
	dir := os.Getenv("GONGKAI_BENCH_SITE")
	if dir == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a site made by bench/gen -rows N")
	}
	fsys := os.DirFS(dir)
	cfg, errs := config.Load(fsys)
	if errs.Err() != nil {
		b.Fatal(errs)
	}
	cs, errs := content.Walk(fsys, nil)
	if errs.Err() != nil {
		b.Fatal(errs)
	}
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for b.Loop() {
		reg, errs := Load(fsys, cfg, nil)
		if errs.Err() != nil {
			b.Fatal(errs)
		}
		if _, errs := Merge(cfg, reg, cs); errs.Err() != nil {
			b.Fatal(errs)
		}
	}
	// CPU time says more than wall time on a shared machine.
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
