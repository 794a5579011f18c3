// Package serve is the dev server: it builds the site into memory, serves
// it on the loopback interface, watches the sources with fsnotify, rebuilds
// what a change affects (the Builder's keys decide which pages), and tells
// open tabs by server-sent events to reload, to swap a stylesheet, or to
// show the errors of a failed build over the last good page.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gongkai/generator/builder"
	"gongkai/generator/diag"
)

// Options configure the dev server.
type Options struct {
	Source string // the site's directory
	Theme  fs.FS  // the default theme
	Addr   string // host:port; loopback unless given otherwise
	Drafts bool
	Log    io.Writer // one line per rebuild, errors, the address
	// Quiet and Most bound the batching of a save's events: a rebuild
	// starts Quiet after the last event, or Most after the first.
	Quiet, Most time.Duration
	// Trace, if set, receives the time each phase of a rebuild took.
	Trace io.Writer
	// Ready, if set, is called with the address served once the first
	// build is done.
	Ready func(addr string)
}

// DefaultAddr is where serve listens unless told otherwise.
const DefaultAddr = "127.0.0.1:1313"

// listenError explains in Chinese why serve cannot listen on addr.
func listenError(addr string, err error) error {
	const hint = "换一个端口，如 --addr 127.0.0.1:1314"
	msg := err.Error()
	switch {
	case errors.Is(err, syscall.EADDRINUSE) || strings.Contains(msg, "address already in use") || strings.Contains(msg, "Only one usage of each socket address"):
		return busyPort(addr)
	case errors.Is(err, syscall.EACCES) || errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("无法在 %s 上提供服务：没有使用这个端口的权限（1024 以下的端口需要管理员权限）。%s", addr, hint)
	case strings.Contains(msg, "missing port") || strings.Contains(msg, "no such host") || strings.Contains(msg, "cannot assign requested address"):
		return fmt.Errorf("无法在 %s 上提供服务：地址写得不对，或不是本机的地址。写成“主机:端口”，如 --addr 127.0.0.1:1313", addr)
	}
	return fmt.Errorf("无法在 %s 上提供服务：%w（%s）", addr, err, hint)
}

// busyPort explains a port in use: a gongkai preview already answering
// there is named by its address (the author most often started one
// before), and a port that is free now is suggested.
func busyPort(addr string) error {
	host, port, _ := net.SplitHostPort(addr)
	other := "换一个端口"
	if free := freePort(host, port); free != "" {
		other = "换一个端口，如 --addr " + net.JoinHostPort(host, free)
	}
	if u := runningPreview(host, port); u != "" {
		return fmt.Errorf("无法在 %s 上提供服务：这个端口上已经开着一个 gongkai 预览，在浏览器里打开 %s 就能看到（它预览的也可能是另一个站点）。要再开一个预览，%s", addr, u, other)
	}
	return fmt.Errorf("无法在 %s 上提供服务：端口已被其他程序占用。%s，或先关掉占用它的程序", addr, other)
}

// runningPreview returns the address of the gongkai preview answering on
// host:port (asked on loopback when host is a wildcard), or "".
func runningPreview(host, port string) string {
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	u := "http://" + net.JoinHostPort(host, port) + "/"
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get(u + "__gongkai/live.js")
	if err != nil {
		return ""
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
		return ""
	}
	return u
}

// freePort returns the first of the ten ports after port that host:p can
// listen on now, or "".
func freePort(host, port string) string {
	n, err := strconv.Atoi(port)
	if err != nil {
		return ""
	}
	for p := n + 1; p <= n+10 && p < 65536; p++ {
		if ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p))); err == nil {
			ln.Close()
			return strconv.Itoa(p)
		}
	}
	return ""
}

// Loopback reports whether addr's host is the loopback interface.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Server is a running dev server's site and builder (exposed for tests).
type Server struct {
	o       Options
	hosts   hosts
	site    *memory
	hub     *hub
	builder *builder.Builder
	cache   string
}

