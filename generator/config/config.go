// Package config loads and validates a portal's config.toml.
package config

import (
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/diag"
	"gongkai/generator/tomlpos"
)

// FileName is the name of the configuration file at a site's root.
const FileName = "config.toml"

// Config is a portal's whole configuration.
type Config struct {
	Title         string `toml:"title"`
	Subtitle      string `toml:"subtitle"`
	BaseURL       string `toml:"base_url"`
	Language      string `toml:"language"`
	Timezone      string `toml:"timezone"`
	PageSize      int    `toml:"page_size"`
	SummaryLength int    `toml:"summary_length"`
	UnsafeHTML    bool   `toml:"unsafe_html"`
	// UnsafeSVG publishes SVG files with scripts and event handlers; by
	// default they are refused, since they run on the portal's origin.
	UnsafeSVG bool `toml:"unsafe_svg"`
	// RelativeURLs makes every link of a page relative to it (and name
	// index.html), so the site works from file:// and from any sub-path.
	// It is on unless config.toml says relative_urls = false: portals are
	// handed around on USB sticks and file shares, where root-absolute
	// links lead nowhere. Feeds, the sitemap, canonical and og: URLs stay
	// absolute from base_url, and the 404 page keeps site paths.
	RelativeURLs bool `toml:"relative_urls"`
	// BuildDate, when set, fixes "today" for 公示 status and embargo, so a
	// build is reproducible; otherwise the build uses the clock.
	BuildDate tomlpos.Date `toml:"build_date"`
	// MinComparedUnits is how many units a district (or a unit with its
	// subtree) must count for a target in a year to be ranked among
	// districts or given a change against the year before: a share of one
	// or two units swings from 0 to 100 %. Default 3.
	MinComparedUnits int `toml:"min_compared_units"`
	// Favicon is the site path of the icon browsers show in tabs and
	// bookmarks (a file under static/, "/images/hui.png"); by default the
	// theme's favicon.svg.
	Favicon string `toml:"favicon"`

	Plan Plan `toml:"plan"`
	// Plans are the portal's plans, each whole with its phases and
	// targets ([[plans]]). After Load they hold every plan, oldest first,
	// the single [plan] form included; Plan, Phases and Targets are then
	// the current plan's, the one the portal's pages follow.
	Plans []Plan `toml:"plans"`
	// Current indexes the current plan in Plans.
	Current int `toml:"-"`
	// Fields declares the yearly fields a site adds to the built-in ones
	// ([fields.women_committee] type = "bool" label = "女职工委员会"), so a
	// plan's targets can count them without a code change.
	Fields     map[string]Field `toml:"fields"`
	Footer     Footer           `toml:"footer"`
	Publicity  Publicity        `toml:"publicity"`
	Districts  []District       `toml:"districts"`
	UnitKinds  []UnitKind       `toml:"unit_kinds"`
	Categories []Category       `toml:"categories"`
	Phases     []Phase          `toml:"phases"`
	Targets    []Target         `toml:"targets"`
	Menu       []MenuItem       `toml:"menu"`
	// Interaction lists the 互动交流 entries shown on the home page.
	Interaction []Interaction `toml:"interaction"`
	PII         []Exception   `toml:"pii_exceptions"`
	Holidays    []Holidays    `toml:"holidays"`
	Data        Data          `toml:"data"`
	// Review is the sign-off pages need before they publish ([review]).
	Review Review `toml:"review"`
	// PIIUnscanned is what a published file the personal-data guard cannot
	// read (a scanned PDF, an unknown binary) does to the build: "list"
	// (the default) names it in the summary, "error" stops the build.
	PIIUnscanned string `toml:"pii_unscanned"`

	// Location is Timezone loaded; BasePath is the path part of BaseURL
	// ("/" or "/portal/").
	Location *time.Location `toml:"-"`
	BasePath string         `toml:"-"`

	pos *tomlpos.Positions // where each key is written, for messages
}

// Pos returns where a key path of config.toml is written, e.g.
// Pos("targets", "2", "field"); for a config made in code, the file.
func (c *Config) Pos(path ...string) diag.Position {
	if c.pos == nil {
		return diag.Position{File: FileName}
	}
	return c.pos.Value(path...)
}

