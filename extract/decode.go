package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Errors returned by Decode, wrapped with detail. Their messages are written
// to follow "FILE: ".
var (
	ErrEmpty           = errors.New("empty file")
	ErrBinary          = errors.New("looks like binary data")
	ErrUnknownEncoding = errors.New("not UTF-8, GB18030 or Big5 text")
)

// Encoding names returned by Decode.
const (
	EncUTF8    = "UTF-8"
	EncGB18030 = "GB18030"
	EncBig5    = "Big5"
	EncUTF16LE = "UTF-16LE"
	EncUTF16BE = "UTF-16BE"
)

// Decode turns the bytes of an article into UTF-8 text with "\n" line ends.
// It strips a byte-order mark, takes valid UTF-8 as is, decodes UTF-16 that
// starts with a byte-order mark, and otherwise chooses between GB18030 (which
// covers GBK and GB2312) and Big5. encoding names what was read (EncUTF8, …).
//
// The GB18030/Big5 choice does not rest on a detector's guess alone: both
// decodings are scored by how many of their Han characters are common ones
// (GB2312 level 1 or Big5 frequently-used characters) and how many bytes
// did not decode. chardet only breaks near ties.
func Decode(raw []byte) (text string, enc string, err error) {
	if len(raw) == 0 {
		return "", "", fmt.Errorf("%w (0 bytes)", ErrEmpty)
	}
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeUTF16(raw)
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return "", "", fmt.Errorf("%w (NUL bytes, first at offset %d)", ErrBinary, i)
	}
	if n := countControl(raw); n*10 > len(raw) {
		return "", "", fmt.Errorf("%w (%d control bytes in %d)", ErrBinary, n, len(raw))
	}
	// Short GBK or Big5 text can be valid UTF-8 by accident (签约 is
	// C7A9 D4BC: "ǩԼ"). Take it as UTF-8 unless it reads as a jumble of
	// two-byte letters and a legacy reading is clean Chinese.
	valid := utf8.Valid(raw)
	if valid && !utf8Jumble(string(raw)) {
		return finish(string(raw), EncUTF8) // the legacy readings are not needed
	}
	gb := scoreDecoding(raw, simplifiedchinese.GB18030)
	gb.bad += gb18030FourByte(raw)
	b5 := scoreDecoding(raw, traditionalchinese.Big5)
	if valid && !(gb.clean() || b5.clean()) {
		return finish(string(raw), EncUTF8)
	}
	best, name := gb, EncGB18030
	switch d := gb.score() - b5.score(); {
	case d < -nearTie:
		best, name = b5, EncBig5
	case d <= nearTie:
		if detectorPrefers(raw) == EncBig5 {
			best, name = b5, EncBig5
		}
	}
	if !best.plausible() {
		return "", "", fmt.Errorf("%w (%s)", ErrUnknownEncoding, describeBad(raw, gb, b5))
	}
	return finish(best.text, name)
}

// nearTie is the score difference under which the detector decides.
const nearTie = 2

func decodeUTF16(raw []byte) (string, string, error) {
	e, name := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), EncUTF16LE
	if raw[0] == 0xFE {
		e, name = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), EncUTF16BE
	}
	out, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", fmt.Errorf("%w (bad %s: %v)", ErrUnknownEncoding, name, err)
	}
	if strings.ContainsRune(string(out), 0) {
		return "", "", fmt.Errorf("%w (NUL characters in %s)", ErrBinary, name)
	}
	if strings.ContainsRune(string(out), utf8.RuneError) || countControl(out)*10 > len(out) {
		return "", "", fmt.Errorf("%w (byte-order mark of %s, but not %s text)", ErrUnknownEncoding, name, name)
	}
	return finish(string(out), name)
}

// finish normalises line ends and rejects blank text.
func finish(s, enc string) (string, string, error) {
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }) == "" {
		return "", "", fmt.Errorf("%w (whitespace only)", ErrEmpty)
	}
	return s, enc, nil
}

// countControl counts C0 control bytes other than tab, line feed, vertical
// tab, form feed, carriage return and escape.
func countControl(raw []byte) int {
	n := 0
	for _, c := range raw {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B {
			n++
		}
	}
	return n
}

// decoding is one candidate reading of non-UTF-8 bytes.
type decoding struct {
	text     string
	nonASCII int // runes ≥ U+0080
	bad      int // replacement characters, C1 controls, private-use characters
	han      int // Han characters
	common   int // Han characters in GB2312 level 1 or Big5's frequent set
	odd      int // symbols news text hardly uses: kana, bopomofo, box drawing…
}

// score is higher for the more likely decoding: common characters count
// for, undecodable bytes, rare characters and odd symbols against.
func (d decoding) score() int {
	return 2*d.common - (d.han - d.common) - 2*d.odd - 4*d.bad
}

// clean: Chinese text with nothing undecodable, rare or odd in it.
func (d decoding) clean() bool {
	return d.han > 0 && d.bad == 0 && d.odd == 0 && d.common == d.han
}

// plausible tells whether the decoding reads as Chinese text at all.
func (d decoding) plausible() bool {
	return d.bad*20 <= d.nonASCII && d.common*2 >= d.nonASCII && d.common*10 >= d.han*7
}

