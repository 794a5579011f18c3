package content

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"gongkai/generator/diag"
	"gongkai/generator/digest"
)

// Dir is the name of the content directory inside a site.
const Dir = "content"

// Site is everything read from content/.
type Site struct {
	Pages  []*Page  // sorted by Rel
	Files  []string // other files outside bundles, slash paths inside content/
	Static []string // files under static/, copied as they are; slash paths inside static/
}

// StaticDir holds files published as they are, at the same path.
const StaticDir = "static"

// Cached looks up the page an earlier build parsed from the file at rel; it
// returns nil on a miss. The page it returns must not be shared: Walk fills
// in its Body. A page whose file has the size and mtime it had then is
// taken as it is, without reading the file: its body is read when needed
// (LoadBody). Otherwise it is used only if the file's hash matches.
type Cached func(rel string) *Page

// Walk reads every file under content/ in fsys, parsing Markdown in
// parallel. Problems of all files are returned together. cached may be
// nil.
func Walk(fsys fs.FS, cached Cached) (*Site, diag.List) {
	var errs diag.List
	var mdFiles, others []string
	bundles := map[string]bool{}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(diag.Errorf(diag.Position{File: p}, "检查文件权限。", "无法读取：%v", err))
			return nil
		}
		name := d.Name()
		if p != Dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if e := checkLink(fsys, p); e != nil {
				errs.Add(e)
				return nil
			}
		}
		rel := strings.TrimPrefix(p, Dir+"/")
		if strings.EqualFold(path.Ext(name), ".md") {
			mdFiles = append(mdFiles, rel)
			if name == "index.md" && path.Dir(rel) != "." {
				bundles[path.Dir(rel)] = true
			}
		} else {
			others = append(others, rel)
		}
		return nil
	})
	if err != nil {
		errs.Add(diag.Errorf(diag.Position{File: Dir}, "在站点目录下建立 content 目录，或用 --source 指向站点目录。", "无法读取内容目录：%v", err))
		return &Site{}, errs
	}
	site := &Site{}
	bundleOf := func(rel string) string {
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if bundles[d] {
				return d
			}
		}
		return ""
	}
	var pageFiles []string
	resources := map[string][]string{}
	for _, rel := range mdFiles {
		if b := bundleOf(rel); b != "" && rel != b+"/index.md" {
			resources[b] = append(resources[b], rel)
			continue
		}
		pageFiles = append(pageFiles, rel)
	}
	for _, rel := range others {
		if b := bundleOf(rel); b != "" {
			resources[b] = append(resources[b], rel)
			continue
		}
		site.Files = append(site.Files, rel)
	}
	pages := make([]*Page, len(pageFiles))
	perFile := make([]diag.List, len(pageFiles))
	parallel(len(pageFiles), func(i int) {
		rel := pageFiles[i]
		file := Dir + "/" + rel
		var prev *Page
		if cached != nil {
			if prev = cached(rel); prev != nil {
				st, err := fs.Stat(fsys, file)
				if err == nil && prev.Size == st.Size() && prev.ModTime == st.ModTime().UnixNano() && prev.Stamp == stampOf(st) && st.Size() > 0 {
					prev.Body, prev.fsys = nil, fsys
					pages[i] = prev
					return
				}
			}
		}
		raw, size, mtime, stamp, err := readFile(fsys, file)
		if err != nil {
			perFile[i] = diag.List{diag.Errorf(diag.Position{File: file}, "检查文件权限。", "无法读取：%v", err)}
			return
		}
		if prev != nil && prev.Hash == Hash(raw) {
			pages[i] = reuse(file, raw, prev)
		}
		if pages[i] == nil {
			pages[i], perFile[i] = Parse(file, rel, raw)
		}
		if pages[i] != nil {
			pages[i].Size, pages[i].ModTime, pages[i].Stamp = size, mtime, stamp
		}
	})
	for i, p := range pages {
		errs = append(errs, perFile[i]...)
		if p == nil {
			continue
		}
		if p.BundleDir != "" {
			p.Resources = resources[p.BundleDir]
			slices.Sort(p.Resources)
		}
		site.Pages = append(site.Pages, p)
	}
	_ = fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if e := checkLink(fsys, p); e != nil {
				errs.Add(e)
				return nil
			}
		}
		site.Static = append(site.Static, strings.TrimPrefix(p, StaticDir+"/"))
		return nil
	})
	return site, errs
}

// readFile reads file and returns the size, mtime and stamp it had when
// opened.
// Like os.ReadFile, but the size comes from the open file (no separate
// stat) and a file that grows while it is read is read up to that size:
// its new mtime makes the next build read it again.
func readFile(fsys fs.FS, file string) (raw []byte, size, mtime int64, stamp uint64, err error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, 0, 0, err
	}
	size, mtime = st.Size(), st.ModTime().UnixNano()
	raw = make([]byte, size)
	n, err := io.ReadFull(f, raw)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, 0, 0, 0, err
	}
	return raw[:n], size, mtime, stampOf(st), nil
}

// parallel runs f(0..n-1) on a bounded pool of workers.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// checkLink refuses a symbolic link that points outside the site, which
// would publish files the author never meant to (say, a home directory).
func checkLink(fsys fs.FS, p string) *diag.Error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	target, err := rl.ReadLink(p)
	if err != nil {
		return diag.Errorf(diag.Position{File: p}, "删除这个失效的链接。", "无法读取符号链接：%v", err)
	}
	t := filepath.ToSlash(target)
	if filepath.IsAbs(target) || path.IsAbs(t) || strings.HasPrefix(path.Join(path.Dir(p), t), "../") || path.Join(path.Dir(p), t) == ".." {
		return diag.Errorf(diag.Position{File: p}, "把文件复制到站点目录里，不要用指向站点外的链接。", "符号链接指向站点之外（%s）", target)
	}
	return nil
}

// Hash is the content hash pages carry, of a file's bytes as read.
func Hash(raw []byte) uint64 {
	return digest.Sum(raw)
}

// LoadBody reads the body of a page that Walk took from the cache without
// reading its file. It does nothing for a page that has its body.
func (p *Page) LoadBody() error {
	if p.fsys == nil {
		return nil
	}
	raw, err := fs.ReadFile(p.fsys, p.File)
	if err != nil {
		return err
	}
	src, _ := Normalize(p.File, raw)
	if src == nil {
		return fmt.Errorf("%s: 文件编码已改变，请重新构建", p.File)
	}
	_, body, _, e := Split(p.File, src)
	if e != nil {
		return e
	}
	p.Body, p.fsys = body, nil
	return nil
}

// reuse completes a cached page with the body of raw, skipping the TOML
// decoding. A file that needs an encoding warning is parsed afresh so the
// warning is reported again.
func reuse(file string, raw []byte, p *Page) *Page {
	if p == nil {
		return nil
	}
	src, warn := Normalize(file, raw)
	if src == nil || warn != nil {
		return nil
	}
	_, body, _, err := Split(file, src)
	if err != nil {
		return nil
	}
	p.Body = body
	return p
}
