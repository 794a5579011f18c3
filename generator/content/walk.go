package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
	"golang.org/x/text/unicode/norm"

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
// unchanged is set when the caller knows the file has not changed since
// (serve watches the site): the page is then taken without a stat.
type Cached func(rel string) (p *Page, unchanged bool)

// Walk reads every file under content/ in fsys, parsing Markdown in
// parallel. Problems of all files are returned together. cached may be
// nil. Pages parsed afresh keep their bodies.
func Walk(fsys fs.FS, cached Cached) (*Site, diag.List) { return WalkWith(fsys, cached, nil) }

// WalkWith is Walk that hands each page parsed afresh to parsed while its
// body is in memory, and then lets the body go (LoadBody reads it again
// when it is needed): a build of 1,000,000 pages would otherwise hold
// every body from reading to rendering, 2.7 GB. parsed runs in parallel.
func WalkWith(fsys fs.FS, cached Cached, parsed func(*Page)) (*Site, diag.List) {
	var errs diag.List
	var mdFiles, others []string
	bundles := map[string]bool{}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				errs.Add(diag.Errorf(diag.Position{File: Dir}, "在站点目录下建立 content 文件夹，或用 --source 指向站点目录（放着 config.toml 和 content 的文件夹）。",
					"找不到 content 文件夹"))
				return nil
			}
			errs.Add(diag.Errorf(diag.Position{File: p}, "检查文件权限。", "无法读取：%s", ReadError(err)))
			return nil
		}
		name := d.Name()
		if p != Dir && (strings.HasPrefix(name, ".") || !d.IsDir() && Junk(name)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != Dir && Reserved(name) {
			errs.Add(reservedError(p, name))
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
		if e := Special(fsys, p, d); e != nil {
			errs.Add(e)
			return nil
		}
		if e := badName(p, name); e != nil {
			errs.Add(e)
			return nil
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
		defer func() {
			// A panic in a parser is this file's error, not the build's end.
			if x := recover(); x != nil {
				pages[i], perFile[i] = nil, diag.List{diag.Errorf(diag.Position{File: file},
					"检查这个文件的前置信息是否完整；仍然出错时请把文件交给管理员。", "读取这个文件时程序出错（%v）", x)}
			}
		}()
		var prev *Page
		if cached != nil {
			var unchanged bool
			if prev, unchanged = cached(rel); prev != nil && (unchanged || sameFile(fsys, file, prev)) {
				prev.Body, prev.fsys, prev.fileHash = nil, fsys, prev.Hash
				pages[i] = prev
				return
			}
		}
		raw, size, mtime, stamp, err := readFile(fsys, file)
		if err != nil {
			perFile[i] = diag.List{diag.Errorf(diag.Position{File: file}, "检查文件权限。", "无法读取：%s", ReadError(err))}
			return
		}
		if prev != nil && prev.Hash == Hash(raw) {
			pages[i] = reuse(file, raw, prev)
		}
		if pages[i] == nil {
			pages[i], perFile[i] = Parse(file, rel, raw)
		}
		if p := pages[i]; p != nil {
			p.Size, p.ModTime, p.Stamp = size, mtime, stamp
			if parsed != nil {
				parsed(p)
				p.Body, p.fsys, p.fileHash = nil, fsys, Hash(raw)
			}
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
	staticOK := true
	if rl, ok := fsys.(fs.ReadLinkFS); ok {
		// static/ itself a link: WalkDir would follow it wherever it leads.
		if fi, err := rl.Lstat(StaticDir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if e := checkLink(fsys, StaticDir); e != nil {
				errs.Add(e)
				staticOK = false
			}
		}
	}
	_ = fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if !staticOK || err != nil || p == StaticDir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && d.IsDir() {
			return fs.SkipDir // .git, .svn: never published
		}
		if Reserved(d.Name()) {
			errs.Add(reservedError(p, d.Name()))
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || Junk(d.Name()) {
			return nil
		}
		if e := badName(p, d.Name()); e != nil {
			errs.Add(e)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if e := checkLink(fsys, p); e != nil {
				errs.Add(e)
				return nil
			}
		}
		if e := Special(fsys, p, d); e != nil {
			errs.Add(e)
			return nil
		}
		site.Static = append(site.Static, strings.TrimPrefix(p, StaticDir+"/"))
		return nil
	})
	errs = append(errs, collisions(Dir, append(mdFiles, others...))...)
	errs = append(errs, collisions(StaticDir, site.Static)...)
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

// ReadError says in Chinese why a file could not be read, for the common
// causes; otherwise it gives the system's own words.
func ReadError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在（可能在生成过程中被删除或改名）"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case strings.Contains(err.Error(), "is a directory"):
		return "这是一个文件夹，不是文件"
	}
	return err.Error()
}

// parallel runs f(0..n-1), one goroutine per CPU at a time.
func parallel(n int, f func(i int)) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error { f(i); return nil })
	}
	g.Wait()
}

// sameFile reports whether the file still has the size, mtime and stamp
// the page was read with.
func sameFile(fsys fs.FS, file string, p *Page) bool {
	st, err := fs.Stat(fsys, file)
	return err == nil && p.Size == st.Size() && p.ModTime == st.ModTime().UnixNano() && p.Stamp == stampOf(st) && st.Size() > 0
}

