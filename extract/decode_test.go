package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

var decodeSamplesHans = []string{
	"中国购买300架空客飞机",
	"欧洲飞机制造商空中客车公司3月25日在巴黎宣布与中国航空器材集团公司签署了一笔涉及到300架飞机的采购协议。",
	"国家电投集团在本届进博会上预计总签约金额达4.58亿美元。",
	"合作共赢　　迈向高质量发展",
	"本报记者  宋  宇",
	"中新社北京11月5日电 (记者 王庆凯)第三届进博会首日，西门子大中华区总裁兼首席执行官豪尔曼异常繁忙。",
	"5年来累计签约42.27亿美元",
	"过去四届进博会中，来伊份现场累计签约金额近6.5亿元。",
	"美国",
	"签约",
	"中国石化与来自15个国家和地区的50家供应商签订采购协议，涉及原油、化工品、装备材料等7大类25种产品；",
}

var decodeSamplesHant = []string{
	"【大紀元7月19日報導】(中央社紐約十八日法新電)規模龐大的美國家電公司惠而浦,宣布加入購買對手美泰格的併購戰。",
	"惠而浦公司昨天下午宣布,將以每股十七美元的價格併購美泰格,使得併購價高達二十三億美元。",
	"中國的海爾公司提議以每股十六美元的價格,併購總公司設於愛阿華州紐頓市的美泰格公司。",
	"青島海爾公司",
	"美國",
	"併購",
	"臺灣積體電路製造公司宣布在美國亞利桑那州興建晶圓廠，投資金額約一百二十億美元。",
	"聯邦貿易委員會已經批准芮波伍公司提出的併購案。",
}

func encodeWith(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("cannot encode %q: %v", s, err)
	}
	return b
}

func TestDecodeGB18030AndBig5(t *testing.T) {
	check := func(raw []byte, wantText, wantEnc string) {
		t.Helper()
		got, enc, err := Decode(raw)
		if err != nil {
			t.Errorf("Decode(%s of %q): %v", wantEnc, wantText, err)
			return
		}
		if enc != wantEnc || got != wantText {
			t.Errorf("Decode(%s of %q) = %q, %s", wantEnc, wantText, got, enc)
		}
	}
	for _, s := range decodeSamplesHans {
		check(encodeWith(t, simplifiedchinese.GBK, s), s, EncGB18030)
		check(encodeWith(t, simplifiedchinese.GB18030, s), s, EncGB18030)
		check([]byte(s), s, EncUTF8)
	}
	for _, s := range decodeSamplesHant {
		check(encodeWith(t, traditionalchinese.Big5, s), s, EncBig5)
		// Traditional characters written in GBK are GB18030 all the same.
		check(encodeWith(t, simplifiedchinese.GBK, s), s, EncGB18030)
		check([]byte(s), s, EncUTF8)
	}
}

// TestDecodeCorpusSentences encodes every line and every sentence of the dev
// corpus in GBK and, where possible, Big5, and checks Decode reads it back.
func TestDecodeCorpusSentences(t *testing.T) {
	files, _ := filepath.Glob("../../shared/corpus/dev/*.txt")
	if len(files) == 0 {
		t.Skip("no dev corpus")
	}
	var total, wrong int
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		units := []string{text}
		for _, sent := range Split(text) {
			units = append(units, sent.Text)
		}
		for _, u := range units {
			if strings.TrimSpace(u) == "" {
				continue
			}
			for _, e := range []struct {
				enc  encoding.Encoding
				name string
			}{{simplifiedchinese.GBK, EncGB18030}, {traditionalchinese.Big5, EncBig5}} {
				raw, err := e.enc.NewEncoder().Bytes([]byte(u))
				if err != nil || string(raw) == u {
					continue // not representable, or plain ASCII
				}
				total++
				got, enc, err := Decode(raw)
				if err != nil || enc != e.name || got != u {
					wrong++
					t.Errorf("%s: %s bytes of %q read as %s (%v)", filepath.Base(name), e.name, u, enc, err)
				}
			}
		}
	}
	t.Logf("%d encoded units, %d misread", total, wrong)
}

