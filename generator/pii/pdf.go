package pii

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"

	"gongkai/generator/limits"
)

// scanPDF scans the text of each page of a PDF. A PDF with no text at all
// (a scanned paper document) is reported as not scanned: its numbers are
// pictures, which are not recognised.
//
// The reader trusts the file: it allocates a table as large as the file
// says, follows /Parent and /Prev links without end and walks a page tree
// that refers to itself forever. So the numbers it would allocate from
// are checked first, the page tree is walked here within limits.MaxPDFDepth
// and limits.MaxPDFNodes, every stream is inflated within
// limits.MaxInflated before the reader interprets it, and every read
// counts against limits.MaxPDFReads.
//
// depth is how deeply the PDF is embedded in the file published: the
// files attached to it are read no deeper than limits.MaxEmbedded.
func scanPDF(data []byte, allowed func(string) bool, depth int) (rep FileReport) {
	src := &readBudget{r: bytes.NewReader(data), left: limits.MaxPDFReads}
	defer func() {
		// The reader panics on some malformed files; such a file is named,
		// never taken as clean.
		if x := recover(); x != nil {
			rep = FileReport{Unscanned: "PDF 文件已损坏，无法读取"}
			if src.spent {
				rep.Unscanned = readBudgetSpent
			}
		}
	}()
	if why := pdfDeclaresTooMuch(data); why != "" {
		return FileReport{Unscanned: why}
	}
	r, err := pdf.NewReader(src, int64(len(data)))
	switch {
	case src.spent:
		return FileReport{Unscanned: readBudgetSpent}
	case err != nil && (strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password")):
		return FileReport{Unscanned: "PDF 已加密，无法读取其中的文字"}
	case err != nil:
		return FileReport{Unscanned: "无法读取的 PDF 文件"}
	}
	src.left = limits.MaxPDFReads + 8*limits.MaxPDFPages
	pages, why := pdfPages(r)
	if why != "" {
		return FileReport{Unscanned: why}
	}
	doc := newPDFDoc(limits.NewBudget())
	anyText := false
	for i, p := range pages {
		src.left = limits.MaxPDFReads
		doc.page = i + 1
		if why := pdfPageStreams(p, doc.inflate); why != "" {
			return FileReport{Hits: rep.Hits, Unscanned: fmt.Sprintf("PDF 第 %d 页%s", i+1, why)}
		}
		text, ok := doc.pageText(p)
		if src.spent {
			return FileReport{Unscanned: readBudgetSpent}
		}
		if !ok {
			return FileReport{Hits: rep.Hits, Unscanned: fmt.Sprintf("PDF 第 %d 页无法读取", i+1)}
		}
		if strings.TrimSpace(text) != "" {
			anyText = true
		}
		where := fmt.Sprintf("第 %d 页", i+1)
		rep.Hits = append(rep.Hits, placed(text, where, allowed)...)
		rep.Hits = append(rep.Hits, placedFix(doc.annotations(p), where+"的批注或链接", pdfAnnotFix, allowed)...)
	}
	rep.Hits = append(rep.Hits, doc.ownParts(r, src, allowed, depth)...)
	switch {
	case doc.why != "":
		rep.Unscanned = doc.why
	case !anyText:
		rep.Unscanned = "PDF 中没有可提取的文字（可能是扫描件）"
	}
	return rep
}

// ownParts scans what belongs to the document rather than a page: its
// properties, bookmarks and attached files, each step with the reads of
// one page.
func (d *pdfDoc) ownParts(r *pdf.Reader, src *readBudget, allowed func(string) bool, depth int) []Hit {
	var hits []Hit
	src.left = limits.MaxPDFReads
	d.page = 0
	// Writers put the properties both in the information dictionary and
	// in XMP; a number is reported once, as a property.
	props := map[string]bool{}
	d.metadata(r, func(where, text string) {
		for _, h := range placedFix(text, where, pdfPropsFix, allowed) {
			if !props[h.Number] {
				props[h.Number] = true
				hits = append(hits, h)
			}
		}
	})
	src.left = limits.MaxPDFReads
	hits = append(hits, placedFix(d.outline(r), "书签", "在 PDF 编辑软件中改正书签，或", allowed)...)
	src.left = limits.MaxPDFReads
	d.attachments(r, func(name string, data []byte) {
		if depth >= limits.MaxEmbedded {
			d.fail(fmt.Sprintf("附带的文件 %s 无法检查：套了超过 %d 层嵌入的文件", name, limits.MaxEmbedded))
			return
		}
		inner := scanFile(name, data, allowed, depth+1)
		file := "PDF 附带的文件 " + name
		for _, h := range inner.Hits {
			h.Where = within(file, h.Where+lineOf(h))
			h.Fix = "在 PDF 阅读器的「附件」中打开 " + name + " 改正后替换，" + h.Fix
			h.Line, h.Col = 0, 0
			hits = append(hits, h)
		}
		if inner.Unscanned != "" && !inner.Image {
			d.fail("附带的文件 " + name + " 无法检查：" + inner.Unscanned)
		}
	})
	return hits
}

// lineOf is where a hit in a text file is, for a place in a document.
func lineOf(h Hit) string {
	if h.Line == 0 {
		return ""
	}
	return fmt.Sprintf("第 %d 行", h.Line)
}

// placed scans text and places its hits at where.
func placed(text, where string, allowed func(string) bool) []Hit {
	return placedFix(text, where, "", allowed)
}

// placedFix is placed, with how to reach the place to change it.
func placedFix(text, where, fix string, allowed func(string) bool) []Hit {
	hits := ScanLines(text, allowed)
	for i := range hits {
		hits[i].Where, hits[i].Fix = where, fix
		hits[i].Line, hits[i].Col = 0, 0
	}
	return hits
}

// How to reach the places of a PDF that are not its pages' text.
const (
	pdfAnnotFix = "在 PDF 编辑软件中删除该批注、链接或表单内容，或"
	pdfPropsFix = "在原文件的属性或 PDF 编辑软件的「文档属性」中"
)

var readBudgetSpent = fmt.Sprintf("PDF 的结构反复引用自身，读取 %d 次仍未结束（文件已损坏或是恶意构造的）", limits.MaxPDFReads)

// readBudget is the file as the PDF reader sees it: every read counts
// against what is left of the step's reads, and once nothing is left
// every read panics, which is the one way to stop a loop inside the
// reader.
type readBudget struct {
	r     io.ReaderAt
	left  int
	spent bool
}

var errReadBudget = errors.New("PDF read budget spent")

func (b *readBudget) ReadAt(p []byte, off int64) (int, error) {
	if b.left--; b.left < 0 {
		b.spent = true
		panic(errReadBudget)
	}
	return b.r.ReadAt(p, off)
}

var (
	pdfSize  = regexp.MustCompile(`/Size\s*(\d+)`)
	pdfIndex = regexp.MustCompile(`/Index\s*\[([^\]]*)\]`)
)

// pdfDeclaresTooMuch checks the numbers the reader allocates from before
// it sees them: the object count (/Size) of trailers and cross-reference
// streams, the object numbers of a stream's /Index, and the first object
// number of each section of a cross-reference table.
func pdfDeclaresTooMuch(data []byte) string {
	tooMany := func(n string) bool {
		v, err := strconv.Atoi(n)
		return err != nil || v > limits.MaxPDFObjects
	}
	why := fmt.Sprintf("PDF 声称有超过 %d 个对象，超过上限（文件已损坏或是恶意构造的）", limits.MaxPDFObjects)
	for _, m := range pdfSize.FindAllSubmatch(data, -1) {
		if tooMany(string(m[1])) {
			return why
		}
	}
	for _, m := range pdfIndex.FindAllSubmatch(data, -1) {
		for _, f := range strings.Fields(string(m[1])) {
			if tooMany(f) {
				return why
			}
		}
	}
	// A table is "xref", then sections: first number, count, and three
	// tokens per entry, until "trailer". Any "xref" may be where a
	// startxref or /Prev points, even inside "startxref".
	for rest := data; ; {
		i := bytes.Index(rest, []byte("xref"))
		if i < 0 {
			return ""
		}
		rest = rest[i+4:]
		toks := pdfTokens{b: rest}
		for {
			first, n := toks.next(), toks.next()
			if first == "" || first == "trailer" || !isDigits(first) || !isDigits(n) {
				break
			}
			if tooMany(first) || tooMany(n) {
				return why
			}
			// Skip the entries, stopping at anything that is not one (say,
			// the next "xref"), so that the scan stays linear.
			count, _ := strconv.Atoi(n)
			for range 3 * count {
				if t := toks.next(); t != "f" && t != "n" && !isDigits(t) {
					break
				}
			}
		}
	}
}

// pdfTokens splits bytes at PDF white space.
type pdfTokens struct {
	b []byte
	i int
}

func (t *pdfTokens) next() string {
	for t.i < len(t.b) && isPDFSpace(t.b[t.i]) {
		t.i++
	}
	start := t.i
	for t.i < len(t.b) && !isPDFSpace(t.b[t.i]) {
		t.i++
	}
	return string(t.b[start:t.i])
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// pdfPages walks the page tree in reading order. The /Count the file
// declares is not trusted (a 700-byte file may claim two billion pages);
// the walk stops at limits.MaxPDFDepth levels, limits.MaxPDFNodes nodes
// and limits.MaxPDFPages pages, and a page whose /Parent chain is longer
// than any tree is refused, since the reader follows it to find the
// page's fonts.
func pdfPages(r *pdf.Reader) ([]pdf.Page, string) {
	var pages []pdf.Page
	nodes := 0
	var walk func(v pdf.Value, depth int) string
	walk = func(v pdf.Value, depth int) string {
		if nodes++; nodes > limits.MaxPDFNodes {
			return fmt.Sprintf("PDF 的页面树超过 %d 个节点，超过上限（文件已损坏或是恶意构造的）", limits.MaxPDFNodes)
		}
		if depth > limits.MaxPDFDepth {
			return fmt.Sprintf("PDF 的页面树嵌套超过 %d 层（页面树引用了自身，文件已损坏或是恶意构造的）", limits.MaxPDFDepth)
		}
		if v.Kind() != pdf.Dict {
			return ""
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			if len(pages) >= limits.MaxPDFPages {
				return fmt.Sprintf("PDF 超过 %d 页，超过上限，没有检查", limits.MaxPDFPages)
			}
			if !shortParentChain(v) {
				return fmt.Sprintf("PDF 第 %d 页的上级页面链超过 %d 层（循环引用，文件已损坏或是恶意构造的）", len(pages)+1, limits.MaxPDFDepth)
			}
			pages = append(pages, pdf.Page{V: v})
			return ""
		}
		for i := 0; i < kids.Len(); i++ {
			if why := walk(kids.Index(i), depth+1); why != "" {
				return why
			}
		}
		return ""
	}
	why := walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return pages, why
}

func shortParentChain(v pdf.Value) bool {
	for range limits.MaxPDFDepth + 1 {
		if v = v.Key("Parent"); v.IsNull() {
			return true
		}
	}
	return false
}

// pdfPageStreams inflates the streams the reader interprets for a page,
// its content and its fonts' character maps, within the file's budget,
// so that a stream that inflates without end is refused before the
// reader holds it. It returns why the page cannot be read, or "".
func pdfPageStreams(p pdf.Page, budget *limits.Budget) (why string) {
	defer func() {
		if x := recover(); x != nil {
			if err, ok := x.(error); ok && errors.Is(err, errReadBudget) {
				panic(x)
			}
			why = "无法读取"
		}
	}()
	inflate := func(v pdf.Value) error {
		if v.Kind() != pdf.Stream {
			return nil
		}
		rc := v.Reader()
		defer rc.Close()
		_, err := io.Copy(io.Discard, budget.Reader(rc, "PDF 的内容流"))
		var tl *limits.TooLargeError
		if errors.As(err, &tl) {
			return err
		}
		return nil // a damaged stream is the reader's to report
	}
	contents := p.V.Key("Contents")
	streams := []pdf.Value{contents}
	if contents.Kind() == pdf.Array {
		streams = streams[:0]
		for i := 0; i < contents.Len(); i++ {
			streams = append(streams, contents.Index(i))
		}
	}
	for _, name := range p.Fonts() {
		streams = append(streams, p.Font(name).V.Key("ToUnicode"))
	}
	for _, s := range streams {
		if err := inflate(s); err != nil {
			return "：" + err.Error()
		}
	}
	return ""
}
