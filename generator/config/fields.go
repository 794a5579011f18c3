package config

import (
	"maps"
	"slices"

	"gongkai/generator/diag"
)

// validateFields checks the yearly fields declared in [fields].
func (c *Config) validateFields(errs *diag.List) {
	for _, name := range slices.Sorted(maps.Keys(c.Fields)) {
		f := c.Fields[name]
		at := func(key string) diag.Position { return c.Pos("fields", name, key) }
		if !validID(name) {
			errs.Add(diag.Errorf(c.Pos("fields", name), "字段名只用英文小写字母、数字和下划线，如 [fields.women_committee]。", "年度字段名 %q 含有不允许的字符", name))
		}
		switch f.Type {
		case FieldBool, FieldShare, FieldCount:
			if len(f.Values) > 0 {
				errs.Add(diag.Errorf(at("values"), `values 只用于 type = "enum"：删去这一行，或把类型改成 "enum"。`, "年度字段 %s 的类型是 %s，不能写 values", name, f.Type))
			}
		case FieldEnum:
			if len(f.Values) < 2 {
				errs.Add(diag.Errorf(at("values"), `列出它可取的值，从低到高，如 values = ["未建", "已建", "规范化"]。`, "年度字段 %s 是等级（enum），至少要有两个可取的值", name))
			}
		default:
			hint := `type 写 "bool"（是否）、"share"（0 到 1 的比例）、"count"（人数等整数）或 "enum"（几个等级之一，另写 values）。`
			errs.Add(diag.Errorf(at("type"), hint, "年度字段 %s 的类型 %q 无效", name, f.Type))
		}
		if f.Label == "" {
			errs.Add(diag.Errorf(c.Pos("fields", name), `加一行 label = "女职工委员会"：表格的列名和页面上显示的名称。`, "年度字段 %s 缺少 label", name))
		}
	}
}
