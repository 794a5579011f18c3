package build

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/pii"
	"gongkai/generator/register"
	"gongkai/generator/site"
)

// scanned are attachment types whose text is published as it is.
var scanned = map[string]bool{".txt": true, ".csv": true, ".md": true}

// guardPersonalData stops the build on any unmasked ID, mobile or bank card
// number in what is published: page sources (front matter and body),
// attachment names and the text of plain-text attachments.
//
// A page whose file passed under the same allow-list in an earlier build
// is not scanned again; the returned keys record which pages passed.
func guardPersonalData(s *site.Site, src fs.FS, c *parsedCache, data *register.Merged) (map[*content.Page]uint64, diag.List) {
	allowed, allowKey := allowList(s.Config)
	// Paginated lists share their intro's source; scan each source once.
	var pages []*content.Page
	seen := map[*content.Page]bool{}
	for _, p := range s.Pages {
		src := p.Source
		if f, ok := data.Files[src]; ok {
			src = f // a unit from data/: its file, if any, here; its cells below
		}
		if src != nil && !seen[src] {
			seen[src] = true
			pages = append(pages, src)
		}
	}
	perPage := make([]diag.List, len(pages))
	clean := make([]uint64, len(pages))
	parallel(len(pages), func(i int) {
		p := pages[i]
		var buf [16]byte
		kb := keyer{buf: buf[:0]}
		key := kb.u64(p.Hash, allowKey).sum() | 1
		if id, ok := c.identity(p.Rel); ok && id.Hash == p.Hash && id.PIIKey == key {
			clean[i] = key
			return
		}
		if err := p.LoadBody(); err != nil {
			perPage[i] = diag.List{diag.Errorf(diag.Position{File: p.File}, "", "%v", err)}
			return
		}
		perPage[i] = append(perPage[i], scanText(p.File, p.Front, 2, allowed)...)
		perPage[i] = append(perPage[i], scanText(p.File, string(p.Body), p.BodyLine, allowed)...)
		if len(perPage[i]) == 0 {
			clean[i] = key
		}
	})
	var errs diag.List
	keys := map[*content.Page]uint64{}
	for i, l := range perPage {
		errs = append(errs, l...)
		keys[pages[i]] = clean[i]
	}
	errs = append(errs, guardCells(data, allowed)...)
	for _, f := range s.Files {
		name := path.Base(f.Src)
		for _, e := range scanText(f.Src, name, 0, allowed) {
			e.Msg = "附件文件名中" + e.Msg
			e.Hint = "把文件改名，去掉其中的个人信息。"
			errs.Add(e)
		}
		if !scanned[strings.ToLower(path.Ext(name))] {
			continue
		}
		raw, err := fs.ReadFile(src, f.Src)
		if err != nil {
			continue // the copy step reports it
		}
		text, _ := content.Normalize(f.Src, raw)
		errs = append(errs, scanText(f.Src, string(text), 1, allowed)...)
	}
	return keys, errs
}

func allowList(cfg *config.Config) (func(string) bool, uint64) {
	set := map[string]bool{}
	k := newKeyer()
	for _, e := range cfg.PII {
		var b strings.Builder
		for _, r := range e.Value {
			if r >= '0' && r <= '9' || r == 'X' || r == 'x' {
				b.WriteRune(r)
			}
		}
		set[strings.ToUpper(b.String())] = true
		k.str(strings.ToUpper(b.String()))
	}
	return func(d string) bool { return set[strings.ToUpper(d)] }, k.sum()
}

// scanText reports findings in text that starts on line first of file
// (0: report no line, for file names).
func scanText(file, text string, first int, allowed func(string) bool) diag.List {
	var errs diag.List
	for _, f := range pii.Scan(text, allowed) {
		pos := diag.Position{File: file}
		if first > 0 {
			before := text[:f.Offset]
			nl := strings.LastIndexByte(before, '\n')
			pos.Line = first + strings.Count(before, "\n")
			pos.Col = utf8.RuneCountInString(before[nl+1:]) + 1
		}
		errs.Add(diag.Errorf(pos,
			fmt.Sprintf("改为打码形式 %s；确需公开的号码（如服务热线），在 config.toml 的 [[pii_exceptions]] 中登记并写明理由。", f.Masked),
			"发现未打码的%s %s", f.Kind, f.Text))
	}
	return errs
}
