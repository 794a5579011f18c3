package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gongkai/generator/digest"
)

// A commit is written down before it starts, in MetaDir/journal: the
// entries to unlink first (links and other non-files gongkai never makes),
// the staged files and new directories to move into place (files other
// than pages first, so a new page never names an asset not there yet),
// and the stale files to remove last. A top-level directory in which many
// files change is swapped whole instead (staged complete, unchanged files
// hard-linked in; see exchange), between the other files and the pages.
// Applying a journal twice does what applying it once does (a swap is
// known done by the inode it brought in), so a build that finds one (its
// writer was killed) applies it again and the output is the complete new
// site.
//
//	gongkai-journal 1
//	u "path"
//	m "path"
//	x <inode of the staged directory> "path"
//	r "path"
//	end <checksum of everything above, hex>
type journal struct {
	unlink, moves, removals []string
	swaps                   []swap
}

// swap is a top-level directory exchanged whole with its staged version.
type swap struct {
	path string
	ino  uint64
}

const journalHead = "gongkai-journal 1\n"

func (j *journal) empty() bool {
	return len(j.unlink)+len(j.moves)+len(j.removals)+len(j.swaps) == 0
}

func (j *journal) encode() []byte {
	var b bytes.Buffer
	b.WriteString(journalHead)
	for _, l := range []struct {
		op    byte
		paths []string
	}{{'u', j.unlink}, {'m', j.moves}, {'r', j.removals}} {
		for _, p := range l.paths {
			b.WriteByte(l.op)
			b.WriteByte(' ')
			b.WriteString(strconv.Quote(p))
			b.WriteByte('\n')
		}
	}
	for _, s := range j.swaps {
		fmt.Fprintf(&b, "x %d %s\n", s.ino, strconv.Quote(s.path))
	}
	fmt.Fprintf(&b, "end %016x\n", digest.Sum(b.Bytes()))
	return b.Bytes()
}

var errJournal = errors.New("damaged journal")

func parseJournal(data []byte) (*journal, error) {
	i := bytes.LastIndex(data, []byte("end "))
	if !bytes.HasPrefix(data, []byte(journalHead)) || i < 0 || string(data[i:]) != fmt.Sprintf("end %016x\n", digest.Sum(data[:i])) {
		return nil, errJournal
	}
	j := &journal{}
	for _, line := range strings.Split(string(data[len(journalHead):i]), "\n") {
		if line == "" {
			continue
		}
		if len(line) < 3 || line[1] != ' ' {
			return nil, errJournal
		}
		var ino uint64
		if line[0] == 'x' {
			sp := strings.IndexByte(line[2:], ' ')
			if sp < 0 {
				return nil, errJournal
			}
			n, err := strconv.ParseUint(line[2:2+sp], 10, 64)
			if err != nil {
				return nil, errJournal
			}
			ino, line = n, line[:2]+line[3+sp:]
		}
		p, err := strconv.Unquote(line[2:])
		if err != nil || !local(p) {
			return nil, errJournal
		}
		switch line[0] {
		case 'u':
			j.unlink = append(j.unlink, p)
		case 'm':
			j.moves = append(j.moves, p)
		case 'r':
			j.removals = append(j.removals, p)
		case 'x':
			if strings.Contains(p, "/") {
				return nil, errJournal
			}
			j.swaps = append(j.swaps, swap{p, ino})
		default:
			return nil, errJournal
		}
	}
	return j, nil
}

// local reports whether a journal path stays inside the output.
func local(p string) bool {
	return p != "" && filepath.IsLocal(filepath.FromSlash(p)) && !strings.HasPrefix(p, MetaDir+"/") && p != MetaDir
}

// apply carries out j: staged paths under staging replace those under
// dest. It returns how many stale files it removed.
func apply(dest, staging string, j *journal) (int, error) {
	for _, u := range j.unlink {
		if err := os.Remove(filepath.Join(dest, filepath.FromSlash(u))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, ioErr("删除", filepath.Join(dest, u), err)
		}
	}
	swapped := false
	for _, m := range j.moves {
		if !swapped && strings.HasSuffix(m, ".html") {
			if err := applySwaps(dest, staging, j.swaps); err != nil {
				return 0, err
			}
			swapped = true
		}
		from := filepath.Join(staging, filepath.FromSlash(m))
		to := filepath.Join(dest, filepath.FromSlash(m))
		// One system call for the common case, a file replacing a file
		// or a new directory moving in.
		if os.Rename(from, to) == nil {
			continue
		}
		fi, err := os.Lstat(from)
		if errors.Is(err, fs.ErrNotExist) {
			continue // moved before the build that wrote j was stopped
		}
		if err != nil {
			return 0, ioErr("读取", from, err)
		}
		if old, err := os.Lstat(to); err == nil && (old.IsDir() || fi.IsDir()) {
			// A page became a file where a directory was, or the other
			// way round: clear the way.
			if err := os.RemoveAll(to); err != nil {
				return 0, ioErr("删除", to, err)
			}
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return 0, ioErr("创建目录", filepath.Dir(to), err)
		}
		if err := os.Rename(from, to); err != nil {
			return 0, ioErr("移入", to, err)
		}
	}
	if !swapped {
		if err := applySwaps(dest, staging, j.swaps); err != nil {
			return 0, err
		}
	}
	n := 0
	parents := map[string]bool{}
	for _, r := range j.removals {
		fp := filepath.Join(dest, filepath.FromSlash(r))
		err := os.Remove(fp)
		if err != nil && !errors.Is(err, fs.ErrNotExist) && !isNotDir(err) {
			return n, ioErr("删除", fp, err)
		}
		if err == nil {
			n++
		}
		for dir := filepath.Dir(fp); dir != dest && strings.HasPrefix(dir, dest) && !parents[dir]; dir = filepath.Dir(dir) {
			parents[dir] = true
		}
	}
	// Directories left empty go too, deepest first.
	dirs := slices.Collect(maps.Keys(parents))
	slices.SortFunc(dirs, func(a, b string) int { return len(b) - len(a) })
	for _, dir := range dirs {
		os.Remove(dir) // fails when not empty
	}
	return n, nil
}

// applySwaps exchanges each staged directory with the output's, unless
// the output's already is the staged one (a swap done before a kill).
func applySwaps(dest, staging string, swaps []swap) error {
	for _, s := range swaps {
		to := filepath.Join(dest, s.path)
		if fi, err := os.Lstat(to); err == nil && inode(fi) == s.ino {
			continue
		}
		from := filepath.Join(staging, s.path)
		if err := exchange(from, to); err != nil {
			return ioErr("替换目录", to, err)
		}
	}
	return nil
}

// recover finishes a commit that a killed build left half done, and
// removes the staging a build killed before its commit left.
func (c *Claim) recover() error {
	name := filepath.Join(c.meta, journalFile)
	staging := filepath.Join(c.meta, stagingDir)
	data, err := os.ReadFile(name)
	if err == nil {
		c.Recovered = true
		if j, err := parseJournal(data); err == nil {
			if _, err := apply(c.Dest, staging, j); err != nil {
				return err
			}
		}
		// A damaged journal cannot be finished; the records of the last
		// build are distrusted (Recovered), so this build compares every
		// file and removes what it does not produce.
		if err := os.Remove(name); err != nil {
			return ioErr("删除", name, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return ioErr("读取", name, err)
	}
	if err := os.RemoveAll(staging); err != nil {
		return ioErr("删除", staging, err)
	}
	return nil
}

// writeAtomic replaces name with data, durably: a crash leaves the old
// file or the new one.
func writeAtomic(name string, data []byte) error {
	tmp := name + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(name)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
