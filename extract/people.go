package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readBylines turns bylines into reporters.
func (d *docState) readBylines() {
	for k, st := range d.sents {
		var reporters []string
		if st.role == "byline" {
			if b, ok := ParseByline(st.s); ok {
				reporters = b.Reporters
			}
		}
		// 21世纪经济报道记者 唐思远 上海报道, （中央社记者林奕辰台北15日电）:
		// credits the byline parser does not know, near the top
		if len(reporters) == 0 && k < 4 && st.role != "body" || len(reporters) == 0 && k < 3 {
			for _, m := range reporterRE.FindAllStringSubmatch(st.s, -1) {
				reporters = append(reporters, strings.Fields(strings.ReplaceAll(m[1], "\u00a0", " "))...)
			}
		}
		for _, r := range reporters {
			r = stripSpace(r)
			r = trimPlaceDate(d, r)
			if runeLen(r) < 2 || runeLen(r) > 4 || strings.HasSuffix(r, "报道") || strings.HasSuffix(r, "电") ||
				d.x.lex.has("place", r) || d.x.countryIndex(r) >= 0 || !d.isSurnamed(r) {
				continue
			}
			e := d.entity(Person, r, r)
			e.role = "reporter"
			if e.title == "" {
				e.title = "记者"
			}
			if loc := spacedRE(r).FindStringIndex(st.s); loc != nil {
				d.note(st, e, loc[0], loc[1], "byline")
			}
		}
	}
}

// creditRE finds a closing credit in brackets: （作者：Jiyoung Park；编辑：周晗）,
// （编辑：张雅婷）, also when the splitter cut it at its semicolon (the
// sentence starts or ends inside the brackets). Group 1 is the inside.
var creditRE = regexp.MustCompile(`(?:^|[（(])\s*((?:作者|记者|编辑|责任编辑|撰稿|审校|校对)\s*[：:][^（）()]{1,60}?)\s*(?:[）)]|[；;]?$)`)

// creditBareRE finds a closing credit without a colon: （本报记者 何思远
// 整理）, （记者 王静 李明）. Group 1 is the role, group 2 the names.
var creditBareRE = regexp.MustCompile(`[（(]\s*(?:本报|本刊|本台)?(记者|编辑|通讯员|实习生)[\s\x{3000}]*((?:\p{Han}{2,4}[\s\x{3000}、]*)+?)(?:整理|报道|编译|采写|综合)?\s*[）)]`)

// creditRoleRE splits a credit into its roles and names.
var creditRoleRE = regexp.MustCompile(`(作者|记者|编辑|责任编辑|撰稿|审校|校对)\s*[：:]\s*([^；;，,：:]+)`)

// readCredits reads the closing credits of the last sentences: each name
// is a person with the role as title (a reporter credit, like a byline's).
func (d *docState) readCredits() {
	for k := len(d.sents) - 1; k >= 0 && k >= len(d.sents)-3; k-- {
		st := d.sents[k]
		var bare [][]int
		if strings.ContainsAny(st.s, "（(") {
			bare = creditBareRE.FindAllStringSubmatchIndex(st.s, -1)
		}
		for _, c := range bare {
			role := st.s[c[2]:c[3]]
			for _, name := range strings.FieldsFunc(st.s[c[4]:c[5]], func(r rune) bool { return r == '、' || r == ' ' || r == '\u3000' || r == '\t' }) {
				if !d.creditName(name) || st.mentionAt(c[4]) != nil {
					continue
				}
				d.creditPerson(st, c[4], name, role)
			}
		}
		for _, c := range creditRE.FindAllStringSubmatchIndex(st.s, -1) {
			inside := st.s[c[2]:c[3]]
			for _, m := range creditRoleRE.FindAllStringSubmatchIndex(inside, -1) {
				role := inside[m[2]:m[3]]
				for _, name := range strings.FieldsFunc(inside[m[4]:m[5]], func(r rune) bool { return r == '、' || r == '/' }) {
					name = strings.TrimSpace(name)
					if !d.creditName(name) {
						continue
					}
					d.creditPerson(st, c[2], name, role)
				}
			}
		}
	}
}

// creditPerson records the person a closing credit names, with the credit's
// role as title, at the first place of name in st.s from byte from.
func (d *docState) creditPerson(st *sentence, from int, name, role string) {
	e := d.entity(Person, stripSpace(name), name)
	if e.role == "" {
		e.role = "reporter"
	}
	if e.title == "" || e.title == "记者" && e.role == "reporter" {
		e.title = role // the credit says which role
	}
	if i := strings.Index(st.s[from:], name); i >= 0 {
		d.note(st, e, from+i, from+i+len(name), "credit")
	}
}

