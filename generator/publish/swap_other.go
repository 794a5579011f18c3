//go:build !linux

package publish

func exchange(staging, dest string) error { return swapByRename(staging, dest) }
