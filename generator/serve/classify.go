package serve

import (
	"path"
	"strings"
)

// Change is what kind of source a changed file is, which decides what a
// rebuild does and what the terminal line says.
type Change int

// Kinds of change.
const (
	Ignored Change = iota // editors' temporary files, the output, the cache
	Content               // content/: pages, bundles' files
	Layout                // layouts/ templates and partials
	Asset                 // layouts/assets/: CSS and JS
	Static                // static/
	Data                  // data/
	Config                // config.toml
)

func (c Change) String() string {
	return [...]string{"忽略", "内容", "模板", "样式和脚本", "静态文件", "数据", "配置"}[c]
}

// Classify sorts a changed file, given as a slash path inside the site.
// Editors save through files nobody publishes (vim's 4913, .swp and ~
// backups, Emacs' .#locks and #autosaves, Office's ~$ owner files, the
// temporary file of a save by rename): those are Ignored, and the rename
// onto the real name is what counts.
func Classify(rel string) Change {
	rel = strings.TrimPrefix(path.Clean(strings.ReplaceAll(rel, `\`, "/")), "./")
	base := path.Base(rel)
	if junk(base) {
		return Ignored
	}
	top, rest, _ := strings.Cut(rel, "/")
	switch top {
	case "config.toml":
		if rest == "" {
			return Config
		}
	case "content":
		return Content
	case "layouts":
		if strings.HasPrefix(rest, "assets/") {
			return Asset
		}
		return Layout
	case "static":
		return Static
	case "data":
		return Data
	}
	return Ignored
}

// junk reports whether a file name is an editor's or a system's
// temporary file.
func junk(base string) bool {
	switch {
	case base == "4913", base == ".DS_Store", base == "Thumbs.db", base == "desktop.ini":
		return true
	case strings.HasPrefix(base, ".#"), strings.HasPrefix(base, "~$"), strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"):
		return true
	case strings.HasSuffix(base, "~"):
		return true
	case strings.HasPrefix(base, ".") && (strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".swo")):
		return true
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".tmp", ".temp", ".bak", ".crdownload", ".part":
		return true
	}
	// Temporary files of atomic saves: "name.md.tmp.1234", "name.md.sb-…"
	// (macOS), GNU sed -i's "sedAb12Cd".
	if len(base) == 9 && strings.HasPrefix(base, "sed") && !strings.Contains(base, ".") {
		return true
	}
	return strings.Contains(base, ".tmp.") || strings.Contains(base, ".sb-")
}
