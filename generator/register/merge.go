package register

import (
	"encoding/binary"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/digest"
	"gongkai/generator/tomlpos"
)

// Merged is content/ with the register's units merged in.
type Merged struct {
	Site *content.Site
	// Cells are the spreadsheet cells behind each unit page that has a
	// row, for the personal-data guard.
	Cells map[*content.Page][]Cell
	// Files maps each unit page made here to the page of its Markdown
	// file as read, or to nil for a unit that has only a row.
	Files map[*content.Page]*content.Page
}

// Merge makes one unit page per unit: a row alone becomes a page of its
// own (units/ID, no body), a row with a Markdown file of the same name
// becomes that page with the row's fields under its front matter. The
// pages of cs are not changed (the parse cache keeps them as read): a
// merged unit is a copy. Conflicting values are warnings naming both
// places; references the rows make (parents) are checked here.
func Merge(cfg *config.Config, reg *Register, cs *content.Site) (*Merged, diag.List) {
	out := &Merged{Site: cs, Cells: map[*content.Page][]Cell{}, Files: map[*content.Page]*content.Page{}}
	if len(reg.Rows) == 0 {
		return out, nil
	}
	var errs diag.List
	files := map[string]*content.Page{}
	for _, p := range cs.Pages {
		if p.Unit != nil && !p.IsIndex {
			files[p.Name] = p
		}
	}
	// Every unit's id and name, for parents written either way.
	ids := map[string]bool{}
	byName := map[string][]string{}
	for id, p := range files {
		ids[id] = true
		byName[p.Title] = append(byName[p.Title], id)
	}
	for _, u := range reg.Rows {
		if !ids[u.ID] && u.Name != "" {
			byName[u.Name] = append(byName[u.Name], u.ID)
		}
		ids[u.ID] = true
	}
	site := *cs
	site.Pages = slices.Clone(cs.Pages)
	index := map[*content.Page]int{}
	for i, p := range site.Pages {
		index[p] = i
	}
	suggestions := 20
	buf := make([]byte, 0, 1024) // reused by every row's hash
	for _, u := range reg.Rows {
		errs = append(errs, u.resolveParent(ids, byName, &suggestions)...)
		f := files[u.ID]
		if f == nil && u.Name == "" {
			c := u.Cells[0]
			errs.Add(diag.Errorf(c.Pos(), "先在单位名册中登记这个单位，或在 content/units/ 下为它建立文件。", "%s：单位编号 %s 不在单位名册中，也没有单位文件", c.Where(), u.ID))
			continue
		}
		if f == nil && u.Unit.Kind == "" {
			errs.Add(diag.Errorf(u.At, "填上单位类型，如“企业基层工会”。", "%s：单位 %s（%s）缺少单位类型", u.AtText(), u.ID, u.Name))
			u.Unit.Kind = cfg.UnitKinds[0].ID // the build stops; spare later stages a second message
		}
		var h uint64
		h, buf = u.hash(buf)
		if f == nil {
			unit := u.Unit
			p := &content.Page{
				File: u.At.File, Rel: content.SectionUnits + "/" + u.ID + ".md", Section: content.SectionUnits,
				Name: u.ID, Meta: content.Meta{Title: u.Name}, Unit: &unit, Hash: h,
			}
			site.Pages = append(site.Pages, p)
			out.Cells[p] = u.Cells
			out.Files[p] = nil
			continue
		}
		p, e := mergeFile(f, u)
		errs = append(errs, e...)
		p.Hash = digest.Sum(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, f.Hash), h))
		site.Pages[index[f]] = p
		out.Cells[p] = u.Cells
		out.Files[p] = f
	}
	slices.SortFunc(site.Pages, func(a, b *content.Page) int { return strings.Compare(a.Rel, b.Rel) })
	out.Site = &site
	return out, errs
}

// resolveParent turns the parent cell (an id or a unit's full name) into
// an id.
func (u *Row) resolveParent(ids map[string]bool, byName map[string][]string, budget *int) diag.List {
	c := u.parentCell
	if c == nil {
		return nil
	}
	switch named := byName[c.Text]; {
	case ids[c.Text]:
		u.Unit.Parent = c.Text
	case len(named) == 1:
		u.Unit.Parent = named[0]
	case len(named) > 1:
		return diag.List{diag.Errorf(c.Pos(), "写上级工会的单位编号（"+strings.Join(named, "、")+"）来区分。", "%s：上级工会“%s”有同名的单位", c.Where(), c.Text)}
	case c.Text == u.ID || c.Text == u.Name:
		return diag.List{diag.Errorf(c.Pos(), "删除这一格，或改为上级工会的编号或名称。", "%s：单位不能以自己为上级", c.Where())}
	default:
		hint := "上级工会写单位编号或名册中的全称；先登记上级单位。"
		if s := suggestUnit(c.Text, ids, byName, budget); s != "" {
			hint = "是不是指 " + s + "？" + hint
		}
		return diag.List{diag.Errorf(c.Pos(), hint, "%s：上级工会“%s”不存在", c.Where(), c.Text)}
	}
	return nil
}

