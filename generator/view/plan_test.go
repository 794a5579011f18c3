package view

import (
	"slices"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/portal"
)

// TestRank: districts with equal shares share a rank, the next rank skips
// (1, 2, 2, 4); a district with nothing to count has none.
func TestRank(t *testing.T) {
	tg := &config.Target{ID: "t", Threshold: 0.5}
	agg := func(pop, meet int) *portal.Aggregate {
		return &portal.Aggregate{Years: map[string][]portal.Count{"2017": {{Target: tg, Population: pop, Meeting: meet}}}}
	}
	got := rank([]*portal.Aggregate{agg(4, 2), agg(2, 2), agg(0, 0), agg(6, 3), agg(5, 1)}, 0, "2017")
	want := []string{"第 2 名（共 4 个）", "第 1 名（共 4 个）", "", "第 2 名（共 4 个）", "第 4 名（共 4 个）"}
	if !slices.Equal(got, want) {
		t.Errorf("rank = %q, want %q", got, want)
	}
}
