package content

import (
	"fmt"
	"math"
	"slices"

	"gongkai/generator/diag"
)

// checkFigures refuses numbers that cannot be true: a negative count of
// people, a share below 0 or above 1. Published as they are they read
// "-5 人" and "150%". (nan and inf are refused by tomlpos.)
func checkFigures(p *Page) diag.List {
	var errs diag.List
	count := func(n int, label string, path ...string) {
		if n < 0 {
			errs.Add(diag.Errorf(p.Pos(path...), fmt.Sprintf("写实际的人数，如 %s = 350；还不知道时删去这一行。", path[len(path)-1]),
				"%s不能是负数（这里写的是 %d）", label, n))
		}
	}
	share := func(v float64, label string, path ...string) {
		if v >= 0 && v <= 1 {
			return
		}
		hint := fmt.Sprintf("比例写成 0 到 1 之间的小数，如 85%% 写成 %s = 0.85。", path[len(path)-1])
		if v > 1 && v <= 100 && v == math.Trunc(v) {
			hint = fmt.Sprintf("比例写成 0 到 1 之间的小数：%v%% 写成 %s = %v。", v, path[len(path)-1], v/100)
		}
		errs.Add(diag.Errorf(p.Pos(path...), hint, "%s是比例，应在 0 到 1 之间（这里写的是 %v）", label, v))
	}
	if u := p.Unit; u != nil {
		count(u.Employees, "职工人数 employees ", "employees")
		count(u.Members, "会员人数 members ", "members")
		for _, y := range sortedKeys(u.Status) {
			st := u.Status[y]
			count(st.Members, "会员人数 members ", "status", y, "members")
			share(st.RotationTrained, "干部轮训率 rotation_trained ", "status", y, "rotation_trained")
			share(st.Certified, "持证上岗率 certified ", "status", y, "certified")
			share(st.NewChairTrained, "新任主席培训率 new_chair_trained ", "status", y, "new_chair_trained")
		}
	}
	if r := p.Report; r != nil {
		for _, k := range sortedKeys(r.Figures) {
			share(r.Figures[k], "通报的数字 figures."+k+" ", "figures", k)
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
