package extract

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
	"unicode/utf8"
)

func newTestFolder(t testing.TB) *Folder {
	t.Helper()
	f, err := NewFolder()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSimplify(t *testing.T) {
	f := newTestFolder(t)
	cases := []struct{ in, want string }{
		{"青島海爾公司", "青岛海尔公司"},
		{"美國", "美国"},
		{"併購", "并购"},
		{"億", "亿"},
		{"萬", "万"},
		{"幣", "币"},
		{"九億六千九百萬美元", "九亿六千九百万美元"},
		{"惠而浦公司董事長兼執行長費提格表示", "惠而浦公司董事长兼执行长费提格表示"},
		{"臺灣颱風後來", "台湾台风后来"},
		{"乾燥", "干燥"},
		{"乾隆", "乾隆"}, // phrase table keeps it
		{"計畫", "计划"}, // phrase, not character by character (畫 → 画)
		{"中国购买300架空客飞机", "中国购买300架空客飞机"},
		{"ABC 123，。「」", "ABC 123，。「」"},
		{"", ""},
	}
	for _, c := range cases {
		got := f.Simplify(c.in)
		if got != c.want {
			t.Errorf("Simplify(%q) = %q, want %q", c.in, got, c.want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(c.in) {
			t.Errorf("Simplify(%q) changed the rune count", c.in)
		}
	}
}

func TestSimplifyKeepsLength(t *testing.T) {
	f := newTestFolder(t)
	files, _ := filepath.Glob("../../shared/corpus/dev/*.txt")
	files = append(files, "") // plus the inline text below
	for _, name := range files {
		text := "【大紀元7月19日報導】(中央社紐約十八日法新電)規模龐大的美國家電公司惠而浦,宣布加入購買對手美泰格的併購戰。mixed 简体 and 繁體 \xff bytes"
		if name != "" {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			text = string(b)
		}
		got := f.Simplify(text)
		a, b := []rune(text), []rune(got)
		if len(a) != len(b) {
			t.Fatalf("%s: %d runes in, %d out", name, len(a), len(b))
		}
		// Rune i of the output is the fold of rune i of the input alone,
		// except inside phrases.
		for i := range a {
			if a[i] == b[i] {
				continue
			}
			if f.chars[a[i]] != b[i] && !f.phraseHead[a[i]] && (i == 0 || !f.phraseHead[a[i-1]]) {
				// Allow phrase-internal differences only next to a phrase head.
				t.Errorf("%s: rune %d %q folded to %q", name, i, a[i], b[i])
			}
		}
	}
}

func TestScript(t *testing.T) {
	f := newTestFolder(t)
	cases := []struct{ in, want string }{
		{"規模龐大的美國家電公司惠而浦,宣布加入購買對手美泰格的併購戰。", "Hant"},
		{"规模庞大的美国家电公司惠而浦，宣布加入购买对手美泰格的并购战。", "Hans"},
		{"美國", "Hant"},
		{"中国购买300架空客飞机，据台湾媒体報導", "Hans"},
		{"", "Hans"},
		{"hello", "Hans"},
		{"皇后乾隆", "Hans"}, // both scripts use these
	}
	for _, c := range cases {
		if got := f.Script(c.in); got != c.want {
			tr, si := f.Count(c.in)
			t.Errorf("Script(%q) = %s (trad %d, simp %d), want %s", c.in, got, tr, si, c.want)
		}
	}
}

func TestRuneOffsetsAndMapSpan(t *testing.T) {
	f := newTestFolder(t)
	s := "a併購b"
	offs := RuneOffsets(s)
	want := []int{0, 1, 4, 7, 8}
	if len(offs) != len(want) {
		t.Fatalf("RuneOffsets = %v, want %v", offs, want)
	}
	for i := range want {
		if offs[i] != want[i] {
			t.Fatalf("RuneOffsets = %v, want %v", offs, want)
		}
	}
	if RuneIndex(offs, 4) != 2 || RuneIndex(offs, 5) != 2 || RuneIndex(offs, 8) != 4 {
		t.Errorf("RuneIndex wrong: %d %d %d", RuneIndex(offs, 4), RuneIndex(offs, 5), RuneIndex(offs, 8))
	}
	simp := f.Simplify(s)
	sp := MapSpan(s, simp, Span{1, 7})
	if simp[sp.Start:sp.End] != "并购" {
		t.Errorf("MapSpan → %q", simp[sp.Start:sp.End])
	}
}

// TestFolderCost logs what building a Folder costs; run with -v to see it.
func TestFolderCost(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f := newTestFolder(t)
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("NewFolder: %v, %d KiB retained heap, %d chars, %d phrases, %d simplified-only",
		elapsed, (int64(after.HeapAlloc)-int64(before.HeapAlloc))/1024, len(f.chars), len(f.phrases), len(f.simpOnly))
	runtime.KeepAlive(f)
	if elapsed > 500*time.Millisecond {
		t.Errorf("NewFolder took %v", elapsed)
	}
}

func BenchmarkNewFolder(b *testing.B) {
	for b.Loop() {
		if _, err := NewFolder(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSimplify(b *testing.B) {
	f := newTestFolder(b)
	text := "【大紀元7月19日報導】(中央社紐約十八日法新電)規模龐大的美國家電公司惠而浦,宣布加入購買對手美泰格的併購戰。此一商場交易如今在美國極為引人注目,因為中國的青島海爾公司,已經宣布有意併購美泰格公司。"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		f.Simplify(text)
	}
}