// Special reports a directory entry at p that is not a regular file
// and must not be read: a named pipe (FIFO), a device or a socket would
// block the build or never end, so it is named in a warning and skipped.
// A symbolic link is judged by what it points to; a link to a folder is
// refused, since the walk does not follow it. It returns nil for a
// regular file and for a folder.
func Special(fsys fs.FS, p string, d fs.DirEntry) *diag.Error {
	t := d.Type()
	if t&fs.ModeSymlink != 0 {
		fi, err := fs.Stat(fsys, p)
		if err != nil {
			return nil // a broken link is checkLink's to report
		}
		if fi.IsDir() {
			return diag.Errorf(diag.Position{File: p}, "把文件夹本身放到这里，或复制一份，不要用指向文件夹的链接。",
				"这是指向文件夹的符号链接，gongkai 不会跟随它读取其中的文件")
		}
		t = fi.Mode().Type()
	}
	var kind string
	switch {
	case t.IsRegular(), t.IsDir():
		return nil
	case t&fs.ModeNamedPipe != 0:
		kind = "命名管道（FIFO）"
	case t&fs.ModeSocket != 0:
		kind = "套接字（socket）"
	case t&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		kind = "设备文件"
	default:
		kind = "特殊文件"
	}
	return diag.Warnf(diag.Position{File: p}, "删除它或移出站点目录；gongkai 只读取普通文件。",
		"这是%s，不是普通文件，读取它会使生成卡住，已跳过", kind)
}

// badName refuses file names with characters that mean something in a
// URL: a page or file named "a#b" or "50%" would be published at an
// address no link reaches, and one named "javascript:alert(1)" gives a
// relative link that a browser takes for a script (Windows refuses the
// colon in file names anyway).
func badName(p, name string) *diag.Error {
	if !strings.ContainsAny(name, "#?%:") {
		return nil
	}
	return diag.Errorf(diag.Position{File: p}, "把文件改名，去掉 #、?、% 和冒号 :（可用“号”“问”“百分之”或连字符代替）。",
		"文件名中的 # ? %% : 在网址里有特殊含义，这个文件发布后链接会失效或被当成脚本")
}

// collisions refuses paths under root that differ only by letter case or
// Unicode normalization (NFC/NFD): they are one file on Windows, macOS
// and case-insensitive web servers, so one would silently replace the
// other.
func collisions(root string, rels []string) diag.List {
	var errs diag.List
	seen := make(map[string]string, len(rels))
	sorted := slices.Clone(rels)
	slices.Sort(sorted)
	for _, rel := range sorted {
		key := strings.ToLower(norm.NFC.String(rel))
		if first, ok := seen[key]; ok {
			errs.Add(diag.Errorf(diag.Position{File: root + "/" + rel}, "把其中一个文件改名，使两个名字不只是大小写或字形编码不同。",
				"与 %s/%s 只差大小写或 Unicode 规范化形式，在 Windows、macOS 和不区分大小写的服务器上是同一个文件", root, first))
			continue
		}
		seen[key] = rel
	}
	return errs
}

// checkLink refuses a symbolic link that points outside the site, which
// would publish files the author never meant to (say, a home directory).
// Chains are followed to the end, through links in the middle of a path
// too; a chain that never ends is a loop.
func checkLink(fsys fs.FS, p string) *diag.Error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil
	}
	hops := 0
	_, err := resolveLink(rl, p, &hops)
	var out *outsideError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &out):
		return diag.Errorf(diag.Position{File: p}, "把文件复制到站点目录里，不要用指向站点外的链接。", "符号链接指向站点之外（%s）", out.target)
	case errors.Is(err, errLoop):
		return diag.Errorf(diag.Position{File: p}, "删除或改正其中一个链接，让它指向真实的文件。", "符号链接形成了循环（symlink loop）")
	}
	return diag.Errorf(diag.Position{File: p}, "删除这个失效的链接，或让它指向存在的文件。", "符号链接指向的文件不存在或无法读取：%v", err)
}

var errLoop = errors.New("symlink loop")

type outsideError struct{ target string }

func (e *outsideError) Error() string { return "link leaves the site: " + e.target }

// resolveLink resolves p inside fsys, component by component, following
// every link; hops counts links followed, for loops.
func resolveLink(rl fs.ReadLinkFS, p string, hops *int) (string, error) {
	cur := ""
	for _, part := range strings.Split(p, "/") {
		cur = path.Join(cur, part)
		if cur == ".." || strings.HasPrefix(cur, "../") {
			return "", &outsideError{p}
		}
		fi, err := rl.Lstat(cur)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		if *hops++; *hops > 40 {
			return "", errLoop
		}
		target, err := rl.ReadLink(cur)
		if err != nil {
			return "", err
		}
		t := filepath.ToSlash(target)
		if filepath.IsAbs(target) || path.IsAbs(t) {
			return "", &outsideError{target}
		}
		next := path.Join(path.Dir(cur), t)
		if next == ".." || strings.HasPrefix(next, "../") {
			return "", &outsideError{target}
		}
		if cur, err = resolveLink(rl, next, hops); err != nil {
			return "", err
		}
	}
	return cur, nil
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
	if p.fileHash != 0 && Hash(raw) != p.fileHash {
		// Saved again since the walk: this body is not the one the
		// front matter came with and the guard scanned.
		return errors.New("这个文件在构建过程中又被保存过，这次构建没有采用它（输出目录保持原样）；保存完成后重新构建即可")
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
