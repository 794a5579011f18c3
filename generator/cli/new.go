package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gongkai/generator/archetype"
	"gongkai/generator/builder"
	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/digest"
	"gongkai/generator/portal"
	"gongkai/generator/publish"
	"gongkai/generator/serve"
	"gongkai/generator/tomlpos"
)

// newFlags of `gongkai new`.
type newOptions struct {
	source, slug, date                  string
	unit, category, parent, kind, where string
}

func runNew(env Env, args []string) int {
	var o newOptions
	fs := newFlags(env, "new")
	fs.StringVar(&o.source, "source", ".", "站点`目录`（含 config.toml 和 content/）")
	fs.StringVar(&o.slug, "slug", "", "`文件名`，也是网址的最后一段：小写英文字母、数字和连字符；不写就用日期加序号，如 2026-11-25-1")
	fs.StringVar(&o.date, "date", "", "`日期`，如 2026-11-25；不写就是今天")
	fs.StringVar(&o.unit, "unit", "", "会务公开、典型案例：所属`单位`，写 content/units/ 下的文件名，如 hongqiao-jingmi")
	fs.StringVar(&o.category, "category", "", "会务公开：公开`类别`，写 config.toml 中 [[categories]] 的 id，如 finance")
	fs.StringVar(&o.parent, "parent", "", "工会组织：上级`单位`，写 content/units/ 下的文件名")
	fs.StringVar(&o.kind, "kind", "", "工会组织：单位`类型`，写 config.toml 中 [[unit_kinds]] 的 id，如 enterprise")
	fs.StringVar(&o.where, "district", "", "工会组织：所在`地区`，写 config.toml 中 [[districts]] 的 id；不写就跟上级工会相同")
	// Flags may come before, between or after the section and the title.
	var words []string
	for rest := args; ; {
		if code := parseFlags(fs, rest); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(words) == 0 {
		usageError(fs, `要写栏目和标题，如 gongkai new notices "关于开展……的通知"`)
		return ExitUsage
	}
	sec, ok := archetype.Find(words[0])
	if !ok {
		usageError(fs, unknownSection(words[0]))
		return ExitUsage
	}
	title := strings.TrimSpace(strings.Join(words[1:], " "))
	if title == "" {
		usageError(fs, fmt.Sprintf(`要写标题（标题有空格时用英文双引号括起来），如 gongkai new %s "%s"`, sec.Name, exampleTitle(sec)))
		return ExitUsage
	}
	if o.slug != "" {
		if msg := archetype.CheckSlug(o.slug); msg != "" {
			usageError(fs, msg)
			return ExitUsage
		}
	}
	if !siteDir(env, o.source) {
		return ExitUsage
	}
	return newFile(env, o, sec, title)
}

// newLockPath is the lock file of gongkai new for the site at source, in
// the temporary directory so that nothing is added to the site.
func newLockPath(source string) string {
	abs, err := filepath.Abs(source)
	if err != nil {
		abs = source
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("gongkai-new-%016x.lock", digest.Sum([]byte(abs))))
}

// newFile makes the file once the command line is understood.
func newFile(env Env, o newOptions, sec archetype.Section, title string) int {
	site := os.DirFS(o.source)
	cfg, errs := config.Load(site)
	if cfg == nil {
		for _, e := range errs {
			fmt.Fprintln(env.Stderr, e)
		}
		fmt.Fprintln(env.Stderr, "\nconfig.toml 有错误，先改正它，再新建内容。")
		return ExitContent
	}
	// Several gongkai new at once must not take the same 发文字号 or file
	// name: each reads the notices and writes its file under one lock.
	if release, err := publish.LockPath(newLockPath(o.source)); err == nil {
		defer release()
	}
	day := env.Now().In(cfg.Location)
	if o.date != "" {
		var d tomlpos.Date
		if err := d.UnmarshalTOML(o.date); err != nil {
			fmt.Fprintf(env.Stderr, "--date %s 不是有效的日期，写成 2026-11-25 这样（年-月-日）。\n", o.date)
			return ExitUsage
		}
		day = d.In(cfg.Location)
	}
	cs, _ := content.Walk(site, nil) // the site's own errors are for check and build
	tree := unitTree(site, cfg, cs.Pages)
	d := archetype.Data{Title: title, Date: day.Format("2006-01-02"), Year: day.Format("2006")}
	var problems []string
	unitRef := func(flagName, ref string) (string, string) {
		if ref == "" {
			return "", ""
		}
		if u := tree.Unit(ref); u != nil {
			return u.ID, u.Name()
		}
		msg := fmt.Sprintf("--%s：单位 %q 不存在", flagName, ref)
		if s := tree.Suggest(ref); s != "" {
			msg += "。是不是指 " + s + "？"
		} else {
			msg += "。单位用 content/units/ 下的文件名（不含 .md）来写。"
		}
		problems = append(problems, msg)
		return ref, ""
	}
	switch sec.Dir {
	case content.SectionNotices:
		d.DocNumber = archetype.NextDocNumber(cs.Pages, day.Year())
		d.Issuer = archetype.MostUsed(cs.Pages, func(p *content.Page) string {
			if p.Notice == nil {
				return ""
			}
			return p.Notice.Issuer
		})
	case content.SectionReports:
		d.Issuer = archetype.MostUsed(cs.Pages, func(p *content.Page) string {
			if p.Report == nil {
				return ""
			}
			return p.Report.Issuer
		})
	case content.SectionCases:
		d.Unit, d.UnitName = unitRef("unit", o.unit)
	case content.SectionDisclosures:
		d.Categories = choices(cfg.CategoryIDs(), func(id string) string { return cfg.Category(id).Name })
		switch {
		case o.unit == "":
			problems = append(problems, "会务公开要写明所属单位：--unit 单位文件名（content/units/ 下的文件名，不含 .md）")
		default:
			d.Unit, d.UnitName = unitRef("unit", o.unit)
		}
		switch c := cfg.Category(o.category); {
		case o.category == "":
			problems = append(problems, "会务公开要写明公开类别：--category 类别，可选 "+d.Categories)
		case c == nil:
			problems = append(problems, fmt.Sprintf("--category：没有 %q 这个公开类别。%s", o.category, suggestChoice(o.category, cfg.CategoryIDs(), d.Categories)))
		default:
			d.Category, d.CategoryName = c.ID, c.Name
		}
		d.PublicityDays = cfg.Publicity.DefaultDays
		d.DaysKind = "自然日"
		var cal *portal.Calendar
		if cfg.Publicity.WorkingDays {
			cal, d.DaysKind = portal.NewCalendar(cfg.Holidays), "工作日"
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, cfg.Location)
		end, _ := portal.PublicityEnd(start, d.PublicityDays, cal)
		d.PublicityEnd = end.Format("2006-01-02")
	case content.SectionUnits:
		d.Kinds = choices(cfg.KindIDs(), func(id string) string { return cfg.Kind(id).Name })
		d.Districts = choices(cfg.DistrictIDs(), func(id string) string { return cfg.District(id).Name })
		d.Parent, d.ParentName = unitRef("parent", o.parent)
		kind := o.kind
		if kind == "" {
			kind = defaultKind(cfg)
		}
		if k := cfg.Kind(kind); k != nil {
			d.Kind, d.KindName = k.ID, k.Name
		} else if kind != "" {
			problems = append(problems, fmt.Sprintf("--kind：没有 %q 这个单位类型。%s", kind, suggestChoice(kind, cfg.KindIDs(), d.Kinds)))
		}
		d.District = o.where
		if d.District == "" && d.ParentName != "" {
			d.District = tree.Unit(d.Parent).Page.Unit.District
		}
		if d.District != "" && cfg.District(d.District) == nil {
			problems = append(problems, fmt.Sprintf("--district：没有 %q 这个地区。%s", d.District, suggestChoice(d.District, cfg.DistrictIDs(), d.Districts)))
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(env.Stderr, p)
		}
		fmt.Fprintln(env.Stderr, "没有新建文件。")
		return ExitUsage
	}
	dir := filepath.Join(o.source, content.Dir, filepath.FromSlash(sec.Dir))
	slug := o.slug
	if slug == "" {
		slug = archetype.Slug(d.Date, func(name string) bool {
			return exists(filepath.Join(dir, name+".md")) || exists(filepath.Join(dir, name))
		})
	}
	file := filepath.Join(dir, slug+".md")
	if exists(file) || exists(filepath.Join(dir, slug)) {
		fmt.Fprintf(env.Stderr, "%s 已经存在，不会覆盖它。换一个 --slug，或者直接编辑这个文件。\n", file)
		return ExitUsage
	}
	text, err := archetype.Render(site, env.Theme, sec, d)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%v\n", err)
		return ExitContent
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(env.Stderr, "无法建立目录 %s：%v\n", dir, err)
		return ExitIO
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.Write(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(env.Stderr, "%s 已经存在，不会覆盖它。\n", file)
			return ExitUsage
		}
		fmt.Fprintf(env.Stderr, "无法写入 %s：%v\n", file, err)
		return ExitIO
	}
	nextSteps(env, o, sec, file, slug)
	return ExitOK
}

