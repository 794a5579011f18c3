// Command gen writes a deterministic synthetic portal of N pages in the
// real content model, for benchmarking gongkai against Hugo on the same
// Markdown.
//
//	go run ./bench/gen -pages 10000 -out bench/sites/10k
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"gongkai/generator/pii/piitest"
)

func main() {
	n := flag.Int("pages", 1000, "number of content pages")
	out := flag.String("out", "", "output site directory (replaced)")
	seed := flag.Uint64("seed", 2015, "random seed")
	cfg := flag.String("config", "config.toml", "gongkai config to copy (the sample portal's)")
	profile := flag.String("profile", "default", "body sizes: default (1–2 KB of Chinese) or heavy (about 8 KB, as long reports are)")
	rows := flag.Int("rows", 0, "also write data/units.xlsx: this many register rows (units that exist only as rows) and a status sheet per year")
	flag.Parse()
	switch *profile {
	case "default":
	case "heavy":
		bodyBytes = 8 << 10
	default:
		fmt.Fprintf(os.Stderr, "gen: unknown -profile %q (default or heavy)\n", *profile)
		os.Exit(2)
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -pages N -out DIR")
		os.Exit(2)
	}
	if err := generate(*n, *out, *seed, *cfg, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

var (
	districts = []string{"zhangjiagang", "changshu", "taicang", "kunshan", "wujiang", "wuzhong", "xiangcheng", "gusu", "sip", "snd"}
	dnames    = []string{"张家港市", "常熟市", "太仓市", "昆山市", "吴江区", "吴中区", "相城区", "姑苏区", "苏州工业园区", "苏州高新区"}
	cats      = []string{"finance", "election", "congress", "contract", "assistance", "honors"}
	catTitles = []string{"工会经费收支情况公示", "工会委员会换届选举候选人公示", "职工代表大会决议落实情况", "工资集体协商协议签订情况", "困难职工帮扶对象公示", "模范职工之家推荐对象公示"}
	words     = strings.Fields("工会 职工 会员 基层 组织 建设 规范化 民主管理 集体协商 职代会 服务站 职工之家 帮扶 维权 培训 轮训 持证上岗 经费 审查 公开 监督 劳动竞赛 技能比武 读书自学 安全生产 女职工 权益 合同 协议 工资 增长 满意度 考核 通报 示范单位 推进 落实 完善 健全 提升 加强 深化 巩固 提高 创新 机制 制度 阵地 文体活动 法律服务 困难职工 金秋助学 医疗互助 劳模 工匠 岗位 班组 车间 企业 社区 街道 开发区 联合会")
	surnames  = []rune("王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗")
	given     = []rune("建国志强秀英海燕国华丽萍卫东春梅文斌晓红振华桂芳永胜红霞明淑珍玉兰")
)

type gen struct {
	r   *rand.Rand
	out string
}

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *gen) sentence() string {
	n := 8 + g.r.IntN(10)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(g.pick(words))
		if i%5 == 4 && i < n-1 {
			b.WriteString("，")
		}
	}
	b.WriteString("。")
	return b.String()
}

func (g *gen) para() string {
	var b strings.Builder
	for i := 0; i < 3+g.r.IntN(4); i++ {
		b.WriteString(g.sentence())
	}
	return b.String()
}

func (g *gen) name() string {
	return string(surnames[g.r.IntN(len(surnames))]) + string(given[g.r.IntN(len(given))]) + string(given[g.r.IntN(len(given))])
}

// bodyBytes is the least size of a body; 0 leaves bodies at 1–2 KB.
var bodyBytes int

// body is realistic Markdown: headings, paragraphs, a list, sometimes a
// table, about 1–2 KB of Chinese (or bodyBytes, with more sections).
func (g *gen) body() string {
	var b strings.Builder
	heads := []string{"一、基本情况", "二、主要做法", "三、取得成效", "四、下一步打算"}
	for i, h := range heads[:2+g.r.IntN(3)] {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", h, g.para())
		if i == 1 {
			for j := 1; j <= 3; j++ {
				fmt.Fprintf(&b, "%d. %s\n", j, g.sentence())
			}
			b.WriteString("\n")
		}
		if i == 0 && g.r.IntN(3) == 0 {
			b.WriteString("| 项目 | 数量 | 说明 |\n| --- | ---: | --- |\n")
			for j := 0; j < 3; j++ {
				fmt.Fprintf(&b, "| %s | %d | %s |\n", g.pick(words), g.r.IntN(5000), g.pick(words))
			}
			b.WriteString("\n")
		}
	}
	for i := 1; b.Len() < bodyBytes; i++ {
		fmt.Fprintf(&b, "## 补充说明（%d）\n\n%s\n\n%s\n\n", i, g.para(), g.para())
	}
	return b.String()
}

func (g *gen) write(rel, s string) error {
	p := filepath.Join(g.out, "content", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(s), 0o644)
}

