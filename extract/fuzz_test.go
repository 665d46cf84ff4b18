package extract

// Fuzz targets for every parser that takes outside bytes. Seeds are the
// f.Add calls below plus testdata/fuzz/<FuzzName>/. Run one for a while
// with, for example,
//
//	go test -run '^$' -fuzz '^FuzzExtract$' -fuzztime 60s -parallel 1 ./extract
//
// (.ci/fuzz runs each for a short time, .ci/soak for a long one).

import (
	"context"
	"math/big"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzMaxInput skips inputs larger than this: the properties do not depend
// on size, and big inputs only slow the fuzzer down.
const fuzzMaxInput = 64 << 10

func FuzzDecode(f *testing.F) {
	f.Add([]byte("中国能建与泰国签约。\r\n第二行"))
	f.Add([]byte("\xef\xbb\xbf中文"))
	f.Add([]byte("\xff\xfe\x2d\x4e\x87\x65"))
	f.Add([]byte("\xd6\xd0\xb9\xfa")) // 中国 in GBK
	f.Add([]byte("\xa4\xa4\xb0\xea")) // 中國 in Big5
	f.Add([]byte("abc\x00def"))
	f.Add([]byte("\xe4\xb8"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > fuzzMaxInput {
			t.Skip()
		}
		text, enc, err := Decode(raw)
		if err != nil {
			if text != "" {
				t.Errorf("error %v with text %q", err, text)
			}
			if err.Error() == "" {
				t.Error("empty error message")
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Errorf("Decode (%s) returned invalid UTF-8: %q", enc, text)
		}
		if strings.Contains(text, "\r") {
			t.Errorf("Decode (%s) left a \\r in %q", enc, text)
		}
		switch enc {
		case EncUTF8, EncGB18030, EncBig5, EncUTF16LE, EncUTF16BE:
		default:
			t.Errorf("unknown encoding name %q", enc)
		}
	})
}

func FuzzSplit(f *testing.F) {
	f.Add("合作共赢\u00a0\u00a0迈向高质量发展　　习近平主席指出：“中国将推动各国各方共享中国大市场机遇。”　　进博会上，“全球首发”纷纷亮相！")
	f.Add("中新社北京11月5日电 (记者 王庆凯)第三届进博会5日开幕。\n\n本报记者  李  栋  齐志明")
	f.Add("什么……还有？！」（完）\n\n\n")
	f.Add("  \t\u3000\u3000 ")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > fuzzMaxInput {
			t.Skip()
		}
		checkSentences(t, text, Split(text))
	})
}

// checkSentences asserts that sentence spans are in bounds, ordered, do
// not overlap, and locate exactly the (trimmed) sentence text.
func checkSentences(t *testing.T, text string, sents []Sentence) {
	t.Helper()
	prevEnd, prevPara := 0, 0
	for i, s := range sents {
		sp := s.Span
		if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End {
			t.Fatalf("sentence %d: span %v out of bounds (len %d)", i, sp, len(text))
		}
		if sp.Start < prevEnd {
			t.Errorf("sentence %d: span %v starts before the previous one ends (%d)", i, sp, prevEnd)
		}
		prevEnd = sp.End
		if got := text[sp.Start:sp.End]; got != s.Text {
			t.Errorf("sentence %d: text[%d:%d] = %q, Text = %q", i, sp.Start, sp.End, got, s.Text)
		}
		if s.Text == "" || strings.TrimSpace(s.Text) != s.Text {
			t.Errorf("sentence %d: text %q is empty or not trimmed", i, s.Text)
		}
		if s.Paragraph < prevPara {
			t.Errorf("sentence %d: paragraph %d after %d", i, s.Paragraph, prevPara)
		}
		prevPara = s.Paragraph
		switch s.Role {
		case RoleBody, RoleHeadline, RoleByline:
		default:
			t.Errorf("sentence %d: role %q", i, s.Role)
		}
	}
}

// plainDecimal is the form of Amount.Value: a non-negative decimal.
var plainDecimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

func FuzzFindAmounts(f *testing.F) {
	for _, s := range []string{
		"中粮集团采购泰国大米超4.58亿美元。",
		"签约金额约合人民币1,234.5万元",
		"US$3.2 billion, 3亿至5亿美元",
		"每股价格12.5港元，总价三千二百万欧元",
		"9999999999999亿美元",
		"累计成交额超过七十二亿二千万美元（預計）",
		"１２３４５６７８９０億日圓",
		"数十亿元、300架",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > fuzzMaxInput {
			t.Skip()
		}
		checkAmounts(t, s, FindAmounts(s))
	})
}

