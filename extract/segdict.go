package extract

// A prebuilt form of gse's embedded zh_s dictionary, so that New does not
// spend seconds parsing 5 MB of text and building the cedar trie
// (LoadDictEmbed: ~3 s, ~180 MB on the 2-core bench machine).
//
// data/segdict.bin holds the Dictionary exactly as gse.LoadDictEmbed("zh_s")
// leaves it: the cedar double-array trie's arrays and every token's text,
// frequency and part of speech, in gse's own order (the trie's values are
// token indices). loadSegmenter writes them into gse's and cedar's
// unexported fields through mirror structs whose layout is checked field by
// field against the real types at run time (segLayoutOK); if a new gse or
// cedar version changes a layout, or the file is missing or stale, New falls
// back to LoadDictEmbed and is only slower.
//
// segDistances replaces gse's CalcToken: it computes each token's path
// distance (all Segment and Cut without HMM use) but not the search-mode
// sub-segments (Token.Segments, used only by CutSearch and
// ModeSegment(…, true), which the extractor never calls).
//
// Regenerate after upgrading gse:
//
//	go test ./extract -run TestSegDict -segdict.update

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"github.com/go-ego/gse"
)

//go:embed data/segdict.bin
var segDictBin string

const segDictMagic = "DGSEGDICT1\n"

// segExtraTokens is the room left for tokens added after loading.
const segExtraTokens = 16384

// Mirrors of gse v0.80.3 and cedar v0.20.2 internals.
type mirrorToken struct {
	text     []gse.Text
	freq     float64
	pos      string
	distance float32
	segments []*gse.Segment
}

type mirrorDict struct {
	trie        *mirrorCedar
	maxTokenLen int
	Tokens      []gse.Token
	totalFreq   float64
}

type mirrorNode struct{ baseV, check int }
type mirrorNInfo struct{ sibling, child byte }
type mirrorBlock struct{ prev, next, num, reject, trial, eHead int }

type mirrorCedar struct {
	Reduced          bool
	array            []mirrorNode
	nInfos           []mirrorNInfo
	blocks           []mirrorBlock
	reject           [257]int
	blocksHeadFull   int
	blocksHeadClosed int
	blocksHeadOpen   int
	capacity         int
	size             int
	ordered          bool
	maxTrial         int
}

// sameLayout says whether the struct types a and b have the same fields
// (names, offsets, sizes, kinds) and size.
func sameLayout(a, b reflect.Type) bool {
	if a.Kind() != reflect.Struct || b.Kind() != reflect.Struct || a.Size() != b.Size() || a.NumField() != b.NumField() {
		return false
	}
	for i := 0; i < a.NumField(); i++ {
		fa, fb := a.Field(i), b.Field(i)
		if fa.Name != fb.Name || fa.Offset != fb.Offset || fa.Type.Size() != fb.Type.Size() || fa.Type.Kind() != fb.Type.Kind() {
			return false
		}
		ta, tb := fa.Type, fb.Type
		if ta.Kind() == reflect.Slice || ta.Kind() == reflect.Pointer {
			ta, tb = ta.Elem(), tb.Elem()
			if ta.Kind() == reflect.Struct && ta != tb && !sameLayout(ta, tb) {
				return false
			}
			if ta.Kind() != tb.Kind() || ta.Size() != tb.Size() {
				return false
			}
		}
	}
	return true
}

// segLayoutOK is whether the mirrors match the linked gse and cedar.
var segLayoutOK = func() bool {
	dict := reflect.TypeOf(gse.Dictionary{})
	if !sameLayout(dict, reflect.TypeOf(mirrorDict{})) || !sameLayout(reflect.TypeOf(gse.Token{}), reflect.TypeOf(mirrorToken{})) {
		return false
	}
	f, ok := dict.FieldByName("trie")
	return ok && f.Type.Kind() == reflect.Pointer && sameLayout(f.Type.Elem(), reflect.TypeOf(mirrorCedar{}))
}()

// newSegmenter returns a segmenter with gse's zh_s dictionary, from the
// prebuilt form when it can, and whether it did.
func newSegmenter() (*gse.Segmenter, bool, error) {
	seg := new(gse.Segmenter)
	seg.SkipLog = true
	if segLayoutOK {
		if err := decodeSegDict(seg, segDictBin); err == nil {
			return seg, true, nil
		}
	}
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, false, err
	}
	return seg, false, nil
}

