package register

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gongkai/generator/config"

	"gongkai/generator/content"
	"gongkai/generator/tomlpos"
)

// field is a unit field a column may hold. Register fields describe the
// unit; status fields (Status true) one year of its figures.
type field struct {
	Key    string // the name in config's [data.columns] and in front matter
	Label  string // Chinese, for messages and the export's headers
	Status bool
	Text   bool // shown on pages as written (not parsed into a value)
	// set parses text into the unit (register) or the year's status.
	set func(u *content.Unit, st *content.UnitStatus, text string) error
	// get writes the value back as text, for the export; "" when unset.
	get func(u *content.Unit, st *content.UnitStatus) string
}

// Field keys that are not plain values of the model.
const (
	keyID     = "id"
	keyName   = "name"
	keyParent = "parent"
	keyKind   = "kind"
	keyDist   = "district"
	keyYear   = "year"
)

// fields lists every field in the export's column order.
var fields = []field{
	{Key: keyID, Label: "单位编号", Text: true},
	{Key: keyName, Label: "单位名称", Text: true},
	{Key: keyParent, Label: "上级工会", Text: true},
	{Key: keyKind, Label: "单位类型"},
	{Key: keyDist, Label: "所属地区"},
	{Key: "established", Label: "建会日期",
		set: func(u *content.Unit, _ *content.UnitStatus, s string) error {
			t, err := ParseDate(s)
			if err == nil {
				err = u.Established.UnmarshalTOML(t.Format("2006-01-02"))
			}
			return err
		},
		get: func(u *content.Unit, _ *content.UnitStatus) string { return dateText(u.Established) }},
	{Key: "employees", Label: "职工人数", set: intSetter(func(u *content.Unit, _ *content.UnitStatus) *int { return &u.Employees }),
		get: intGetter(func(u *content.Unit, _ *content.UnitStatus) *int { return &u.Employees })},
	{Key: "members", Label: "会员人数", set: intSetter(func(u *content.Unit, _ *content.UnitStatus) *int { return &u.Members }),
		get: intGetter(func(u *content.Unit, _ *content.UnitStatus) *int { return &u.Members })},
	{Key: "chair", Text: true, Label: "工会主席", set: textSetter(func(u *content.Unit) *string { return &u.Chair }), get: textGetter(func(u *content.Unit) *string { return &u.Chair })},
	{Key: "contact", Text: true, Label: "联系电话", set: textSetter(func(u *content.Unit) *string { return &u.Contact }), get: textGetter(func(u *content.Unit) *string { return &u.Contact })},
	{Key: "address", Text: true, Label: "地址", set: textSetter(func(u *content.Unit) *string { return &u.Address }), get: textGetter(func(u *content.Unit) *string { return &u.Address })},
	{Key: "model", Text: true, Label: "示范单位称号", set: textSetter(func(u *content.Unit) *string { return &u.Model }), get: textGetter(func(u *content.Unit) *string { return &u.Model })},

	{Key: keyYear, Label: "年度", Status: true},
	{Key: "staff_congress", Label: "是否建立职代会", Status: true, set: boolSetter(func(s *content.UnitStatus) *bool { return &s.StaffCongress }), get: boolGetter(func(s *content.UnitStatus) *bool { return &s.StaffCongress })},
	{Key: "collective_contract", Label: "是否开展集体协商", Status: true, set: boolSetter(func(s *content.UnitStatus) *bool { return &s.CollectiveContract }), get: boolGetter(func(s *content.UnitStatus) *bool { return &s.CollectiveContract })},
	{Key: "labor_supervision", Label: "是否建立劳动法律监督组织", Status: true, set: boolSetter(func(s *content.UnitStatus) *bool { return &s.LaborSupervision }), get: boolGetter(func(s *content.UnitStatus) *bool { return &s.LaborSupervision })},
	{Key: "workers_home", Label: "职工之家", Status: true,
		set: func(_ *content.Unit, st *content.UnitStatus, s string) error {
			v, err := ParseWorkersHome(s)
			st.WorkersHome = v
			return err
		},
		get: func(_ *content.Unit, st *content.UnitStatus) string { return WorkersHomeNames[st.WorkersHome] }},
	{Key: "service_station", Label: "是否建立服务站", Status: true, set: boolSetter(func(s *content.UnitStatus) *bool { return &s.ServiceStation }), get: boolGetter(func(s *content.UnitStatus) *bool { return &s.ServiceStation })},
	{Key: "legal_person", Label: "是否取得社团法人资格", Status: true, set: boolSetter(func(s *content.UnitStatus) *bool { return &s.LegalPerson }), get: boolGetter(func(s *content.UnitStatus) *bool { return &s.LegalPerson })},
	{Key: "funds_audit", Label: "是否建立经费审查委员会", Status: true, set: boolSetter(func(s *content.UnitStatus) *bool { return &s.FundsAudit }), get: boolGetter(func(s *content.UnitStatus) *bool { return &s.FundsAudit })},
	{Key: "rotation_trained", Label: "干部轮训率", Status: true, set: shareSetter(func(s *content.UnitStatus) *float64 { return &s.RotationTrained }), get: shareGetter(func(s *content.UnitStatus) *float64 { return &s.RotationTrained })},
	{Key: "certified", Label: "持证上岗率", Status: true, set: shareSetter(func(s *content.UnitStatus) *float64 { return &s.Certified }), get: shareGetter(func(s *content.UnitStatus) *float64 { return &s.Certified })},
	{Key: "new_chair_trained", Label: "新任主席培训率", Status: true, set: shareSetter(func(s *content.UnitStatus) *float64 { return &s.NewChairTrained }), get: shareGetter(func(s *content.UnitStatus) *float64 { return &s.NewChairTrained })},
	{Key: "cadres", Label: "工会干部人数", Status: true, set: intSetter(func(_ *content.Unit, s *content.UnitStatus) *int { return &s.Cadres }), get: intGetter(func(_ *content.Unit, s *content.UnitStatus) *int { return &s.Cadres })},
	{Key: "new_chairs", Label: "新任主席副主席人数", Status: true, set: intSetter(func(_ *content.Unit, s *content.UnitStatus) *int { return &s.NewChairs }), get: intGetter(func(_ *content.Unit, s *content.UnitStatus) *int { return &s.NewChairs })},
	{Key: "status_members", Label: "年度会员人数", Status: true,
		set: func(_ *content.Unit, st *content.UnitStatus, s string) error {
			n, err := ParseInt(s)
			st.Members = n
			return err
		},
		get: func(_ *content.Unit, st *content.UnitStatus) string { return itoa(st.Members) }},
	{Key: "awards", Label: "获得荣誉", Status: true, Text: true,
		set: func(_ *content.Unit, st *content.UnitStatus, s string) error {
			st.Awards = splitList(s)
			return nil
		},
		get: func(_ *content.Unit, st *content.UnitStatus) string { return joinList(st.Awards) }},
}

