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
	for _, name := range fset.Args() {
		if err := fixFile(name); err != nil {
			fmt.Fprintf(env.Stderr, "%s: %v\n", name, err)
			code = ExitContent
			continue
		}
	}
	if code == ExitOK {
		fmt.Fprintf(env.Stderr, "完成：检查了 %d 个文件。\n", fset.NArg())
	}
	return code
}

func fixFile(name string) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if utf8.Valid(raw) {
		return nil // already UTF-8: nothing to do
	}
	text, ok := content.DecodeGB18030(raw)
	if !ok {
		return fmt.Errorf("既不是 UTF-8 也不是 GBK/GB18030 编码（第 %d 字节无法识别），未修改 (not UTF-8 or GB18030; left unchanged)", content.FirstInvalid(raw)+1)
	}
	orig := name + ".orig"
	if _, err := os.Stat(orig); err == nil {
		return fmt.Errorf("%s 已存在，为免覆盖原件，请先移走它 (%s exists; move it away first)", orig, orig)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(orig, raw, st.Mode().Perm()); err != nil {
		return err
	}
	return os.WriteFile(name, text, st.Mode().Perm())
}