// Plan names the plan the portal follows: every page takes its name,
// 文号, 考核 and 示范 title from here, so the theme and the code name no
// plan, city or year.
type Plan struct {
	Name      string `toml:"name"`       // the full title, without 《》
	ShortName string `toml:"short_name"` // how pages call it in running text; defaults to Name
	DocNumber string `toml:"doc_number"` // the 文号 of the notice that issued it
	// Assess is the plan's own words on its 考核 and 一票否决, shown where
	// the veto lists are.
	Assess string `toml:"assess"`
	// AssessDate is the day of the 考核; 一票否决 lists appear only from
	// then on. It defaults to the end of the last phase.
	AssessDate tomlpos.Date `toml:"assess_date"`
	// ModelTitle is the title of the model units the plan names, as
	// notices print it (the showcase's first award).
	ModelTitle string `toml:"model_title"`
	// FirstYear and LastYear are the plan's years; by default the years of
	// its phases.
	FirstYear int `toml:"first_year"`
	LastYear  int `toml:"last_year"`

	// ID names a plan of [[plans]] in its address: a plan other than the
	// current one is published under /plans/ID/.
	ID string `toml:"id"`
	// Phases and Targets are a [[plans]] entry's own; the single [plan]
	// form takes the top-level [[phases]] and [[targets]].
	Phases  []Phase  `toml:"phases"`
	Targets []Target `toml:"targets"`

	path []string // where the plan is written: "plans", "1"; nil for [plan]
}

// Field is a yearly field declared in config.toml: what units report in
// [status.YEAR] and sheets hold in a column, beside the built-in fields.
type Field struct {
	// Type is "bool" (是否), "share" (a share of 0–1, as 0.85),
	// "count" (a whole number, a headcount targets may sum people in)
	// or "enum" (one of Values, lowest first).
	Type   string   `toml:"type"`
	Label  string   `toml:"label"` // in Chinese: the column header and the name on pages
	Values []string `toml:"values"`
}

// Field types.
const (
	FieldBool  = "bool"
	FieldShare = "share"
	FieldCount = "count"
	FieldEnum  = "enum"
)

// Footer holds the identifiers a Chinese government-related site shows at
// the bottom of every page.
type Footer struct {
	Sponsor  string `toml:"sponsor"`   // 主办单位
	Address  string `toml:"address"`   // 地址
	Contact  string `toml:"contact"`   // 联系方式
	ICP      string `toml:"icp"`       // ICP备案号
	Police   string `toml:"police"`    // 公安机关备案号
	SiteCode string `toml:"site_code"` // 网站标识码
	// Conac is the link of the 党政机关网站标识 (or 事业单位 mark) the
	// 机构编制部门 issued for the site; ConacImage the mark's picture as
	// issued, a file of static/ ("/images/dzjg.png"). Without the picture
	// the slot shows the words.
	Conac      string `toml:"conac"`
	ConacImage string `toml:"conac_image"`
	// Correction is where readers report an error on a page (纠错): a
	// mailto: address, which each page fills with its own address, or a
	// web form.
	Correction string `toml:"correction"`
}

// Interaction is an entry of 互动交流: a mailbox (主席信箱), a hotline, a
// message board or a call for opinions kept elsewhere; the site needs no
// server of its own.
type Interaction struct {
	Name        string `toml:"name"`
	URL         string `toml:"url"` // mailto:, tel:, https:// or a site path
	Description string `toml:"description"`
}

// Publicity configures how 公示期 are counted.
type Publicity struct {
	DefaultDays int  `toml:"default_days"`
	WorkingDays bool `toml:"working_days"` // count publicity_days in working days ([[holidays]])
	// Contact is the supervision channel (监督渠道) of a 公示 that names
	// none of its own: a 公示期 without one is an error.
	Contact string `toml:"contact"`
}

