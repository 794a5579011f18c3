package site

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/portal"
)

// Pager is the position of a list page among its siblings.
type Pager struct {
	Number int
	Total  int
	Prev   string
	Next   string
	Pages  []PageLink
}

// window lists the page links a pager shows: the first, the last and two
// on each side of the current one, with a gap (Number 0) between. Listing
// every page would make 3,000 list pages of 3,000 links each.
func window(cur, n int, urlOf func(int) string) []PageLink {
	var out []PageLink
	last := 0
	for j := 1; j <= n; j++ {
		if j != 1 && j != n && (j < cur-2 || j > cur+2) {
			continue
		}
		if j > last+1 {
			out = append(out, PageLink{})
		}
		out = append(out, PageLink{j, urlOf(j), j == cur})
		last = j
	}
	return out
}

// PageLink is a numbered link of a pager; Number 0 marks a gap.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// paginate splits items into list pages under base ("/notices/"), the first
// at base and the rest at base+"page/N/".
func (s *Site) paginate(proto Page, base string, items []*Page) []*Page {
	size := s.Config.PageSize
	n := max(1, (len(items)+size-1)/size)
	urlOf := func(i int) string {
		if i == 1 {
			return base
		}
		return base + "page/" + strconv.Itoa(i) + "/"
	}
	var out []*Page
	for i := 1; i <= n; i++ {
		p := proto
		p.URL = urlOf(i)
		p.ListURL = base
		lo, hi := (i-1)*size, min(i*size, len(items))
		p.Items = items[lo:hi]
		pg := &Pager{Number: i, Total: n}
		if i > 1 {
			p.Source = nil // the section's intro shows on its first page only
			pg.Prev = urlOf(i - 1)
			p.Title = fmt.Sprintf("%s（第%d页）", proto.Title, i)
		}
		if i < n {
			pg.Next = urlOf(i + 1)
		}
		pg.Pages = window(i, n, urlOf)
		p.Pager = pg
		out = append(out, &p)
	}
	return out
}

func (s *Site) addAll(ps []*Page) {
	for _, p := range ps {
		if err := s.add(p); err != nil {
			// A generated page colliding with content: the content wins and
			// the author hears about it.
			if other := s.ByURL[p.URL]; other != nil && other.Source != nil {
				err.Pos.File = other.Source.File
				err.Msg = fmt.Sprintf("页面网址 %s 与自动生成的列表页“%s”冲突", p.URL, p.Title)
			}
			s.listErrs.Add(err)
		}
	}
}

// lists generates every list page: sections (with year filters), disclosure
// categories, the unit directory and districts.
func (s *Site) lists(home *Page) {
	for _, sec := range s.Sections {
		if len(sec.Pages) == 0 && sec.Intro == nil {
			continue
		}
		proto := Page{Kind: KindSection, Title: sec.Title, Section: sec, Feed: sec.Feed}
		if sec.Intro != nil {
			proto.Source = sec.Intro
		}
		if sec.ID == content.SectionUnits {
			proto.Kind = KindUnits
			p := proto
			p.URL = sec.URL
			p.Feed = "" // units have a feed each, the directory none
			p.Items = sec.Pages
			s.addAll([]*Page{&p})
			continue
		}
		years := s.yearFilters(sec)
		cats := s.categoryFilters(sec)
		all := s.paginate(proto, sec.URL, sec.Pages)
		for _, p := range all {
			p.Filters = append(filtersWith(years, ""), filtersWith(cats, "")...)
		}
		s.addAll(all)
		for _, y := range years {
			yp := proto
			yp.Source = nil
			yp.Year = y.Name
			yp.Title = fmt.Sprintf("%s · %s年", sec.Title, y.Name)
			var items []*Page
			for _, p := range sec.Pages {
				if strconv.Itoa(p.Date.Year()) == y.Name {
					items = append(items, p)
				}
			}
			ps := s.paginate(yp, y.URL, items)
			for _, p := range ps {
				p.Filters = append(filtersWith(years, y.URL), filtersWith(cats, "")...)
			}
			s.addAll(ps)
		}
		for _, c := range cats {
			cp := proto
			cp.Source = nil
			cp.Category = s.Config.Category(c.id)
			cp.Title = fmt.Sprintf("%s · %s", sec.Title, c.Name)
			var items []*Page
			for _, p := range sec.Pages {
				if p.Disclosure != nil && p.Disclosure.Category == cp.Category {
					items = append(items, p)
				}
			}
			ps := s.paginate(cp, c.URL, items)
			for _, p := range ps {
				p.Filters = append(filtersWith(years, ""), filtersWith(cats, c.URL)...)
			}
			s.addAll(ps)
		}
	}
	s.districts()
	s.planPages()
	s.tags()
}