// segDistances computes every token's distance as CalcToken does, without
// the search-mode sub-segments, when the layout is known; else it calls
// CalcToken.
func segDistances(seg *gse.Segmenter) {
	if !segLayoutOK {
		seg.CalcToken()
		return
	}
	d := (*mirrorDict)(unsafe.Pointer(seg.Dict))
	logTotal := float32(math.Log2(d.totalFreq))
	for i := range d.Tokens {
		t := (*mirrorToken)(unsafe.Pointer(&d.Tokens[i]))
		t.distance = logTotal - float32(math.Log2(t.freq))
	}
}

// ---- encoding ----------------------------------------------------------------

type segWriter struct{ b []byte }

func (w *segWriter) u(v uint64)  { w.b = binary.AppendUvarint(w.b, v) }
func (w *segWriter) i(v int)     { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *segWriter) s(v string)  { w.u(uint64(len(v))); w.b = append(w.b, v...) }
func (w *segWriter) f(v float64) { w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v)) }
func (w *segWriter) bool(v bool) { w.bytes(byte(boolInt(v))) }

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}
func (w *segWriter) bytes(v byte) { w.b = append(w.b, v) }

// encodeSegDict serializes seg's dictionary (as LoadDictEmbed left it).
func encodeSegDict(seg *gse.Segmenter) ([]byte, error) {
	if !segLayoutOK {
		return nil, errors.New("gse or cedar internals changed: update the mirror structs in segdict.go")
	}
	d := (*mirrorDict)(unsafe.Pointer(seg.Dict))
	c := d.trie
	w := &segWriter{b: []byte(segDictMagic)}
	w.bool(c.Reduced)
	for _, v := range c.reject {
		w.i(v)
	}
	for _, v := range []int{c.blocksHeadFull, c.blocksHeadClosed, c.blocksHeadOpen, c.capacity, c.size, boolInt(c.ordered), c.maxTrial, len(c.array), len(c.nInfos), len(c.blocks)} {
		w.i(v)
	}
	for i, n := range c.array[:c.size] {
		w.i(n.baseV - i)
		w.i(n.check - i)
	}
	for _, n := range c.nInfos[:c.size] {
		w.bytes(n.sibling)
		w.bytes(n.child)
	}
	for _, b := range c.blocks {
		for _, v := range []int{b.prev, b.next, b.num, b.reject, b.trial, b.eHead} {
			w.i(v)
		}
	}
	w.i(d.maxTokenLen)
	w.f(d.totalFreq)
	posIndex := map[string]int{}
	var posList []string
	for i := range d.Tokens {
		t := (*mirrorToken)(unsafe.Pointer(&d.Tokens[i]))
		if _, ok := posIndex[t.pos]; !ok {
			posIndex[t.pos] = len(posList)
			posList = append(posList, t.pos)
		}
	}
	w.i(len(posList))
	for _, p := range posList {
		w.s(p)
	}
	w.i(len(d.Tokens))
	words := 0
	for i := range d.Tokens {
		words += len((*mirrorToken)(unsafe.Pointer(&d.Tokens[i])).text)
	}
	w.i(words)
	for i := range d.Tokens {
		t := (*mirrorToken)(unsafe.Pointer(&d.Tokens[i]))
		w.u(uint64(len(t.text)))
		for _, x := range t.text {
			w.s(string(x))
		}
		if f := t.freq; f == math.Trunc(f) && f >= 0 && f < 1<<52 {
			w.u(uint64(f) << 1)
		} else {
			w.u(1)
			w.f(f)
		}
		w.u(uint64(posIndex[t.pos]))
	}
	return w.b, nil
}

type segReader struct {
	s   string
	err error
}

func (r *segReader) i() int { return r.sivarint() }

func (r *segReader) u() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if len(r.s) == 0 {
			r.fail()
			return 0
		}
		c := r.s[0]
		r.s = r.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.fail()
	return 0
}

