package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MetaDir is the hidden directory gongkai keeps inside an output directory:
// the ownership marker, the lock, the staging area and the commit journal.
// Web servers should deny dotfiles (see README's hosting section).
const MetaDir = ".gongkai-output"

const (
	markerFile  = "owner"   // MetaDir/owner: this directory is gongkai's output
	lockFile    = "lock"    // MetaDir/lock: flocked by the build writing here
	stagingDir  = "staging" // MetaDir/staging: the next site, file by file
	journalFile = "journal" // MetaDir/journal: a commit under way (see journal.go)
)

const markerText = "This directory is the output of gongkai (公开); builds replace its contents.\n" +
	"本目录是 gongkai 的输出目录，每次构建都会替换其中的文件。\n"

// ForceFlag is the command-line flag that lets a build take over a
// non-empty directory gongkai did not make.
const ForceFlag = "--force-dest"

// RefusedError is a destination a build will not write into. Nothing in it
// was touched.
type RefusedError struct {
	Dest string
	Msg  string // what is wrong, in Chinese
	Hint string // what to do
}

func (e *RefusedError) Error() string {
	s := "拒绝写入输出目录 " + e.Dest + "：" + e.Msg
	if e.Hint != "" {
		s += "\n  → " + e.Hint
	}
	return s
}

// ClaimOptions say which output a build wants and on whose behalf.
type ClaimOptions struct {
	Dest   string // the output directory
	Source string // the site's directory, "" if it has none on disk
	// Inputs are the site's input paths relative to Source (content,
	// layouts, …): a dest inside one of them is refused always.
	Inputs []string
	// Force lets the build take over a non-empty directory without the
	// marker (its files are then replaced or removed).
	Force bool
	// Known, if set, returns the files a build of this site recorded in
	// Dest before gongkai marked its outputs: such a directory is taken
	// over without Force when every file in it is one of them.
	Known func() map[string]bool
	// Waiting, if set, is called once when another build holds the lock;
	// holder describes it.
	Waiting func(holder string)
}

// Claim is a build's hold on its output directory: the directory is
// gongkai's, this process holds its lock, and any commit a crashed build
// left half done has been finished.
type Claim struct {
	Dest      string // absolute and clean
	meta      string // Dest/MetaDir
	lock      *os.File
	created   bool // this claim made Dest
	marked    bool // this claim wrote the marker
	empty     bool // Dest held no output when claimed
	Recovered bool // an interrupted commit was found: the last build's records may not match Dest

	mu        sync.Mutex // held while committing; Interrupt waits for it
	committed bool

	// Writes into staging hold stageMu for reading; Abandon takes it to
	// stop them before it removes staging (a signal arrives while pages
	// are still being written).
	stageMu   sync.RWMutex
	abandoned bool

	relMu    sync.Mutex
	released bool
}

var active sync.Map // *Claim → true, for Interrupt

// Acquire checks that o.Dest may be written, takes its lock (waiting for
// another build that holds it) and finishes or rolls back a commit that a
// killed build left behind.
func Acquire(o ClaimOptions) (*Claim, error) {
	dest, err := filepath.Abs(o.Dest)
	if err != nil {
		return nil, err
	}
	dest = filepath.Clean(dest)
	if err := refuseAlways(dest, o); err != nil {
		return nil, err
	}
	c := &Claim{Dest: dest, meta: filepath.Join(dest, MetaDir)}
	st, err := os.Stat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dest, 0o755); err != nil {
			return nil, ioErr("创建输出目录", dest, err)
		}
		c.created, c.empty = true, true
	case err != nil:
		return nil, ioErr("读取输出目录", dest, err)
	case !st.IsDir():
		return nil, &RefusedError{Dest: dest, Msg: "它是一个文件，不是目录。", Hint: "用 --dest 指定一个目录。"}
	default:
		owned, empty, err := c.inspect(o)
		if err != nil {
			return nil, err
		}
		c.empty = empty
		c.marked = !owned
	}
	if err := os.Mkdir(c.meta, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		c.undo()
		return nil, ioErr("创建目录", c.meta, err)
	}
	if err := c.takeLock(o.Waiting); err != nil {
		c.undo()
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(c.meta, markerFile)); err != nil {
		if err := writeAtomic(filepath.Join(c.meta, markerFile), []byte(markerText)); err != nil {
			c.Release()
			c.undo()
			return nil, ioErr("写入标记文件", filepath.Join(c.meta, markerFile), err)
		}
	}
	if err := c.recover(); err != nil {
		c.Release()
		return nil, err
	}
	active.Store(c, true)
	return c, nil
}

