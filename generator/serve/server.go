package serve

import (
	"bytes"
	"embed"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed live
var liveFiles embed.FS

// liveScript is put before </body> of every HTML page served: it listens
// for rebuilds and shows build errors.
// liveScript is added to every page served; data-gen is the build the
// page came from, so a tab that connects after missing a build reloads.
const liveScript = `<script src="/__gongkai/live.js" data-gen="%d"></script>`

// placeholder is served while no build has succeeded yet.
const placeholder = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>gongkai 预览</title></head><body><p>还没有构建成功的页面：请按提示改正错误，保存后这里会自动刷新。</p></body></html>`

// contentTypes are the media types of what a site holds; text types carry
// their charset, since a browser guessing GBK garbles every page.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json; charset=utf-8",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".svg":   "image/svg+xml; charset=utf-8",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".pdf":   "application/pdf",
	".zip":   "application/zip",
	".doc":   "application/msword",
	".docx":  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":   "application/vnd.ms-excel",
	".xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".woff2": "font/woff2",
}

// contentType returns the media type of a site path.
func contentType(name string) string {
	if name == "/atom.xml" || strings.HasSuffix(name, "/atom.xml") {
		return "application/atom+xml; charset=utf-8"
	}
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// handler serves the site in memory, the live-reload script and the
// event stream.
type handler struct {
	site  *memory
	hub   *hub
	hosts hosts
}

// badPath reports whether a request path tries to leave the site or
// hides what it names: dot-dot segments (also percent-encoded), backslashes
// (a Windows path), NUL bytes, or no leading slash.
func badPath(raw, decoded string) bool {
	lower := strings.ToLower(raw)
	return !strings.HasPrefix(decoded, "/") ||
		strings.Contains(decoded, `\`) || strings.Contains(lower, "%5c") ||
		strings.Contains(decoded, "\x00") ||
		strings.Contains(lower, "%2e") ||
		slices.Contains(strings.Split(decoded, "/"), "..")
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.hosts.allows(r.Host) {
		refuse(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "只支持 GET 和 HEAD 请求", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if badPath(r.URL.EscapedPath(), p) {
		http.Error(w, "无效的路径", http.StatusBadRequest)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	switch p {
	case "/__gongkai/events":
		h.hub.serve(w, r)
		return
	case "/__gongkai/live.js", "/__gongkai/live.css":
		data, _ := liveFiles.ReadFile("live/" + path.Base(p))
		w.Header().Set("Content-Type", contentType(p))
		w.Write(data)
		return
	}
	name := p
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := h.site.get(name)
	status := http.StatusOK
	if !ok {
		if _, dir := h.site.get(p + "/index.html"); dir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		status = http.StatusNotFound
		name = "/404.html"
		if data, ok = h.site.get(name); !ok {
			// No good build yet: a page that carries the live script, so
			// the errors show and the fix reloads it.
			data, status = []byte(placeholder), http.StatusServiceUnavailable
		}
	}
	ct := contentType(name)
	if strings.HasPrefix(ct, "text/html") {
		data = inject(data, h.hub.generation())
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the live-reload script to a page.
func inject(page []byte, gen int) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(liveScript)+8)
	out = append(out, page[:i]...)
	out = fmt.Appendf(out, liveScript, gen)
	return append(out, page[i:]...)
}

// hub sends server-sent events to every open tab. A tab that connects
// while the site is broken gets the errors at once.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	failed  *event // the current build failure, if any
	gen     int    // good builds sent so far
}

type event struct {
	name string
	data []byte // JSON
}

func newHub() *hub { return &hub{clients: map[chan event]bool{}} }

func (h *hub) send(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e.name == "failed" {
		h.failed = &e
	} else {
		h.failed = nil
		h.gen++
	}
	for c := range h.clients {
		select {
		case c <- e:
		default: // a stalled tab misses an event rather than stalling builds
		}
	}
}

// generation is the number of good builds sent: the build a page
// served now comes from.
func (h *hub) generation() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.gen
}

func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "不支持事件流", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 8)
	h.mu.Lock()
	h.clients[c] = true
	// First the build the tab should show: one that loaded its page
	// before the last build and connected after it reloads.
	c <- event{name: "hello", data: fmt.Appendf(nil, `{"gen":%d}`, h.gen)}
	if h.failed != nil {
		c <- *h.failed
	}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			flusher.Flush()
		}
	}
}
