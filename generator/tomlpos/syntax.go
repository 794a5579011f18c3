package tomlpos

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"gongkai/generator/diag"
)

// parseError turns a TOML syntax error into an author message: the TOML
// library's English message is recognized by kind and said again in plain
// Chinese, with a hint for the mistake people make on Chinese keyboards.
func parseError(src Source, err error) *diag.Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return diag.Errorf(diag.Position{File: src.File, Line: src.Line}, hintGeneric, "这段 TOML 无法读取")
	}
	lines := strings.Split(src.Text, "\n")
	n := pe.Position.Line
	if n < 1 {
		n = 1
	}
	line := ""
	if n <= len(lines) {
		line = lines[n-1]
	}
	// A character expected before a line break is reported on the next
	// line, past its end: it belongs to the line before.
	if n > 1 && strings.Contains(pe.Message, `'\n'`) && pe.Position.Col > utf8.RuneCountInString(line)+1 {
		n--
		line = lines[n-1]
		pe.Position.Col = utf8.RuneCountInString(line) + 1
	}
	s := syntax{msg: pe.Message, line: line, col: pe.Position.Col}
	msg, hint := s.explain()
	if s.col < 1 {
		s.col = 1
	}
	if d, ok := s.firstDefinition(lines[:min(n-1, len(lines))]); ok {
		hint = fmt.Sprintf("%s（第一次写在第 %d 行）。", strings.TrimSuffix(hint, "。"), src.Line+d-1)
	}
	pos := diag.Position{File: src.File, Line: src.Line + n - 1, Col: s.col}
	return diag.Errorf(pos, hint, "%s", msg)
}

// parseErrors reports a syntax error and the ones after it: where the
// line of an error is one whole key = value, it is set aside and the text
// parsed again, so that an author fixes a file's mistakes in one go
// instead of one build each. A line that opens a multi-line string, array
// or table, or is not a key = value, ends the search: setting it aside
// would make errors of its own. When every error was set aside, the text
// without them is returned too, for the rest of the file to be decoded.
func parseErrors(src Source, err error) (diag.List, string) {
	var out diag.List
	text := src.Text
	for range 20 {
		e := parseError(Source{File: src.File, Text: text, Line: src.Line}, err)
		out = append(out, e)
		lines := strings.Split(text, "\n")
		i := e.Pos.Line - src.Line
		if i < 0 || i >= len(lines) || !standsAlone(lines[i]) {
			break
		}
		lines[i] = "#"
		text = strings.Join(lines, "\n")
		var top map[string]toml.Primitive
		if _, err = toml.Decode(text, &top); err == nil {
			return out, text
		}
	}
	return out, ""
}

var reKeyValue = regexp.MustCompile(`^\s*[A-Za-z0-9_\-."']+\s*[=＝]`)

// standsAlone reports whether a line is a key = value of its own.
func standsAlone(line string) bool {
	if !reKeyValue.MatchString(line) || strings.Contains(line, `"""`) || strings.Contains(line, "'''") {
		return false
	}
	return strings.Count(line, "[") == strings.Count(line, "]") && strings.Count(line, "{") == strings.Count(line, "}")
}

// syntax is one TOML syntax error: the library's message, the line it is
// on and the column reported (which explain may move to the value).
type syntax struct {
	msg  string
	line string
	col  int
	dup  string // the key defined twice, for firstDefinition
}

const (
	hintGeneric    = "检查这一行的写法：字段名 = 值，文本用英文双引号括起来，日期写成 2015-04-07。"
	hintQuotes     = `TOML 的文本要用英文半角双引号 " 括起来，如 title = "关于……的通知"；文本里面的中文引号可以保留。`
	hintEquals     = "请改成半角等号 =（切换到英文输入法再输入）。"
	hintList       = `列表的各项用英文半角逗号 , 分隔，整个列表用英文方括号括起来，如 tags = ["职代会", "厂务公开"]。`
	hintNumber     = "数字只写阿拉伯数字，不带单位、百分号和千位分隔符，如 employees = 3000；比例写成小数，如 0.85。"
	hintTableName  = "表名写成 [status.2016] 这样：英文半角方括号，单独占一行。"
	hintDateFormat = "日期写成 2015-04-07（年-月-日，半角数字，月和日各两位，不加引号）；需要时刻时写成 2015-04-07T09:30:00。"
)