// Holidays is one year's schedule of days off as the State Council's
// notice (国务院办公厅关于某年部分节假日安排的通知) sets it: the days off
// (法定节假日 with the days moved next to them) and the weekend days
// worked in exchange (调休上班). Off and Work hold dates "2017-10-01" and
// ranges "2017-10-01~2017-10-08".
type Holidays struct {
	Year   int      `toml:"year"`
	Source string   `toml:"source"` // the notice, e.g. 国办发明电〔2016〕14号
	Off    []string `toml:"off"`
	Work   []string `toml:"work"`

	// OffDays and WorkDays are Off and Work expanded, as "2006-01-02".
	OffDays  []string `toml:"-"`
	WorkDays []string `toml:"-"`
}

// District is a 市 or 区 of the city.
type District struct {
	ID      string   `toml:"id"`
	Name    string   `toml:"name"`
	Aliases []string `toml:"aliases"` // other ways spreadsheets write it, e.g. "张家港"
}

// UnitKind is a tier of union organisation from the plan.
type UnitKind struct {
	ID      string   `toml:"id"`
	Name    string   `toml:"name"`
	Tier    int      `toml:"tier"`
	Aliases []string `toml:"aliases"` // other ways spreadsheets write it, e.g. "企业"
}

// Category is a kind of 会务公开 disclosure.
type Category struct {
	ID          string `toml:"id"`
	Name        string `toml:"name"`
	Description string `toml:"description"`
	// RetentionDays, when set, is how many days a disclosure of the
	// category stays public after its 公示期 ends (帮扶救助 name lists:
	// 30); afterwards its page is replaced by a notice that it was taken
	// down. Zero keeps disclosures public.
	RetentionDays int `toml:"retention_days"`
	// MinDays, when set, is the shortest 公示期 of the category, in the
	// days publicity_days counts (working days with working_days).
	MinDays int `toml:"min_days"`
	// RequiredKinds are the unit kinds that must disclose in the category,
	// Every so many years (1, the default: each year, by Due of the year,
	// "06-30"; 5: at least once in any five years, as 换届).
	RequiredKinds []string `toml:"required_kinds"`
	Every         int      `toml:"every"`
	Due           string   `toml:"due"`

	DueMonth, DueDay int `toml:"-"` // Due parsed; 12-31 when not set
}

// Phase is one stage of the plan's 实施步骤.
type Phase struct {
	ID      string       `toml:"id"`
	Name    string       `toml:"name"`
	Start   tomlpos.Date `toml:"start"`
	End     tomlpos.Date `toml:"end"`
	Summary string       `toml:"summary"`
}

// Target is one of the plan's 工作目标, computed over units' yearly status.
//
// Counts "units" (the default) counts the units in the population: with
// measure "share" those whose Field has one of Values (true for
// booleans), with measure "mean" the average of a numeric Field (a share
// per unit). Counts "people" sums people across units: Field is each
// unit's share of the headcount in People (cadres trained of cadres), so
// the figure is people meeting it over people counted, not a mean of the
// units' shares.
type Target struct {
	ID        string   `toml:"id"`
	Name      string   `toml:"name"`
	Goal      string   `toml:"goal"` // the plan's wording, e.g. 建制面保持在90%以上
	Measure   string   `toml:"measure"`
	Field     string   `toml:"field"`
	Values    []string `toml:"values"`
	Threshold float64  `toml:"threshold"`
	Among     Among    `toml:"among"`
	// Counts is "units" or "people"; People names the yearly headcount
	// field people are counted in (cadres). A unit whose headcount is 0
	// that year (no new chair) is not counted: the target does not apply.
	Counts string `toml:"counts"`
	People string `toml:"people"`
	// Judged is "yearly" (each year against its threshold) or "end" (a
	// target over the plan's years, such as 每三年参加轮训率: only the final
	// year is judged, earlier years are progress towards it).
	Judged string `toml:"judged"`
	// Thresholds break Threshold down by year and district (逐年、逐级
	// 加以分解); the most specific entry applies.
	Thresholds []Threshold `toml:"thresholds"`
	// Source is "plan" (the plan sets the threshold: binding, feeds 一票否决)
	// or "reference" (the site's own yardstick: shown as 参考, never vetoes).
	Source string `toml:"source"`
	// Level is what 一票否决 judges for this target: "unit" (each unit's own
	// mark, for what every unit must do), "district" (each district's share)
	// or "city" (only the citywide share: it vetoes no one).
	Level string `toml:"level"`
}

