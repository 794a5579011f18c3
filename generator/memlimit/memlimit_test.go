package memlimit

import (
	"errors"
	"io/fs"
	"math"
	"runtime"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{in: "8GB", want: 8 << 30},
		{in: "8g", want: 8 << 30},
		{in: "8GiB", want: 8 << 30},
		{in: "6000MB", want: 6000 << 20},
		{in: "512M", want: 512 << 20},
		{in: " 1.5GB ", want: 3 << 29},
		{in: "1073741824", want: 1 << 30},
		{in: "10MB", bad: true}, // below 64 MB
		{in: "lots", bad: true},
		{in: "-1GB", bad: true},
		{in: "", bad: true},
		{in: "150%", bad: true},
	} {
		got, err := Parse(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("Parse(%q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestMachine(t *testing.T) {
	meminfo := "MemTotal:       24684544 kB\nMemFree:        15849472 kB\nMemAvailable:   22243328 kB\n"
	files := func(m map[string]string) func(string) ([]byte, error) {
		return func(p string) ([]byte, error) {
			if s, ok := m[p]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		}
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  uint64
		src   string
	}{
		{"meminfo only", map[string]string{"/proc/meminfo": meminfo}, 22243328 * 1024, "MemAvailable"},
		{"cgroup v2 smaller", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "4294967296\n"}, 4 << 30, "cgroup"},
		{"cgroup v2 max", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory.max": "max\n"}, 22243328 * 1024, "MemAvailable"},
		{"cgroup v1 none", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n"}, 22243328 * 1024, "MemAvailable"},
		{"cgroup v1 larger", map[string]string{"/proc/meminfo": meminfo, "/sys/fs/cgroup/memory/memory.limit_in_bytes": "68719476736\n"}, 22243328 * 1024, "MemAvailable"},
		{"nothing", nil, 0, ""},
	} {
		got, src := machine(files(tc.files))
		if got != tc.want || src != tc.src {
			t.Errorf("%s: machine() = %d, %q; want %d, %q", tc.name, got, src, tc.want, tc.src)
		}
	}
}

func TestCheck(t *testing.T) {
	old, oldFrom := Limit()
	defer Set(old, oldFrom)
	keep := make([]byte, 96<<20)
	runtime.GC()
	Set(64<<20, "--memory-limit")
	err := Check(300000, "建立索引")
	var ex *ExceededError
	if !errors.As(err, &ex) {
		t.Fatalf("Check with 96 MB live under a 64 MB limit = %v, want *ExceededError", err)
	}
	msg := err.Error()
	for _, want := range []string{"300,000 个页面", "建立索引", "--memory-limit", EnvVar} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	Set(math.MaxInt64, "")
	if err := Check(300000, "建立索引"); err != nil {
		t.Errorf("Check without a limit = %v", err)
	}
	Set(64<<30, "test")
	if err := Check(300000, "建立索引"); err != nil {
		t.Errorf("Check under a 64 GB limit = %v", err)
	}
	runtime.KeepAlive(keep)
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		live int64
		want int
	}{
		{0, 200}, {300 << 20, 200}, {384 << 20, 200}, {768 << 20, 100}, {1536 << 20, 50}, {8 << 30, 50},
	} {
		if got := Percent(c.live); got != c.want {
			t.Errorf("Percent(%d MB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
	// The memory held above the live heap does not grow between the two
	// ends.
	for live := int64(400 << 20); live < 1500<<20; live += 100 << 20 {
		if room := live * int64(Percent(live)) / 100; room < 700<<20 || room > 800<<20 {
			t.Errorf("live %d MB: room %d MB", live>>20, room>>20)
		}
	}
}

func TestHeldCoversLive(t *testing.T) {
	keep := make([]byte, 8<<20)
	runtime.GC()
	if live, held := Live(), Held(); live < 8<<20 || held < live {
		t.Errorf("live %d, held %d: held must cover a live heap of at least 8 MB", live, held)
	}
	runtime.KeepAlive(keep)
}
