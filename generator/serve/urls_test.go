package serve

import (
	"net"
	"strings"
	"testing"
)

// TestPreviewURLs: a listener on every interface is named by addresses a
// colleague can type, never http://[::]:1314/ or http://0.0.0.0:1314/.
func TestPreviewURLs(t *testing.T) {
	if got := previewURLs(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}); len(got) != 1 || got[0] != "http://127.0.0.1:1313/" {
		t.Errorf("loopback: %q", got)
	}
	for _, ip := range []net.IP{net.IPv6unspecified, net.IPv4zero} {
		got := previewURLs(&net.TCPAddr{IP: ip, Port: 1314})
		if len(got) == 0 || got[0] != "http://127.0.0.1:1314/" {
			t.Errorf("%v: %q", ip, got)
		}
		for _, u := range got {
			if strings.Contains(u, "[::]") || strings.Contains(u, "0.0.0.0") {
				t.Errorf("%v: %q names the unspecified address", ip, got)
			}
		}
	}
}
