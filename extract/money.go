package extract

import (
	_ "embed"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Amount qualifiers.
const (
	QualOver  = "over"
	QualAbout = "about"
	QualExact = "exact"
)

// AmountMatch is a sum of money found in a sentence.
type AmountMatch struct {
	Amount Amount
	// Start and End are byte offsets of Amount.Text in the sentence.
	Start, End int
	// PerUnit marks prices per share, ton, unit…: not a deal's value.
	PerUnit bool
}

//go:embed data/currencies.tsv
var currenciesTSV string

type currencyWord struct {
	word, iso      string
	prefix, suffix bool
}

// currencyWords is parsed once from currencies.tsv, longest word first, and
// never changed.
var currencyWords = parseCurrencies(currenciesTSV)

// currencyHeads maps the first rune of every currency word to the words
// that begin with it (see mentionsCurrency).
var currencyHeads = currencyHeadsOf(currencyWords)

func currencyHeadsOf(words []currencyWord) map[rune][]string {
	heads := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w.word)
		heads[r] = append(heads[r], w.word)
	}
	return heads
}

// mentionsCurrency reports whether some currency word occurs in s. An
// amount needs one (amountAt), so FindAmounts skips the numbers of the
// sentences that have none.
func mentionsCurrency(s string) bool {
	for i, r := range s {
		for _, w := range currencyHeads[r] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

func parseCurrencies(tsv string) []currencyWord {
	var out []currencyWord
	for n, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || len(cols[1]) != 3 {
			panic(fmt.Sprintf("currencies.tsv:%d: want word<TAB>ISO<TAB>suffix|prefix|both, got %q", n+1, line))
		}
		out = append(out, currencyWord{
			word:   cols[0],
			iso:    cols[1],
			prefix: cols[2] == "prefix" || cols[2] == "both",
			suffix: cols[2] == "suffix" || cols[2] == "both",
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].word) > len(out[j].word) })
	return out
}

var (
	// Within the clause before an amount: the figure adds up years or
	// editions (5年来累计, 过去四届, 历届).
	cumulativeRE = regexp.MustCompile(`累计|累計|(?:[0-9０-９]+|[一二三四五六七八九十两兩]+|多|几|幾)年(?:来|來|间|間|以来|以來)|(?:过去|過去|前|近)(?:[0-9０-９]+|[一二三四五六七八九十两兩]+)(?:届|屆|年)|历届|歷屆|历年|歷年`)
	// The figure is a forecast.
	expectedWords = []string{"预计", "預計", "有望", "将达", "將達", "预期", "預期", "预估", "預估", "可望"}
	// Words right before a number.
	overBefore  = []string{"超过", "超過", "超出", "多于", "多於", "不少于", "不少於", "不低于", "不低於", "逾", "超", "上"}
	aboutBefore = []string{"接近", "将近", "將近", "大约", "大約", "约合", "約合", "近", "约", "約", "或达", "或達"}
	// Per-unit price markers before a number (每股, 单价) and after it (/吨).
	perUnitWords = []string{"每", "单价", "單價", "均价", "均價", "人均", "售价", "售價", "票价", "票價", "股价", "股價"}
	perUnitRE    = regexp.MustCompile(`(?:` + strings.Join(perUnitWords, "|") + `)[^，,；;。]{0,4}$`)
)

// FindAmounts finds sums of money in a sentence: Arabic, full-width and
// Chinese numerals (traditional too) with 十/百/千/万/亿 multipliers, in any
// currency listed in data/currencies.tsv, written before (US$, ¥, 人民币) or
// after (美元, 元, 歐元) the number. Values are exact (math/big) in whole
// units. Vague figures (数十亿) and numbers that are not money (300架) are
// skipped. For a range (3亿至5亿美元) the lower bound is taken as "over".
func FindAmounts(sentence string) []AmountMatch {
	var out []AmountMatch
	if !mentionsCurrency(sentence) {
		return out
	}
	for i := 0; i < len(sentence); {
		n, ok := scanNumber(sentence, i)
		if !ok {
			_, size := utf8.DecodeRuneInString(sentence[i:])
			i += size
			continue
		}
		m, end, found := amountAt(sentence, i, n)
		// a match must not reuse the previous one's currency word
		// (0人民币1000) nor end inside a character
		if found && (len(out) > 0 && m.Start < out[len(out)-1].End ||
			m.End > len(sentence) || !utf8.ValidString(sentence[m.Start:m.End])) {
			found = false
		}
		if found {
			out = append(out, m)
			i = max(end, i+1)
			continue
		}
		i = n.end
	}
	return out
}

