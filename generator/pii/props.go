package pii

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// Namespaces of metadata: structureNS only wrap a property (RDF's own
// structure, Office's typed values), so a property is named by what they
// wrap; skippedNS hold no one's text (XMP's identifiers, edit history and
// thumbnails: hexadecimal identifiers and base-64 pictures would read as
// long numbers; namespace declarations; xml:lang).
var (
	structureNS = map[string]bool{
		"http://www.w3.org/1999/02/22-rdf-syntax-ns#":                          true,
		"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes": true,
		"adobe:ns:meta/": true,
	}
	skippedNS = map[string]bool{
		"http://ns.adobe.com/xap/1.0/mm/":                  true,
		"http://ns.adobe.com/xap/1.0/sType/ResourceRef#":   true,
		"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": true,
		"http://ns.adobe.com/xap/1.0/g/img/":               true,
		"http://ns.adobe.com/xap/1.0/sType/ManifestItem#":  true,
		"xmlns":                                true,
		"http://www.w3.org/XML/1998/namespace": true,
	}
)

// propNames are document properties as Office's dialog names them.
var propNames = map[string]string{
	"title": "标题", "subject": "主题", "creator": "作者", "keywords": "关键词", "description": "备注",
	"lastModifiedBy": "最后保存者", "category": "类别", "contentStatus": "状态",
	"Company": "单位", "Manager": "经理", "HyperlinkBase": "超链接基础", "TitlesOfParts": "各部分标题",
	"Author": "作者", "Producer": "生成工具", "CreatorTool": "创建工具", "Keywords": "关键词",
}

// leafTexts calls f with the text of each property of a metadata part
// (Office's docProps, a PDF's XMP), by its name: the nearest element that
// is not structure, or a custom property's name. With attrs, attribute
// values are properties too (XMP writes short ones so).
func leafTexts(b []byte, attrs bool, f func(name, text string)) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	type elem struct {
		name  xml.Name
		label string // a custom property's name
	}
	var stack []elem
	skipping := 0 // the depth of the skipped element being read, or 0
	var text strings.Builder
	label := func() string {
		for i := len(stack) - 1; i >= 0; i-- {
			e := stack[i]
			switch {
			case e.label != "":
				return e.label
			case !structureNS[e.name.Space]:
				if n := propNames[e.name.Local]; n != "" {
					return n
				}
				return e.name.Local
			}
		}
		return ""
	}
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := elem{name: t.Name}
			if t.Name.Local == "property" {
				e.label = attr(t, "name")
			}
			stack = append(stack, e)
			text.Reset()
			if skipping == 0 && skippedNS[t.Name.Space] {
				skipping = len(stack)
			}
			if skipping != 0 || !attrs {
				continue
			}
			for _, a := range t.Attr {
				if !skippedNS[a.Name.Space] && !structureNS[a.Name.Space] && a.Name.Local != "xmlns" {
					name := a.Name.Local
					if n := propNames[name]; n != "" {
						name = n
					}
					f(name, a.Value)
				}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return
			}
			if skipping == 0 && strings.TrimSpace(text.String()) != "" {
				f(label(), text.String())
			}
			text.Reset()
			if skipping == len(stack) {
				skipping = 0
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if skipping == 0 {
				text.Write(t)
			}
		}
	}
}
