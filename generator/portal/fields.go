package portal

import (
	"maps"
	"math"
	"slices"
	"strings"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// fieldNames lists the yearly fields a target may name: the built-in
// ones and those config.toml declares, sorted.
func fieldNames(cfg *config.Config) []string {
	names := make([]string, 0, len(statusFields)+len(cfg.Fields))
	for n := range statusFields {
		names = append(names, n)
	}
	for n := range cfg.Fields {
		if _, builtin := statusFields[n]; !builtin {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// zeroOf returns a zero value of the yearly field name, which says its
// type (bool, float64 for shares, int for counts, string for levels),
// and whether the field exists: built in, or declared in [fields].
func zeroOf(cfg *config.Config, name string) (any, bool) {
	if f, ok := statusFields[name]; ok {
		return f.read(nil, "", &content.UnitStatus{}), true
	}
	d, ok := cfg.Fields[name]
	if !ok {
		return nil, false
	}
	switch d.Type {
	case config.FieldBool:
		return false, true
	case config.FieldShare:
		return 0.0, true
	case config.FieldCount:
		return 0, true
	}
	return "", true
}

// extraValue reads a declared field as the targets compare it: a count
// (int64 in TOML) as an int. checkExtra has made shares float64.
func extraValue(s *content.UnitStatus, name string) any {
	if n, ok := s.Extra[name].(int64); ok {
		return int(n)
	}
	return s.Extra[name]
}

// checkExtra reports the fields of a [status.YEAR] table that are
// neither built in nor declared in config.toml, and declared ones of the
// wrong type.
func checkExtra(cfg *config.Config, p *content.Page, year string, extra map[string]any) diag.List {
	var errs diag.List
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		at := fieldPos(p, "status", year, k)
		f, ok := cfg.Fields[k]
		if !ok {
			hint := `在 config.toml 中声明它，如 [fields.` + k + `] type = "bool" label = "名称"；或检查拼写。`
			if s := diag.Suggest(k, fieldNames(cfg), 1); len(s) > 0 {
				hint = "是不是想写 " + s[0] + "？" + hint
			}
			errs.Add(diag.Errorf(at, hint, "未知字段 status.%s.%s", year, k))
			continue
		}
		if msg, hint := typeMismatch(f, extra[k]); msg != "" {
			errs.Add(diag.Errorf(at, hint, "[status.%s] 的 %s（%s）%s", year, k, f.Label, msg))
			continue
		}
		if n, ok := extra[k].(int64); ok && f.Type == config.FieldShare {
			extra[k] = float64(n) // share = 1 is 100%
		}
	}
	return errs
}

// typeMismatch says what is wrong with v for field f, and the fix; ""
// when v fits.
func typeMismatch(f config.Field, v any) (msg, hint string) {
	switch f.Type {
	case config.FieldBool:
		if _, ok := v.(bool); !ok {
			return "应为 true 或 false", "写成 true（是）或 false（否），不加引号。"
		}
	case config.FieldShare:
		var x float64
		switch v := v.(type) {
		case float64:
			x = v
		case int64:
			x = float64(v)
		default:
			return "应为 0 到 1 之间的比例", "写成小数，如 85% 写成 0.85，不加引号。"
		}
		if math.IsNaN(x) || x < 0 || x > 1 {
			return "超出 0 到 1 的范围", "写成 0 到 1 之间的小数，如 85% 写成 0.85。"
		}
	case config.FieldCount:
		n, ok := v.(int64)
		if !ok {
			return "应为整数", "写成整数，如 12，不加引号和单位。"
		}
		if n < 0 {
			return "不能是负数", "写成 0 或正整数。"
		}
	case config.FieldEnum:
		s, ok := v.(string)
		if !ok || !slices.Contains(f.Values, s) {
			return "不是可选的值", "可选值：" + strings.Join(f.Values, "、") + "（加引号）。"
		}
	}
	return "", ""
}
