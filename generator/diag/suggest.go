package diag

import (
	"slices"
	"strings"
)

// Suggest returns up to max candidates closest to word by edit distance,
// nearest first, leaving out any too far off to be a plausible typo.
func Suggest(word string, candidates []string, max int) []string {
	type scored struct {
		s string
		d int
	}
	w := []rune(strings.ToLower(word))
	limit := len(w)/2 + 1
	var found []scored
	for _, c := range candidates {
		cr := []rune(strings.ToLower(c))
		d := distance(w, cr)
		if d <= limit || strings.Contains(string(cr), string(w)) || (len(cr) > 1 && strings.Contains(string(w), string(cr))) {
			found = append(found, scored{c, d})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.s, b.s)
	})
	var out []string
	for _, f := range found {
		if len(out) == max {
			break
		}
		out = append(out, f.s)
	}
	return out
}

// distance is the Levenshtein distance between two rune slices.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
