package content

import (
	"fmt"
	"strings"

	"gongkai/generator/diag"
)

// bidiControls are the characters that change the direction text is shown
// in. In a title or an address they make readers see something other
// than what is there ("gpj.exe" shown as "exe.jpg"); no Chinese text
// needs them.
var bidiControls = map[rune]string{
	'\u061c': "阿拉伯字母标记", '\u200e': "从左到右标记", '\u200f': "从右到左标记",
	'\u202a': "从左到右嵌入", '\u202b': "从右到左嵌入", '\u202c': "方向格式结束", '\u202d': "从左到右覆盖", '\u202e': "从右到左覆盖",
	'\u2066': "从左到右隔离", '\u2067': "从右到左隔离", '\u2068': "首字符方向隔离", '\u2069': "方向隔离结束",
}

// bidiControl returns a description of the first direction control in
// s, or "".
func bidiControl(s string) string {
	for _, r := range s {
		if name, ok := bidiControls[r]; ok {
			return fmt.Sprintf("U+%04X（%s）", r, name)
		}
	}
	return ""
}

// checkBidi refuses direction controls in what becomes a page's title or
// address: its title, slug and tags, and its file name.
func checkBidi(p *Page) diag.List {
	var errs diag.List
	const hint = "这个字符看不见，多是从网页或聊天软件复制时带进来的：删掉这个字段的值，重新输入。"
	for _, f := range []struct{ key, label, value string }{
		{"title", "标题 title", p.Title},
		{"slug", "网址名 slug", p.Slug},
		{"tags", "标签 tags", strings.Join(p.Tags, "")},
	} {
		if c := bidiControl(f.value); c != "" {
			errs.Add(diag.Errorf(p.Pos(f.key), hint, "%s 含有改变文字方向的控制字符 %s，读者看到的文字顺序会和实际不同", f.label, c))
		}
	}
	if c := bidiControl(p.Rel); c != "" {
		errs.Add(diag.Errorf(diag.Position{File: p.File}, "把文件改名：删掉文件名，重新输入。",
			"文件名含有改变文字方向的控制字符 %s，页面网址看起来会和实际不同", c))
	}
	return errs
}
