package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/diag"
)

func run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Theme: os.DirFS("../.."), Now: func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }}
	code := Main(env, args)
	return code, out.String() + errb.String()
}

// english finds the flag package's messages and other English sentences
// an author would not follow.
var english = regexp.MustCompile(`(?i)(usage:|unknown command|flag provided|unexpected argument|error\(s\)|warning\(s\)|must name|pages ·|written \d|checked|done:)`)

func TestExitCodes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	// A build appends to its site's 修订记录: the tests build a copy, so
	// that running them never changes the repository's revisions.jsonl.
	root, _ := filepath.Abs("../..")
	sample := samplePortal(t, root)
	someone := t.TempDir()
	exported := filepath.Join(t.TempDir(), "单位.xlsx")
	os.WriteFile(filepath.Join(someone, "工作总结.docx"), []byte("mine"), 0o644)
	bad := t.TempDir()
	os.MkdirAll(filepath.Join(bad, "content", "notices"), 0o755)
	os.WriteFile(filepath.Join(bad, "config.toml"), []byte("title = \"x\"\ntitel = \"y\"\n"), 0o644)
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{nil, ExitUsage, "最常用的命令："},
		{[]string{"-h"}, ExitOK, "gongkai new"},
		{[]string{"help", "new"}, ExitOK, "用法：gongkai new"},
		{[]string{"help"}, ExitOK, "build"},
		{[]string{"frobnicate"}, ExitUsage, "gongkai 没有“frobnicate”这个命令。\n"},
		{[]string{"biuld"}, ExitUsage, "是不是想用 gongkai build"},
		{[]string{"preview"}, ExitUsage, "是不是想用 gongkai serve"},
		{[]string{"新建"}, ExitUsage, "是不是想用 gongkai new"},
		{[]string{"new", "-h"}, ExitOK, "--category 类别"},
		{[]string{"init", "-h"}, ExitOK, "--with-layouts"},
		{[]string{"serve", "-h"}, ExitOK, "--addr 地址"},
		{[]string{"build", "-h"}, ExitOK, "--base-url"},
		{[]string{"check", "-h"}, ExitOK, "--drafts"},
		{[]string{"fix-encoding", "-h"}, ExitOK, "UTF-8"},
		{[]string{"build", "--nope"}, ExitUsage, "gongkai build 没有 --nope 这个选项"},
		{[]string{"build", "--sourse", "x"}, ExitUsage, "是不是想写 --source？"},
		{[]string{"build", "--source"}, ExitUsage, "选项 --source 后面要写一个值"},
		{[]string{"build", "extra"}, ExitUsage, "gongkai build 不需要“extra”"},
		{[]string{"build", "--source", "/no/such/dir"}, ExitUsage, "找不到站点目录 /no/such/dir"},
		{[]string{"check", "--source", os.TempDir()}, ExitUsage, "里没有 config.toml"},
		{[]string{"version"}, ExitOK, "gongkai "},
		{[]string{"build", "--source", sample, "--dest", dest}, ExitOK, "个页面（重新生成 "},
		{[]string{"check", "--source", "../.."}, ExitOK, "检查通过"},
		{[]string{"check", "--source", "../..", "--memory-limit", "lots"}, ExitUsage, "内存上限“lots”无法识别"},
		{[]string{"build", "-h"}, ExitOK, "--memory-limit"},
		{[]string{"check", "--source", bad}, ExitContent, "config.toml:2:1: 错误：未知字段 titel"},
		{[]string{"check", "--source", bad}, ExitContent, "\n1 处错误，未写入任何文件。"},
		{[]string{"build", "--source", bad, "--dest", filepath.Join(bad, "public")}, ExitContent, "1 处错误，未写入任何文件，" + filepath.Join(bad, "public") + " 保持原样。"},
		{[]string{"build", "--source", "../..", "--dest", dest, "--base-url", "ftp://x"}, ExitContent, "不是有效的网址"},
		{[]string{"build", "--source", "../..", "--dest", "../.."}, ExitUsage, "站点目录本身"},
		{[]string{"build", "--source", "../..", "--dest", "../../content", "--force-dest"}, ExitUsage, "content 之内"},
		{[]string{"build", "--source", "../..", "--dest", "/"}, ExitUsage, "根目录"},
		{[]string{"build", "--source", "../..", "--dest", someone}, ExitUsage, "--force-dest"},
		{[]string{"export", "units", "--source", "../..", filepath.Join(someone, "单位.xls")}, ExitUsage, "文件名要以 .xlsx 或 .csv 结尾"},
		{[]string{"export", "units", "--source", "../.."}, ExitUsage, "要写一个输出文件名"},
		{[]string{"export", "units", "--source", "../..", exported}, ExitOK, "已导出 39 个单位 → " + exported},
	}
	for _, tt := range tests {
		code, out := run(t, tt.args...)
		if english.MatchString(out) {
			t.Errorf("gongkai %v says it in English:\n%s", tt.args, out)
		}
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("gongkai %v = %d\n%s\nwant %d and %q", tt.args, code, out, tt.code, tt.out)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Errorf("build wrote no site: %v", err)
	}
	if entries, _ := os.ReadDir(someone); len(entries) != 1 {
		t.Errorf("a refused folder was changed: %v", entries)
	}
}