// creditName reports whether a credit's name looks like a person's: a
// Chinese name with a known surname, a transliteration with a dot, or two
// or three capitalized Latin words.
func (d *docState) creditName(name string) bool {
	switch {
	case hasHan(name) && strings.ContainsAny(name, "·．•"):
		return runeLen(name) <= 16 && isAllHan(strings.NewReplacer("·", "", "．", "", "•", "").Replace(name))
	case hasHan(name):
		n := stripSpace(name)
		return runeLen(n) >= 2 && runeLen(n) <= 4 && isAllHan(n) && d.isSurnamed(n) && !d.x.lex.has("place", n)
	}
	words := strings.Fields(name)
	if len(words) < 2 || len(words) > 3 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || !isLatin(w) {
			return false
		}
	}
	return true
}

// spacedRE matches name with any white space between its characters.
func spacedRE(name string) *regexp.Regexp {
	var parts []string
	for _, r := range name {
		parts = append(parts, regexp.QuoteMeta(string(r)))
	}
	return regexp.MustCompile(strings.Join(parts, `[\s\x{3000}\x{00a0}]*`))
}

// findQuotes records the quoted passages of the document.
func (d *docState) findQuotes() {
	pairs := map[rune]rune{'“': '”', '「': '」', '『': '』'}
	var stack []int
	var want []rune
	for i, r := range d.text {
		if c, ok := pairs[r]; ok {
			stack = append(stack, i)
			want = append(want, c)
			continue
		}
		if n := len(want); n > 0 && r == want[n-1] {
			if n == 1 {
				d.quotes = append(d.quotes, quote{s: stack[0], e: i + utf8.RuneLen(r)})
			}
			stack, want = stack[:n-1], want[:n-1]
		}
	}
}

// boundaryAt reports whether a person's name may end at byte i of st.
func (d *docState) boundaryAt(st *sentence, i int) bool {
	if i >= len(st.s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(st.s[i:])
	if clauseBreak(r) || r == ' ' || r == '(' || r == '（' {
		return true
	}
	rest := st.s[i:]
	lx := d.x.lex
	if lx.prefix("speech", rest) != "" || lx.prefix("boundary", rest) != "" {
		return true
	}
	if lx.prefix("stop", rest) != "" {
		return true
	}
	if k := st.tokIndexStarting(i); k >= 0 {
		switch t := st.toks[k]; t.pos {
		case "v", "d", "p", "c", "r", "t", "f", "m", "vn":
			if runeLen(t.text) >= 2 || t.pos == "p" || t.pos == "c" || t.pos == "d" {
				return true
			}
			// 马建华持相同看法: a one-character verb after a word the
			// segmenter itself reads as a person's name
			if k > 0 && t.pos == "v" && strings.HasPrefix(st.toks[k-1].pos, "nr") && st.toks[k-1].e == i {
				return true
			}
		}
	}
	return false
}

// nameAfter reads a person's name starting at byte i: a Chinese name (a
// surname and one or two characters) or a transliterated foreign one.
func (d *docState) nameAfter(st *sentence, i int) int {
	rest := st.s[i:]
	lx := d.x.lex
	sur := lx.prefix("surname", rest)
	if sur != "" {
		for _, n := range []int{2, 1} {
			end := i + len(sur)
			ok := true
			for k := 0; k < n; k++ {
				r, sz := utf8.DecodeRuneInString(st.s[end:])
				if !isHan(r) {
					ok = false
					break
				}
				end += sz
			}
			// 刘畅认为: a name does not end inside a word (认为)
			if ok && d.boundaryAt(st, end) && !d.x.lex.has("stop", st.s[end-3:end]) && !(n == 2 && d.splitsWord(st, end)) {
				return end
			}
		}
	}
	if runeLen(sur) == 2 {
		// 山田浩二, 欧阳明高: a longer name that a boundary closes
		for _, n := range []int{4, 3} {
			rs := []rune(rest)
			if len(rs) <= n {
				continue
			}
			ok := true
			for _, r := range rs[:n] {
				ok = ok && isHan(r)
			}
			end := i + len(string(rs[:n]))
			if ok && d.boundaryAt(st, end) && lx.prefix("title", string(rs[:n])) == "" {
				return end
			}
		}
	}
	end := i
	for end < len(st.s) {
		r, sz := utf8.DecodeRuneInString(st.s[end:])
		sep := strings.ContainsRune("·•・-－.．‧", r)
		if !d.x.translit[r] && !sep {
			break
		}
		end += sz
		if !sep && runeLen(st.s[i:end]) >= 2 && d.boundaryAt(st, end) {
			return end
		}
		if runeLen(st.s[i:end]) > 14 || !strings.ContainsAny(st.s[i:end], "·•・-－.．‧") && runeLen(st.s[i:end]) > 6 {
			break
		}
	}
	return i
}

type titleChain struct{ s, e int }

// titleRE finds titles the list lacks: 首席商务官, 首席可持续发展官.
var titleRE = regexp.MustCompile(`首席\p{Han}{1,5}官`)

// titleChains finds runs of job titles joined by 、 or 兼 (党委书记、董事长).
func (d *docState) titleChains(st *sentence) []titleChain {
	var out []titleChain
	hits := d.x.titles.FindAll(st.s)
	for _, loc := range titleRE.FindAllStringIndex(st.s, -1) {
		covered := false
		for _, h := range hits {
			if h.Start < loc[1] && loc[0] < h.End {
				covered = true
			}
		}
		if !covered {
			hits = append(hits, Match[string]{Start: loc[0], End: loc[1]})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].Start < hits[j].Start })
	for _, m := range hits {
		if n := len(out); n > 0 {
			gap := st.s[out[n-1].e:m.Start]
			if gap == "、" || gap == "兼" || gap == "" || (runeLen(gap) <= 12 && !strings.ContainsAny(gap, "，,。；;：:“”") && d.x.lex.suffix("title", st.s[:out[n-1].e]) != "" && strings.Contains(gap, "兼")) {
				out[n-1].e = m.End
				continue
			}
		}
		out = append(out, titleChain{m.Start, m.End})
	}
	return out
}

