// Package site is the whole portal indexed before any rendering: every
// output page with its URL, sections and their paginated lists, the unit
// tree and disclosures, and link resolution between pages. Rendering needs
// every page's URL, so nothing is rendered until Index has run.
package site

import (
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/markdown"
	"gongkai/generator/portal"
)

// Options choose which pages are published.
type Options struct {
	Drafts  bool      // publish drafts
	Future  bool      // publish pages whose publish_date is after Now
	Expired bool      // publish pages whose expiry_date is before Now
	Now     time.Time // the build's clock; config's build_date overrides it
}

// Kinds of output page; each has a template of the same name.
const (
	KindHome       = "home"
	KindSection    = "section"
	KindNotice     = "notice"
	KindReport     = "report"
	KindCase       = "case"
	KindDisclosure = "disclosure"
	KindUnit       = "unit"
	KindPage       = "page"
	// KindOrganization is a plain page with [organization]: 机构概况.
	KindOrganization = "organization"
	KindUnits        = "units"
	KindDistrict     = "district"
	KindDistricts    = "districts"
	Kind404          = "404"
	KindSiteMap      = "sitemap"
	KindSearch       = "search"
	KindWithdrawn    = "withdrawn" // a notice at the URL of a disclosure taken down
	KindSubscribe    = "subscribe" // how to follow a unit's feed
	// The plan's progress pages (their views are in generator/view/plan.go).
	KindProgress = "progress" // /progress/: every target, citywide
	KindTarget   = "target"   // /progress/ID/: one target per district
	KindTimeline = "timeline" // /timeline/: the phases and their dated pages
	KindShowcase = "showcase" // /showcase/ and its filters by award and district
	KindModel    = "model"    // /showcase/UNIT/: one model unit
	KindTags     = "tags"     // every tag with its count
	KindTag      = "tag"      // the pages of one tag
)

// SiteMapURL is the address of the HTML site map (网站地图) for readers;
// /sitemap.xml is the one for search engines.
const SiteMapURL = "/sitemap/"

// LiveAhead is how many days ahead the home page's 正在公示 looks: the
// items starting within it are in the page, shown by the browser on their
// first day, so a page built today stays true for that long.
const LiveAhead = 30

// Site is the indexed portal.
type Site struct {
	Config      *config.Config
	Today       time.Time
	Pages       []*Page          // every HTML page to write, content pages first
	ByURL       map[string]*Page // site path → page
	Sections    []*Section
	Tree        *portal.Tree
	Disclosures []*portal.Disclosure
	Total       *portal.Aggregate
	Years       []string
	Files       []File            // attachments and static files to copy
	Aliases     map[string]string // alias path → target path
	Menu        []config.MenuItem
	Withdrawn   []*Withdrawal   // disclosures past their category's retention, in path order
	Active      []*Page         // disclosures in their 公示期 today, newest first, then those starting within LiveAhead days
	Models      []*portal.Model // the showcase's model units
	// Vetoes are 一票否决 per target once the plan's 考核 date has come;
	// nil before it.
	Vetoes []portal.Veto
	// Plans are the portal's plans, oldest first: the current one (its
	// pages at /progress/ and /timeline/) and the others, each whole
	// under /plans/ID/. A portal with one plan has one.
	Plans []*Plan

	bySource map[string]*Page // content rel path → page
	files    map[string]bool  // URL paths of copied files
	feeds    map[string]bool  // URL paths of the feeds build writes
	unitPage map[*portal.Unit]*Page
	listErrs diag.List
}

// File is a non-Markdown file copied into the output.
type File struct {
	Src string // path inside the site's fs: "content/notices/b/表格.xlsx"
	URL string // site path: "/notices/b/表格.xlsx"
}

