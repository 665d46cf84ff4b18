package extract

// Word segmentation from a prebuilt, memory-mapped form of gse's zh_s
// dictionary, so that New costs (almost) nothing for it.
//
// gse.LoadDictEmbed("zh_s") parses 5 MB of text into 352k tokens and a
// cedar double-array trie (~3 s, ~180 MB on the 2-core bench machine); even
// decoding a prebuilt copy into gse's structures costs ~0.3 s of CPU and
// ~100 MB, because every token is a heap object with pointers. Instead,
// data/segdict.bin holds the dictionary as flat little-endian arrays that
// are used in place, straight from the binary's read-only data (a page is
// read from disk only when a lookup touches it):
//
//   - the cedar trie's base/check array (int32 pairs, 10 MB), walked
//     exactly as cedar's Jump and Value walk it (reduced trie);
//   - per token, in gse's order (the trie's values are token indices): its
//     frequency (float64), its number of gse words and its part of speech
//     (an index into a small table of names).
//
// segDict reimplements the three gse operations the extractor uses —
// Segment (shortest path over the dictionary, without search mode), Cut
// without HMM (gse's DAG + route) and Find — over these arrays, with the
// same arithmetic (float32 distances log2(total) - log2(freq), float64
// routes), so that results are identical to gse's; TestSegDict checks that
// against gse itself on the test corpora and synthetic text, and
// FuzzSegDict on any input. The words New adds (gazetteer names) cannot go
// into a read-only trie; they are kept in a small sorted overlay that
// answers the same questions a cedar trie with them inserted would (see
// Find).
//
// If the file is missing, truncated or from another format version,
// newSegmenter falls back to gse's own loader (gseSegmenter): slower, same
// results.
//
// data/segdict.bin is generated from gse's embedded dictionary by the test
// in segdict_gen_test.go, which reads gse's and cedar's unexported fields
// through mirror structs checked field by field against the linked
// versions (so an upgrade that changes them fails the test instead of
// producing a wrong file). Regenerate after upgrading gse:
//
//	go generate ./extract   (= go test ./extract -run '^TestSegDict$' -segdict.update)
//
//go:generate go test -run ^TestSegDict$ -segdict.update .

import (
	"cmp"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/go-ego/gse"
)

//go:embed data/segdict.bin
var segDictBin string

// segDictMagic starts data/segdict.bin; the digit is the format version.
const segDictMagic = "DGSEGDICT2\n"

// segHeaderSize is the fixed header: magic (padded to 16 bytes), then six
// little-endian 64-bit fields (see segHeader).
const segHeaderSize = 16 + 6*8

// segmenter is what the extractor needs from a word segmenter. The methods
// mean what gse.Segmenter's methods of the same names mean.
type segmenter interface {
	// Segment splits text into dictionary words (gse's Segment) and
	// appends them to dst.
	Segment(dst []wordSeg, text string) []wordSeg
	// Cut splits text into words with gse's DAG method (gse's Cut); hmm
	// must be false: the extractor never asks for gse's HMM model.
	Cut(text string, hmm bool) []string
	// Find reports a word's frequency and part of speech, and whether the
	// dictionary has the word or a longer word beginning with it (gse's
	// Find).
	Find(word string) (freq float64, pos string, ok bool)
}

// wordSeg is one word of a Segment result: text[Start():End()].
type wordSeg struct {
	start, end int
	tok        wordTok
}

// Start is the word's first byte offset.
func (s wordSeg) Start() int { return s.start }

// End is the offset just past the word.
func (s wordSeg) End() int { return s.end }

// Token is the dictionary entry the word was read as.
func (s wordSeg) Token() wordTok { return s.tok }

// wordTok is a dictionary entry as a Segment result reports it.
type wordTok struct {
	freq float64
	pos  string
}

// Freq is the entry's frequency (1 for a character not in the dictionary).
func (t wordTok) Freq() float64 { return t.freq }

// Pos is the entry's part of speech ("x" for a character not in the
// dictionary).
func (t wordTok) Pos() string { return t.pos }

// segWord is a word added to the dictionary, as gse's AddToken adds it.
type segWord struct {
	text string
	freq float64
	pos  string
}

// newSegmenter returns a segmenter for gse's zh_s dictionary plus extra
// (added in order, as gse's AddToken would add them), from the prebuilt
// form when it can, and whether it did.
func newSegmenter(extra []segWord) (segmenter, bool, error) {
	if d, err := openSegDict(segDictBin); err == nil {
		d.addWords(extra)
		return d, true, nil
	}
	g, err := newGseSegmenter(extra)
	if err != nil {
		return nil, false, err
	}
	return g, false, nil
}

