package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

type wantSent struct {
	text, role string
	para       int
}

func checkSplit(t *testing.T, text string, want []wantSent) {
	t.Helper()
	got := Split(text)
	for i, s := range got {
		if text[s.Span.Start:s.Span.End] != s.Text {
			t.Errorf("sentence %d: span %v is %q, text %q", i, s.Span, text[s.Span.Start:s.Span.End], s.Text)
		}
	}
	if len(got) != len(want) {
		for _, s := range got {
			t.Logf("  %d %-8s %q", s.Paragraph, s.Role, s.Text)
		}
		t.Fatalf("got %d sentences, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.text || g.Role != w.role || g.Paragraph != w.para {
			t.Errorf("sentence %d = (%q, %s, p%d), want (%q, %s, p%d)", i, g.Text, g.Role, g.Paragraph, w.text, w.role, w.para)
		}
	}
}

func TestSplitPeoplesDailyStyle(t *testing.T) {
	text := "合作共赢\u00a0\u00a0迈向高质量发展　　习近平主席指出：“中国将推动各国各方共享中国大市场机遇。”　　进博会上，“全球首发”纷纷亮相！一个个订单签约现场热闹非凡。　　　　牵手领先企业  增强创新能力　　本报记者\u00a0\u00a0宋\u00a0\u00a0宇　　技术装备、全彩光伏加工成套系统、高温高压管道……第五届进博会上，国家电投集团的“购物车”满满当当。　　本报记者  李  栋  齐志明"
	checkSplit(t, text, []wantSent{
		{"合作共赢\u00a0\u00a0迈向高质量发展", "headline", 0},
		{"习近平主席指出：“中国将推动各国各方共享中国大市场机遇。”", "body", 1},
		{"进博会上，“全球首发”纷纷亮相！", "body", 2},
		{"一个个订单签约现场热闹非凡。", "body", 2},
		{"牵手领先企业  增强创新能力", "headline", 3},
		{"本报记者\u00a0\u00a0宋\u00a0\u00a0宇", "byline", 4},
		{"技术装备、全彩光伏加工成套系统、高温高压管道……", "body", 5},
		{"第五届进博会上，国家电投集团的“购物车”满满当当。", "body", 5},
		{"本报记者  李  栋  齐志明", "byline", 6},
	})
}

func TestSplitDatelineCarved(t *testing.T) {
	text := "中新社北京11月5日电 (记者 王庆凯)第三届进博会首日,西门子总裁异常繁忙。他不间断地“推销”着产品。\n\n几乎与此同时，双方达成5亿美元采购订单；采购产品主要为显示面板?是的!\n"
	checkSplit(t, text, []wantSent{
		{"中新社北京11月5日电 (记者 王庆凯)", "byline", 0},
		{"第三届进博会首日,西门子总裁异常繁忙。", "body", 0},
		{"他不间断地“推销”着产品。", "body", 0},
		{"几乎与此同时，双方达成5亿美元采购订单；", "body", 1},
		{"采购产品主要为显示面板?", "body", 1},
		{"是的!", "body", 1},
	})
}

func TestSplitEpochTimesStyle(t *testing.T) {
	text := "【大紀元7月19日報導】(中央社紐約十八日法新電)規模龐大的美國家電公司惠而浦,宣布加入購買對手美泰格的併購戰。此一商場交易如今在美國極為引人注目。\r\n惠而浦表示「至少半數的總額將會以現金支付。」他說。"
	checkSplit(t, text, []wantSent{
		{"【大紀元7月19日報導】(中央社紐約十八日法新電)", "byline", 0},
		{"規模龐大的美國家電公司惠而浦,宣布加入購買對手美泰格的併購戰。", "body", 0},
		{"此一商場交易如今在美國極為引人注目。", "body", 0},
		{"惠而浦表示「至少半數的總額將會以現金支付。」", "body", 1},
		{"他說。", "body", 1},
	})
}

func TestSplitHeadlinesAndEllipsis(t *testing.T) {
	text := "中国购买300架空客飞机\n欧洲飞机制造商空中客车公司宣布签署协议。\n（完）\n这是一段没有句末标点但是长度明显超过三十个字符的正文段落所以它不是标题而是正文\n他说：“还有很多……”\n原油、化工品……等产品都在其中。\n据路透社报道，双方已签约。"
	checkSplit(t, text, []wantSent{
		{"中国购买300架空客飞机", "headline", 0},
		{"欧洲飞机制造商空中客车公司宣布签署协议。", "body", 1},
		{"（完）", "body", 2},
		{"这是一段没有句末标点但是长度明显超过三十个字符的正文段落所以它不是标题而是正文", "body", 3},
		{"他说：“还有很多……”", "body", 4},
		{"原油、化工品……等产品都在其中。", "body", 5},
		{"据路透社报道，双方已签约。", "body", 6},
	})
}

