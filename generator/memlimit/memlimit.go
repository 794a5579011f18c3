// Package memlimit chooses the soft memory limit of a build from the
// machine's memory (or a flag), and says when a site does not fit it.
//
// A fixed limit is wrong both ways: a small machine runs out before the
// collector reacts, and a large site outgrows it and then collects without
// end (at 300,000 pages a live heap of 2 GB under a 1.3 GB limit spent 60 %
// of the CPU collecting). The default is a fraction of what the machine
// (or its cgroup) has available when the build starts.
package memlimit

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// Fraction is the part of the available memory a build may use by default:
// the rest is left to the page cache, tmpfs output and other processes.
const Fraction = 0.75

// EnvVar overrides the default limit; the --memory-limit flag overrides it.
const EnvVar = "GONGKAI_MEMORY_LIMIT"

var (
	mu      sync.Mutex
	limit   int64  = math.MaxInt64 // what the build may use; MaxInt64: no limit
	applied bool                   // whether limit is in force in the runtime
	from    string                 // where limit came from, for messages
)

// Machine returns the memory available to this process in bytes: the
// smaller of MemAvailable in /proc/meminfo and the cgroup's limit, and
// where it was read. It returns 0 when neither can be read (not Linux).
func Machine() (uint64, string) {
	return machine(os.ReadFile)
}

