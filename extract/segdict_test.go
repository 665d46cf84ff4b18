package extract

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-ego/gse"
)

var segDictUpdate = flag.Bool("segdict.update", false, "rewrite data/segdict.bin from gse's embedded zh_s dictionary")

// TestSegDict checks that data/segdict.bin is what gse builds from its
// embedded zh_s dictionary, and that a segmenter loaded from it (plus the
// gazetteer tokens, as New adds them) segments, cuts and finds exactly as
// gse's own LoadDictEmbed + CalcToken does.
func TestSegDict(t *testing.T) {
	if !segLayoutOK {
		t.Fatal("gse or cedar internals changed: update the mirror structs in segdict.go (New falls back to LoadDictEmbed meanwhile)")
	}
	slow := new(gse.Segmenter)
	slow.SkipLog = true
	if err := slow.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	want, err := encodeSegDict(slow)
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
		t.Fatal("data/segdict.bin is stale (gse was upgraded?): run go test ./extract -run TestSegDict -segdict.update")
	}
	fast, ok, err := newSegmenter()
	if err != nil || !ok {
		t.Fatalf("prebuilt dictionary not used: ok=%v err=%v", ok, err)
	}
	extra := []string{"中国能源建设集团有限公司", "力拓集团", "新西兰", "首席执行官", "ABC公司", "中国石化"}
	for _, s := range []*gse.Segmenter{slow, fast} {
		for _, w := range extra {
			_ = s.AddToken(w, 1000, "nt")
		}
	}
	slow.CalcToken()
	segDistances(fast)
	var texts []string
	for _, dir := range []string{"../cmd/dealgraph/testdata/corpus", "../testdata/heldout"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	if len(texts) == 0 {
		t.Fatal("no texts to compare on")
	}
	texts = append(texts, "ABC公司与中国能源建设集团有限公司签约，力拓集团CEO说。Hello 世界 123")
	for _, text := range texts {
		a, b := slow.Segment([]byte(text)), fast.Segment([]byte(text))
		if len(a) != len(b) {
			t.Fatalf("Segment: %d segments, want %d", len(b), len(a))
		}
		for i := range a {
			ta, tb := a[i].Token(), b[i].Token()
			if a[i].Start() != b[i].Start() || a[i].End() != b[i].End() || ta.Text() != tb.Text() || ta.Pos() != tb.Pos() || ta.Freq() != tb.Freq() {
				t.Fatalf("Segment %d: got %q/%s, want %q/%s", i, tb.Text(), tb.Pos(), ta.Text(), ta.Pos())
			}
			fa, pa, oka := slow.Find(ta.Text())
			fb, pb, okb := fast.Find(ta.Text())
			if fa != fb || pa != pb || oka != okb {
				t.Fatalf("Find(%q) = %v %q %v, want %v %q %v", ta.Text(), fb, pb, okb, fa, pa, oka)
			}
		}
		ca, cb := slow.Cut(text, false), fast.Cut(text, false)
		if len(ca) != len(cb) {
			t.Fatalf("Cut: %d words, want %d", len(cb), len(ca))
		}
		for i := range ca {
			if ca[i] != cb[i] {
				t.Fatalf("Cut word %d: %q, want %q", i, cb[i], ca[i])
			}
		}
	}
}
