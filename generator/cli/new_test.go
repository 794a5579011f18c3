package cli

import (
	"flag"
	"fmt"
	"gongkai/generator/content"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/new/*.md")

// starter makes a new portal with gongkai init and returns its directory.
func starter(t *testing.T, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "门户")
	if code, out := run(t, append(append([]string{"init"}, extra...), dir)...); code != ExitOK {
		t.Fatalf("init = %d:\n%s", code, out)
	}
	return dir
}

func TestInitThenBuild(t *testing.T) {
	for _, flags := range [][]string{nil, {"--with-layouts", "--title", "测试市总工会“公开”平台"}} {
		dir := starter(t, flags...)
		if code, out := run(t, "check", "--source", dir); code != ExitOK {
			t.Fatalf("check of a new portal (%v) = %d:\n%s", flags, code, out)
		}
		if code, out := run(t, "build", "--source", dir); code != ExitOK {
			t.Fatalf("build of a new portal (%v) = %d:\n%s", flags, code, out)
		}
		for _, f := range []string{"public/index.html", "public/notices/2026-01-10-1/index.html", "public/disclosures/2026-03-02-1/index.html", "public/units/shili-jingmi/index.html", ".gitignore"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%v: %v", flags, err)
			}
		}
		// The new portal follows its own [plan]: nothing of the sample's
		// plan shows on any page.
		filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			b, _ := os.ReadFile(p)
			for _, w := range []string{"三年行动计划", "苏州", "苏工", "基层基础建设示范单位", "2017年底", "启动推进年"} {
				if strings.Contains(string(b), w) {
					t.Errorf("%v: %s shows the sample's plan (%q)", flags, p, w)
				}
			}
			return nil
		})
		_, err := os.Stat(filepath.Join(dir, "layouts", "baseof.html"))
		if withLayouts := flags != nil; withLayouts != (err == nil) {
			t.Errorf("%v: layouts/baseof.html copied = %v", flags, err == nil)
		}
		// Every setting of config.toml is explained: each key line has a
		// comment, or follows a commented header.
		cfg, _ := os.ReadFile(filepath.Join(dir, "config.toml"))
		for i, l := range strings.Split(string(cfg), "\n") {
			if strings.Contains(l, " = ") && !strings.HasPrefix(l, "#") && !strings.Contains(l, "#") && !strings.HasPrefix(l, "id =") &&
				!strings.HasPrefix(l, "name =") && !strings.HasPrefix(l, "tier =") && !strings.HasPrefix(l, "year =") &&
				!strings.HasPrefix(l, "source =") && !strings.HasPrefix(l, "off =") && !strings.HasPrefix(l, "work =") &&
				!strings.HasPrefix(l, "value =") && !strings.HasPrefix(l, "reason =") && !strings.HasPrefix(l, "description =") &&
				!strings.HasPrefix(l, "start =") && !strings.HasPrefix(l, "end =") && !strings.HasPrefix(l, "summary =") {
				t.Errorf("config.toml:%d has no comment: %s", i+1, l)
			}
		}
	}
	// A directory with anything in it is refused and left alone.
	dir := starter(t)
	before, _ := os.ReadFile(filepath.Join(dir, "config.toml"))
	if code, out := run(t, "init", dir); code != ExitUsage || !strings.Contains(out, "不是空的") {
		t.Errorf("init of a full directory = %d:\n%s", code, out)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "config.toml")); string(after) != string(before) {
		t.Error("init changed an existing config.toml")
	}
}

// TestNew makes a file of every section in a new portal, compares each
// with testdata/new/NAME.md, and checks that the portal still builds.
func TestNew(t *testing.T) {
	dir := starter(t)
	tests := []struct {
		name string
		args []string
		file string
	}{
		{"notice", []string{"notices", "关于开展“会员评家”活动的通知"}, "content/notices/2026-11-25-1.md"},
		{"notice-second", []string{"notice", "关于表彰2026年度模范职工之家的通知"}, "content/notices/2026-11-25-2.md"},
		{"report", []string{"reports", "2026年度基层工会建设情况通报"}, "content/reports/2026-11-25-1.md"},
		{"case", []string{"case", "--unit", "shili-jingmi", "车间里的职工书屋"}, "content/cases/2026-11-25-1.md"},
		{"disclosure", []string{"disclosure", "--unit", "shili-jingmi", "--category", "finance", "2026年度工会经费收支情况公示"}, "content/disclosures/2026-11-25-1.md"},
		{"unit", []string{"unit", "--parent", "city", "--slug", "xinhua-keji", "示例新华科技有限公司工会"}, "content/units/xinhua-keji.md"},
		{"unit-kind-district", []string{"units", "--parent", "city", "--kind", "district", "--district", "xicheng", "--slug", "xicheng-zgh", "西城区总工会"}, "content/units/xicheng-zgh.md"},
		{"page", []string{"page", "--slug", "guide", "--date", "2026年12月1日", "办事指南"}, "content/guide.md"},
	}
	for _, tt := range tests {
		code, out := run(t, append([]string{"new", "--source", dir}, tt.args...)...)
		if code != ExitOK {
			t.Fatalf("%s: new = %d:\n%s", tt.name, code, out)
		}
		if !strings.Contains(out, filepath.Join(dir, filepath.FromSlash(tt.file))) || !strings.Contains(out, "gongkai serve --source") {
			t.Errorf("%s: the output does not name the file or how to preview:\n%s", tt.name, out)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.file)))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		golden := filepath.Join("testdata", "new", tt.name+".md")
		if *update {
			os.WriteFile(golden, got, 0o644)
			continue
		}
		if want, _ := os.ReadFile(golden); string(got) != string(want) {
			t.Errorf("%s: %s differs from %s:\n%s", tt.name, tt.file, golden, got)
		}
	}
	// Untouched, each new page is an error: its body is the archetype's
	// placeholder, not to be published.
	code, out := run(t, "check", "--source", dir)
	if code == ExitOK || strings.Count(out, "正文还是新建时的样板文字") != len(tests) {
		t.Errorf("untouched new files: check = %d, want an error for each of %d:\n%s", code, len(tests), out)
	}
	writeBodies(t, dir)
	if code, out := run(t, "check", "--source", dir); code != ExitOK {
		t.Errorf("the new files, written, do not pass check:\n%s", out)
	}
}

// writeBodies does what an author does after gongkai new: the body's
// placeholder becomes text, an empty 主送机关 is filled in.
func writeBodies(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines := strings.Split(string(b), "\n")
		for i, l := range lines {
			for _, ph := range content.Placeholders {
				if strings.Contains(l, ph) {
					lines[i] = "本单位按计划完成了各项工作。"
				}
			}
			if strings.HasPrefix(l, `recipients = ""`) {
				lines[i] = `recipients = "各市、区总工会"`
			}
		}
		return os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644)
	})
}

func TestNewRefuses(t *testing.T) {
	dir := starter(t)
	notice := filepath.Join(dir, "content", "notices", "2026-01-10-1.md")
	before, _ := os.ReadFile(notice)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"overwrite", []string{"notices", "--slug", "2026-01-10-1", "标题"}, []string{"已经存在，不会覆盖它"}},
		{"unit misspelled", []string{"disclosure", "--unit", "shili-jingmy", "--category", "finance", "公示"}, []string{`--unit：单位 "shili-jingmy" 不存在。是不是指 shili-jingmi（示例精密机械有限公司工会）？`, "没有新建文件"}},
		{"unit by its name", []string{"disclosure", "--unit", "示例精密机械有限公司工会", "--category", "finance", "公示"}, []string{"是不是指 shili-jingmi（示例精密机械有限公司工会）？"}},
		{"category misspelled", []string{"disclosure", "--unit", "shili-jingmi", "--category", "finanse", "公示"}, []string{`--category：没有 "finanse" 这个公开类别。是不是想写 finance？可选 finance（经费收支）、election（换届选举）`}},
		{"no unit or category", []string{"disclosure", "公示"}, []string{"要写明所属单位：--unit", "要写明公开类别：--category 类别，可选 finance（经费收支）"}},
		{"parent misspelled", []string{"unit", "--parent", "cty", "某工会"}, []string{`--parent：单位 "cty" 不存在。是不是指 city（示例市总工会）？`}},
		{"kind misspelled", []string{"unit", "--kind", "enterprize", "某工会"}, []string{"是不是想写 enterprise？"}},
		{"section misspelled", []string{"notise", "标题"}, []string{"没有“notise”这个栏目。是不是想写 notices（通知公告）？"}},
		{"no title", []string{"notices"}, []string{"要写标题"}},
		{"slug not ascii", []string{"notices", "--slug", "通知 2026", "标题"}, []string{"只能用小写英文字母、数字和连字符", "--slug 2026"}},
		{"bad date", []string{"notices", "--date", "2026-13-01", "标题"}, []string{"不是有效的日期"}},
	}
	for _, tt := range tests {
		code, out := run(t, append([]string{"new", "--source", dir}, tt.args...)...)
		if code != ExitUsage {
			t.Errorf("%s: exit %d, want %d:\n%s", tt.name, code, ExitUsage, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, w, out)
			}
		}
	}
	if after, _ := os.ReadFile(notice); string(after) != string(before) {
		t.Error("new changed an existing file")
	}
	for _, sub := range []string{"notices", "disclosures", "units"} {
		entries, _ := os.ReadDir(filepath.Join(dir, "content", sub))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "2026-11-25") || e.Name() == "某工会.md" {
				t.Errorf("a refused new left %s/%s", sub, e.Name())
			}
		}
	}
}

// TestNewSiteArchetype: a site's layouts/archetypes/ wins over the default.
func TestNewSiteArchetype(t *testing.T) {
	dir := starter(t)
	own := "+++\ntitle = {{ quote .Title }}\ndate = {{ .Date }}\nperiod = \"本会自定\"\n+++\n"
	os.MkdirAll(filepath.Join(dir, "layouts", "archetypes"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts", "archetypes", "reports.md"), []byte(own), 0o644)
	if code, out := run(t, "new", "--source", dir, "reports", "通报"); code != ExitOK {
		t.Fatalf("new = %d:\n%s", code, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "content", "reports", "2026-11-25-1.md"))
	if want := "+++\ntitle = \"通报\"\ndate = 2026-11-25\nperiod = \"本会自定\"\n+++\n"; string(got) != want {
		t.Errorf("got\n%s", got)
	}
}

// TestNewAtOnce runs six gongkai new notices at once: each notice gets
// its own file and its own 发文字号.
func TestNewAtOnce(t *testing.T) {
	dir := starter(t)
	const n = 6
	codes := make([]int, n)
	outs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { codes[i], outs[i] = run(t, "new", "notices", "--source", dir, fmt.Sprintf("通知%d", i)) })
	}
	wg.Wait()
	seen := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "content", "notices", "*.md"))
	for i := range n {
		if codes[i] != ExitOK {
			t.Fatalf("new %d = %d:\n%s", i, codes[i], outs[i])
		}
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "doc_number = ") {
				if other, ok := seen[l]; ok {
					t.Errorf("%s and %s both have %s", filepath.Base(other), filepath.Base(f), l)
				}
				seen[l] = f
			}
		}
	}
	if len(seen) < n {
		t.Errorf("%d distinct 发文字号 among %d files", len(seen), len(files))
	}
}
