//go:build darwin

package content

import (
	"io/fs"
	"syscall"
)

// stampOf hashes what a file's status says beyond size and mtime: its
// ctime (set by the kernel on every change, whatever mtime is made to
// say), inode and device. 0 when the file system gives no status.
func stampOf(fi fs.FileInfo) uint64 {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	sec, nsec := st.Ctimespec.Unix()
	return mix(uint64(sec), uint64(nsec), uint64(st.Ino), uint64(st.Dev))
}
