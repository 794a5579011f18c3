package content

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"gongkai/generator/diag"
)

// JunkFiles documents the files editors and operating systems leave
// beside the ones an author made; Junk recognises them. They are never
// published (docs/authoring.md lists them).
var JunkFiles = []string{
	"Thumbs.db", "desktop.ini", // Windows Explorer
	".DS_Store", "._*", // macOS Finder
	"~$*",       // Word, Excel and WPS lock files of an open document
	"*~", ".#*", // editor backups and Emacs locks
	"*.bak", "*.orig", // backups; fix-encoding keeps the original as .orig
	".*", // other hidden files
}

// Junk reports whether a file name matches one of JunkFiles (letter
// case aside).
func Junk(name string) bool {
	lower := strings.ToLower(name)
	for _, pat := range JunkFiles {
		if ok, _ := path.Match(strings.ToLower(pat), lower); ok {
			return true
		}
	}
	return false
}

// awkward are the characters of a file name that make a page's address
// hard to pass on: spaces become %20 in it, and a mail or chat program
// ends the link at a bracket ("New Notice (2).md" from a file manager's
// copy).
const awkward = " \u3000()（）[]【】{}"

// awkwardName warns of a page whose file (or bundle folder) name puts
// spaces or brackets in its address, and suggests a slug without them.
func awkwardName(p *Page) *diag.Error {
	if p.Slug != "" || p.IsIndex || !strings.ContainsAny(p.Name, awkward) {
		return nil
	}
	slug := suggestSlug(p.Name)
	what, renamed := "文件名", slug+path.Ext(p.File)
	if p.BundleDir != "" {
		what, renamed = "文件夹名", slug
	}
	return diag.Warnf(diag.Position{File: p.File}, fmt.Sprintf(`在前置信息中加一行 slug = "%s"，或把%s改成 %s。`, slug, what, renamed),
		"%s“%s”含有空格或括号，网址里会变成 %%20 之类的符号，转发时链接容易断开", what, p.Name)
}

// suggestSlug turns a name into one without awkward characters: each run
// of them, and of other ASCII punctuation, becomes one hyphen; ASCII
// letters are lowered ("New Notice (2)" → "new-notice-2").
func suggestSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r > 0x7f && !strings.ContainsRune(awkward, r) || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
		if !ok {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	if b.Len() == 0 {
		return "page-1"
	}
	return b.String()
}

// reservedNames are the device names Windows reserves in every folder,
// with any extension: a file or folder called con.md or aux cannot be
// created there, so a site built or hosted on Windows loses it.
var reservedNames = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

// Reserved reports whether a name (of a file or folder, or a slug) is
// one Windows reserves: CON, PRN, AUX, NUL, COM0–COM9 and LPT0–LPT9
// (also with ¹ ² ³), in any case, with or without an extension.
func Reserved(name string) bool {
	stem, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(name)), ".")
	stem = strings.TrimRight(stem, " ")
	if reservedNames[stem] {
		return true
	}
	for _, p := range []string{"com", "lpt"} {
		if rest, ok := strings.CutPrefix(stem, p); ok {
			switch rest {
			case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
				return true
			}
		}
	}
	return false
}

// reservedError refuses a file or folder named as a Windows device.
func reservedError(p, name string) *diag.Error {
	return diag.Errorf(diag.Position{File: p}, "改一个名字，如 "+strings.ToLower(strings.TrimSuffix(name, path.Ext(name)))+"-1"+path.Ext(name)+"。",
		"“%s”是 Windows 保留的设备名（CON、PRN、AUX、NUL、COM0–9、LPT0–9），在 Windows 上无法建立这样的文件或文件夹，网站会丢失它", name)
}

// checkReserved refuses a slug or tag that makes a folder Windows
// reserves (slug = "aux" is published at aux/index.html).
func checkReserved(p *Page) diag.List {
	var errs diag.List
	if Reserved(p.Slug) {
		errs.Add(diag.Errorf(p.Pos("slug"), "换一个 slug，如 slug = \""+strings.ToLower(p.Slug)+"-1\"。",
			"slug “%s”是 Windows 保留的设备名，在 Windows 上无法建立这个网址的文件夹", p.Slug))
	}
	for _, t := range p.Tags {
		if Reserved(t) {
			errs.Add(diag.Errorf(p.Pos("tags"), "换一个标签名，如加上说明：“"+t+" 端口”。",
				"标签“%s”是 Windows 保留的设备名，在 Windows 上无法建立它的网址文件夹", t))
		}
	}
	return errs
}