// ---- the prebuilt dictionary ---------------------------------------------

// segNode is one slot of cedar's base/check array.
type segNode struct{ base, check int32 }

// segHeader is what the fixed header of data/segdict.bin says.
type segHeader struct {
	nodes, tokens, maxTokenLen, posNames int
	totalFreq                            float64
}

// segDict is the prebuilt dictionary plus the words added after loading.
// It is read-only after addWords, so safe for concurrent use.
type segDict struct {
	nodes    []segNode // read-only: may be the embedded bytes themselves
	freq     []float64 // per token
	nWords   []uint8   // per token: its number of gse words
	posIndex []uint8   // per token: index into posNames
	posNames []string

	extra segExtra
	// runeNode[r] is the trie node that the UTF-8 encoding of the BMP
	// code point r leads to from the root, or -1 (what jump(string(r), 0)
	// finds, without walking three nodes scattered over the array)
	runeNode    []int32
	maxTokenLen int     // in words
	totalFreq   float64 // of every token, added ones included
	// scratch holds *segScratch: Segment's working arrays, reused
	scratch  sync.Pool
	logTotal float32 // log2(totalFreq), as gse's CalcToken rounds it
}

// segExtra holds the added words, sorted by key (their text as a dictionary
// key: Latin letters lower-cased).
type segExtra struct {
	keys   []string
	freq   []float64
	nWords []uint8
	pos    []string
	// first has a bit set for the first rune of every key in the BMP;
	// firstAstral is set when a key starts outside it.
	first       [0x10000 / 64]uint64
	firstAstral bool
	// runeKeys[r] is the range of keys that begin with the BMP code point
	// r, for the keys that begin with one (see narrow)
	runeKeys map[rune][2]int32
}

// hostLittleEndian is whether the arrays of the file can be used in place.
var hostLittleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// segLayout returns the header and the byte offsets of the file's sections:
// nodes, freq, nWords, posIndex, posNames and the end.
func segLayout(data string) (segHeader, [6]int, error) {
	var h segHeader
	var off [6]int
	if len(data) < segHeaderSize || !strings.HasPrefix(data, segDictMagic) {
		return h, off, errors.New("data/segdict.bin is not a prebuilt dictionary of this version")
	}
	field := func(i int) uint64 { return binary.LittleEndian.Uint64([]byte(data[16+8*i : 24+8*i])) }
	const limit = 1 << 28
	for i := 0; i < 5; i++ {
		if i != 3 && field(i) > limit {
			return h, off, errors.New("data/segdict.bin: implausible header")
		}
	}
	h = segHeader{nodes: int(field(0)), tokens: int(field(1)), maxTokenLen: int(field(2)),
		totalFreq: math.Float64frombits(field(3)), posNames: int(field(4))}
	if field(5) != 1 || h.posNames > 256 {
		return h, off, errors.New("data/segdict.bin: unsupported trie")
	}
	align := func(n int) int { return (n + 7) &^ 7 }
	off[0] = segHeaderSize
	off[1] = off[0] + 8*h.nodes
	off[2] = off[1] + 8*h.tokens
	off[3] = align(off[2] + h.tokens)
	off[4] = align(off[3] + h.tokens)
	off[5] = len(data)
	if off[4] > len(data) {
		return h, off, errors.New("data/segdict.bin is truncated")
	}
	return h, off, nil
}

