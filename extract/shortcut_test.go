package extract

import (
	"strings"
	"testing"
)

// The tests below check the shortcuts taken for speed against the plain
// computations they stand for.

// TestLexiconShortcuts compares prefix and suffix (which skip strings
// whose first or last rune begins or ends no word of the category) with a
// scan of every word of the category, longest first.
func TestLexiconShortcuts(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"", "a", "公司", "北京市海淀区", "中国石油天然气集团有限公司", "有限公司的",
		"董事长表示", "Grupo Vega S.A.", "\xe4\xb8", "中\xff", "进出口贸易", "说道：", "首席执行官"}
	for cat, words := range lx.lists {
		// the category's own words, and each with text around it
		cands := append([]string(nil), texts...)
		for i, w := range words {
			if i%7 == 0 {
				cands = append(cands, w, "在"+w, w+"的", "x"+w+"y")
			}
		}
		for _, s := range cands {
			wantP, wantS := "", ""
			for _, w := range words { // longest first
				if wantP == "" && strings.HasPrefix(s, w) {
					wantP = w
				}
				if wantS == "" && strings.HasSuffix(s, w) {
					wantS = w
				}
			}
			if got := lx.prefix(cat, s); got != wantP {
				t.Errorf("prefix(%q, %q) = %q, want %q", cat, s, got, wantP)
			}
			if got := lx.suffix(cat, s); got != wantS {
				t.Errorf("suffix(%q, %q) = %q, want %q", cat, s, got, wantS)
			}
		}
	}
	if lx.prefix("no such category", "公司") != "" || lx.has("no such category", "公司") {
		t.Error("an unknown category has words")
	}
}

// TestMentionsCurrency checks the test FindAmounts starts with: every
// currency word is seen wherever it stands, and text without one has none.
func TestMentionsCurrency(t *testing.T) {
	for _, w := range currencyWords {
		for _, s := range []string{w.word, "金额5亿" + w.word, w.word + "5000", "ab" + w.word + "cd"} {
			if !mentionsCurrency(s) {
				t.Errorf("mentionsCurrency(%q) = false", s)
			}
		}
	}
	for _, s := range []string{"", "双方签署合作协议。", "采购1200架飞机", "\xff\xfe"} {
		if mentionsCurrency(s) {
			t.Errorf("mentionsCurrency(%q) = true", s)
		}
		if got := FindAmounts(s); len(got) != 0 {
			t.Errorf("FindAmounts(%q) = %v without a currency word", s, got)
		}
	}
}

// TestSimplifyUnchanged checks that Simplify returns text with nothing to
// fold as it is, and still folds what follows plain text.
func TestSimplifyUnchanged(t *testing.T) {
	f, err := NewFolder()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"中国国际进口博览会 CIIE 2023", "中国国际进口博览会 CIIE 2023"},
		{"中国國際進口博覽會", "中国国际进口博览会"},
		{"abc\xff國", "abc\xff国"},
	} {
		if got := f.Simplify(tc.in); got != tc.want {
			t.Errorf("Simplify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPrefixWalk compares the incremental lookups Cut makes with Find on
// every word that grows from each position of a few texts.
func TestPrefixWalk(t *testing.T) {
	x, err := fuzzExtractor()
	if err != nil {
		t.Fatal(err)
	}
	d, ok := x.seg.(*segDict)
	if !ok {
		t.Skip("not the prebuilt dictionary")
	}
	for _, text := range []string{"中国石油天然气集团与力拓集团签署铁矿石采购协议", "ABC公司CEO说", "喵喵\x00喵", "\xe4\xb8中国"} {
		rs := []rune(text)
		for i := range rs {
			w := prefixWalk{d: d}
			for j := i + 1; j <= len(rs); j++ {
				word := string(rs[i:j])
				wantF, _, wantOK := d.Find(word)
				gotF, gotOK := w.find(word)
				if gotF != wantF || gotOK != wantOK {
					t.Fatalf("find(%q) = %v, %v; Find says %v, %v", word, gotF, gotOK, wantF, wantOK)
				}
				if !gotOK {
					break
				}
			}
		}
	}
}