// TagURL is the address of a tag's page. Characters that cannot be part
// of one path segment become hyphens.
func TagURL(tag string) string {
	slug := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == '?' || r == '#' || r == '%' || unicode.IsSpace(r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(tag))
	if slug == "" || slug == "." || slug == ".." {
		slug = "-"
	}
	return "/tags/" + slug + "/"
}

// tags makes a page per tag of the content (front matter tags) listing
// its pages newest first, and /tags/ listing every tag.
func (s *Site) tags() {
	// Keyed by the URL in lower case: tags that differ only by case would
	// make two folders that are one on Windows and macOS.
	byURL := map[string]*Page{}
	first := map[*Page]*content.Page{} // the file that named the tag first
	reported := map[string]bool{}
	var order []*Page
	for _, sec := range s.Sections {
		for _, p := range sec.Pages {
			if p.Source == nil {
				continue
			}
			for _, t := range p.Source.Tags {
				u := TagURL(t)
				tp := byURL[strings.ToLower(u)]
				if tp == nil {
					tp = &Page{Kind: KindTag, URL: u, Title: "标签：" + strings.TrimSpace(t), Tag: strings.TrimSpace(t)}
					byURL[strings.ToLower(u)] = tp
					first[tp] = p.Source
					order = append(order, tp)
				} else if tp.URL != u && !reported[p.Source.File+"\x00"+u] {
					reported[p.Source.File+"\x00"+u] = true
					s.listErrs.Add(diag.Errorf(p.Source.Pos("tags"), fmt.Sprintf("统一写成同一种大小写，如都写“%s”。", tp.Tag),
						"标签“%s”与 %s 中的标签“%s”只差大小写：网址在 Windows、macOS 和不区分大小写的服务器上是同一个文件夹", strings.TrimSpace(t), first[tp].File, tp.Tag))
				}
				if len(tp.Items) == 0 || tp.Items[len(tp.Items)-1] != p {
					tp.Items = append(tp.Items, p)
				}
			}
		}
	}
	if len(order) == 0 {
		return
	}
	for _, tp := range order {
		slices.SortStableFunc(tp.Items, comparePages)
	}
	pinyin := collate.New(language.Chinese)
	slices.SortFunc(order, func(a, b *Page) int { return pinyin.CompareString(a.Tag, b.Tag) })
	idx := &Page{Kind: KindTags, URL: "/tags/", Title: "标签", Items: order}
	s.addAll(append([]*Page{idx}, order...))
}

type filter struct {
	Filter
	id string
}

func filtersWith(fs []filter, current string) []Filter {
	out := make([]Filter, len(fs))
	for i, f := range fs {
		out[i] = f.Filter
		out[i].Current = f.URL == current
	}
	return out
}

func (s *Site) yearFilters(sec *Section) []filter {
	counts := map[int]int{}
	for _, p := range sec.Pages {
		counts[p.Date.Year()]++
	}
	var out []filter
	for y := 2100; y >= 1949; y-- {
		if counts[y] > 0 {
			name := strconv.Itoa(y)
			out = append(out, filter{Filter: Filter{Name: name, URL: sec.URL + name + "/", Count: counts[y]}})
		}
	}
	return out
}

func (s *Site) categoryFilters(sec *Section) []filter {
	if sec.ID != content.SectionDisclosures {
		return nil
	}
	counts := map[*config.Category]int{}
	for _, p := range sec.Pages {
		if p.Disclosure != nil && p.Disclosure.Category != nil {
			counts[p.Disclosure.Category]++
		}
	}
	var out []filter
	for i := range s.Config.Categories {
		c := &s.Config.Categories[i]
		out = append(out, filter{Filter: Filter{Name: c.Name, URL: sec.URL + "category/" + c.ID + "/", Count: counts[c]}, id: c.ID})
	}
	return out
}

// District groups the units of one district for its page.
type District struct {
	District *config.District
	Units    []*portal.Unit
}

// districts makes the district pages: each district's units and its ten
// newest disclosures, found in one pass over units and disclosures.
func (s *Site) districts() {
	idx := &Page{Kind: KindDistricts, URL: "/districts/", Title: "各地工会"}
	s.addAll([]*Page{idx})
	byDistrict := map[*config.District]*Page{}
	for i := range s.Config.Districts {
		d := &s.Config.Districts[i]
		p := &Page{Kind: KindDistrict, URL: "/districts/" + d.ID + "/", Title: d.Name + "工会", District: d}
		s.addAll([]*Page{p})
		idx.Items = append(idx.Items, p)
		byDistrict[d] = p
	}
	for _, u := range s.Tree.Units {
		if p := byDistrict[u.District]; p != nil {
			p.Units = append(p.Units, u)
		}
	}
	for _, d := range s.Disclosures { // newest first
		if d.Unit == nil {
			continue
		}
		if p := byDistrict[d.Unit.District]; p != nil && len(p.Items) < 10 {
			if dp := s.bySource[d.Page.Rel]; dp != nil {
				p.Items = append(p.Items, dp)
			}
		}
	}
}