var (
	reFoundValue = regexp.MustCompile(`^expected value but found (.+) instead$`)
	reKeyEnd     = regexp.MustCompile(`^expected '\.' or '=', but got (.+) instead$`)
	reLineEnd    = regexp.MustCompile(`^expected a top-level item to end with a newline, comment, or EOF, but got (.+) instead$`)
	reListSep    = regexp.MustCompile(`^expected a comma \(','\) or array terminator \('\]'\), but got (.+)$`)
	reInlineSep  = regexp.MustCompile(`^expected a comma or an inline table terminator '\}', but got (.+) instead$`)
	reDatetime   = regexp.MustCompile(`^invalid datetime: (".*")$`)
	reDuplicate  = regexp.MustCompile(`^Key '(.+)' (has already been defined|was already created)`)
	reEscape     = regexp.MustCompile(`^invalid escape in string '\\(.+)'$`)
	reLeadZero   = regexp.MustCompile(`^Invalid integer (".*"): cannot have leading zeroes$`)
	reBadNumber  = regexp.MustCompile(`^Invalid (integer|float) (value: )?(".*")`)
	// A date the way it is written in Chinese or with slashes or dots:
	// 2017年12月20日, 2017/12/20, 2017.12.20, 2017-1-5.
	reLooseDate = regexp.MustCompile(`^"?\s*(\d{4})\s*[年/.\-－]\s*(\d{1,2})\s*[月/.\-－]\s*(\d{1,2})\s*日?\s*"?`)
)

