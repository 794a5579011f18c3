// Package register reads a federation's unit register and yearly status
// from the spreadsheets under data/ (.xlsx, or .csv in UTF-8 or GB18030,
// comma or tab separated), with column headers mapped to unit fields in
// config.toml, and merges those rows with the unit pages of content/units/
// into one unit model: a unit may have a row, a Markdown file or both, and
// the Markdown's front matter overrides the row field by field.
package register

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/limits"
)

// Dir holds a site's spreadsheets.
const Dir = "data"

// Cell is one spreadsheet cell a unit's value was read from. Pages show
// these values, so the personal-data guard scans them at these places.
// It is kept small: a register of 50,000 units with three yearly sheets
// holds well over a million cells.
type Cell struct {
	Text  string
	Field string // the field it feeds ("employees", "staff_congress", …)
	Year  string // for a yearly status cell
	t     *table
	row   int32 // index into t.rows
	col   int32 // 0-based
}

// Pos is where the cell is: the file, the row (a CSV's line) as Line and
// the column as Col, from 1.
func (c Cell) Pos() diag.Position {
	return diag.Position{File: c.t.file, Line: c.t.nums[c.row], Col: int(c.col) + 1}
}

// Sheet is the cell's worksheet; for a CSV file its name without extension.
func (c Cell) Sheet() string { return c.t.sheet }

// Header is the cell's column header as written.
func (c Cell) Header() string { return c.t.rows[0][c.col] }

// Shown reports whether the cell's text appears on pages as written (a
// name, a phone number, an address), rather than as the number, date or
// yes/no parsed from it.
func (c Cell) Shown() bool {
	f := fieldByKey[c.Field]
	return f != nil && f.Text
}

// Where describes the cell for people: 工作表「名册」第 5 行 G 列（职工人数）.
func (c Cell) Where() string {
	return where(c.Pos(), c.t.sheet, c.Header(), c.t.csv)
}

func where(pos diag.Position, sheet, header string, isCSV bool) string {
	var b strings.Builder
	if !isCSV {
		fmt.Fprintf(&b, "工作表「%s」", sheet)
	}
	fmt.Fprintf(&b, "第 %d 行", pos.Line)
	if pos.Col > 0 {
		fmt.Fprintf(&b, " %s 列", columnName(pos.Col))
	}
	if header != "" {
		fmt.Fprintf(&b, "（%s）", header)
	}
	return b.String()
}

// Row is a unit as the spreadsheets describe it: its register row and its
// rows in the yearly status sheets.
type Row struct {
	ID    string
	Name  string
	Unit  content.Unit // parent, kind and district as ids once resolved
	Cells []Cell       // in reading order
	// At is where the unit's first row is, for messages about the unit.
	At diag.Position
	at *table // the sheet of At, for AtText

	parentCell *Cell // the parent as written, resolved by Merge
}

// AtText describes At for people: 工作表「名册」第 5 行.
func (u *Row) AtText() string { return where(u.At, u.at.sheet, "", u.at.csv) }

// Register is everything read from data/.
type Register struct {
	Rows  []*Row // in order of first appearance
	ByID  map[string]*Row
	Files []string // the spreadsheets read, slash paths inside the site
}

// kind of a sheet, decided by its headers and name.
type sheetKind int

const (
	registerSheet sheetKind = iota
	statusSheet
	// otherYearSheet is a yearly sheet of a year no plan of config.toml
	// covers (an earlier plan's, left in data/): reported once, not read.
	otherYearSheet
)

var yearInName = regexp.MustCompile(`(19|20)\d\d`)