func checkAmounts(t *testing.T, s string, ms []AmountMatch) {
	t.Helper()
	// Matches are not (yet) asserted to be disjoint: FindAmounts("0人民币1000")
	// gives "0人民币" and "人民币1000", sharing the currency word.
	for i, m := range ms {
		if m.Start < 0 || m.End > len(s) || m.Start > m.End {
			t.Fatalf("amount %d: [%d, %d) out of bounds (len %d)", i, m.Start, m.End, len(s))
		}
		a := m.Amount
		if !plainDecimal.MatchString(a.Value) {
			t.Errorf("amount %d: value %q is not a plain decimal", i, a.Value)
		} else if _, ok := new(big.Rat).SetString(a.Value); !ok {
			t.Errorf("amount %d: value %q does not parse", i, a.Value)
		}
		if len(a.Currency) != 3 {
			t.Errorf("amount %d: currency %q is not an ISO 4217 code", i, a.Currency)
		}
		switch a.Qualifier {
		case QualOver, QualAbout, QualExact:
		default:
			t.Errorf("amount %d: qualifier %q", i, a.Qualifier)
		}
		if !utf8.ValidString(a.Text) {
			t.Errorf("amount %d: text %q is not UTF-8", i, a.Text)
		}
	}
}

// fuzzExtractor is built once per process: loading the dictionary takes
// seconds.
var fuzzExtractor = sync.OnceValues(func() (*Extractor, error) { return New(Options{}) })

// extractDeadline is how long one fuzz input may take. It is generous (the
// race detector slows extraction down many times): it catches hangs and
// blow-ups, not slowness.
const extractDeadline = 20 * time.Second

func FuzzExtract(f *testing.F) {
	f.Add([]byte("中粮集团与泰国正大集团签约，采购泰国大米超4.58亿美元。"))
	f.Add([]byte("本报记者  李  栋\n\n中国能源建设集团有限公司党委书记、董事长宋海良表示，公司与西门子签署合作协议，金额约10亿元。"))
	f.Add([]byte("中國東方航空向空中巴士採購100架飛機，總價約三百億美元。"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > fuzzMaxInput {
			t.Skip()
		}
		x, err := fuzzExtractor()
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), extractDeadline)
		defer cancel()
		start := time.Now()
		fs, err := x.Extract(ctx, Document{IRI: "urn:fuzz", Name: "fuzz", Raw: raw})
		if took := time.Since(start); took > extractDeadline {
			t.Fatalf("Extract took %v on %d bytes", took, len(raw))
		}
		if err != nil {
			if ctx.Err() != nil {
				t.Fatalf("Extract did not finish within %v on %d bytes", extractDeadline, len(raw))
			}
			if !strings.HasPrefix(err.Error(), "fuzz: ") {
				t.Errorf("error does not name the document: %v", err)
			}
			return
		}
		checkFacts(t, fs)
	})
}

// checkFacts asserts the internal consistency of one document's facts.
func checkFacts(t *testing.T, fs Facts) {
	t.Helper()
	if !utf8.ValidString(fs.Text) {
		t.Errorf("Facts.Text is not UTF-8")
	}
	checkSentences(t, fs.Text, fs.Sentences)
	ids := map[string]bool{}
	for i, e := range fs.Entities {
		if e.ID == "" || e.Name == "" {
			t.Errorf("entity %d has ID %q, name %q", i, e.ID, e.Name)
		}
		ids[e.ID] = true
		for _, sp := range e.Spans {
			if sp.Start < 0 || sp.End > len(fs.Text) || sp.Start > sp.End {
				t.Errorf("entity %s: span %v out of bounds (len %d)", e.ID, sp, len(fs.Text))
			}
		}
	}
	for _, r := range fs.Relations {
		if !ids[r.From] || !ids[r.To] {
			t.Errorf("relation %s %s %s refers to an entity not in Entities", r.From, r.Predicate, r.To)
		}
	}
	dealIDs := map[string]bool{}
	for _, d := range fs.Deals {
		if d.ID == "" || dealIDs[d.ID] {
			t.Errorf("deal ID %q empty or repeated", d.ID)
		}
		dealIDs[d.ID] = true
		if d.Buyer == "" || !ids[d.Buyer] {
			t.Errorf("deal %s: buyer %q is not among the entities", d.ID, d.Buyer)
		}
		for _, group := range [][]string{d.Partners, d.Countries, d.Products} {
			for _, id := range group {
				if !ids[id] {
					t.Errorf("deal %s: %q is not among the entities", d.ID, id)
				}
			}
		}
		if d.Sentence < 0 || d.Sentence >= len(fs.Sentences) {
			t.Errorf("deal %s: sentence %d out of range (%d sentences)", d.ID, d.Sentence, len(fs.Sentences))
		}
		if a := d.Amount; a != nil && !plainDecimal.MatchString(a.Value) {
			t.Errorf("deal %s: amount %q is not a plain decimal", d.ID, a.Value)
		}
	}
}
