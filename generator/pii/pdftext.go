package pii

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"

	"gongkai/generator/limits"
)

// pdfDoc is what reading one PDF's text shares across its pages: the
// inflation budget, and the Form XObjects already read. A form (a stamp,
// a letterhead, a page merged from another file) is read where a page
// first draws it and never again, so a stamp on every page is read once
// and a form that draws itself, or a tree of forms drawing each other
// twice over, ends.
type pdfDoc struct {
	inflate *limits.Budget
	forms   map[uint64]bool // by the hash of the form's dictionary and place in the file (see objectKey)
	seed    maphash.Seed
	files   []pdf.Value // file specifications of FileAttachment annotations, read with the document's own
	why     string      // why some of the file could not be read
	page    int         // the page being read, from 1; 0 for the document's own parts
}

func newPDFDoc(inflate *limits.Budget) *pdfDoc {
	return &pdfDoc{inflate: inflate, forms: map[uint64]bool{}, seed: maphash.MakeSeed()}
}

// pageText returns the text a page shows: its content, and the text of
// each Form XObject it draws where it draws it.
func (d *pdfDoc) pageText(p pdf.Page) (text string, ok bool) {
	defer func() {
		if x := recover(); x != nil {
			rethrowBudget(x)
			text, ok = "", false
		}
	}()
	var w strings.Builder
	d.content(&w, p.V.Key("Contents"), p.Resources(), pdf.Value{}, 0)
	return w.String(), true
}

// objectKey identifies an object by the hash of how the reader prints
// it: a stream as its dictionary and its place in the file, a dictionary
// as its entries, which name the objects it links to.
func (d *pdfDoc) objectKey(v pdf.Value) uint64 {
	return maphash.String(d.seed, v.String())
}

// rethrowBudget lets a spent read budget through a recover: it stops the
// whole file.
func rethrowBudget(x any) {
	if err, ok := x.(error); ok && errors.Is(err, errReadBudget) {
		panic(x)
	}
}

// rawEncoding shows a string's bytes as they are, as the reader does for
// a font it does not know.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }

// content writes the text shown by a content stream (or array of them)
// drawn with the resources res. A font res lacks is looked for in outer,
// the resources of what draws a form (as readers do for forms written
// without their own fonts).
func (d *pdfDoc) content(w *strings.Builder, strm, res, outer pdf.Value, depth int) {
	if strm.Kind() != pdf.Stream && strm.Kind() != pdf.Array {
		return
	}
	fonts := map[string]*pdf.Font{}
	for _, dict := range []pdf.Value{outer.Key("Font"), res.Key("Font")} {
		for _, name := range dict.Keys() {
			fonts[name] = &pdf.Font{V: dict.Key(name)}
		}
	}
	var enc pdf.TextEncoding = rawEncoding{}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if len(args) == 0 {
			if op == "BT" || op == "T*" {
				w.WriteByte('\n')
			}
			return
		}
		last := args[len(args)-1]
		switch op {
		case "Tf":
			enc = rawEncoding{}
			if f, ok := fonts[args[0].Name()]; ok {
				enc = f.Encoder()
			}
		case "Tj", "'", `"`:
			w.WriteString(enc.Decode(last.RawString()))
		case "TJ":
			for i := 0; i < last.Len(); i++ {
				if x := last.Index(i); x.Kind() == pdf.String {
					w.WriteString(enc.Decode(x.RawString()))
				}
			}
		case "Do":
			d.form(w, res.Key("XObject").Key(last.Name()), res, depth+1)
		}
	})
}