// inspect decides whether an existing dest may be written: it is owned
// (holds the marker), empty, taken over from a build that predates the
// marker, or forced.
func (c *Claim) inspect(o ClaimOptions) (owned, empty bool, err error) {
	if _, err := os.Stat(filepath.Join(c.meta, markerFile)); err == nil {
		return true, false, nil
	}
	entries, err := os.ReadDir(c.Dest)
	if err != nil {
		return false, false, ioErr("读取输出目录", c.Dest, err)
	}
	var inWay []string
	for _, e := range entries {
		if !junk[e.Name()] && e.Name() != MetaDir {
			inWay = append(inWay, e.Name())
		}
	}
	if len(inWay) == 0 {
		return false, true, nil
	}
	if o.Force {
		return false, false, nil
	}
	if o.Known != nil {
		if known := o.Known(); len(known) > 0 && allKnown(c.Dest, known) {
			return false, false, nil
		}
	}
	slices.Sort(inWay)
	shown := inWay
	if len(shown) > 5 {
		shown = shown[:5]
	}
	what := strings.Join(shown, "、")
	if len(inWay) > len(shown) {
		what += fmt.Sprintf(" 等 %d 项", len(inWay))
	}
	return false, false, &RefusedError{Dest: c.Dest,
		Msg:  fmt.Sprintf("这个目录不是空的（其中有 %s），也不是 gongkai 生成的（没有 %s/%s 标记），构建会删除其中的文件。", what, MetaDir, markerFile),
		Hint: fmt.Sprintf("检查 --dest 是否写错；换一个空目录或不存在的目录；确定要用它替换其中的全部文件时，加上 %s。", ForceFlag)}
}

// junk are files desktops leave in any folder; they do not make a folder
// someone's work.
var junk = map[string]bool{".DS_Store": true, "Thumbs.db": true, "desktop.ini": true}

// allKnown reports whether every file under dest is in known.
func allKnown(dest string, known map[string]bool) bool {
	ok := true
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			ok = false
			return filepath.SkipAll
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		if rel == MetaDir && d.IsDir() {
			return filepath.SkipDir
		}
		if !d.IsDir() && !junk[d.Name()] && !known[rel] {
			ok = false
			return filepath.SkipAll
		}
		return nil
	})
	return ok
}

// refuseAlways refuses the destinations no flag makes safe: the root of a
// file system, the home directory or one holding it, the site itself, a
// directory holding the site, and the site's inputs.
func refuseAlways(dest string, o ClaimOptions) error {
	real := resolve(dest)
	refuse := func(msg string) error {
		return &RefusedError{Dest: dest, Msg: msg, Hint: "用 --dest 指定一个专门存放生成结果的目录，例如站点目录下的 public。"}
	}
	if isRoot(real) {
		return refuse("这是文件系统的根目录，构建会清空整个磁盘上的文件。")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h := resolve(home); within(h, real) {
			return refuse("这是用户主目录（或包含主目录的目录），构建会删除其中的文件。")
		}
	}
	if o.Source == "" {
		return nil
	}
	src, err := filepath.Abs(o.Source)
	if err != nil {
		return nil
	}
	src = resolve(src)
	if real == src {
		return refuse("这就是站点目录本身，构建会删除 config.toml 和 content/。")
	}
	if within(src, real) {
		return refuse("它包含站点目录，构建会删除站点的源文件。")
	}
	for _, in := range o.Inputs {
		if d := filepath.Join(src, in); within(real, d) {
			return refuse(fmt.Sprintf("它在站点的 %s 之内，构建会删除或混入源文件。", in))
		}
	}
	return nil
}

