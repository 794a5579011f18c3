// Package tomlpos decodes TOML strictly, reporting every unknown key and
// wrong type with its file:line and a hint in plain Chinese. Both config.toml
// and page front matter go through it, so authors see one kind of message.
package tomlpos

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"gongkai/generator/diag"
)

// Source is TOML text and where it sits in its file.
type Source struct {
	File string // path shown in messages
	Text string
	Line int // line of the file on which Text starts (1 if the whole file)
}

// Decode decodes src into v, which must point to a struct. It reports all
// unknown keys and type errors it finds, not only the first.
func Decode(src Source, v any) diag.List {
	if src.Line == 0 {
		src.Line = 1
	}
	if e := nestingError(src); e != nil {
		return diag.List{e}
	}
	var top map[string]toml.Primitive
	md, err := toml.Decode(src.Text, &top)
	if err == nil {
		d := &decoder{md: md, src: src}
		d.decodeStruct(top, reflect.ValueOf(v).Elem(), nil)
		return d.errs.Sort()
	}
	errs, rest := parseErrors(src, err)
	if rest == "" {
		return errs
	}
	// The lines left say what else is wrong (an unknown field beside a
	// bad date), so the author fixes the file in one go. Lines keep their
	// numbers: each line set aside became a comment.
	top = nil
	md, _ = toml.Decode(rest, &top)
	d := &decoder{md: md, src: Source{File: src.File, Text: rest, Line: src.Line}}
	d.decodeStruct(top, reflect.ValueOf(v).Elem(), nil)
	return append(errs, d.errs...).Sort()
}

type decoder struct {
	md   toml.MetaData
	src  Source
	loc  *locator // made on the first error: most sources have none
	errs diag.List
}

func (d *decoder) pos(path []string) diag.Position { return d.at(path, false) }

// at returns the position of path's value, or of its key with key set.
func (d *decoder) at(path []string, key bool) diag.Position {
	if d.loc == nil {
		d.loc = newLocator(d.src.Text)
	}
	n, col := d.loc.pos(path, key)
	if n == 0 {
		return diag.Position{File: d.src.File, Line: d.src.Line}
	}
	return diag.Position{File: d.src.File, Line: d.src.Line + n - 1, Col: col}
}

type field struct {
	index []int
	typ   reflect.Type
}

var fieldCache sync.Map // reflect.Type → map[string]field

// fields lists a struct's TOML keys, flattening embedded structs. The
// result is cached per type and must not be modified.
func fields(t reflect.Type) map[string]field {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]field)
	}
	out := map[string]field{}
	defer fieldCache.Store(t, out)
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int{}, prefix...), i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if !f.IsExported() {
				continue
			}
			name, opt, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "-" {
				continue
			}
			if opt == "rest" {
				name = restKey
			}
			if name == "" {
				name = f.Name
			}
			out[name] = field{idx, f.Type}
		}
	}
	walk(t, nil)
	return out
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[toml.Unmarshaler]()
	textType        = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// isTable reports whether t is decoded key by key (a plain struct).
func isTable(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t == timeType {
		return false
	}
	p := reflect.PointerTo(t)
	return !p.Implements(unmarshalerType) && !p.Implements(textType)
}

// restKey names, in a struct's fields, the map[string]any tagged
// `toml:",rest"` that takes the keys the struct does not declare: keys a
// later stage knows (yearly fields declared in config.toml) and checks.
const restKey = ",rest"

func (d *decoder) decodeStruct(prims map[string]toml.Primitive, rv reflect.Value, path []string) {
	fs := fields(rv.Type())
	rest, hasRest := fs[restKey]
	keys := make([]string, 0, len(prims))
	for k := range prims {
		keys = append(keys, k)
	}
	slices.Sort(keys) // errors are sorted by position when reported
	for _, k := range keys {
		kp := append(path[:len(path):len(path)], k)
		f, ok := fs[k]
		if !ok && hasRest {
			d.decodeRest(prims[k], rv.FieldByIndex(rest.index), k, kp)
			continue
		}
		if !ok {
			d.unknown(kp, fs)
			continue
		}
		d.decodeValue(prims[k], rv.FieldByIndex(f.index), kp)
	}
}

