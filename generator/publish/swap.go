package publish

import "os"

// swapByRename moves dest aside, staging into place, and leaves the old
// output at staging for the caller to remove. The window in which dest is
// missing is two renames long.
func swapByRename(staging, dest string) error {
	aside := staging + ".old"
	_ = os.RemoveAll(aside)
	if err := os.Rename(dest, aside); err != nil {
		return err
	}
	if err := os.Rename(staging, dest); err != nil {
		_ = os.Rename(aside, dest)
		return err
	}
	return os.Rename(aside, staging)
}
