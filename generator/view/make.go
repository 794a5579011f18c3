package view

import (
	"html/template"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/portal"
	"gongkai/generator/site"
	"gongkai/generator/tomlpos"

	"golang.org/x/sync/errgroup"
)

// Views make the views of a site's pages. A page's view is made when it
// is asked for and belongs to the caller: at 100,000 pages the views of
// all pages at once would cost hundreds of megabytes. Items, which many
// lists share, are made once up front.
type Views struct {
	Site *Site

	m       *maker
	pages   []*site.Page
	digest  func(*site.Page) uint64
	digests []uint64
}

// Make prepares the views of every page of s. digest gives the identity
// of a page's Markdown source and attachments (Page.Digest). Summaries of
// list items are filled in by SetSummaries once pages' Markdown is
// rendered.
func Make(s *site.Site, digest func(*site.Page) uint64) *Views {
	m := &maker{s: s, loc: s.Config.Location, items: make(map[*site.Page]*Item, len(s.Pages))}
	m.planMakers = make(map[*site.Plan]func() *planMaker, len(s.Plans))
	for _, pl := range s.Plans {
		m.planMakers[pl] = sync.OnceValue(func() *planMaker { return m.plan(pl) })
		if pl.Current {
			m.planMaker = m.planMakers[pl]
		}
	}
	if m.planMaker == nil { // a site made without plans (in tests)
		pl := &site.Plan{Config: s.Config, Current: true, Years: s.Years, Vetoes: s.Vetoes}
		m.planMaker = sync.OnceValue(func() *planMaker { return m.plan(pl) })
	}
	for _, p := range s.Pages {
		if p.Source != nil && !p.Source.IsIndex {
			m.items[p] = m.item(p)
		}
	}
	vs := &Views{Site: m.site(), m: m, pages: s.Pages, digest: digest, digests: make([]uint64, len(s.Pages))}
	if digest != nil {
		parallel(len(s.Pages), func(i int) { vs.digests[i] = digest(s.Pages[i]) })
	}
	return vs
}

// Page makes the view of page i (in the order of site.Pages).
func (vs *Views) Page(i int) *Page {
	v := vs.m.page(vs.pages[i])
	v.Digest = vs.digests[i]
	return v
}

// Digest returns the Digest of page i's view without making the view.
func (vs *Views) Digest(i int) uint64 { return vs.digests[i] }

// Late reports whether page i's view may hold list items, whose summaries
// are known only after SetSummaries. Only kinds known to show no other
// page's summary are early; a new kind is late until it is added here
// (TestEarlyViewsHoldNoItems checks that early views hold no Item).
func (vs *Views) Late(i int) bool { return !early[vs.pages[i].Kind] }

var early = map[string]bool{
	site.KindNotice: true, site.KindReport: true, site.KindCase: true, site.KindDisclosure: true,
	site.KindPage: true, site.KindOrganization: true, site.Kind404: true, site.KindUnits: true, site.KindDistricts: true,
	site.KindSiteMap: true, site.KindSearch: true, site.KindWithdrawn: true,
	site.KindProgress: true, site.KindTarget: true, site.KindTimeline: true, site.KindShowcase: true,
}

// SetSummaries copies each page's rendered summary into the items that
// show it. Call it before making a late view.
func (vs *Views) SetSummaries() {
	for p, it := range vs.m.items {
		it.Summary = p.Summary
	}
}

type maker struct {
	s     *site.Site
	loc   *time.Location
	items map[*site.Page]*Item
	// planMaker makes the shared part of the current plan's progress
	// views once; planMakers of each plan's.
	planMaker  func() *planMaker
	planMakers map[*site.Plan]func() *planMaker
}

// reportedIn reports whether unit u, or a unit under it, reported a
// status in one of years.
func reportedIn(u *portal.Unit, years []string) bool {
	for _, y := range years {
		if _, ok := u.Page.Unit.Status[y]; ok {
			return true
		}
	}
	for _, c := range u.Children {
		if reportedIn(c, years) {
			return true
		}
	}
	return false
}

// reader is a link config gives for readers to follow: a site path with
// the base path, or a mailto:, tel: or web address config has checked
// (html/template would otherwise refuse tel:).
func reader(c *config.Config, u string) template.URL {
	if strings.HasPrefix(u, "/") {
		return template.URL(c.RelURL(u))
	}
	return template.URL(u)
}

