package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"unicode/utf8"

	"gongkai/generator/content"
)

// runFixEncoding rewrites GBK/GB18030 files as UTF-8, keeping each original
// as FILE.orig. Line ends are left as they are.
func runFixEncoding(env Env, args []string) int {
	fset := newFlags(env, "fix-encoding")
	if code := parseFlags(fset, args); code >= 0 {
		return code
	}
	if fset.NArg() == 0 {
		fset.Usage()
		return ExitUsage
	}
	code := ExitOK
	converted := 0
	for _, name := range fset.Args() {
		done, err := fixFile(name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s：%v\n", name, err)
			code = ExitContent
			continue
		}
		if done {
			converted++
			fmt.Fprintf(env.Stderr, "已转换为 UTF-8：%s（原文件保存为 %s.orig，确认无误后可以删除；它不会被发布）\n", name, name)
		} else {
			fmt.Fprintf(env.Stderr, "已经是 UTF-8，没有改动：%s\n", name)
		}
	}
	if code == ExitOK {
		fmt.Fprintf(env.Stderr, "完成：%d 个文件中转换了 %d 个。\n", fset.NArg(), converted)
	}
	return code
}

// fixFile converts one file; false when it was UTF-8 already.
func fixFile(name string) (bool, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return false, err
	}
	if utf8.Valid(raw) {
		return false, nil
	}
	text, ok := content.DecodeGB18030(raw)
	if !ok {
		return false, fmt.Errorf("既不是 UTF-8 也不是 GBK/GB18030 编码（第 %d 字节无法识别），没有修改", content.FirstInvalid(raw)+1)
	}
	orig := name + ".orig"
	if _, err := os.Stat(orig); err == nil {
		return false, fmt.Errorf("%s 已存在，为免覆盖上次保存的原件，没有修改；请先移走或删除它", orig)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	st, err := os.Stat(name)
	if err != nil {
		return false, err
	}
	if err := os.WriteFile(orig, raw, st.Mode().Perm()); err != nil {
		return false, err
	}
	return true, os.WriteFile(name, text, st.Mode().Perm())
}
