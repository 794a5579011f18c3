package builder

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// sampleFile reads a file of the sample site.
func sampleFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(repo, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestVetoSample builds the sample portal as the plan judges it: before
// its 考核 date there is no 一票否决 list; after it, only the plan's own
// targets veto, at their level, and none of the model units its notice
// names is vetoed. Naming a unit the build vetoes is an error at the
// notice that names both places.
func TestVetoSample(t *testing.T) {
	cfg := sampleFile(t, "config.toml")
	early := overlay(t, map[string]string{"config.toml": strings.Replace(cfg, "# build_date = 2017-06-30", "build_date = 2016-06-30", 1)})
	dest := filepath.Join(t.TempDir(), "public")
	buildSite(t, early, dest)
	got := text(read(t, dest, "progress/index.html"))
	if !strings.Contains(got, "总结考核在 2017年12月31日 进行，在此之前不列“一票否决”名单") || strings.Contains(got, "未达标或未填报的单位") {
		t.Errorf("a build before the 考核 shows a veto list:\n%s", got)
	}

	dest = filepath.Join(t.TempDir(), "public")
	buildSite(t, overlay(t, nil), dest)
	got = text(read(t, dest, "progress/index.html"))
	for _, w := range []string{
		"集体协商建制面 ： 常熟市 （0.0%，达标 0 / 应统计 1）、 姑苏区 （33.3%，达标 1 / 应统计 3） ",
		"劳动法律监督组织 ：计划未规定比例，本站的参考值不纳入一票否决",
		"市级以上模范职工之家 ：全市指标，不否决单个地区或单位",
		"干部三年轮训率 ：未达标或未填报的单位 1 个",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("progress/index.html lacks %q:\n%s", w, got)
		}
	}
	for _, model := range []string{"苏州虹桥精密机械有限公司工会", "姑苏区平安街道桂花社区工会", "昆山云亭电子有限公司工会"} {
		for _, page := range []string{"progress/rotation/index.html", "progress/new-chair/index.html"} {
			if body := text(read(t, dest, page)); strings.Contains(body[strings.Index(body, "“一票否决”"):], model+" ") && strings.Contains(body, "以下未完成本项目标的单位") {
				t.Errorf("%s vetoes the model unit %s", page, model)
			}
		}
	}

	notice := sampleFile(t, "content/notices/2017-model-units.md")
	bad := overlay(t, map[string]string{"content/notices/2017-model-units.md": strings.Replace(notice, `"yunting-dianzi"]`, `"yunting-dianzi", "xinghu-bandaoti"]`, 1)})
	_, err := Run(Options{Source: bad, Theme: repo, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow})
	if err == nil {
		t.Fatal("a vetoed model unit builds")
	}
	for _, w := range []string{
		"content/notices/2017-model-units.md:10:15: 错误：示范单位 xinghu-bandaoti（园区星湖半导体有限公司工会）在本次构建中被一票否决：2017年“干部三年轮训率”未达标（92.0%）",
		"data/ 下的2017年度表",
		"目标的设置见 config.toml:",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}