func TestDecodeBOMAndLineEnds(t *testing.T) {
	got, enc, err := Decode([]byte("\xEF\xBB\xBF第一行\r\n第二行\r第三行\n"))
	if err != nil || enc != EncUTF8 || got != "第一行\n第二行\n第三行\n" {
		t.Errorf("Decode = %q, %q, %v", got, enc, err)
	}
	u16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte("美国公司\r\n"))
	got, enc, err = Decode(u16)
	if err != nil || enc != EncUTF16LE || got != "美国公司\n" {
		t.Errorf("Decode(UTF-16LE) = %q, %q, %v", got, enc, err)
	}
	gbk := encodeWith(t, simplifiedchinese.GBK, "签约\r\n金额")
	got, enc, err = Decode(gbk)
	if err != nil || enc != EncGB18030 || got != "签约\n金额" {
		t.Errorf("Decode(GBK CRLF) = %q, %q, %v", got, enc, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name string
		raw  []byte
		want error
		msg  string
	}{
		{"nil", nil, ErrEmpty, "empty file"},
		{"blank", []byte(" \n\t\r\n　　\n"), ErrEmpty, "empty file"},
		{"BOM only", []byte("\xEF\xBB\xBF\n"), ErrEmpty, "empty file"},
		{"NUL", []byte("abc\x00def"), ErrBinary, "looks like binary data (NUL bytes"},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary, "looks like binary data"},
		{"controls", []byte("\x01\x02\x03\x04abc\x05\x06"), ErrBinary, "looks like binary data"},
		{"Latin-1", []byte("caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise"), ErrUnknownEncoding, "not UTF-8, GB18030 or Big5 text"},
		{"random high bytes", []byte("\x81\x30\x81\x30\xfd\x80\x80\x80\xff\x81\x30\x81\x30"), ErrUnknownEncoding, "not UTF-8, GB18030 or Big5 text"},
	}
	for _, c := range cases {
		_, _, err := Decode(c.raw)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("%s: message %q, want prefix %q", c.name, err, c.msg)
		}
	}
}

// TestDecodeShortWindows cuts the Han characters of the dev corpus into
// windows of n characters, encodes each in GBK (simplified) and Big5
// (traditional), and counts misreadings: none from 10 characters up, under
// 2% at 4 and under 5% at 2.
func TestDecodeShortWindows(t *testing.T) {
	files, _ := filepath.Glob("../../shared/corpus/dev/*.txt")
	if len(files) == 0 {
		t.Skip("no dev corpus")
	}
	f := newTestFolder(t)
	var han []rune
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range string(b) {
			if unicode.Is(unicode.Han, r) {
				han = append(han, r)
			}
		}
	}
	limits := map[int]float64{2: 0.05, 4: 0.02, 10: 0, 20: 0}
	for _, w := range []int{2, 4, 10, 20} {
		var total, wrong int
		for i := 0; i+w <= len(han); i += w {
			s := string(han[i : i+w])
			for _, e := range []struct {
				enc       encoding.Encoding
				want, txt string
			}{
				{simplifiedchinese.GBK, EncGB18030, f.Simplify(s)},
				{traditionalchinese.Big5, EncBig5, s},
			} {
				raw, err := e.enc.NewEncoder().Bytes([]byte(e.txt))
				if err != nil {
					continue // simplified characters have no Big5 code
				}
				total++
				if _, enc, _ := Decode(raw); enc != e.want {
					wrong++
				}
			}
		}
		rate := float64(wrong) / float64(total)
		t.Logf("windows of %2d characters: %d of %d misread", w, wrong, total)
		if rate > limits[w] {
			t.Errorf("windows of %d characters: %d of %d misread", w, wrong, total)
		}
	}
}

func TestDecodeKeepsUTF8(t *testing.T) {
	for _, s := range []string{"café crème brûlée", "привет мир", "Ελληνικά", "plain ASCII", "签约 café"} {
		got, enc, err := Decode([]byte(s))
		if err != nil || enc != EncUTF8 || got != s {
			t.Errorf("Decode(%q) = %q, %s, %v", s, got, enc, err)
		}
	}
	// UTF-16 byte-order mark followed by junk.
	if _, _, err := Decode([]byte("\xff\xfe\x00\xd8a")); err == nil {
		t.Errorf("UTF-16 junk decoded")
	}
}