// decodeRest keeps an undeclared key's plain value (a bool, a number or
// a string) in a rest map; a table or a list there is an error.
func (d *decoder) decodeRest(prim toml.Primitive, m reflect.Value, k string, path []string) {
	var v any
	if err := d.md.PrimitiveDecode(prim, &v); err != nil {
		d.report(path, m.Type().Elem(), err)
		return
	}
	switch v.(type) {
	case bool, int64, float64, string:
	default:
		d.errs.Add(diag.Errorf(d.pos(path), "写成 true、false、一个数或一段文字。", "字段 %s 应为是否、数值或文字，这里写的是%s", strings.Join(path, "."), typeName(d.md.Type(tomlKey(path)...))))
		return
	}
	if m.IsNil() {
		m.Set(reflect.MakeMap(m.Type()))
	}
	m.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(v))
}

func (d *decoder) decodeValue(prim toml.Primitive, fv reflect.Value, path []string) {
	t := fv.Type()
	switch {
	case isTable(t):
		var sub map[string]toml.Primitive
		if err := d.md.PrimitiveDecode(prim, &sub); err != nil {
			d.typeError(path, t)
			return
		}
		d.decodeStruct(sub, fv, path)
		return
	case t.Kind() == reflect.Pointer && isTable(t.Elem()):
		// An optional table: nil when the source does not write it.
		p := reflect.New(t.Elem())
		d.decodeValue(prim, p.Elem(), path)
		fv.Set(p)
		return
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && isTable(t.Elem()):
		var sub map[string]toml.Primitive
		if err := d.md.PrimitiveDecode(prim, &sub); err != nil {
			d.typeError(path, t)
			return
		}
		if fv.IsNil() {
			fv.Set(reflect.MakeMap(t))
		}
		for k, p := range sub {
			ev := reflect.New(t.Elem()).Elem()
			d.decodeValue(p, ev, append(path[:len(path):len(path)], k))
			fv.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
		}
		return
	case t.Kind() == reflect.Slice && isTable(t.Elem()):
		var sub []map[string]toml.Primitive
		if err := d.md.PrimitiveDecode(prim, &sub); err != nil {
			d.typeError(path, t)
			return
		}
		out := reflect.MakeSlice(t, len(sub), len(sub))
		for i, m := range sub {
			d.decodeStruct(m, out.Index(i), append(path[:len(path):len(path)], strconv.Itoa(i)))
		}
		fv.Set(out)
		return
	}
	if u, ok := fv.Addr().Interface().(toml.Unmarshaler); ok {
		// The TOML package hides an Unmarshaler's error; call it directly.
		var raw any
		if err := d.md.PrimitiveDecode(prim, &raw); err == nil {
			if err := u.UnmarshalTOML(raw); err != nil {
				d.report(path, t, err)
			}
			return
		}
	}
	err := d.md.PrimitiveDecode(prim, fv.Addr().Interface())
	if err == nil {
		if k, at := notANumber(fv); k != "" {
			at = append(path[:len(path):len(path)], at...)
			d.errs.Add(diag.Errorf(d.pos(at), "写出具体的数，如 0.85 或 120；还不知道时删去这一行。",
				"字段 %s 的值 %s 不是一个数（TOML 的 nan 表示“非数”，inf 表示无穷大）", strings.Join(at, "."), k))
			fv.Set(reflect.Zero(fv.Type()))
		}
		return
	}
	var text string
	if k := t.Kind(); k >= reflect.Int && k <= reflect.Int64 && d.md.PrimitiveDecode(prim, &text) == nil {
		if n, ok := quotedInt(text); ok {
			// "1,350" pasted from a spreadsheet: give the number itself.
			key := path[len(path)-1]
			d.errs.Add(diag.Errorf(d.pos(path), fmt.Sprintf("改成 %s = %s（去掉引号、千位分隔符和单位）。", key, n),
				"字段 %s 应为整数，这里写的是文本", strings.Join(path, ".")))
			return
		}
	}
	d.report(path, t, err)
}