// Page is one HTML page of the output.
type Page struct {
	Kind    string
	URL     string // site path, "/notices/plan/"
	Title   string
	Source  *content.Page // nil for generated pages
	Section *Section
	Date    time.Time
	Crumbs  []Crumb
	// TrailKey is the same for pages whose breadcrumbs differ only in the
	// current page, so the trail renders once for all of them.
	TrailKey string
	Feed     string // site path of the page's Atom feed, if it has one

	Unit       *portal.Unit
	Disclosure *portal.Disclosure
	District   *config.District
	Category   *config.Category
	Year       string
	Units      []*portal.Unit // a district's units, by tier and name
	Items      []*Page        // a list page's items on this page
	ListURL    string         // a list page's first page: the same for all its pages
	Pager      *Pager
	Filters    []Filter // links to the other filters of a list
	Withdrawal *Withdrawal
	Of         *Page          // the page a 订阅 page is about
	Target     *config.Target // a target's progress page
	Plan       *Plan          // the plan of a progress, target or timeline page
	Model      *portal.Model  // a model unit's showcase page
	Award      string         // a showcase filter's award kind
	Tag        string

	// Set while rendering.
	Attachments []Attachment
	Content     template.HTML
	TOC         []markdown.Heading
	Summary     string
	Truncated   bool
}

// Attachment is an entry of a notice's 附件说明: a file to download, or a
// Markdown document of the bundle rendered after the signature.
type Attachment struct {
	Title   string
	URL     string        // download link, if the attachment is a file
	ID      string        // anchor of a rendered attachment
	Content template.HTML // a rendered Markdown attachment
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Title string
	URL   string
}

// Filter is a link to a filtered list (a year, a category).
type Filter struct {
	Name    string
	URL     string
	Count   int
	Current bool
}

// Section is a top-level directory of content with its list pages.
type Section struct {
	ID    string // "notices"
	Title string // "通知公告"
	URL   string
	Intro *content.Page // its _index.md, if any
	Pages []*Page       // newest first
	Feed  string
}

// sectionTitles names the sections the portal knows; an _index.md title
// overrides them.
var sectionTitles = map[string]string{
	content.SectionNotices:     "通知公告",
	content.SectionReports:     "工作通报",
	content.SectionCases:       "典型案例",
	content.SectionDisclosures: "会务公开",
	content.SectionUnits:       "工会组织",
}

var sectionOrder = []string{content.SectionNotices, content.SectionDisclosures, content.SectionUnits, content.SectionReports, content.SectionCases}

var sectionKinds = map[string]string{
	content.SectionNotices:     KindNotice,
	content.SectionReports:     KindReport,
	content.SectionCases:       KindCase,
	content.SectionDisclosures: KindDisclosure,
	content.SectionUnits:       KindUnit,
}

// Published reports whether a page reaches the output under opts on the day
// now.
func Published(p *content.Page, loc *time.Location, now time.Time, opts Options) bool {
	if p.Draft && !opts.Drafts {
		return false
	}
	if !p.PublishDate.IsZero() && p.PublishDate.In(loc).After(now) && !opts.Future {
		return false
	}
	if !p.ExpiryDate.IsZero() && !p.ExpiryDate.In(loc).After(now) && !opts.Expired {
		return false
	}
	return true
}