// Threshold is a target's threshold for one year, one district or both.
type Threshold struct {
	Year     int     `toml:"year"`
	District string  `toml:"district"`
	Value    float64 `toml:"value"`
}

// Target sources, levels, counts and judgings.
const (
	SourcePlan      = "plan"
	SourceReference = "reference"
	LevelUnit       = "unit"
	LevelDistrict   = "district"
	LevelCity       = "city"
	CountsUnits     = "units"
	CountsPeople    = "people"
	JudgedYearly    = "yearly"
	JudgedEnd       = "end"
)

// ThresholdFor returns the threshold of year ("2016") in district (an id,
// "" for citywide): an entry for both, else for the district, else for
// the year, else Threshold.
func (t *Target) ThresholdFor(year, district string) float64 {
	best, rank := t.Threshold, 0
	for _, th := range t.Thresholds {
		r := 0
		switch {
		case th.Year != 0 && th.District != "":
			if strconv.Itoa(th.Year) == year && th.District == district {
				r = 3
			}
		case th.District != "":
			if th.District == district {
				r = 2
			}
		case th.Year != 0:
			if strconv.Itoa(th.Year) == year {
				r = 1
			}
		}
		if r > rank {
			best, rank = th.Value, r
		}
	}
	return best
}

// Binding reports whether the plan sets the target's threshold, so that
// missing it feeds 一票否决.
func (t *Target) Binding() bool { return t.Source != SourceReference }

// Among selects the units a target applies to.
type Among struct {
	// Name is the population in the plan's words, e.g. 建会单位（含事业单位）.
	Name         string   `toml:"name"`
	Kinds        []string `toml:"kinds"`
	MinEmployees int      `toml:"min_employees"`
	Field        string   `toml:"field"`
	Values       []string `toml:"values"`
}

// Data says how the spreadsheets under data/ (the unit register and the
// yearly status, .xlsx or .csv) map to unit fields.
type Data struct {
	// Columns maps a unit field (id, name, parent, kind, district,
	// employees, staff_congress, year, …) to the column headers that
	// hold it, as people write them: 单位名称, 是否建立职代会.
	Columns map[string]Headers `toml:"columns"`
	// Ignore lists headers that feed no field and need no warning.
	Ignore []string `toml:"ignore"`
}

// Headers are the column headers one field may be written under: a
// string or a list of strings in config.toml.
type Headers []string

// UnmarshalTOML accepts "单位名称" as well as ["单位名称", "单位全称"].
func (h *Headers) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*h = Headers{v}
		return nil
	case []any:
		out := make(Headers, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("表头要写成字符串，如 \"单位名称\"，或字符串的列表")
			}
			out = append(out, s)
		}
		*h = out
		return nil
	}
	return fmt.Errorf("表头要写成字符串，如 \"单位名称\"，或字符串的列表")
}

// MenuItem is an entry of the header navigation.
type MenuItem struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

// Exception allows a number the personal-data guard would otherwise stop,
// such as a published hotline.
type Exception struct {
	Value  string `toml:"value"`
	Reason string `toml:"reason"`
}

// Load reads FileName from fsys, applies defaults and validates it.
func Load(fsys fs.FS) (*Config, diag.List) {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return nil, diag.List{diag.Errorf(diag.Position{File: FileName}, "在站点根目录放一个 config.toml，或用 --source 指向站点目录。", "读不到配置文件：%v", err)}
	}
	return Parse(FileName, data)
}

// Parse decodes and validates configuration text.
func Parse(file string, data []byte) (*Config, diag.List) {
	text := strings.TrimPrefix(strings.ReplaceAll(string(data), "\r\n", "\n"), "\ufeff")
	c := &Config{RelativeURLs: true}
	src := tomlpos.Source{File: file, Text: text}
	errs := tomlpos.Decode(src, c)
	if len(errs) > 0 {
		return nil, errs
	}
	c.pos = tomlpos.Locate(src)
	errs = c.validate(file)
	if len(errs.Errors()) > 0 {
		return nil, errs
	}
	return c, errs
}

