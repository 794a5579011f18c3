package content

import (
	"bytes"
	"fmt"
	"path"
	"reflect"
	"regexp"
	"strings"
	"unicode"

	"gongkai/generator/diag"
	"gongkai/generator/tomlpos"
)

// Parse reads one Markdown file. rel is its slash path inside content/ and
// file the path shown in messages. It returns the page (nil when the front
// matter is unusable) and every problem found.
func Parse(file, rel string, raw []byte) (*Page, diag.List) {
	var errs diag.List
	src, e := Normalize(file, raw)
	errs.Add(e)
	if src == nil {
		return nil, errs
	}
	front, body, bodyLine, e := Split(file, src)
	if e != nil {
		errs.Add(e)
		return nil, errs
	}
	p := &Page{File: file, Rel: rel, Body: body, BodyLine: bodyLine, Front: front, Hash: Hash(raw), ContentHash: ContentHash(front, body)}
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	stem := strings.TrimSuffix(base, path.Ext(base))
	p.Section, _, _ = strings.Cut(dir, "/")
	switch {
	case stem == "_index":
		p.IsIndex = true
		p.Name = path.Base(dir)
		if dir == "" {
			p.Name = ""
		}
	case stem == "index" && dir != "":
		p.BundleDir = dir
		p.Name = path.Base(dir)
	default:
		p.Name = stem
	}
	if p.Section == p.Name && p.BundleDir == "" && !p.IsIndex && dir == "" {
		p.Section = ""
	}
	src2 := tomlpos.Source{File: file, Text: front, Line: 2}
	errs = append(errs, elsewhere(p, decodeFront(src2, p))...)
	errs = append(errs, checkBidi(p)...)
	errs = append(errs, checkFigures(p)...)
	errs = append(errs, checkReserved(p)...)
	errs = append(errs, checkGongwen(p)...)
	errs = append(errs, checkPeriod(p)...)
	errs.Add(awkwardName(p))
	p.incomplete = len(errs.Errors()) > 0
	if p.Title == "" && !p.incomplete {
		errs.Add(diag.Errorf(diag.Position{File: file, Line: 2}, `在前置信息中加一行 title = "标题"。`, "缺少标题 title"))
	} else if blank(p.Title) && !p.incomplete {
		errs.Add(diag.Errorf(p.Pos("title"), `写上标题的文字，例如 title = "关于……的通知"。`, "标题 title 只有空白字符（空格、全角空格或零宽字符）"))
	}
	if needsDate(p) && p.Date.IsZero() && !p.incomplete {
		errs.Add(diag.Errorf(diag.Position{File: file, Line: 2}, "在前置信息中加一行 date = 2016-05-01（成文或发布日期）。", "缺少日期 date"))
	}
	if !p.Draft && !p.incomplete {
		errs = append(errs, unwritten(p)...)
	}
	return p, errs
}

// Placeholders are the sentences the default archetypes put where the
// body goes (see layouts/archetypes/): a page that still holds one was
// made by gongkai new and never written.
var Placeholders = []string{"正文从这里开始", "这里写单位简介"}

// unwritten reports what gongkai new left for the author to fill in and
// is still as it was: the body's placeholder, an empty 主送机关.
func unwritten(p *Page) diag.List {
	var errs diag.List
	// Nearly every body has none: look once over the bytes before
	// splitting lines to say which.
	found := false
	for _, ph := range Placeholders {
		found = found || bytes.Contains(p.Body, []byte(ph))
	}
body:
	for i, line := range strings.Split(string(p.Body), "\n") {
		if !found {
			break
		}
		for _, ph := range Placeholders {
			if strings.Contains(line, ph) {
				errs.Add(diag.Errorf(diag.Position{File: p.File, Line: p.BodyLine + i}, "把这段样板文字和下面的示例换成要发布的正文；还没写完的，在前置信息里加一行 draft = true，这篇就暂不发布。", "正文还是新建时的样板文字（“%s……”）", ph))
				break body
			}
		}
	}
	if p.Notice != nil && reEmptyRecipients.MatchString(p.Front) {
		errs.Add(diag.Warnf(p.Pos("recipients"), `填写主送机关，如 recipients = "各市、区总工会"；没有主送机关就删掉这一行。`, "主送机关 recipients 是空的"))
	}
	return errs
}

