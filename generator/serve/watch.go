package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchedDirs are the site's directories whose files are sources.
var watchedDirs = []string{"content", "layouts", "static", "data"}

// watcher reports changed source files in batches: an editor's save
// (temporary file then rename, vim's swap and backup files, the bursts of
// events Windows editors cause) is one batch, hence one rebuild.
type watcher struct {
	root  string
	fsw   *fsnotify.Watcher
	quiet time.Duration // a batch ends after this long without events…
	most  time.Duration // …or this long after it began
}

func newWatcher(root string, quiet, most time.Duration) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fsw: fsw, quiet: quiet, most: most}
	// The site's root, for config.toml and for source directories made
	// later; then every directory below the source directories.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every directory below it, and returns the files
// already in it (made before the watch began).
func (w *watcher) addTree(dir string) []string {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && d.Name()[0] == '.' {
				return filepath.SkipDir
			}
			_ = w.fsw.Add(p)
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files
}

// rel returns a changed path relative to the site, slash-separated.
func (w *watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(r)
}

// run sends batches of changed files (slash paths inside the site, sorted,
// without duplicates) until ctx ends.
func (w *watcher) run(ctx context.Context, batches chan<- []string, errs chan<- error) {
	defer w.fsw.Close()
	var batch []string
	var quiet, most <-chan time.Time
	add := func(rel string) {
		if Classify(rel) != Ignored {
			if batch == nil {
				most = time.After(w.most)
			}
			batch = append(batch, rel)
			quiet = time.After(w.quiet)
		}
	}
	flush := func() {
		slices.Sort(batch)
		out := slices.Compact(batch)
		batch, quiet, most = nil, nil, nil
		select {
		case batches <- out:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel := w.rel(ev.Name)
			if rel == "" || rel == "." {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() && w.inSources(rel) {
					for _, f := range w.addTree(ev.Name) {
						add(w.rel(f))
					}
					continue
				}
			}
			add(rel)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case errs <- err:
			default:
			}
		case <-quiet:
			flush()
		case <-most:
			flush()
		}
	}
}

// inSources reports whether a directory is, or is below, a source
// directory.
func (w *watcher) inSources(rel string) bool {
	for _, d := range watchedDirs {
		if rel == d || len(rel) > len(d) && rel[:len(d)+1] == d+"/" {
			return true
		}
	}
	return false
}