// scoreDecoding decodes raw with dec and counts what it got.
func scoreDecoding(raw []byte, dec encoding.Encoding) decoding {
	out, _ := dec.NewDecoder().Bytes(raw) // invalid bytes become U+FFFD
	d := decoding{text: string(out)}
	gbk := simplifiedchinese.GBK.NewEncoder()
	big5 := traditionalchinese.Big5.NewEncoder()
	var buf [8]byte
	var src [4]byte
	for _, r := range d.text {
		if r < 0x80 {
			continue
		}
		d.nonASCII++
		switch {
		case r == utf8.RuneError, r >= 0x80 && r < 0xA0, unicode.Is(unicode.Co, r):
			d.bad++
			continue
		case !unicode.Is(unicode.Han, r):
			if !usualSymbol(r) {
				d.odd++
			}
			continue
		}
		d.han++
		n := utf8.EncodeRune(src[:], r)
		gbk.Reset()
		if m, _, err := gbk.Transform(buf[:], src[:n], true); err == nil && m == 2 &&
			buf[0] >= 0xB0 && buf[0] <= 0xD7 && buf[1] >= 0xA1 && buf[1] <= 0xFE {
			d.common++
			continue
		}
		big5.Reset()
		if m, _, err := big5.Transform(buf[:], src[:n], true); err == nil && m == 2 {
			if c := uint16(buf[0])<<8 | uint16(buf[1]); c >= 0xA440 && c <= 0xC67E {
				d.common++
			}
		}
	}
	return d
}

// usualSymbol: non-Han characters Chinese news text uses: punctuation,
// full-width forms, Latin-1 signs, letterlike and number forms, circled
// numbers, geometric shapes.
func usualSymbol(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0xBF, r == 0xD7, r == 0xF7,
		r >= 0x2000 && r <= 0x206F, r >= 0x2100 && r <= 0x218F,
		r >= 0x2460 && r <= 0x24FF, r >= 0x25A0 && r <= 0x25FF,
		r >= 0x3000 && r <= 0x303F, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFFEF:
		return true
	}
	return false
}

// utf8Jumble tells whether valid UTF-8 text looks like legacy double-byte
// text read as UTF-8: no character beyond U+07FF, and its two-byte letters
// are mostly from rarely written blocks or switch script from one letter to
// the next (ǩԼ). European text (café, привет) is not a jumble.
func utf8Jumble(s string) bool {
	class := func(r rune) byte {
		switch {
		case r >= 0xA0 && r <= 0x17F:
			return 'L'
		case r >= 0x370 && r <= 0x3FF:
			return 'G'
		case r >= 0x400 && r <= 0x4FF:
			return 'C'
		}
		return 'O'
	}
	nonASCII, odd, pairs, mixed := 0, 0, 0, 0
	var prev byte
	for _, r := range s {
		if r < 0x80 {
			prev = 0
			continue
		}
		if r >= 0x800 {
			return false
		}
		nonASCII++
		c := class(r)
		if c == 'O' {
			odd++
		}
		if prev != 0 {
			pairs++
			if prev != c || c == 'O' {
				mixed++
			}
		}
		prev = c
	}
	return nonASCII > 0 && (odd*3 >= nonASCII || pairs > 0 && mixed*3 >= pairs)
}

// gb18030FourByte counts GB18030 four-byte sequences in raw. They are legal
// but rare in real Chinese text, and GB18030 reads nearly any byte soup
// through them, so each counts as a bad character.
func gb18030FourByte(raw []byte) int {
	n := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c < 0x80 {
			continue
		}
		if i+3 < len(raw) && c >= 0x81 && c <= 0xFE && raw[i+1] >= 0x30 && raw[i+1] <= 0x39 &&
			raw[i+2] >= 0x81 && raw[i+2] <= 0xFE && raw[i+3] >= 0x30 && raw[i+3] <= 0x39 {
			n++
			i += 3
			continue
		}
		i++ // lead and trail byte
	}
	return n
}

// detectorPrefers asks chardet which of GB18030 and Big5 ranks higher.
func detectorPrefers(raw []byte) string {
	results, err := chardet.NewTextDetector().DetectAll(raw)
	if err != nil {
		return ""
	}
	// chardet's result order is not stable for equal confidences: compare
	// the two explicitly and let a tie go to GB18030, the more common one.
	gb, b5 := -1, -1
	for _, r := range results {
		switch r.Charset {
		case "GB-18030":
			gb = max(gb, r.Confidence)
		case "Big5":
			b5 = max(b5, r.Confidence)
		}
	}
	switch {
	case gb < 0 && b5 < 0:
		return ""
	case b5 > gb:
		return EncBig5
	}
	return EncGB18030
}

func describeBad(raw []byte, gb, b5 decoding) string {
	i := 0
	for i < len(raw) {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return fmt.Sprintf("invalid UTF-8 at byte %d; as GB18030 %d of %d characters undecodable or rare, as Big5 %d of %d",
		i, gb.bad+gb.han-gb.common, gb.nonASCII, b5.bad+b5.han-b5.common, b5.nonASCII)
}
