// Command gongkai builds the static portal of a trade-union federation.
package main

import (
	"embed"
	"os"
	"runtime"
	"runtime/debug"
	_ "time/tzdata" // Asia/Shanghai on hosts without a zoneinfo database

	"gongkai/generator/cli"
	"gongkai/generator/memlimit"
)

//go:embed layouts
var theme embed.FS

func main() {
	tuneGC()
	os.Exit(cli.Main(cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Theme: theme}, os.Args[1:]))
}

// tuneGC trades memory for speed up to a soft limit: a build allocates a
// lot of short-lived HTML, and collecting half as often saves a tenth of the
// time on 10,000 pages; as the live heap grows, memlimit.Adapt collects
// more often again, so 100,000 pages do not hold three times their heap. The limit follows the machine (memlimit.Default:
// three quarters of the memory available at the start), or
// GONGKAI_MEMORY_LIMIT, or the --memory-limit flag that the CLI applies
// later; a fixed limit that a large site outgrew made the collector run
// without end.
//
// Before that, the collector is off until the heap first reaches 192 MB:
// a rebuild from the cache allocates about 150 MB at 10,000 pages and then
// needs no collection at all (a sixth of its CPU time). The first
// collection runs a cleanup that switches to the settings above.
//
// GOGC and GOMEMLIMIT in the environment take precedence.
func tuneGC() {
	n, from := memlimit.Default()
	if v := os.Getenv(memlimit.EnvVar); v != "" {
		if l, err := memlimit.Parse(v); err == nil {
			n, from = l, memlimit.EnvVar
		}
	}
	memlimit.Set(n, from)
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		if os.Getenv("GOGC") == "" {
			memlimit.Adapt()
		}
		if os.Getenv("GOMEMLIMIT") == "" {
			memlimit.Apply()
		} else {
			memlimit.Set(debug.SetMemoryLimit(-1), "GOMEMLIMIT")
		}
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(192 << 20)
	sentinel := &struct {
		_ [64]byte
		_ *int
	}{}
	runtime.AddCleanup(sentinel, func(struct{}) {
		memlimit.Apply()
		memlimit.Adapt()
	}, struct{}{})
}