// explain returns the message and the hint for s, recognizing the TOML
// library's messages by kind. Anything it does not know still gets a
// Chinese message and a hint drawn from the line itself.
func (s *syntax) explain() (msg, hint string) {
	key := s.key()
	switch m := s.msg; {
	case reFoundValue.MatchString(m):
		return s.badValue(key, unquote(reFoundValue.FindStringSubmatch(m)[1]))
	case m == "unexpected EOF; expected key separator '='":
		return fmt.Sprintf("%s 后面缺少等号和值", strings.TrimSpace(s.line)), "每一行写成 字段名 = 值，如 title = \"示例\"；正文要写在结束的 +++ 之后。"
	case m == "unexpected EOF; expected value":
		return fmt.Sprintf("字段 %s 的等号后面没有值", key), `写上值，如 title = "示例"；不需要这个字段就删掉这一行。`
	case reKeyEnd.MatchString(m):
		return s.badKey(key, unquote(reKeyEnd.FindStringSubmatch(m)[1]))
	case reLineEnd.MatchString(m):
		return s.trailing(key, unquote(reLineEnd.FindStringSubmatch(m)[1]))
	case m == "strings cannot contain newlines" || m == `unexpected EOF; expected '"'`:
		return s.unclosed(key, `"`)
	case m == `unexpected EOF; expected "'"`:
		return s.unclosed(key, `'`)
	case m == `unexpected EOF; expected '"""'` || m == `unexpected EOF; expected "'''"`:
		q := m[len(m)-4 : len(m)-1]
		return fmt.Sprintf("多行文本缺少结尾的 %s", q), fmt.Sprintf("在多行文本的最后补上 %s；它要在 +++ 之前。", q)
	case reDatetime.MatchString(m):
		return s.badDate(key, unquote(reDatetime.FindStringSubmatch(m)[1]))
	case reDuplicate.MatchString(m):
		s.dup = reDuplicate.FindStringSubmatch(m)[1]
		s.col = indentCols(s.line) + 1
		if strings.HasPrefix(strings.TrimSpace(s.line), "[") {
			return fmt.Sprintf("表 [%s] 写了两次", s.dup), "同一个表只能有一个 [表名] 行：把两处的字段合到一处，删掉多余的表名行。"
		}
		return fmt.Sprintf("字段 %s 写了两次", s.dup), "一个字段只能写一次：保留正确的一行，删掉另一行。"
	case reListSep.MatchString(m):
		got := reListSep.FindStringSubmatch(m)[1]
		switch got {
		case "'，'":
			return "列表里用了中文逗号，", hintList
		case "end of file":
			return fmt.Sprintf("列表 %s 缺少结尾的 ]", key), hintList
		}
		return fmt.Sprintf("列表 %s 的各项之间缺少英文逗号", key), hintList
	case m == "unexpected comma":
		return fmt.Sprintf("%s 里多了一个逗号", key), "删掉多余的逗号：两个逗号之间要有一项，" + hintList
	case reInlineSep.MatchString(m):
		return fmt.Sprintf("字段 %s 的花括号 { } 没有写完整", key), "花括号里的各项用英文逗号分隔，整个写在同一行，以 } 结束，如 figures = { staff_congress = 0.9 }。"
	case reEscape.MatchString(m):
		return fmt.Sprintf("文本里的反斜杠 \\ 后面跟了“%s”", reEscape.FindStringSubmatch(m)[1]),
			`英文双引号里的反斜杠 \ 有特殊含义。路径请用正斜杠 /，如 "files/附件.doc"；或者把整段文本改用英文单引号括起来：'C:\附件.doc'。`
	case reLeadZero.MatchString(m):
		v := unquote(reLeadZero.FindStringSubmatch(m)[1])
		return fmt.Sprintf("数字 %s 不能以 0 开头", v), fmt.Sprintf("去掉开头的 0，如 %s = %s；编号一类要保留 0 的，加英文双引号写成文本：%s = \"%s\"。", key, strings.TrimLeft(v, "0"), key, v)
	case reBadNumber.MatchString(m):
		v := unquote(reBadNumber.FindStringSubmatch(m)[3])
		if d, ok := looseDate(v); ok {
			s.col = s.valueCol()
			return fmt.Sprintf("日期 %s 的写法不对", v), fmt.Sprintf("改成 %s = %s（年-月-日，用连字符 - 连接）。", key, d)
		}
		return fmt.Sprintf("数字 %s 的写法不对", v), hintNumber
	case strings.HasPrefix(m, "floats must start with a digit"):
		return "小数要以数字开头", "在小数点前写上 0，如 0.5。"
	case strings.HasPrefix(m, "expected '.' or ']' to end table name") || strings.HasPrefix(m, "expected end of table array name delimiter") ||
		strings.HasPrefix(m, "unexpected end of table name") || strings.HasPrefix(m, "unexpected table separator"):
		return "表名的方括号没有写完整", hintTableName
	case strings.HasPrefix(m, "unexpected '='"):
		return "等号前面缺少字段名", "每一行写成 字段名 = 值，如 title = \"示例\"。"
	case strings.HasPrefix(m, "unexpected '.'"):
		return "字段名不能以点 . 开头或结尾", "字段名写成 title、doc_number 这样的英文名。"
	case strings.HasPrefix(m, "TOML files cannot contain control characters"):
		return "这一行有看不见的控制字符", "从 Word、网页或聊天软件复制的文字有时带着控制字符：删掉这一行，重新输入。"
	case strings.HasPrefix(m, "invalid UTF-8"), strings.HasPrefix(m, "files cannot contain NULL bytes"):
		return "文件里有无法识别的字节", "用编辑器把文件另存为 UTF-8 编码；Windows 记事本保存的 GBK 文件可用 gongkai fix-encoding 转换。"
	case strings.Contains(m, "out of range"):
		return "数字太大", hintNumber
	}
	return "这一行不符合 TOML 的写法", lineHint(s.line)
}

