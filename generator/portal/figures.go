package portal

import (
	"math"
	"strconv"

	"gongkai/generator/config"
)

// Figure is a target's count as pages print it, in plain strings: 93.3%
// with the counts behind it, or 不适用 when no unit counts.
type Figure struct {
	Applicable bool    // some unit counts
	Met        bool    // the share reaches the threshold
	Progress   bool    // a year before the plan's end of a target judged only then
	Share      float64 // 0 when not applicable
	Class      string  // met, miss, prog or na, for the stylesheet
	Label      string  // 达标, 未达标, 进展, 未填报 or 不适用 (参考 for a site's own threshold)
	Percent    string  // the share to one decimal, "93.3%"; "" when not applicable
	Counts     string  // "达标 14 / 应统计 15", and how many did not report
}

// Figure formats the count.
func (c Count) Figure() Figure {
	f := Figure{Class: "na", Label: "不适用"}
	if c.Population == 0 {
		if c.Missing > 0 {
			f.Label = "未填报"
			f.Counts = strconv.Itoa(c.Missing) + " 个单位未填报"
		}
		return f
	}
	f.Applicable = true
	f.Share = c.Share()
	f.Met = c.Met()
	f.Progress = c.Progress
	f.Percent = Percent(f.Share)
	f.Class, f.Label = verdictClass(f.Met, c.Progress), verdict(c.Target, f.Met, c.Progress)
	switch {
	case c.Target.Counts == config.CountsPeople:
		f.Counts = "达到 " + strconv.Itoa(c.PeopleMet) + " 人 / 应统计 " + strconv.Itoa(c.People) + " 人（" + strconv.Itoa(c.Population) + " 个单位）"
	case c.Target.Measure == "mean":
		// The share is the mean of the units' own shares: say so, and
		// how many units reach the line themselves, not a fraction that
		// reads like the share's numerator.
		f.Counts = strconv.Itoa(c.Population) + " 个单位的平均值；其中 " + strconv.Itoa(c.Meeting) + " 个单位本身达标"
	default:
		f.Counts = "达标 " + strconv.Itoa(c.Meeting) + " / 应统计 " + strconv.Itoa(c.Population)
	}
	if c.Missing > 0 {
		f.Counts += "；" + strconv.Itoa(c.Missing) + " 个未填报"
	}
	return f
}

// Percent formats a share to one decimal, half away from zero:
// 2/3 → "66.7%", 0.9 → "90.0%".
func Percent(share float64) string {
	return strconv.FormatFloat(math.Round(share*1000)/10, 'f', 1, 64) + "%"
}
