package portal

import (
	"math"
	"strconv"
)

// Figure is a target's count as pages print it, in plain strings: 93.3%
// with the counts behind it, or 不适用 when no unit counts.
type Figure struct {
	Applicable bool    // some unit counts
	Met        bool    // the share reaches the threshold
	Share      float64 // 0 when not applicable
	Class      string  // met, miss or na, for the stylesheet
	Label      string  // 达标, 未达标, 未填报 or 不适用
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
	f.Percent = Percent(f.Share)
	f.Class, f.Label = "miss", "未达标"
	if f.Met {
		f.Class, f.Label = "met", "达标"
	}
	f.Counts = "达标 " + strconv.Itoa(c.Meeting) + " / 应统计 " + strconv.Itoa(c.Population)
	if c.Target.Measure == "mean" {
		f.Counts = "平均值；" + f.Counts
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