// New prepares a server: nothing is built or served yet.
func New(o Options) (*Server, error) {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.Quiet == 0 {
		o.Quiet = 30 * time.Millisecond
	}
	if o.Most == 0 {
		o.Most = 400 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	cache, err := os.MkdirTemp("", "gongkai-serve-")
	if err != nil {
		return nil, err
	}
	s := &Server{o: o, hosts: newHosts(o.Addr), site: newMemory(), hub: newHub(), cache: cache}
	s.builder = builder.NewBuilder(builder.Options{
		Source: os.DirFS(o.Source), Theme: o.Theme, Drafts: o.Drafts, CacheDir: cache,
		BaseURL: "http://" + o.Addr + "/", Trace: o.Trace,
	})
	return s, nil
}

// Close removes the server's cache.
func (s *Server) Close() error { return os.RemoveAll(s.cache) }

// Handler serves the site in memory.
func (s *Server) Handler() http.Handler { return &handler{site: s.site, hub: s.hub, hosts: s.hosts} }

// Files returns the site in memory: site path → bytes.
func (s *Server) Files() map[string][]byte { return s.site.snapshot() }

// Rebuild builds the site again after the given files changed (slash
// paths inside the site; none for the first build), tells the open tabs
// and logs one line. It returns the build's error, if any.
func (s *Server) Rebuild(changed []string) error {
	start := time.Now()
	s.site.begin()
	// Tabs hear of the pages as soon as they render; the search index
	// follows before the build ends.
	previewed := false
	s.site.preview = func(written []string) {
		previewed = true
		s.hub.send(event{name: "built", data: builtPayload(changed, written)})
	}
	if changed != nil {
		s.builder.Changed(changed)
	}
	res, err := s.builder.Build(s.site)
	elapsed := time.Since(start)
	what := describe(changed)
	if err != nil {
		var list diag.List
		if !errors.As(err, &list) {
			list = diag.List{diag.Errorf(diag.Position{File: s.o.Source}, "", "%v", err)}
		}
		msgs := make([]string, 0, len(list))
		for _, e := range list.Sort() {
			msgs = append(msgs, e.Error())
		}
		data, _ := json.Marshal(map[string]any{"errors": msgs})
		s.hub.send(event{name: "failed", data: data})
		fmt.Fprintf(s.o.Log, "%s %s · 构建失败，%d 个错误（浏览器里显示上一次成功的页面）· %d 毫秒\n",
			start.Format("15:04:05"), what, len(msgs), elapsed.Milliseconds())
		for _, m := range msgs {
			fmt.Fprintf(s.o.Log, "  %s\n", strings.ReplaceAll(m, "\n", "\n  "))
		}
		return err
	}
	if !previewed {
		s.hub.send(event{name: "built", data: builtPayload(changed, s.site.lastChanged())})
	}
	fmt.Fprintf(s.o.Log, "%s %s · 重新生成 %d / %d 个页面 · 写入 %d 个文件 · %d 毫秒\n",
		start.Format("15:04:05"), what, len(res.Rendered), res.Pages, res.Written, elapsed.Milliseconds())
	s.logWarnings(res.Warnings, changed)
	return nil
}

// logWarnings prints the warnings about the files just changed (a file
// saved in GBK, say) in full; on the first build the first few. The rest
// are counted: a large site can have thousands, and the terminal is for
// what the author just did.
func (s *Server) logWarnings(ws diag.List, changed []string) {
	shown := 0
	for _, w := range ws {
		if changed == nil && shown < 5 || slices.Contains(changed, w.Pos.File) {
			fmt.Fprintf(s.o.Log, "  %s\n", strings.ReplaceAll(w.Error(), "\n", "\n  "))
			shown++
		}
	}
	if rest := len(ws) - shown; rest > 0 {
		fmt.Fprintf(s.o.Log, "  另有 %d 条警告；运行 gongkai check 可以看到全部。\n", rest)
	}
}

// builtPayload tells tabs what a build changed: the new stylesheets when
// only stylesheets changed, else the output paths written.
func builtPayload(sources, written []string) []byte {
	payload := map[string]any{}
	if css := cssOnly(sources, written); css != nil {
		payload["css"] = css
	} else if len(written) > 2000 {
		payload["all"] = true
	} else {
		payload["changed"] = written
	}
	data, _ := json.Marshal(payload)
	return data
}

// cssOnly returns the new file names of the stylesheets when a batch
// changed stylesheets only ({"main": "main.1a2b3c4d5e.css"}), or nil.
func cssOnly(sources, written []string) map[string]string {
	if len(sources) == 0 {
		return nil
	}
	for _, s := range sources {
		if Classify(s) != Asset || !strings.HasSuffix(s, ".css") {
			return nil
		}
	}
	out := map[string]string{}
	for _, w := range written {
		if strings.HasPrefix(w, "/assets/") && strings.HasSuffix(w, ".css") {
			base := filepath.Base(w)
			stem := strings.TrimSuffix(base, ".css")
			if i := strings.LastIndexByte(stem, '.'); i > 0 {
				out[stem[:i]] = base
			}
		}
	}
	return out
}

// describe names a batch of changes for the terminal line.
func describe(changed []string) string {
	if len(changed) == 0 {
		return "首次构建"
	}
	kind := Classify(changed[0]).String()
	if len(changed) == 1 {
		return kind + " " + changed[0]
	}
	return fmt.Sprintf("%s %s 等 %d 个文件", kind, changed[0], len(changed))
}

// Run builds the site, serves it and rebuilds on every change until ctx
// ends (Ctrl-C).
func Run(ctx context.Context, o Options) error {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return listenError(o.Addr, err)
	}
	given := o.Addr // a host name here is one the preview answers to
	o.Addr = ln.Addr().String()
	s, err := New(o)
	if err != nil {
		ln.Close()
		return err
	}
	s.hosts = newHosts(given, o.Addr)
	defer s.Close()
	o = s.o
	if !Loopback(o.Addr) {
		drafts := ""
		if o.Drafts {
			drafts = "（包括草稿）"
		}
		fmt.Fprintf(o.Log, "警告：在 %s 上提供服务，局域网内的其他电脑也能访问这个预览%s。只在本机预览请用默认的 %s。\n", o.Addr, drafts, DefaultAddr)
	}
	w, err := newWatcher(o.Source, o.Quiet, o.Most)
	if err != nil {
		ln.Close()
		return fmt.Errorf("无法监视 %s 的文件变化：%w", o.Source, err)
	}
	batches := make(chan []string)
	werrs := make(chan error, 1)
	go w.run(ctx, batches, werrs)

	// Before the first build, so every change after it is named.
	s.builder.Watch(func(file string) bool { return Classify(file) != Ignored })
	_ = s.Rebuild(nil)
	runtime.GC()
	srv := &http.Server{Handler: s.Handler(), BaseContext: func(net.Listener) context.Context { return ctx }, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(o.Log, "预览地址：%s （保存文件后自动刷新；按 Ctrl+C 退出）\n", strings.Join(previewURLs(ln.Addr()), "　"))
	if o.Ready != nil {
		o.Ready(ln.Addr().String())
	}
	for {
		select {
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_ = srv.Shutdown(shut)
			fmt.Fprintln(o.Log, "已停止预览。")
			return nil
		case err := <-served:
			return err
		case err := <-werrs:
			fmt.Fprintf(o.Log, "监视文件变化出错：%v\n", err)
			s.builder.Changed(nil) // changes may have been missed: the next build looks at every file
		case batch := <-batches:
			_ = s.Rebuild(batch)
			// Collect while the author looks at the page, not in the
			// middle of the next rebuild: a preview of 10,000 pages
			// keeps half a gigabyte live, and a collection that starts
			// during a rebuild made it take twice as long.
			runtime.GC()
		}
	}
}

// previewURLs are the addresses to open the preview at. A listener on
// every interface (0.0.0.0, [::]) is named by this machine's own
// addresses, which colleagues can type, not by http://[::]:1314/.
func previewURLs(a net.Addr) []string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return []string{"http://" + a.String() + "/"}
	}
	port := strconv.Itoa(tcp.Port)
	urls := []string{"http://127.0.0.1:" + port + "/"}
	addrs, _ := net.InterfaceAddrs()
	for _, ad := range addrs {
		if ipn, ok := ad.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
			urls = append(urls, "http://"+net.JoinHostPort(ipn.IP.String(), port)+"/（局域网）")
		}
	}
	return urls
}
