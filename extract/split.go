package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence roles.
const (
	RoleBody     = "body"
	RoleHeadline = "headline"
	RoleByline   = "byline"
)

// headlineMaxRunes is the longest paragraph without sentence-final
// punctuation that is taken for a headline or section title.
const headlineMaxRunes = 30

// Split cuts decoded text into paragraphs and sentences.
//
// Paragraphs end at line breaks and at runs of two or more ideographic
// spaces (U+3000), which some sites use instead of line breaks; runs of
// ASCII spaces inside a line are kept. Sentences end after 。！？；!?; and
// after an ellipsis (…… ⋯) that is not followed by more of the clause, and
// take any closing quotes or brackets that follow the terminator with them.
// Sentence text is trimmed of white space; Span locates exactly that text.
//
// Roles: a paragraph with no sentence-final punctuation of at most
// headlineMaxRunes runes is a "headline" (titles and section titles); a
// reporter or dateline line (see ParseByline) is a "byline", and a dateline
// opening a paragraph (中新社北京11月5日电 (记者 王庆凯)第三届…) is cut off
// into a byline sentence of its own. Everything else is "body".
func Split(text string) []Sentence {
	var out []Sentence
	para := 0
	for _, p := range paragraphs(text) {
		sents := sentences(text, p)
		if len(sents) == 0 {
			continue
		}
		first := sents[0]
		if n, _ := bylinePrefix(text[first.Start:first.End]); n > 0 {
			by := trimSpan(text, Span{first.Start, first.Start + n})
			rest := trimSpan(text, Span{first.Start + n, first.End})
			sents[0] = by
			if rest.End > rest.Start {
				sents = append(sents[:1], append([]Span{rest}, sents[1:]...)...)
			}
			for i, sp := range sents {
				role := RoleBody
				if i == 0 {
					role = RoleByline
				}
				out = append(out, Sentence{Text: text[sp.Start:sp.End], Span: sp, Paragraph: para, Role: role})
			}
			para++
			continue
		}
		role := RoleBody
		if len(sents) == 1 && isHeadline(text[first.Start:first.End]) {
			role = RoleHeadline
		}
		for _, sp := range sents {
			out = append(out, Sentence{Text: text[sp.Start:sp.End], Span: sp, Paragraph: para, Role: role})
		}
		para++
	}
	return out
}

// isHeadline: short, no sentence-final punctuation, not wholly bracketed
// (（完）, (责任编辑：王某) are notes, not titles).
func isHeadline(s string) bool {
	if utf8.RuneCountInString(s) > headlineMaxRunes || strings.ContainsAny(s, "。！？；!?;…⋯") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune("（(【[〔", first) && strings.ContainsRune("）)】]〕", last) {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// paragraphs returns the non-blank paragraph spans of text, trimmed.
func paragraphs(text string) []Span {
	var out []Span
	start := 0
	add := func(end int) {
		if sp := trimSpan(text, Span{start, end}); sp.End > sp.Start {
			out = append(out, sp)
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			add(i)
			start = i + size
			i += size
		case unicode.IsSpace(r):
			// A white-space run with two or more ideographic spaces breaks.
			j, ideo := i, 0
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 == '\n' || !unicode.IsSpace(r2) {
					break
				}
				if r2 == '\u3000' {
					ideo++
				}
				j += s2
			}
			if ideo >= 2 {
				add(i)
				start = j
			}
			i = j
		default:
			i += size
		}
	}
	add(len(text))
	return out
}

func isTerminator(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '!', '?', ';', '｡':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '》', '】', '〕', ']', '］', '"', '〉':
		return true
	}
	return false
}

func isEllipsis(r rune) bool { return r == '…' || r == '⋯' }

// continuesClause: what after an ellipsis shows the sentence goes on (or
// ends with its own terminator): clause punctuation, or 等 closing a list
// (原油、化工品……等产品).
func continuesClause(r rune) bool {
	return isTerminator(r) || strings.ContainsRune("，,、：:等", r)
}