func (c *Config) validate(file string) diag.List {
	var errs diag.List
	badAt := func(path []string, hint, format string, args ...any) {
		errs.Add(diag.Errorf(c.Pos(path...), hint, format, args...))
	}
	at := func(path ...string) []string { return path }
	if c.Title == "" {
		badAt(at("title"), `加一行 title = "站点名称"。`, "缺少 title")
	}
	if c.Language == "" {
		c.Language = "zh-CN"
	}
	if c.Timezone == "" {
		c.Timezone = "Asia/Shanghai"
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		badAt(at("timezone"), `写成 timezone = "Asia/Shanghai"。`, "无法识别的时区 %q", c.Timezone)
		loc = time.UTC
	}
	c.Location = loc
	if err := c.SetBaseURL(c.BaseURL); err != nil {
		badAt(at("base_url"), `写成 base_url = "https://gonghui.example.org/"。`, "%v", err)
	}
	if c.PageSize <= 0 {
		c.PageSize = 20
	}
	if c.SummaryLength <= 0 {
		c.SummaryLength = 120
	}
	if c.Favicon != "" && (!strings.HasPrefix(c.Favicon, "/") || strings.HasPrefix(c.Favicon, "//")) {
		badAt(at("favicon"), `图标放在 static/ 下，写站内路径，如 favicon = "/images/hui.png"。`, "favicon %q 不是站内路径", c.Favicon)
	}
	switch {
	case c.MinComparedUnits < 0:
		badAt(at("min_compared_units"), "写成 1 或更大的整数，如 min_compared_units = 3。", "min_compared_units %d 无效", c.MinComparedUnits)
	case c.MinComparedUnits == 0:
		c.MinComparedUnits = 3
	}
	if c.Publicity.DefaultDays <= 0 {
		c.Publicity.DefaultDays = 7
	}
	unique := func(what string, ids []string) {
		seen := map[string]bool{}
		for i, id := range ids {
			at := at(what, tomlpos.Index(i), "id")
			if id == "" {
				badAt(at, "每一项都要有 id（英文小写字母、数字和连字符）。", "%s中有一项缺少 id", what)
			} else if seen[id] {
				badAt(at, "id 不能重复。", "%s的 id %q 重复", what, id)
			} else if !validID(id) {
				badAt(at, "id 只用英文小写字母、数字和连字符，如 gusu。", "%s的 id %q 含有不允许的字符", what, id)
			}
			seen[id] = true
		}
	}
	errs = append(errs, c.Review.validate(c)...)
	unique("districts", ids(c.Districts, func(d District) string { return d.ID }))
	unique("unit_kinds", ids(c.UnitKinds, func(k UnitKind) string { return k.ID }))
	unique("categories", ids(c.Categories, func(k Category) string { return k.ID }))
	for i, k := range c.Categories {
		if k.RetentionDays < 0 {
			badAt(at("categories", tomlpos.Index(i), "retention_days"), "retention_days 写公示期结束后保留的天数，如 30；不写则一直公开。", "公开类别 %s 的 retention_days %d 无效", k.ID, k.RetentionDays)
		}
		c.checkRequired(i, badAt)
		if k.MinDays < 0 || k.MinDays > 365 {
			badAt(at("categories", tomlpos.Index(i), "min_days"), "min_days 写这一类公示最少几天，如 5；不写则不限。", "公开类别 %s 的 min_days %d 无效", k.ID, k.MinDays)
		}
	}
	for i, e := range c.PII {
		if strings.TrimSpace(e.Value) == "" || strings.TrimSpace(e.Reason) == "" {
			badAt(at("pii_exceptions", tomlpos.Index(i)), `每个例外都要写明号码和理由，如 value = "12351"，reason = "职工服务热线，对外公布"。`, "[[pii_exceptions]] 中有一项缺少 value 或 reason")
		}
	}
	years := map[int]bool{}
	for i := range c.Holidays {
		h := &c.Holidays[i]
		if h.Year < 1949 || h.Year > 9999 {
			badAt(at("holidays", tomlpos.Index(i), "year"), "每个 [[holidays]] 写明年份，如 year = 2017。", "[[holidays]] 的 year %d 无效", h.Year)
			continue
		}
		if years[h.Year] {
			badAt(at("holidays", tomlpos.Index(i), "year"), "每年只写一个 [[holidays]]。", "[[holidays]] 的年份 %d 重复", h.Year)
		}
		years[h.Year] = true
		var err error
		if h.OffDays, err = expandDays(h.Year, h.Off); err != nil {
			badAt(at("holidays", tomlpos.Index(i), "off"), `写成 "2017-10-01" 或 "2017-10-01~2017-10-08"，日期属于该年（元旦假期可从上一年末开始）。`, "%d 年 [[holidays]] 的 off：%v", h.Year, err)
		}
		if h.WorkDays, err = expandDays(h.Year, h.Work); err != nil {
			badAt(at("holidays", tomlpos.Index(i), "work"), `写成 "2017-09-30"，日期属于该年（元旦假期可从上一年末开始）。`, "%d 年 [[holidays]] 的 work：%v", h.Year, err)
		}
	}
	c.validateGovSite(badAt)
	if c.PIIUnscanned != "" && c.PIIUnscanned != "list" && c.PIIUnscanned != "error" {
		badAt(at("pii_unscanned"), `写成 pii_unscanned = "list"（在构建摘要中列出）或 pii_unscanned = "error"（无法检查的文件使构建失败）。`, "pii_unscanned 的值 %q 无效", c.PIIUnscanned)
	}
	c.validateFields(&errs)
	c.validatePlans(&errs)
	return errs
}