// suggestUnit names the unit closest to ref. Comparing with every unit
// costs a lot at 50,000 units, so the first 20 unknown parents of a build
// get a suggestion and the rest only the error.
func suggestUnit(ref string, ids map[string]bool, byName map[string][]string, budget *int) string {
	if *budget--; *budget < 0 {
		return ""
	}
	all := make([]string, 0, len(ids)+len(byName))
	for id := range ids {
		all = append(all, id)
	}
	for n := range byName {
		all = append(all, n)
	}
	slices.Sort(all)
	if s := diag.Suggest(ref, all, 1); len(s) > 0 {
		return s[0]
	}
	return ""
}

// hash identifies what the rows say of the unit: a changed cell changes
// the unit page's key and, through it, every page that shows the unit.
func (u *Row) hash(b []byte) (uint64, []byte) {
	b = b[:0]
	add := func(s string) {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	add(u.Name)
	add(u.Unit.Parent)
	for _, c := range u.Cells {
		add(c.Field)
		add(c.Year)
		add(c.Text)
	}
	return digest.Sum(b), b
}

// mergeFile lays a unit file's front matter over its row, field by field.
func mergeFile(f *content.Page, u *Row) (*content.Page, diag.List) {
	var errs diag.List
	var front map[string]any
	if tomlpos.TooDeep(f.Front) {
		return f, nil // reported by content, before parsing
	}
	if _, err := toml.Decode(f.Front, &front); err != nil {
		return f, nil // the front matter's own errors are reported by content
	}
	p := *f
	merged := u.Unit
	merged.Status = map[string]content.UnitStatus{}
	for y, st := range u.Unit.Status {
		merged.Status[y] = st
	}
	cellOf := func(field, year string) *Cell {
		for i := range u.Cells {
			if u.Cells[i].Field == field && u.Cells[i].Year == year {
				return &u.Cells[i]
			}
		}
		return nil
	}
	conflict := func(key, year string, mine, theirs any, c *Cell) {
		if c == nil || reflect.DeepEqual(mine, theirs) {
			return
		}
		label := key
		if fl := fieldByKey[c.Field]; fl != nil {
			label = fl.Label
		}
		label = " 的“" + label + "”"
		if year != "" {
			label = " " + year + " 年" + strings.TrimPrefix(label, " ")
		}
		at := f.Pos(key)
		if year != "" {
			at = f.Pos("status", year, key)
		}
		errs.Add(diag.Warnf(at, "以 Markdown 文件中的值为准；如果表格中的值才对，删除文件中的这一行。",
			"单位 %s%s在 %s 中写的是 %s，在 %s %s中写的是 %s", u.ID, label, f.File, show(theirs), c.Pos().File, c.Where(), show(mine)))
	}
	if _, ok := front["title"]; ok {
		conflict("title", "", u.Name, f.Title, cellOf(keyName, ""))
	} else {
		p.Title = u.Name
	}
	dst := reflect.ValueOf(&merged).Elem()
	src := reflect.ValueOf(f.Unit).Elem()
	for key := range front {
		if key == "status" {
			continue
		}
		i := tagIndex(dst.Type(), key)
		if i < 0 {
			continue // a Meta key
		}
		fieldKey := key
		if wrongType(front[key], dst.Field(i).Kind()) {
			continue // content reports the type error; the value read is no value
		}
		conflict(key, "", dst.Field(i).Interface(), src.Field(i).Interface(), cellOf(fieldKey, ""))
		dst.Field(i).Set(src.Field(i))
	}
	if years, ok := front["status"].(map[string]any); ok {
		for year, v := range years {
			keys, _ := v.(map[string]any)
			st := merged.Status[year]
			sd := reflect.ValueOf(&st).Elem()
			ss := reflect.ValueOf(f.Unit.Status[year])
			for key := range keys {
				i := tagIndex(sd.Type(), key)
				if v, declared := f.Unit.Status[year].Extra[key]; i < 0 && declared {
					conflict(key, year, st.Extra[key], v, cellOf(key, year))
					st.Extra = maps.Clone(st.Extra)
					if st.Extra == nil {
						st.Extra = map[string]any{}
					}
					st.Extra[key] = v
					continue
				}
				if i < 0 {
					continue
				}
				fieldKey := key
				if key == "members" {
					fieldKey = "status_members"
				}
				conflict(key, year, sd.Field(i).Interface(), ss.Field(i).Interface(), cellOf(fieldKey, year))
				sd.Field(i).Set(ss.Field(i))
			}
			merged.Status[year] = st
		}
	}
	p.Unit = &merged
	return &p, errs
}

// tagIndex finds the struct field whose toml tag is key.
func tagIndex(t reflect.Type, key string) int {
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("toml") == key {
			return i
		}
	}
	return -1
}

func show(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return "“是”"
		}
		return "“否”"
	case float64:
		return "“" + formatShare(v) + "”"
	case tomlpos.Date:
		if v.IsZero() {
			return "（空）"
		}
		return "“" + dateText(v) + "”"
	case []string:
		return "“" + joinList(v) + "”"
	}
	return fmt.Sprintf("“%v”", v)
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func formatShare(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func joinList(s []string) string { return strings.Join(s, "、") }

// wrongType tells whether a front-matter value cannot be a field of the
// given kind (employees = "1,350" for a number): content reports that as
// an error, and the zero value it leaves is not what the author wrote.
func wrongType(v any, k reflect.Kind) bool {
	switch v.(type) {
	case string:
		return k >= reflect.Bool && k <= reflect.Float64
	case int64, float64:
		return k == reflect.String || k == reflect.Bool
	case bool:
		return k != reflect.Bool
	}
	return false
}