// Index builds the site from parsed content. It reports every broken
// reference and URL collision it finds.
func Index(cfg *config.Config, cs *content.Site, opts Options) (*Site, diag.List) {
	var errs diag.List
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	now := opts.Now
	if !cfg.BuildDate.IsZero() {
		now = cfg.BuildDate.In(cfg.Location)
	}
	s := &Site{
		Config:   cfg,
		Today:    cfg.Today(now),
		ByURL:    make(map[string]*Page, len(cs.Pages)*5/4),
		Aliases:  map[string]string{},
		bySource: make(map[string]*Page, len(cs.Pages)),
		files:    map[string]bool{},
		feeds:    map[string]bool{"/atom.xml": true, "/sitemap.xml": true, "/robots.txt": true},
		unitPage: map[*portal.Unit]*Page{},
		Years:    portal.Years(cfg),
		Plans:    plans(cfg),
	}
	var pages []*content.Page
	for _, p := range cs.Pages {
		if Published(p, cfg.Location, now, opts) {
			pages = append(pages, p)
		}
	}
	// Newest first from the start: the lists made from pages (sections,
	// a unit's disclosures) are then sorted already, which their sorts
	// notice in one pass.
	portal.SortPages(pages)
	errs = append(errs, portal.CheckTargets(cfg)...)
	errs = append(errs, portal.CheckReports(cfg, pages)...)
	tree, e := portal.BuildTree(cfg, pages)
	errs = append(errs, e...)
	s.Tree = tree
	s.Disclosures, e = portal.LinkDisclosures(cfg, tree, pages)
	errs = append(errs, e...)
	if !opts.Expired {
		pages = s.withdraw(pages)
	}
	errs = append(errs, portal.LinkCases(tree, pages)...)
	portal.LinkIssued(tree, pages)
	errs = append(errs, portal.CheckApplicable(cfg, tree)...)
	errs = append(errs, portal.CheckCompleteness(cfg, portal.Gaps(cfg, tree, s.Today))...)
	s.Models = portal.Models(cfg, tree)
	// Marks and aggregates are only read by templates: work them out while
	// the pages and lists are made.
	evaluated := make(chan *portal.Aggregate, 1)
	go func() { evaluated <- tree.Evaluate(cfg) }()
	disclosureOf := make(map[*content.Page]*portal.Disclosure, len(s.Disclosures))
	for _, d := range s.Disclosures {
		disclosureOf[d.Page] = d
	}

	home := &Page{Kind: KindHome, URL: "/", Title: cfg.Title}
	sections := map[string]*Section{}
	sectionOf := func(id string) *Section {
		if sec := sections[id]; sec != nil {
			return sec
		}
		title := sectionTitles[id]
		if title == "" {
			title = id
		}
		sec := &Section{ID: id, Title: title, URL: "/" + id + "/", Feed: "/" + id + "/atom.xml"}
		sections[id] = sec
		return sec
	}
	for _, id := range sectionOrder {
		sectionOf(id)
	}

	// Content pages.
	for _, cp := range pages {
		if cp.IsIndex {
			if cp.Name == "" {
				home.Source = cp
				if cp.Title != "" {
					home.Title = cp.Title
				}
			} else if cp.Section != "" && !strings.Contains(strings.TrimSuffix(cp.Rel, "/_index.md"), "/") {
				sec := sectionOf(cp.Section)
				sec.Intro = cp
				sec.Title = cp.Title
			}
			continue
		}
		p := &Page{Source: cp, Title: cp.Title, Date: cp.Date.In(cfg.Location)}
		p.Kind = sectionKinds[cp.Section]
		if p.Kind == "" {
			p.Kind = KindPage
			if cp.Organization != nil {
				p.Kind = KindOrganization
			}
		}
		if cp.Section != "" {
			p.Section = sectionOf(cp.Section)
			p.Section.Pages = append(p.Section.Pages, p)
		}
		u, err := pageURL(cp)
		if err != nil {
			errs.Add(err)
			continue
		}
		p.URL = u
		s.bySource[cp.Rel] = p
		if cp.Unit != nil {
			p.Unit = tree.Unit(cp.Name)
			if p.Unit != nil {
				s.unitPage[p.Unit] = p
				p.Feed = p.URL + "atom.xml"
				s.feeds[p.Feed] = true
			}
		}
		p.Disclosure = disclosureOf[cp]
		errs.Add(s.add(p))
		for _, a := range cp.Aliases {
			ap, err := aliasURL(cp, a)
			if err != nil {
				errs.Add(err)
				continue
			}
			if other, ok := s.ByURL[ap]; ok {
				errs.Add(diag.Errorf(cp.Pos("aliases"), "换一个别名，或删除它。", "别名 %s 与%s的网址冲突", ap, describe(other)))
				continue
			}
			if prev, ok := s.Aliases[ap]; ok {
				errs.Add(diag.Errorf(cp.Pos("aliases"), "别名不能重复。", "别名 %s 已被 %s 使用", ap, prev))
				continue
			}
			s.Aliases[ap] = p.URL
		}
		for _, r := range cp.Resources {
			s.addFile(content.Dir+"/"+r, resourceURL(p, cp, r))
		}
	}
	for _, f := range cs.Files {
		s.addFile(content.Dir+"/"+f, "/"+f)
	}
	for _, f := range cs.Static {
		s.addFile(content.StaticDir+"/"+f, "/"+f)
	}

	for _, sec := range sections {
		slices.SortFunc(sec.Pages, comparePages)
		if len(sec.Pages) > 0 && sec.ID != content.SectionUnits {
			s.feeds[sec.Feed] = true
		}
	}
	for _, id := range sectionOrder {
		s.Sections = append(s.Sections, sections[id])
	}
	var extra []string
	for id := range sections {
		if !slices.Contains(sectionOrder, id) {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		s.Sections = append(s.Sections, sections[id])
	}

	// A 订阅 page per feed: what it is and how to follow it (feeds
	// are for readers' apps; browsers no longer style them).
	errs.Add(s.add(&Page{Kind: KindSubscribe, URL: SubscribeURL("/atom.xml"), Title: "订阅本站更新", Of: &Page{Kind: KindHome, Title: cfg.Title, URL: "/"}, Feed: "/atom.xml"}))
	for _, sec := range s.Sections {
		if sec.ID != content.SectionUnits && s.feeds[sec.Feed] {
			errs.Add(s.add(&Page{Kind: KindSubscribe, URL: SubscribeURL(sec.Feed), Title: "订阅“" + sec.Title + "”栏目", Of: &Page{Title: sec.Title, URL: sec.URL}, Feed: sec.Feed}))
		}
	}
	for _, u := range tree.Units {
		if up := s.unitPage[u]; up != nil && up.Feed != "" {
			errs.Add(s.add(&Page{Kind: KindSubscribe, URL: SubscribeURL(up.Feed), Title: "订阅" + up.Title + "的公开信息", Of: up, Feed: up.Feed}))
		}
	}
	for _, w := range s.Withdrawn {
		u, err := pageURL(w.Disclosure.Page)
		if err != nil {
			errs.Add(err)
			continue
		}
		errs.Add(s.add(&Page{Kind: KindWithdrawn, URL: u, Title: "公示已撤下", Withdrawal: w}))
	}
	errs.Add(s.add(home))
	s.lists(home)
	errs = append(errs, s.listErrs...)
	// An alias may name a URL that a page declared later, or a generated
	// list, now owns.
	for a, target := range s.Aliases {
		if other, ok := s.ByURL[a]; ok {
			owner := s.ByURL[target]
			errs.Add(diag.Errorf(owner.Source.Pos("aliases"), "换一个别名，或删除它。", "别名 %s 与%s的网址冲突", a, describe(other)))
		}
	}
	errs = append(errs, s.caseCollisions()...)
	errs = append(errs, s.docNumberCollisions()...)
	// The home page's 正在公示 is refreshed in the reader's browser from the
	// dates in the page, so it also carries what starts within LiveAhead:
	// those follow the ones running today.
	soon := s.Today.AddDate(0, 0, LiveAhead)
	var upcoming []*Page
	for _, d := range s.Disclosures {
		p := s.bySource[d.Page.Rel]
		if p == nil {
			continue
		}
		switch st := d.Status(s.Today); {
		case st == portal.StatusActive:
			s.Active = append(s.Active, p)
		case st == portal.StatusNotStarted && !d.Start.After(soon):
			upcoming = append(upcoming, p)
		}
	}
	s.Active = append(s.Active, upcoming...)
	errs.Add(s.add(&Page{Kind: Kind404, URL: "/404.html", Title: "页面不存在"}))
	errs.Add(s.add(&Page{Kind: KindSiteMap, URL: SiteMapURL, Title: "网站地图"}))
	errs.Add(s.add(&Page{Kind: KindSearch, URL: "/search/", Title: "全站搜索"}))
	for _, p := range s.Pages {
		p.Crumbs = s.crumbs(p)
		p.TrailKey = trailKey(p.Crumbs)
	}
	if cfg.Favicon != "" && !s.files[cfg.Favicon] {
		errs.Add(diag.Errorf(cfg.Pos("favicon"), "把图标文件放进 static/（如 static/images/hui.png 对应 favicon = \"/images/hui.png\"），或删掉这一行用主题自带的图标。", "favicon 指向的文件 %s 不存在", cfg.Favicon))
	}
	s.Menu = cfg.Menu
	for i, m := range cfg.Menu {
		if _, ok := s.sitePath(m.URL); strings.HasPrefix(m.URL, "/") && !ok {
			errs.Add(diag.Errorf(cfg.Pos("menu", strconv.Itoa(i), "url"), "改成站内已有页面的网址（以 / 开头和结尾），或写完整的外部网址。", "导航菜单“%s”的网址 %s 指向的页面不存在", m.Name, m.URL))
		}
	}
	if len(s.Menu) == 0 {
		s.Menu = append(s.Menu, config.MenuItem{Name: "首页", URL: "/"})
		for _, sec := range s.Sections {
			if len(sec.Pages) > 0 {
				s.Menu = append(s.Menu, config.MenuItem{Name: sec.Title, URL: sec.URL})
			}
		}
		s.Menu = append(s.Menu, config.MenuItem{Name: "各地工会", URL: "/districts/"})
		if len(cfg.Targets) > 0 {
			s.Menu = append(s.Menu, config.MenuItem{Name: ProgressTitle, URL: "/progress/"})
		}
		if len(cfg.Phases) > 0 {
			s.Menu = append(s.Menu, config.MenuItem{Name: TimelineTitle, URL: "/timeline/"})
		}
		if len(s.Models) > 0 {
			s.Menu = append(s.Menu, config.MenuItem{Name: ShowcaseTitle, URL: "/showcase/"})
		}
	}
	s.Total = <-evaluated
	s.Vetoes = tree.Vetoes(cfg, s.Today)
	for _, pl := range s.Plans {
		if pl.Current {
			pl.Vetoes = s.Vetoes
		} else {
			pl.Vetoes = tree.Vetoes(pl.Config, s.Today)
		}
	}
	// A notice names the model units of the plan of its year: a later
	// plan's veto does not strike them.
	byPlan := map[*Plan][]*content.Page{}
	for _, p := range pages {
		if p.Notice == nil || len(p.Notice.ModelUnits) == 0 {
			continue
		}
		y := strconv.Itoa(p.Date.In(cfg.Location).Year())
		pl := s.Plans[cfg.Current]
		if i := cfg.PlanOfYear(y); i >= 0 {
			pl = s.Plans[i]
		} else if all := cfg.AllYears(); len(all) == 0 || y < all[0] {
			continue // before every plan of the portal: none judges it
		}
		byPlan[pl] = append(byPlan[pl], p)
	}
	for _, pl := range s.Plans {
		errs = append(errs, portal.CheckModels(pl.Config, tree, byPlan[pl], pl.Vetoes)...)
	}
	return s, errs
}

func comparePages(a, b *Page) int {
	if a.Source != nil && b.Source != nil {
		return portal.ComparePages(a.Source, b.Source)
	}
	return b.Date.Compare(a.Date)
}

// caseCollisions refuses URLs that differ only by letter case (a slug
// "Plan" beside a file plan.md): they are one folder on Windows, macOS
// and case-insensitive servers, so one page would replace the other.
// Tags are merged by case in tags() and reported there.
func (s *Site) caseCollisions() diag.List {
	var errs diag.List
	seen := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		key := strings.ToLower(p.URL)
		other, ok := seen[key]
		if !ok {
			seen[key] = p
			continue
		}
		if other.URL == p.URL {
			continue // the same URL is add's to report
		}
		pos := diag.Position{File: "(生成的页面)"}
		if p.Source != nil {
			pos = p.Source.Pos("slug")
		}
		errs.Add(diag.Errorf(pos, "改文件名或 slug，让两个网址不只是大小写不同。",
			"网址 %s 与%s的网址 %s 只差大小写：在 Windows、macOS 和不区分大小写的服务器上是同一个文件夹，其中一个页面会丢失", p.URL, describe(other), other.URL))
	}
	return errs
}

