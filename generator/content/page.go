// Package content reads a site's content/ directory into typed pages:
// front matter decoded per section, bodies kept as Markdown. It renders
// nothing.
package content

import (
	"io/fs"
	"strings"
	"unicode/utf8"

	"gongkai/generator/diag"
	"gongkai/generator/tomlpos"
)

// Sections with their own front matter.
const (
	SectionNotices     = "notices"
	SectionReports     = "reports"
	SectionCases       = "cases"
	SectionDisclosures = "disclosures"
	SectionUnits       = "units"
)

// Page is one Markdown file, parsed but not rendered.
type Page struct {
	File      string   // path shown to authors: "content/notices/plan.md"
	Rel       string   // slash path inside content/: "notices/plan.md"
	Section   string   // first directory, "" for pages at the root
	Name      string   // file stem, or the bundle's directory name
	IsIndex   bool     // an _index.md: the intro of a section or of the home page
	BundleDir string   // "notices/plan" when the page is notices/plan/index.md
	Resources []string // files of the bundle, slash paths inside content/
	Body      []byte   // Markdown after the front matter, LF line ends
	BodyLine  int      // file line on which Body starts
	Front     string   // the TOML front matter, for locating fields in messages
	Hash      uint64   // of the whole file as read
	// ContentHash is what a sign-off approves (see ContentHash): front
	// matter without [review], and the body.
	ContentHash string
	Size        int64 // of the file, with ModTime to notice changes cheaply
	ModTime     int64 // UnixNano
	// Stamp hashes the file's ctime, inode and device (0 where the file
	// system does not say): with Size and ModTime, what git's index keeps
	// to know a file unchanged. A file replaced by another of the same
	// size and mtime (an archive unpacked, rsync -a) has a new ctime.
	Stamp uint64
	fsys  fs.FS // set while Body is still to be read (see LoadBody)
	// fileHash is the Hash of the bytes the page was made from, which
	// LoadBody must read again (a unit merged with data/ has a Hash of
	// more than its file).
	fileHash uint64
	// incomplete is set when the front matter had errors. Never cached:
	// a page with errors is parsed afresh by every build.
	incomplete bool

	Meta
	Notice     *Notice
	Report     *Report
	Case       *Case
	Disclosure *Disclosure
	Unit       *Unit
	// Organization is set on a plain page that describes the federation
	// (机构概况): front matter [organization].
	Organization *Organization
}

// Organization is a 机构概况 page's own front matter, as 《政府网站发展
// 指引》 asks a site to publish it: the leaders (姓名、职务、分工), the
// functions (职能) and the internal departments (内设机构).
type Organization struct {
	Functions   []string     `toml:"functions"`
	Leaders     []Leader     `toml:"leaders"`
	Departments []Department `toml:"departments"`
}

// Leader is one of the 领导 of a 机构概况 page.
type Leader struct {
	Name   string `toml:"name"`
	Title  string `toml:"title"`  // 职务
	Duties string `toml:"duties"` // 分工
}

// Department is an internal department (内设机构).
type Department struct {
	Name   string `toml:"name"`
	Duties string `toml:"duties"`
	Phone  string `toml:"phone"`
}

// Meta is the front matter every page may have.
type Meta struct {
	Title       string       `toml:"title"`
	Date        tomlpos.Date `toml:"date"`
	Lastmod     tomlpos.Date `toml:"lastmod"`
	Draft       bool         `toml:"draft"`
	PublishDate tomlpos.Date `toml:"publish_date"`
	ExpiryDate  tomlpos.Date `toml:"expiry_date"`
	Summary     string       `toml:"summary"`
	Slug        string       `toml:"slug"`
	Aliases     []string     `toml:"aliases"`
	Tags        []string     `toml:"tags"`
	Weight      int          `toml:"weight"`
	// Milestone marks a notice, report or case as a milestone of the
	// plan: the timeline highlights it.
	Milestone bool `toml:"milestone"`
	// ChangeReason is why this version differs from the last one
	// published (更正金额): the 修订记录 entry of the build that
	// publishes it gives it as the reason.
	ChangeReason string `toml:"change_reason"`
	// Review is the page's sign-off, if it has one.
	Review *Review `toml:"review"`
}