// openSegDict reads the prebuilt dictionary in data. On a little-endian
// machine with data 8-byte aligned (the linker aligns large symbols), the
// arrays are data itself, never written to; else they are decoded.
func openSegDict(data string) (*segDict, error) {
	h, off, err := segLayout(data)
	if err != nil {
		return nil, err
	}
	d := &segDict{maxTokenLen: h.maxTokenLen, totalFreq: h.totalFreq}
	inPlace := hostLittleEndian && uintptr(unsafe.Pointer(unsafe.StringData(data)))%8 == 0
	nodes, freq := data[off[0]:off[1]], data[off[1]:off[2]]
	if inPlace && h.nodes > 0 && h.tokens > 0 {
		d.nodes = unsafe.Slice((*segNode)(unsafe.Pointer(unsafe.StringData(nodes))), h.nodes)
		d.freq = unsafe.Slice((*float64)(unsafe.Pointer(unsafe.StringData(freq))), h.tokens)
	} else {
		d.nodes = make([]segNode, h.nodes)
		for i := range d.nodes {
			d.nodes[i] = segNode{int32(binary.LittleEndian.Uint32([]byte(nodes[8*i:]))), int32(binary.LittleEndian.Uint32([]byte(nodes[8*i+4:])))}
		}
		d.freq = make([]float64, h.tokens)
		for i := range d.freq {
			d.freq[i] = math.Float64frombits(binary.LittleEndian.Uint64([]byte(freq[8*i:])))
		}
	}
	if h.tokens > 0 {
		d.nWords = unsafe.Slice(unsafe.StringData(data[off[2]:]), h.tokens)
		d.posIndex = unsafe.Slice(unsafe.StringData(data[off[3]:]), h.tokens)
	}
	names := data[off[4]:off[5]]
	for range h.posNames {
		if len(names) < 1 || len(names) < 1+int(names[0]) {
			return nil, errors.New("data/segdict.bin: bad part-of-speech table")
		}
		d.posNames = append(d.posNames, names[1:1+int(names[0])])
		names = names[1+int(names[0]):]
	}
	if len(names) != 0 {
		return nil, errors.New("data/segdict.bin: trailing bytes")
	}
	if len(d.nodes) < 256 {
		return nil, errors.New("data/segdict.bin: no trie")
	}
	d.logTotal = float32(math.Log2(d.totalFreq))
	d.runeNode = make([]int32, 0x10000)
	var buf [utf8.UTFMax]byte
	for r := range d.runeNode {
		d.runeNode[r] = -1
		if utf8.ValidRune(rune(r)) {
			n := utf8.EncodeRune(buf[:], rune(r))
			if id, ok := d.jump(string(buf[:n]), 0); ok {
				d.runeNode[r] = int32(id)
			}
		}
	}
	return d, nil
}

// jumpWord is jump(w, from) for a word of splitWords: from the root, a
// single BMP code point is looked up in runeNode.
func (d *segDict) jumpWord(w string, from int) (int, bool) {
	if from == 0 && len(w) > 1 && len(w) <= 3 && w[0] >= utf8.RuneSelf {
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && r != utf8.RuneError {
			if id := d.runeNode[r]; id >= 0 {
				return int(id), true
			}
			return 0, false
		}
	}
	return d.jump(w, from)
}

// addWords adds words as gse's AddToken adds them to a dictionary: a word
// whose key is already a token is skipped, the others become tokens (in
// the overlay) and count into the total frequency; then the distances
// change as gse's CalcToken changes them.
func (d *segDict) addWords(words []segWord) {
	// Walk the keys in sorted order, so that neighbours share cached trie
	// nodes; of equal keys the first wins, as in gse.
	keys := make([]string, len(words))
	order := make([]int, len(words))
	for i, w := range words {
		// (A key ending in "\x00" could be a token gse finds but this
		// misses; names have no NUL bytes.)
		keys[i], order[i] = w.text, i
		if gse.ToLower {
			keys[i] = lowerLatin(w.text)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(strings.Compare(keys[a], keys[b]), a-b) })
	added := make([]bool, len(words))
	e := &d.extra
	var bounds []int
	for j, i := range order {
		key := keys[i]
		if key == "" || j > 0 && keys[order[j-1]] == key {
			continue
		}
		if id, ok := d.jump(key, 0); ok {
			if _, ok := d.value(id); ok {
				continue
			}
		}
		added[i] = true
		bounds = splitWords(key, bounds[:0])
		n := len(bounds) - 1
		d.maxTokenLen = max(d.maxTokenLen, n)
		e.keys = append(e.keys, key)
		e.freq = append(e.freq, words[i].freq)
		e.nWords = append(e.nWords, uint8(min(n, 255)))
		e.pos = append(e.pos, words[i].pos)
		if r, _ := utf8.DecodeRuneInString(key); r < 0x10000 {
			e.first[r/64] |= 1 << (r % 64)
		} else {
			e.firstAstral = true
		}
	}
	for i, w := range words {
		if added[i] {
			d.totalFreq += w.freq // in gse's order
		}
	}
	e.runeKeys = map[rune][2]int32{}
	for i, k := range e.keys {
		if r, size := utf8.DecodeRuneInString(k); r < 0x10000 && size > 1 && r != utf8.RuneError {
			if rk, ok := e.runeKeys[r]; ok {
				e.runeKeys[r] = [2]int32{rk[0], int32(i + 1)}
			} else {
				e.runeKeys[r] = [2]int32{int32(i), int32(i + 1)}
			}
		}
	}
	d.logTotal = float32(math.Log2(d.totalFreq))
}

