// Package scaffold writes a new portal: a config.toml with every setting
// explained in Chinese, a small set of sample content and a .gitignore,
// and on request a copy of the default theme to customize.
package scaffold

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

//go:embed site
var starter embed.FS

// Options say what to write.
type Options struct {
	Dir         string // created; must not exist or be empty
	Title       string // the portal's name
	Theme       fs.FS  // the default theme, holding layouts/; copied with Layouts
	WithLayouts bool
}

// Write creates the portal. It refuses a directory that has anything in
// it, so nothing is ever overwritten. It returns the files written, as
// slash paths inside Dir.
func Write(o Options) ([]string, error) {
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s 已经存在而且不是空的；换一个新目录名，gongkai init 不会改动已有的文件", o.Dir)
	}
	var written []string
	write := func(name string, data []byte) error {
		full := filepath.Join(o.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
		written = append(written, name)
		return nil
	}
	err := fs.WalkDir(starter, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := starter.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "site/")
		if name == "gitignore" || name == "gitattributes" {
			name = "." + name // embed skips dot files
		}
		return write(name, []byte(strings.ReplaceAll(string(data), "{{TITLE}}", escape(o.Title))))
	})
	if err == nil && o.WithLayouts {
		err = fs.WalkDir(o.Theme, "layouts", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(o.Theme, p)
			if err != nil {
				return err
			}
			return write(path.Clean(p), data)
		})
	}
	return written, err
}

// escape makes s safe inside a TOML basic string and a Markdown title.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "\r", " ").Replace(s)
}
