package portal

import (
	"strconv"
	"strings"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// Veto is whom 一票否决 strikes on one target at the plan's 考核: the
// units falling short of a target every unit must meet (level "unit"),
// or the districts whose share falls short (level "district"). A
// citywide target (level "city") and a site's reference target strike
// no one, as the plan vetoes only 未完成目标任务的单位 on its own targets.
type Veto struct {
	Target    *config.Target
	Index     int    // the target's index in config
	Year      string // the year judged: the plan's last
	Districts []int  // indexes into cfg.Districts (and Tree.Districts)
	Units     []*Unit
}

// Vetoes works out 一票否决 on the plan's last year, target by target in
// config order, once today has reached the 考核 date; before it, or for
// a config without years, it returns nil. Call it after Evaluate.
func (t *Tree) Vetoes(cfg *config.Config, today time.Time) []Veto {
	years := Years(cfg)
	at := cfg.AssessDate()
	if len(years) == 0 || at.IsZero() || today.Before(at) {
		return nil
	}
	y := years[len(years)-1]
	out := make([]Veto, 0, len(cfg.Targets))
	for i := range cfg.Targets {
		tg := &cfg.Targets[i]
		v := Veto{Target: tg, Index: i, Year: y}
		switch {
		case !tg.Binding():
		case tg.Level == config.LevelUnit:
			for _, u := range t.Units {
				if marks := u.Own[y]; i < len(marks) && marks[i].Short() {
					v.Units = append(v.Units, u)
				}
			}
		case tg.Level == config.LevelDistrict:
			for di, a := range t.Districts {
				if c := a.Years[y][i]; c.Judged() && !c.Met() {
					v.Districts = append(v.Districts, di)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// CheckModels reports each unit a notice names as 示范单位 (model_units)
// that does not exist, or that 一票否决 strikes in the same build: a
// federation must not honour a unit its own plan vetoes. The error is at
// the notice and names where the shortfall comes from (the unit's data
// and the target in config.toml).
func CheckModels(cfg *config.Config, t *Tree, pages []*content.Page, vetoes []Veto) diag.List {
	var errs diag.List
	struck := map[*Unit][]*Veto{}
	for i := range vetoes {
		for _, u := range vetoes[i].Units {
			struck[u] = append(struck[u], &vetoes[i])
		}
	}
	for _, p := range pages {
		if p.Notice == nil {
			continue
		}
		for _, id := range p.Notice.ModelUnits {
			u := t.ByID[id]
			if u == nil {
				errs.Add(diag.Errorf(fieldPos(p, "model_units"), t.unitRefHint(id), "示范单位名单中的单位 %q 不存在", id))
				continue
			}
			for _, v := range struck[u] {
				m := u.Own[v.Year][v.Index]
				where := u.Page.Pos("status", v.Year, v.Target.Field).String()
				if !strings.Contains(u.Page.Front, "[status."+v.Year+"]") { // the year's row is in a sheet
					where = u.Page.File + " 或 data/ 下的" + v.Year + "年度表"
				}
				what := "未填报"
				if m.Reported {
					what = "未达标"
					if m.ShowsValue() {
						what += "（" + strconv.FormatFloat(m.Value*100, 'f', 1, 64) + "%）"
					}
				}
				errs.Add(diag.Errorf(fieldPos(p, "model_units"),
					"核实该单位"+v.Year+"年的数据（"+where+"），或把它从示范单位名单中去掉；目标的设置见 "+cfg.Pos("targets", strconv.Itoa(v.Index)).String()+"。",
					"示范单位 %s（%s）在本次构建中被一票否决：%s年“%s”%s", id, u.Name(), v.Year, v.Target.Name, what))
			}
		}
	}
	return errs
}