// planOf is the maker of the views of page p's plan.
func (m *maker) planOf(p *site.Page) *planMaker {
	if f := m.planMakers[p.Plan]; f != nil {
		return f()
	}
	return m.planMaker()
}

// planView is the view of plan pl; nil is the current plan.
func (m *maker) planView(pl *site.Plan) *Plan {
	if pl == nil {
		pl = m.planOf(&site.Page{}).plan
	}
	c := pl.Config
	v := &Plan{Name: c.Plan.Name, ShortName: c.Plan.ShortName, DocNumber: c.Plan.DocNumber, Assess: c.Plan.Assess,
		AssessDate: c.AssessDate(), ModelTitle: c.Plan.ModelTitle, Years: pl.Years, Current: pl.Current}
	if n := len(pl.Years); n > 0 {
		v.Span = pl.Years[0] + "—" + pl.Years[n-1]
	}
	if len(c.Targets) > 0 {
		v.URL = pl.ProgressURL()
	}
	if len(c.Phases) > 0 {
		v.Timeline = pl.TimelineURL()
	}
	return v
}

func (m *maker) site() *Site {
	c := m.s.Config
	f := c.Footer
	v := &Site{Title: c.Title, Subtitle: c.Subtitle, Language: c.Language, Years: m.s.Years, Domain: domain(c.BaseURL), Favicon: c.Favicon,
		Footer: Footer{Sponsor: f.Sponsor, Address: f.Address, Contact: f.Contact, ICP: f.ICP, Police: f.Police, SiteCode: f.SiteCode,
			Conac: f.Conac, ConacImage: f.ConacImage, Correction: reader(c, f.Correction)}}
	for _, it := range c.Interaction {
		v.Interaction = append(v.Interaction, Interaction{Title: it.Name, URL: reader(c, it.URL), Description: it.Description})
	}
	v.Plan = *m.planView(nil)
	if len(m.s.Plans) > 1 {
		for _, pl := range m.s.Plans {
			title := pl.Config.Plan.Name
			if title == "" && len(pl.Years) > 0 {
				title = pl.Years[0] + "—" + pl.Years[len(pl.Years)-1] + "年的计划"
			}
			switch {
			case len(pl.Config.Targets) > 0:
				v.Plans = append(v.Plans, Link{Title: title, URL: pl.ProgressURL()})
			case len(pl.Config.Phases) > 0:
				v.Plans = append(v.Plans, Link{Title: title, URL: pl.TimelineURL()})
			}
		}
	}
	if f.ICP != "" {
		v.Footer.ICPURL = "https://beian.miit.gov.cn/"
	}
	if f.Police != "" {
		v.Footer.PoliceURL = "https://beian.mps.gov.cn/#/query/webSearch"
		if code := digits(f.Police); code != "" {
			v.Footer.PoliceURL += "?code=" + code
		}
	}
	if m.s.ByURL["/about/"] != nil {
		v.Footer.About = "/about/"
	}
	if m.s.ByURL[site.SiteMapURL] != nil {
		v.Footer.SiteMap = site.SiteMapURL
	}
	for _, p := range m.s.Pages {
		if p.Kind == site.KindOrganization {
			v.Footer.Organization = p.URL
			break
		}
	}
	for _, it := range m.s.Menu {
		v.Menu = append(v.Menu, Link{Title: it.Name, URL: it.URL})
	}
	for _, sec := range m.s.Sections {
		if len(sec.Pages) > 0 {
			v.Sections = append(v.Sections, Link{Title: sec.Title, URL: sec.URL})
		}
	}
	return v
}

func (m *maker) date(d tomlpos.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.In(m.loc).In(m.loc)
}