// badValue explains a value that does not start like any TOML value.
func (s *syntax) badValue(key, found string) (string, string) {
	r, _ := utf8.DecodeRuneInString(found)
	switch {
	case strings.ContainsRune("“”＂", r):
		return fmt.Sprintf("字段 %s 的文本用了%s", key, charName(r)), hintQuotes
	case strings.EqualFold(found, "true") || strings.EqualFold(found, "false"):
		return fmt.Sprintf("字段 %s 的 %s 要写成小写的 %s", key, found, strings.ToLower(found)), fmt.Sprintf("写成 %s = %s（小写英文，不加引号）。", key, strings.ToLower(found))
	case found == "是" || found == "否" || found == "对" || found == "错":
		return fmt.Sprintf("字段 %s 的值“%s”要写成 true 或 false", key, found), fmt.Sprintf("是写 %s = true，否写 %s = false（不加引号）。", key, key)
	case r == '[' || r == '{' || r == '"' || r == '\'':
		return fmt.Sprintf("字段 %s 的值写法有误", key), lineHint(s.line)
	case r == '［' || r == '【':
		return fmt.Sprintf("字段 %s 的列表用了全角方括号%c", key, r), hintList
	}
	if _, ok := looseDate(found); ok {
		return s.badDate(key, found)
	}
	if d, ok := looseDate(halfWidth(cutComment(s.rawValue()))); ok && halfWidth(found) != found {
		s.col = s.valueCol()
		return fmt.Sprintf("字段 %s 的日期“%s”用了全角数字", key, strings.TrimSpace(cutComment(s.rawValue()))),
			fmt.Sprintf("切换到英文输入法，改成 %s = %s（年-月-日，半角数字，不加引号）。", key, d)
	}
	if n, ok := halfWidthNumber(cutComment(s.rawValue())); ok {
		s.col = s.valueCol()
		return fmt.Sprintf("字段 %s 的数字“%s”用了全角数字", key, strings.TrimSpace(cutComment(s.rawValue()))),
			fmt.Sprintf("切换到英文输入法，改成半角数字：%s = %s（不加引号）。", key, n)
	}
	return fmt.Sprintf("字段 %s 的文本“%s”没有加英文双引号", key, s.rawValue()),
		fmt.Sprintf(`文本要用英文半角双引号括起来：%s = "%s"`, key, strings.Trim(s.rawValue(), `"“”＂`))
}

// badKey explains what follows a key where "=" was expected.
func (s *syntax) badKey(key, got string) (string, string) {
	r, _ := utf8.DecodeRuneInString(got)
	switch {
	case r == '＝':
		return "这一行用了全角等号＝", hintEquals
	case r == '：' || r == ':':
		if r == ':' {
			return "字段名和值之间用了冒号 :", "这像是 YAML 写法。本站的前置信息用 TOML：字段名和值之间用 =，文本加英文双引号，如 title = \"示例\"。"
		}
		return "字段名和值之间用了中文冒号：", "TOML 用半角等号 = 连接字段名和值，不用冒号：，如 title = \"示例\"。"
	case r == '\u3000':
		return "这一行有全角空格", "把全角空格删掉或换成半角空格（切换到英文输入法）。"
	case r == '\n' || got == "" || got == "'\\n'":
		return fmt.Sprintf("%s 后面缺少等号和值", strings.TrimSpace(s.line)), "每一行写成 字段名 = 值，如 title = \"示例\"；正文要写在结束的 +++ 之后。"
	case r >= utf8.RuneSelf && s.col <= indentCols(s.line)+1:
		return fmt.Sprintf("字段名“%s”不是英文", strings.TrimSpace(before(s.line, "=＝"))),
			"字段名是固定的英文名，如 title、date、doc_number、unit，见 docs/authoring.md 的字段表；中文写在等号后面的值里。"
	}
	return fmt.Sprintf("字段名“%s”里有空格或不允许的字符", strings.TrimSpace(before(s.line, "=＝"))),
		"字段名只用英文字母、数字、下划线和连字符，中间不能有空格，如 doc_number。"
}