// amountAt builds the amount that starts with the number n at byte start,
// if a currency goes with it. end is where scanning resumes.
func amountAt(s string, start int, n number) (AmountMatch, int, bool) {
	var m AmountMatch
	// Prefix currency (US$5亿, RMB5000, 人民币5亿元).
	prefixISO, textStart := "", start
	if w, ws := currencyBefore(s, start); w != nil {
		prefixISO, textStart = w.iso, ws
	}
	if n.vague || prefixISO == "" && precededByLetterOrDigit(s, start) || precededBy(s, start, "数", "數", "几", "幾", "第") {
		return m, n.end, false
	}
	qual := QualExact
	if n.over {
		qual = QualOver
	}
	value, pos := n.value, n.end
	// A trailing 多/余 before the currency: 170多元.
	if w := hasPrefixAny(s[pos:], "多", "余", "餘"); w != "" {
		if c := currencyAfter(s, pos+len(w)); c != nil {
			pos += len(w)
			qual = QualOver
		}
	}
	c := currencyAfter(s, pos)
	if c == nil {
		// A range: 3-5亿美元, 3亿至5亿美元.
		if sep := hasPrefixAny(s[pos:], "至", "到", "~", "～", "-", "－", "—", "–"); sep != "" {
			if n2, ok := scanNumber(s, pos+len(sep)); ok && !n2.vague {
				if c2 := currencyAfter(s, n2.end); c2 != nil {
					if !n.hasUnit {
						value = new(big.Rat).Mul(value, n2.trailing)
					}
					c, pos, qual = c2, n2.end, QualOver
				}
			}
		}
	}
	iso, end := "", pos
	switch {
	case c != nil:
		iso, end = c.iso, pos+len(c.word)
		if prefixISO != "" && (c.word == "元" || c.iso == prefixISO) {
			iso = prefixISO // 港币5亿元
		}
	case prefixISO != "":
		iso = prefixISO
	default:
		return m, n.end, false
	}
	rangeEnd := false
	if c != nil {
		// A range whose bounds both carry the currency: 新台币3亿元至4亿元,
		// 3亿美元至5亿美元. The upper bound is part of this amount.
		if sep := hasPrefixAny(s[end:], "至", "到", "~", "～", "－", "—", "–"); sep != "" {
			if n2, ok := scanNumber(s, end+len(sep)); ok && !n2.vague {
				if c2 := currencyAfter(s, n2.end); c2 != nil && (c2.iso == c.iso || c2.word == "元") {
					end, rangeEnd = n2.end+len(c2.word), true
				}
			}
		}
	}
	before := s[:textStart]
	switch {
	case endsWithAny(before, overBefore...) != "":
		if w := endsWithAny(before, overBefore...); w != "上" || n.leadingUnit {
			qual = QualOver
		}
	case aboutWordBefore(before):
		if qual != QualOver {
			qual = QualAbout
		}
	}
	if rangeEnd {
		qual = QualOver
	}
	after := strings.TrimLeftFunc(s[end:], unicode.IsSpace)
	switch {
	case hasPrefixAny(after, "以上", "之上", "有余", "有餘", "多") != "":
		qual = QualOver
	case hasPrefixAny(after, "左右", "上下") != "" && qual != QualOver:
		qual = QualAbout
	}
	clause := clauseBefore(s, textStart)
	m = AmountMatch{
		Amount: Amount{
			Value:      ratString(value),
			Currency:   iso,
			Qualifier:  qual,
			Cumulative: cumulative(s, textStart, clause),
			Expected:   containsAny(clause, expectedWords...),
			Text:       s[textStart:end],
		},
		Start:   textStart,
		End:     end,
		PerUnit: perUnit(clause) || hasPrefixAny(after, "/", "／", "每") != "",
	}
	return m, end, true
}