func (m *maker) page(p *site.Page) *Page {
	v := &Page{Kind: p.Kind, URL: p.URL, Title: p.Title, Date: p.Date, Feed: p.Feed, SubscribePage: site.SubscribeURL(p.Feed), TrailKey: p.TrailKey}
	if !v.Date.IsZero() {
		v.Date = v.Date.In(m.loc)
	}
	for _, c := range p.Crumbs {
		v.Crumbs = append(v.Crumbs, Link{Title: c.Title, URL: c.URL})
	}
	if src := p.Source; src != nil {
		for _, t := range src.Tags {
			v.Tags = append(v.Tags, Link{Title: strings.TrimSpace(t), URL: site.TagURL(t)})
		}
	}
	v.Column, v.Publisher = column(p), m.s.Config.Footer.Sponsor
	switch {
	case p.Source != nil && p.Source.Notice != nil:
		v.IndexNo = p.Source.Notice.IndexNo
		if n := p.Source.Notice.Issuer; n != "" {
			v.Publisher = n
		}
	case p.Source != nil && p.Source.Report != nil && p.Source.Report.Issuer != "":
		v.Publisher = p.Source.Report.Issuer
	case p.Disclosure != nil && p.Disclosure.Unit != nil:
		v.Publisher = p.Disclosure.Unit.Name()
	}
	switch p.Kind {
	case site.KindNotice:
		v.Notice = m.notice(p.Source.Notice, p.Date)
	case site.KindReport:
		v.Report = m.report(p.Source.Report)
	case site.KindCase:
		v.Case = m.caseOf(p.Source.Case)
	case site.KindDisclosure:
		v.Disclosure = m.disclosure(p.Disclosure, p.Source.Disclosure)
	case site.KindUnit:
		v.Unit = m.unit(p.Unit)
	case site.KindSection:
		v.List = m.list(p)
	case site.KindHome:
		v.Home = m.home()
	case site.KindUnits:
		v.Directory = m.directory()
	case site.KindDistrict:
		v.District = m.district(p)
		if p.District != nil {
			v.District.Progress = m.planMaker().districtTargets(p.District)
			for _, pl := range m.s.Plans {
				if pl.Current || m.planMakers[pl] == nil {
					continue
				}
				if ts := m.planMakers[pl]().districtTargets(p.District); len(ts) > 0 {
					v.District.Earlier = append(v.District.Earlier, DistrictPlan{Link: Link{Title: pl.Config.Plan.Name, URL: pl.ProgressURL()}, Years: pl.Years, Progress: ts})
				}
			}
		}
	case site.KindWithdrawn:
		if w := p.Withdrawal; w != nil {
			d := w.Disclosure
			v.Withdrawn = &Withdrawn{Unit: m.unitLink(d.Unit), Category: m.category(d.Category), Start: d.Start.In(m.loc), End: d.End.In(m.loc), Until: w.Until.In(m.loc)}
		}
	case site.KindTag:
		v.Tag = &Tag{Name: p.Tag, Items: m.itemsOf(p.Items)}
		v.late = true
	case site.KindTags:
		for _, tp := range p.Items {
			v.TagIndex = append(v.TagIndex, TagEntry{Link: Link{Title: tp.Tag, URL: tp.URL}, Count: len(tp.Items)})
		}
	case site.KindSubscribe:
		v.Subscribe = &Subscribe{Of: Link{Title: p.Of.Title, URL: p.Of.URL}, FeedURL: m.s.Config.AbsURL(p.Feed)}
		if p.Feed != "/atom.xml" {
			v.Subscribe.Others = append(v.Subscribe.Others, Link{Title: "全站更新", URL: site.SubscribeURL("/atom.xml")})
		}
		for _, sec := range m.s.Sections {
			if sec.ID != content.SectionUnits && len(sec.Pages) > 0 && sec.Feed != p.Feed {
				v.Subscribe.Others = append(v.Subscribe.Others, Link{Title: sec.Title, URL: site.SubscribeURL(sec.Feed)})
			}
		}
	case site.KindOrganization:
		if o := p.Source.Organization; o != nil {
			v.Organization = &Organization{Functions: o.Functions}
			for _, l := range o.Leaders {
				v.Organization.Leaders = append(v.Organization.Leaders, Leader(l))
			}
			for _, d := range o.Departments {
				v.Organization.Departments = append(v.Organization.Departments, Department(d))
			}
		}
	case site.KindProgress:
		v.Progress = m.planOf(p).progress()
		v.Plan = m.planView(p.Plan)
	case site.KindTarget:
		v.Target = m.planOf(p).target(p.Target)
		v.Plan = m.planView(p.Plan)
	case site.KindTimeline:
		v.Timeline = m.planOf(p).timeline()
		v.Plan = m.planView(p.Plan)
	case site.KindShowcase:
		v.Showcase = m.showcase(p)
	case site.KindModel:
		v.Model = m.modelPlan(p.Model).model(p.Model)
	case site.KindSiteMap:
		v.SiteMap = m.siteMap()
	case site.KindDistricts:
		for _, it := range p.Items {
			v.Districts = append(v.Districts, DistrictEntry{Link: Link{Title: it.District.Name, URL: it.URL}, Units: len(it.Units)})
		}
	}
	return v
}

