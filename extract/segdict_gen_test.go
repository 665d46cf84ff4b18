package extract

// The generator of data/segdict.bin (see segdict.go): it reads the
// dictionary gse.LoadDictEmbed("zh_s") builds out of gse's and cedar's
// unexported fields, through mirror structs whose layout is checked field
// by field against the linked versions.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"github.com/go-ego/gse"
)

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

// segLayoutOK says whether the mirrors match the linked gse and cedar.
func segLayoutOK() bool {
	dict := reflect.TypeOf(gse.Dictionary{})
	if !sameLayout(dict, reflect.TypeOf(mirrorDict{})) || !sameLayout(reflect.TypeOf(gse.Token{}), reflect.TypeOf(mirrorToken{})) {
		return false
	}
	f, ok := dict.FieldByName("trie")
	return ok && f.Type.Kind() == reflect.Pointer && sameLayout(f.Type.Elem(), reflect.TypeOf(mirrorCedar{}))
}

// encodeSegDict writes seg's dictionary (as LoadDictEmbed left it, before
// any AddToken) in the format openSegDict reads.
func encodeSegDict(seg *gse.Segmenter) ([]byte, error) {
	if !segLayoutOK() {
		return nil, errors.New("gse or cedar internals changed: update the mirror structs in segdict_gen_test.go")
	}
	d := (*mirrorDict)(unsafe.Pointer(seg.Dict))
	c := d.trie
	if !c.Reduced {
		return nil, errors.New("gse's trie is not a reduced cedar trie: segDict.jump and value need updating")
	}
	nodes := c.array[:c.size]
	for i, n := range nodes {
		if n.baseV != int(int32(n.baseV)) || n.check != int(int32(n.check)) {
			return nil, fmt.Errorf("trie node %d does not fit in int32: %+v", i, n)
		}
		// every child slot of a node in use must be inside the array
		if (n.check >= 0 || i == 0) && n.baseV < 0 && -(n.baseV+1)|255 >= len(nodes) {
			return nil, fmt.Errorf("trie node %d has children outside the array", i)
		}
	}
	posIndex := map[string]int{}
	var posNames []string
	for i := range d.Tokens {
		t := (*mirrorToken)(unsafe.Pointer(&d.Tokens[i]))
		if _, ok := posIndex[t.pos]; !ok {
			posIndex[t.pos] = len(posNames)
			posNames = append(posNames, t.pos)
		}
		if len(t.text) == 0 || len(t.text) > 255 {
			return nil, fmt.Errorf("token %d has %d words", i, len(t.text))
		}
	}
	if len(posNames) > 256 {
		return nil, errors.New("more than 256 parts of speech")
	}
	le := binary.LittleEndian
	b := make([]byte, 16, segHeaderSize)
	copy(b, segDictMagic)
	for _, v := range []uint64{uint64(len(nodes)), uint64(len(d.Tokens)), uint64(d.maxTokenLen),
		math.Float64bits(d.totalFreq), uint64(len(posNames)), 1} {
		b = le.AppendUint64(b, v)
	}
	for _, n := range nodes {
		b = le.AppendUint32(b, uint32(int32(n.baseV)))
		b = le.AppendUint32(b, uint32(int32(n.check)))
	}
	for i := range d.Tokens {
		b = le.AppendUint64(b, math.Float64bits((*mirrorToken)(unsafe.Pointer(&d.Tokens[i])).freq))
	}
	pad := func() {
		for len(b)%8 != 0 {
			b = append(b, 0)
		}
	}
	for i := range d.Tokens {
		b = append(b, byte(len((*mirrorToken)(unsafe.Pointer(&d.Tokens[i])).text)))
	}
	pad()
	for i := range d.Tokens {
		b = append(b, byte(posIndex[(*mirrorToken)(unsafe.Pointer(&d.Tokens[i])).pos]))
	}
	pad()
	for _, p := range posNames {
		if len(p) > 255 {
			return nil, fmt.Errorf("part of speech %q is too long", p)
		}
		b = append(b, byte(len(p)))
		b = append(b, p...)
	}
	return b, nil
}
