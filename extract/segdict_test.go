package extract

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/go-ego/gse"
)

var segDictUpdate = flag.Bool("segdict.update", false, "rewrite data/segdict.bin from gse's embedded zh_s dictionary")

// segRef is gse's own segmenter with the words New adds (loaded once: it
// takes seconds), and the prebuilt one with the same words.
var segRef = sync.OnceValues(func() (*segPair, error) {
	x, err := New(Options{})
	if err != nil {
		return nil, err
	}
	words := append(x.segWords(), segTestWords...)
	slow, err := newGseSegmenter(words)
	if err != nil {
		return nil, err
	}
	fast, err := openSegDict(segDictBin)
	if err != nil {
		return nil, err
	}
	fast.addWords(words)
	return &segPair{slow: slow, fast: fast, x: x}, nil
})

type segPair struct {
	slow gseSegmenter
	fast *segDict
	x    *Extractor
}

// segTestWords are added words that exercise the overlay: Latin letters,
// a word extending a dictionary word, prefixes of each other, a duplicate.
var segTestWords = []segWord{
	{"ABC公司", 1000, "nt"}, {"力拓集团", 1000, "nt"}, {"中国石化", 1000, "nt"},
	{"首席执行官", 1000, "nt"}, {"新西兰", 1000, "ns"}, {"中国能源建设集团有限公司", 1000, "nt"},
	{"喵喵", 700, "nz"}, {"喵喵喵科技", 800, "nt"}, {"喵喵", 5, "x"}, {"Zq9Ω测试", 10, "nz"},
	{"学生会主席团", 300, "n"},
}

// segTexts are the texts the segmenters are compared on: the test corpora
// and text made to hit the edge cases of gse's word splitting.
func segTexts(t *testing.T) []string {
	var texts []string
	for _, dir := range []string{"../cmd/dealgraph/testdata/corpus", "../testdata/heldout", "../testdata/blind2", "../../shared/corpus/dev"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	if len(texts) < 5 {
		t.Fatal("no texts to compare on")
	}
	return append(texts,
		"ABC公司与中国能源建设集团有限公司签约，力拓集团CEO说。Hello 世界 123",
		"喵喵喵科技的喵喵和喵喵喵，学生会主席团成员；zq9ω测试、ZQ9Ω测试与Zq9Ω测试",
		"中国\x00人民\x00银行，喵喵\x00喵，中国石化\x00与\x00",
		"\xff\xfe中国\xe4\xb8人民 ÀÉÎõü ǅ ǈ 𠀀𠀁汉字 ４５６ⅣⅤ x²³ 3.14 a-b_c",
		"")
}

// TestSegDict checks that data/segdict.bin is what gse builds from its
// embedded zh_s dictionary, and that the prebuilt segmenter (with the
// words New adds) segments, cuts and finds exactly as gse's own
// LoadDictEmbed + AddToken + CalcToken does. It also fails when gse's or
// cedar's internals no longer match the generator's mirror structs.
func TestSegDict(t *testing.T) {
	if !segLayoutOK() {
		t.Fatal("gse or cedar internals changed: update the mirror structs in segdict_gen_test.go, then regenerate data/segdict.bin")
	}
	gen := &gse.Segmenter{SkipLog: true}
	if err := gen.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	want, err := encodeSegDict(gen)
	if err != nil {
		t.Fatal(err)
	}
	if *segDictUpdate {
		if err := os.WriteFile(filepath.Join("data", "segdict.bin"), want, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("data/segdict.bin rewritten; run the test again")
	}
	if !bytes.Equal([]byte(segDictBin), want) {
		t.Fatal("data/segdict.bin is stale (gse was upgraded?): run go generate ./extract")
	}
	p, err := segRef()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.x.seg.(*segDict); !ok {
		t.Fatalf("New did not use the prebuilt dictionary (it has a %T)", p.x.seg)
	}
	if p.fast.totalFreq != p.slow.seg.Dict.TotalFreq() || p.fast.maxTokenLen != p.slow.seg.Dict.MaxTokenLen() {
		t.Fatalf("total frequency %v, max length %d; gse has %v, %d",
			p.fast.totalFreq, p.fast.maxTokenLen, p.slow.seg.Dict.TotalFreq(), p.slow.seg.Dict.MaxTokenLen())
	}
	for _, text := range segTexts(t) {
		compareSeg(t, p, text, true)
	}
}

// compareSeg compares Segment, Cut and Find of the two segmenters on text;
// with all, Find is also compared on every substring of up to 8 runes (at
// rune boundaries and with a NUL appended).
func compareSeg(t *testing.T, p *segPair, text string, all bool) {
	t.Helper()
	a, b := p.slow.Segment(nil, text), p.fast.Segment(nil, text)
	if len(a) != len(b) {
		t.Fatalf("Segment(%.40q): %d words, want %d", text, len(b), len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Segment(%.40q) word %d: got %+v, want %+v", text, i, b[i], a[i])
		}
		w := text[a[i].Start():a[i].End()]
		compareFind(t, p, w)
		compareFind(t, p, w+"\x00")
	}
	for _, piece := range strings.FieldsFunc(text, func(r rune) bool { return r == '，' || r == '。' || r == '\n' }) {
		if len(piece) > 120 {
			piece = piece[:120]
		}
		ca, cb := p.slow.Cut(piece, false), p.fast.Cut(piece, false)
		if strings.Join(ca, "|") != strings.Join(cb, "|") {
			t.Fatalf("Cut(%q) = %q, want %q", piece, cb, ca)
		}
	}
	if !all {
		return
	}
	for i := range text {
		if !utf8.RuneStart(text[i]) {
			continue
		}
		j, n := i, 0
		for j < len(text) && n < 8 {
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
			n++
			compareFind(t, p, text[i:j])
		}
	}
}

func compareFind(t *testing.T, p *segPair, w string) {
	t.Helper()
	fa, pa, oka := p.slow.Find(w)
	fb, pb, okb := p.fast.Find(w)
	if fa != fb || pa != pb || oka != okb {
		t.Fatalf("Find(%q) = %v %q %v, want %v %q %v", w, fb, pb, okb, fa, pa, oka)
	}
}

// FuzzSegDict compares the prebuilt segmenter with gse's on any text.
func FuzzSegDict(f *testing.F) {
	for _, s := range []string{"中国石化与力拓集团签约", "ABC公司CEO说", "喵喵\x00喵", "\xe4\xb8中"} {
		f.Add(s)
	}
	// loaded before fuzzing: gse's loader takes longer than the fuzzer
	// lets one input run
	p, err := segRef()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		compareSeg(t, p, text, len(text) < 200)
	})
}

