package chart

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestSVGGolden compares one panel (a met bar, a missed bar, a year with
// nothing to measure) with testdata/panel.svg; go test -update rewrites it.
func TestSVGGolden(t *testing.T) {
	got := string(SVG(Panel{
		Label:     "职代会建制面，姑苏区",
		Threshold: 0.9,
		Bars: []Bar{
			{Label: "2015", NA: true, Text: "不适用"},
			{Label: "2016", Value: 2.0 / 3, Text: "66.7%"},
			{Label: "2017", Value: 0.9, Text: "90.0%", Met: true},
		},
	}))
	golden := filepath.Join("testdata", "panel.svg")
	if *update {
		if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got+"\n" != string(want) {
		t.Errorf("SVG differs from %s (go test -update to accept):\n%s", golden, got)
	}
}

// TestSVGGeometry: the threshold line sits where the bar of the same
// share ends, and shares outside 0–1 stay inside the panel.
func TestSVGGeometry(t *testing.T) {
	got := string(SVG(Panel{Label: "x", Threshold: 0.5, Bars: []Bar{{Label: "a", Value: 0.5, Text: "50%", Met: true}, {Label: "b", Value: 1.7, Text: "170%"}}}))
	if !strings.Contains(got, `<line class="goal" x1="4" y1="66" x2="196" y2="66"/>`) {
		t.Errorf("goal line not at 50%%: %s", got)
	}
	if !strings.Contains(got, `class="met" x="`) || !strings.Contains(got, `y="66" width=`) {
		t.Errorf("50%% bar does not end on the goal line: %s", got)
	}
	if !strings.Contains(got, `y="22" width=`) {
		t.Errorf("a share above 100%% is not clipped at the top: %s", got)
	}
	if !strings.Contains(got, `aria-label="x：a年 50%，b年 170%；目标 50%"`) {
		t.Errorf("accessible name: %s", got)
	}
}

// TestProgressBar: a value that is not judged yet is drawn apart from a
// miss, so a three-year target is not shown failing in its first years.
func TestProgressBar(t *testing.T) {
	svg := string(SVG(Panel{Label: "轮训率", Threshold: 1, Bars: []Bar{{Label: "一", Value: 0.4, Text: "40%", Progress: true}, {Label: "二", Value: 0.98, Text: "98%"}}}))
	if !strings.Contains(svg, `<rect class="prog"`) || !strings.Contains(svg, `<rect class="miss"`) {
		t.Errorf("progress and miss bars are not told apart:\n%s", svg)
	}
}