// docNumberCollisions refuses a 发文字号 used by two notices: the number
// names the issuer (its 机关代字) and the year, and a document is cited
// by it. Brackets and digits are compared as read (〔2026〕 = [2026]).
func (s *Site) docNumberCollisions() diag.List {
	var errs diag.List
	first := map[string]*Page{}
	for _, p := range s.Pages {
		if p.Source == nil || p.Source.Notice == nil || p.Source.IsIndex {
			continue
		}
		key := docNumberKey(p.Source.Notice.DocNumber)
		if key == "" {
			continue
		}
		other, ok := first[key]
		if !ok {
			first[key] = p
			continue
		}
		if other.Source == p.Source {
			continue // one file, several pages (pagination)
		}
		errs.Add(diag.Errorf(p.Source.Pos("doc_number"), "每个发文字号只能用一次：改正这份通知的序号，或删去重复的通知。",
			"发文字号 %s 与 %s 重复", strings.TrimSpace(p.Source.Notice.DocNumber), other.Source.File))
	}
	return errs
}

var docNumberFold = strings.NewReplacer("[", "〔", "［", "〔", "(", "〔", "（", "〔", "【", "〔", "]", "〕", "］", "〕", ")", "〕", "）", "〕", "】", "〕", " ", "", "\u3000", "")