// trailing explains text left after a complete value: a date in Chinese
// form, a number with a unit, a second string.
func (s *syntax) trailing(key, got string) (string, string) {
	raw := s.rawValue()
	if d, ok := looseDate(raw); ok {
		s.col = s.valueCol()
		return fmt.Sprintf("日期 %s 的写法不对", strings.TrimSpace(cutComment(raw))), fmt.Sprintf("改成 %s = %s（年-月-日，半角数字，用连字符 - 连接，不加引号）。", key, d)
	}
	r, _ := utf8.DecodeRuneInString(got)
	if raw != "" && raw[0] >= '0' && raw[0] <= '9' || raw != "" && raw[0] == '-' {
		return fmt.Sprintf("字段 %s 的数字后面多了“%s”", key, got), hintNumber
	}
	if strings.ContainsRune("“”＂", r) || strings.ContainsAny(raw, "“”＂") {
		return fmt.Sprintf("字段 %s 的文本没有用英文双引号括好", key), hintQuotes
	}
	if r == '"' || r == '\'' || strings.HasPrefix(raw, "'") {
		return fmt.Sprintf("字段 %s 的文本后面还有内容", key), `文本里要用引号时，用中文引号“”，或把英文引号写成 \"；一行只写一个字段。`
	}
	return fmt.Sprintf("字段 %s 的值后面多了“%s”", key, got), "一行只写一个字段；值后面要写说明时，用 # 开头的注释。"
}

// unclosed explains a string without its closing quote.
func (s *syntax) unclosed(key, q string) (string, string) {
	name := "英文双引号"
	if q == "'" {
		name = "英文单引号"
	}
	if strings.ContainsAny(s.line, "”＂") {
		return fmt.Sprintf("字段 %s 的文本结尾用了中文引号", key), hintQuotes
	}
	s.col = s.valueCol()
	return fmt.Sprintf("字段 %s 的文本缺少结尾的%s %s", key, name, q),
		fmt.Sprintf(`在这一行文本的末尾补上 %s；文本要写在同一行内，需要多行时用三个双引号 """ 括起来。`, q)
}

// badDate explains a date TOML could not read.
func (s *syntax) badDate(key, v string) (string, string) {
	s.col = s.valueCol()
	if d, ok := looseDate(v); ok && d != v {
		return fmt.Sprintf("日期 %s 的写法不对", v), fmt.Sprintf("改成 %s = %s（年-月-日，月和日各两位）。", key, d)
	}
	return fmt.Sprintf("日期 %s 不存在", v), "检查月份是否在 1 到 12 之间、这一天在这个月里是否存在（如 2 月没有 30 日）。" + hintDateFormat
}

// firstDefinition finds the line (1-based, within lines) on which a key
// reported twice was first written.
func (s *syntax) firstDefinition(lines []string) (int, bool) {
	if s.dup == "" {
		return 0, false
	}
	table := ""
	for i, l := range lines {
		t := strings.TrimSpace(cutComment(l))
		if strings.HasPrefix(t, "[") {
			table = strings.Trim(t, "[] ")
			if table == s.dup {
				return i + 1, true
			}
			continue
		}
		if eq := keyEnd(t); eq > 0 {
			k := strings.Join(splitKey(t[:eq]), ".")
			if table != "" {
				k = table + "." + k
			}
			if k == s.dup {
				return i + 1, true
			}
		}
	}
	return 0, false
}