func (g *gen) writeBytes(rel string, b []byte) error {
	return g.write(rel, string(b))
}

// workbook is a 帮扶名单 as units keep them: names, masked mobiles and ID
// numbers, landlines, dates and amounts.
func (g *gen) workbook(rows int) []byte {
	var cells []piitest.Cell
	for r := 1; r <= rows; r++ {
		cells = append(cells,
			piitest.Cell{Ref: fmt.Sprintf("A%d", r), Text: g.name()},
			piitest.Cell{Ref: fmt.Sprintf("B%d", r), Text: fmt.Sprintf("1%d%d****%04d", 3+g.r.IntN(7), g.r.IntN(10), g.r.IntN(10000))},
			piitest.Cell{Ref: fmt.Sprintf("C%d", r), Text: fmt.Sprintf("3205%02d********%03dX", g.r.IntN(100), g.r.IntN(1000))},
			piitest.Cell{Ref: fmt.Sprintf("D%d", r), Text: fmt.Sprintf("0512-6%07d", g.r.IntN(10000000))},
			piitest.Cell{Ref: fmt.Sprintf("E%d", r), Number: fmt.Sprintf("%d", 20150101+g.r.IntN(30000))},
			piitest.Cell{Ref: fmt.Sprintf("F%d", r), Number: fmt.Sprintf("%d.%02d", g.r.IntN(100000), g.r.IntN(100))})
	}
	return piitest.XLSX([]string{"帮扶名单"}, map[string][]piitest.Cell{"帮扶名单": cells})
}

func (g *gen) document(paragraphs int) []byte {
	ps := make([]string, paragraphs)
	for i := range ps {
		ps[i] = g.para() + fmt.Sprintf("联系电话：0512-|6%07d|，联系人 1%d%d****%04d。", g.r.IntN(10000000), 3+g.r.IntN(7), g.r.IntN(10), g.r.IntN(10000))
	}
	return piitest.DOCX(ps, "https://example.org/notices/")
}

func (g *gen) csv(rows int) string {
	var b strings.Builder
	b.WriteString("单位,职工人数,会员人数,日期\r\n")
	for r := 0; r < rows; r++ {
		fmt.Fprintf(&b, "%s工会,%d,%d,%s\r\n", g.pick(words), g.r.IntN(5000), g.r.IntN(5000), g.date(2016))
	}
	return b.String()
}

func (g *gen) date(year int) string {
	return fmt.Sprintf("%d-%02d-%02d", year, 1+g.r.IntN(12), 1+g.r.IntN(28))
}