// sentences cuts the paragraph span p of text into trimmed sentence spans.
func sentences(text string, p Span) []Span {
	var out []Span
	start := p.Start
	emit := func(end int) {
		if sp := trimSpan(text, Span{start, end}); sp.End > sp.Start {
			out = append(out, sp)
		}
		start = end
	}
	// skip advances over runes satisfying ok from i.
	skip := func(i int, ok func(rune) bool) int {
		for i < p.End {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !ok(r) {
				break
			}
			i += size
		}
		return i
	}
	for i := p.Start; i < p.End; {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isTerminator(r):
			j := skip(i, func(r rune) bool { return isTerminator(r) || isCloser(r) || isEllipsis(r) })
			emit(j)
			i = j
		case isEllipsis(r):
			j := skip(i, isEllipsis)
			j = skip(j, isCloser)
			if j < p.End {
				if next, _ := utf8.DecodeRuneInString(text[j:]); continuesClause(next) {
					i = j
					continue
				}
			}
			emit(j)
			i = j
		default:
			i += size
		}
	}
	emit(p.End)
	return out
}

// trimSpan shrinks sp to exclude leading and trailing white space.
func trimSpan(text string, sp Span) Span {
	for sp.Start < sp.End {
		r, size := utf8.DecodeRuneInString(text[sp.Start:sp.End])
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			break
		}
		sp.Start += size
	}
	for sp.End > sp.Start {
		r, size := utf8.DecodeLastRuneInString(text[sp.Start:sp.End])
		if !unicode.IsSpace(r) && r != '\uFEFF' {
			break
		}
		sp.End -= size
	}
	return sp
}

// Byline is what a reporter or dateline line says.
type Byline struct {
	Agency    string   `json:"agency,omitempty"`
	Place     string   `json:"place,omitempty"`
	Date      string   `json:"date,omitempty"`
	Reporters []string `json:"reporters,omitempty"`
}

// ParseByline reads a whole reporter or dateline line:
//
//	本报记者  宋  宇                      → Agency 本报, Reporters [宋宇]
//	本报记者  李  栋  齐志明              → [李栋 齐志明]
//	中新社北京11月5日电 (记者 王庆凯)     → 中新社, 北京, 11月5日, [王庆凯]
//	【大紀元7月19日報導】(中央社紐約十八日法新電)
//	新华社北京3月5日电, 本报讯, (通讯员 李四)
//
// Reporter names lose their inner spaces: papers pad two-character names to
// three columns (宋  宇), so single characters separated by spaces are joined
// in pairs, while longer tokens are names of their own. ok is false unless
// all of s is a byline ("据路透社报道" is not one).
func ParseByline(s string) (b Byline, ok bool) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	n, b := bylinePrefix(s)
	return b, n > 0 && n == len(s)
}

const (
	bylineNum  = `(?:[0-9０-９]{1,4}|[〇零一二三四五六七八九十]{1,4})`
	bylineDate = `(?:` + bylineNum + `年)?(?:` + bylineNum + `月)?` + bylineNum + `日`
)

var (
	// Agency, place, date, optional wire (法新, 路透) and 电/讯/报道.
	datelineRE = regexp.MustCompile(`^(\p{Han}{2,12}?)(` + bylineDate + `)(\p{Han}{0,3}?)(?:电|電|讯|訊|报道|報道|报导|報導)`)
	// 本报讯, 新华社讯: an agency and 讯 without a date.
	bareWireRE = regexp.MustCompile(`^(\p{Han}{1,8}(?:社|报|報|网|網|台|臺))(?:讯|訊)`)
	// Reporter role words; what comes before the first one is the agency.
	reporterRoleRE = regexp.MustCompile(`(?:特约|特約|实习|實習|见习|見習|首席|驻\p{Han}{1,6}|駐\p{Han}{1,6})?(?:记者|記者|通讯员|通訊員|特派员|特派員|撰稿人|编译|編譯)`)
	agencyEndRE    = regexp.MustCompile(`^\p{Han}*?(?:社|日报|日報|晚报|晚報|时报|時報|报|報|网|網|电视台|電視台|台|臺)`)
	nameTokenRE    = regexp.MustCompile(`^\p{Han}[\p{Han}·•]*$`)
	bylineSepRE    = regexp.MustCompile(`[\s\p{Zs}、，,；;/／]+`)
)

