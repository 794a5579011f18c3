package serve

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
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
	for _, c := range []struct{ addr, want string }{
		{busy.Addr().String(), "端口已被其他程序占用（可能已经开着一个 gongkai serve）"},
		{"127.0.0.1", "地址写得不对"},
	} {
		err := Run(context.Background(), Options{Source: t.TempDir(), Addr: c.addr})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("--addr %s: %v, want %q", c.addr, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "address already in use") {
			t.Errorf("English left: %v", err)
		}
	}
}
