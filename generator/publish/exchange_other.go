//go:build !linux

package publish

import (
	"errors"
	"io/fs"
)

// exchange is not available: commits move files one by one.
func exchange(a, b string) error { return errors.ErrUnsupported }

func canExchange(string) bool { return false }

func inode(fs.FileInfo) uint64 { return 0 }