// notANumber returns "nan" or "inf" when v, or a value in it (a map or a
// list of numbers), is a float that is not a number, and the path to it
// inside v; or "".
func notANumber(v reflect.Value) (string, []string) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		switch f := v.Float(); {
		case math.IsNaN(f):
			return "nan", nil
		case math.IsInf(f, 0):
			return "inf", nil
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, key := range keys {
			if k, at := notANumber(v.MapIndex(key)); k != "" {
				return k, append([]string{key.String()}, at...)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if k, at := notANumber(v.Index(i)); k != "" {
				return k, append([]string{strconv.Itoa(i)}, at...)
			}
		}
	}
	return "", nil
}

// quotedInt reads a whole number written as text the way spreadsheets and
// Chinese input methods write it ("1,350", "１３５０", "300人") and returns
// it in plain digits.
func quotedInt(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, unit := range []string{"人", "名", "个", "家"} {
		s = strings.TrimSuffix(s, unit)
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == ',' || r == '，' || r == ' ':
		default:
			return "", false
		}
	}
	n := strings.TrimLeft(b.String(), "0")
	if b.Len() == 0 {
		return "", false
	}
	if n == "" {
		n = "0"
	}
	return n, true
}

func (d *decoder) report(path []string, t reflect.Type, err error) {
	{
		var de *diag.Error
		if errors.As(err, &de) {
			de.Pos = d.pos(path)
			d.errs.Add(de)
			return
		}
		d.typeError(path, t)
	}
}

func (d *decoder) unknown(path []string, fs map[string]field) {
	names := make([]string, 0, len(fs))
	for n := range fs {
		names = append(names, n)
	}
	slices.Sort(names)
	key := strings.Join(path, ".")
	hint := "删除这个字段，或检查拼写。"
	if s := diag.Suggest(path[len(path)-1], names, 1); len(s) > 0 {
		hint = fmt.Sprintf("是不是想写 %s？", s[0])
	} else if len(names) <= 12 {
		hint += "这里可用的字段有：" + strings.Join(names, "、")
	}
	d.errs.Add(diag.Errorf(d.at(path, true), hint, "未知字段 %s", key))
}

func (d *decoder) typeError(path []string, t reflect.Type) {
	got := typeName(d.md.Type(tomlKey(path)...))
	want, example := goTypeName(t, path[len(path)-1])
	d.errs.Add(diag.Errorf(d.pos(path), "改成"+example+"。",
		"字段 %s 应为%s，这里写的是%s", strings.Join(path, "."), want, got))
}

// tomlKey drops array indexes, which MetaData does not use.
func tomlKey(path []string) []string {
	var out []string
	for _, p := range path {
		if _, err := strconv.Atoi(p); err == nil && len(out) > 0 {
			continue
		}
		out = append(out, p)
	}
	return out
}

func typeName(t string) string {
	switch t {
	case "String":
		return "文本"
	case "Integer":
		return "整数"
	case "Float":
		return "小数"
	case "Bool":
		return "true/false"
	case "Datetime", "DatetimeLocal", "DateLocal", "TimeLocal":
		return "日期时间"
	case "Array":
		return "列表"
	case "Hash", "ArrayHash":
		return "表"
	}
	return "其他类型"
}

// goTypeName names the type a field wants and gives an example of it,
// written with the field's own key.
func goTypeName(t reflect.Type, key string) (name, example string) {
	if _, err := strconv.Atoi(key); err == nil || key == "" {
		key = "字段名"
	}
	if t == timeType || strings.HasSuffix(t.Name(), "Date") {
		return "日期", "日期，如 " + key + " = 2015-04-07"
	}
	switch t.Kind() {
	case reflect.String:
		return "文本", `用英文双引号括起的文本，如 ` + key + ` = "示例"`
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "整数", "不带引号和单位的整数，如 " + key + " = 300"
	case reflect.Float64, reflect.Float32:
		return "数字", "不带引号的数字，如 0.85"
	case reflect.Bool:
		return "true 或 false", "true 或 false（不加引号）"
	case reflect.Slice:
		n, _ := goTypeName(t.Elem(), key)
		return n + "列表", `方括号列表，如 ` + key + ` = ["甲", "乙"]`
	case reflect.Map, reflect.Struct:
		return "表", "[表名] 开头的一组字段"
	}
	return t.String(), "正确的类型"
}
