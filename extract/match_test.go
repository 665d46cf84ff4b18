package extract

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func TestMatcherFindAll(t *testing.T) {
	m := NewMatcher[string]()
	for _, p := range []string{"印度", "印度尼西亚", "几内亚", "巴布亚新几内亚", "GE", "GE医疗", "ABB", "3M", "Nestlé", "中国", "中国石化", "石化"} {
		m.Add(p, p)
	}
	type hit struct {
		s    string
		from int
	}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"印度尼西亚和印度", []string{"印度尼西亚", "印度"}},
		{"巴布亚新几内亚与几内亚", []string{"巴布亚新几内亚", "几内亚"}},
		{"中国石化化工", []string{"中国石化"}},
		{"中国石", []string{"中国"}},
		{"与GE合作", []string{"GE"}},
		{"与ge合作", []string{"ge"}},
		{"GE医疗", []string{"GE医疗"}},
		{"GEAR AGE GE.", []string{"GE"}},
		{"GE2", nil},
		{"ABB和3M以及Nestlé", []string{"ABB", "3M", "Nestlé"}},
		{"Nestléx", nil},
		{"", nil},
	} {
		var got []string
		for _, h := range m.FindAll(tc.text) {
			if tc.text[h.Start:h.End] != h.Value && !strings.EqualFold(tc.text[h.Start:h.End], h.Value) {
				t.Errorf("%q: span %q carries %q", tc.text, tc.text[h.Start:h.End], h.Value)
			}
			got = append(got, tc.text[h.Start:h.End])
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("FindAll(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMatcherByteOffsets(t *testing.T) {
	m := NewMatcher[int]()
	m.Add("西门子", 1)
	m.Add("Siemens", 2)
	m.Add("泰国", 3)
	text := "据报道，Siemens（西门子）与泰国签约。"
	got := m.FindAll(text)
	want := []Match[int]{
		{Start: strings.Index(text, "Siemens"), End: strings.Index(text, "Siemens") + len("Siemens"), Value: 2},
		{Start: strings.Index(text, "西门子"), End: strings.Index(text, "西门子") + len("西门子"), Value: 1},
		{Start: strings.Index(text, "泰国"), End: strings.Index(text, "泰国") + len("泰国"), Value: 3},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("FindAll = %v, want %v", got, want)
	}
}

func TestMatcherReplaceAndCase(t *testing.T) {
	m := NewMatcher[int]()
	m.Add("Ge", 1)
	m.Add("GE", 2)
	m.Add("", 3)
	if m.Len() != 1 {
		t.Fatalf("Len = %d, want 1", m.Len())
	}
	if got := m.FindAll("gE"); len(got) != 1 || got[0].Value != 2 {
		t.Fatalf("FindAll = %v", got)
	}
}

func TestMatcherKB(t *testing.T) {
	kb := loadTestKB(t)
	m := NewMatcher[string]()
	for _, c := range kb.Countries() {
		for _, n := range c.Names() {
			m.Add(n, "country/"+c.ISO2)
		}
	}
	for _, o := range kb.Orgs() {
		for _, n := range o.Names() {
			m.Add(n, "org/"+o.Name)
		}
	}
	text := "中石化与沙特阿美在第五届进博会上签约，印度尼西亚、巴布亚新几内亚及美國企业参展，GE和霍尼韦尔也来了。"
	var got []string
	for _, h := range m.FindAll(text) {
		got = append(got, h.Value)
	}
	want := []string{"org/中国石化", "org/沙特阿美", "country/ID", "country/PG", "country/US", "org/通用电气", "org/霍尼韦尔"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// BenchmarkMatcher scans a 64 KB mixed Chinese/Latin article with every KB
// name form plus synthetic patterns (about 10k in all). Divide ns/op by 64
// for ns per KB.
func BenchmarkMatcher(b *testing.B) {
	kb := loadTestKB(b)
	m := NewMatcher[int]()
	var names []string
	for _, c := range kb.Countries() {
		names = append(names, c.Names()...)
	}
	for _, o := range kb.Orgs() {
		names = append(names, o.Names()...)
	}
	rng := rand.New(rand.NewSource(1))
	han := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府")
	for len(names) < 10000 {
		n := 2 + rng.Intn(4)
		var sb strings.Builder
		for range n {
			sb.WriteRune(han[rng.Intn(len(han))])
		}
		names = append(names, sb.String())
	}
	for i, n := range names {
		m.Add(n, i)
	}
	var sb strings.Builder
	for sb.Len() < 64<<10 {
		switch rng.Intn(10) {
		case 0:
			sb.WriteString(names[rng.Intn(len(names))])
		case 1:
			sb.WriteString(" GE Aerospace and ABB signed 3 deals. ")
		default:
			sb.WriteRune(han[rng.Intn(len(han))])
		}
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		m.FindAll(text)
	}
}