// number is a parsed numeral.
type number struct {
	end         int
	value       *big.Rat
	trailing    *big.Rat // product of the multipliers after the last digit
	hasUnit     bool     // any multiplier (十 百 千 万 亿)
	leadingUnit bool     // starts with a multiplier (百亿)
	over        bool     // 多/余 inside (170多亿)
	vague       bool     // 几 inside (十几亿)
}

var (
	ratTen = big.NewRat(10, 1)
	ratOne = big.NewRat(1, 1)
)

func chineseDigit(r rune) (int64, bool) {
	switch r {
	case '〇', '零', '○':
		return 0, true
	case '一', '壹':
		return 1, true
	case '二', '两', '兩', '贰', '貳':
		return 2, true
	case '三', '叁', '參':
		return 3, true
	case '四', '肆':
		return 4, true
	case '五', '伍':
		return 5, true
	case '六', '陆', '陸':
		return 6, true
	case '七', '柒':
		return 7, true
	case '八', '捌':
		return 8, true
	case '九', '玖':
		return 9, true
	}
	return 0, false
}

func smallUnit(r rune) int64 {
	switch r {
	case '十', '拾':
		return 10
	case '百', '佰':
		return 100
	case '千', '仟':
		return 1000
	}
	return 0
}

func bigUnit(r rune) int64 {
	switch r {
	case '万', '萬':
		return 10000
	case '亿', '億':
		return 100000000
	}
	return 0
}

func arabicDigit(r rune) (int64, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int64(r - '0'), true
	case r >= '０' && r <= '９':
		return int64(r - '０'), true
	}
	return 0, false
}

// scanArabic reads 1,510 / 1，510 / 4.58 / ４．５８ at i.
func scanArabic(s string, i int) (*big.Rat, int, bool) {
	var digits strings.Builder
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if d, ok := arabicDigit(r); ok {
			digits.WriteByte(byte('0' + d))
			j += size
			continue
		}
		if (r == ',' || r == '，') && digits.Len() > 0 {
			// A thousands separator has exactly three digits after it.
			k, n := j+size, 0
			for n < 4 && k < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[k:])
				if _, ok := arabicDigit(r2); !ok {
					break
				}
				k += s2
				n++
			}
			if n == 3 {
				j += size
				continue
			}
		}
		break
	}
	if digits.Len() == 0 {
		return nil, i, false
	}
	if j < len(s) {
		if r, size := utf8.DecodeRuneInString(s[j:]); r == '.' || r == '．' {
			k, frac := j+size, ""
			for k < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[k:])
				d, ok := arabicDigit(r2)
				if !ok {
					break
				}
				frac += string(rune('0' + d))
				k += s2
			}
			if frac != "" {
				digits.WriteString("." + frac)
				j = k
			}
		}
	}
	v, ok := new(big.Rat).SetString(digits.String())
	return v, j, ok
}

