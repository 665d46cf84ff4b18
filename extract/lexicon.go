package extract

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
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
	// cats holds each category's words again, indexed for has, prefix
	// and suffix
	cats map[string]*lexCat
}

// lexCat is one category of the lexicon, indexed for lookups.
type lexCat struct {
	words map[string]bool
	// lens holds the distinct byte lengths of the words, longest first:
	// prefix and suffix look up only these slices of s
	lens []int
	// first and last have a bit set for the first (last) rune of every
	// word in the BMP, so that prefix (suffix) mostly answers "" without a
	// map lookup; unfiltered is set when some word's first or last rune is
	// outside the BMP or not valid UTF-8
	first, last [0x10000 / 64]uint64
	unfiltered  bool
}

// noCat is the empty category, for names not in the lexicon.
var noCat = &lexCat{}

func (c *lexCat) index(w string) {
	c.words[w] = true
	if n := len(w); len(c.lens) == 0 || c.lens[len(c.lens)-1] != n {
		c.lens = append(c.lens, n)
	}
	f, _ := utf8.DecodeRuneInString(w)
	l, _ := utf8.DecodeLastRuneInString(w)
	if f == utf8.RuneError || l == utf8.RuneError || f >= 0x10000 || l >= 0x10000 {
		c.unfiltered = true
		return
	}
	c.first[f/64] |= 1 << (f % 64)
	c.last[l/64] |= 1 << (l % 64)
}

// mayStart reports whether a word of c may begin s (s is not empty).
func (c *lexCat) mayStart(s string) bool {
	if c.unfiltered {
		return true
	}
	r := rune(s[0])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return r < 0x10000 && c.first[r/64]&(1<<(r%64)) != 0
}

// mayEnd reports whether a word of c may end s (s is not empty).
func (c *lexCat) mayEnd(s string) bool {
	if c.unfiltered {
		return true
	}
	r := rune(s[len(s)-1])
	if r >= utf8.RuneSelf {
		r, _ = utf8.DecodeLastRuneInString(s)
	}
	return r < 0x10000 && c.last[r/64]&(1<<(r%64)) != 0
}

func (lx *lexicon) cat(name string) *lexCat {
	if c := lx.cats[name]; c != nil {
		return c
	}
	return noCat
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
	lx.cats = map[string]*lexCat{}
	for cat, l := range lx.lists {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i]) > len(l[j]) })
		c := &lexCat{words: lx.words[cat]}
		for _, w := range l {
			c.index(w)
		}
		lx.cats[cat] = c
	}
	return lx, nil
}

func (lx *lexicon) has(cat, w string) bool { return lx.cat(cat).words[w] }

// suffix returns the longest word of cat that s ends with.
func (lx *lexicon) suffix(cat, s string) string {
	c := lx.cat(cat)
	if s == "" || !c.mayEnd(s) {
		return ""
	}
	for _, n := range c.lens {
		if n <= len(s) && c.words[s[len(s)-n:]] {
			return s[len(s)-n:]
		}
	}
	return ""
}

// prefix returns the longest word of cat that s starts with.
func (lx *lexicon) prefix(cat, s string) string {
	c := lx.cat(cat)
	if s == "" || !c.mayStart(s) {
		return ""
	}
	for _, n := range c.lens {
		if n <= len(s) && c.words[s[:n]] {
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
