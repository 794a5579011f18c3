package portal

import (
	"strings"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
)

const completenessConfig = `
title = "测试"
[[unit_kinds]]
id = "town"
name = "镇工会"
tier = 3
[[unit_kinds]]
id = "enterprise"
name = "企业工会"
tier = 5
[[categories]]
id = "finance"
name = "经费收支"
required_kinds = ["enterprise"]
due = "06-30"
[[categories]]
id = "election"
name = "换届选举"
required_kinds = ["enterprise"]
every = 2
[[categories]]
id = "honors"
name = "评先评优"
[[phases]]
id = "a"
name = "第一年"
start = 2015-01-01
end = 2015-12-31
[[phases]]
id = "b"
name = "第二年"
start = 2016-01-01
end = 2016-12-31
[[phases]]
id = "c"
name = "第三年"
start = 2017-01-01
end = 2017-12-31
`

// TestCompleteness: which units owe which 会务公开 items, counted by hand.
func TestCompleteness(t *testing.T) {
	cfg, errs := config.Parse("config.toml", []byte(completenessConfig))
	if len(errs.Errors()) > 0 {
		t.Fatal(errs)
	}
	disc := func(name, unit, category, date string) *content.Page {
		return page(t, "disclosures/"+name+".md", "+++\ntitle = \"公开\"\ndate = "+date+"\nunit = \""+unit+"\"\ncategory = \""+category+"\"\n+++\n")
	}
	pages := []*content.Page{
		unit(t, "town", `kind = "town"`), // not a required kind
		unit(t, "a", `kind = "enterprise"`),
		unit(t, "b", `kind = "enterprise"`),
		unit(t, "c", "kind = \"enterprise\"\nestablished = 2016-09-01"),
		// a: finance on time every year (2015-06-30 is the due day itself);
		// its election of 2015-11 is older than the two years before the
		// plan's end (2015-12-31..2017-12-31).
		disc("a15", "a", "finance", "2015-06-30"), disc("a16", "a", "finance", "2016-04-01"), disc("a17", "a", "finance", "2017-05-01"),
		disc("a-e", "a", "election", "2015-11-01"),
		// b: 2015 missing, 2016 late (2016-08-01), 2017 on time; an
		// election within the span.
		disc("b16", "b", "finance", "2016-08-01"), disc("b17", "b", "finance", "2017-06-01"),
		disc("b-e", "b", "election", "2017-02-01"),
		// c: established 2016-09: owes 2016 (it existed that year) and 2017;
		// a two-year span from 2015-12-31 starts before it was founded.
		disc("c17", "c", "finance", "2017-03-01"),
	}
	tree, terrs := BuildTree(cfg, pages)
	if len(terrs) > 0 {
		t.Fatal(terrs)
	}
	if _, lerrs := LinkDisclosures(cfg, tree, pages); len(lerrs) > 0 {
		t.Fatal(lerrs)
	}
	list := func(today string) string {
		d, _ := time.ParseInLocation(time.DateOnly, today, cfg.Location)
		var out []string
		for _, g := range Gaps(cfg, tree, d) {
			s := g.Category.ID + ":" + g.Unit.ID + ":" + g.Year
			if g.Late != nil {
				s += ":late"
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	// As of the plan's end (today is later): the two-year election span is
	// 2015-12-31..2017-12-31, within the plan's years.
	if got, want := list("2026-01-01"), "finance:b:2015 finance:b:2016:late finance:c:2016 election:a:"; got != want {
		t.Errorf("gaps at the end:\n got %s\nwant %s", got, want)
	}
	// Mid-2016: 2016's finance is not due until 06-30; the span starts
	// in 2014, before the portal's records.
	if got, want := list("2016-06-29"), "finance:b:2015"; got != want {
		t.Errorf("gaps on 2016-06-29:\n got %s\nwant %s", got, want)
	}
	d, _ := time.ParseInLocation(time.DateOnly, "2026-01-01", cfg.Location)
	msg := CheckCompleteness(cfg, Gaps(cfg, tree, d)).Error()
	if b := tree.ByID["b"]; len(b.Owed) != 2 || b.Owed[1].Late == nil || len(tree.ByID["a"].Owed) != 1 {
		t.Errorf("gaps filed under their units: b %d, a %d", len(b.Owed), len(tree.ByID["a"].Owed))
	}
	for _, w := range []string{
		"config.toml:11:1: 警告：会务公开不完整：“经费收支”（企业工会每年 6 月 30 日前公开）缺少 2 项、逾期 1 项",
		"b（b工会）2016年的事项逾期：应在 2016-06-30 前公开，2016-08-01 才公开（content/disclosures/b16.md）",
		"c（c工会）缺少 2016年的事项（应在 2016-06-30 前公开）",
		"config.toml:16:1: 警告：会务公开不完整：“换届选举”（企业工会每 2 年至少公开一次）缺少 1 项、逾期 0 项",
		"a（a工会）2 年内没有公开过（截至 2017-12-31）",
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("warnings\n%s\nlack %q", msg, w)
		}
	}
	if strings.Contains(msg, "评先评优") || strings.Contains(msg, "town") {
		t.Errorf("a category without duty or a unit of another kind is listed:\n%s", msg)
	}
}