func (m *maker) notice(n *content.Notice, date time.Time) *Notice {
	if n == nil {
		return &Notice{DocDate: date}
	}
	v := &Notice{DocNumber: n.DocNumber, Issuer: n.Issuer, Recipients: n.Recipients, CC: n.CC, PrintedBy: n.PrintedBy, PrintedDate: m.date(n.PrintedDate),
		Note: bracketed(n.Note), DocDate: date}
	if !n.DocDate.IsZero() {
		v.DocDate = m.date(n.DocDate)
	}
	for _, s := range strings.Split(n.Signer, "、") {
		if s = strings.TrimSpace(s); s != "" {
			v.Signers = append(v.Signers, s)
		}
	}
	return v
}

// bracketed puts a 附注 in the round brackets GB/T 9704 prints it in,
// unless the author wrote them.
func bracketed(note string) string {
	note = strings.TrimSpace(note)
	if note == "" || strings.HasPrefix(note, "（") || strings.HasPrefix(note, "(") {
		return note
	}
	return "（" + note + "）"
}

func (m *maker) report(r *content.Report) *Report {
	if r == nil {
		return &Report{}
	}
	v := &Report{Issuer: r.Issuer, Period: r.Period}
	targets := m.s.Config.Targets
	if len(r.Period) >= 4 {
		// A report of an earlier plan's year gives that plan's figures.
		if i := m.s.Config.PlanOfYear(r.Period[:4]); i >= 0 {
			targets = m.s.Config.Plans[i].Targets
		}
	}
	for _, t := range targets {
		if val := r.Figures[t.ID]; val != 0 {
			v.Figures = append(v.Figures, Figure{Name: t.Name, Threshold: t.Threshold, Value: val})
		}
	}
	return v
}

func (m *maker) caseOf(c *content.Case) *Case {
	v := &Case{}
	if c == nil {
		return v
	}
	for _, id := range c.Units {
		if l := m.unitLink(m.s.Tree.Unit(id)); l != nil {
			v.Units = append(v.Units, *l)
		}
	}
	return v
}

// unitLink links a unit's page, or is nil when it has none.
func (m *maker) unitLink(u *portal.Unit) *Link {
	if u == nil {
		return nil
	}
	up := m.s.UnitPage(u)
	if up == nil {
		return nil
	}
	return &Link{Title: up.Title, URL: up.URL}
}

func (m *maker) publicity(d *portal.Disclosure) *Publicity {
	if d == nil || d.Start.IsZero() {
		return nil
	}
	st := d.Status(m.s.Today)
	return &Publicity{Start: d.Start.In(m.loc), End: d.End.In(m.loc), Days: d.Days, WorkingDays: d.Working, Status: Status{Label: st.String(), Class: st.Class()}}
}

func (m *maker) category(c *config.Category) *Category {
	if c == nil {
		return nil
	}
	return &Category{ID: c.ID, Name: c.Name, Description: c.Description, URL: "/disclosures/category/" + c.ID + "/"}
}

func (m *maker) disclosure(d *portal.Disclosure, src *content.Disclosure) *Disclosure {
	v := &Disclosure{}
	if src != nil {
		v.Contact = src.Contact
	}
	if d == nil {
		return v
	}
	v.Contact = d.Contact
	v.Unit = m.unitLink(d.Unit)
	v.Category = m.category(d.Category)
	v.Publicity = m.publicity(d)
	return v
}

func (m *maker) item(p *site.Page) *Item {
	it := &Item{URL: p.URL, Title: p.Title, Date: p.Date}
	if !it.Date.IsZero() {
		it.Date = it.Date.In(m.loc)
	}
	if n := p.Source.Notice; n != nil {
		it.DocNumber = n.DocNumber
	}
	if d := p.Disclosure; d != nil {
		if d.Category != nil {
			it.Category = d.Category.Name
		}
		if d.Unit != nil {
			it.Unit = d.Unit.Name()
		}
		it.Publicity = m.publicity(d)
	}
	return it
}