// nextSteps tells an author what to do with the new file.
func nextSteps(env Env, o newOptions, sec archetype.Section, file, slug string) {
	src := ""
	if o.source != "." {
		src = " --source " + o.source
	}
	url := "/" + slug + "/"
	if sec.Dir != "" {
		url = "/" + sec.Dir + url
	}
	fmt.Fprintf(env.Stdout, "已新建%s：%s\n\n", sec.Label, file)
	fmt.Fprintf(env.Stdout, "接下来：\n")
	fmt.Fprintf(env.Stdout, "  1. 用编辑器打开它，写正文，核对各个字段（# 后面是说明，可以删掉）。\n")
	fmt.Fprintf(env.Stdout, "  2. 预览：运行 gongkai serve%s，在浏览器打开 http://%s%s\n", src, serve.DefaultAddr, url)
	fmt.Fprintf(env.Stdout, "  3. 发布：运行 gongkai build%s，再把 public 目录上传到网站服务器。\n", src)
	if sec.Dir == content.SectionUnits && o.slug == "" {
		fmt.Fprintf(env.Stdout, "\n提示：单位的文件名就是它的标识，别的文件用 unit = \"%s\" 引用它。想要好记的名字，删掉这个文件，加上 --slug 重新新建，如 --slug hongqiao-jingmi。\n", slug)
	}
}

