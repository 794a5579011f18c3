// Package archetype makes the first draft of a new content file: the
// section's archetype (a site's layouts/archetypes/SECTION.md, else the
// default theme's) filled with today's date, the title and the fields the
// site already knows (the next 发文字号, the unit's name, the 公示期).
package archetype

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"gongkai/generator/content"
)

// Dir holds the archetypes inside layouts/.
const Dir = "layouts/archetypes"

// Sections are the kinds of content an archetype exists for, by the
// folder under content/ they go in ("" for pages at the root).
var Sections = []Section{
	{"notices", content.SectionNotices, "通知公告", []string{"notice", "通知", "通知公告", "公文"}},
	{"reports", content.SectionReports, "工作通报", []string{"report", "通报", "工作通报"}},
	{"cases", content.SectionCases, "典型案例", []string{"case", "案例", "典型案例"}},
	{"disclosures", content.SectionDisclosures, "会务公开", []string{"disclosure", "公开", "公示", "会务公开"}},
	{"units", content.SectionUnits, "工会组织", []string{"unit", "单位", "工会", "工会组织"}},
	{"pages", "", "其他页面", []string{"page", "页面"}},
}

// Section is one kind of content.
type Section struct {
	Name    string   // the archetype's name and the word on the command line
	Dir     string   // folder under content/, "" for the root
	Label   string   // what authors call it
	Aliases []string // other words accepted for it
}

// Find returns the section a word names: its name, singular, or Chinese.
func Find(word string) (Section, bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	for _, s := range Sections {
		if s.Name == w || slices.Contains(s.Aliases, w) {
			return s, true
		}
	}
	return Section{}, false
}

// Data is what an archetype may show. Every field is text ready to be
// written into TOML (dates as 2006-01-02); quote makes a TOML string.
type Data struct {
	Title, Date, Year string
	Issuer, DocNumber string // notices

	Unit, UnitName, Category, CategoryName, Categories string // disclosures
	PublicityDays                                      int
	PublicityEnd, DaysKind                             string

	Parent, ParentName, Kind, KindName, Kinds, District, Districts string // units
}

// Render fills the archetype of section. site is the site's directory,
// theme the embedded default theme; a site's own archetype wins.
func Render(site, theme fs.FS, section Section, d Data) ([]byte, error) {
	name := path.Join(Dir, section.Name+".md")
	src, err := fs.ReadFile(site, name)
	if errors.Is(err, fs.ErrNotExist) {
		src, err = fs.ReadFile(theme, name)
	}
	if err != nil {
		return nil, fmt.Errorf("读不到模板 %s：%w", name, err)
	}
	t, err := template.New(name).Funcs(template.FuncMap{"quote": Quote}).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("模板 %s 有误：%w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("模板 %s 有误：%w", name, err)
	}
	return b.Bytes(), nil
}

// Quote writes s as a TOML basic string.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckSlug says what is wrong with a file name an author chose, or "".
func CheckSlug(s string) string {
	if slugRe.MatchString(s) {
		return ""
	}
	low := strings.ToLower(strings.TrimSuffix(s, ".md"))
	low = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			return r
		case r == '-' || r == '_' || r == ' ' || r == '.':
			return '-'
		}
		return -1
	}, low)
	low = strings.Trim(regexp.MustCompile(`-+`).ReplaceAllString(low, "-"), "-")
	msg := fmt.Sprintf("文件名 %q 只能用小写英文字母、数字和连字符 -（它会出现在网址里）", s)
	if low != "" {
		msg += fmt.Sprintf("，如 --slug %s", low)
	}
	return msg
}

// Slug returns the first free name of the form DATE-N (2026-11-25-1) for
// which taken is false.
func Slug(date string, taken func(name string) bool) string {
	for n := 1; ; n++ {
		s := date + "-" + strconv.Itoa(n)
		if !taken(s) {
			return s
		}
	}
}

// docNumberRe reads a 发文字号: 机关代字〔年份〕序号号.
var docNumberRe = regexp.MustCompile(`^(.*)[〔\[［(（](\d{4})[〕\]］)）](\d+)号$`)

// NextDocNumber returns the next free 发文字号 of year among the notices:
// the 机关代字 used most, the highest 序号 of that year plus one. It returns
// "" when no notice has a 发文字号 to follow.
func NextDocNumber(notices []*content.Page, year int) string {
	count := map[string]int{}
	high := map[string]int{}
	for _, p := range notices {
		if p.Notice == nil {
			continue
		}
		m := docNumberRe.FindStringSubmatch(strings.TrimSpace(p.Notice.DocNumber))
		if m == nil {
			continue
		}
		count[m[1]]++
		if y, _ := strconv.Atoi(m[2]); y == year {
			n, _ := strconv.Atoi(m[3])
			high[m[1]] = max(high[m[1]], n)
		}
	}
	prefix := ""
	for p, n := range count {
		if prefix == "" || n > count[prefix] || n == count[prefix] && p < prefix {
			prefix = p
		}
	}
	if prefix == "" {
		return ""
	}
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, high[prefix]+1)
}

// MostUsed returns the value of field used by most pages, "" if none.
func MostUsed(pages []*content.Page, field func(*content.Page) string) string {
	count := map[string]int{}
	best := ""
	for _, p := range pages {
		v := strings.TrimSpace(field(p))
		if v == "" {
			continue
		}
		count[v]++
		if count[v] > count[best] || count[v] == count[best] && v < best {
			best = v
		}
	}
	return best
}