func (m *maker) itemsOf(ps []*site.Page) []*Item {
	out := make([]*Item, 0, len(ps))
	for _, p := range ps {
		if it := m.items[p]; it != nil {
			out = append(out, it)
		}
	}
	return out
}

func (m *maker) entry(u *portal.Unit) (UnitEntry, bool) {
	l := m.unitLink(u)
	if l == nil {
		return UnitEntry{}, false
	}
	e := UnitEntry{Link: *l}
	if u.Kind != nil {
		e.Kind = u.Kind.Name
	}
	if u.Subtree != nil {
		e.Descendants = u.Subtree.Units - 1
	}
	return e, true
}

func (m *maker) unit(u *portal.Unit) *Unit {
	v := &Unit{}
	if u == nil {
		return v
	}
	src := u.Page.Unit
	v.Model, v.Established, v.Employees, v.Members = src.Model, m.date(src.Established), src.Employees, src.Members
	v.Chair, v.Contact, v.Address = src.Chair, src.Contact, src.Address
	if u.Kind != nil {
		v.Kind = u.Kind.Name
	}
	if u.District != nil {
		v.District = &Link{Title: u.District.Name, URL: "/districts/" + u.District.ID + "/"}
	}
	v.Parent = m.unitLink(u.Parent)
	for _, c := range u.Children {
		if e, ok := m.entry(c); ok {
			v.Children = append(v.Children, e)
		}
	}
	v.Subtree = m.tally(u.Subtree)
	v.Owed, v.Kept = m.owed(u), m.kept(u)
	v.Rows = m.rows(u)
	for _, pl := range m.s.Plans {
		if pl.Current || len(pl.Years) == 0 || !reportedIn(u, pl.Years) {
			continue
		}
		v.Earlier = append(v.Earlier, PlanRows{Link: Link{Title: pl.Config.Plan.Name, URL: pl.ProgressURL()}, Years: pl.Years, Rows: otherRows(u, pl.Years)})
	}
	for _, p := range u.Issued {
		if it := m.items[m.s.PageFor(p.Rel)]; it != nil {
			v.Issued = append(v.Issued, it)
		}
	}
	for _, g := range u.ByCategory(m.s.Config.Categories) {
		grp := Group{Category: g.Category.Name}
		for _, d := range g.Items {
			if it := m.items[m.s.PageFor(d.Page.Rel)]; it != nil {
				grp.Items = append(grp.Items, it)
			}
		}
		v.Groups = append(v.Groups, grp)
	}
	for _, c := range u.Cases {
		if it := m.items[m.s.PageFor(c.Rel)]; it != nil {
			v.Cases = append(v.Cases, it)
		}
	}
	return v
}

func (m *maker) tally(a *portal.Aggregate) *Tally {
	if a == nil {
		return nil
	}
	t := &Tally{Units: a.Units, Employees: a.Employees, Members: a.Members, Years: make([]YearTally, 0, len(m.s.Years))}
	for _, y := range m.s.Years {
		yt := YearTally{Year: y, Counts: make([]Count, 0, len(a.Years[y]))}
		for _, c := range a.Years[y] {
			f := c.Figure()
			yt.Counts = append(yt.Counts, Count{Name: c.Target.Name, Threshold: c.Threshold, Measure: c.Target.Measure,
				Population: c.Population, Meeting: c.Meeting, Share: c.Share(), Met: c.Met(),
				Label: f.Label, Class: f.Class, Counts: f.Counts, Reference: !c.Target.Binding()})
		}
		t.Years = append(t.Years, yt)
	}
	return t
}

func (m *maker) list(p *site.Page) *List {
	v := &List{Items: m.itemsOf(p.Items), ListURL: p.ListURL, Year: p.Year, Category: m.category(p.Category)}
	if p.Section != nil {
		v.SectionURL = p.Section.URL
	}
	if pg := p.Pager; pg != nil {
		v.Pager = &Pager{Number: pg.Number, Total: pg.Total, Prev: pg.Prev, Next: pg.Next}
		for _, l := range pg.Pages {
			v.Pager.Pages = append(v.Pager.Pages, PageLink(l))
		}
	}
	for _, f := range p.Filters {
		v.Filters = append(v.Filters, Filter(f))
	}
	return v
}

