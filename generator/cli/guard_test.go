package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/generator/pii/piitest"
)

// TestGuardSummary: check and build name the numbers let through (with
// their reasons) and the published files that could not be read; with
// pii_unscanned = "error" those files stop the build.
func TestGuardSummary(t *testing.T) {
	site := t.TempDir()
	base := "../builder/testdata/bad/_base/"
	config, err := os.ReadFile(base + "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	unit, _ := os.ReadFile(base + "content/units/hongqiao.md")
	files := map[string][]byte{
		"config.toml":                 append(config, "[[pii_exceptions]]\nvalue = \"139 0000 0001\"\nreason = \"工会服务热线，对外公布\"\n"...),
		"content/units/hongqiao.md":   unit,
		"content/notices/b/index.md":  []byte("+++\ntitle = \"通知\"\ndate = 2016-01-01\n+++\n热线 139-0000-0001。\n"),
		"content/notices/b/扫描件.pdf":   piitest.PDF([][]string{{}}),
		"content/notices/b/名单.xlsx":   piitest.XLSX([]string{"名单"}, map[string][]piitest.Cell{"名单": {{Ref: "A1", Text: "138****8000"}}}),
		"content/notices/b/photo.jpg": []byte("\xff\xd8\xff\xe0"),
		"static/files/通讯录-UTF16.csv":  piitest.UTF16("姓名,电话\r\n办公室,0512-67154265\r\n", false, true),
	}
	for name, data := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out := run(t, "check", "--source", site)
	for _, want := range []string{
		"放行 2 个号码",
		"139 0000 0001（工会服务热线，对外公布）",
		"1 个发布的文件无法检查",
		"content/notices/b/扫描件.pdf：PDF 中没有可提取的文字（可能是扫描件）",
		`pii_unscanned = "error"`,
		"1 张图片未检查（不识别图片中的文字）",
		"检查通过",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if code != ExitOK {
		t.Errorf("check = %d, want %d", code, ExitOK)
	}

	os.WriteFile(filepath.Join(site, "config.toml"), append([]byte("pii_unscanned = \"error\"\n"), files["config.toml"]...), 0o644)
	dest := filepath.Join(t.TempDir(), "public")
	code, out = run(t, "build", "--source", site, "--dest", dest)
	if code != ExitContent || !strings.Contains(out, "content/notices/b/扫描件.pdf: 错误：无法检查此文件中是否有个人信息") {
		t.Errorf("build = %d, want %d and the PDF named as an error:\n%s", code, ExitContent, out)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err == nil {
		t.Error("a failed build wrote the site")
	}
}