func machine(read func(string) ([]byte, error)) (uint64, string) {
	var avail uint64
	src := ""
	if b, err := read("/proc/meminfo"); err == nil {
		if kb, ok := meminfo(b, "MemAvailable:"); ok {
			avail, src = kb*1024, "MemAvailable"
		}
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := read(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || n == 0 || n >= 1<<62 { // "max", or the v1 sentinel for none
			continue
		}
		if avail == 0 || n < avail {
			avail, src = n, "cgroup"
		}
	}
	return avail, src
}

// meminfo returns the value of key in kB from /proc/meminfo's text.
func meminfo(b []byte, key string) (uint64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == key {
			n, err := strconv.ParseUint(f[1], 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// Default returns the limit a build gets without a flag: Fraction of
// Machine(), or no limit when the machine's memory is unknown.
func Default() (int64, string) {
	m, src := Machine()
	if m == 0 {
		return math.MaxInt64, ""
	}
	return int64(float64(m) * Fraction), fmt.Sprintf("%.0f%% of %s %s", Fraction*100, src, Bytes(int64(m)))
}

// Parse reads a size as people write it: 8GB, 8G, 6000MB, 512M, a plain
// number of bytes, or a percentage of the machine's available memory (50%).
func Parse(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if p, ok := strings.CutSuffix(t, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f <= 0 || f > 100 {
			return 0, fmt.Errorf("内存上限“%s”不是 1%% 到 100%% 之间的百分比", s)
		}
		m, _ := Machine()
		if m == 0 {
			return 0, fmt.Errorf("读不到本机内存大小，内存上限请写成 8GB、6000MB 这样的大小，而不是“%s”", s)
		}
		return int64(float64(m) * f / 100), nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "IB"), "B")
	mult := float64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			t = t[:len(t)-1]
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || f <= 0 || f*mult < 64<<20 || f*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("内存上限“%s”无法识别：请写成 8GB、6000MB 或 50%%（本机可用内存的一半），至少 64MB", s)
	}
	return int64(f * mult), nil
}

// Set makes n (bytes) the limit, from the given source (for messages);
// Apply puts it in force.
func Set(n int64, source string) {
	mu.Lock()
	defer mu.Unlock()
	limit, from = n, source
	if applied {
		debug.SetMemoryLimit(n)
	}
}

// Apply puts the limit set last in force as the runtime's soft memory
// limit, and keeps later calls of Set in force too.
func Apply() {
	mu.Lock()
	defer mu.Unlock()
	applied = true
	debug.SetMemoryLimit(limit)
}

// Limit returns the limit and where it came from.
func Limit() (int64, string) {
	mu.Lock()
	defer mu.Unlock()
	return limit, from
}

// Bytes writes n as people read a memory size: 1.3 GB, 640 MB.
func Bytes(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// Share is the part of the limit that the live heap may fill before a
// build stops: above it the collector runs nearly all the time.
const Share = 0.85

// ExceededError says that a site does not fit the memory it is given.
type ExceededError struct {
	Pages int    // the site's size
	Phase string // after which phase it was measured
	Live  int64  // live heap in bytes
	Limit int64
	From  string
}

func (e *ExceededError) Error() string {
	return fmt.Sprintf("内存不够：站点有 %s 个页面，%s后仍在使用的内存已有 %s，超过内存上限 %s（%s）的 %.0f%%；继续下去，构建会在反复回收内存中变得极慢。请用 --memory-limit 给更多内存（如 --memory-limit %s，或环境变量 %s），或在内存更大的机器上构建",
		thousands(e.Pages), e.Phase, Bytes(e.Live), Bytes(e.Limit), e.From, Share*100, suggest(e.Live), EnvVar)
}

// suggest is a limit that leaves the collector room for a live heap of live
// bytes, rounded up to whole gigabytes.
func suggest(live int64) string {
	g := (live*2 + 1<<30 - 1) >> 30
	return fmt.Sprintf("%dGB", g)
}

// Check returns an *ExceededError when the heap still live at the last
// collection fills more than Share of the limit; phase names what has
// just been done (建立索引), pages the site's size.
func Check(pages int, phase string) error {
	l, src := Limit()
	if l == math.MaxInt64 {
		return nil
	}
	live := Live()
	if float64(live) <= Share*float64(l) {
		return nil
	}
	return &ExceededError{Pages: pages, Phase: phase, Live: live, Limit: l, From: src}
}

// Held returns the bytes of memory the Go runtime holds from the system.
func Held() int64 { return metric("/memory/classes/total:bytes") }

// Live returns the heap bytes marked live by the last collection.
func Live() int64 { return metric("/gc/heap/live:bytes") }

// metric reads one of the runtime's byte counts; 0 if it has none.
func metric(name string) int64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Report says, for GONGKAI_TRACE, the limit in force, the heap live at the
// last collection, the number of collections and the share of the
// process's CPU time the collector took so far.
func Report() string {
	s := []metrics.Sample{
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/total:cpu-seconds"},
		{Name: "/gc/cycles/total:gc-cycles"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	gc, total := s[0].Value.Float64(), s[1].Value.Float64()
	share := 0.0
	if total > 0 {
		share = 100 * gc / total
	}
	l, from := Limit()
	lim := "none"
	if l != math.MaxInt64 {
		lim = Bytes(l) + " (" + from + ")"
	}
	return fmt.Sprintf("memory limit %s, live heap %s, %d collections, GC %.1f%% of %.1f CPU seconds",
		lim, Bytes(int64(s[3].Value.Uint64())), s[2].Value.Uint64(), share, total)
}

// Percent is the collector's GOGC for a live heap of live bytes: 200
// (collect half as often as Go's default) while the heap is small, then
// lower as it grows, so that the memory held above the live heap stays
// about 768 MB, and no lower than 50. A build allocates much short-lived
// HTML: at 10,000 pages (live heap under 400 MB) collecting less often
// saves a tenth of the time, while at 100,000 pages (1.5 GB live) GOGC
// 200 held 4.5 GB for no time saved over 50, which held 2.9 GB.
func Percent(live int64) int {
	const small = 384 << 20
	if live <= small {
		return 200
	}
	return max(50, int(200*small/live))
}

// Adapt sets the collector's GOGC from Percent after every collection,
// from now on.
func Adapt() {
	debug.SetGCPercent(Percent(Live()))
	sentinel := &struct {
		_ [64]byte
		_ *int
	}{}
	runtime.AddCleanup(sentinel, func(struct{}) { Adapt() }, struct{}{})
}