func (r *segReader) str() string {
	n := int(r.u())
	if n > len(r.s) {
		r.fail()
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

func (r *segReader) f() float64 {
	if len(r.s) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64([]byte(r.s[:8])))
	r.s = r.s[8:]
	return v
}

func (r *segReader) byte1() byte {
	if len(r.s) == 0 {
		r.fail()
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *segReader) fail() {
	if r.err == nil {
		r.err = errors.New("segdict.bin is truncated or corrupt")
	}
	r.s = ""
}

// sivarint decodes a zigzag varint inline (the hot loop of decoding).
func (r *segReader) sivarint() int {
	u := r.u()
	return int(u>>1) ^ -int(u&1)
}

// decodeSegDict fills seg.Dict from the prebuilt form.
func decodeSegDict(seg *gse.Segmenter, data string) error {
	if len(data) < len(segDictMagic) || data[:len(segDictMagic)] != segDictMagic {
		return errors.New("segdict.bin: not a prebuilt dictionary")
	}
	r := &segReader{s: data[len(segDictMagic):]}
	c := &mirrorCedar{Reduced: r.byte1() == 1}
	for i := range c.reject {
		c.reject[i] = r.i()
	}
	c.blocksHeadFull, c.blocksHeadClosed, c.blocksHeadOpen = r.i(), r.i(), r.i()
	c.capacity, c.size = r.i(), r.i()
	c.ordered = r.i() == 1
	c.maxTrial = r.i()
	nArray, nInfos, nBlocks := r.i(), r.i(), r.i()
	if r.err != nil || c.size < 0 || c.size > nArray || c.size > nInfos || nArray > 1<<28 || nInfos > 1<<28 || nBlocks > 1<<22 || nBlocks < 0 {
		return fmt.Errorf("segdict.bin: bad trie header")
	}
	// Slots past size are never read before cedar initializes them
	// (addBlock), so they stay zero, and their pages untouched.
	c.array = make([]mirrorNode, nArray)
	for i := range c.array[:c.size] {
		c.array[i] = mirrorNode{baseV: r.sivarint() + i, check: r.sivarint() + i}
	}
	c.nInfos = make([]mirrorNInfo, nInfos)
	if len(r.s) < 2*c.size {
		return errors.New("segdict.bin is truncated")
	}
	for i := range c.nInfos[:c.size] {
		c.nInfos[i] = mirrorNInfo{sibling: r.s[2*i], child: r.s[2*i+1]}
	}
	r.s = r.s[2*c.size:]
	c.blocks = make([]mirrorBlock, nBlocks)
	for i := range c.blocks {
		c.blocks[i] = mirrorBlock{r.i(), r.i(), r.i(), r.i(), r.i(), r.i()}
	}
	d := &mirrorDict{trie: c, maxTokenLen: r.i(), totalFreq: r.f()}
	pos := make([]string, r.i())
	for i := range pos {
		pos[i] = r.str()
	}
	nTokens, nWords := r.i(), r.i()
	if r.err != nil || nTokens < 0 || nTokens > 1<<24 || nWords < 0 || nWords > 1<<26 {
		return fmt.Errorf("segdict.bin: bad token header")
	}
	// Room for the gazetteer tokens New adds, so that AddToken does not
	// copy the whole slice.
	tokens := make([]gse.Token, nTokens, nTokens+segExtraTokens)
	words := make([]gse.Text, nWords)
	w := 0
	for i := range tokens {
		t := (*mirrorToken)(unsafe.Pointer(&tokens[i]))
		n := int(r.u())
		if n > len(words)-w {
			return errors.New("segdict.bin: bad token")
		}
		start := w
		for j := 0; j < n; j++ {
			s := r.str()
			// The words are read only: they may share the embedded bytes.
			words[w] = gse.Text(unsafe.Slice(unsafe.StringData(s), len(s)))
			w++
		}
		t.text = words[start:w:w]
		if f := r.u(); f&1 == 0 {
			t.freq = float64(f >> 1)
		} else {
			t.freq = r.f()
		}
		p := int(r.u())
		if p >= len(pos) {
			return errors.New("segdict.bin: bad part of speech")
		}
		t.pos = pos[p]
	}
	if r.err != nil {
		return r.err
	}
	if len(r.s) != 0 {
		return errors.New("segdict.bin: trailing bytes")
	}
	d.Tokens = tokens
	seg.Dict = (*gse.Dictionary)(unsafe.Pointer(d))
	seg.Init()
	return nil
}
