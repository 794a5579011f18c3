package config

import "testing"

// TestCurrentPlan: plans are kept oldest first; the current one is the
// latest of [[plans]], or the single [plan] beside them, wherever it is
// written.
func TestCurrentPlan(t *testing.T) {
	for _, tt := range []struct{ name, text, want, order string }{
		{"latest of [[plans]], written first", `title = "x"
[[plans]]
id = "later"
first_year = 2018
last_year = 2020
[[plans]]
id = "early"
first_year = 2015
last_year = 2017
`, "later", "early,later"},
		{"[plan] beside an earlier [[plans]]", `title = "x"
[plan]
name = "新计划"
first_year = 2018
last_year = 2022
[[plans]]
id = "early"
first_year = 2015
last_year = 2017
`, "", "early,"},
	} {
		c, errs := Parse(FileName, []byte(tt.text))
		if errs.Err() != nil {
			t.Fatalf("%s: %v", tt.name, errs)
		}
		order := ""
		for i, p := range c.Plans {
			if i > 0 {
				order += ","
			}
			order += p.ID
		}
		if c.Plan.ID != tt.want || c.Plans[c.Current].ID != tt.want || order != tt.order {
			t.Errorf("%s: current %q (%d), order %s; want %q, %s", tt.name, c.Plan.ID, c.Current, order, tt.want, tt.order)
		}
	}
}