// jump follows key from node from, as cedar's Jump does on a reduced trie.
func (d *segDict) jump(key string, from int) (int, bool) {
	nodes := d.nodes
	for i := 0; i < len(key); i++ {
		n := nodes[from]
		if n.base >= 0 {
			return from, false
		}
		to := int(-(n.base + 1)) ^ int(key[i])
		if int(nodes[to].check) != from {
			return from, false
		}
		from = to
	}
	return from, true
}

// value is the token index stored at node id, as cedar's Value finds it.
func (d *segDict) value(id int) (int, bool) {
	n := d.nodes[id]
	if n.base >= 0 {
		return int(n.base), true
	}
	to := int(-(n.base + 1))
	if t := d.nodes[to]; int(t.check) == id && t.base >= 0 {
		return int(t.base), true
	}
	return 0, false
}

// distance is a token's path length, as gse's CalcToken computes it.
func (d *segDict) distance(freq float64) float32 {
	return d.logTotal - float32(math.Log2(freq))
}

// find looks key up among the added words: its index, whether it is one,
// and whether some added word begins with it.
func (e *segExtra) find(key string) (int, bool, bool) {
	i, found := slices.BinarySearch(e.keys, key)
	return i, found, i < len(e.keys) && strings.HasPrefix(e.keys[i], key)
}

// narrow returns the range of keys[lo:hi] that begin with key, and
// whether keys[lo] is key itself. When every key of keys[lo:hi] begins
// with a prefix of key (as the range returned for that prefix does), the
// range is that of all the keys beginning with key: Segment narrows the
// range word by word instead of searching all keys for every extension.
func (e *segExtra) narrow(lo, hi int, key string) (int, int, bool) {
	if lo == 0 && hi == len(e.keys) && len(key) > 1 && len(key) <= 3 {
		if r, size := utf8.DecodeRuneInString(key); size == len(key) && r != utf8.RuneError {
			rk, ok := e.runeKeys[r]
			if !ok {
				return 0, 0, false
			}
			lo, hi = int(rk[0]), int(rk[1])
		}
	}
	keys := e.keys[lo:hi]
	i, found := slices.BinarySearch(keys, key)
	j := i + sort.Search(len(keys)-i, func(k int) bool { return !strings.HasPrefix(keys[i+k], key) })
	return lo + i, lo + j, found
}

// mayStart reports whether an added word may begin with key's first rune.
func (e *segExtra) mayStart(key string) bool {
	if len(e.keys) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(key)
	if r >= 0x10000 {
		return e.firstAstral
	}
	return e.first[r/64]&(1<<(r%64)) != 0
}

// Find is gse's Dictionary.Find on the trie with the added words inserted:
// a word is found with its frequency and part of speech when it is a
// token; found with frequency 0 when it is a proper prefix of a token;
// and, a quirk of cedar's reduced trie, a token K that is also a prefix of
// another token is found again as K+"\x00".
func (d *segDict) Find(word string) (float64, string, bool) {
	id, path := d.jump(word, 0)
	if path {
		if v, ok := d.value(id); ok {
			return d.freq[v], d.posNames[d.posIndex[v]], true
		}
	}
	i, isKey, isPrefix := d.extra.find(word)
	if isKey {
		return d.extra.freq[i], d.extra.pos[i], true
	}
	if n := len(word); n > 0 && word[n-1] == 0 {
		k := word[:n-1]
		kid, kPath := d.jump(k, 0)
		kv, kBase := 0, false
		if kPath {
			kv, kBase = d.value(kid)
		}
		ki, kExtra, kExtraPrefix := d.extra.find(k)
		extended := kExtraPrefix && (!kExtra || ki+1 < len(d.extra.keys) && strings.HasPrefix(d.extra.keys[ki+1], k))
		switch {
		case kBase && extended:
			return d.freq[kv], d.posNames[d.posIndex[kv]], true
		case kExtra && (kPath || extended):
			return d.extra.freq[ki], d.extra.pos[ki], true
		}
	}
	if path && id != 0 || isPrefix && word != "" {
		return 0, "", true
	}
	return 0, "", false
}