// scanNumber parses a numeral at byte i: Arabic digits, Chinese digits and
// multipliers in any mix (4.58亿, 1.2万亿, 九億六千九百萬, 8千9百萬, 百亿,
// 170多亿).
func scanNumber(s string, i int) (number, bool) {
	n := number{end: i}
	if !numberStart(s, i) {
		return n, false
	}
	total, section := new(big.Rat), new(big.Rat)
	var pending *big.Rat // last digit group not yet multiplied
	trailing := big.NewRat(1, 1)
	tokens := 0
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if _, ok := arabicDigit(r); ok {
			if pending != nil {
				break // 5亿3 … a second number
			}
			v, k, ok := scanArabic(s, j)
			if !ok {
				break
			}
			pending, j = v, k
			trailing = big.NewRat(1, 1)
			tokens++
			continue
		}
		if d, ok := chineseDigit(r); ok {
			if pending != nil {
				// 二〇二〇: positional digits.
				pending = new(big.Rat).Add(new(big.Rat).Mul(pending, ratTen), big.NewRat(d, 1))
			} else {
				pending = big.NewRat(d, 1)
			}
			trailing = big.NewRat(1, 1)
			j += size
			tokens++
			continue
		}
		if u := smallUnit(r); u != 0 {
			if tokens == 0 {
				n.leadingUnit = true
			}
			p := pending
			if p == nil {
				p = ratOne
			}
			section.Add(section, new(big.Rat).Mul(p, big.NewRat(u, 1)))
			pending = nil
			trailing.Mul(trailing, big.NewRat(u, 1))
			n.hasUnit = true
			j += size
			tokens++
			continue
		}
		if u := bigUnit(r); u != 0 && tokens > 0 {
			mult := big.NewRat(u, 1)
			part := new(big.Rat).Add(section, orZero(pending))
			if u == 10000 {
				section = part.Mul(part, mult)
			} else { // 亿 scales everything before it, 万 included (1.2万亿)
				total.Add(total, part)
				total.Mul(total, mult)
				section = new(big.Rat)
			}
			pending = nil
			trailing.Mul(trailing, mult)
			n.hasUnit = true
			j += size
			tokens++
			continue
		}
		if (r == '多' || r == '余' || r == '餘' || r == '几' || r == '幾') && tokens > 0 {
			// 170多亿, 10余亿, 十几亿: only inside a number, before a unit.
			if next, _ := utf8.DecodeRuneInString(s[j+size:]); smallUnit(next) != 0 || bigUnit(next) != 0 {
				if r == '几' || r == '幾' {
					n.vague = true
				} else {
					n.over = true
				}
				j += size
				continue
			}
		}
		break
	}
	if tokens == 0 || (pending == nil && !n.hasUnit) {
		return n, false
	}
	// A lone multiplier is not a number (万 in 万科); 十/百/千 alone are.
	n.value = new(big.Rat).Add(total, section)
	n.value.Add(n.value, orZero(pending))
	n.trailing = trailing
	n.end = j
	return n, true
}

// numberStart reports whether a numeral may start at byte i: FindAmounts
// asks at every position, and most are not digits.
func numberStart(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if _, ok := arabicDigit(r); ok {
		return true
	}
	if _, ok := chineseDigit(r); ok {
		return true
	}
	return smallUnit(r) != 0
}

func orZero(r *big.Rat) *big.Rat {
	if r == nil {
		return new(big.Rat)
	}
	return r
}

// ratString writes a terminating decimal without exponent or trailing zeros.
func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(30)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// currencyAfter returns the currency word at byte i of s (after optional
// spaces), longest first.
func currencyAfter(s string, i int) *currencyWord {
	rest := strings.TrimLeft(s[i:], " ")
	for k := range currencyWords {
		w := &currencyWords[k]
		if w.suffix && strings.HasPrefix(rest, w.word) {
			if isASCIIWord(w.word) && len(rest) > len(w.word) && isASCIILetter(rest[len(w.word)]) {
				continue // USDT
			}
			if w.word == "元" {
				// 一元化, 多元素, 二元论: 元 starting another word.
				if next, _ := utf8.DecodeRuneInString(rest[len(w.word):]); strings.ContainsRune("化素首旦年老帅帥件宇朝代气氣宵月论論", next) {
					return nil
				}
			}
			return w
		}
	}
	return nil
}

