package content

import (
	"fmt"
	"regexp"
	"strings"

	"gongkai/generator/diag"
)

// rePeriod is a report's period as the dashboard reads it: a year, or a
// year and its quarter (2016Q3).
var rePeriod = regexp.MustCompile(`^\d{4}([Qq][1-4])?$`)

// checkPeriod refuses a report period the dashboard would misread: a
// quarter written "2016年第三季度" is taken for the whole year's 通报值,
// and figures without a period reach no year at all.
func checkPeriod(p *Page) diag.List {
	r := p.Report
	if r == nil {
		return nil
	}
	var errs diag.List
	const how = `年度通报写 period = "2016"，季度通报写 period = "2016Q3"（2016 年第 3 季度）。`
	switch {
	case r.Period != "" && !rePeriod.MatchString(r.Period):
		hint := how
		if s := periodGuess(r.Period); s != "" {
			hint = fmt.Sprintf(`是不是指 period = "%s"？`, s) + how
		}
		errs.Add(diag.Errorf(p.Pos("period"), hint, "通报期间 period %q 的写法无法识别", r.Period))
	case r.Period == "" && len(r.Figures) > 0:
		errs.Add(diag.Errorf(p.Pos("figures"), "写明这些数字是哪一期的："+how+"没有期间，数字到不了计划进展页面。", "通报写了 figures，但缺少期间 period"))
	}
	return errs
}

var (
	reYear    = regexp.MustCompile(`^\s*(\d{4})\s*年?度?\s*`)
	quarterOf = map[string]string{"1": "1", "2": "2", "3": "3", "4": "4", "一": "1", "二": "2", "三": "3", "四": "4", "１": "1", "２": "2", "３": "3", "４": "4"}
	reQuarter = regexp.MustCompile(`^[-_/\s]*(?:[Qq]|第)?\s*([1-4一二三四１２３４])\s*(?:季度?)?\s*$`)
)

// periodGuess reads a period written by hand (2016年, 2016年第三季度,
// 2016-Q3) as the dashboard wants it, or "".
func periodGuess(s string) string {
	m := reYear.FindStringSubmatchIndex(s)
	if m == nil {
		return ""
	}
	year, rest := s[m[2]:m[3]], s[m[1]:]
	if strings.TrimSpace(rest) == "" {
		return year
	}
	if q := reQuarter.FindStringSubmatch(rest); q != nil {
		return year + "Q" + quarterOf[q[1]]
	}
	return ""
}