func generate(n int, out string, seed uint64, cfgPath string, rows int) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), out: out}
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		return err
	}
	os.MkdirAll(out, 0o755)
	if err := os.WriteFile(filepath.Join(out, "config.toml"), cfg, 0o644); err != nil {
		return err
	}
	hugo := "baseURL = \"https://gonghui.example.org/\"\nlanguageCode = \"zh-CN\"\ntitle = \"基准门户\"\nhasCJKLanguage = true\ntheme = \"gk\"\npaginate = 20\n[taxonomies]\nunit = \"unit\"\n[markup.goldmark.renderer]\nunsafe = false\n"
	if err := os.WriteFile(filepath.Join(out, "hugo.toml"), []byte(hugo), 0o644); err != nil {
		return err
	}

	units := n / 5
	notices := n / 10
	cases := n / 12
	reports := max(3, n/50)
	disclosures := n - units - notices - cases - reports
	// The unit tree: city → 10 district federations → towns → federations → grassroots.
	var ids []string
	unit := func(id, title, kind, district, parent string, employees int, status bool) error {
		ids = append(ids, id)
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = %q\nkind = %q\n", title, kind)
		if district != "" {
			fmt.Fprintf(&b, "district = %q\n", district)
		}
		if parent != "" {
			fmt.Fprintf(&b, "parent = %q\n", parent)
		}
		if employees > 0 {
			fmt.Fprintf(&b, "employees = %d\nmembers = %d\nchair = %q\n", employees, employees*9/10, g.name())
		}
		if status {
			for _, y := range []int{2015, 2016, 2017} {
				fmt.Fprintf(&b, "[status.%d]\nstaff_congress = %v\ncollective_contract = %v\nlabor_supervision = %v\nservice_station = %v\nworkers_home = %q\nrotation_trained = %.2f\ncertified = %.2f\nnew_chair_trained = %.1f\n",
					y, g.r.IntN(10) < 9, g.r.IntN(10) < 9, g.r.IntN(10) < 8, g.r.IntN(10) < 7,
					[]string{"none", "qualified", "qualified", "city", "province"}[g.r.IntN(5)],
					0.5+g.r.Float64()/2, 0.7+g.r.Float64()*0.3, float64(g.r.IntN(2)))
			}
		}
		b.WriteString("+++\n\n")
		b.WriteString(g.para() + "\n")
		return g.write("units/"+id+".md", b.String())
	}
	if err := unit("city", "苏州市总工会", "city", "gusu", "", 0, false); err != nil {
		return err
	}
	for i, d := range districts {
		unit(d+"-zgh", dnames[i]+"总工会", "district", d, "city", 0, false)
	}
	var towns, feds []string
	for i := 0; len(ids) < units; i++ {
		d := g.r.IntN(len(districts))
		switch {
		case len(towns) < 10+units/40:
			id := fmt.Sprintf("town-%d", i)
			towns = append(towns, id)
			unit(id, fmt.Sprintf("%s第%d街道工会", dnames[d], i), "town", districts[d], districts[d]+"-zgh", 0, false)
		case len(feds) < 5+units/80:
			id := fmt.Sprintf("fed-%d", i)
			feds = append(feds, id)
			unit(id, fmt.Sprintf("%s行业工会联合会%d", dnames[d], i), "federation", districts[d], g.pick(towns), 0, false)
		default:
			id := fmt.Sprintf("unit-%d", i)
			parent := g.pick(towns)
			if g.r.IntN(2) == 0 {
				parent = g.pick(feds)
			}
			kind := []string{"enterprise", "enterprise", "enterprise", "institution", "community"}[g.r.IntN(5)]
			unit(id, fmt.Sprintf("示例%s第%d号%s工会", dnames[d], i, g.pick(words)), kind, districts[d], parent, 50+g.r.IntN(3000), true)
		}
	}
	if rows > 0 {
		if err := g.writeRows(rows, append(append([]string{}, towns...), feds...)); err != nil {
			return err
		}
	}
	grass := ids[11+len(towns)+len(feds):]
	for i := 0; i < disclosures; i++ {
		c := g.r.IntN(len(cats))
		y := 2015 + g.r.IntN(3)
		d := g.date(y)
		u := g.pick(grass)
		s := fmt.Sprintf("+++\ntitle = \"%d年度%s（%d）\"\ndate = %s\nunit = %q\ncategory = %q\npublicity_start = %s\npublicity_days = %d\n+++\n\n%s",
			y, catTitles[c], i, d, u, cats[c], d, 5+g.r.IntN(5), g.body())
		if err := g.write(fmt.Sprintf("disclosures/%d/d-%d.md", y, i), s); err != nil {
			return err
		}
	}
	for i := 0; i < notices; i++ {
		y := 2015 + g.r.IntN(3)
		s := fmt.Sprintf("+++\ntitle = \"关于做好%s工作的通知（%d）\"\ndate = %s\ndoc_number = \"苏工〔%d〕%d号\"\nissuer = \"苏州市总工会\"\nrecipients = \"各市、区总工会，各局（公司）工会\"\n+++\n\n%s",
			g.pick(words)+g.pick(words), i, g.date(y), y, i+1, g.body())
		if i%100 != 0 {
			g.write(fmt.Sprintf("notices/n-%d.md", i), s)
			continue
		}
		// One notice in a hundred is a bundle with the attachments units
		// publish: a workbook, a Word document, a PDF and a UTF-16 CSV,
		// with masked numbers and look-alikes only, for the guard to read.
		// Its own random stream keeps the rest of the site as it was.
		a := &gen{r: rand.New(rand.NewPCG(uint64(i), 10)), out: g.out}
		dir := fmt.Sprintf("notices/n-%d/", i)
		g.write(dir+"index.md", s+"\n\n附件：[名单](名单.xlsx)、[公示](公示.docx)、[通知](通知.pdf)、[统计](统计.csv)\n")
		g.writeBytes(dir+"名单.xlsx", a.workbook(200))
		g.writeBytes(dir+"公示.docx", a.document(100))
		g.writeBytes(dir+"通知.pdf", piitest.PDF([][]string{{"Su Gong [2016] No. 3", "Tel 0512-67154265"}, {"Contact 138****8000"}, {"2016-04-12"}}))
		g.writeBytes(dir+"统计.csv", piitest.UTF16(a.csv(200), false, true))
	}
	for i := 0; i < cases; i++ {
		y := 2015 + g.r.IntN(3)
		s := fmt.Sprintf("+++\ntitle = \"%s的%s经验（%d）\"\ndate = %s\nunits = [%q]\ntags = [%q]\n+++\n\n%s",
			g.pick(words), g.pick(words), i, g.date(y), g.pick(grass), g.pick(words), g.body())
		g.write(fmt.Sprintf("cases/c-%d.md", i), s)
	}
	for i := 0; i < reports; i++ {
		y := 2015 + i%3
		s := fmt.Sprintf("+++\ntitle = \"关于%d年工会基层基础工作推进情况的通报（%d）\"\ndate = %d-12-%02d\nperiod = \"%d\"\nissuer = \"苏州市总工会\"\n+++\n\n%s",
			y, i, y, 1+i%28, y, g.body())
		g.write(fmt.Sprintf("reports/r-%d.md", i), s)
	}
	return nil
}