// docNumberKey is a 发文字号 as compared: brackets, full-width digits and
// spaces folded.
func docNumberKey(n string) string {
	n = docNumberFold.Replace(strings.TrimSpace(n))
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, n)
}

// add registers a page under its URL, reporting a collision.
func (s *Site) add(p *Page) *diag.Error {
	if other, ok := s.ByURL[p.URL]; ok {
		pos := diag.Position{File: "(生成的页面)"}
		if p.Source != nil {
			pos = p.Source.Pos("slug")
		}
		return diag.Errorf(pos, "改文件名或设置不同的 slug，让两个页面的网址不同。", "网址 %s 已被%s使用", p.URL, describe(other))
	}
	s.ByURL[p.URL] = p
	s.Pages = append(s.Pages, p)
	return nil
}

func (s *Site) addFile(src, url string) {
	s.Files = append(s.Files, File{Src: src, URL: url})
	s.files[url] = true
}

func describe(p *Page) string {
	if p.Source != nil {
		return "页面 " + p.Source.File + " "
	}
	return "自动生成的页面“" + p.Title + "”"
}

// UnitPage returns the page of unit u, or nil.
func (s *Site) UnitPage(u *portal.Unit) *Page { return s.unitPage[u] }

// PageFor returns the page made from a content file (slash path inside
// content/), or nil.
func (s *Site) PageFor(rel string) *Page { return s.bySource[rel] }

