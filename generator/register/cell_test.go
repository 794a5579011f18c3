package register

import (
	"testing"
	"time"
)

func TestParseBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		ok   bool
	}{
		{"是", true, true}, {"否", false, true},
		{"有", true, true}, {"无", false, true},
		{"√", true, true}, {"×", false, true}, {"✓", true, true}, {"✗", false, true},
		{"Y", true, true}, {"N", false, true}, {"y", true, true}, {"n", false, true},
		{"Ｙ", true, true}, {"ｎ", false, true}, {"yes", true, true}, {"No", false, true},
		{"1", true, true}, {"0", false, true}, {"１", true, true},
		{"TRUE", true, true}, {"FALSE", false, true}, {"true", true, true}, {"False", false, true},
		{" 是 ", true, true}, {"\u3000否", false, true},
		{"已建立", true, true}, {"未建立", false, true},
		{"是的", false, false}, {"2", false, false}, {"OK", false, false}, {"-", false, false}, {"不是", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseBool(tt.in)
			if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
				t.Errorf("ParseBool(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
	if _, err := ParseBool(" "); err != errEmpty {
		t.Errorf("a blank cell: %v, want errEmpty", err)
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1350", 1350, true}, {"1,350", 1350, true}, {"1，350", 1350, true}, {"12,345,678", 12345678, true},
		{"１３５０", 1350, true}, {"１，３５０", 1350, true}, {"1350.0", 1350, true}, {" 42 ", 42, true}, {"0", 0, true},
		{"300人", 0, false}, {"1,35", 0, false}, {"13,50", 0, false}, {"1350,", 0, false}, {",350", 0, false},
		{"1234,567", 0, false}, {"12.5", 0, false}, {"-3", 0, false}, {"约300", 0, false}, {"3e2", 0, false},
		{"1.", 0, false}, {"三百", 0, false}, {"1 350", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseInt(tt.in)
			if (err == nil) != tt.ok || got != tt.want && tt.ok {
				t.Errorf("ParseInt(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestParseShare(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.46", 0.46, true}, {"46%", 0.46, true}, {"46", 0.46, true}, {"４６％", 0.46, true}, {"1", 1, true},
		{"100%", 1, true}, {"0", 0, true}, {"0.46000000000000002", 0.46, true}, {"97.5%", 0.975, true},
		{"120%", 0, false}, {"150", 0, false}, {"约一半", 0, false}, {"-0.1", 0, false}, {"46％以上", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseShare(tt.in)
			if (err == nil) != tt.ok || got != tt.want && tt.ok {
				t.Errorf("ParseShare(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	day := time.Date(2015, 4, 7, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in string
		ok bool
	}{
		{"2015-04-07", true}, {"2015-4-7", true}, {"2015/4/7", true}, {"2015/04/07", true}, {"2015.4.7", true},
		{"2015年4月7日", true}, {"2015年04月07日", true}, {"２０１５年４月７日", true},
		{"42101", true}, {"42101.5", true}, {"2015-04-07 09:30", true}, {"2015/4/7 0:00:00", true},
		{"2015-02-30", false}, {"2015-13-01", false}, {"2015-04", false}, {"04-07-15", false},
		{"2015", false}, {"60", false}, {"去年", false}, {"2015年4月", false}, {"2015--7", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if (err == nil) != tt.ok || tt.ok && !got.Equal(day) {
				t.Errorf("ParseDate(%q) = %v, %v; want 2015-04-07, ok %v", tt.in, got, err, tt.ok)
			}
		})
	}
	// Serials either side of Excel's phantom 1900-02-29.
	for serial, want := range map[string]string{"61": "1900-03-01", "36526": "2000-01-01", "2958465": "9999-12-31"} {
		got, err := ParseDate(serial)
		if err != nil || got.Format("2006-01-02") != want {
			t.Errorf("ParseDate(%s) = %v, %v; want %s", serial, got, err, want)
		}
	}
}

func TestParseYearAndWorkersHome(t *testing.T) {
	for in, want := range map[string]string{"2016": "2016", "2016年": "2016", "２０１６": "2016", "2016.0": "2016", "2016年度": "2016"} {
		if got, err := ParseYear(in); err != nil || got != want {
			t.Errorf("ParseYear(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"16", "二〇一六", "2016-01"} {
		if _, err := ParseYear(in); err == nil {
			t.Errorf("ParseYear(%q) accepted", in)
		}
	}
	for in, want := range map[string]string{"合格职工之家": "qualified", "合格": "qualified", "市级模范职工之家": "city", "省级": "province",
		"全国模范职工之家": "national", "无": "none", "city": "city", "Qualified": "qualified"} {
		if got, err := ParseWorkersHome(in); err != nil || got != want {
			t.Errorf("ParseWorkersHome(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"县级", "模范", "是"} {
		if _, err := ParseWorkersHome(in); err == nil {
			t.Errorf("ParseWorkersHome(%q) accepted", in)
		}
	}
}
