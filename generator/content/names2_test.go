package content

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestJunkAndReserved(t *testing.T) {
	for name, want := range map[string]bool{
		"Thumbs.db": true, "thumbs.db": true, ".DS_Store": true, "~$通知.docx": true, "名单.xlsx.orig": true,
		"plan.md~": true, "plan.bak": true, ".#plan.md": true, "desktop.ini": true, "._photo.jpg": true,
		"plan.md": false, "orig.md": false, "bak-2016.pdf": false, "通知~1.md": false,
	} {
		if Junk(name) != want {
			t.Errorf("Junk(%q) = %v", name, !want)
		}
	}
	for name, want := range map[string]bool{
		"CON": true, "con.md": true, "Aux.txt": true, "nul.md": true, "prn": true, "COM1.md": true, "lpt9": true, "com¹.md": true, "con.tar.gz": true,
		"console.md": false, "com10.md": false, "aux-1.md": false, "icon.md": false, "": false,
	} {
		if Reserved(name) != want {
			t.Errorf("Reserved(%q) = %v", name, !want)
		}
	}
}

// TestWalkSkipsJunk builds a content and static tree with the files
// editors and systems leave, and Windows device names.
func TestWalkSkipsJunk(t *testing.T) {
	site := t.TempDir()
	page := "+++\ntitle = \"页\"\ndate = 2016-01-01\n+++\n正文\n"
	for p, text := range map[string]string{
		"content/notices/ok.md":          page,
		"content/notices/ok.md~":         page,
		"content/notices/ok.md.bak":      page,
		"content/notices/Thumbs.db":      "x",
		"content/notices/b/index.md":     page,
		"content/notices/b/~$名单.docx":    "x",
		"content/notices/b/名单.xlsx.orig": "x",
		"content/notices/b/.DS_Store":    "x",
		"content/notices/con.md":         page,
		"content/aux/x.md":               page,
		"content/notices/slug.md":        "+++\ntitle = \"页\"\ndate = 2016-01-01\nslug = \"NUL\"\ntags = [\"COM1\"]\n+++\n",
		"static/logo.png":                "x",
		"static/Thumbs.db":               "x",
		"static/.git/config":             "secret",
		"static/css/site.css.orig":       "x",
		"static/lpt1.txt":                "x",
	} {
		f := filepath.Join(site, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(f), 0o755)
		os.WriteFile(f, []byte(text), 0o644)
	}
	s, errs := Walk(os.DirFS(site), nil)
	got := errs.Error()
	for _, want := range []string{
		"content/aux: 错误：“aux”是 Windows 保留的设备名",
		"content/notices/con.md: 错误：“con.md”是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM0–9、LPT0–9），在 Windows 上无法建立这样的文件或文件夹，网站会丢失它\n    提示：改一个名字，如 con-1.md。",
		"static/lpt1.txt: 错误：“lpt1.txt”是 Windows 保留的设备名",
		"content/notices/slug.md:4:8: 错误：slug “NUL”是 Windows 保留的设备名",
		"content/notices/slug.md:5:8: 错误：标签“COM1”是 Windows 保留的设备名",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("messages lack %q:\n%s", want, got)
		}
	}
	var pages []string
	for _, p := range s.Pages {
		pages = append(pages, p.Rel)
		pages = append(pages, p.Resources...)
	}
	slices.Sort(pages)
	if want := []string{"notices/b/index.md", "notices/ok.md", "notices/slug.md"}; !slices.Equal(pages, want) {
		t.Errorf("pages and resources %q, want %q", pages, want)
	}
	if !slices.Equal(s.Static, []string{"logo.png"}) || len(s.Files) != 0 {
		t.Errorf("static %q, files %q: junk published", s.Static, s.Files)
	}
}

// TestGuideListsJunk keeps the authoring guide's list of files never
// published in step with JunkFiles.
func TestGuideListsJunk(t *testing.T) {
	guide, err := os.ReadFile("../../docs/authoring.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(guide), "**不会发布的文件。**")
	section, _, _ = strings.Cut(section, "\n\n")
	for _, pat := range JunkFiles {
		if pat != ".*" && !strings.Contains(section, "`"+pat+"`") {
			t.Errorf("docs/authoring.md does not list %s among the files never published", pat)
		}
	}
}

func TestNoContentFolder(t *testing.T) {
	_, errs := Walk(os.DirFS(t.TempDir()), nil)
	want := "content: 错误：找不到 content 文件夹\n    提示：在站点目录下建立 content 文件夹，或用 --source 指向站点目录（放着 config.toml 和 content 的文件夹）。"
	if got := errs.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
