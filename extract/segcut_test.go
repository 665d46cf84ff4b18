package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestCutDAGMatchesGse checks cutDAG against gse's Cut(s, false) on
// names, mixed scripts and every short window of the repository's
// articles.
func TestCutDAGMatchesGse(t *testing.T) {
	p, err := segRef()
	if err != nil {
		t.Fatal(err)
	}
	x, gseSeg := p.x, p.slow.seg
	texts := []string{"", "恒瑞进出口贸易", "申禾医疗器械", "恒锐精密机械", "ABB集团", "GE医疗", "西门子能源",
		"空中客车公司", "A320neo飞机", "3M中国", "x", "中", "（）", "美国 Cargill 公司", "ｆｕｌｌ宽字符"}
	files, _ := filepath.Glob("../testdata/*/*.txt")
	dev, _ := filepath.Glob("../cmd/dealgraph/testdata/corpus/*.txt")
	for _, f := range append(files, dev...) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, _, err := Decode(raw)
		if err != nil {
			continue
		}
		rs := []rune(x.fold.Simplify(text))
		for i := 0; i < len(rs); i += 3 {
			for _, n := range []int{2, 4, 7, 12, 30} {
				if i+n <= len(rs) {
					texts = append(texts, string(rs[i:i+n]))
				}
			}
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("only %d test strings: are the articles missing?", len(texts))
	}
	for _, s := range texts {
		got, want := cutDAG(gseFind(gseSeg), gseSeg.Dict.TotalFreq(), s), gseSeg.Cut(s, false)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("cutDAG(%q) = %q, gse Cut = %q", s, got, want)
		}
	}
}
