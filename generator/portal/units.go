// Package portal is the domain of the trade-union portal: the tree of union
// units, disclosures and their 公示 status, and the plan's targets computed
// over units' yearly status. It knows nothing of URLs or HTML.
package portal

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// Unit is a union organisation in the tree.
type Unit struct {
	ID       string // file name stem, used in refs: parent = "gusu-zonggonghui"
	Page     *content.Page
	Kind     *config.UnitKind
	District *config.District
	Parent   *Unit
	Children []*Unit
	Depth    int

	Disclosures []*Disclosure     // newest first
	Owed        []Gap             // 会务公开 items it owes, as Gaps found them
	Kept        []Gap             // 会务公开 items it was due to make and made in time (Gap.Made)
	Cases       []*content.Page   // newest first
	Issued      []*content.Page   // notices and reports it issued, newest first
	Subtree     *Aggregate        // over the unit and all its descendants
	Own         map[string][]Mark // year → one mark per target

	pinyin      []byte   // collation key of the name, see setPinyinKeys
	disclosedIn []string // years in which the unit published a disclosure
}

// Name is the unit's full name.
func (u *Unit) Name() string { return u.Page.Title }

// Ancestors returns the chain from the root down to the unit's parent.
func (u *Unit) Ancestors() []*Unit {
	var out []*Unit
	for p := u.Parent; p != nil; p = p.Parent {
		out = append(out, p)
	}
	slices.Reverse(out)
	return out
}

// Tree holds every unit, indexed by ID.
type Tree struct {
	ByID  map[string]*Unit
	Units []*Unit // sorted by tier, then name in pinyin order
	Roots []*Unit
	// Districts holds, after Evaluate, the aggregate of each district's
	// units, in config's order of districts.
	Districts []*Aggregate
}

// Unit returns the unit with id, or nil.
func (t *Tree) Unit(id string) *Unit { return t.ByID[id] }

// IDs returns every unit ID and name, for suggestions.
func (t *Tree) IDs() []string {
	out := make([]string, 0, len(t.Units))
	for _, u := range t.Units {
		out = append(out, u.ID)
	}
	return out
}

// Suggest names up to three existing units close to ref, as "id（名称）".
func (t *Tree) Suggest(ref string) string {
	s := diag.Suggest(ref, t.IDs(), 3)
	if len(s) == 0 {
		for _, u := range t.Units {
			if strings.Contains(u.Name(), ref) || strings.Contains(ref, u.Name()) {
				s = append(s, u.ID)
				if len(s) == 3 {
					break
				}
			}
		}
	}
	for i, id := range s {
		s[i] = fmt.Sprintf("%s（%s）", id, t.ByID[id].Name())
	}
	return strings.Join(s, "、")
}

// unitRefHint tells an author how to fix a reference to a missing unit.
func (t *Tree) unitRefHint(ref string) string {
	if s := t.Suggest(ref); s != "" {
		return "是不是指 " + s + "？单位用 content/units/ 下的文件名（不含 .md）来引用。"
	}
	return "单位用 content/units/ 下的文件名（不含 .md）来引用；先为它建立单位文件。"
}