// Load reads every .xlsx, .csv and .tsv file under data/. A site without
// data/ has an empty register. All problems are returned together.
// parsed, if not nil, holds sheets read before: a file with the same
// bytes is not parsed again, and parsed is left holding this build's.
func Load(fsys fs.FS, cfg *config.Config, parsed *Parsed) (*Register, diag.List) {
	reg := &Register{ByID: map[string]*Row{}}
	parsed.start()
	var errs diag.List
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return reg, nil
		}
		return reg, diag.List{diag.Errorf(diag.Position{File: Dir}, "检查目录权限。", "无法读取数据目录：%v", err)}
	}
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(path.Ext(name))
		if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || (ext != ".xlsx" && ext != ".csv" && ext != ".tsv") {
			continue
		}
		if bad := content.Special(fsys, Dir+"/"+name, e); bad != nil {
			errs.Add(bad)
			continue
		}
		reg.Files = append(reg.Files, Dir+"/"+name)
	}
	tables := make([][]*table, len(reg.Files))
	fileErrs := make([]*diag.Error, len(reg.Files))
	var wg sync.WaitGroup
	for i, file := range reg.Files {
		wg.Go(func() {
			tables[i], fileErrs[i] = readTables(fsys, file, parsed)
		})
	}
	wg.Wait()
	parsed.keep(reg.Files)
	m := newMapping(cfg)
	l := &loader{reg: reg, cfg: cfg, m: m, years: cfg.AllYears()}
	var status []*table
	for i := range reg.Files {
		errs.Add(fileErrs[i])
		for _, t := range tables[i] {
			if len(t.rows) == 0 {
				continue
			}
			switch l.classify(t) {
			case registerSheet:
				l.readRegister(t)
			case statusSheet:
				status = append(status, t)
			}
		}
	}
	// Status rows may name their unit by name, so the register comes first.
	for i, t := range status {
		l.readStatus(t, len(status)-i)
	}
	return reg, append(errs, l.errs...)
}

// readTables reads one file into its sheets. A panic while reading it is
// that file's error, not the build's end.
func readTables(fsys fs.FS, file string, parsed *Parsed) (ts []*table, e *diag.Error) {
	defer func() {
		if x := recover(); x != nil {
			ts, e = nil, diag.Errorf(diag.Position{File: file}, "在 Excel 中打开并另存为 .xlsx 工作簿；仍然出错时请把文件交给管理员。", "文件结构异常，无法读取（%v）", x)
		}
	}()
	raw, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, diag.Errorf(diag.Position{File: file}, "检查文件权限。", "无法读取：%s", content.ReadError(err))
	}
	cached, sum, ok := parsed.get(file, raw)
	if ok {
		return cached, nil
	}
	if strings.EqualFold(path.Ext(file), ".xlsx") {
		ts, err := readXLSX(file, raw)
		var tl *limits.TooLargeError
		if errors.As(err, &tl) {
			return nil, diag.Errorf(diag.Position{File: file}, "检查文件是否完好；确实这么大的表格，请拆成几个较小的工作簿。", "无法读取工作簿：%v", err)
		}
		if err != nil {
			return nil, diag.Errorf(diag.Position{File: file}, "在 Excel 中打开并另存为 .xlsx 工作簿。", "无法读取工作簿：%v", err)
		}
		parsed.put(file, sum, len(raw), ts)
		return ts, nil
	}
	stem := strings.TrimSuffix(path.Base(file), path.Ext(file))
	t, err := readCSV(file, stem, raw)
	if err != nil {
		return nil, diag.Errorf(diag.Position{File: file}, "在 Excel 中另存为“CSV UTF-8（逗号分隔）”。", "无法读取 CSV 文件：%v", err)
	}
	parsed.put(file, sum, len(raw), []*table{t})
	return []*table{t}, nil
}

// mapping turns headers into fields.
type mapping struct {
	byHeader map[string]*field
	ignore   map[string]bool
}

// normHeader makes headers comparable: full-width folded, spaces, line
// breaks and a trailing colon or unit like （人） removed.
func normHeader(h string) string {
	h = fold(h)
	h = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '*' {
			return -1
		}
		return r
	}, h)
	h = strings.TrimRight(h, ":：")
	for _, unit := range []string{"(人)", "（人）", "(个)", "（个）"} {
		h = strings.TrimSuffix(h, unit)
	}
	return strings.ToLower(h)
}

func newMapping(cfg *config.Config) *mapping {
	m := &mapping{byHeader: map[string]*field{}, ignore: map[string]bool{}}
	for i := range fields {
		f := &fields[i]
		m.byHeader[normHeader(f.Key)] = f
		m.byHeader[normHeader(f.Label)] = f
	}
	declared := map[string]*field{}
	for _, name := range sortedKeys(cfg.Fields) {
		if fieldByKey[name] != nil {
			continue // CheckTargets reports a built-in field declared again
		}
		f := declaredField(name, cfg.Fields[name])
		declared[name] = f
		m.byHeader[normHeader(f.Key)] = f
		m.byHeader[normHeader(f.Label)] = f
	}
	for key, hs := range cfg.Data.Columns {
		f := fieldByKey[key]
		if f == nil {
			f = declared[key]
		}
		if f == nil {
			continue // config validation reports it
		}
		for _, h := range hs {
			m.byHeader[normHeader(h)] = f
		}
	}
	for _, h := range cfg.Data.Ignore {
		m.ignore[normHeader(h)] = true
	}
	return m
}

