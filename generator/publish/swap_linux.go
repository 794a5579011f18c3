package publish

import "golang.org/x/sys/unix"

// exchange atomically swaps two directories, so a reader of dest never sees
// a missing or half-written site. Filesystems without RENAME_EXCHANGE fall
// back to two renames.
func exchange(staging, dest string) error {
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	if err == nil {
		return nil
	}
	return swapByRename(staging, dest)
}
