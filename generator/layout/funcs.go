package layout

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/tomlpos"
	"gongkai/generator/view"
)

// Funcs returns the template functions for a site. asset maps a theme asset
// name ("main.css") to its fingerprinted site path.
// Funcs depend on nothing but config and the assets, which every page's
// key covers; what a page shows comes from its view.
func Funcs(cfg *config.Config, asset func(name string) string) template.FuncMap {
	return template.FuncMap{
		"relURL": cfg.RelURL,
		"absURL": cfg.AbsURL,
		"asset":  func(name string) string { return cfg.RelURL(asset(name)) },
		// assetFrom is an asset's path relative to the page at site path
		// from, so the page also works when opened from file://.
		"assetFrom": func(from, name string) string {
			return strings.Repeat("../", strings.Count(strings.Trim(from, "/"), "/")+1) + strings.TrimPrefix(asset(name), "/")
		},
		// date formats a date the Chinese way, with Arabic numerals and no
		// zero padding, as GB/T 9704 wants for 成文日期: 2015年4月7日.
		"date": func(v any) string {
			t := asTime(cfg, v)
			if t.IsZero() {
				return ""
			}
			return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
		},
		"isoDate": func(v any) string {
			t := asTime(cfg, v)
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		// barWidth rounds a share to the 5% steps the stylesheet has
		// classes for; the CSP forbids inline widths.
		"barWidth": func(v float64) int { return min(100, max(0, int(v*20+0.5)*5)) },
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key-value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		// percent rounds half away from zero, as the dashboard does
		// (portal.Percent): 0.0625 is 6.3%, not Sprintf's 6.2%.
		"percent": func(v float64) string {
			return strconv.FormatFloat(math.Round(v*1000)/10, 'f', 1, 64) + "%"
		},
		"figure": figure,
		"pct0":   func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) },
		"add":    func(a, b int) int { return a + b },
		// phones escapes a contact line and links its telephone numbers
		// (tel:), for readers on phones.
		"phones": linkPhones,
		"first": func(n int, items any) any {
			return firstN(n, items)
		},
		// currentMenu returns the menu URL that is the page itself, or "",
		// so the header can be cached per highlighted item.
		"currentMenu": func(menu []view.Link, url string) string {
			for _, m := range menu {
				if m.URL == url {
					return url
				}
			}
			return ""
		},
	}
}

func asTime(cfg *config.Config, v any) time.Time {
	switch v := v.(type) {
	case time.Time:
		if v.IsZero() {
			return v
		}
		return v.In(cfg.Location)
	case tomlpos.Date:
		return v.In(cfg.Location)
	}
	return time.Time{}
}
