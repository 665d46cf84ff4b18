package extract

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed data/lexicon.tsv
var lexiconTSV string

// lexicon holds the word lists of data/lexicon.tsv by category.
type lexicon struct {
	words map[string]map[string]bool
	// values holds the third column where a category uses it
	values map[string]map[string]string
	// sorted longest first, for suffix and prefix tests
	lists map[string][]string
	// lens holds the distinct byte lengths of each category's words,
	// longest first: prefix and suffix look up only these slices of s
	lens map[string][]int
}

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{words: map[string]map[string]bool{}, values: map[string]map[string]string{}, lists: map[string][]string{}}
	sc := bufio.NewScanner(strings.NewReader(lexiconTSV))
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) < 2 || f[0] == "" || f[1] == "" {
			return nil, fmt.Errorf("data/lexicon.tsv:%d: want category<TAB>word", line)
		}
		m := lx.words[f[0]]
		if m == nil {
			m = map[string]bool{}
			lx.words[f[0]] = m
		}
		if !m[f[1]] {
			m[f[1]] = true
			lx.lists[f[0]] = append(lx.lists[f[0]], f[1])
		}
		if len(f) > 2 && f[2] != "" {
			if lx.values[f[0]] == nil {
				lx.values[f[0]] = map[string]string{}
			}
			lx.values[f[0]][f[1]] = f[2]
		}
	}
	lx.lens = map[string][]int{}
	for cat, l := range lx.lists {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i]) > len(l[j]) })
		for _, w := range l {
			if n := lx.lens[cat]; len(n) == 0 || n[len(n)-1] != len(w) {
				lx.lens[cat] = append(n, len(w))
			}
		}
	}
	return lx, nil
}

func (lx *lexicon) has(cat, w string) bool { return lx.words[cat][w] }

// suffix returns the longest word of cat that s ends with.
func (lx *lexicon) suffix(cat, s string) string {
	words := lx.words[cat]
	for _, n := range lx.lens[cat] {
		if n <= len(s) && words[s[len(s)-n:]] {
			return s[len(s)-n:]
		}
	}
	return ""
}

// prefix returns the longest word of cat that s starts with.
func (lx *lexicon) prefix(cat, s string) string {
	words := lx.words[cat]
	for _, n := range lx.lens[cat] {
		if n <= len(s) && words[s[:n]] {
			return s[:n]
		}
	}
	return ""
}

// dealKindOf returns the deal kind a trigger word signals.
func (lx *lexicon) dealKindOf(w string) (DealKind, bool) {
	for _, k := range []DealKind{Acquisition, JointVenture, Investment, Intent, Cooperation, Purchase} {
		if lx.has("dealword_"+string(k), w) {
			return k, true
		}
	}
	return "", false
}