// form writes the text of a Form XObject drawn with the resources of
// what draws it (a form without its own resources uses those).
func (d *pdfDoc) form(w *strings.Builder, x, outer pdf.Value, depth int) {
	if x.Kind() != pdf.Stream || x.Key("Subtype").Name() != "Form" {
		return // an image, or nothing
	}
	key := d.objectKey(x)
	if d.forms[key] {
		return
	}
	d.forms[key] = true
	if depth > limits.MaxPDFDepth {
		d.fail(fmt.Sprintf("嵌入的内容（表单对象）套了超过 %d 层（文件已损坏或是恶意构造的）", limits.MaxPDFDepth))
		return
	}
	defer d.recoverAs("嵌入的内容（表单对象）已损坏，无法读取")
	res := x.Key("Resources")
	if res.Kind() != pdf.Dict {
		res, outer = outer, pdf.Value{}
	}
	if err := d.inflateAll(append([]pdf.Value{x}, toUnicodes(res)...)); err != nil {
		d.fail("嵌入的内容（表单对象）：" + err.Error())
		return
	}
	w.WriteByte('\n')
	d.content(w, x, res, outer, depth)
	w.WriteByte('\n')
}

// recoverAs, deferred, turns the reader's panic on a damaged part of the
// file into why that part could not be read.
func (d *pdfDoc) recoverAs(why string) {
	if x := recover(); x != nil {
		rethrowBudget(x)
		d.fail(why)
	}
}

// fail keeps the first reason part of the file could not be read.
func (d *pdfDoc) fail(why string) {
	switch {
	case d.why != "":
	case d.page > 0:
		d.why = fmt.Sprintf("PDF 第 %d 页%s", d.page, why)
	default:
		d.why = "PDF " + why
	}
}

func toUnicodes(res pdf.Value) []pdf.Value {
	fonts := res.Key("Font")
	var out []pdf.Value
	for _, name := range fonts.Keys() {
		out = append(out, fonts.Key(name).Key("ToUnicode"))
	}
	return out
}

// inflateAll inflates streams within the file's budget before the reader
// interprets them, so that one that inflates without end is refused
// before the reader holds it.
func (d *pdfDoc) inflateAll(streams []pdf.Value) error {
	for _, s := range streams {
		if _, err := d.read(s, io.Discard); err != nil {
			return err
		}
	}
	return nil
}

// read copies a stream to w within the budget. Only the budget's error
// is returned: a damaged stream is the reader's to report.
func (d *pdfDoc) read(s pdf.Value, w io.Writer) (int64, error) {
	if s.Kind() != pdf.Stream {
		return 0, nil
	}
	rc := s.Reader()
	defer rc.Close()
	n, err := io.Copy(w, d.inflate.Reader(rc, "PDF 的内容流"))
	var tl *limits.TooLargeError
	if errors.As(err, &tl) {
		return n, err
	}
	return n, nil
}

// annotations returns what a page's annotations show or lead to: their
// text (comments, form fields' values), link targets, and the text drawn
// by their appearances (a stamp, a typed-in box). Each annotation is
// apart from the next.
func (d *pdfDoc) annotations(p pdf.Page) string {
	var w strings.Builder
	defer d.recoverAs("的批注或链接已损坏，无法读取")
	annots := p.V.Key("Annots")
	for i := 0; i < annots.Len() && i < limits.MaxPDFNodes; i++ {
		a := annots.Index(i)
		if a.Kind() != pdf.Dict {
			continue
		}
		for _, k := range []string{"Contents", "T", "TU", "Subj", "V", "RC"} {
			if v := a.Key(k); v.Kind() == pdf.String {
				w.WriteString(v.Text())
				w.WriteString("\n\n")
			}
		}
		for _, k := range []string{"URI", "F"} {
			if v := a.Key("A").Key(k); v.Kind() == pdf.String {
				w.WriteString(v.Text())
				w.WriteString("\n\n")
			}
		}
		if a.Key("Subtype").Name() == "FileAttachment" && len(d.files) < limits.MaxPDFNodes {
			d.files = append(d.files, a.Key("FS"))
		}
		ap := a.Key("AP").Key("N")
		if ap.Kind() == pdf.Dict { // one appearance per state
			for _, state := range ap.Keys() {
				d.form(&w, ap.Key(state), p.Resources(), 1)
			}
		} else {
			d.form(&w, ap, p.Resources(), 1)
		}
		w.WriteString("\n\n")
	}
	return w.String()
}

