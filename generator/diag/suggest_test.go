package diag

import (
	"slices"
	"testing"
)

func TestSuggest(t *testing.T) {
	cands := []string{"publicity_start", "publicity_end", "publicity_days", "category", "unit", "contact"}
	tests := []struct {
		word string
		want []string
	}{
		{"publicity_strat", []string{"publicity_start"}},
		{"catagory", []string{"category"}},
		{"zzzzzzzz", nil},
	}
	for _, tt := range tests {
		got := Suggest(tt.word, cands, 1)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Suggest(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
