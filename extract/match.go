package extract

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Match is one dictionary hit: text[Start:End] (byte offsets) matched a
// pattern whose payload is Value.
type Match[T any] struct {
	Start int
	End   int
	Value T
}

// Matcher finds dictionary patterns in text, leftmost-longest and without
// overlaps. ASCII letters match case-insensitively. A pattern that begins
// (ends) with a Latin letter or digit only matches where the text has no
// Latin letter or digit just before (after) it, so "GE" is found in "与GE合作"
// and in "GE Aerospace" but not in "GEAR" or "AGE".
//
// Build it with Add, then call FindAll from any number of goroutines; Add
// must not run concurrently with anything else.
type Matcher[T any] struct {
	// nodes[0] is the root of a rune trie. Small nodes keep their edges in
	// a sorted slice; a node gets a map when it has many children.
	nodes  []trieNode
	values []T
	// root maps a BMP rune to the root's child (0 = none): one array load
	// instead of a map lookup at every text position. It is built once
	// the root has rootDenseAt children: a small matcher (one document's
	// names) is not worth a 256 KB table.
	root []int32
}

type trieNode struct {
	edges []trieEdge // sorted by rune, while there are few
	big   map[rune]int32
	value int32 // index into values, -1 if no pattern ends here
	// edgeLatin is set when the pattern ending here ends in a Latin
	// letter or digit (so the text must not continue with one).
	edgeLatin bool
}

// trieEdge leads from a node to its child c on rune r.
type trieEdge struct {
	r rune
	c int32
}

// mapThreshold is the child count above which a node switches to a map.
const mapThreshold = 8

// rootSize is the span of the root's dense lookup table (the BMP).
const rootSize = 0x10000

// rootDenseAt is the number of root children from which the root gets its
// dense table.
const rootDenseAt = 256

// NewMatcher returns an empty matcher.
func NewMatcher[T any]() *Matcher[T] {
	return &Matcher[T]{nodes: []trieNode{{value: -1}}}
}

// Len reports the number of distinct patterns added.
func (m *Matcher[T]) Len() int { return len(m.values) }

// reserve makes room for runes more trie nodes (the runes of the patterns
// about to be added), so that adding them does not grow the node array
// step by step.
func (m *Matcher[T]) reserve(runes int) {
	m.nodes = slices.Grow(m.nodes, runes)
}

// Add registers pattern with payload v. Adding a pattern again (or one
// equal to it up to ASCII case) replaces its payload. The empty pattern is
// ignored.
func (m *Matcher[T]) Add(pattern string, v T) {
	if pattern == "" {
		return
	}
	n := int32(0)
	var last rune
	for _, r := range pattern {
		r = foldASCII(r)
		last = r
		c := m.child(n, r)
		if c < 0 {
			c = int32(len(m.nodes))
			m.nodes = append(m.nodes, trieNode{value: -1})
			m.link(n, r, c)
			if n == 0 {
				m.indexRoot(r, c)
			}
		}
		n = c
	}
	node := &m.nodes[n]
	node.edgeLatin = isLatinWord(last)
	if node.value >= 0 {
		m.values[node.value] = v
		return
	}
	node.value = int32(len(m.values))
	m.values = append(m.values, v)
}

// indexRoot records the root's new child c for rune r in the dense table,
// building the table when the root has grown large enough.
func (m *Matcher[T]) indexRoot(r rune, c int32) {
	if m.root == nil {
		if len(m.nodes[0].big) < rootDenseAt {
			return
		}
		m.root = make([]int32, rootSize)
		for k, v := range m.nodes[0].big {
			if k < rootSize {
				m.root[k] = v
			}
		}
	}
	if r < rootSize {
		m.root[r] = c
	}
}

func (m *Matcher[T]) link(n int32, r rune, c int32) {
	node := &m.nodes[n]
	if node.big != nil {
		node.big[r] = c
		return
	}
	if len(node.edges) >= mapThreshold {
		node.big = make(map[rune]int32, len(node.edges)+1)
		for _, e := range node.edges {
			node.big[e.r] = e.c
		}
		node.edges = nil
		node.big[r] = c
		return
	}
	i := 0
	for i < len(node.edges) && node.edges[i].r < r {
		i++
	}
	node.edges = slices.Insert(node.edges, i, trieEdge{r, c})
}

func (m *Matcher[T]) child(n int32, r rune) int32 {
	node := &m.nodes[n]
	if node.big != nil {
		if c, ok := node.big[r]; ok {
			return c
		}
		return -1
	}
	for _, e := range node.edges {
		k := e.r
		if k == r {
			return e.c
		}
		if k > r {
			break
		}
	}
	return -1
}

// FindAll returns the non-overlapping matches in text, scanning left to
// right and taking the longest pattern at the leftmost position.
func (m *Matcher[T]) FindAll(text string) []Match[T] {
	var out []Match[T]
	prevLatin := false // the rune before position i is a Latin letter/digit
	for i := 0; i < len(text); {
		r, size := decodeRune(text, i)
		r = foldASCII(r)
		curLatin := isLatinWord(r)
		c := int32(-1)
		if !(curLatin && prevLatin) {
			if m.root != nil && r < rootSize {
				if m.root[r] != 0 {
					c = m.root[r]
				}
			} else {
				c = m.child(0, r)
			}
		}
		if c < 0 {
			prevLatin = curLatin
			i += size
			continue
		}
		bestEnd, bestVal := -1, int32(-1)
		j := i + size
		for {
			node := &m.nodes[c]
			if node.value >= 0 {
				ok := true
				if node.edgeLatin && j < len(text) {
					nr, _ := decodeRune(text, j)
					ok = !isLatinWord(foldASCII(nr))
				}
				if ok {
					bestEnd, bestVal = j, node.value
				}
			}
			if j >= len(text) {
				break
			}
			nr, ns := decodeRune(text, j)
			c = m.child(c, foldASCII(nr))
			if c < 0 {
				break
			}
			j += ns
		}
		if bestEnd < 0 {
			prevLatin = curLatin
			i += size
			continue
		}
		out = append(out, Match[T]{Start: i, End: bestEnd, Value: m.values[bestVal]})
		lr, _ := utf8.DecodeLastRuneInString(text[i:bestEnd])
		prevLatin = isLatinWord(foldASCII(lr))
		i = bestEnd
	}
	return out
}

func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func foldASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// isLatinWord reports whether r is a letter or digit of a Latin-script
// word (ASCII, Latin-1 and Latin Extended letters such as é, ä, ø).
func isLatinWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return r <= 0x024F && unicode.IsLetter(r)
}