// findPeople reads people with their titles and employers: 中国能建党委书记、
// 董事长宋海良, 总经理张雁说, 习近平主席.
func (d *docState) findPeople() {
	for _, st := range d.sents {
		if st.role == "byline" {
			continue
		}
		for _, tc := range d.titleChains(st) {
			title := st.s[tc.s:tc.e]
			if title == "记者" || title == "代表" {
				continue
			}
			if end := d.nameAfter(st, tc.e); end > tc.e {
				name := st.s[tc.e:end]
				if d.x.countryIndex(name) >= 0 || st.mentionAt(tc.e) != nil {
					continue
				}
				p := d.entity(Person, stripSpace(name), stripSpace(name))
				if d.note(st, p, tc.e, end, "title-name") == nil {
					continue
				}
				d.employer(st, p, tc)
				continue
			}
			// 习近平主席: the name before the title
			if k := st.tokIndexEnding(tc.s); k >= 0 {
				t := st.toks[k]
				if (t.pos == "nr" || t.pos == "nrfg") && runeLen(t.text) >= 2 && runeLen(t.text) <= 3 && st.mentionAt(t.s) == nil {
					p := d.entity(Person, t.text, t.text)
					if d.note(st, p, t.s, t.e, "name-title") != nil && p.title == "" {
						p.title = title
					}
				}
			}
		}
	}
	d.interviewHeaders()
	// later mentions of the people found
	m := NewMatcher[*ent]()
	for _, e := range d.ents {
		if e.kind == Person {
			m.Add(e.name, e)
		}
	}
	for _, st := range d.sents {
		if st.role == "byline" {
			continue
		}
		for _, h := range m.FindAll(st.s) {
			if d.boundaryAt(st, h.End) {
				d.note(st, h.Value, h.Start, h.End, "form")
			}
		}
	}
}

// employer sets a person's title and employer from what precedes the title:
// an organization, perhaps with a department between (国家电投集团法律商务部
// 主任), or a country (法国总统).
func (d *docState) employer(st *sentence, p *ent, tc titleChain) {
	title := st.s[tc.s:tc.e]
	// the nearest organization or country before the title, with at most
	// a department between them
	var org, country *mention
	for _, m := range st.ments {
		if m.e <= tc.s && m.ent.kind == Organization {
			org = m
		}
	}
	for _, c := range st.countries {
		if org != nil && c.s == org.e && strings.HasPrefix(st.s[c.e:], "区") {
			continue // 诺和诺德中国区高级副总裁: the company's China region
		}
		if c.e <= tc.s && (org == nil || c.s >= org.e) {
			country = c
		}
	}
	gapOK := func(from int) bool {
		gap := st.s[from:tc.s]
		if runeLen(gap) > 10 || strings.ContainsAny(gap, "，,。；;：:“”「」()（）的是在") {
			return false
		}
		return true
	}
	switch {
	case country != nil && gapOK(country.e):
		if country.e < tc.s {
			title = st.s[country.e:tc.e]
		}
	case org != nil && gapOK(org.e):
		if org.e < tc.s {
			title = st.s[org.e:tc.e]
		}
		if p.worksFor == nil {
			p.worksFor, p.worksEv = org.ent, d.evidence(st)
		}
	case org != nil && p.worksFor == nil && st.role == "body":
		// 重庆福伦德实业有限公司是…的企业，董事长张勇: the sentence's company
		p.worksFor, p.worksEv = org.ent, d.evidence(st)
	case org == nil && p.worksFor == nil && st.role == "body" && companyPronounRE.MatchString(st.s[:tc.s]):
		// 公司总经理马立强说: the company of the sentences before
		if o := d.topicBefore(st); o != nil {
			p.worksFor, p.worksEv = o, d.evidence(st)
		}
	}
	if p.title == "" || runeLen(title) > runeLen(p.title) {
		p.title = stripSpace(title)
	}
}

