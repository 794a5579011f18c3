// Package view turns the indexed site into what templates see: for every
// page a plain-data view of its own fields and of the pages it shows (list
// items, parent, children, breadcrumbs, a unit's disclosures, the figures
// it prints). A template reaches nothing else, so the hash of a page's view
// (Sum) is a complete account of what its content can depend on: a page
// whose view, templates, assets and generator are unchanged renders the
// same bytes. The views are the theme's contract; docs/theme.md lists
// their fields.
//
// Views hold no methods and no references into other packages' types: a
// field added to a view is hashed without anyone restating it.
package view

import (
	"html/template"
	"time"
)

// Data is what a page's template receives.
type Data struct {
	Site *Site
	Page *Page
}

// Site is what every page may show of the portal as a whole.
type Site struct {
	Title    string
	Subtitle string
	Language string
	Domain   string   // the host of base_url, for the SiteDomain meta tag; "" when base_url is a path
	Menu     []Link   // the main navigation
	Sections []Link   // sections that have pages, in menu order
	Years    []string // the plan's years, oldest first
	Plan     Plan
	// Plans link every plan's dashboard, oldest first, when the portal
	// has more than one (a plan kept whole beside the current one).
	Plans  []Link
	Footer Footer
	// Interaction lists the 互动交流 entries: 主席信箱, hotlines, calls for
	// opinions kept elsewhere.
	Interaction []Interaction
	// Revisions is the 修订记录 page, when the site keeps one.
	Revisions string
	// Favicon is config's favicon, a site path; "" for the theme's own.
	Favicon string
}

// Plan is the plan the portal follows, as config's [plan] names it.
type Plan struct {
	Name       string    // the full title, without 《》
	ShortName  string    // for running text
	DocNumber  string    // 文号 of the notice that issued it
	Assess     string    // the plan's words on 考核 and 一票否决
	AssessDate time.Time // the 考核 date; zero if the plan has none
	ModelTitle string    // the title of its model units
	Span       string    // its first and last year joined by an em dash; "" without years
	Years      []string  // its years, oldest first
	Current    bool      // the plan the portal follows now (the others are kept whole under /plans/ID/)
	URL        string    // its dashboard: /progress/, or /plans/ID/progress/
	Timeline   string    // its timeline's URL; "" when it has no phases
}

// Footer is the site's imprint.
type Footer struct {
	Sponsor  string // 主办单位
	Address  string
	Contact  string
	ICP      string // ICP备案号
	Police   string // 公安机关备案号
	SiteCode string // 网站标识码
	// ICPURL and PoliceURL link the numbers to their registries
	// (beian.miit.gov.cn; beian.mps.gov.cn, queried by the number's digits).
	ICPURL    string
	PoliceURL string
	About     string // the about page (关于本站, with the contact details), if the site has one
	SiteMap   string // the HTML site map page
	// Organization is the 机构概况 page, if the site has one.
	Organization string
	// Conac links the 党政机关网站标识; ConacImage is its picture (a site
	// path), "" to show the words.
	Conac      string
	ConacImage string
	// Correction is the 纠错 entry: a mailto: address (main.js adds the
	// page's address to the message) or a page.
	Correction template.URL
}

// Interaction is an entry of 互动交流 (config [[interaction]]).
type Interaction struct {
	Title       string
	URL         template.URL // mailto:, tel:, a web address or a site path (with the base path)
	Description string
}

// Link is a titled link to a page of the site.
type Link struct {
	Title string
	URL   string
}

