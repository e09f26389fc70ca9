package config

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate a mistyped name most likely meant, and
// whether one is close enough to suggest. Names that differ only in case
// or in `_` and `-` (cost_center for costCenter) always match; otherwise the
// edit distance (EditDistance) must be at most a third of the name's length (at least 1,
// at most 3), so `cidr_blok` suggests cidr_block and `x` suggests nothing.
// Ties go to the first candidate in order.
func Closest(name string, candidates []string) (string, bool) {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(s))
	}
	for _, c := range candidates {
		if c != name && norm(c) == norm(name) {
			return c, true
		}
	}
	limit := min(max(utf8.RuneCountInString(name)/3, 1), 3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := EditDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// EditDistance is the Levenshtein distance between a and b, in runes, with
// a swap of two adjacent runes counted as one edit (the optimal string
// alignment distance): the fewest insertions, deletions, substitutions and
// transpositions that turn a into b. `audti` is one edit from `audit`.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j]; three rows suffice.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