// fieldByKey indexes fields.
var fieldByKey = func() map[string]*field {
	m := map[string]*field{}
	for i := range fields {
		m[fields[i].Key] = &fields[i]
	}
	return m
}()

// frontKey is the front matter key of a field: the yearly members count is
// "members" inside [status.YEAR].
func (f *field) frontKey() string {
	switch f.Key {
	case "status_members":
		return "members"
	case keyName:
		return "title"
	}
	return f.Key
}

// FrontKeys lists the front matter keys the spreadsheets can hold: of a
// unit (status false) or of a [status.YEAR] table (status true).
func FrontKeys(status bool) []string {
	var out []string
	for i := range fields {
		f := &fields[i]
		if f.Status == status && f.Key != keyID && f.Key != keyYear {
			out = append(out, f.frontKey())
		}
	}
	return out
}

func intSetter(p func(*content.Unit, *content.UnitStatus) *int) func(*content.Unit, *content.UnitStatus, string) error {
	return func(u *content.Unit, st *content.UnitStatus, s string) error {
		n, err := ParseInt(s)
		*p(u, st) = n
		return err
	}
}

func intGetter(p func(*content.Unit, *content.UnitStatus) *int) func(*content.Unit, *content.UnitStatus) string {
	return func(u *content.Unit, st *content.UnitStatus) string { return itoa(*p(u, st)) }
}

func textSetter(p func(*content.Unit) *string) func(*content.Unit, *content.UnitStatus, string) error {
	return func(u *content.Unit, _ *content.UnitStatus, s string) error {
		*p(u) = s
		return nil
	}
}

func textGetter(p func(*content.Unit) *string) func(*content.Unit, *content.UnitStatus) string {
	return func(u *content.Unit, _ *content.UnitStatus) string { return *p(u) }
}

func boolSetter(p func(*content.UnitStatus) *bool) func(*content.Unit, *content.UnitStatus, string) error {
	return func(_ *content.Unit, st *content.UnitStatus, s string) error {
		v, err := ParseBool(s)
		*p(st) = v
		return err
	}
}

func boolGetter(p func(*content.UnitStatus) *bool) func(*content.Unit, *content.UnitStatus) string {
	return func(_ *content.Unit, st *content.UnitStatus) string {
		if *p(st) {
			return "是"
		}
		return "否"
	}
}

func shareSetter(p func(*content.UnitStatus) *float64) func(*content.Unit, *content.UnitStatus, string) error {
	return func(_ *content.Unit, st *content.UnitStatus, s string) error {
		v, err := ParseShare(s)
		*p(st) = v
		return err
	}
}

func shareGetter(p func(*content.UnitStatus) *float64) func(*content.Unit, *content.UnitStatus) string {
	return func(_ *content.Unit, st *content.UnitStatus) string { return formatShare(*p(st)) }
}

func dateText(d tomlpos.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.In(time.UTC).Format("2006-01-02")
}

// declaredField is a yearly field declared in config.toml's [fields]:
// its column is read by its type into the year's Extra, as front matter
// holds it (bool, float64, int64 or string).
func declaredField(key string, d config.Field) *field {
	f := &field{Key: key, Label: d.Label, Status: true, get: func(_ *content.Unit, st *content.UnitStatus) string {
		switch v := st.Extra[key].(type) {
		case bool:
			if v {
				return "是"
			}
			return "否"
		case float64:
			return formatShare(v)
		case int64:
			return itoa(int(v))
		case string:
			return v
		}
		return ""
	}}
	switch d.Type {
	case config.FieldBool:
		f.set = func(_ *content.Unit, st *content.UnitStatus, s string) error {
			v, err := ParseBool(s)
			setExtra(st, key, v)
			return err
		}
	case config.FieldShare:
		f.set = func(_ *content.Unit, st *content.UnitStatus, s string) error {
			v, err := ParseShare(s)
			setExtra(st, key, v)
			return err
		}
	case config.FieldCount:
		f.set = func(_ *content.Unit, st *content.UnitStatus, s string) error {
			n, err := ParseInt(s)
			setExtra(st, key, int64(n))
			return err
		}
	default:
		f.set = func(_ *content.Unit, st *content.UnitStatus, s string) error {
			if !slices.Contains(d.Values, s) {
				return fmt.Errorf("不是可选的值；可选值：%s", strings.Join(d.Values, "、"))
			}
			setExtra(st, key, s)
			return nil
		}
	}
	return f
}

func setExtra(st *content.UnitStatus, key string, v any) {
	if st.Extra == nil {
		st.Extra = map[string]any{}
	}
	st.Extra[key] = v
}
