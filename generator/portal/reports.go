package portal

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// CheckReports checks that each figure of a report ([figures]) names a
// target of the plan its period's year belongs to: any other key would
// be dropped, and the dashboard would show no 通报值 for the year with
// nothing to say why. A report of a year no plan covers is told so.
func CheckReports(cfg *config.Config, pages []*content.Page) diag.List {
	var errs diag.List
	for _, p := range pages {
		r := p.Report
		if r == nil || len(r.Figures) == 0 || len(r.Period) < 4 {
			continue
		}
		i := cfg.PlanOfYear(r.Period[:4])
		if i < 0 {
			if len(cfg.Plans) > 0 {
				errs.Add(diag.Warnf(p.Pos("period"), fmt.Sprintf("计划的年份是 %s；核对 period，或在 config.toml 中加上这一年所属的计划。", strings.Join(cfg.AllYears(), "、")),
					"通报期间 %s 不在任何计划的年份内，其中的数字不会出现在计划进展页面", r.Period))
			}
			continue
		}
		plan := &cfg.Plans[i]
		ids := make([]string, len(plan.Targets))
		for j, t := range plan.Targets {
			ids[j] = t.ID
		}
		name := "计划"
		if plan.Name != "" {
			name = "“" + plan.Name + "”"
		}
		for _, k := range slices.Sorted(maps.Keys(r.Figures)) {
			if slices.Contains(ids, k) {
				continue
			}
			hint := "figures 中的名称写计划目标的 id（config.toml 的 [[targets]]），" + suggestHint(k, ids)
			errs.Add(diag.Errorf(p.Pos("figures", k), hint, "通报的数字 figures.%s 不是%s的目标", k, name))
		}
	}
	return errs
}