// currencyBefore returns the prefix currency ending at byte i (before
// optional spaces) and where it starts.
func currencyBefore(s string, i int) (*currencyWord, int) {
	head := strings.TrimRight(s[:i], " ")
	for k := range currencyWords {
		w := &currencyWords[k]
		if w.prefix && strings.HasSuffix(head, w.word) {
			start := len(head) - len(w.word)
			if isASCIIWord(w.word) && start > 0 && isASCIILetter(head[start-1]) {
				continue
			}
			return w, start
		}
	}
	return nil, i
}

func isASCIIWord(w string) bool { return w != "" && isASCIILetter(w[0]) }

func isASCIILetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

func precededByLetterOrDigit(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	if r == '.' || r == '．' {
		r2, _ := utf8.DecodeLastRuneInString(s[:i-utf8.RuneLen(r)])
		_, digit := arabicDigit(r2)
		return digit
	}
	_, digit := arabicDigit(r)
	return r < utf8.RuneSelf && (isASCIILetter(byte(r)) || r == '_') || digit || r >= 'Ａ' && r <= 'ｚ' && unicode.IsLetter(r)
}

// aboutWordBefore: s ends with 约/近/接近…, not with a word that merely
// ends in 约 or 近 (签约, 合约, 最近, 附近).
func aboutWordBefore(s string) bool {
	w := endsWithAny(s, aboutBefore...)
	if w == "" {
		return false
	}
	if w != "近" && w != "约" && w != "約" {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:len(s)-len(w)])
	return !strings.ContainsRune("签簽合条條契预預公节節制规規特邀相婚赴履毁毀解违違缔締和最附靠临臨邻鄰亲親贴貼", prev)
}

func precededBy(s string, i int, words ...string) bool {
	return endsWithAny(s[:i], words...) != ""
}

func endsWithAny(s string, words ...string) string {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return w
		}
	}
	return ""
}

// containsAny reports whether one of words occurs in s (what a regexp
// alternating the words would match, without the regexp machine).
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// perUnit reports whether a clause ends with a per-unit price marker and
// at most four characters (perUnitRE), testing first whether it has one.
func perUnit(clause string) bool {
	return containsAny(clause, perUnitWords...) && perUnitRE.MatchString(clause)
}

func hasPrefixAny(s string, words ...string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	return ""
}

// clauseStart returns where the clause holding byte i starts: ，,；;。！？!?：
// end a clause; an ASCII comma between digits (1,510) does not.
func clauseStart(s string, i int) int {
	for j := i; j > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		switch r {
		case '，', '；', ';', '。', '！', '？', '!', '?', '：', ':':
			return j
		case ',':
			prev, _ := utf8.DecodeLastRuneInString(s[:j-size])
			next, _ := utf8.DecodeRuneInString(s[j:])
			_, d1 := arabicDigit(prev)
			_, d2 := arabicDigit(next)
			if !(d1 && d2) {
				return j
			}
		}
		j -= size
	}
	return 0
}

// clauseBefore is the clause text from its start up to byte i.
func clauseBefore(s string, i int) string { return s[clauseStart(s, i):i] }

// cumulative: a cumulative marker in the clause before the amount, or a
// time-span marker (过去四届进博会中，…) in a short clause just before it.
func cumulative(s string, i int, clause string) bool {
	if cumulativeMatch(clause) {
		return true
	}
	start := clauseStart(s, i)
	if start == 0 {
		return false
	}
	_, size := utf8.DecodeLastRuneInString(s[:start])
	prev := clauseBefore(s, start-size)
	return utf8.RuneCountInString(prev) <= 12 && cumulativeMatch(prev) && !strings.Contains(prev, "累计")
}

func cumulativeMatch(clause string) bool {
	// every alternative of cumulativeRE has one of these characters
	if !strings.ContainsAny(clause, "累年届屆历歷") {
		return false
	}
	for _, loc := range cumulativeRE.FindAllStringIndex(clause, -1) {
		// 2019年来华 is "came to China in 2019", not "over 2019 years".
		if next, _ := utf8.DecodeRuneInString(clause[loc[1]:]); next == '华' || next == '華' {
			continue
		}
		return true
	}
	return false
}
