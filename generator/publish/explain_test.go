package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplainGone: a write into an output that was removed during the
// build says so in Chinese and what to do, not only the system's words.
func TestExplainGone(t *testing.T) {
	_, err := os.Create(filepath.Join(t.TempDir(), "removed", "index.html"))
	msg := ioErr("写入", "public/index.html", err).Error()
	if !strings.Contains(msg, "输出目录可能在构建过程中被删除或移走") || !strings.Contains(msg, "再运行一次构建") {
		t.Errorf("a vanished output reads %q", msg)
	}
}
