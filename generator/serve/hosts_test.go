package serve

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHosts(t *testing.T) {
	for _, c := range []struct {
		addrs []string
		host  string
		ok    bool
	}{
		{[]string{DefaultAddr}, "127.0.0.1:1313", true},
		{[]string{DefaultAddr}, "localhost:1313", true},
		{[]string{DefaultAddr}, "LOCALHOST.:1313", true},
		{[]string{DefaultAddr}, "[::1]:1313", true},
		{[]string{DefaultAddr}, "127.0.0.2", true},
		{[]string{DefaultAddr}, "rebind.example:1313", false},
		{[]string{DefaultAddr}, "127.0.0.1.nip.io:1313", false},
		{[]string{DefaultAddr}, "", false},
		{[]string{DefaultAddr}, "192.168.1.5:1313", false},
		{[]string{"mypc.lan:1313", "192.168.1.5:1313"}, "mypc.lan:1313", true},
		{[]string{"mypc.lan:1313", "192.168.1.5:1313"}, "192.168.1.5:1313", true},
		{[]string{"mypc.lan:1313", "192.168.1.5:1313"}, "evil.example", false},
		{[]string{"0.0.0.0:1313", "[::]:1313"}, "192.168.1.5:1313", true},
		{[]string{"0.0.0.0:1313", "[::]:1313"}, "evil.example:1313", false},
	} {
		if got := newHosts(c.addrs...).allows(c.host); got != c.ok {
			t.Errorf("--addr %v, Host %q: allowed %v, want %v", c.addrs, c.host, got, c.ok)
		}
	}
}

// TestRebindingRefused asks the preview for a page, and for its live
// reload events, with a foreign Host header.
func TestRebindingRefused(t *testing.T) {
	s := newServer(t, sampleSite(t))
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/__gongkai/events", "/__gongkai/live.js"} {
		rec := httptest.NewRecorder()
		// The events stream would never end if it were answered.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		req := httptest.NewRequest("GET", p, nil).WithContext(ctx)
		req.Host = "rebind.example:1313"
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "DNS 重绑定") {
			t.Errorf("%s for Host rebind.example: %d %q", p, rec.Code, rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost:1313/", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("localhost: %d", rec.Code)
	}
}

func TestListenErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())
	n, _ := strconv.Atoi(port)
	free := regexp.MustCompile(`如 --addr 127\.0\.0\.1:(\d+)，`)
	for _, c := range []struct{ addr, want string }{
		{busy.Addr().String(), "端口已被其他程序占用。换一个端口，如 --addr 127.0.0.1:"},
		{"127.0.0.1", "地址写得不对"},
	} {
		err := Run(context.Background(), Options{Source: t.TempDir(), Addr: c.addr})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--addr %s: %v, want %q", c.addr, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "address already in use") {
			t.Errorf("English left: %v", err)
		}
		if m := free.FindStringSubmatch(fmt.Sprint(err)); c.addr == busy.Addr().String() {
			if m == nil {
				t.Errorf("no free port suggested: %v", err)
			} else if p, _ := strconv.Atoi(m[1]); p <= n || p > n+10 {
				t.Errorf("suggested port %d for a busy %d", p, n)
			}
		}
	}
}

// TestBusyPortNamesPreview: a second serve on the port of a running
// preview says the preview is there and where to open it.
func TestBusyPortNamesPreview(t *testing.T) {
	s := newServer(t, sampleSite(t))
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip(err)
	}
	s.hosts = newHosts(ln.Addr().String())
	srv := &http.Server{Handler: s.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	err = Run(context.Background(), Options{Source: t.TempDir(), Addr: ln.Addr().String()})
	want := "这个端口上已经开着一个 gongkai 预览，在浏览器里打开 http://" + ln.Addr().String() + "/ 就能看到"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("serve on a running preview's port: %v, want %q", err, want)
	}
}
