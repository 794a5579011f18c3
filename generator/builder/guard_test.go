package builder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/pii/piitest"
)

func gbk(s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

const bundle = "+++\ntitle = \"关于公布帮扶名单的通知\"\ndate = 2016-01-01\n+++\n\n附件见下。\n"

// guardPlaces hide numbers in every place a reader can see them (and,
// in the clean- cases, only look-alikes, masked and allowed numbers). The
// site is testdata/bad/_base with these files laid over it; config, if
// set, is appended to its config.toml. The golden file holds what the
// author is told.
var guardPlaces = []struct {
	name   string
	config string
	files  map[string][]byte
}{
	{"body-forms", "", map[string][]byte{"content/notices/forms.md": []byte(`+++
title = "帮扶对象公示"
date = 2016-01-02
+++
一、加粗：**13800138000**，拆开加粗：138**0013**8000。

二、字符引用：&#49;&#51;&#56;&#48;&#48;&#49;&#51;&#56;&#48;&#48;&#48;；全角：１３８００１３８０００。

三、空格与点：138` + "\u00a0" + `0013` + "\u00a0" + `8000，138` + "\u3000" + `0013` + "\u3000" + `8000，138.0013.8000。

四、区号：+86 138 0013 8000，0086 13800138000。

五、字母相连：ID32050219800101123X，Tel13800138000。

六、零宽空格：138` + "\u200b" + `0013` + "\u200b" + `8000；跨行：张三 1380013
8000。

七、旧身份证：320 502 800 101 123；HTML：138<em>0013</em>8000。
`)}},
	{"front-matter", "", map[string][]byte{"content/disclosures/x.md": []byte(`+++
title = "候选人公示（联系人 138 0013 8000）"
date = 2016-01-02
unit = "hongqiao"
category = "finance"
publicity_start = 2016-01-02
publicity_days = 5
contact = "监督电话：１３８－００１３－８０００"
summary = "身份证号 320502&#49;9800101123X"
+++
正文。
`)}},
	{"alt-title-links", "", map[string][]byte{"content/notices/links.md": []byte(`+++
title = "联系方式"
date = 2016-01-02
+++
![张三 13800138000](a.png "身份证 32050219800101123X")

[拨打电话](tel:+86-13800138000)，[发短信](sms:13800138000?body=hi)，[查询](https://example.org/q?phone=13800138000&id=1)。

<tel:%2B86%2013800138000>
`)}},
	{"config-footer", "[footer]\ncontact = \"联系电话：138 0013 8000\"\n", nil},
	{"attachment-encodings", "", map[string][]byte{
		"content/notices/b/index.md":    []byte(bundle),
		"content/notices/b/名单.csv":      piitest.UTF16("姓名,电话\r\n张三,13800138000\r\n", false, true),
		"content/notices/b/名单2.txt":     piitest.UTF16("姓名 身份证号\n李四 32050219800101123X\n", true, false),
		"content/notices/b/名单3.csv":     piitest.UTF16("序号,卡号\n1,6217001234567890122\n", false, false),
		"content/notices/b/名单4.txt":     gbk("王五\n手机：138-0013-8000\n"),
		"content/notices/b/readme.text": []byte("联系 13800138000"),
	}},
	{"attachment-text-types", "", map[string][]byte{
		"content/notices/b/index.md": []byte(bundle),
		"content/notices/b/名单.tsv":   []byte("姓名\t电话\n张三\t138 0013 8000\n"),
		"content/notices/b/名单.json":  []byte(`{"name": "张三", "tel": "\u0031\u00338001380\u00300"}`),
		"content/notices/b/名单.xml":   []byte("<list>\n  <p tel=\"13800138000\">张三</p>\n</list>\n"),
		"content/notices/b/名单.html":  []byte("<p>张三：138<b>0013</b>8000</p>\n"),
		"content/notices/b/附件一.md":   []byte("# 附件一\n\n卡号 6222 0210 0000 0005\n"),
		"content/notices/b/名单.vcard": []byte("BEGIN:VCARD\nTEL:13800138000\nEND:VCARD\n"),
	}},
	{"static-files", "", map[string][]byte{
		"static/files/通讯录.txt": []byte("办公室\n张三 138 0013 8000\n"),
		"static/js/contact.js": []byte("var tel = '13800138000';\n"),
	}},
	{"site-layouts", "", map[string][]byte{
		"layouts/partials/footer.html": []byte("<footer>\n  <p>办公室电话：0512-67154265，联系人手机：<a href=\"tel:13800138000\">138 0013 8000</a></p>\n</footer>\n"),
	}},
	{"office-and-pdf", "", map[string][]byte{
		"content/notices/b/index.md": []byte(bundle),
		"content/notices/b/名单.xlsx": piitest.XLSX([]string{"说明", "帮扶名单"}, map[string][]piitest.Cell{
			"说明":   {{Ref: "A1", Text: "2016年帮扶对象"}},
			"帮扶名单": {{Ref: "A1", Text: "姓名"}, {Ref: "B3", Text: "32050219800101123X"}, {Ref: "C3", Number: "13800138000"}},
		}),
		"content/notices/b/公示.docx": piitest.DOCX([]string{"候选人公示", "张三，电话：|138|0013 8000"}, "tel:13900139000"),
		"content/notices/b/公示.pdf":  piitest.PDF([][]string{{"Notice"}, {"Zhang San", "Card 6222 0210 0000 0005"}}),
	}},
	{"file-name", "", map[string][]byte{
		"content/notices/b/index.md":          []byte(bundle),
		"content/notices/b/张三13800138000.txt": []byte("简历"),
	}},
	{"unscanned-error", "pii_unscanned = \"error\"\n", map[string][]byte{
		"content/notices/b/index.md":   []byte(bundle),
		"content/notices/b/扫描件.pdf":    piitest.PDF([][]string{{}}),
		"content/notices/b/名单.xls":     {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0},
		"content/notices/b/photo.jpg":  []byte("\xff\xd8\xff\xe0 not scanned, not an error"),
		"content/notices/b/archive.7z": {'7', 'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 0},
	}},
	{"reachable-places", "", map[string][]byte{
		"content/notices/b/index.md": []byte(bundle),
		"content/notices/b/名单.md":    []byte("# 名单\n\n- 一组\n  - 二组\n    - 组长 张三 1380013\n      8000\n"),
		"content/notices/b/盖章.pdf": piitest.PDFTrailer([]string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
			"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /Stamp 6 0 R >> >> /Contents 5 0 R /Annots [<< /Subtype /Link /A << /S /URI /URI (tel:13900139000) >> >>] >>",
			piitest.Stream("", "BT /F1 12 Tf 72 720 Td (Notice) Tj ET /Stamp Do"),
			piitest.Stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>", "BT /F1 12 Tf (ID 32050219800101123X) Tj ET"),
			"<< /Author (13700137000) >>",
		}, "/Info 7 0 R"),
		"content/notices/b/登记表.docx": piitest.Zip([][2]string{
			{"word/document.xml", `<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>手机</w:t></w:r></w:p></w:tc>` +
				digitCells("13800138000") + `</w:tr></w:tbl></w:body></w:document>`},
			{"docProps/core.xml", `<cp:coreProperties xmlns:cp="cp" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三 13600136000</dc:creator></cp:coreProperties>`},
			{"word/embeddings/Microsoft_Excel_Worksheet.xlsx", string(piitest.XLSX([]string{"名单"}, map[string][]piitest.Cell{"名单": {{Ref: "C2", Number: "13500135000"}}}))},
		}),
		"content/notices/b/统计.xlsx": piitest.Zip([][2]string{
			{"xl/workbook.xml", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="统计" r:id="rId1"/></sheets></workbook>`},
			{"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`},
			{"xl/worksheets/sheet1.xml", `<worksheet><sheetData/><headerFooter><oddFooter>&amp;L填表人 13800138000&amp;R第 &amp;P 页</oddFooter></headerFooter></worksheet>`},
			{"xl/drawings/drawing1.xml", `<xdr:wsDr xmlns:xdr="x" xmlns:a="a"><xdr:sp><xdr:txBody><a:p><a:r><a:t>联系 139 0013 9000</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>`},
		}),
		"static/contact.html": []byte("<!-- 旧号码 13800138000 -->\n<li data-tel=\"13900139000\" title=\"身份证 32050219800101123X\">张三</li>\n"),
	}},
	{"clean-everywhere", "[footer]\ncontact = \"电话：0512-67154265，职工服务热线 12351，热线 139 0000 0000\"\n", map[string][]byte{
		"content/notices/b/index.md": []byte(`+++
title = "苏工〔2016〕3号 关于2016年度工作的通知"
date = 2016-01-01
summary = "2015年4月7日至2017年12月31日"
+++
全市 1380 家基层工会、职工 138000 人；电话 0512-6715 4265；热线 [139 0000 0000](tel:+8613900000000)。

已打码：138****8000、320502********123X、622202******0005、１３８＊＊＊＊８０００。

订单号 6222 0210 0000 0006；统一社会信用代码 91320500MA1MXXXX0X；版本 1.13.8000。
`),
		"content/notices/b/统计.xlsx": piitest.XLSX([]string{"统计"}, map[string][]piitest.Cell{
			"统计": {{Ref: "A1", Text: "苏工〔2015〕2号"}, {Ref: "B1", Number: "20150407"}, {Ref: "C1", Text: "138****8000"}, {Ref: "D1", Number: "13900000000"}},
		}),
		"content/notices/b/说明.docx":   piitest.DOCX([]string{"苏工〔2015〕2号", "电话 0512-|6715|4265"}, "https://example.org/2015/04/07/"),
		"content/notices/b/说明.pdf":    piitest.PDF([][]string{{"Su Gong [2015] No. 2", "Tel 0512-67154265"}}),
		"content/notices/b/名单.csv":    piitest.UTF16("姓名,手机\r\n张三,138****8000\r\n", false, true),
		"content/notices/b/photo.png": []byte("\x89PNG\r\n\x1a\n"),
		"content/notices/b/旧表.xls":    {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0},
	}},
}

// digitCells writes a number one digit a table cell, as a form does.
func digitCells(number string) string {
	var b strings.Builder
	for _, d := range number {
		fmt.Fprintf(&b, "<w:tc><w:p><w:r><w:t>%c</w:t></w:r></w:p></w:tc>", d)
	}
	return b.String()
}

// TestGuardPlaces checks, per place, the exact messages an author sees
// (testdata/guard/NAME.txt), and the summary's list of files not scanned.
func TestGuardPlaces(t *testing.T) {
	for _, tt := range guardPlaces {
		t.Run(tt.name, func(t *testing.T) {
			m := fstest.MapFS{}
			loadDir(t, "testdata/bad/_base", m)
			for name, data := range tt.files {
				m[name] = &fstest.MapFile{Data: data}
			}
			if tt.config != "" {
				// Top-level keys go first, tables last.
				data := string(m["config.toml"].Data) + tt.config
				if !strings.HasPrefix(tt.config, "[") {
					data = tt.config + string(m["config.toml"].Data)
				}
				m["config.toml"] = &fstest.MapFile{Data: []byte(data)}
			}
			res, err := Run(Options{Source: m, Theme: repo, Check: true, Now: fixedNow})
			var b strings.Builder
			var list diag.List
			if errors.As(err, &list) {
				b.WriteString(list.Error() + "\n")
			} else if err != nil {
				t.Fatalf("not a diag.List: %v", err)
			}
			for _, u := range res.Guard.Unscanned {
				fmt.Fprintf(&b, "未扫描 %s：%s\n", u.File, u.Reason)
			}
			fmt.Fprintf(&b, "图片 %d\n", res.Guard.Images)
			clean := strings.HasPrefix(tt.name, "clean-")
			if clean != (err == nil) {
				t.Errorf("clean %v, but err = %v", clean, err)
			}
			golden := filepath.Join("testdata/guard", tt.name+".txt")
			if *update {
				os.WriteFile(golden, []byte(b.String()), 0o644)
				return
			}
			want, _ := os.ReadFile(golden)
			if b.String() != string(want) {
				t.Errorf("messages changed:\n--- got\n%s--- want\n%s", b.String(), want)
			}
		})
	}
}

// TestGuardVerdictCache: a rebuild takes the verdicts on unchanged files
// from the cache, still lists what was not scanned, and scans a file
// again when its bytes, the allow-list or the cache file change.
func TestGuardVerdictCache(t *testing.T) {
	m := fstest.MapFS{}
	loadDir(t, "testdata/bad/_base", m)
	m["content/notices/b/index.md"] = &fstest.MapFile{Data: []byte(bundle)}
	m["content/notices/b/名单.xlsx"] = &fstest.MapFile{Data: piitest.XLSX([]string{"名单"}, map[string][]piitest.Cell{"名单": {{Ref: "B2", Text: "138****8000"}}})}
	m["content/notices/b/扫描件.pdf"] = &fstest.MapFile{Data: piitest.PDF([][]string{{}})}
	tmp := t.TempDir()
	cache := filepath.Join(tmp, "cache")
	build := func() (Result, error) {
		return Run(Options{Source: m, Theme: repo, Dest: filepath.Join(tmp, "public"), CacheDir: cache, Now: fixedNow})
	}
	unscanned := func(res Result) string {
		var names []string
		for _, u := range res.Guard.Unscanned {
			names = append(names, u.File)
		}
		return strings.Join(names, ",")
	}
	res, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if got := loadVerdicts(cache); len(got) != 2 { // the workbook and the PDF
		t.Fatalf("verdicts kept: %v", got)
	}
	first := unscanned(res)
	if first != "content/notices/b/扫描件.pdf" {
		t.Fatalf("unscanned = %q", first)
	}
	// A rebuild from the cache still names the PDF.
	if res, err = build(); err != nil || unscanned(res) != first {
		t.Fatalf("rebuild: unscanned = %q, err = %v", unscanned(res), err)
	}
	// New bytes are scanned again.
	m["content/notices/b/名单.xlsx"] = &fstest.MapFile{Data: piitest.XLSX([]string{"名单"}, map[string][]piitest.Cell{"名单": {{Ref: "B2", Text: "13800138000"}}})}
	if _, err = build(); err == nil || !strings.Contains(err.Error(), "名单!B2：发现未打码的手机号 13800138000") {
		t.Fatalf("changed workbook: err = %v", err)
	}
	// An allowed number passes; taking it off the allow-list fails again.
	conf := m["config.toml"].Data
	m["config.toml"] = &fstest.MapFile{Data: append(append([]byte(nil), conf...), "[[pii_exceptions]]\nvalue = \"13800138000\"\nreason = \"热线\"\n"...)}
	if _, err = build(); err != nil {
		t.Fatalf("allowed: %v", err)
	}
	m["config.toml"] = &fstest.MapFile{Data: conf}
	if _, err = build(); err == nil {
		t.Fatal("allow-list shrank, but the cached verdict let the number through")
	}
	// A damaged cache file means scanning again, never a wrong verdict.
	m["content/notices/b/名单.xlsx"] = &fstest.MapFile{Data: piitest.XLSX([]string{"名单"}, map[string][]piitest.Cell{"名单": {{Ref: "B2", Text: "138****8000"}}})}
	if _, err = build(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(cache, guardFile)
	b, _ := os.ReadFile(p)
	b[len(b)/2] ^= 0xff
	os.WriteFile(p, b, 0o644)
	if res, err = build(); err != nil || unscanned(res) != first {
		t.Fatalf("damaged cache: unscanned = %q, err = %v", unscanned(res), err)
	}
}

// TestUnsafeSVG: unsafe_svg = true publishes the SVG files that
// testdata/bad/svg-script refuses.
func TestUnsafeSVG(t *testing.T) {
	m := fstest.MapFS{}
	loadDir(t, "testdata/bad/_base", m)
	loadDir(t, "testdata/bad/svg-script", m)
	m["config.toml"] = &fstest.MapFile{Data: append([]byte("unsafe_svg = true\n"), m["config.toml"].Data...)}
	if _, err := Run(Options{Source: m, Theme: repo, Check: true, Now: fixedNow}); err != nil {
		t.Fatalf("unsafe_svg = true still refuses:\n%v", err)
	}
}

// FuzzGuardPage splits any page source as the guard reads it (front
// matter from line 2, the body from its line) and checks that every
// finding is placed inside the page, on the line and column where it
// starts. It is seeded from the pages of guardPlaces.
func FuzzGuardPage(f *testing.F) {
	for _, tt := range guardPlaces {
		for name, data := range tt.files {
			if strings.HasSuffix(name, ".md") {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, bodyLine, err := content.Split("a.md", src)
		if err != nil {
			return
		}
		lines := strings.Split(string(src), "\n")
		for _, part := range []struct {
			text  string
			first int
		}{{front, 2}, {string(body), bodyLine}} {
			for _, e := range scanText("a.md", part.text, part.first, nil) {
				p := e.Pos
				if p.Line < part.first || p.Line > len(lines) || p.Col < 1 || p.Col > utf8.RuneCountInString(lines[p.Line-1])+1 {
					t.Fatalf("%v placed outside the page %q", e, src)
				}
			}
		}
	})
}
