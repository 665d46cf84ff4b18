package extract

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The script tables are OpenCC's (Apache-2.0, https://github.com/BYVoid/OpenCC)
// t2s data, dumped from Debian's libopencc-data 1.1.6 with
// `opencc_dict -f ocd2 -t text` and reduced to what a length-preserving fold
// needs:
//
//   - script_t2s_chars.tsv: TSCharacters.txt, first candidate only, single
//     code points only; column 3 is T when the traditional character is not
//     also a simplified one (it is not among its own candidates), else A.
//   - script_t2s_phrases.tsv: TSPhrases.txt entries whose first candidate has
//     as many code points as the phrase (all of them in 1.1.6).
//   - script_simplified_only.tsv: STCharacters.txt keys that are not among
//     their own traditional candidates (发, 后 is not: 後 后).
//
// No Go port of OpenCC is served by the module proxy this project can reach,
// so the tables are embedded here instead of read at run time.

//go:embed data/script_t2s_chars.tsv
var t2sCharsTSV string

//go:embed data/script_t2s_phrases.tsv
var t2sPhrasesTSV string

//go:embed data/script_simplified_only.tsv
var simplifiedOnlyTSV string

// Folder folds traditional Chinese characters to simplified ones without
// changing the number of code points, and tells the two scripts apart.
// Build one with NewFolder and share it: it is read-only after construction
// and safe for concurrent use.
type Folder struct {
	chars      map[rune]rune
	tradOnly   map[rune]bool
	simpOnly   map[rune]bool
	phrases    map[string]string // traditional phrase → simplified, same rune count
	phraseHead map[rune]bool     // first runes of phrases
	maxPhrase  int               // longest phrase, in runes
	// bmp holds, for every code point of the BMP, which of the sets above
	// it is in (the fold* bits), so that the per-rune loops of Simplify and
	// Count test one byte instead of looking up maps
	bmp [0x10000]uint8
}

// Bits of Folder.bmp.
const (
	foldChar     = 1 << iota // in chars
	foldHead                 // in phraseHead
	foldTradOnly             // in tradOnly
	foldSimpOnly             // in simpOnly
)

// flags returns r's bits of Folder.bmp (from the maps outside the BMP).
func (f *Folder) flags(r rune) uint8 {
	if r >= 0 && r < 0x10000 {
		return f.bmp[r]
	}
	var b uint8
	if _, ok := f.chars[r]; ok {
		b |= foldChar
	}
	if f.phraseHead[r] {
		b |= foldHead
	}
	if f.tradOnly[r] {
		b |= foldTradOnly
	}
	if f.simpOnly[r] {
		b |= foldSimpOnly
	}
	return b
}

// NewFolder parses the embedded OpenCC tables.
func NewFolder() (*Folder, error) {
	f := &Folder{
		chars:      make(map[rune]rune, 4200),
		tradOnly:   make(map[rune]bool, 4200),
		simpOnly:   make(map[rune]bool, 4000),
		phrases:    make(map[string]string, 300),
		phraseHead: make(map[rune]bool, 300),
	}
	for n, line := range strings.Split(t2sCharsTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || utf8.RuneCountInString(cols[0]) != 1 || utf8.RuneCountInString(cols[1]) != 1 {
			return nil, fmt.Errorf("script_t2s_chars.tsv:%d: want trad<TAB>simp<TAB>T|A, got %q", n+1, line)
		}
		t, _ := utf8.DecodeRuneInString(cols[0])
		s, _ := utf8.DecodeRuneInString(cols[1])
		if t != s {
			f.chars[t] = s
		}
		if cols[2] == "T" {
			f.tradOnly[t] = true
		}
	}
	for n, line := range strings.Split(t2sPhrasesTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		trad, simp, ok := strings.Cut(line, "\t")
		nt := utf8.RuneCountInString(trad)
		if !ok || nt < 2 || nt != utf8.RuneCountInString(simp) {
			return nil, fmt.Errorf("script_t2s_phrases.tsv:%d: want two phrases of equal length, got %q", n+1, line)
		}
		f.phrases[trad] = simp
		r, _ := utf8.DecodeRuneInString(trad)
		f.phraseHead[r] = true
		f.maxPhrase = max(f.maxPhrase, nt)
	}
	for _, line := range strings.Split(simplifiedOnlyTSV, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		for _, r := range line {
			f.simpOnly[r] = true
		}
	}
	if len(f.chars) == 0 || len(f.simpOnly) == 0 {
		return nil, fmt.Errorf("script tables are empty")
	}
	set := func(m map[rune]bool, bit uint8) {
		for r, ok := range m {
			if ok && r >= 0 && r < 0x10000 {
				f.bmp[r] |= bit
			}
		}
	}
	for r := range f.chars {
		if r >= 0 && r < 0x10000 {
			f.bmp[r] |= foldChar
		}
	}
	set(f.phraseHead, foldHead)
	set(f.tradOnly, foldTradOnly)
	set(f.simpOnly, foldSimpOnly)
	return f, nil
}

