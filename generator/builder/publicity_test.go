package builder

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPublicityPage: a disclosure's page says how many working days its
// 公示期 runs, and a disclosure without a supervision channel of its own
// shows the site's default from [publicity] contact; unit and district
// pages list the 会务公开 items owed, and those made in time.
func TestPublicityPage(t *testing.T) {
	const rel = "content/disclosures/2017-hongqiao-jingmi-election.md"
	src := overlay(t, map[string]string{rel: strings.Replace(sampleFile(t, rel), "contact = \"工会办公室 0512-65394759，意见箱设在职工之家\"\n", "", 1)})
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, src, dest)
	got := text(read(t, dest, "disclosures/2017-hongqiao-jingmi-election/index.html"))
	for _, w := range []string{
		"公示期 2017年4月5日 至 2017年4月11日 （共 5 个工作日）", // 4-5 to 4-11: Wed, Thu, Fri, Mon, Tue (dates are <time> elements)
		"监督渠道 苏州市总工会基层工作部",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("page lacks %q:\n%s", w, got)
		}
	}
	// 经费收支 is due yearly by 6 月 30 日 from basic unions: the unit's
	// and its district's pages name what it has not disclosed.
	for page, w := range map[string]string{
		"units/hongqiao-jingmi/index.html": "应公开而未按时公开的事项 经费收支 · 2016年：缺少，应在2016年6月30日前公开 经费收支 · 2017年：缺少，应在2017年6月30日前公开",
		"districts/gusu/index.html":        "应公开而未按时公开的事项（9 项）",
	} {
		if got := text(read(t, dest, page)); !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", page, w, got)
		}
	}
	// What was made in time is shown too. In 姑苏区 three basic unions
	// disclosed 经费收支 by 6 月 30 日: 东吴三公司 2016-03-18, 桂花社区
	// 2017-03-10, 平安实验小学 2017-03-21.
	for page, w := range map[string]string{
		"units/hongqiao-jingmi/index.html":  "已按规定按时公开的事项 经费收支 · 2015年：已按时公开（ 苏州虹桥精密机械有限公司2015年度工会经费收支情况公示 ） 应公开而未按时公开的事项",
		"districts/gusu/index.html":         "本地区的单位已按时公开 3 项，以下事项缺少或逾期。",
		"units/dongwu-sangongsi/index.html": "经费收支 · 2016年：已按时公开（ 东吴建设集团第三工程公司工会2015年度经费收支情况公示 ）",
	} {
		if got := text(read(t, dest, page)); !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", page, w, got)
		}
	}
}
