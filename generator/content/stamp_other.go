//go:build !linux && !darwin

package content

import "io/fs"

// stampOf returns 0 where file status has no ctime and inode: identity is
// then size and mtime, with the racy-mtime check.
func stampOf(fs.FileInfo) uint64 { return 0 }