// checkRequired validates and completes category i's disclosure duty.
func (c *Config) checkRequired(i int, badAt func(path []string, hint, format string, args ...any)) {
	k := &c.Categories[i]
	at := func(key string) []string { return []string{"categories", tomlpos.Index(i), key} }
	k.DueMonth, k.DueDay = 12, 31
	if k.Due != "" {
		d, err := time.Parse("01-02", k.Due)
		if err != nil {
			badAt(at("due"), `due 写成“月-日”，如 due = "06-30"（每年 6 月 30 日前公开）。`, "公开类别 %s 的 due %q 无效", k.ID, k.Due)
		} else {
			k.DueMonth, k.DueDay = int(d.Month()), d.Day()
		}
	}
	if k.Every == 0 {
		k.Every = 1
	}
	if k.Every < 1 || k.Every > 20 {
		badAt(at("every"), "every 写隔几年要公开一次：1 为每年，5 为每五年（如换届）。", "公开类别 %s 的 every %d 无效", k.ID, k.Every)
	}
	for _, kind := range k.RequiredKinds {
		if c.Kind(kind) == nil {
			badAt(at("required_kinds"), suggestHint(kind, c.KindIDs(), "在 [[unit_kinds]] 中声明它，或改成已声明的类型。"), "公开类别 %s 引用了未声明的单位类型 %q", k.ID, kind)
		}
	}
}

