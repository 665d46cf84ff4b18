package extract

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// cutDAG segments s into words exactly as gse's Cut(s, false) does (the
// dictionary DAG and maximum-probability route, no HMM), with the word
// lookup find (a word's frequency, and whether the dictionary has it or a
// longer word starting with it) and the dictionary's total frequency. It is
// the Cut of both segmenters: the prebuilt dictionary's and, without gse's
// per-call maps and string conversions, gse's own (the short-form rules cut
// every name's stem). TestCutDAGMatchesGse and TestSegDict keep it in step
// with gse.
func cutDAG(find func(word string) (float64, bool), totalFreq float64, s string) []string {
	if gse.ToLower {
		s = strings.ToLower(s)
	}
	runes := []rune(s)
	n := len(runes)
	if n == 0 {
		return []string{}
	}
	// b is the text re-encoded from runes, as gse looks words up;
	// at[k] is the byte offset of rune k in b
	b := string(runes)
	at := make([]int, n+1)
	for k, o := 0, 0; k < n; k++ {
		at[k] = o
		o += utf8.RuneLen(runes[k])
	}
	at[n] = len(b)
	logT := math.Log(totalFreq)
	type route struct {
		freq  float64
		index int
	}
	routes := make([]route, n+1)
	var ends []int
	var freqs []float64
	for idx := n - 1; idx >= 0; idx-- {
		// the DAG's edges from idx: the dictionary words starting there
		// (gse's getDag), with their frequencies
		ends, freqs = ends[:0], freqs[:0]
		for i := idx; i < n; i++ {
			freq, ok := find(b[at[idx]:at[i+1]])
			if !ok {
				break
			}
			if freq > 0 {
				ends = append(ends, i)
				freqs = append(freqs, freq)
			}
		}
		if len(ends) == 0 {
			// a single character, weighted as gse's calc weighs it
			ends = append(ends, idx)
			if freq, ok := find(b[at[idx]:at[idx+1]]); ok {
				freqs = append(freqs, math.Log(freq))
			} else {
				freqs = append(freqs, math.Log(1.0))
			}
		} else {
			for k, f := range freqs {
				freqs[k] = math.Log(f)
			}
		}
		for k, i := range ends {
			r := route{freq: freqs[k] - logT + routes[i+1].freq, index: i}
			if k == 0 {
				routes[idx] = r
				continue
			}
			if v := routes[idx]; v.freq < r.freq || v.freq == r.freq && v.index < r.index {
				routes[idx] = r
			}
		}
	}
	out := make([]string, 0, int(float32(len(s))/gse.RatioWord)+1)
	var buf []rune
	for x := 0; x < n; {
		y := routes[x].index + 1
		if y-x == 1 && isASCIIAlnum(runes[x]) {
			buf = append(buf, runes[x])
			x = y
			continue
		}
		if len(buf) > 0 {
			out = append(out, string(buf))
			buf = buf[:0]
		}
		out = append(out, b[at[x]:at[y]])
		x = y
	}
	if len(buf) > 0 {
		out = append(out, string(buf))
	}
	return out
}

// gseFind is cutDAG's word lookup in gse's dictionary.
func gseFind(seg *gse.Segmenter) func(string) (float64, bool) {
	return func(w string) (float64, bool) {
		f, _, ok := seg.Dict.Find([]byte(w))
		return f, ok
	}
}