// within reports whether dir is inside parent or is parent.
func within(dir, parent string) bool {
	if dir == parent {
		return true
	}
	rel, err := filepath.Rel(parent, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func isRoot(p string) bool {
	return filepath.Dir(p) == p
}

// resolve returns p with the symbolic links of its longest existing
// ancestor resolved: where writes to p would really land.
func resolve(p string) string {
	var rest []string
	for cur := p; ; cur = filepath.Dir(cur) {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			slices.Reverse(rest)
			return filepath.Join(append([]string{r}, rest...)...)
		}
		if filepath.Dir(cur) == cur {
			return p
		}
		rest = append(rest, filepath.Base(cur))
	}
}

// takeLock locks MetaDir/lock, waiting for the build that holds it.
func (c *Claim) takeLock(waiting func(string)) error {
	name := filepath.Join(c.meta, lockFile)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return ioErr("打开锁文件", name, err)
	}
	got, err := tryLock(f)
	if err != nil {
		f.Close()
		return ioErr("锁定输出目录", name, err)
	}
	if !got {
		if waiting != nil {
			holder, _ := os.ReadFile(name)
			waiting(strings.TrimSpace(string(holder)))
		}
		if err := waitLock(f); err != nil {
			f.Close()
			return ioErr("锁定输出目录", name, err)
		}
	}
	// Who holds it, for the message of a build that waits; emptied on
	// release so that two outputs of one site stay byte-identical.
	f.Truncate(0)
	f.WriteAt([]byte("pid "+strconv.Itoa(os.Getpid())+"\n"), 0)
	c.lock = f
	return nil
}

// Release gives the lock back. A claim is released once; later calls do
// nothing.
func (c *Claim) Release() {
	c.relMu.Lock()
	defer c.relMu.Unlock()
	if c.released || c.lock == nil {
		return
	}
	c.released = true
	active.Delete(c)
	c.lock.Truncate(0)
	unlock(c.lock)
	c.lock.Close()
}

// undo removes what claiming added to a dest that stays unused: the
// marker directory, and the dest itself if the claim made it.
func (c *Claim) undo() {
	if c.marked || c.created {
		os.RemoveAll(c.meta)
	}
	if c.created {
		os.Remove(c.Dest)
	}
}

// Abandon ends a claim whose build failed: staging is removed and Dest is
// as it was before the build (a dest the claim made is removed again, and
// so is a marker it wrote).
func (c *Claim) Abandon() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.relMu.Lock()
	released := c.released
	c.relMu.Unlock()
	if c.committed || released {
		return
	}
	c.stageMu.Lock()
	c.abandoned = true
	c.stageMu.Unlock()
	os.RemoveAll(filepath.Join(c.meta, stagingDir))
	c.Release()
	c.undo()
}

// Interrupt is for a signal handler: every claim of this process whose
// commit has not started is abandoned; one whose commit runs is waited
// for (its journal makes the next build finish the rest).
func Interrupt() {
	active.Range(func(k, _ any) bool {
		c := k.(*Claim)
		c.Abandon()
		c.Release()
		return true
	})
}

// IOError is a failure of the environment (disk full, no permission, a
// read-only file system), not of the site.
type IOError struct {
	Op   string // what was being done, in Chinese
	Path string
	Err  error
}

func (e *IOError) Error() string {
	return fmt.Sprintf("%s %s 失败：%s", e.Op, e.Path, explain(e.Err))
}

func (e *IOError) Unwrap() error { return e.Err }

func ioErr(op, path string, err error) error {
	var ie *IOError
	if errors.As(err, &ie) {
		return err
	}
	return &IOError{Op: op, Path: path, Err: err}
}