// segJumper is gse's jumper: the best path found so far to the end of a
// word, and the token that ends it.
type segJumper struct {
	dist   float32
	nWords int32 // of the token
	nBytes int32 // of the token
	tok    int32 // the token: see segDict.token
}

// Token references of segJumper.tok, besides the trie's token indexes.
const (
	segCharTok  = -1 // a character read as a word of its own
	segExtraTok = -2 // segExtraTok-i is the added word i
)

// token returns the entry a segJumper.tok refers to.
func (d *segDict) token(tok int32) wordTok {
	switch {
	case tok >= 0:
		return wordTok{freq: d.freq[tok], pos: d.posNames[d.posIndex[tok]]}
	case tok == segCharTok:
		return wordTok{freq: 1, pos: "x"}
	default:
		i := segExtraTok - tok
		return wordTok{freq: d.extra.freq[i], pos: d.extra.pos[i]}
	}
}

// segScratch is Segment's working memory.
type segScratch struct {
	bounds  []int
	jumpers []segJumper
}

// Segment is gse's Segment (not in search mode).
func (d *segDict) Segment(dst []wordSeg, text string) []wordSeg {
	if len(text) == 0 {
		return dst
	}
	// gse lower-cases Latin words (gse.ToLower); a whole-text copy keeps
	// the words contiguous, so a run of words is a substring.
	s := text
	if gse.ToLower {
		s = lowerLatin(s)
	}
	sc, _ := d.scratch.Get().(*segScratch)
	if sc == nil {
		sc = &segScratch{}
	}
	defer d.scratch.Put(sc)
	bounds := splitWords(s, sc.bounds[:0])
	sc.bounds = bounds
	n := len(bounds) - 1
	if cap(sc.jumpers) < n {
		sc.jumpers = make([]segJumper, n)
	}
	jumpers := sc.jumpers[:n]
	clear(jumpers)
	update := func(loc int, base float32, dist float32, nWords, nBytes int, tok int32) {
		j := &jumpers[loc]
		if nd := base + dist; j.dist == 0 || j.dist > nd {
			*j = segJumper{dist: nd, nWords: int32(nWords), nBytes: int32(nBytes), tok: tok}
		}
	}
	for cur := 0; cur < n; cur++ {
		var base float32
		if cur > 0 {
			base = jumpers[cur-1].dist
		}
		end := min(cur+d.maxTokenLen, n)
		found, firstWords := 0, 0
		from, inBase := 0, true
		inExtra := d.extra.mayStart(s[bounds[cur]:])
		lo, hi := 0, len(d.extra.keys) // the added words that may start here
		for k := cur; k < end && (inBase || inExtra); k++ {
			nBytes := bounds[k+1] - bounds[cur]
			if inBase {
				if from, inBase = d.jumpWord(s[bounds[k]:bounds[k+1]], from); inBase {
					if v, ok := d.value(from); ok {
						nw := int(d.nWords[v])
						if found == 0 {
							firstWords = nw
						}
						found++
						update(cur+nw-1, base, d.distance(d.freq[v]), nw, nBytes, int32(v))
					}
				}
			}
			if inExtra {
				var isKey bool
				lo, hi, isKey = d.extra.narrow(lo, hi, s[bounds[cur]:bounds[k+1]])
				inExtra = lo < hi
				if i := lo; isKey {
					nw := int(d.extra.nWords[i])
					if found == 0 {
						firstWords = nw
					}
					found++
					update(cur+nw-1, base, d.distance(d.extra.freq[i]), nw, nBytes, segExtraTok-int32(i))
				}
			}
		}
		// a character no word starts with is a word of its own
		if found == 0 || firstWords > 1 {
			update(cur, base, 32, 1, bounds[cur+1]-bounds[cur], segCharTok)
		}
	}
	numSeg := 0
	for i := n - 1; i >= 0; i -= int(jumpers[i].nWords) {
		numSeg++
	}
	first := len(dst)
	dst = slices.Grow(dst, numSeg)[:first+numSeg]
	out := dst[first:]
	for i := n - 1; i >= 0; i -= int(jumpers[i].nWords) {
		numSeg--
		out[numSeg].end = int(jumpers[i].nBytes) // length for now
		out[numSeg].tok = d.token(jumpers[i].tok)
	}
	pos := 0
	for i := range out {
		out[i].start = pos
		pos += out[i].end
		out[i].end = pos
	}
	return dst
}