// SetBaseURL sets BaseURL and the BasePath derived from it.
func (c *Config) SetBaseURL(base string) error {
	if base == "" {
		base = "/"
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || (u.Scheme != "" && u.Host == "") {
		return fmt.Errorf("base_url %q 不是有效的网址", base)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	c.BaseURL = base
	c.BasePath = "/" + strings.Trim(u.Path, "/") + "/"
	if c.BasePath == "//" {
		c.BasePath = "/"
	}
	return nil
}

// suggestHint names the nearest valid id, then says what else to do.
func suggestHint(got string, valid []string, otherwise string) string {
	if s := diag.Suggest(got, valid, 1); len(s) > 0 {
		return "是不是想写 " + s[0] + "？" + otherwise
	}
	return otherwise
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// expandDays turns dates and ranges of a [[holidays]] year into the list
// of its days. A range may start in the last days of the year before (a
// 元旦 holiday from 12-30) but every day lies within a week of year.
func expandDays(year int, items []string) ([]string, error) {
	var out []string
	for _, it := range items {
		from, to, isRange := strings.Cut(strings.TrimSpace(it), "~")
		a, err := time.Parse(time.DateOnly, strings.TrimSpace(from))
		if err != nil {
			return nil, fmt.Errorf("无法识别的日期 %q", it)
		}
		b := a
		if isRange {
			if b, err = time.Parse(time.DateOnly, strings.TrimSpace(to)); err != nil {
				return nil, fmt.Errorf("无法识别的日期 %q", it)
			}
		}
		first := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -7)
		last := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		if b.Before(a) || a.Before(first) || b.After(last) {
			return nil, fmt.Errorf("%q 不在 %d 年内，或结束早于开始", it, year)
		}
		for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
			out = append(out, d.Format(time.DateOnly))
		}
	}
	return out, nil
}

func validID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// KindIDs lists the ids of the unit kinds, in config order.
func (c *Config) KindIDs() []string { return ids(c.UnitKinds, func(k UnitKind) string { return k.ID }) }

// DistrictIDs lists the ids of the districts, in config order.
func (c *Config) DistrictIDs() []string {
	return ids(c.Districts, func(d District) string { return d.ID })
}

// CategoryIDs lists the ids of the disclosure categories, in config order.
func (c *Config) CategoryIDs() []string {
	return ids(c.Categories, func(k Category) string { return k.ID })
}

// District returns the district with id, or nil.
func (c *Config) District(id string) *District {
	for i := range c.Districts {
		if c.Districts[i].ID == id {
			return &c.Districts[i]
		}
	}
	return nil
}

// KindNamed returns the unit kind whose id, name or one of whose aliases
// is s, or nil.
func (c *Config) KindNamed(s string) *UnitKind {
	for i := range c.UnitKinds {
		k := &c.UnitKinds[i]
		if k.ID == s || k.Name == s || slices.Contains(k.Aliases, s) {
			return k
		}
	}
	return nil
}

// DistrictNamed returns the district whose id, name or one of whose
// aliases is s, or nil.
func (c *Config) DistrictNamed(s string) *District {
	for i := range c.Districts {
		d := &c.Districts[i]
		if d.ID == s || d.Name == s || slices.Contains(d.Aliases, s) {
			return d
		}
	}
	return nil
}

// Kind returns the unit kind with id, or nil.
func (c *Config) Kind(id string) *UnitKind {
	for i := range c.UnitKinds {
		if c.UnitKinds[i].ID == id {
			return &c.UnitKinds[i]
		}
	}
	return nil
}

// Category returns the disclosure category with id, or nil.
func (c *Config) Category(id string) *Category {
	for i := range c.Categories {
		if c.Categories[i].ID == id {
			return &c.Categories[i]
		}
	}
	return nil
}

// AssessDate returns the day of the plan's 考核: [plan] assess_date, else
// the end of the last phase, else the last day of [plan] last_year, at
// midnight in the site's time zone; zero when the config has none.
func (c *Config) AssessDate() time.Time {
	d := c.Plan.AssessDate
	if d.IsZero() {
		switch {
		case len(c.Phases) > 0:
			d = c.Phases[len(c.Phases)-1].End
		case c.Plan.LastYear > 0:
			return time.Date(c.Plan.LastYear, 12, 31, 0, 0, 0, 0, c.Location)
		default:
			return time.Time{}
		}
	}
	t := d.In(c.Location)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.Location)
}

// Today returns the date the build treats as today, at midnight in the
// site's time zone.
func (c *Config) Today(now time.Time) time.Time {
	if !c.BuildDate.IsZero() {
		now = c.BuildDate.In(c.Location)
	}
	n := now.In(c.Location)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, c.Location)
}

// AbsURL joins the base URL and a site path such as "/notices/".
func (c *Config) AbsURL(path string) string {
	base := strings.TrimSuffix(c.BaseURL, "/")
	if strings.HasPrefix(c.BaseURL, "/") {
		base = strings.TrimSuffix(c.BaseURL, "/")
	} else if bp := strings.TrimSuffix(c.BasePath, "/"); bp != "" && strings.HasSuffix(base, bp) {
		base = strings.TrimSuffix(base, bp)
	}
	return base + c.RelURL(path)
}

// RelURL prefixes a site path with the base path.
func (c *Config) RelURL(path string) string {
	return strings.TrimSuffix(c.BasePath, "/") + "/" + strings.TrimPrefix(path, "/")
}

// String names the config for logs.
func (c *Config) String() string { return fmt.Sprintf("config %q", c.Title) }