// BuildTree links units by their parent references and checks kinds and
// districts against config.
func BuildTree(cfg *config.Config, pages []*content.Page) (*Tree, diag.List) {
	var errs diag.List
	t := &Tree{ByID: map[string]*Unit{}}
	years := cfg.AllYears()
	for _, p := range pages {
		if p.Unit == nil {
			continue
		}
		u := &Unit{ID: p.Name, Page: p}
		if prev, dup := t.ByID[u.ID]; dup {
			errs.Add(diag.Errorf(diag.Position{File: p.File, Line: 1}, "给其中一个改名：单位的文件名在 units/ 下必须唯一。",
				"单位标识 %s 与 %s 重复", u.ID, prev.Page.File))
			continue
		}
		t.ByID[u.ID] = u
		t.Units = append(t.Units, u)
		switch {
		case p.Unit.Kind == "":
			if p.Incomplete() {
				break // the front matter's own error comes first
			}
			errs.Add(diag.Errorf(fieldPos(p, "kind"), "加一行 kind = \"enterprise\"，可选值见 config.toml 的 [[unit_kinds]]："+labeled(cfg.UnitKinds, kindID, kindName), "单位缺少类型 kind"))
		case cfg.Kind(p.Unit.Kind) == nil:
			errs.Add(diag.Errorf(fieldPos(p, "kind"), suggestHint(p.Unit.Kind, cfg.KindIDs()), "未知的单位类型 %q", p.Unit.Kind))
		default:
			u.Kind = cfg.Kind(p.Unit.Kind)
		}
		if d := p.Unit.District; d != "" {
			if u.District = cfg.District(d); u.District == nil {
				errs.Add(diag.Errorf(fieldPos(p, "district"), suggestHint(d, cfg.DistrictIDs()), "未知的地区 %q", d))
			}
		}
		for year, st := range p.Unit.Status {
			if !slices.Contains(years, year) {
				errs.Add(diag.Errorf(fieldPos(p, "status", year), "年度要在 config.toml 中某个计划的年份之内（"+strings.Join(years, "、")+"），如 [status."+years[len(years)-1]+"]。", "年度 %q 不在计划的阶段之内", year))
			}
			errs = append(errs, checkExtra(cfg, p, year, st.Extra)...)
			if wh := st.WorkersHome; wh != "" && !slices.Contains(WorkersHomeLevels, wh) {
				errs.Add(diag.Errorf(fieldPos(p, "status", year, "workers_home"), "可选值："+strings.Join(WorkersHomeLevels, "、")+"。", "[status.%s] 的 workers_home 值 %q 无效", year, wh))
			}
		}
	}
	for _, u := range t.Units {
		ref := u.Page.Unit.Parent
		if ref == "" {
			t.Roots = append(t.Roots, u)
			continue
		}
		if ref == u.ID {
			errs.Add(diag.Errorf(fieldPos(u.Page, "parent"), "删除 parent，或改为上级工会的文件名。", "单位不能以自己为上级（parent = %q）", ref))
			continue
		}
		p := t.ByID[ref]
		if p == nil {
			errs.Add(diag.Errorf(fieldPos(u.Page, "parent"), t.unitRefHint(ref), "上级单位 %q 不存在", ref))
			continue
		}
		u.Parent = p
	}
	errs = append(errs, t.checkCycles()...)
	for _, u := range t.Units {
		if u.Parent != nil {
			u.Parent.Children = append(u.Parent.Children, u)
		}
	}
	setPinyinKeys(t.Units)
	byTierName := func(a, b *Unit) int {
		return cmp.Or(cmp.Compare(tier(a), tier(b)), bytes.Compare(a.pinyin, b.pinyin), strings.Compare(a.ID, b.ID))
	}
	slices.SortFunc(t.Units, byTierName)
	slices.SortFunc(t.Roots, byTierName)
	for _, u := range t.Units {
		slices.SortFunc(u.Children, byTierName)
	}
	var setDepth func(u *Unit, d int)
	setDepth = func(u *Unit, d int) {
		u.Depth = d
		for _, c := range u.Children {
			setDepth(c, d+1)
		}
	}
	for _, r := range t.Roots {
		setDepth(r, 0)
	}
	return t, errs
}

// checkCycles reports each cycle once, at its alphabetically first unit,
// and breaks it so later stages see a tree.
func (t *Tree) checkCycles() diag.List {
	var errs diag.List
	state := map[*Unit]int{} // 1 visiting, 2 done
	for _, u := range t.Units {
		var path []*Unit
		for v := u; v != nil && state[v] != 2; v = v.Parent {
			if state[v] == 1 {
				i := slices.Index(path, v)
				cycle := path[i:]
				names := make([]string, len(cycle))
				for j, c := range cycle {
					names[j] = c.ID
				}
				first := slices.MinFunc(cycle, func(a, b *Unit) int { return strings.Compare(a.ID, b.ID) })
				errs.Add(diag.Errorf(fieldPos(first.Page, "parent"), "检查这些单位的 parent，上下级关系不能绕回自己。",
					"上级关系形成循环：%s → %s", strings.Join(names, " → "), names[0]))
				first.Parent = nil
				t.Roots = append(t.Roots, first)
				break
			}
			state[v] = 1
			path = append(path, v)
		}
		for _, v := range path {
			state[v] = 2
		}
	}
	return errs
}

// setPinyinKeys gives each unit the collation key of its name in CLDR's
// order for Chinese, which is pinyin: 姑苏, 太仓, 吴江, 吴中, as a reader
// looks a name up, not by code point (吴中 before 吴江 before 太仓 before
// 姑苏). Keys are made once, so sorting compares bytes.
func setPinyinKeys(units []*Unit) {
	c := collate.New(language.Chinese)
	var buf collate.Buffer
	for _, u := range units {
		u.pinyin = slices.Clone(c.KeyFromString(&buf, u.Name()))
		buf.Reset()
	}
}

func tier(u *Unit) int {
	if u.Kind == nil {
		return 99
	}
	return u.Kind.Tier
}

// Years lists the current plan's years, e.g. ["2015","2016","2017"].
func Years(cfg *config.Config) []string { return cfg.Years() }

// labeled lists config items as "id（名称）", for hints.
func labeled[T any](items []T, id, name func(T) string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it) + "（" + name(it) + "）"
	}
	return strings.Join(out, "、")
}

func kindID(k config.UnitKind) string       { return k.ID }
func kindName(k config.UnitKind) string     { return k.Name }
func categoryID(c config.Category) string   { return c.ID }
func categoryName(c config.Category) string { return c.Name }

func suggestHint(got string, valid []string) string {
	if s := diag.Suggest(got, valid, 1); len(s) > 0 {
		return "是不是想写 " + s[0] + "？可选值：" + strings.Join(valid, "、")
	}
	return "可选值：" + strings.Join(valid, "、")
}

// fieldPos finds the line of a front matter key in a page, falling back to
// the front matter's first line. Front matter is short, so a scan is cheap.
func fieldPos(p *content.Page, path ...string) diag.Position { return p.Pos(path...) }
