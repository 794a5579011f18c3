// Package chart draws the dashboard's charts as inline SVG at build time:
// bars against a threshold line, one small panel per district or per
// year range. No script and no chart library; colours come from the
// theme's stylesheet through class names (met, miss, goal), so 长辈模式
// can restyle them, and met and missed bars differ in shape as well as
// colour (solid against outlined).
package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Bar is one bar of a panel.
type Bar struct {
	Label string  // under the bar: "2015"
	Value float64 // share, 0–1
	Text  string  // above the bar: "93.3%"; with NA, what stands in for it
	NA    bool    // nothing to measure: no bar, Text written on the baseline
	Met   bool    // drawn solid; otherwise outlined
	// Progress marks a value that is not judged (a year before the end of
	// a target judged only then): drawn with a dashed outline.
	Progress bool
}

// Panel is one small chart: bars against a threshold line.
type Panel struct {
	Label     string  // the accessible name: "职代会建制面，全市"
	Threshold float64 // 0–1, drawn as a dashed line
	Bars      []Bar
}

// Geometry of the panel, in viewBox units; the SVG scales to its box.
const (
	width   = 200.0
	height  = 136.0
	top     = 22.0  // 100% line; room for a value label above a full bar
	base    = 110.0 // 0% line
	side    = 8.0
	barFrac = 0.56 // of a bar's slot
)

// SVG renders p. The output is deterministic (coordinates are rounded to
// a tenth), so a rebuild writes the same bytes.
func SVG(p Panel) template.HTML {
	var b strings.Builder
	b.WriteString(`<svg class="chart" viewBox="0 0 200 136" role="img" aria-label="`)
	b.WriteString(template.HTMLEscapeString(p.description()))
	b.WriteString(`">`)
	line(&b, "axis", side/2, base, width-side/2, base)
	if n := len(p.Bars); n > 0 {
		slot := (width - 2*side) / float64(n)
		bw := slot * barFrac
		for i, bar := range p.Bars {
			x := side + slot*float64(i) + (slot-bw)/2
			cx := x + bw/2
			if bar.NA {
				text(&b, "na", cx, base-6, bar.Text)
			} else {
				v := math.Max(0, math.Min(1, bar.Value))
				h := (base - top) * v
				class := "miss"
				switch {
				case bar.Progress:
					class = "prog"
				case bar.Met:
					class = "met"
				}
				// An outlined bar's stroke straddles its edge: inset it so
				// a 0% bar is still a visible sliver on the axis.
				b.WriteString(`<rect class="` + class + `" x="` + num(x) + `" y="` + num(base-h) + `" width="` + num(bw) + `" height="` + num(math.Max(h, 1)) + `"/>`)
				text(&b, "value", cx, base-h-5, bar.Text)
			}
			text(&b, "label", cx, base+19, bar.Label)
		}
	}
	y := base - (base-top)*math.Max(0, math.Min(1, p.Threshold))
	line(&b, "goal", side/2, y, width-side/2, y)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// description is the panel's accessible name: what it shows in words.
func (p Panel) description() string {
	parts := make([]string, 0, len(p.Bars))
	for _, bar := range p.Bars {
		parts = append(parts, bar.Label+"年 "+bar.Text)
	}
	return p.Label + "：" + strings.Join(parts, "，") + "；目标 " + strconv.FormatFloat(math.Round(p.Threshold*1000)/10, 'f', -1, 64) + "%"
}

func line(b *strings.Builder, class string, x1, y1, x2, y2 float64) {
	b.WriteString(`<line class="` + class + `" x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `"/>`)
}

func text(b *strings.Builder, class string, x, y float64, s string) {
	if s == "" {
		return
	}
	b.WriteString(`<text class="` + class + `" x="` + num(x) + `" y="` + num(y) + `" text-anchor="middle">`)
	b.WriteString(template.HTMLEscapeString(s))
	b.WriteString(`</text>`)
}

// num writes a coordinate rounded to a tenth, without trailing zeros.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
