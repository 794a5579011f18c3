package serve

import (
	"net"
	"net/http"
	"strings"
)

// hosts is the set of names the preview answers to. A web page whose own
// name resolves to 127.0.0.1 (DNS rebinding) reaches the preview with
// that name in its Host header; answering only our own names keeps it
// from reading the preview, drafts included.
type hosts struct {
	names map[string]bool
	// anyIP accepts any address typed as an IP literal: a server on all
	// interfaces (--addr 0.0.0.0:1313) is reached by the machine's
	// addresses, which a rebinding page cannot put in its Host header.
	anyIP bool
}

// newHosts allows the loopback names and the hosts of addrs (the --addr
// given, and the address listened on).
func newHosts(addrs ...string) hosts {
	h := hosts{names: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	for _, a := range addrs {
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			host = a
		}
		host = normalHost(host)
		if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
			h.anyIP = true
			continue
		}
		if host != "" {
			h.names[host] = true
		}
	}
	return h
}

// allows reports whether a request's Host header names this server.
func (h hosts) allows(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = normalHost(host)
	if h.names[host] {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (h.anyIP || ip.IsLoopback())
}

func normalHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

const foreignHost = "这个预览只回应本机的地址（如 http://127.0.0.1:1313/），不回应其他网址：别的网站可能借此（DNS 重绑定）读取预览和草稿。请在浏览器中改用 127.0.0.1 或 localhost 打开。\n"

// refuse answers a request for a host name that is not ours.
func refuse(w http.ResponseWriter) {
	http.Error(w, foreignHost, http.StatusForbidden)
}