// Section returns the section with id, or nil.
func (s *Site) Section(id string) *Section {
	for _, sec := range s.Sections {
		if sec.ID == id {
			return sec
		}
	}
	return nil
}

// trailKey identifies the linked part of a breadcrumb trail (all but the
// current page): the URLs, each of which has one title in a build.
func trailKey(c []Crumb) string {
	var b strings.Builder
	for _, c := range c {
		if c.URL != "" {
			b.WriteString(c.URL)
			b.WriteByte(0)
		}
	}
	return b.String()
}

func (s *Site) crumbs(p *Page) []Crumb {
	if p.Kind == KindHome {
		return nil
	}
	if p.Of != nil && p.Of.Kind != KindHome {
		c := s.crumbs(p.Of)
		c[len(c)-1].URL = p.Of.URL
		return append(c, Crumb{p.Title, ""})
	}
	c := []Crumb{{"首页", "/"}}
	if p.Section != nil && p.URL != p.Section.URL {
		c = append(c, Crumb{p.Section.Title, p.Section.URL})
	}
	switch {
	case p.Kind == KindTarget && p.Plan != nil:
		c = append(c, Crumb{ProgressTitle + planSuffix(p.Plan), p.Plan.ProgressURL()})
	case p.Kind == KindTarget:
		c = append(c, Crumb{ProgressTitle, "/progress/"})
	case p.Kind == KindModel || p.Kind == KindShowcase && p.URL != "/showcase/":
		c = append(c, Crumb{ShowcaseTitle, "/showcase/"})
	}
	if p.Unit != nil {
		for _, a := range p.Unit.Ancestors() {
			if ap := s.unitPage[a]; ap != nil {
				c = append(c, Crumb{ap.Title, ap.URL})
			}
		}
	}
	if p.Disclosure != nil && p.Disclosure.Unit != nil {
		if up := s.unitPage[p.Disclosure.Unit]; up != nil {
			c = append(c, Crumb{up.Title, up.URL})
		}
	}
	if p.Kind == KindDistrict {
		c = append(c, Crumb{"各地工会", "/districts/"})
	}
	if p.Kind == KindTag {
		c = append(c, Crumb{"标签", "/tags/"})
	}
	return append(c, Crumb{p.Title, ""})
}

