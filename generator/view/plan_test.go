package view

import (
	"slices"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/portal"
)

// TestRank: districts with equal shares share a rank, the next rank skips
// (1, 1, 3); a district with nothing to count has none, and one with
// fewer than min_compared_units units is not ranked; ranks need two
// districts.
func TestRank(t *testing.T) {
	tg := &config.Target{ID: "t", Threshold: 0.5}
	agg := func(pop, meet int) *portal.Aggregate {
		return &portal.Aggregate{Years: map[string][]portal.Count{"2017": {{Target: tg, Population: pop, Meeting: meet}}}}
	}
	got := rank([]*portal.Aggregate{agg(4, 2), agg(2, 2), agg(0, 0), agg(6, 3), agg(5, 1)}, 0, "2017", 3)
	want := []string{"第 1 名（共 3 个）", "不足 3 个单位，不排名", "", "第 1 名（共 3 个）", "第 3 名（共 3 个）"}
	if !slices.Equal(got, want) {
		t.Errorf("rank = %q, want %q", got, want)
	}
	if got := rank([]*portal.Aggregate{agg(4, 2), agg(2, 2), agg(1, 0)}, 0, "2017", 3); !slices.Equal(got, []string{"", "", ""}) {
		t.Errorf("one district to rank: %q, want no ranks", got)
	}
	// A site that ranks districts of two units says so.
	got = rank([]*portal.Aggregate{agg(4, 2), agg(2, 2), agg(1, 0), agg(6, 3)}, 0, "2017", 2)
	want = []string{"第 2 名（共 3 个）", "第 1 名（共 3 个）", "不足 2 个单位，不排名", "第 2 名（共 3 个）"}
	if !slices.Equal(got, want) {
		t.Errorf("min 2: rank = %q, want %q", got, want)
	}
}