func (m *maker) home() *Home {
	h := &Home{ActiveCount: len(m.s.Active), Total: m.tally(m.s.Total)}
	if h.Total != nil {
		today := strconv.Itoa(m.s.Today.Year())
		for i := range h.Total.Years {
			yt := &h.Total.Years[i]
			if yt.Year > today {
				break
			}
			if slices.ContainsFunc(yt.Counts, func(c Count) bool { return c.Population > 0 }) {
				h.Current = yt
			}
		}
	}
	if sec := m.s.Section(content.SectionNotices); sec != nil {
		h.Notices, h.NoticesURL = m.itemsOf(sec.Pages[:min(len(sec.Pages), HomeItems)]), sec.URL
	}
	if sec := m.s.Section(content.SectionCases); sec != nil {
		h.Cases, h.CasesURL = m.itemsOf(sec.Pages[:min(len(sec.Pages), HomeItems)]), sec.URL
	}
	h.Active = m.itemsOf(m.s.Active[:min(len(m.s.Active), HomeItems)])
	return h
}

func (m *maker) directory() *Directory {
	units := m.s.Tree.Units // by tier, then pinyin
	d := &Directory{Count: len(units), Full: len(units) <= DirectoryFull}
	byDistrict := map[*config.District][]*portal.Unit{}
	for _, u := range units {
		byDistrict[u.District] = append(byDistrict[u.District], u)
	}
	if us := byDistrict[nil]; len(us) > 0 {
		// Few units have no district (the city's own, bureaus): always listed.
		d.Groups = append(d.Groups, DirectoryGroup{Link: Link{Title: "市级"}, Count: len(us), Levels: m.levels(us, true)})
	}
	for i := range m.s.Config.Districts {
		dc := &m.s.Config.Districts[i]
		us := byDistrict[dc]
		if len(us) == 0 {
			continue
		}
		d.Groups = append(d.Groups, DirectoryGroup{Link: Link{Title: dc.Name, URL: "/districts/" + dc.ID + "/"}, Count: len(us), Levels: m.levels(us, d.Full)})
	}
	return d
}

// levels groups units by kind, kinds in tier then config order, keeping
// the units' order within each.
func (m *maker) levels(units []*portal.Unit, list bool) []Level {
	var out []Level
	at := map[*config.UnitKind]int{}
	kinds := slices.Clone(m.s.Config.UnitKinds)
	slices.SortStableFunc(kinds, func(a, b config.UnitKind) int { return a.Tier - b.Tier })
	for _, k := range kinds {
		at[m.s.Config.Kind(k.ID)] = len(out)
		out = append(out, Level{ID: k.ID, Name: k.Name})
	}
	out = append(out, Level{ID: "other", Name: "其他"})
	for _, u := range units {
		i, ok := at[u.Kind]
		if !ok {
			i = len(out) - 1
		}
		out[i].Count++
		if !list {
			continue
		}
		if e, ok := m.entry(u); ok {
			out[i].Units = append(out[i].Units, e)
		}
	}
	return slices.DeleteFunc(out, func(l Level) bool { return l.Count == 0 })
}

func (m *maker) district(p *site.Page) *District {
	v := &District{Items: m.itemsOf(p.Items)}
	if p.District != nil {
		v.Name = p.District.Name
	}
	for _, u := range p.Units {
		if e, ok := m.entry(u); ok {
			v.Units = append(v.Units, e)
		}
	}
	v.Levels = m.levels(p.Units, true)
	for _, u := range p.Units {
		v.Owed = append(v.Owed, m.owed(u)...)
		v.Kept += len(u.Kept)
	}
	return v
}

// kept are the 会务公开 items unit u was due to make and made in time.
func (m *maker) kept(u *portal.Unit) []Owed {
	l := m.unitLink(u)
	if l == nil {
		return nil
	}
	var out []Owed
	for _, g := range u.Kept {
		o := Owed{Unit: *l, Category: g.Category.Name, When: g.Year + "年", Note: "已按时公开"}
		if g.Year == "" {
			o.When = strconv.Itoa(g.Due.Year()-g.Category.Every) + "年以来"
			o.Note = "已公开（每 " + strconv.Itoa(g.Category.Every) + " 年至少一次）"
		}
		if p := m.s.PageFor(g.Made.Page.Rel); p != nil {
			o.Made = &Link{Title: p.Title, URL: p.URL}
		}
		out = append(out, o)
	}
	return out
}