func TestSplitSpansExact(t *testing.T) {
	files, _ := filepath.Glob("../../shared/corpus/dev/*.txt")
	if len(files) == 0 {
		t.Skip("no dev corpus")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		sents := Split(text)
		if len(sents) == 0 {
			t.Errorf("%s: no sentences", name)
		}
		last, para := 0, 0
		for _, s := range sents {
			if s.Span.Start < last || text[s.Span.Start:s.Span.End] != s.Text || s.Text != strings.TrimSpace(strings.Trim(s.Text, "　")) || s.Text == "" {
				t.Errorf("%s: bad sentence %+v", name, s)
			}
			if s.Paragraph < para || s.Paragraph > para+1 {
				t.Errorf("%s: paragraph jumps to %d", name, s.Paragraph)
			}
			last, para = s.Span.End, s.Paragraph
			if !utf8.ValidString(s.Text) {
				t.Errorf("%s: invalid UTF-8 in %q", name, s.Text)
			}
		}
		// Nothing but white space is lost between sentences.
		var rebuilt strings.Builder
		for _, s := range sents {
			rebuilt.WriteString(s.Text)
		}
		squeeze := func(s string) string {
			return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\u3000' || r == '\t' || r == '\r' }), "")
		}
		if squeeze(rebuilt.String()) != squeeze(text) {
			t.Errorf("%s: sentences do not cover the text", name)
		}
	}
}

func TestParseByline(t *testing.T) {
	cases := []struct {
		in   string
		want Byline
		ok   bool
	}{
		{"本报记者  宋  宇", Byline{Agency: "本报", Reporters: []string{"宋宇"}}, true},
		{"本报记者  李  栋  齐志明", Byline{Agency: "本报", Reporters: []string{"李栋", "齐志明"}}, true},
		{"本报记者  齐志明  李  栋", Byline{Agency: "本报", Reporters: []string{"齐志明", "李栋"}}, true},
		{"本报记者  喻思南  葛孟超", Byline{Agency: "本报", Reporters: []string{"喻思南", "葛孟超"}}, true},
		{"本报记者  杨梦皎  欧阳洁", Byline{Agency: "本报", Reporters: []string{"杨梦皎", "欧阳洁"}}, true},
		{"本报记者\u00a0\u00a0李\u00a0\u00a0栋\u00a0\u00a0齐志明", Byline{Agency: "本报", Reporters: []string{"李栋", "齐志明"}}, true},
		{"本报记者　宋　宇", Byline{Agency: "本报", Reporters: []string{"宋宇"}}, true},
		{"本报记者  祁嘉润", Byline{Agency: "本报", Reporters: []string{"祁嘉润"}}, true},
		{"本报记者 李栋 齐志明", Byline{Agency: "本报", Reporters: []string{"李栋", "齐志明"}}, true},
		{"记者 王庆凯", Byline{Reporters: []string{"王庆凯"}}, true},
		{"记者李栋、齐志明", Byline{Reporters: []string{"李栋", "齐志明"}}, true},
		{"中新社北京11月5日电 (记者 王庆凯)", Byline{Agency: "中新社", Place: "北京", Date: "11月5日", Reporters: []string{"王庆凯"}}, true},
		{"【大紀元7月19日報導】(中央社紐約十八日法新電)", Byline{Agency: "大紀元", Place: "紐約", Date: "7月19日"}, true},
		{"新华社北京3月5日电", Byline{Agency: "新华社", Place: "北京", Date: "3月5日"}, true},
		{"新华社北京3月5日电（记者 张三 通讯员 李四）", Byline{Agency: "新华社", Place: "北京", Date: "3月5日", Reporters: []string{"张三", "李四"}}, true},
		{"(通讯员 赵  钱)", Byline{Reporters: []string{"赵钱"}}, true},
		{"本报讯", Byline{Agency: "本报"}, true},
		{"本报讯（记者 王浩）", Byline{Agency: "本报", Reporters: []string{"王浩"}}, true},
		{"本报上海2023年11月5日电  记者  王  浩", Byline{Agency: "本报", Place: "上海", Date: "2023年11月5日", Reporters: []string{"王浩"}}, true},
		{"据路透社报道", Byline{}, false},
		{"据新华社3月5日报道", Byline{}, false},
		{"记者获悉", Byline{}, false},
		{"记者从商务部获悉，签约金额创新高", Byline{}, false},
		{"公司3月5日电话会议", Byline{}, false},
		{"中新社北京11月5日电 (记者 王庆凯)第三届进博会首日", Byline{}, false},
		{"合作共赢  迈向高质量发展", Byline{}, false},
		{"", Byline{}, false},
	}
	for _, c := range cases {
		got, ok := ParseByline(c.in)
		if ok != c.ok || ok && !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseByline(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