func TestFixEncoding(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "通知.md")
	want := "+++\r\ntitle = \"通知\"\r\n+++\r\n正文。\r\n"
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(want))
	os.WriteFile(name, gbk, 0o644)
	code, out := run(t, "fix-encoding", name)
	if code != ExitOK {
		t.Fatalf("fix-encoding = %d: %s", code, out)
	}
	if !strings.Contains(out, "已转换为 UTF-8") || !strings.Contains(out, name+".orig") || !strings.Contains(out, "转换了 1 个") {
		t.Errorf("the output does not say what was converted and where the original is:\n%s", out)
	}
	if b, _ := os.ReadFile(name); string(b) != want {
		t.Errorf("converted = %q", b)
	}
	if b, _ := os.ReadFile(name + ".orig"); !bytes.Equal(b, gbk) {
		t.Errorf("original not kept")
	}
	// Already UTF-8: nothing to do, even though .orig exists, and it
	// says so.
	if code, out := run(t, "fix-encoding", name); code != ExitOK || !strings.Contains(out, "没有改动") || !strings.Contains(out, "转换了 0 个") {
		t.Errorf("second run: %d\n%s", code, out)
	}
	junk := filepath.Join(dir, "junk.md")
	os.WriteFile(junk, []byte{0xff, 0x00, 0xfe}, 0o644)
	if code, out := run(t, "fix-encoding", junk); code != ExitContent || !strings.Contains(out, "第 1 字节") {
		t.Errorf("junk: %d %s", code, out)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 3: "3", 999: "999", 1000: "1,000", 11033: "11,033", 1234567: "1,234,567", -1200: "-1,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWarningsOfOneKindAreCounted(t *testing.T) {
	var ws diag.List
	for i := range 8 {
		ws.Add(&diag.Error{Pos: diag.Position{File: "content/d" + strconv.Itoa(i) + ".md", Line: 3}, Msg: "公示期跨入没有节假日安排的年份", Hint: "补上 2027 年的 [[holidays]]", Severity: diag.SeverityWarning})
	}
	ws.Add(&diag.Error{Pos: diag.Position{File: "config.toml", Line: 1}, Msg: "另一条", Hint: "别的提示", Severity: diag.SeverityWarning})
	var b strings.Builder
	printWarnings(&b, ws)
	out := b.String()
	if got := strings.Count(out, "提示：补上 2027 年"); got != sameWarnings+1 {
		t.Errorf("hint printed %d times, want %d in full and once in the count:\n%s", got, sameWarnings+1, out)
	}
	for _, want := range []string{"content/d4.md:3", "别的提示", "……另有 3 条同类警告未列出"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "content/d5.md") {
		t.Errorf("the sixth warning of one kind is printed:\n%s", out)
	}
}
