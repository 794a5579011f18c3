package pii

import (
	"fmt"
	"path"
	"strings"
)

// scanPPTX scans a presentation slide by slide: its text boxes and
// tables, its speaker notes, SmartArt, comments and the targets of its
// hyperlinks, then its properties and embedded files; a hit is placed as "第 3 张幻灯片第 2 段".
func scanPPTX(data []byte, allowed func(string) bool) FileReport {
	pk, err := openZip(data, nil, allowed)
	if err != nil || pk.parts["ppt/presentation.xml"] == nil {
		return FileReport{Unscanned: "无法作为 .pptx 演示文稿读取"}
	}
	return pk.pptx()
}

func (pk *pkg) pptx() FileReport {
	var rep FileReport
	fail := func(err error) FileReport {
		return FileReport{Hits: rep.Hits, Unscanned: "演示文稿无法读取：" + err.Error()}
	}
	for _, f := range pk.z.File {
		label, para := "", "p"
		var n int
		base := path.Base(f.Name)
		switch {
		case sscanPart(f.Name, "ppt/slides/slide%d.xml", &n):
			label = fmt.Sprintf("第 %d 张幻灯片", n)
		case sscanPart(f.Name, "ppt/notesSlides/notesSlide%d.xml", &n):
			label = fmt.Sprintf("备注 %d ", n)
		case strings.HasPrefix(f.Name, "ppt/diagrams/data") && strings.HasSuffix(f.Name, ".xml"):
			label = "SmartArt 图形（" + base + "）"
		case strings.HasPrefix(f.Name, "ppt/comments/") && strings.HasSuffix(f.Name, ".xml"):
			// Comments of PowerPoint 2019 and later hold paragraphs; older
			// ones, a text element a comment.
			label = "批注 " + base + " "
			if !strings.HasPrefix(base, "modernComment") {
				para = "text"
			}
		case strings.HasPrefix(f.Name, "ppt/slides/_rels/") && strings.HasSuffix(f.Name, ".rels"):
		default:
			continue
		}
		b, err := pk.readPart(f)
		if err != nil {
			return fail(err)
		}
		if label == "" {
			rep.Hits = append(rep.Hits, relTargets(b, pk.allowed)...)
			continue
		}
		rep.Hits = append(rep.Hits, paragraphs(b, label, para, pk.allowed)...)
	}
	return pk.common(rep, "ppt/embeddings/", fail)
}

// sscanPart reads the number out of a part name such as slide12.xml.
func sscanPart(name, format string, n *int) bool {
	k, err := fmt.Sscanf(name, format, n)
	return err == nil && k == 1 && fmt.Sprintf(format, *n) == name
}