// pageURL computes a content page's pretty URL from its path or slug.
func pageURL(cp *content.Page) (string, *diag.Error) {
	dir := path.Dir(cp.Rel)
	name := cp.Name
	if cp.BundleDir != "" {
		dir = path.Dir(cp.BundleDir)
	}
	if cp.Slug != "" {
		if bad := unsafePath(cp.Slug); bad != "" || strings.Contains(cp.Slug, "/") {
			return "", diag.Errorf(cp.Pos("slug"), "slug 只写一段名字，不含 /、\\ 或 ..，如 slug = \"2016-plan\"。", "slug %q 无效", cp.Slug)
		}
		name = cp.Slug
	}
	if dir == "." {
		return "/" + name + "/", nil
	}
	return "/" + dir + "/" + name + "/", nil
}

func aliasURL(cp *content.Page, a string) (string, *diag.Error) {
	if bad := unsafePath(a); bad != "" {
		return "", diag.Errorf(cp.Pos("aliases"), "别名写成站内路径，如 \"/old/notice/\"，不含 .. 或 \\。", "别名 %q %s", a, bad)
	}
	a = "/" + strings.Trim(a, "/") + "/"
	if strings.HasSuffix(a, ".html/") {
		a = strings.TrimSuffix(a, "/")
	}
	return a, nil
}

// unsafePath explains why p could escape the output directory, or "".
func unsafePath(p string) string {
	switch {
	case strings.Contains(p, `\`):
		return "含有反斜杠 \\"
	case slices.Contains(strings.Split(p, "/"), ".."):
		return "含有 ..，会跳出网站目录"
	case strings.Contains(p, ":"):
		return "含有冒号"
	}
	return ""
}

func resourceURL(p *Page, cp *content.Page, rel string) string {
	return p.URL + strings.TrimPrefix(rel, cp.BundleDir+"/")
}

// Withdrawal is a disclosure whose category keeps it public for a while
// after its 公示期 (retention_days), and that while is over: it reaches no
// list, feed or sitemap, and its URL shows only that it was taken down.
type Withdrawal struct {
	Disclosure *portal.Disclosure
	Until      time.Time // the last day it was public
}

// withdraw takes the disclosures past their retention out of the site and
// returns the pages left.
func (s *Site) withdraw(pages []*content.Page) []*content.Page {
	gone := map[*content.Page]bool{}
	s.Disclosures = slices.DeleteFunc(s.Disclosures, func(d *portal.Disclosure) bool {
		w, until := d.Withdrawn(s.Today)
		if w {
			gone[d.Page] = true
			s.Withdrawn = append(s.Withdrawn, &Withdrawal{Disclosure: d, Until: until})
			if d.Unit != nil {
				d.Unit.Disclosures = slices.DeleteFunc(d.Unit.Disclosures, func(o *portal.Disclosure) bool { return o == d })
			}
		}
		return w
	})
	if len(gone) == 0 {
		return pages
	}
	slices.SortFunc(s.Withdrawn, func(a, b *Withdrawal) int { return strings.Compare(a.Disclosure.Page.Rel, b.Disclosure.Page.Rel) })
	return slices.DeleteFunc(slices.Clone(pages), func(p *content.Page) bool { return gone[p] })
}

// SubscribeURL is the 订阅 page of a feed: /notices/atom.xml →
// /notices/subscribe/; "" for none.
func SubscribeURL(feed string) string {
	if feed == "" {
		return ""
	}
	return strings.TrimSuffix(feed, "atom.xml") + "subscribe/"
}