// Cut is gse's Cut(text, false): the most probable path through the DAG of
// dictionary words.
func (d *segDict) Cut(text string, hmm bool) []string {
	if hmm {
		panic("segDict.Cut: the prebuilt dictionary has no HMM model")
	}
	w := prefixWalk{d: d}
	return cutDAG(w.find, d.totalFreq, text)
}

// prefixWalk answers Find for cutDAG, which asks for words that grow a
// rune at a time (a DAG's edges from one position): when a word extends
// the previous one, the trie walk and the added words' range continue
// from where the previous word left them instead of starting over.
type prefixWalk struct {
	d      *segDict
	word   string // the previous word; "" to start over
	id     int    // jump(word, 0)
	path   bool
	lo, hi int // the added words that begin with word
}

// find returns Find(word)'s frequency and found result.
func (w *prefixWalk) find(word string) (float64, bool) {
	d := w.d
	if n := len(word); n == 0 || word[n-1] == 0 {
		w.word = ""
		f, _, ok := d.Find(word) // (cedar's "\x00" quirk)
		return f, ok
	}
	if w.word == "" || len(word) <= len(w.word) || !strings.HasPrefix(word, w.word) {
		w.word, w.id, w.path, w.lo, w.hi = "", 0, true, 0, len(d.extra.keys)
	}
	ext := word[len(w.word):]
	w.word = word
	if w.path {
		w.id, w.path = d.jump(ext, w.id)
	}
	isKey := false
	if w.lo < w.hi {
		w.lo, w.hi, isKey = d.extra.narrow(w.lo, w.hi, word)
	}
	if w.path {
		if v, ok := d.value(w.id); ok {
			return d.freq[v], true
		}
	}
	if isKey {
		return d.extra.freq[w.lo], true
	}
	return 0, w.path && w.id != 0 || w.lo < w.hi
}

func isASCIIAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// splitWords is gse's SplitTextToWords (with Alpha, Num and AlphaNum
// unset): a run of Latin letters and digits (runes of at most 2 bytes) is
// one word, any other rune (or invalid byte) is a word. It appends the
// word boundaries to bounds: word i is text[bounds[i]:bounds[i+1]].
func splitWords(text string, bounds []int) []int {
	bounds = append(bounds, 0)
	inRun := true // gse starts "in a run" at 0
	for cur := 0; cur < len(text); {
		r, size := utf8.DecodeRuneInString(text[cur:])
		if size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
			if !inRun {
				inRun = true
				if cur != 0 {
					bounds = append(bounds, cur)
				}
			}
		} else {
			inRun = false
			if cur != 0 {
				bounds = append(bounds, cur)
			}
		}
		cur += size
	}
	if len(text) > 0 {
		bounds = append(bounds, len(text))
	}
	return bounds
}

// lowerLatin returns text with A-Z lower-cased (text itself when it has
// none), as gse lower-cases the Latin words of a text.
func lowerLatin(text string) string {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= 'A' && c <= 'Z' {
			out := []byte(text)
			for j := i; j < len(out); j++ {
				if c := out[j]; c >= 'A' && c <= 'Z' {
					out[j] = c + 'a' - 'A'
				}
			}
			return string(out)
		}
	}
	return text
}

// ---- fallback: gse's own loader ------------------------------------------

// gseSegmenter is gse's segmenter with its own embedded dictionary.
type gseSegmenter struct{ seg *gse.Segmenter }

// newGseSegmenter loads gse's zh_s dictionary (seconds) and adds extra.
func newGseSegmenter(extra []segWord) (gseSegmenter, error) {
	seg := &gse.Segmenter{SkipLog: true}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return gseSegmenter{}, fmt.Errorf("loading gse's embedded dictionary: %w", err)
	}
	for _, w := range extra {
		_ = seg.AddToken(w.text, w.freq, w.pos)
	}
	seg.CalcToken()
	return gseSegmenter{seg}, nil
}

func (g gseSegmenter) Segment(dst []wordSeg, text string) []wordSeg {
	for _, s := range g.seg.Segment([]byte(text)) {
		dst = append(dst, wordSeg{start: s.Start(), end: s.End(), tok: wordTok{freq: s.Token().Freq(), pos: s.Token().Pos()}})
	}
	return dst
}

func (g gseSegmenter) Cut(text string, hmm bool) []string {
	if !hmm {
		return cutDAG(gseFind(g.seg), g.seg.Dict.TotalFreq(), text) // gse's Cut without its per-call maps
	}
	return g.seg.Cut(text, hmm)
}

func (g gseSegmenter) Find(word string) (float64, string, bool) { return g.seg.Find(word) }
