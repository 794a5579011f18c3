package publish

import (
	"errors"
	"io/fs"
	"syscall"
)

// explain says in plain words what an I/O error means for the person at
// the keyboard.
func explain(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "磁盘已满（或超出磁盘配额），请清理空间后重试（no space left on device）"
	case errors.Is(err, syscall.EROFS):
		return "该位置是只读的文件系统，无法写入（read-only file system）"
	case errors.Is(err, syscall.ELOOP):
		return "符号链接形成了循环（symlink loop）"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限，请检查该目录的写权限（permission denied）"
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不见了：输出目录可能在构建过程中被删除或移走，网站目录保持构建前的样子，再运行一次构建即可（no such file or directory）"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// isNotDir reports an error that means a path's parent is now a file.
func isNotDir(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