// owed are the 会务公开 items unit u owes, as pages print them.
func (m *maker) owed(u *portal.Unit) []Owed {
	l := m.unitLink(u)
	if l == nil {
		return nil
	}
	day := func(t time.Time) string {
		t = t.In(m.loc)
		return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
	}
	var out []Owed
	for _, g := range u.Owed {
		o := Owed{Unit: *l, Category: g.Category.Name, When: g.Year + "年"}
		switch {
		case g.Late != nil:
			o.Note = "逾期：应在" + day(g.Due) + "前公开，" + day(g.Late.Page.Date.In(m.loc)) + "才公开"
			if p := m.s.PageFor(g.Late.Page.Rel); p != nil {
				o.Late = &Link{Title: p.Title, URL: p.URL}
			}
		case g.Year != "":
			o.Note = "缺少，应在" + day(g.Due) + "前公开"
		default:
			o.When = strconv.Itoa(g.Due.Year()-g.Category.Every) + "年以来"
			o.Note = "缺少，每 " + strconv.Itoa(g.Category.Every) + " 年至少公开一次（截至" + day(g.Due) + "）"
		}
		out = append(out, o)
	}
	return out
}

// parallel runs f(0..n-1), one goroutine per CPU at a time.
func parallel(n int, f func(i int)) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error { f(i); return nil })
	}
	g.Wait()
}

// column is the title of the section a page is in: the first step of its
// breadcrumbs below the home page, or its own title.
func column(p *site.Page) string {
	switch {
	case p.Kind == site.KindHome:
		return "首页"
	case len(p.Crumbs) > 1:
		return p.Crumbs[1].Title
	}
	return p.Title
}

// domain is the host of an absolute base URL.
func domain(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// digits keeps the ASCII digits of s: the number a 公安备案 registry query
// takes out of "苏公网安备 32050002000001号".
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// siteMap lists the site's sections with their year and category lists,
// the unit directory and districts, the plain pages and whatever else the
// menu links: every page a reader can browse from, none of the articles.
func (m *maker) siteMap() []SiteMapGroup {
	var out []SiteMapGroup
	listed := map[string]bool{"/": true, site.SiteMapURL: true}
	group := func(p *site.Page) *SiteMapGroup {
		listed[p.URL] = true
		out = append(out, SiteMapGroup{Link: Link{Title: p.Title, URL: p.URL}})
		return &out[len(out)-1]
	}
	for _, sec := range m.s.Sections {
		sp := m.s.ByURL[sec.URL]
		if sp == nil {
			continue
		}
		g := group(sp)
		for _, p := range m.s.Pages {
			if p.Section == sec && p.Source == nil && p.URL != sec.URL && (p.Pager == nil || p.Pager.Number <= 1) {
				g.Children = append(g.Children, Link{Title: strings.TrimPrefix(p.Title, sec.Title+" · "), URL: p.URL})
				listed[p.URL] = true
			}
		}
	}
	if dp := m.s.ByURL["/districts/"]; dp != nil {
		g := group(dp)
		for _, p := range dp.Items {
			g.Children = append(g.Children, Link{Title: p.Title, URL: p.URL})
			listed[p.URL] = true
		}
	}
	var other SiteMapGroup
	other.Title = "其他"
	for _, it := range m.s.Menu {
		if p := m.s.ByURL[it.URL]; p != nil && !listed[p.URL] {
			other.Children = append(other.Children, Link{Title: it.Name, URL: p.URL})
			listed[p.URL] = true
		}
	}
	for _, p := range m.s.Pages {
		if (p.Kind == site.KindPage || p.Kind == site.KindOrganization || p.Kind == site.KindTags) && !listed[p.URL] {
			other.Children = append(other.Children, Link{Title: p.Title, URL: p.URL})
		}
	}
	if len(other.Children) > 0 {
		out = append(out, other)
	}
	return out
}
