package register

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Cell values as people type them in Excel. Each parser returns the value
// and an error whose text (Chinese) says what was expected; the caller adds
// where the cell is.

// errEmpty is returned for a blank cell, which sets nothing.
var errEmpty = errors.New("empty")

// fold turns full-width ASCII (Ｙ, １２３, ，) into half-width and trims
// spaces, including the ideographic space.
func fold(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		case r == '\u3000':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// yesNo are the accepted forms of a yes/no cell, after fold and upper-casing.
var yesNo = map[string]bool{
	"是": true, "否": false,
	"有": true, "无": false, "沒有": false, "没有": false,
	"√": true, "✓": true, "✔": true, "×": false, "✗": false, "✘": false, "X": false,
	"Y": true, "N": false, "YES": true, "NO": false,
	"1": true, "0": false,
	"TRUE": true, "FALSE": false,
	"已建立": true, "未建立": false, "已建": true, "未建": false,
}

// ParseBool reads a yes/no cell: 是/否, 有/无, √/×, Y/N, 1/0, TRUE/FALSE
// (full-width and lower case too).
func ParseBool(s string) (bool, error) {
	s = strings.ToUpper(fold(s))
	if s == "" {
		return false, errEmpty
	}
	if v, ok := yesNo[s]; ok {
		return v, nil
	}
	return false, errors.New("应填“是”或“否”（也可以是 有/无、√/×、Y/N、1/0、TRUE/FALSE）")
}

// ParseInt reads a count: digits with optional thousands separators
// (1,350 or 1，350), full-width digits, and a whole number written as a
// decimal (1350.0, as Excel may store it). "300人" is refused.
func ParseInt(s string) (int, error) {
	s = fold(s)
	if s == "" {
		return 0, errEmpty
	}
	digits, ok := ungroup(s)
	if !ok {
		return 0, errors.New("应是一个整数，只写数字，如 1350 或 1,350（不要带“人”等单位）")
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil || f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
		return 0, errors.New("应是一个不小于 0 的整数，如 1350")
	}
	return int(f), nil
}

// ungroup removes thousands separators from a number, checking that they
// group digits by three; it reports false for anything but a plain decimal.
func ungroup(s string) (string, bool) {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && (frac == "" || strings.Trim(frac, "0123456789") != "") {
		return "", false
	}
	if intPart == "" {
		return "", false
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if strings.Trim(g, "0123456789") != "" || g == "" || (i > 0 && len(g) != 3) || (i == 0 && len(g) > 3) {
				return "", false
			}
		}
		intPart = strings.Join(groups, "")
	} else if strings.Trim(intPart, "0123456789") != "" {
		return "", false
	}
	if hasFrac {
		return intPart + "." + frac, true
	}
	return intPart, true
}

// ParseShare reads a share between 0 and 1: 0.46, 46%, or 46 (read as a
// percentage, since a share above 1 means nothing).
func ParseShare(s string) (float64, error) {
	s = fold(s)
	if s == "" {
		return 0, errEmpty
	}
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSuffix(s, "%")
	digits, ok := ungroup(strings.TrimSpace(s))
	f, err := strconv.ParseFloat(digits, 64)
	if !ok || err != nil {
		return 0, errors.New("应是比例，如 0.46 或 46%")
	}
	if pct || f > 1 {
		f /= 100
	}
	if f < 0 || f > 1 {
		return 0, errors.New("比例应在 0 到 100% 之间")
	}
	return math.Round(f*1e6) / 1e6, nil
}

// excelEpoch is day 0 of Excel's 1900 date system, as it counts: serial 1 is
// 1900-01-01 and serial 60 the 1900-02-29 that never was, so from serial 61
// on, days count from 1899-12-30.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

var dateSeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")

// ParseDate reads a date: 2015-04-07, 2015/4/7, 2015.4.7, 2015年4月7日,
// or an Excel date serial (42101, possibly with a time fraction). The
// result is midnight UTC of that calendar day.
func ParseDate(s string) (time.Time, error) {
	s = fold(s)
	if s == "" {
		return time.Time{}, errEmpty
	}
	bad := errors.New("应是日期，如 2015-04-07、2015/4/7 或 2015年4月7日")
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		// Serials of 1900-03-01 (61) to 9999-12-31; a bare year like
		// 2015 is a number too but never a plausible date here.
		if serial < 61 || serial > 2958465 || (serial == math.Trunc(serial) && serial >= 1900 && serial <= 2100) {
			return time.Time{}, bad
		}
		return excelEpoch.AddDate(0, 0, int(serial)), nil
	}
	t := dateSeparators.Replace(s)
	if before, _, ok := strings.Cut(t, " "); ok { // a time of day after the date
		t = before
	}
	parts := strings.Split(t, "-")
	if len(parts) != 3 {
		return time.Time{}, bad
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" {
			return time.Time{}, bad
		}
		n[i] = v
	}
	d := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if n[0] < 1900 || n[0] > 9999 || d.Year() != n[0] || int(d.Month()) != n[1] || d.Day() != n[2] {
		return time.Time{}, errors.New("不是有效的日期（年月日超出范围）")
	}
	return d, nil
}

// ParseYear reads a year: 2016, 2016年, ２０１６, or 2016.0.
func ParseYear(s string) (string, error) {
	s = strings.TrimSuffix(strings.TrimSuffix(fold(s), "年"), "年度")
	if s == "" {
		return "", errEmpty
	}
	n, err := ParseInt(s)
	if err != nil || n < 1900 || n > 9999 {
		return "", errors.New("应是四位年份，如 2016")
	}
	return strconv.Itoa(n), nil
}

// workersHome maps how a sheet writes a 职工之家 level to the model's values.
var workersHome = map[string]string{
	"none": "none", "无": "none", "否": "none", "未达标": "none", "不合格": "none",
	"qualified": "qualified", "合格": "qualified", "合格职工之家": "qualified",
	"city": "city", "市级": "city", "市级模范": "city", "市级模范职工之家": "city",
	"province": "province", "省级": "province", "省级模范": "province", "省级模范职工之家": "province",
	"national": "national", "全国": "national", "全国模范": "national", "全国模范职工之家": "national",
}

// WorkersHomeNames are the Chinese names the export writes for each level.
var WorkersHomeNames = map[string]string{
	"none": "无", "qualified": "合格职工之家", "city": "市级模范职工之家",
	"province": "省级模范职工之家", "national": "全国模范职工之家",
}

// ParseWorkersHome reads a 职工之家 level: 合格职工之家, 市级模范职工之家, …,
// or the model's own values (qualified, city, …).
func ParseWorkersHome(s string) (string, error) {
	s = fold(s)
	if s == "" {
		return "", errEmpty
	}
	if v, ok := workersHome[strings.ToLower(s)]; ok {
		return v, nil
	}
	return "", errors.New("应是 无、合格职工之家、市级模范职工之家、省级模范职工之家 或 全国模范职工之家")
}

// splitList reads a list cell: items separated by 、，,；; or new lines.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == '，' || r == ',' || r == '；' || r == ';' || r == '\n'
	}) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