// TestOpenSegDict checks the decoding path (big-endian hosts, unaligned
// data) against the in-place one, and that a damaged file is refused, so
// that newSegmenter falls back to gse's loader.
func TestOpenSegDict(t *testing.T) {
	inPlace, err := openSegDict(segDictBin)
	if err != nil {
		t.Fatal(err)
	}
	// the linker aligns the embedded file: on amd64 and arm64 the arrays
	// are the embedded bytes, not a copy
	if hostLittleEndian && unsafe.Pointer(&inPlace.nodes[0]) != unsafe.Pointer(unsafe.StringData(segDictBin[segHeaderSize:])) {
		t.Error("the trie was copied, not used in place (is the embedded data 8-byte aligned?)")
	}
	// one byte of offset makes the data unaligned: the arrays are decoded
	buf := make([]byte, len(segDictBin)+1)
	copy(buf[1:], segDictBin)
	decoded, err := openSegDict(string(buf[1:]))
	if err != nil {
		t.Fatal(err)
	}
	if len(decoded.nodes) != len(inPlace.nodes) || len(decoded.freq) != len(inPlace.freq) {
		t.Fatal("decoded dictionary differs in size")
	}
	for i := range inPlace.nodes {
		if decoded.nodes[i] != inPlace.nodes[i] {
			t.Fatalf("node %d: decoded %+v, in place %+v", i, decoded.nodes[i], inPlace.nodes[i])
		}
	}
	for i := range inPlace.freq {
		if decoded.freq[i] != inPlace.freq[i] {
			t.Fatalf("token %d: decoded freq %v, in place %v", i, decoded.freq[i], inPlace.freq[i])
		}
	}
	tests := []struct {
		name string
		data string
	}{
		{"empty", ""},
		{"old format", "DGSEGDICT1\n" + segDictBin[len(segDictMagic):]},
		{"truncated", segDictBin[:len(segDictBin)/2]},
		{"trailing bytes", segDictBin + "x"},
		{"header only", segDictBin[:segHeaderSize]},
	}
	for _, tt := range tests {
		if _, err := openSegDict(tt.data); err == nil {
			t.Errorf("%s: openSegDict accepted it", tt.name)
		}
	}
}

// TestSplitWords checks the word splitting against gse's.
func TestSplitWords(t *testing.T) {
	for _, s := range []string{"", "a", "中", "abc中文def", "中ab12中", "x²³ À ǅ 𠀀", "\xff\xfe\xe4\xb8", "A B", "123,456.7", "４５６Ⅳ"} {
		var want []string
		var seg gse.Segmenter
		for _, w := range seg.SplitTextToWords([]byte(s)) {
			want = append(want, string(w))
		}
		low := lowerLatin(s)
		b := splitWords(low, nil)
		var got []string
		for i := 0; i+1 < len(b); i++ {
			got = append(got, low[b[i]:b[i+1]])
		}
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("splitWords(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkSegment segments the test corpora with the prebuilt dictionary
// (fast) and with gse's own segmenter (gse), both with the words New adds.
func BenchmarkSegment(b *testing.B) {
	p, err := segRef()
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	n := 0
	for _, dir := range []string{"../cmd/dealgraph/testdata/corpus", "../testdata/heldout", "../testdata/blind2"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			t, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			texts = append(texts, string(t))
			n += len(t)
		}
	}
	for _, s := range []struct {
		name string
		seg  segmenter
	}{{"fast", p.fast}, {"gse", p.slow}} {
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				for _, t := range texts {
					s.seg.Segment(nil, t)
				}
			}
		})
	}
}

// TestSameLayout checks that the generator's layout check notices the
// changes an upgrade of gse or cedar could make to the mirrored structs.
func TestSameLayout(t *testing.T) {
	type node struct{ baseV, check int }
	type node32 struct{ baseV, check int32 }
	type renamed struct{ base, check int }
	type swapped struct{ check, baseV int }
	type tok struct {
		text []gse.Text
		freq float64
	}
	type tokF32 struct {
		text []gse.Text
		freq float32
	}
	type withNodes struct{ array []node }
	type withNodes32 struct{ array []node32 }
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"same", node{}, node{}, true},
		{"field narrowed", node{}, node32{}, false},
		{"field renamed", node{}, renamed{}, false},
		{"fields swapped", node{}, swapped{}, false},
		{"field type changed", tok{}, tokF32{}, false},
		{"slice element changed", withNodes{}, withNodes32{}, false},
		{"gse.Token", gse.Token{}, mirrorToken{}, true},
		{"gse.Dictionary", gse.Dictionary{}, mirrorDict{}, true},
	}
	for _, tt := range tests {
		if got := sameLayout(reflect.TypeOf(tt.a), reflect.TypeOf(tt.b)); got != tt.want {
			t.Errorf("%s: sameLayout = %v, want %v", tt.name, got, tt.want)
		}
	}
}