// infoNames are the document information entries as the properties
// dialog of a PDF reader names them.
var infoNames = map[string]string{
	"Title": "标题", "Author": "作者", "Subject": "主题", "Keywords": "关键词", "Creator": "创建工具", "Producer": "生成工具",
}

// metadata calls f with each text of the document's properties: the
// information dictionary and the XMP metadata stream.
func (d *pdfDoc) metadata(r *pdf.Reader, f func(where, text string)) {
	defer d.recoverAs("的文档属性已损坏，无法读取")
	info := r.Trailer().Key("Info")
	for _, k := range info.Keys() {
		if v := info.Key(k); v.Kind() == pdf.String {
			name := infoNames[k]
			if name == "" {
				name = k
			}
			f("文档属性「"+name+"」", v.Text())
		}
	}
	var xmp strings.Builder
	if _, err := d.read(r.Trailer().Key("Root").Key("Metadata"), &xmp); err != nil {
		d.fail("的元数据：" + err.Error())
		return
	}
	leafTexts([]byte(xmp.String()), true, func(name, text string) { f("文档元数据「"+name+"」", text) })
}

// outline returns the titles of the document's bookmarks, each apart.
// Their links are followed within limits.MaxPDFNodes and
// limits.MaxPDFDepth, and a bookmark met again ends its chain, so that a
// /Next that loops ends.
func (d *pdfDoc) outline(r *pdf.Reader) string {
	var w strings.Builder
	defer d.recoverAs("的书签已损坏，无法读取")
	seen := map[uint64]bool{}
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		for ; v.Kind() == pdf.Dict && depth <= limits.MaxPDFDepth; v = v.Key("Next") {
			key := d.objectKey(v)
			if seen[key] || len(seen) >= limits.MaxPDFNodes {
				return
			}
			seen[key] = true
			w.WriteString(v.Key("Title").Text())
			w.WriteString("\n\n")
			walk(v.Key("First"), depth+1)
		}
	}
	walk(r.Trailer().Key("Root").Key("Outlines").Key("First"), 0)
	return w.String()
}

// attachments calls f with the name and bytes of each file attached to
// the document (its EmbeddedFiles, shown in a reader's attachments
// panel, and the files of its pages' FileAttachment annotations), each
// inflated within the file's budget.
func (d *pdfDoc) attachments(r *pdf.Reader, f func(name string, data []byte)) {
	defer d.recoverAs("附带的文件已损坏，无法读取")
	n := 0
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		if n++; n > limits.MaxPDFNodes || depth > limits.MaxPDFDepth || v.Kind() != pdf.Dict {
			return
		}
		names := v.Key("Names")
		for i := 1; i < names.Len(); i += 2 {
			if !d.attached(names.Index(i), f) {
				return
			}
		}
		kids := v.Key("Kids")
		for i := 0; i < kids.Len(); i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(r.Trailer().Key("Root").Key("Names").Key("EmbeddedFiles"), 0)
	for _, spec := range d.files {
		if !d.attached(spec, f) {
			return
		}
	}
}

// attached reads the file of a file specification and calls f with it;
// it reports false when the budget is spent.
func (d *pdfDoc) attached(spec pdf.Value, f func(name string, data []byte)) bool {
	name := spec.Key("UF").Text()
	if name == "" {
		name = spec.Key("F").Text()
	}
	var b bytes.Buffer
	if _, err := d.read(spec.Key("EF").Key("F"), &b); err != nil {
		d.fail("附带的文件 " + name + "：" + err.Error())
		return false
	}
	if b.Len() > 0 {
		f(name, b.Bytes())
	}
	return true
}