var reEmptyRecipients = regexp.MustCompile(`(?m)^\s*recipients\s*=\s*""`)

func needsDate(p *Page) bool {
	if p.IsIndex {
		return false
	}
	switch p.Section {
	case SectionNotices, SectionReports, SectionCases, SectionDisclosures:
		return true
	}
	return false
}

// decodeFront decodes front matter into the section's typed fields.
func decodeFront(src tomlpos.Source, p *Page) diag.List {
	if p.IsIndex {
		return tomlpos.Decode(src, &p.Meta)
	}
	switch p.Section {
	case SectionNotices:
		var fm struct {
			Meta
			Notice
		}
		errs := tomlpos.Decode(src, &fm)
		p.Meta, p.Notice = fm.Meta, &fm.Notice
		return errs
	case SectionReports:
		var fm struct {
			Meta
			Report
		}
		errs := tomlpos.Decode(src, &fm)
		p.Meta, p.Report = fm.Meta, &fm.Report
		return errs
	case SectionCases:
		var fm struct {
			Meta
			Case
		}
		errs := tomlpos.Decode(src, &fm)
		p.Meta, p.Case = fm.Meta, &fm.Case
		return errs
	case SectionDisclosures:
		var fm struct {
			Meta
			Disclosure
		}
		errs := tomlpos.Decode(src, &fm)
		p.Meta, p.Disclosure = fm.Meta, &fm.Disclosure
		return errs
	case SectionUnits:
		var fm struct {
			Meta
			Unit
		}
		errs := tomlpos.Decode(src, &fm)
		p.Meta, p.Unit = fm.Meta, &fm.Unit
		return errs
	}
	var fm struct {
		Meta
		Organization *Organization `toml:"organization"`
	}
	errs := tomlpos.Decode(src, &fm)
	p.Meta, p.Organization = fm.Meta, fm.Organization
	return errs
}

// blank reports whether s shows nothing: only spaces (ASCII, full-width
// U+3000 and the rest of Unicode's) and zero-width characters.
func blank(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff', r == '\u180e':
		default:
			return false
		}
	}
	return true
}

// sectionTitles names the sections for people.
var sectionTitles = map[string]string{
	SectionNotices: "通知公告", SectionReports: "工作通报", SectionCases: "典型案例",
	SectionDisclosures: "会务公开", SectionUnits: "工会组织",
}

// fieldsOf lists the front matter fields of each section's own type.
var fieldsOf = map[string]map[string]bool{
	SectionNotices:     tomlKeys(reflect.TypeFor[Notice]()),
	SectionReports:     tomlKeys(reflect.TypeFor[Report]()),
	SectionCases:       tomlKeys(reflect.TypeFor[Case]()),
	SectionDisclosures: tomlKeys(reflect.TypeFor[Disclosure]()),
	SectionUnits:       tomlKeys(reflect.TypeFor[Unit]()),
}

func tomlKeys(t reflect.Type) map[string]bool {
	keys := map[string]bool{}
	for i := range t.NumField() {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); k != "" && k != "-" {
			keys[k] = true
		}
	}
	return keys
}

// elsewhere rewrites the hint of an unknown field that belongs to another
// section: a 公示 saved in content/notices/ is told where it belongs, not
// that category might be date.
func elsewhere(p *Page, errs diag.List) diag.List {
	for _, e := range errs {
		key, ok := strings.CutPrefix(e.Msg, "未知字段 ")
		if !ok || strings.Contains(key, ".") {
			continue
		}
		for _, sec := range []string{SectionDisclosures, SectionNotices, SectionUnits, SectionReports, SectionCases} {
			if sec != p.Section && fieldsOf[sec][key] && !fieldsOf[p.Section][key] {
				e.Hint = fmt.Sprintf("%s 是%s的字段：这篇如果是%s，请把文件移到 content/%s/ 下；否则删掉这一行。", key, sectionTitles[sec], sectionTitles[sec], sec)
				break
			}
		}
	}
	return errs
}