// unitTree is the site's unit tree as a build sees it (data/ rows
// included), or from content/units/ alone when the site has errors.
func unitTree(site fs.FS, cfg *config.Config, pages []*content.Page) *portal.Tree {
	_, units, errs := builder.Units(site)
	if errs.Err() != nil || units == nil {
		units = nil
		for _, p := range pages {
			if p.Unit != nil && !p.IsIndex {
				units = append(units, p)
			}
		}
	}
	t, _ := portal.BuildTree(cfg, units)
	return t
}

// defaultKind is the kind a new unit most likely has: a 基层工会 of an
// enterprise when the site has that kind, else the lowest tier.
func defaultKind(cfg *config.Config) string {
	if cfg.Kind("enterprise") != nil {
		return "enterprise"
	}
	best := ""
	tier := -1
	for _, k := range cfg.UnitKinds {
		if k.Tier > tier {
			best, tier = k.ID, k.Tier
		}
	}
	return best
}

// choices lists ids with their names: "finance（经费收支）、election（换届选举）".
func choices(ids []string, name func(string) string) string {
	if len(ids) == 0 {
		return "（config.toml 里还没有定义）"
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s（%s）", id, name(id))
	}
	return strings.Join(parts, "、")
}

func suggestChoice(got string, ids []string, all string) string {
	if s := diag.Suggest(got, ids, 1); len(s) > 0 {
		return fmt.Sprintf("是不是想写 %s？可选 %s", s[0], all)
	}
	return "可选 " + all
}

func unknownSection(word string) string {
	var names []string
	var list []string
	for _, s := range archetype.Sections {
		names = append(names, s.Name)
		names = append(names, s.Aliases...)
		list = append(list, s.Name+"（"+s.Label+"）")
	}
	msg := fmt.Sprintf("没有“%s”这个栏目", word)
	if s := diag.Suggest(word, names, 1); len(s) > 0 {
		sec, _ := archetype.Find(s[0])
		msg += fmt.Sprintf("。是不是想写 %s（%s）？", sec.Name, sec.Label)
	}
	return msg + "\n可选的栏目：" + strings.Join(list, "、")
}

func exampleTitle(sec archetype.Section) string {
	switch sec.Dir {
	case content.SectionNotices:
		return "关于开展……的通知"
	case content.SectionDisclosures:
		return "2026年度工会经费收支情况公示"
	case content.SectionUnits:
		return "某某科技有限公司工会"
	}
	return "标题"
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}