// attributeQuotes finds who said each quoted passage: the person right
// after the closing mark (“…”张雁说) or right before the opening one.
func (d *docState) attributeQuotes() {
	for qi := range d.quotes {
		q := &d.quotes[qi]
		if q.speaker != nil {
			continue // an interview answer (interviewHeaders)
		}
		q.speaker = d.personNear(q.e, true)
		if q.speaker == nil {
			q.speaker = d.personNear(q.s, false)
		}
	}
}

// personNear returns the speaker named in the clause after (or before)
// byte i of the document.
func (d *docState) personNear(i int, after bool) *ent {
	st := d.sentenceAt(i)
	if st == nil {
		return nil
	}
	// i may fall in the white space between two sentences
	rel := min(max(i-st.off, 0), len(st.s))
	var best *mention
	for _, m := range st.ments {
		if m.ent.kind != Person {
			continue
		}
		if after && m.s >= rel && m.s-rel <= 60 && !strings.ContainsAny(st.s[rel:m.s], "“「") {
			rest := st.s[m.e:]
			if d.x.lex.prefix("speech", rest) != "" || d.x.lex.prefix("boundary", rest) != "" || strings.HasPrefix(rest, "在") {
				return m.ent
			}
		}
		if !after && m.e <= rel && rel-m.e <= 24 && !strings.ContainsAny(st.s[m.e:rel], "”」。") {
			best = m
		}
	}
	if best != nil {
		return best.ent
	}
	return nil
}

// sentenceAt returns the sentence holding byte i of the document.
func (d *docState) sentenceAt(i int) *sentence {
	k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].off+len(d.sents[k].s) > i })
	if k < len(d.sents) && d.sents[k].off <= i {
		return d.sents[k]
	}
	// i may fall between sentences (white space): take the next one
	if k < len(d.sents) {
		return d.sents[k]
	}
	return nil
}

// speakerOrg returns the employer of whoever speaks at byte i of the
// document, when i is inside a quote.
func (d *docState) speakerOrg(i int) *ent {
	for _, q := range d.quotes {
		if q.s <= i && i < q.e && q.speaker != nil {
			return q.speaker.worksFor
		}
	}
	return nil
}

// companyPronounRE: a title right after 公司/该公司/集团 at a clause start.
var companyPronounRE = regexp.MustCompile(`(?:^|[，,。；;：:“”])(?:该|本)?(?:公司|集团)(?:\p{Han}{0,6})$`)

// reporterRE finds reporter credits: 记者 唐思远, 记者林奕辰台北15日电.
var reporterRE = regexp.MustCompile(`(?:记者|编辑|作者|撰文)[\s\x{00a0}\x{3000}|｜:：]*((?:\p{Han}{2,3}[\s\x{00a0}\x{3000}]*){1,3})`)

// trimPlaceDate cuts a place and date glued to a name (林奕辰台北15日电 →
// 林奕辰) and a trailing 报道.
func trimPlaceDate(d *docState, r string) string {
	rs := []rune(r)
	for i := 2; i <= len(rs) && i <= 4; i++ {
		rest := string(rs[i:])
		if rest == "" {
			break
		}
		if d.x.lex.prefix("place", rest) != "" || strings.HasPrefix(rest, "报道") || d.x.countryIndex(rest) >= 0 {
			return string(rs[:i])
		}
	}
	return r
}

// isSurnamed reports whether name begins with a common Chinese surname.
func (d *docState) isSurnamed(name string) bool {
	return d.x.lex.prefix("surname", name) != ""
}