// Page is the view of one output page. Kind names its template; the
// fields of other kinds are nil or empty.
type Page struct {
	Kind  string // home, section, notice, report, case, disclosure, unit, page, units, district, districts, 404
	URL   string
	Title string
	Date  time.Time
	Tags  []Link // front matter tags, each with its page
	Feed  string // the page's Atom feed, if it has one
	// SubscribePage is the page that explains following Feed: feeds are
	// for readers' apps, and browsers no longer show them styled.
	SubscribePage string
	// Column is the 栏目 the page is in (its section's title, 首页 on the
	// home page): the ColumnName meta tag of 《政府网站发展指引》.
	Column string
	// Publisher is the 发布机构 of an article: a notice's or report's
	// issuer, a disclosure's unit, otherwise the site's sponsor.
	Publisher string
	// IndexNo is a notice's 索引号 (front matter index_no), if it has one.
	IndexNo string
	// Organization is a 机构概况 page's leaders, functions and departments.
	Organization *Organization
	// Plan is the plan a progress, target or timeline page shows: the
	// current one (as Site.Plan) or another kept under /plans/ID/.
	Plan *Plan
	// Crumbs is the breadcrumb trail, the current page last (without URL).
	Crumbs []Link
	// TrailKey is the same for pages whose linked crumbs are the same.
	TrailKey string

	// Digest identifies the page's Markdown source and attachments. It
	// stands for the fields made from them (Content, TOC, Summary,
	// Attachments), which are filled in when the page renders.
	Digest      uint64
	Content     template.HTML `view:"-"`
	TOC         []Heading     `view:"-"`
	Summary     string        `view:"-"`
	Attachments []Attachment  `view:"-"`

	Notice     *Notice
	Report     *Report
	Case       *Case
	Disclosure *Disclosure
	Unit       *Unit
	List       *List
	Home       *Home
	Directory  *Directory
	District   *District
	Districts  []DistrictEntry
	SiteMap    []SiteMapGroup
	Withdrawn  *Withdrawn
	Subscribe  *Subscribe
	Progress   *Progress
	Target     *TargetProgress
	Timeline   *Timeline
	Showcase   *Showcase
	Model      *ModelUnit
	Tag        *Tag
	TagIndex   []TagEntry
	// History is the 修订记录 of the page's URL, oldest first: its
	// publication, each change with its reason, its withdrawal.
	History []Revision
	// Revisions is the whole 修订记录, on its own page.
	Revisions *Revisions

	// late is set on views that hold list items: their keys need the
	// items' summaries, known once every page's Markdown is rendered.
	late bool
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Attachment is an entry of a notice's 附件说明.
type Attachment struct {
	Title   string
	URL     string        // download link, if the attachment is a file
	ID      string        // anchor of a rendered Markdown attachment
	Content template.HTML // the rendered Markdown attachment
}

// Notice is a 公文's own fields.
type Notice struct {
	DocNumber   string // 发文字号
	Issuer      string
	Recipients  string // 主送
	CC          string // 抄送
	PrintedBy   string // 印发机关
	PrintedDate time.Time
	Signers     []string  // 签发人 of a 上行文, in order; empty for others
	Note        string    // 附注, in its round brackets: （此件公开发布）
	DocDate     time.Time // 成文日期: front matter doc_date, else the page's date
}

// Report is a 工作通报's own fields.
type Report struct {
	Issuer  string
	Period  string
	Figures []Figure // the targets it reports on, in config order
}

// Figure is a reported value against a target.
type Figure struct {
	Name      string
	Threshold float64
	Value     float64
}

// Case is a 典型案例's own fields.
type Case struct {
	Units []Link // the units it concerns
}

// Disclosure is a 会务公开 item's own fields.
type Disclosure struct {
	Unit      *Link
	Category  *Category
	Contact   string // 监督渠道
	Publicity *Publicity
}

// Category is a disclosure category with its list page.
type Category struct {
	ID          string
	Name        string
	Description string
	URL         string
}

// Publicity is a 公示期 and its status on the day of the build.
type Publicity struct {
	Start       time.Time
	End         time.Time
	Days        int  // how long it runs, in working days when WorkingDays, else calendar days
	WorkingDays bool // Days counts working days
	Status      Status
}

// Status is a 公示 status as the page prints it.
type Status struct {
	Label string // 未开始, 公示中, 已结束
	Class string // upcoming, active, ended
}

// Item is what a list shows of a page. One Item is shared by every list
// that shows the page, and hashed once.
type Item struct {
	memo
	URL       string
	Title     string
	Date      time.Time
	Summary   string
	DocNumber string     // a notice's 发文字号
	Category  string     // a disclosure's category name
	Unit      string     // a disclosure's unit name
	Publicity *Publicity // a disclosure's 公示期, if it has one
}

// Unit is a union organisation's page.
type Unit struct {
	Model       string // 示范单位 title
	Kind        string
	District    *Link
	Parent      *Link
	Established time.Time
	Employees   int
	Members     int
	Chair       string
	Contact     string
	Address     string
	Children    []UnitEntry
	Owed        []Owed // 会务公开 items it has not made in time
	Kept        []Owed // 会务公开 items it was due to make and made in time (with Made)
	Subtree     *Tally // the unit and all its descendants
	Rows        []Row  // its own marks per target over the years; a federation's are its subtree's
	// Earlier holds, for each plan before the current one in whose years
	// the unit reported, its marks by that plan's targets.
	Earlier []PlanRows
	Groups  []Group
	Cases   []*Item
	Issued  []*Item // the notices and reports it issued (its name is their issuer)
}

// UnitEntry is a unit as lists of units show it.
type UnitEntry struct {
	Link
	Kind        string
	Descendants int // units below it
}

// Tally is a set of units' figures against the targets.
type Tally struct {
	Units     int
	Employees int
	Members   int
	Years     []YearTally // the plan's years, oldest first
}

// YearTally is one year's counts, one per target in config order.
type YearTally struct {
	Year   string
	Counts []Count
}

// Count is a target's tally over a set of units in one year.
type Count struct {
	Name       string
	Threshold  float64
	Measure    string // share or mean
	Population int    // units it applies to that reported
	Meeting    int    // of them, units meeting it
	Share      float64
	Met        bool
	Label      string // 达标, 未达标, 进展, 不适用; 参考 for a site's own threshold
	Class      string // met, miss, prog, na
	Counts     string // what the share is made of: "达标 14 / 应统计 15", "达到 45 人 / 应统计 50 人（12 个单位）"
	Reference  bool   // the site's own threshold, not the plan's
}

// Row is one target's marks over the years on a unit's page.
type Row struct {
	Target string
	Cells  []Cell
	Key    string // the same for rows that print the same; "" if not worth caching
}

// Cell is one year's mark.
type Cell struct {
	Year   string
	Class  string // met, miss, na
	Label  string
	Value  string // "85%" for mean targets; a federation's subtree share, "93.3%"
	Counts string // a federation's: "达标 14 / 应统计 15"
}

// Group is a unit's disclosures of one category.
type Group struct {
	Category string
	Items    []*Item
}

// List is a page of a section's list (all, a year, a category).
type List struct {
	Items      []*Item
	Pager      *Pager
	Filters    []Filter
	ListURL    string // the list's first page: the same for all its pages
	SectionURL string
	Year       string
	Category   *Category
}

// Pager is a list page's position among its siblings.
type Pager struct {
	Number int
	Total  int
	Prev   string
	Next   string
	Pages  []PageLink
}

// PageLink is a numbered link of a pager; Number 0 marks a gap.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// Filter is a link to a filtered list.
type Filter struct {
	Name    string
	URL     string
	Count   int
	Current bool
}

// Home is what the home page shows of the site.
type Home struct {
	Notices     []*Item // newest first, at most HomeItems
	Cases       []*Item
	Active      []*Item // disclosures in their 公示期, at most HomeItems
	ActiveCount int
	NoticesURL  string
	CasesURL    string
	Total       *Tally // citywide
	// Current is the year of Total the home page shows: the latest year
	// up to today's with figures (in a five-year plan's second year, not
	// its final year's 不适用); nil when no year has any.
	Current *YearTally
}

// HomeItems is how many items of each kind the home view holds.
const HomeItems = 20

// Directory is every unit in official order: districts in config order
// (the units of no district first), within each by level (unit kinds in
// tier order) and by name in pinyin order.
type Directory struct {
	Count  int
	Groups []DirectoryGroup
	// Full is false when the site has more than DirectoryFull units: the
	// groups of districts then hold counts only, and link their district
	// page, which lists the units.
	Full bool
}

// DirectoryFull is how many units the directory lists on one page: about
// 80 bytes a unit, so some 160 KB of HTML. Above it each district's page
// lists that district's units.
const DirectoryFull = 2000

// DirectoryGroup is a district's units, or those of no district (市级,
// URL empty).
type DirectoryGroup struct {
	Link
	Count  int
	Levels []Level
}

// Level is the units of one kind (级别) in a district, in pinyin order.
type Level struct {
	ID    string // the kind's id, for anchors
	Name  string
	Count int
	Units []UnitEntry // empty in a directory that is not Full
}

// District is a district's page.
type District struct {
	Name   string
	Units  []UnitEntry // by tier, then in pinyin order
	Levels []Level     // the same units by kind
	Items  []*Item     // its newest disclosures
	// Progress is the district's standing on each target, year by year,
	// with its rank among districts.
	Progress []DistrictTarget
	// Earlier is its standing on each other plan's targets, by that
	// plan's years, oldest plan first.
	Earlier []DistrictPlan
	Owed    []Owed // 会务公开 items its units have not made in time
	Kept    int    // how many items its units were due to make and made in time
}

// DistrictPlan is a district's standing on the targets of a plan other
// than the current one.
type DistrictPlan struct {
	Link     // the plan's name and its dashboard under /plans/ID/
	Years    []string
	Progress []DistrictTarget
}

// Owed is a 会务公开 item a unit was due to make (config's required_kinds,
// every and due of the category) and did not make in time; in a unit's
// Kept, one it made in time.
type Owed struct {
	Unit     Link
	Category string // 经费收支
	When     string // "2016年", or "2013年以来" for a duty of several years
	Note     string // "缺少，应在2016年6月30日前公开", "逾期：应在…前公开，2016年8月1日才公开"
	Late     *Link  // the disclosure made late, if any
	Made     *Link  // on an item kept: the disclosure made in time
}

// DistrictEntry is a district on the page of all districts.
type DistrictEntry struct {
	Link
	Units int
}

// SiteMapGroup is a heading of the HTML site map (网站地图) with the pages
// under it.
type SiteMapGroup struct {
	Link
	Children []Link
}

// Withdrawn is the notice at the address of a disclosure taken down after
// its category's retention: what it was, never what it said (no title, no
// text: a 帮扶救助 list names people).
type Withdrawn struct {
	Unit     *Link
	Category *Category
	Start    time.Time // its 公示期
	End      time.Time
	Until    time.Time // the last day it was public
}

// Subscribe is a unit's 订阅 page: how to follow its feed.
type Subscribe struct {
	Of      Link   // the unit's page
	FeedURL string // the feed's absolute address, to paste into a reader
	Others  []Link // the site's and its sections' feeds
}

// Tag is a tag's page: the pages that carry it, newest first.
type Tag struct {
	Name  string
	Items []*Item
}

// TagEntry is a tag on the page of all tags.
type TagEntry struct {
	Link
	Count int
}

// Organization is a 机构概况 page (front matter [organization]).
type Organization struct {
	Functions   []string // 主要职能, in order
	Leaders     []Leader
	Departments []Department // 内设机构
}

// Leader is a leader with the post and the duties (分工).
type Leader struct {
	Name   string
	Title  string
	Duties string
}

// Department is an internal department with its duties and phone.
type Department struct {
	Name   string
	Duties string
	Phone  string
}

// PlanRows are a unit's marks by the targets of a plan other than the
// current one.
type PlanRows struct {
	Link  // the plan's name and its dashboard under /plans/ID/
	Years []string
	Rows  []Row
}

// Revision is one entry of the 修订记录 as a page shows it.
type Revision struct {
	Seq    int // 0 for the entry this build is about to append
	Date   time.Time
	Kind   string // 首次发布, 修改, 撤下, 重新发布
	Reason string
	Hash   string // of the page's content; "" for 撤下
	URL    string
	Title  string // of the page at URL now, "" when it is gone
}

// Revisions is one page of the 修订记录, newest first, with where the
// whole log is published raw. The log is shown in pages of a fixed number
// of entries counted from the first, so an older page's address and
// entries never change; the newest page is the log's own address.
type Revisions struct {
	Entries     []Revision
	File        string // the raw log's site path, "/revisions.jsonl"
	Head        string // the last entry's hash; only on the newest page
	First, Last int    // the seq of the page's oldest and newest entry
	Total       int    // entries in the whole log; only on the newest page
	Newer       string // the page of the next entries; "" on the newest
	Older       string // the page of the entries before; "" on the first
	// Parts lists every page, newest first; only the newest page has it.
	Parts []RevisionPart
}

// RevisionPart is a page of the 修订记录: the entries First to Last.
type RevisionPart struct {
	First, Last int
	URL         string
	Current     bool
}