// Simplify returns s with every traditional character replaced by its
// simplified form. The result has exactly as many code points as s, and
// code point i of the result is the simplified form of code point i of s, so
// positions map between the two by rune index (see RuneOffsets). Known
// phrases are converted as a whole (乾隆 stays, 乾燥 → 干燥); everything else
// character by character.
func (f *Folder) Simplify(s string) string {
	// most text has nothing to fold: then s is the answer
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if f.flags(r)&(foldChar|foldHead) != 0 {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		fl := f.flags(r)
		if fl&foldHead != 0 {
			if n, simp := f.matchPhrase(s[i:]); n > 0 {
				b.WriteString(simp)
				i += n
				continue
			}
		}
		if r == utf8.RuneError && size == 1 {
			// Keep invalid bytes as they are: one byte, one "rune".
			b.WriteByte(s[i])
		} else if fl&foldChar != 0 {
			b.WriteRune(f.chars[r])
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// matchPhrase finds the longest phrase at the start of s and returns its
// byte length in s and its simplified form.
func (f *Folder) matchPhrase(s string) (int, string) {
	var buf [16]int
	ends := buf[:0] // on the stack for phrases of up to 16 runes
	for i := range s {
		if i > 0 {
			ends = append(ends, i)
		}
		if len(ends) == f.maxPhrase {
			break
		}
	}
	if len(ends) < f.maxPhrase {
		ends = append(ends, len(s))
	}
	for k := len(ends) - 1; k >= 1; k-- { // at least two runes
		if simp, ok := f.phrases[s[:ends[k]]]; ok {
			return ends[k], simp
		}
	}
	return 0, ""
}

// Script returns "Hant" when s has clearly more traditional-only characters
// than simplified-only ones (more than twice as many), else "Hans".
func (f *Folder) Script(s string) string {
	trad, simp := f.Count(s)
	if trad > 2*simp {
		return "Hant"
	}
	return "Hans"
}

// Count returns how many code points of s are traditional-only and how many
// are simplified-only characters.
func (f *Folder) Count(s string) (trad, simp int) {
	for _, r := range s {
		if fl := f.flags(r); fl&foldTradOnly != 0 {
			trad++
		} else if fl&foldSimpOnly != 0 {
			simp++
		}
	}
	return trad, simp
}

// RuneOffsets returns the byte offset of every code point of s, followed by
// len(s): offsets[i] is where rune i starts, offsets[RuneCount] == len(s).
// Together with Simplify, a byte range [a, b) in one string maps to
// [offsB[ia], offsB[ib]) in the other, where ia, ib are rune indexes found
// with RuneIndex.
func RuneOffsets(s string) []int {
	offs := make([]int, 0, utf8.RuneCountInString(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// RuneIndex returns the index in offsets (as returned by RuneOffsets) of the
// rune starting at byte offset b, or of the rune containing b when b is not
// a rune boundary.
func RuneIndex(offsets []int, b int) int {
	lo, hi := 0, len(offsets)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if offsets[mid] <= b {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// MapSpan maps a byte span of from to the same runes in to, where to has the
// same number of runes as from (to == f.Simplify(from) or the reverse).
func MapSpan(from, to string, sp Span) Span {
	fo, tof := RuneOffsets(from), RuneOffsets(to)
	a, b := RuneIndex(fo, sp.Start), RuneIndex(fo, sp.End)
	if a >= len(tof) {
		a = len(tof) - 1
	}
	if b >= len(tof) {
		b = len(tof) - 1
	}
	return Span{Start: tof[a], End: tof[b]}
}
