package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths atomically (renameat2 RENAME_EXCHANGE): a
// reader sees the old directory or the new one, never neither.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}

// canExchange reports whether the file system under dir can swap two
// directories (ext4, xfs, btrfs and tmpfs can; network shares often not).
func canExchange(dir string) bool {
	a, b := filepath.Join(dir, "x.a"), filepath.Join(dir, "x.b")
	defer os.Remove(a)
	defer os.Remove(b)
	if os.Mkdir(a, 0o755) != nil || os.Mkdir(b, 0o755) != nil {
		return false
	}
	return exchange(a, b) == nil
}

func inode(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