// reporterRoles are the words one of which every match of reporterRoleRE
// ends with.
var reporterRoles = []string{"记者", "記者", "通讯员", "通訊員", "特派员", "特派員", "撰稿人", "编译", "編譯"}

// hasReporterRole reports whether s may hold a reporter role: a cheap test
// before the regexp, which Split runs on every paragraph.
func hasReporterRole(s string) bool {
	for _, w := range reporterRoles {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// bylinePrefix returns how many bytes at the start of s (which must not
// start with white space) form a byline, and what they say.
func bylinePrefix(s string) (int, Byline) {
	var b Byline
	consumed := 0
	for pos := 0; pos < len(s); {
		p := pos + len(s[pos:]) - len(strings.TrimLeftFunc(s[pos:], unicode.IsSpace))
		rest := s[p:]
		if inner, n := bracketed(rest); n > 0 {
			if parseDateline(inner, &b) || parseReporters(inner, &b) {
				pos = p + n
				consumed = pos
				continue
			}
			break
		}
		if n := datelineAt(rest, &b); n > 0 {
			pos = p + n
			consumed = pos
			continue
		}
		if parseReporters(rest, &b) {
			consumed = len(s)
		}
		break
	}
	return consumed, b
}

// bracketed returns the trimmed inside of a bracket opening s and the byte
// length of the bracket, or 0 if s does not open a short bracket.
func bracketed(s string) (string, int) {
	open, size := utf8.DecodeRuneInString(s)
	closers := map[rune]string{'【': "】", '[': "]", '（': "）)", '(': ")）", '〔': "〕", '［': "］"}
	cl, ok := closers[open]
	if !ok {
		return "", 0
	}
	for i, r := range s[size:] {
		if strings.ContainsRune(cl, r) {
			inner := strings.TrimFunc(s[size:size+i], unicode.IsSpace)
			return inner, size + i + utf8.RuneLen(r)
		}
		if i > 120 || r == '\n' {
			break
		}
	}
	return "", 0
}

// datelineAt matches a dateline at the start of s that is followed by a
// boundary (end, white space, bracket, colon) and merges it into b.
func datelineAt(s string, b *Byline) int {
	// (a dateline has a date ending in 日, a bare wire 讯 or 訊: most
	// sentences are spared the regexps)
	var m []int
	if strings.Contains(s, "日") {
		m = datelineRE.FindStringSubmatchIndex(s)
	}
	if m == nil {
		if !strings.Contains(s, "讯") && !strings.Contains(s, "訊") {
			return 0
		}
		m = bareWireRE.FindStringSubmatchIndex(s)
		if m == nil {
			return 0
		}
	}
	if strings.HasPrefix(s, "据") || strings.HasPrefix(s, "據") {
		return 0 // 据新华社3月5日报道: a source, not a dateline
	}
	end := m[1]
	if end < len(s) {
		next, size := utf8.DecodeRuneInString(s[end:])
		switch {
		case next == '：' || next == ':':
			end += size
		case unicode.IsSpace(next) || strings.ContainsRune("（(【[〔", next):
		default:
			return 0 // 3月5日电话会议…
		}
	}
	if len(m) == 8 { // datelineRE
		agency, place := splitAgency(s[m[2]:m[3]])
		setIfEmpty(&b.Agency, agency)
		setIfEmpty(&b.Place, place)
		setIfEmpty(&b.Date, s[m[4]:m[5]])
	} else {
		setIfEmpty(&b.Agency, s[m[2]:m[3]])
	}
	return end
}

// parseDateline reports whether all of s is a dateline, merging it into b.
func parseDateline(s string, b *Byline) bool {
	var tmp Byline
	n := datelineAt(s, &tmp)
	if n == 0 || strings.TrimFunc(s[n:], unicode.IsSpace) != "" {
		return false
	}
	mergeByline(b, tmp)
	return true
}

// parseReporters reports whether all of s is reporter credits ("本报记者
// 宋  宇", "记者 王庆凯 通讯员 李四", "记者李栋、齐志明"), merging them into b.
func parseReporters(s string, b *Byline) bool {
	if !hasReporterRole(s) {
		return false
	}
	locs := reporterRoleRE.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return false
	}
	prefix := s[:locs[0][0]]
	if prefix != "" && !nameTokenRE.MatchString(prefix) || utf8.RuneCountInString(prefix) > 8 {
		return false
	}
	var names []string
	for k, loc := range locs {
		end := len(s)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		chunk := strings.TrimLeftFunc(s[loc[1]:end], func(r rune) bool { return r == '：' || r == ':' || unicode.IsSpace(r) })
		got, ok := splitNames(chunk)
		if !ok {
			return false
		}
		names = append(names, got...)
	}
	if len(names) == 0 {
		return false
	}
	agency, _ := splitAgency(prefix)
	setIfEmpty(&b.Agency, agency)
	b.Reporters = append(b.Reporters, names...)
	return true
}

// splitNames splits reporter names: on white space and list punctuation,
// then single characters are joined pairwise (宋  宇 → 宋宇; 李  栋  齐志明 →
// 李栋, 齐志明). A trailing 报道/摄 is dropped. ok is false when a token is
// not a plausible name.
func splitNames(s string) ([]string, bool) {
	var toks []string
	for _, t := range bylineSepRE.Split(s, -1) {
		if t != "" {
			toks = append(toks, t)
		}
	}
	for len(toks) > 0 {
		switch toks[len(toks)-1] {
		case "报道", "報道", "报导", "報導", "摄", "攝", "摄影", "攝影":
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	var names []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !nameTokenRE.MatchString(t) || notNameStart(t) {
			return nil, false
		}
		if utf8.RuneCountInString(t) == 1 {
			switch {
			case i+1 < len(toks) && utf8.RuneCountInString(toks[i+1]) == 1:
				t += toks[i+1]
				i++
			case i+1 < len(toks):
				// A lone character before a longer token: part of it.
				t += toks[i+1]
				i++
			case len(names) > 0:
				names[len(names)-1] += t
				continue
			}
		}
		if n := utf8.RuneCountInString(t); n < 2 || n > 12 || n > 4 && !strings.ContainsAny(t, "·•") {
			return nil, false
		}
		names = append(names, t)
	}
	return names, true
}

// notNameStart tells words that follow 记者 in running text (记者获悉,
// 记者从…了解到) from names.
func notNameStart(t string) bool {
	for _, w := range []string{"获悉", "獲悉", "了解", "瞭解", "注意", "看到", "发现", "發現", "采访", "採訪", "从", "從", "在", "近日", "日前", "昨天", "今天", "们", "們", "会", "會", "节", "節", "站"} {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// splitAgency splits "中新社北京" into agency 中新社 and place 北京. Without a
// recognisable agency ending the whole prefix is the agency.
func splitAgency(prefix string) (agency, place string) {
	for _, mod := range []string{"特约", "特約", "实习", "實習", "见习", "見習", "首席"} {
		prefix = strings.TrimSuffix(prefix, mod)
	}
	if m := agencyEndRE.FindStringIndex(prefix); m != nil {
		return prefix[:m[1]], prefix[m[1]:]
	}
	return prefix, ""
}

func mergeByline(b *Byline, o Byline) {
	setIfEmpty(&b.Agency, o.Agency)
	setIfEmpty(&b.Place, o.Place)
	setIfEmpty(&b.Date, o.Date)
	b.Reporters = append(b.Reporters, o.Reporters...)
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