// splitsWord reports whether byte i of st falls inside a segmenter token
// that is a speech or boundary word (认为, 表示): then a name ending at i
// has taken that word's first character (刘畅认为), whereas 栾日成说 splits
// only the segmenter's accidental 成说.
func (d *docState) splitsWord(st *sentence, i int) bool {
	for _, t := range st.toks {
		if t.s < i && i < t.e {
			return d.x.lex.has("speech", t.text) || d.x.lex.has("boundary", t.text)
		}
		if t.s >= i {
			break
		}
	}
	return false
}

// bareSpeakerRE: a paragraph that opens with a name and a colon (沈卓然：…).
var bareSpeakerRE = regexp.MustCompile(`^[\s\x{3000}]*([\p{Han}·．•]{2,12})[：:]`)

// bareInterviewHeader reads an answer of an interview whose speaker the
// article introduced before (远帆新能源董事长沈卓然 … 沈卓然：我们和…): the
// paragraph is the speaker's, and 我们 there is the speaker's company.
func (d *docState) bareInterviewHeader(st *sentence) {
	loc := bareSpeakerRE.FindStringSubmatchIndex(st.s)
	if loc == nil || st.off > 0 && !strings.HasSuffix(strings.TrimRight(d.text[:st.off], " \t\u3000"), "\n") {
		return
	}
	name := st.s[loc[2]:loc[3]]
	p := d.byKey[entKey{Person, name}]
	if p == nil || p.worksFor == nil {
		return
	}
	d.note(st, p, loc[2], loc[3], "interview-header")
	from := st.off + loc[1]
	to := strings.IndexByte(d.text[from:], '\n')
	if to < 0 {
		to = len(d.text) - from
	}
	d.quotes = append(d.quotes, quote{s: from, e: from + to, speaker: p})
}

// interviewHeaderRE: a paragraph that opens with a name and, in brackets,
// the speaker's organization and title, then a colon (许文涛（深圳市海纳百川
// 电子有限公司董事长）：…).
var interviewHeaderRE = regexp.MustCompile(`^[\s\x{3000}]*([\p{Han}·．•]{2,12})[（(]([^（）()：:，,。]{2,40})[）)][：:]`)

// interviewHeaders reads the speakers of an interview transcript: the
// person, the title, and the organization (a name found there already, or
// the bracket's text before the title, which names it: 途远总裁).
func (d *docState) interviewHeaders() {
	lx := d.x.lex
	for _, st := range d.sents {
		if st.role == "byline" {
			continue
		}
		loc := interviewHeaderRE.FindStringSubmatchIndex(st.s)
		if loc == nil {
			d.bareInterviewHeader(st)
			continue
		}
		ns, ne, bs, be := loc[2], loc[3], loc[4], loc[5]
		name, inside := st.s[ns:ne], st.s[bs:be]
		title := lx.suffix("title", inside)
		if title == "" || st.mentionAt(ns) != nil {
			continue
		}
		if strings.ContainsAny(name, "·．•") {
			ok := true
			for _, part := range strings.FieldsFunc(name, func(r rune) bool { return strings.ContainsRune("·．•", r) }) {
				ok = ok && runeLen(part) >= 2
			}
			if !ok {
				continue
			}
		} else if n := runeLen(name); n < 2 || n > 4 || !d.isSurnamed(name) {
			continue
		}
		ts := be - len(title)
		var org *ent
		for _, m := range st.ments {
			if m.ent.kind == Organization && m.s >= bs && m.e <= ts {
				org = m.ent
			}
		}
		if on := strings.TrimSuffix(st.s[bs:ts], "的"); org == nil && runeLen(on) >= 2 && runeLen(on) <= 20 &&
			!lx.has("place", on) && d.x.countryIndex(on) < 0 && !lx.has("descriptor", on) && !d.commonWord(on) {
			org = d.orgByName(on)
			if d.note(st, org, bs, bs+len(on), "interview-header") == nil {
				org = nil
			}
		}
		p := d.entity(Person, name, name)
		if d.note(st, p, ns, ne, "interview-header") == nil {
			continue
		}
		if p.title == "" {
			p.title = title
		}
		if org != nil && p.worksFor == nil {
			p.worksFor, p.worksEv = org, d.evidence(st)
		}
		// the answer, to the end of the paragraph, is the speaker's: 我们
		// there is the speaker's organization, as inside a quote
		from := st.off + loc[1]
		to := strings.IndexByte(d.text[from:], '\n')
		if to < 0 {
			to = len(d.text) - from
		}
		d.quotes = append(d.quotes, quote{s: from, e: from + to, speaker: p})
	}
}
