package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallSite writes a site of two pages, with no log yet.
func smallSite(t *testing.T, extraConfig string) string {
	t.Helper()
	dir := t.TempDir()
	cfg, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"config.toml":          string(cfg) + "\n" + extraConfig,
		"content/notices/a.md": "+++\ntitle = \"关于开展职工之家建设的通知\"\ndate = 2016-03-01\nsummary = \"请各单位开展职工之家建设。\"\n+++\n请各单位开展职工之家建设。\n",
		"content/cases/b.md":   "+++\ntitle = \"案例\"\ndate = 2016-04-01\n+++\n案例正文。\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReviewCommand(t *testing.T) {
	dir := smallSite(t, "[review]\nrequired = true\nroles = [\"审核\", \"签发\"]\n")
	a := filepath.Join(dir, "content/notices/a.md")
	code, out := run(t, "review", "--source", dir)
	if code != ExitOK || !strings.Contains(out, "待审核签发的页面（2 篇，共 2 篇）") || !strings.Contains(out, "content/notices/a.md  《关于开展职工之家建设的通知》  待审核：缺审核、签发") {
		t.Fatalf("review: %d\n%s", code, out)
	}
	if code, out := run(t, "build", "--source", dir); code != ExitContent || !strings.Contains(out, "content/notices/a.md:2: 错误：缺少审核") {
		t.Fatalf("an unsigned build: %d\n%s", code, out)
	}
	for _, f := range []string{a, filepath.Join(dir, "content/cases/b.md")} {
		for _, r := range [][2]string{{"审核", "李明"}, {"签发", "王芳"}} {
			if code, out := run(t, "review", "sign", f, "--role", r[0], "--name", r[1], "--date", "2026-11-20"); code != ExitOK || !strings.Contains(out, "已记录") {
				t.Fatalf("sign: %d\n%s", code, out)
			}
		}
	}
	if code, out := run(t, "review", "sign", a, "--role", "批准", "--name", "某"); code != ExitContent || !strings.Contains(out, "未知的角色“批准”") {
		t.Errorf("an unknown role: %d\n%s", code, out)
	}
	if code, out := run(t, "review", "--source", dir); code != ExitOK || !strings.Contains(out, "全部 2 篇都已审核签发") {
		t.Fatalf("review after signing: %d\n%s", code, out)
	}
	form := filepath.Join(t.TempDir(), "表.html")
	if code, out := run(t, "review", a, "--source", dir, "--out", form); code != ExitOK {
		t.Fatalf("review FILE: %d\n%s", code, out)
	}
	html, _ := os.ReadFile(form)
	for _, want := range []string{"信息发布审核表", "关于开展职工之家建设的通知", "审核人：李明", "签发人：王芳", "2026年11月20日", "请各单位开展职工之家建设。", "@page { size: A4"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if code, out := run(t, "build", "--source", dir); code != ExitOK {
		t.Fatalf("a signed build: %d\n%s", code, out)
	}
	// An edit voids the sign-off.
	text, _ := os.ReadFile(a)
	os.WriteFile(a, []byte(strings.Replace(string(text), "请各单位开展", "请各单位尽快开展", 1)), 0o644)
	if code, out := run(t, "review", "--source", dir); !strings.Contains(out, "签发后有改动（2026-11-20 签发后改过，须全部重签）") {
		t.Errorf("review after an edit: %d\n%s", code, out)
	}
	if code, out := run(t, "build", "--source", dir); code != ExitContent || !strings.Contains(out, "这篇在 2026-11-20 签发后内容有改动，原来的审核签发已失效") {
		t.Errorf("a build after an edit: %d\n%s", code, out)
	}
}

func TestVerifyCommand(t *testing.T) {
	dir := smallSite(t, "")
	dest := filepath.Join(dir, "public")
	if code, out := run(t, "build", "--source", dir); code != ExitOK {
		t.Fatalf("build: %d\n%s", code, out)
	}
	if code, out := run(t, "verify", dest); code != ExitOK || !strings.Contains(out, "修订记录 2 条，链条完整；2 个页面的正文都与最后一条记录一致") {
		t.Fatalf("verify: %d\n%s", code, out)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()
	if code, out := run(t, "verify", srv.URL+"/"); code != ExitOK || !strings.Contains(out, "2 个页面的正文都与最后一条记录一致") {
		t.Fatalf("verify URL: %d\n%s", code, out)
	}
	page := filepath.Join(dest, "cases/b/index.html")
	b, _ := os.ReadFile(page)
	os.WriteFile(page, []byte(strings.Replace(string(b), "案例正文。</p>", "案例正文已改。</p>", 1)), 0o644)
	for _, target := range []string{dest, srv.URL} {
		if code, out := run(t, "verify", target); code != ExitContent || !strings.Contains(out, "不符：/cases/b/：正文与修订记录第 1 条（2026-11-25 首次发布）不符") {
			t.Errorf("verify %s of a tampered page: %d\n%s", target, code, out)
		}
	}
	if code, out := run(t, "verify", filepath.Join(dir, "nowhere")); code != ExitUsage || !strings.Contains(out, "找不到目录") {
		t.Errorf("verify of nothing: %d\n%s", code, out)
	}
}
