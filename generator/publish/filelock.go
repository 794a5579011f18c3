package publish

import "os"

// LockPath takes an exclusive lock on the file at path, creating it if
// needed and waiting while another process (or another open of it) holds
// it, and returns the release. The system drops the lock if the process
// dies, so a crash leaves no stale lock.
func LockPath(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := waitLock(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { unlock(f); f.Close() }, nil
}
