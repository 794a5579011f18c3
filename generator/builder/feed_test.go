package builder

import (
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func parseFeed(t *testing.T, dir, name string) atom {
	t.Helper()
	var a atom
	if err := xml.Unmarshal([]byte(read(t, dir, name)), &a); err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	return a
}

func TestFeeds(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	src := sitePaths(t, nil)
	buildSite(t, src, a)
	res, err := Run(Options{Source: src, Theme: repo, Dest: b, Now: fixedNow.Add(40 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err, res)
	}

	unit := parseFeed(t, a, "units/hongqiao-jingmi/atom.xml")
	if unit.ID != "https://gonghui.example.org/units/hongqiao-jingmi/" || len(unit.Entries) < 4 {
		t.Fatalf("unit feed: id %q, %d entries", unit.ID, len(unit.Entries))
	}
	self := false
	for _, l := range unit.Links {
		self = self || (l.Rel == "self" && l.Href == "https://gonghui.example.org/units/hongqiao-jingmi/atom.xml")
	}
	if !self {
		t.Errorf("unit feed lacks its self link: %+v", unit.Links)
	}
	// Newest first, and the feed's updated time is its newest entry's,
	// taken from content, not the clock.
	if unit.Updated != unit.Entries[0].Updated || !strings.HasPrefix(unit.Updated, "2026-11-24") {
		t.Errorf("unit feed updated %q, first entry %q", unit.Updated, unit.Entries[0].Updated)
	}
	for i := 1; i < len(unit.Entries); i++ {
		if unit.Entries[i].Updated > unit.Entries[i-1].Updated {
			t.Errorf("entries out of order at %d", i)
		}
	}
	for _, e := range unit.Entries {
		if !strings.HasPrefix(e.ID, "https://gonghui.example.org/") || e.Title == "" || e.Summary == "" {
			t.Errorf("bad entry %+v", e)
		}
	}
	// Stable across builds on other days.
	for _, name := range []string{"atom.xml", "disclosures/atom.xml", "units/hongqiao-jingmi/atom.xml"} {
		if read(t, a, name) != read(t, b, name) {
			t.Errorf("%s changed between builds on different days", name)
		}
	}
	site := parseFeed(t, a, "atom.xml")
	if len(site.Entries) != feedSize {
		t.Errorf("site feed has %d entries", len(site.Entries))
	}
	// Every page links its feeds in the head.
	up := read(t, a, "units/hongqiao-jingmi/index.html")
	if !strings.Contains(up, `type=application/atom+xml`) || !strings.Contains(up, `/units/hongqiao-jingmi/atom.xml`) {
		t.Errorf("unit page does not link its feed")
	}
}

func TestDisclosureListsAndStatus(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, repo, dest)
	home := read(t, dest, "index.html")
	// As of fixedNow (2026-11-25) the budget publicity runs; the election
	// notice's 公示期 starts on 2026-12-01.
	if !strings.Contains(home, "2026年度工会经费预算公示") {
		t.Errorf("home page does not show the disclosure in its 公示期")
	}
	// The election notice starts within site.LiveAhead days: it is in the
	// page as 未开始 (hidden by main.css until main.js finds it started).
	if i := strings.Index(home, "关于召开第六届会员代表大会的公告"); i < 0 || !strings.Contains(home[i:], `status-upcoming" data-start="2026-12-01"`) {
		t.Errorf("home page lacks the disclosure starting on 2026-12-01, marked 未开始")
	}
	unit := read(t, dest, "units/hongqiao-jingmi/index.html")
	for _, want := range []string{">未开始<", ">已结束<", `data-start="2026-12-01"`, `data-end="2026-12-07"`, "换届选举", "经费收支", "各年度目标完成情况"} {
		if !strings.Contains(unit, want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	fin := read(t, dest, "disclosures/category/finance/index.html")
	if !strings.Contains(fin, "经费收支") || strings.Contains(fin, "候选人的公示") {
		t.Errorf("category page lists the wrong items")
	}
	y := read(t, dest, "disclosures/2016/index.html")
	if strings.Contains(y, "苏州虹桥精密机械有限公司2015年度工会经费收支情况公示") || !strings.Contains(y, "2016") {
		t.Errorf("year page lists other years")
	}
	// A federation's page aggregates its subtree.
	fed := read(t, dest, "units/jinqiao-jixie/index.html")
	if !strings.Contains(fed, "本级及下属工会汇总") || !strings.Contains(fed, "共 3 个工会组织") {
		t.Errorf("federation page lacks its subtree aggregate")
	}
	d := read(t, dest, "districts/wujiang/index.html")
	if !strings.Contains(d, "吴江望湖丝绸有限公司工会") {
		t.Errorf("district page lacks its units")
	}
}
