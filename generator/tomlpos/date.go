package tomlpos

import (
	"fmt"
	"strings"
	"time"

	"gongkai/generator/diag"
)

// Date is a date or date-time from TOML. It accepts TOML's own dates and
// date-times as well as the strings authors type: "2015-04-07",
// "2015/4/7", "2015年4月7日", "2015-04-07 10:00".
type Date struct {
	wall  time.Time // wall clock, in UTC unless zoned
	zoned bool      // the value carried its own offset
}

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.wall.IsZero() }

// In returns the instant, reading a date without offset in loc.
func (d Date) In(loc *time.Location) time.Time {
	if d.wall.IsZero() || d.zoned {
		return d.wall
	}
	w := d.wall
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
}

var dateLayouts = []string{
	"2006-01-02", "2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日",
	"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04",
}

// UnmarshalTOML implements toml.Unmarshaler.
func (d *Date) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case time.Time:
		name := v.Location().String()
		d.zoned = !strings.HasPrefix(name, "datetime-local") && !strings.HasPrefix(name, "date-local") && !strings.HasPrefix(name, "time-local")
		if d.zoned {
			d.wall = v
		} else {
			d.wall = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
		}
		return nil
	case string:
		s := strings.TrimSpace(v)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				d.wall = t
				return nil
			}
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			d.wall, d.zoned = t, true
			return nil
		}
		return &diag.Error{Msg: fmt.Sprintf("“%s”不是有效的日期", v), Hint: "日期写成 2015-04-07（年-月-日，可不加引号）；需要时刻时写成 2015-04-07T09:30:00。"}
	}
	return &diag.Error{Msg: fmt.Sprintf("应为日期，这里写的是 %v", v), Hint: "日期写成 2015-04-07（年-月-日）。"}
}

// AppendBinary appends the binary form of d (encoding.BinaryAppender),
// for the build cache.
func (d Date) AppendBinary(b []byte) ([]byte, error) {
	b, err := d.wall.AppendBinary(b)
	if err != nil {
		return nil, err
	}
	if d.zoned {
		return append(b, 1), nil
	}
	return append(b, 0), nil
}

// UnmarshalBinary reads what AppendBinary wrote.
func (d *Date) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		return fmt.Errorf("tomlpos: empty binary date")
	}
	d.zoned = b[len(b)-1] == 1
	return d.wall.UnmarshalBinary(b[:len(b)-1])
}

// GobEncode implements gob.GobEncoder.
func (d Date) GobEncode() ([]byte, error) { return d.AppendBinary(nil) }

// GobDecode implements gob.GobDecoder.
func (d *Date) GobDecode(b []byte) error { return d.UnmarshalBinary(b) }

// Compare orders two dates; dates without offset compare by wall clock.
func (d Date) Compare(o Date) int {
	if d.zoned == o.zoned {
		return d.wall.Compare(o.wall)
	}
	return d.In(time.UTC).Compare(o.In(time.UTC))
}
