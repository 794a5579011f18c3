package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"gongkai/generator/register"
)

// writeRows writes data/units.xlsx: a register of n grassroots units that
// exist only as rows (ids row-N, under the generated towns and
// federations) and one status sheet per plan year, as a federation's
// export from its management system would hold them.
func (g *gen) writeRows(n int, parents []string) error {
	reg := register.Sheet{Name: "单位名册", Rows: [][]string{{"单位编号", "单位名称", "上级工会", "单位类型", "所属地区", "建会日期", "职工人数", "会员人数", "工会主席", "地址"}}}
	kinds := []string{"企业基层工会", "企业基层工会", "企业基层工会", "事业单位基层工会", "村（社区）工会"}
	for i := range n {
		d := g.r.IntN(len(districts))
		emp := 50 + g.r.IntN(3000)
		reg.Rows = append(reg.Rows, []string{
			fmt.Sprintf("row-%d", i), fmt.Sprintf("示例%s第%d号%s企业工会", dnames[d], i, g.pick(words)), g.pick(parents),
			kinds[g.r.IntN(len(kinds))], dnames[d], g.date(1990 + g.r.IntN(25)),
			strconv.Itoa(emp), strconv.Itoa(emp * 9 / 10), g.name(), fmt.Sprintf("%s示例路%d号", dnames[d], 1+g.r.IntN(500)),
		})
	}
	sheets := []register.Sheet{reg}
	yn := func(p int) string {
		if g.r.IntN(10) < p {
			return "是"
		}
		return "否"
	}
	homes := []string{"无", "合格职工之家", "合格职工之家", "市级模范职工之家", "省级模范职工之家"}
	for _, y := range []int{2015, 2016, 2017} {
		s := register.Sheet{Name: fmt.Sprintf("%d年", y), Rows: [][]string{{"单位编号", "单位名称", "是否建立职代会", "是否开展集体协商", "是否建立劳动法律监督组织", "是否建立服务站", "职工之家", "干部轮训率", "持证上岗率", "新任主席培训率"}}}
		for i := range n {
			s.Rows = append(s.Rows, []string{
				fmt.Sprintf("row-%d", i), reg.Rows[i+1][1], yn(9), yn(9), yn(8), yn(7), homes[g.r.IntN(len(homes))],
				fmt.Sprintf("%.0f%%", 50+g.r.Float64()*50), fmt.Sprintf("%.2f", 0.7+g.r.Float64()*0.3), strconv.Itoa(g.r.IntN(2)),
			})
		}
		sheets = append(sheets, s)
	}
	if err := os.MkdirAll(filepath.Join(g.out, "data"), 0o755); err != nil {
		return err
	}
	return register.WriteXLSX(filepath.Join(g.out, "data", "units.xlsx"), sheets)
}