// FieldKeys lists the keys [data.columns] accepts.
func FieldKeys() []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Key
	}
	return out
}

// CheckConfig reports [data.columns] keys that are no field.
func CheckConfig(cfg *config.Config) diag.List {
	var errs diag.List
	for _, key := range sortedKeys(cfg.Data.Columns) {
		if _, ok := cfg.Fields[key]; fieldByKey[key] == nil && !ok {
			hint := "可用的字段：" + strings.Join(FieldKeys(), "、") + "；新的年度字段先在 [fields] 中声明"
			if s := diag.Suggest(key, FieldKeys(), 1); len(s) > 0 {
				hint = "是不是想写 " + s[0] + "？" + hint
			}
			errs.Add(diag.Errorf(cfg.Pos("data", "columns", key), hint, "[data.columns] 中的字段 %q 不存在", key))
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// loader reads tables into a register.
type loader struct {
	reg   *Register
	cfg   *config.Config
	m     *mapping
	years []string
	errs  diag.List
	names map[string][]*Row // register rows by name, for status rows without an id
}

// column is a mapped column of a table.
type column struct {
	index  int // 0-based
	header string
	f      *field
}

// columns maps a table's header row, warning once about headers that
// feed nothing.
func (l *loader) columns(t *table) []column {
	var cols []column
	var unknown []string
	seen := map[*field]string{}
	for i, h := range t.rows[0] {
		if strings.TrimSpace(h) == "" {
			continue
		}
		n := normHeader(h)
		f := l.m.byHeader[n]
		if f == nil {
			if !l.m.ignore[n] {
				unknown = append(unknown, h)
			}
			continue
		}
		if prev, dup := seen[f]; dup {
			l.errs.Add(diag.Errorf(l.pos(t, 0, i), "删除重复的列，或在 config.toml 的 [data.columns] 中把它们对应到不同字段。",
				"%s：表头“%s”与“%s”都对应字段 %s（%s）", where(l.pos(t, 0, i), t.sheet, h, t.csv), h, prev, f.Key, f.Label))
			continue
		}
		seen[f] = h
		cols = append(cols, column{index: i, header: h, f: f})
	}
	if len(unknown) > 0 {
		l.errs.Add(diag.Warnf(l.pos(t, 0, -1), "如果这些列要用，在 config.toml 的 [data.columns] 中写明它们对应的字段；不用的列写进 [data] ignore 列表，就不再提示。",
			"%s表头中的这些列没有对应的字段，已忽略：%s", sheetText(t), strings.Join(unknown, "、")))
	}
	return cols
}

func sheetText(t *table) string {
	if t.csv {
		return ""
	}
	return "工作表「" + t.sheet + "」"
}

// pos is the position of row r (index into t.rows), column c (0-based;
// -1 for the row).
func (l *loader) pos(t *table, r, c int) diag.Position {
	return diag.Position{File: t.file, Line: t.nums[r], Col: c + 1}
}

// classify tells a yearly status sheet (a plan year in its name, or a
// year column) from the register.
func (l *loader) classify(t *table) sheetKind {
	for _, h := range t.rows[0] {
		if f := l.m.byHeader[normHeader(h)]; f != nil && f.Key == keyYear {
			return statusSheet
		}
	}
	if l.sheetYear(t) != "" {
		return statusSheet
	}
	if y := yearInName.FindString(t.sheet); y != "" && slices.ContainsFunc(t.rows[0], func(h string) bool {
		f := l.m.byHeader[normHeader(h)]
		return f != nil && f.Status
	}) {
		p := l.pos(t, 0, -1)
		l.errs.Add(diag.Errorf(p, "这张表的数据属于 "+y+" 年所在的计划：要保留那个计划，在 config.toml 的 [[plans]] 中写上它（id、年份、阶段和目标），它的页面放在 /plans/ID/ 下；不需要了，就把这个文件移出 data/。本站计划的年份："+strings.Join(l.years, "、")+"。",
			"%s是 %s 年的年度表，但 config.toml 中没有哪个计划包括 %s 年", sheetText(t), y, y))
		return otherYearSheet
	}
	return registerSheet
}

// sheetYear is the plan year a sheet's name carries ("2016年" or
// "status-2016"), or "".
func (l *loader) sheetYear(t *table) string {
	for _, y := range yearInName.FindAllString(t.sheet, -1) {
		if slices.Contains(l.years, y) {
			return y
		}
	}
	return ""
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// readRegister reads a register sheet: one row per unit.
func (l *loader) readRegister(t *table) {
	cols := l.columns(t)
	idCol := slices.IndexFunc(cols, func(c column) bool { return c.f.Key == keyID })
	nameCol := slices.IndexFunc(cols, func(c column) bool { return c.f.Key == keyName })
	if idCol < 0 || nameCol < 0 {
		missing := fieldByKey[keyID]
		if idCol >= 0 {
			missing = fieldByKey[keyName]
		}
		l.errs.Add(diag.Errorf(l.pos(t, 0, -1), fmt.Sprintf("加一列“%s”，或在 config.toml 的 [data.columns] 中写明哪一列是 %s，如 %s = \"组织机构代码\"。", missing.Label, missing.Key, missing.Key),
			"%s单位名册缺少“%s”列（表头所在的第 %d 行）", sheetText(t), missing.Label, t.nums[0]))
		return
	}
	for r := 1; r < len(t.rows); r++ {
		row := t.rows[r]
		if blank(row) {
			continue
		}
		id := cellAt(row, cols[idCol].index)
		name := cellAt(row, cols[nameCol].index)
		at := l.pos(t, r, -1)
		if id == "" || name == "" {
			c := cols[idCol]
			if id != "" {
				c = cols[nameCol]
			}
			p := l.pos(t, r, c.index)
			l.errs.Add(diag.Errorf(p, "每一行都要有单位编号和单位名称；空行会被跳过。", "%s：%s为空", where(p, t.sheet, c.header, t.csv), c.f.Label))
			continue
		}
		if !validID.MatchString(id) {
			p := l.pos(t, r, cols[idCol].index)
			l.errs.Add(diag.Errorf(p, "单位编号用作网址和引用，只用英文字母、数字、连字符和下划线，如 hongqiao-jingmi 或组织机构代码。",
				"%s：单位编号 %q 含有不允许的字符", where(p, t.sheet, cols[idCol].header, t.csv), id))
			continue
		}
		if prev := l.reg.ByID[id]; prev != nil && prev.Name != "" {
			p := l.pos(t, r, cols[idCol].index)
			l.errs.Add(diag.Errorf(p, "每个单位在名册中只登记一行；删除重复的一行，或改正编号。",
				"%s：单位编号 %s 重复，%s %s 已经登记过（%s）", where(p, t.sheet, cols[idCol].header, t.csv), id, prev.At.File, prev.AtText(), prev.Name))
			continue
		}
		u := &Row{ID: id, Name: name, At: at, at: t, Cells: make([]Cell, 0, len(cols))}
		l.reg.ByID[id] = u
		l.reg.Rows = append(l.reg.Rows, u)
		for _, c := range cols {
			text := cellAt(row, c.index)
			if text == "" {
				continue
			}
			cell := Cell{t: t, row: int32(r), col: int32(c.index), Field: c.f.Key, Text: text}
			if c.f.Status {
				l.errs.Add(diag.Warnf(cell.Pos(), "年度数据放在年度表（表名含年份，或有“年度”列）中。", "%s：单位名册中的年度数据列已忽略", cell.Where()))
				continue
			}
			u.Cells = append(u.Cells, cell)
			l.setRegister(u, &u.Cells[len(u.Cells)-1], t)
		}
	}
}

// setRegister parses one register cell into the unit.
func (l *loader) setRegister(u *Row, c *Cell, t *table) {
	switch c.Field {
	case keyID, keyName:
	case keyParent:
		u.parentCell = c
	case keyKind:
		if k := l.cfg.KindNamed(c.Text); k != nil {
			u.Unit.Kind = k.ID
		} else {
			l.bad(c, choices(c.Text, l.cfg.KindIDs(), kindNames(l.cfg)), "未知的单位类型 %q", c.Text)
			u.Unit.Kind = l.cfg.UnitKinds[0].ID // the build stops; spare later stages a second message
		}
	case keyDist:
		if d := l.cfg.DistrictNamed(c.Text); d != nil {
			u.Unit.District = d.ID
		} else {
			l.bad(c, choices(c.Text, l.cfg.DistrictIDs(), districtNames(l.cfg)), "未知的地区 %q", c.Text)
		}
	default:
		text := c.Text
		if c.Field == "established" && t.date1904 {
			text = shift1904(text)
		}
		if err := fieldByKey[c.Field].set(&u.Unit, nil, text); err != nil {
			l.bad(c, "", "“%s”%v", c.Text, err)
		}
	}
}

// shift1904 turns a serial of the 1904 date system into one of 1900.
func shift1904(s string) string {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.FormatFloat(f+1462, 'f', -1, 64)
	}
	return s
}

func (l *loader) bad(c *Cell, hint, format string, args ...any) {
	l.errs.Add(diag.Errorf(c.Pos(), hint, "%s：%s", c.Where(), fmt.Sprintf(format, args...)))
}

func kindNames(cfg *config.Config) []string {
	var out []string
	for _, k := range cfg.UnitKinds {
		out = append(out, k.Name)
	}
	return out
}

func districtNames(cfg *config.Config) []string {
	var out []string
	for _, d := range cfg.Districts {
		out = append(out, d.Name)
	}
	return out
}

func choices(got string, ids, names []string) string {
	hint := "可选值：" + strings.Join(names, "、") + "（或对应的 " + strings.Join(ids, "、") + "）；其他写法可在 config.toml 中用 aliases 登记。"
	if s := diag.Suggest(got, append(slices.Clone(names), ids...), 1); len(s) > 0 {
		hint = "是不是想写 " + s[0] + "？" + hint
	}
	return hint
}

// readStatus reads a yearly status sheet: one row per unit (and year, when
// the sheet has a year column).
func (l *loader) readStatus(t *table, left int) {
	cols := l.columns(t)
	idCol := slices.IndexFunc(cols, func(c column) bool { return c.f.Key == keyID })
	nameCol := slices.IndexFunc(cols, func(c column) bool { return c.f.Key == keyName })
	yearCol := slices.IndexFunc(cols, func(c column) bool { return c.f.Key == keyYear })
	if idCol < 0 && nameCol < 0 {
		l.errs.Add(diag.Errorf(l.pos(t, 0, -1), "加一列“单位编号”（或“单位名称”），说明每一行是哪个单位的数据。", "%s年度表缺少“单位编号”或“单位名称”列", sheetText(t)))
		return
	}
	sheetYear := l.sheetYear(t)
	for r := 1; r < len(t.rows); r++ {
		row := t.rows[r]
		if blank(row) {
			continue
		}
		u, ok := l.statusUnit(t, r, cols, idCol, nameCol)
		if !ok {
			continue
		}
		year := sheetYear
		if yearCol >= 0 {
			c := cols[yearCol]
			p := l.pos(t, r, c.index)
			y, err := ParseYear(cellAt(row, c.index))
			switch {
			case errors.Is(err, errEmpty) && year != "":
			case err != nil && errors.Is(err, errEmpty):
				l.errs.Add(diag.Errorf(p, "填上这一行数据所属的年度，如 2016。", "%s：年度为空", where(p, t.sheet, c.header, t.csv)))
				continue
			case err != nil:
				l.errs.Add(diag.Errorf(p, "", "%s：“%s”%v", where(p, t.sheet, c.header, t.csv), cellAt(row, c.index), err))
				continue
			default:
				year = y
			}
		}
		if !slices.Contains(l.years, year) {
			p := l.pos(t, r, -1)
			if yearCol >= 0 {
				p.Col = cols[yearCol].index + 1
			}
			l.errs.Add(diag.Errorf(p, "年度要在 config.toml 中某个计划的年份之内："+strings.Join(l.years, "、")+"；早先计划的表格，在 [[plans]] 中写上那个计划。", "%s：年度 %s 不在计划的阶段之内", where(p, t.sheet, "", t.csv), year))
			continue
		}
		if u.Unit.Status == nil {
			u.Unit.Status = map[string]content.UnitStatus{}
		}
		if _, dup := u.Unit.Status[year]; dup {
			p := l.pos(t, r, -1)
			l.errs.Add(diag.Errorf(p, "每个单位每年只填一行；删除重复的一行。", "%s：单位 %s（%s）%s 年的数据重复", where(p, t.sheet, "", t.csv), u.ID, u.Name, year))
			continue
		}
		var st content.UnitStatus
		if cap(u.Cells)-len(u.Cells) < len(cols) {
			// Room for this and the status sheets still to read, in one go.
			u.Cells = slices.Grow(u.Cells, len(cols)*left)
		}
		for _, c := range cols {
			if !c.f.Status || c.f.Key == keyYear {
				continue
			}
			text := cellAt(row, c.index)
			if text == "" {
				continue
			}
			u.Cells = append(u.Cells, Cell{t: t, row: int32(r), col: int32(c.index), Field: c.f.Key, Year: year, Text: text})
			if err := c.f.set(&u.Unit, &st, text); err != nil {
				l.bad(&u.Cells[len(u.Cells)-1], "", "“%s”%v", text, err)
			}
		}
		u.Unit.Status[year] = st
	}
}

// statusUnit finds the unit a status row is about, by id or else by name.
// A unit known only from its Markdown file gets a row of its own.
func (l *loader) statusUnit(t *table, r int, cols []column, idCol, nameCol int) (*Row, bool) {
	row := t.rows[r]
	at := l.pos(t, r, -1)
	if idCol >= 0 {
		if id := cellAt(row, cols[idCol].index); id != "" {
			u := l.reg.ByID[id]
			if u == nil {
				if !validID.MatchString(id) {
					p := l.pos(t, r, cols[idCol].index)
					l.errs.Add(diag.Errorf(p, "单位编号只用英文字母、数字、连字符和下划线。", "%s：单位编号 %q 含有不允许的字符", where(p, t.sheet, cols[idCol].header, t.csv), id))
					return nil, false
				}
				// Known, perhaps, from content/units/ only; Merge checks.
				u = &Row{ID: id, At: at, at: t}
				u.Cells = append(u.Cells, Cell{t: t, row: int32(r), col: int32(cols[idCol].index), Field: keyID, Text: id})
				l.reg.ByID[id] = u
				l.reg.Rows = append(l.reg.Rows, u)
			}
			return u, true
		}
	}
	if nameCol < 0 {
		p := l.pos(t, r, cols[idCol].index)
		l.errs.Add(diag.Errorf(p, "填上单位编号。", "%s：单位编号为空", where(p, t.sheet, cols[idCol].header, t.csv)))
		return nil, false
	}
	name := cellAt(row, cols[nameCol].index)
	p := l.pos(t, r, cols[nameCol].index)
	if l.names == nil {
		l.names = map[string][]*Row{}
		for _, u := range l.reg.Rows {
			if u.Name != "" {
				l.names[u.Name] = append(l.names[u.Name], u)
			}
		}
	}
	switch us := l.names[name]; {
	case name == "":
		l.errs.Add(diag.Errorf(p, "填上单位编号或单位名称。", "%s：没有写明是哪个单位", where(p, t.sheet, cols[nameCol].header, t.csv)))
	case len(us) == 1:
		return us[0], true
	case len(us) > 1:
		l.errs.Add(diag.Errorf(p, "名册中有同名的单位；加一列“单位编号”来区分。", "%s：单位名称“%s”在名册中不止一个", where(p, t.sheet, cols[nameCol].header, t.csv), name))
	default:
		l.errs.Add(diag.Errorf(p, "先在单位名册中登记这个单位，或改成名册中的名称；也可以加一列“单位编号”。", "%s：单位“%s”不在单位名册中", where(p, t.sheet, cols[nameCol].header, t.csv), name))
	}
	return nil, false
}

// sortRows orders rows by id, for a stable export.
func sortRows(rows []*Row) {
	slices.SortFunc(rows, func(a, b *Row) int { return cmp.Compare(a.ID, b.ID) })
}