// key is the key written on the line, or "这一行" when there is none.
func (s *syntax) key() string {
	k := strings.TrimSpace(before(s.line, "=＝"))
	if k == "" || strings.HasPrefix(k, "[") || strings.ContainsAny(k, "：: \u3000") {
		return "这一行"
	}
	return k
}

// rawValue is the text after the line's "=", without a trailing comment.
func (s *syntax) rawValue() string {
	i := strings.IndexAny(s.line, "=＝")
	if i < 0 {
		return ""
	}
	_, size := utf8.DecodeRuneInString(s.line[i:])
	v := strings.TrimSpace(s.line[i+size:])
	if j := strings.Index(v, " #"); j >= 0 {
		v = strings.TrimSpace(v[:j])
	}
	return v
}

// valueCol is the column at which the line's value starts.
func (s *syntax) valueCol() int {
	i := strings.IndexAny(s.line, "=＝")
	if i < 0 {
		return s.col
	}
	_, size := utf8.DecodeRuneInString(s.line[i:])
	j := i + size
	for j < len(s.line) && (s.line[j] == ' ' || s.line[j] == '\t') {
		j++
	}
	return utf8.RuneCountInString(s.line[:j]) + 1
}

// looseDate reads a date written as 2017年12月20日, 2017/12/20, 2017.12.20
// or 2017-1-5 and returns it in TOML's form, 2017-12-20.
func looseDate(v string) (string, bool) {
	m := reLooseDate.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", false
	}
	mon, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if mon < 1 || mon > 12 || day < 1 || day > 31 {
		return "", false
	}
	return fmt.Sprintf("%s-%02d-%02d", m[1], mon, day), true
}

// charName names a character an author may not tell from its ASCII twin.
func charName(r rune) string {
	switch r {
	case '“', '”':
		return "中文引号“”"
	case '＂':
		return "全角引号＂"
	}
	return fmt.Sprintf("“%c”", r)
}

// unquote reads the library's %q-quoted item, in single or double quotes.
func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		if u, err := strconv.Unquote(`"` + s[1:len(s)-1] + `"`); err == nil {
			return u
		}
		return s[1 : len(s)-1]
	}
	return s
}

func before(s, chars string) string {
	if i := strings.IndexAny(s, chars); i >= 0 {
		return s[:i]
	}
	return s
}

func indentCols(line string) int {
	return utf8.RuneCountInString(line) - utf8.RuneCountInString(strings.TrimLeft(line, " \t"))
}

// lineHint explains the usual cause of a TOML syntax error on line.
func lineHint(line string) string {
	switch {
	case strings.ContainsAny(line, "“”＂"):
		return `这一行用了中文引号“”或＂。` + hintQuotes
	case strings.ContainsRune(line, '＝'):
		return "这一行用了全角等号＝，" + hintEquals
	case strings.ContainsRune(line, '：') && !strings.Contains(line, "="):
		return "TOML 用半角等号 = 连接字段名和值，不用冒号：，如 title = \"示例\"。"
	case strings.Contains(line, "=") && !strings.ContainsAny(line, "\"'[{") && hasHan(line):
		return "文本值要用英文双引号括起来，如 title = \"示例\"。"
	}
	return hintGeneric
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// halfWidthNumber reads a bare value typed with full-width digits (as an
// input method in Chinese mode writes them, ３２０ or ０．８５) and returns
// it in half-width form when that is a plain number.
func halfWidthNumber(v string) (string, bool) {
	n := halfWidth(v)
	if _, err := strconv.ParseFloat(n, 64); n == strings.TrimSpace(v) || err != nil || strings.ContainsAny(n, "eEnNxX_+") {
		return "", false
	}
	return n, true
}

// halfWidth turns full-width digits, dots, hyphens and slashes into their
// half-width forms.
func halfWidth(v string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(v) {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '．':
			b.WriteByte('.')
		case r == '－':
			b.WriteByte('-')
		case r == '／':
			b.WriteByte('/')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