// Notice is an official document (公文) in notices/.
type Notice struct {
	DocNumber   string       `toml:"doc_number"`   // 发文字号: 机关代字〔年份〕序号
	Issuer      string       `toml:"issuer"`       // 发文机关署名
	Recipients  string       `toml:"recipients"`   // 主送机关
	Attachments []string     `toml:"attachments"`  // 附件说明, names of the attachments
	CC          string       `toml:"cc"`           // 抄送机关
	PrintedBy   string       `toml:"printed_by"`   // 印发机关
	PrintedDate tomlpos.Date `toml:"printed_date"` // 印发日期
	IndexNo     string       `toml:"index_no"`     // 索引号 of 政府信息公开, shown in the information bar
	// Signer is the 签发人 of a 上行文 (a report or request to a higher
	// organ), names separated by 、 when several sign: GB/T 9704-2012
	// 7.2.4 prints it right of the 发文字号.
	Signer string `toml:"signer"`
	// Direction is the 行文方向: 上行文, 下行文 or 平行文 (DirectionUp …).
	// A 上行文 must have a Signer; empty is read from Signer (a notice
	// with a 签发人 is a 上行文).
	Direction string `toml:"direction"`
	// Note is the 附注 (7.3.6), e.g. （此件公开发布）, printed below the date.
	Note string `toml:"note"`
	// DocDate is the 成文日期 of the signature block, when it is not the
	// publication date (date).
	DocDate tomlpos.Date `toml:"doc_date"`
	// ModelUnits are the units (ids) the notice names as the plan's
	// 示范单位; a build that would veto one of them fails.
	ModelUnits []string `toml:"model_units"`
}

// Report is a periodic progress report (工作通报) in reports/.
type Report struct {
	Period  string             `toml:"period"` // "2016" or "2016Q3"
	Issuer  string             `toml:"issuer"`
	Figures map[string]float64 `toml:"figures"` // target id → citywide value reported
}

// Case is a case study (典型案例) in cases/.
type Case struct {
	Units []string `toml:"units"` // refs to units
}

// Disclosure is what a union unit makes public (会务公开).
type Disclosure struct {
	Unit           string       `toml:"unit"`
	Category       string       `toml:"category"`
	PublicityStart tomlpos.Date `toml:"publicity_start"`
	PublicityEnd   tomlpos.Date `toml:"publicity_end"`
	PublicityDays  int          `toml:"publicity_days"`
	Contact        string       `toml:"contact"` // 监督渠道
}

// Unit is a union organisation (工会组织) in units/.
type Unit struct {
	Parent      string                `toml:"parent"`
	Kind        string                `toml:"kind"`
	District    string                `toml:"district"`
	Established tomlpos.Date          `toml:"established"`
	Employees   int                   `toml:"employees"`
	Members     int                   `toml:"members"`
	Chair       string                `toml:"chair"`
	Contact     string                `toml:"contact"`
	Address     string                `toml:"address"`
	Model       string                `toml:"model"` // 示范单位 title, as the plan's notice prints it
	Status      map[string]UnitStatus `toml:"status"`
}

// UnitStatus is what a unit reports for one year of the plan; the targets in
// config are computed from these fields.
type UnitStatus struct {
	StaffCongress      bool     `toml:"staff_congress"`      // 职代会制度
	CollectiveContract bool     `toml:"collective_contract"` // 集体协商
	LaborSupervision   bool     `toml:"labor_supervision"`   // 劳动法律监督组织
	WorkersHome        string   `toml:"workers_home"`        // none / qualified / city / province / national
	ServiceStation     bool     `toml:"service_station"`     // 服务站（点）
	LegalPerson        bool     `toml:"legal_person"`        // 社团法人登记
	FundsAudit         bool     `toml:"funds_audit"`         // 经费审查委员会
	RotationTrained    float64  `toml:"rotation_trained"`    // share of cadres trained in three years
	Certified          float64  `toml:"certified"`           // share of cadres certified (持证上岗)
	NewChairTrained    float64  `toml:"new_chair_trained"`   // share of new chairs trained
	Cadres             int      `toml:"cadres"`              // union cadres (工会干部), the headcount of cadre shares
	NewChairs          int      `toml:"new_chairs"`          // chairs and vice-chairs new in the year; 0: none
	Members            int      `toml:"members"`
	Awards             []string `toml:"awards"`
	// Extra holds the yearly fields a site declares in config.toml
	// ([fields.women_committee]), as written: a bool, an int64, a float64
	// or a string. The portal checks them against their declared types.
	Extra map[string]any `toml:",rest"`
}

// Incomplete reports whether the front matter had errors, which are
// reported on their own: fields the author did write may then be empty,
// so checks for missing fields leave such a page alone.
func (p *Page) Incomplete() bool { return p.incomplete }

// Pos returns where a front matter key's value is written (file, line and
// column): a top-level key ("unit") or a path into a table ("status",
// "2017", "workers_home"). For a key that is not written it returns its
// nearest table, or the first line of the front matter.
func (p *Page) Pos(path ...string) diag.Position {
	if len(path) == 1 {
		// A top-level key is written before the first table: a scan of
		// those lines is all it takes (warnings ask for thousands).
		for i, l := range strings.Split(p.Front, "\n") {
			if t := strings.TrimSpace(l); strings.HasPrefix(t, "[") {
				break
			}
			k, v, ok := strings.Cut(l, "=")
			if ok && strings.Trim(strings.TrimSpace(k), `"'`) == path[0] {
				col := utf8.RuneCountInString(k) + 2 + len(v) - len(strings.TrimLeft(v, " \t"))
				return diag.Position{File: p.File, Line: i + 2, Col: col}
			}
		}
	}
	return tomlpos.Locate(tomlpos.Source{File: p.File, Text: p.Front, Line: 2}).Value(path...)
}
