package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// findCountries records country names that stand as words of their own.
func (d *docState) findCountries(st *sentence) {
	for _, m := range d.x.countries.FindAll(st.s) {
		if !st.start.has(m.Start) {
			// 在意大利: the segmenter read 在意 + 大利; a preposition glued
			// to the country's first character does not hide it
			r, n := utf8.DecodeLastRuneInString(st.s[:m.Start])
			if !strings.ContainsRune("在向从与和对赴到至自经及或往", r) || !st.start.has(m.Start-n) || !st.end.has(m.End) {
				continue
			}
		}
		c := d.x.kbCtry[m.Value]
		if c.Kind == "union" {
			continue
		}
		st.countries = append(st.countries, &mention{s: m.Start, e: m.End, ent: d.countryEnt(m.Value), rule: "gazetteer"})
	}
}

// countryAt returns the country mention starting at byte i.
func (st *sentence) countryAt(i int) *mention {
	for _, c := range st.countries {
		if c.s == i {
			return c
		}
	}
	return nil
}

func (st *sentence) countryEndingAt(i int) *mention {
	for _, c := range st.countries {
		if c.e == i {
			return c
		}
	}
	return nil
}

var (
	declaredAliasRE = regexp.MustCompile(`^\s*[（(]\s*(?:以下|下文)?(?:证券简称|股票简称|英文简称|简称|下称|又称|又名|简称为|下称为)\s*[:：]?\s*[“"「『]?([^”"」』()（）]{1,24}?)[”"」』]?\s*[)）]`)
	// 宝山钢铁股份有限公司（宝钢股份）: an abbreviation in brackets
	parenAliasRE = regexp.MustCompile(`^[（(]([^()（）“”"、，,。]{2,10})[)）]`)
)

// findOrgs finds organizations named in a sentence: gazetteer names, names
// ending in a legal form or group suffix, and declared abbreviations.
func (d *docState) findOrgs(st *sentence) {
	lx := d.x.lex
	// 1. gazetteer names
	for _, m := range d.x.orgs.FindAll(st.s) {
		if !st.start.has(m.Start) && !isLatin(st.s[m.Start:m.End]) {
			// 青岛海尔, 德国西门子: a city or country before a known name,
			// cut as one word by the segmenter
			if c := st.countryEndingAt(m.Start); c != nil {
				st.start.set(m.Start)
			} else if p := d.x.lex.suffix("place", st.s[:m.Start]); p != "" && st.start.has(m.Start-len(p)) {
				m.Start -= len(p)
			} else {
				continue
			}
		}
		if !st.end.has(m.End) && !isLatin(st.s[m.Start:m.End]) && lx.prefix("orgsuffix", st.s[m.End:]) == "" {
			continue
		}
		s := m.Start
		// 荷兰飞利浦: a country before a known company describes it
		e := d.kbOrgEnt(m.Value)
		// 京东健康, 西门子医疗: a known brand and a business unit name a
		// subsidiary, unless the gazetteer knows the longer name
		if w := d.x.lex.prefix("brandunit", st.s[m.End:]); w != "" && st.end.has(m.End+len(w)) &&
			d.x.lex.prefix("orgsuffix", st.s[m.End+len(w):]) == "" {
			if _, known := d.kbOrgIndex(st.s[m.Start : m.End+len(w)]); !known {
				sub := d.orgByName(st.s[m.Start : m.End+len(w)])
				if sub != e && d.note(st, sub, m.Start, m.End+len(w), "brand-unit") != nil {
					d.setParent(sub, e, "brand-unit", d.evidence(st))
					if c := st.countryEndingAt(m.Start); c != nil {
						d.setCountry(sub, c.ent, "country-prefix", 0.9, d.evidence(st))
					} else if o := d.x.kbOrgs[m.Value]; len(o.Countries) > 0 {
						d.setCountry(sub, d.countryByISO(o.Countries[0]), "brand-unit", 0.7, "")
					}
				}
				continue
			}
		}
		if c := st.countryEndingAt(s); c != nil && st.mentionAt(c.s) == nil {
			d.setCountry(e, c.ent, "country-prefix", 0.9, d.evidence(st))
			s = c.s // the mention keeps its country: 荷兰飞利浦
		}
		d.note(st, e, s, m.End, "gazetteer")
	}
	// 2. names ending in an organization suffix
	for i, after := 0, -1; i < len(st.s); {
		suf := lx.prefix("orgsuffix", st.s[i:])
		if suf != "" && i == after {
			// 由X股份有限公司控股: 控股 after 公司 is a verb, not a second name
			i += len(suf)
			continue
		}
		if suf == "" {
			_, n := utf8.DecodeRuneInString(st.s[i:])
			i += n
			continue
		}
		end := i + len(suf)
		for {
			more := lx.prefix("orgsuffix", st.s[end:])
			if more == "" || strings.HasSuffix(st.s[i:end], "公司") && !strings.HasSuffix(more, "公司") && !strings.HasSuffix(more, "行") {
				break
			}
			end += len(more)
		}
		if (st.end.has(end) || end == len(st.s)) && st.mentionAt(i) == nil && !ownedSubsidiaryEnd(st.s[:end]) {
			d.suffixOrg(st, i, end)
		}
		if strings.HasSuffix(st.s[i:end], "公司") {
			after = end
		}
		i = end
	}
	// 3. Latin names with a legal form: Nordlys Energi AS, WINERY KHAREBA LLC
	for _, loc := range latinMatches(d.x.latinOrg, st.s) {
		if st.mentionAt(loc[0]) != nil || st.mentionAt(loc[1]-1) != nil {
			continue
		}
		// 哈伊勒水泥公司（Hail Cement Company）: the name in another script
		if m := d.bracketedAfter(st, loc[0], loc[1]); m != nil {
			m.ent.addAlt(st.s[loc[0]:loc[1]])
			continue
		}
		e := d.orgByName(st.s[loc[0]:loc[1]])
		if d.note(st, e, loc[0], loc[1], "latin-legal-form") == nil {
			continue
		}
		// 墨西哥Grupo Comercial Vega S.A. de C.V.: based in the country
		// written right before it
		if c := st.countryEndingAt(loc[0]); c != nil {
			d.setCountry(e, c.ent, "name-prefix", 0.85, d.evidence(st))
		} else if c := d.describedBy(st, loc[0]); c != nil {
			// 波兰家电零售商Dom-Tech Sp. z o.o.: a country and a
			// description of the company right before its name
			d.setCountry(e, c.ent, "descriptor", 0.85, d.evidence(st))
		}
	}
	// 4. declared abbreviations: X(下称“Y”)
	for _, m := range st.ments {
		if m.ent.kind != Organization {
			continue
		}
		a := declaredAliasRE.FindStringSubmatch(st.s[m.e:])
		if a == nil {
			if p := parenAliasRE.FindStringSubmatch(st.s[m.e:]); p != nil && (abbreviates(p[1], st.s[m.s:m.e]) ||
				isLatin(st.s[m.s:m.e]) && hasHan(p[1])) {
				a = p // 宝钢股份 for 宝山钢铁股份有限公司; 北极光能源 for Nordlys Energi AS
			}
		}
		if a != nil && !d.x.lex.has("descriptor", a[1]) && !d.x.lex.has("place", a[1]) && d.x.countryIndex(a[1]) < 0 {
			m.ent.addForm(a[1])
			m.ent.addAlt(a[1])
			m.ent.declared = append(m.ent.declared, a[1])
			d.indexDerived(m.ent, a[1])
		}
	}
}

// describedBy returns the country of a description that ends right at byte
// i of st: a country, then at most eight Chinese characters ending in a
// descriptor word (家电零售商, 的经销商, 采购商).
func (d *docState) describedBy(st *sentence, i int) *mention {
	for _, c := range st.countries {
		if c.e >= i {
			continue
		}
		gap := strings.TrimRight(strings.TrimPrefix(st.s[c.e:i], "的"), "「“\"")
		if gap == "" || runeLen(gap) > 8 || !isAllHan(gap) {
			continue
		}
		if d.x.lex.suffix("descriptor", gap) != "" || d.x.lex.suffix("buyerrole", gap) != "" {
			return c
		}
	}
	return nil
}

// isAllHan reports whether s is made of Chinese characters only.
func isAllHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return true
}

// bracketedAfter returns the organization mention that st.s[s:e] stands in
// brackets right after, or nil.
func (d *docState) bracketedAfter(st *sentence, s, e int) *mention {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(st.s[:s], p[0]) && strings.HasPrefix(st.s[e:], p[1]) {
			at := s - len(p[0])
			if m := st.mentionEndingAt(at, Organization); m != nil {
				return m
			}
			// 「德州蓝星能源公司」（Lone Star Energy LLC）: a closing quote
			for _, q := range []string{"」", "”", "\"", "》"} {
				if strings.HasSuffix(st.s[:at], q) {
					return st.mentionEndingAt(at-len(q), Organization)
				}
			}
		}
	}
	return nil
}

// kbOrgEnt returns the entity of KB organization i.
func (d *docState) kbOrgEnt(i int) *ent {
	o := d.x.kbOrgs[i]
	e := d.entity(Organization, "kb:"+o.Name, o.Name)
	if e.kbOrg < 0 {
		e.kbOrg, e.wd = i, o.Wikidata
		for _, n := range o.Names() {
			if n != "" && !isLatin(n) {
				e.addForm(d.x.fold.Simplify(n))
			}
		}
	}
	return e
}

// orgByName returns the entity for a name read from the text: the KB's
// when the gazetteer knows it, else one keyed by the name without its
// legal form, so that 丹佛斯 and 丹佛斯公司 meet.
func (d *docState) orgByName(name string) *ent {
	if i, ok := d.kbOrgIndex(name); ok {
		return d.kbOrgEnt(i)
	}
	core := d.core(name)
	if e := d.byKey[entKey{Organization, core}]; e == nil {
		// 海尔公司 after 青岛海尔公司: the core is a derived form of a name
		// read before
		if o := d.derived[core]; o != nil {
			return o
		}
		// 青岛海尔公司 after 海尔公司: a derived form is a name read before
		for _, f := range d.derivedForms(&ent{name: name, kind: Organization, kbOrg: -1}) {
			if o := d.byKey[entKey{Organization, f}]; o != nil && o.kbOrg < 0 {
				if runeLen(name) > runeLen(o.name) {
					o.addAlt(o.name)
					o.name = name
					d.indexDerived(o)
				}
				return o
			}
		}
	}
	if e := d.byKey[entKey{Organization, core}]; e != nil {
		if runeLen(name) > runeLen(e.name) {
			e.addAlt(e.name)
			e.name = name
			d.indexDerived(e)
		}
		return e
	}
	e := d.entity(Organization, core, name)
	d.indexDerived(e)
	return e
}

// indexDerived records the derived forms of e's name (or of another name
// the text gives it, such as a declared abbreviation) for orgByName.
func (d *docState) indexDerived(e *ent, names ...string) {
	if len(names) == 0 {
		names = []string{e.name}
	}
	for _, n := range names {
		for _, f := range d.derivedForms(&ent{name: n, kind: Organization, kbOrg: -1}) {
			if d.derived[f] == nil {
				d.derived[f] = e
			}
		}
	}
}

func (d *docState) kbOrgIndex(name string) (int, bool) {
	if i, ok := d.kbOrgNamed(name); ok {
		return i, true
	}
	if i, ok := d.kbOrgNamed(d.core(name)); ok {
		return i, true
	}
	if p := d.x.lex.prefix("place", name); p != "" {
		// 浙江吉利控股集团 is the gazetteer's 吉利控股集团
		rest := strings.TrimPrefix(strings.TrimPrefix(name, p), "省")
		if i, ok := d.kbOrgNamed(rest); ok {
			return i, true
		}
		return d.kbOrgNamed(d.core(rest))
	}
	return 0, false
}

// kbOrgNamed returns the index in kb.Orgs() of the organization named n.
func (d *docState) kbOrgNamed(n string) (int, bool) {
	if o, ok := d.x.kb.OrgByName(n); ok {
		if i, ok := d.x.orgIndex[o.Name]; ok {
			return i, true
		}
	}
	return 0, false
}

// core is a name without its legal form (丹佛斯公司 → 丹佛斯).
func (d *docState) core(name string) string { return d.x.core(name) }

// stopTok reports whether a name cannot extend left over t.
func (d *docState) stopTok(t tok) bool {
	lx := d.x.lex
	if lx.has("stop", t.text) || lx.has("descriptor", t.text) || lx.has("title", t.text) {
		return true
	}
	if isPunct(t.text) {
		return true
	}
	n := runeLen(t.text)
	// 合资企业, 外资企业: a word that ends in a descriptor describes, not names
	if suf := lx.suffix("descriptor", t.text); n >= 2 && suf != "" && !strings.HasPrefix(t.pos, "n") ||
		n >= 2 && (t.pos == "n" || t.pos == "vn" || t.pos == "l") && func() bool {
			for _, w := range []string{"企业", "伙伴", "厂", "商", "巨头", "客户", "机构", "公司", "集团"} {
				if strings.HasSuffix(t.text, w) {
					return true
				}
			}
			return false
		}() {
		return true
	}
	if lx.has("place", t.text) {
		return false // 大连 tagged as an adverb is still a place
	}
	// 被装, 将在: a function word glued to the next word by the segmenter
	if n >= 2 && strings.ContainsRune("被将在与和的把对向从", []rune(t.text)[0]) && !strings.HasPrefix(t.pos, "n") || n >= 2 && strings.HasPrefix(t.text, "被") {
		return true
	}
	switch {
	case t.pos == "p" || t.pos == "c" || t.pos == "r" || t.pos == "t" || strings.HasPrefix(t.pos, "u"):
		return true
	case t.pos == "m" || t.pos == "d":
		return n >= 2 || isDigits(t.text)
	case t.pos == "v":
		return n >= 2 && !lx.has("industry", t.text)
	case t.pos == "x":
		return !isLatinName(t.text) || isDigits(t.text)
	case t.pos == "m":
		return true
	case t.pos == "q":
		// 17个行业协会 (a count), not 金泓基 or 来伊份 (names the segmenter cut up)
		return t.text == "个" || t.text == "家" || t.text == "项"
	}
	return false
}

// nameWordBefore reports whether t may be the word before 企业 in a name
// (统一, 粮油, 贸易), not punctuation, a function word or a descriptor.
func (d *docState) nameWordBefore(t tok) bool {
	lx := d.x.lex
	if !hasHan(t.text) || isPunct(t.text) || lx.has("stop", t.text) || lx.has("descriptor", t.text) || lx.has("title", t.text) {
		return false
	}
	return t.pos != "p" && t.pos != "c" && t.pos != "r" && !strings.HasPrefix(t.pos, "u") && !d.dealVerb(t.text)
}

// dealVerb reports whether w is one of the lexicon's deal or trade verbs.
func (d *docState) dealVerb(w string) bool {
	_, deal := d.x.lex.dealKindOf(w)
	return deal || d.x.lex.has("buyverb", w) || d.x.lex.has("sellverb", w)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isLatinName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '&' || r == '-' || r == '.') {
			return false
		}
	}
	return s != ""
}

// suffixOrg reads the name that ends with the suffix at st.s[sufStart:end].
func (d *docState) suffixOrg(st *sentence, sufStart, end int) {
	lx := d.x.lex
	left := sufStart
	k := st.tokIndexEnding(left)
	if k < 0 {
		// the segmenter made one token of name and suffix (空中客车公司)
		for i, t := range st.toks {
			if t.s < left && t.e > left {
				left, k = t.s, i-1
				break
			}
		}
	}
	if k >= 0 && runeLen(st.toks[k].text) == 1 && strings.Contains("占到给向在为让被对从进入回去由把与和", st.toks[k].text) {
		return // 约占公司…, 回到公司: a verb and a word, no name
	}
	verbStart, firm := false, false
	for k >= 0 && runeLen(st.s[left:sufStart]) < 16 {
		t := st.toks[k]
		if t.e < sufStart && (strings.HasSuffix(st.s[:t.e], "子公司") || strings.HasSuffix(st.s[:t.e], "附属公司")) {
			// 海丝贸易全资子公司海丝贸易发展（新加坡）有限公司: the name
			// starts after the word for a subsidiary
			break
		}
		if t.text == "联合" && t.e < sufStart && k+1 < len(st.toks) && (lx.has("place", st.toks[k+1].text) || d.x.countryIndex(st.toks[k+1].text) >= 0) {
			break // 由其牵头，联合湖南湘赣矿业投资有限公司: 联合 is a verb before a place
		}
		if w := lx.suffix("descriptor", st.s[:t.e]); runeLen(w) >= 4 && t.e < sufStart {
			break // 英国私募基金泰晤士资本合伙公司: a description of several words
		}
		if m := st.mentionEndingAt(t.e, Organization); m != nil && m.s < t.e {
			// a known name inside a longer one: 西门子 + 能源公司, 华晨 + 宝马 + 汽车有限公司
			left = m.s
			k = st.tokIndexEnding(m.s)
			continue
		}
		if t.text == ")" || t.text == "）" {
			// 晋声(上海)贸易有限公司: a bracketed place is part of the name
			open := strings.LastIndexAny(st.s[:t.s], "(（")
			if open < 0 || t.s-open > 15 {
				break
			}
			inner := strings.Trim(st.s[open:t.s], "(（")
			if !lx.has("place", inner) && d.x.countryIndex(inner) < 0 && inner != "集团" && inner != "控股" {
				break // 江南造船（集团）有限责任公司 keeps its bracket too
			}
			left = open
			k = st.tokIndexEnding(open)
			continue
		}
		if d.verbNameStart(st, k, left, sufStart) {
			// 远航贸易有限公司: a two-character verb that starts a name
			left = t.s
			k--
			verbStart = true
			continue
		}
		if k > 0 && left < sufStart && (t.text == "·" || t.text == "•" || t.text == "・") &&
			hasHan(st.toks[k-1].text) && !d.stopTok(st.toks[k-1]) {
			// 阿卜杜拉·哈马德贸易公司: a transliterated name's dot
			left = t.s
			k--
			continue
		}
		if r := []rune(t.text); len(r) == 2 && strings.HasPrefix(t.pos, "nr") && strings.ContainsRune("向被把从对将在", r[0]) &&
			(k == 0 || d.stopTok(st.toks[k-1]) || st.mentionEndingAt(st.toks[k-1].e, Organization) != nil) {
			// 每年向山钢集团, 淡水河谷公司向山钢集团: a preposition the
			// segmenter glued into a person-like token
			left = t.s + len(string(r[0]))
			break
		}
		if (t.e == sufStart || lx.has("firmtail", st.s[t.e:sufStart])) && strings.HasSuffix(t.text, "企业") && lx.prefix("cnlegalform", st.s[sufStart:end]) != "" &&
			k > 0 && d.nameWordBefore(st.toks[k-1]) {
			// 统一企业股份有限公司, 山东鲁丰粮油企业股份有限公司, 宁波东海企业发展
			// 有限公司: 企业 right before a legal form (or before 发展, 实业 …
			// and a legal form) is part of the name, not a descriptor
			left = t.s
			k--
			firm = true
			continue
		}
		if firm && d.stopTok(t) && t.pos != "p" && t.pos != "c" && runeLen(t.text) == 2 && hasHan(t.text) && !d.dealVerb(t.text) &&
			(k == 0 || d.stopTok(st.toks[k-1])) {
			// 统一企业股份有限公司, 大成长城企业股份有限公司: a name of
			// the 企业 kind may start with a verb-like word where the
			// sentence or a clause starts
			left = t.s
			break
		}
		if d.stopTok(t) {
			// 北京诺和泰医药: 和 between a place's first character and the rest
			if (t.text == "和" || t.text == "与") && k >= 2 && runeLen(st.toks[k-1].text) == 1 &&
				d.x.lex.has("place", st.toks[k-2].text) {
				left = st.toks[k-2].s
				k -= 3
				continue
			}
			break
		}
		left = t.s
		k--
	}
	if left == sufStart {
		return
	}
	name := st.s[left:end]
	// 浙江省能源集团有限公司（浙能集团）: an abbreviation in brackets, no
	// second company
	for _, open := range []string{"（", "("} {
		if strings.HasSuffix(st.s[:left], open) {
			if m := st.mentionEndingAt(left-len(open), Organization); m != nil && abbreviates(name, st.s[m.s:m.e]) {
				d.note(st, m.ent, left, end, "abbreviation")
				m.ent.declared = append(m.ent.declared, name)
				d.indexDerived(m.ent, name)
				return
			}
		}
	}
	stem := st.s[left:sufStart]
	var prefix *mention
	if c := st.countryAt(left); c != nil {
		prefix = c
	}
	if prefix != nil && prefix.e == sufStart {
		// "美国公司": a country and a legal form, no name
		return
	}
	if prefix != nil && prefix.ent.iso != "CN" && prefix.ent.iso != "" && !d.x.isTerritory(prefix.ent.iso) {
		rest := st.s[prefix.e:sufStart]
		// 美国家电公司惠而浦: a description of the name that follows
		if nm := d.appositive(st, end); nm > end && (d.generic(st, prefix.e, sufStart) || runeLen(rest) <= 2) {
			e := d.orgByName(st.s[end:nm])
			d.note(st, e, end, nm, "appositive")
			d.setCountry(e, prefix.ent, "descriptor", 0.85, d.evidence(st))
			return
		}
		if d.generic(st, prefix.e, sufStart) {
			// 一家美国能源公司 describes; 卡塔尔能源公司, 法国电力公司 name
			if quantified(st.s[:left]) || runeLen(rest) == 0 {
				return
			}
			e := d.orgByName(name)
			if d.note(st, e, left, end, "suffix") != nil {
				d.setCountry(e, prefix.ent, "name-prefix", 0.85, d.evidence(st))
			}
			return
		} else if runeLen(rest) >= 2 {
			// 西班牙易安国际股份公司 → 易安国际股份公司, based in 西班牙
			e := d.orgByName(st.s[prefix.e:end])
			if m := d.note(st, e, left, end, "suffix"); m != nil {
				e.addForm(st.s[prefix.e:end])
				d.setCountry(e, prefix.ent, "country-prefix", 0.9, d.evidence(st))
			}
			return
		}
	}
	if runeLen(stem) < 2 && !isLatinName(stem) {
		return
	}
	// 远航贸易有限公司: a verb and an industry word are common words, but
	// with a full Chinese legal form and nothing counting them they name
	if prefix == nil && d.generic(st, left, sufStart) &&
		!((verbStart || firm || lx.prefix("place", stem) != "") && lx.suffix("cnlegalform", name) != "" && !quantified(st.s[:left])) &&
		!(latinNameAfter(st.s[end:]) && runeLen(stem) >= 3 && !endsWithConjunction(st.s[:left])) {
		return
	}
	e := d.orgByName(name)
	if d.note(st, e, left, end, "suffix") == nil {
		return
	}
	if prefix != nil && (prefix.ent.iso == "CN" || d.x.isTerritory(prefix.ent.iso)) {
		d.setCountry(e, prefix.ent, "name-prefix", 0.9, d.evidence(st))
	}
	if p := lx.prefix("place", stem); p != "" {
		// 台中精扬机械股份有限公司 is based in Taiwan, 江苏… in China
		iso := lx.values["place"][p]
		if iso == "" {
			iso = "CN"
		}
		if c := d.countryByISO(iso); c != nil {
			d.setCountry(e, c, "place-prefix", 0.8, "")
		}
	}
	if prefix == nil {
		// 美国液化天然气开发商「德州蓝星能源公司」: the description says
		// where it is from (and 德州 is no Chinese city here)
		if c := d.describedBy(st, left); c != nil {
			d.setCountry(e, c.ent, "descriptor", 0.85, d.evidence(st))
		}
	}
}

// verbNameStart reports whether token k, a two-character word the
// segmenter tags as a verb (远航, 腾飞), starts the name of the company whose
// legal form begins at sufStart: the words between it and the legal form
// are only industry words (贸易, 科技) so without it there is no name, it is
// not a deal, speech or selling verb, and the token before it ends a clause
// or is a place (江苏远航贸易有限公司, 与远航科技有限公司签约).
func (d *docState) verbNameStart(st *sentence, k, left, sufStart int) bool {
	t := st.toks[k]
	if t.pos != "v" || runeLen(t.text) != 2 || left == sufStart {
		return false
	}
	lx := d.x.lex
	if _, deal := lx.dealKindOf(t.text); deal || lx.has("speech", t.text) || lx.has("sellverb", t.text) ||
		lx.has("stop", t.text) || lx.has("industry", t.text) || d.hasDealWord(t.text) {
		return false
	}
	if k > 0 && (lx.has("place", st.toks[k-1].text) || d.x.countryIndex(st.toks[k-1].text) >= 0) {
		return true // 深圳追光储能科技: a verb right after a place names
	}
	if !d.generic(st, left, sufStart) {
		return false
	}
	if k == 0 {
		return true
	}
	p := st.toks[k-1]
	return isPunct(p.text) || p.pos == "p" || p.pos == "c" ||
		runeLen(p.text) == 1 && strings.Contains("与和同跟向从由在被将把对为", p.text)
}

// generic reports whether st.s[s:e] is made of common words only (外贸代理,
// 能源), so that with a legal form it describes a company, not names it.
func (d *docState) generic(st *sentence, s, e int) bool {
	if s >= e {
		return true
	}
	if m := st.mentionAt(s); m != nil && m.ent.kind == Organization {
		return false // 国药 + 控股: a known name is no common word
	}
	if stem := st.s[s:e]; d.commonWord(stem) && !d.x.lex.has("place", stem) && d.x.countryIndex(stem) < 0 {
		return true // 行业 (协会), 外贸 (公司)
	}
	for _, t := range st.toks {
		if t.e <= s || t.s >= e {
			continue
		}
		if t.s < s || t.e > e {
			return false
		}
		if runeLen(t.text) < 2 {
			return false
		}
		switch t.pos {
		case "n", "vn", "v", "a", "b", "d", "f", "l", "i", "s", "an", "vd":
		default:
			if !d.x.lex.has("industry", t.text) {
				return false
			}
		}
		if d.x.lex.has("place", t.text) {
			return false
		}
	}
	return true
}

// appositive returns the end of a name that starts at i and runs to the
// next punctuation or function word (美国家电公司惠而浦, → 惠而浦).
func (d *docState) appositive(st *sentence, i int) int {
	if loc := latinNameRE.FindStringIndex(st.s[i:]); loc != nil && loc[0] == 0 {
		return i + loc[1] // 船务公司Straits Line Shipping
	}
	k := st.tokIndexStarting(i)
	end := i
	for ; k >= 0 && k < len(st.toks); k++ {
		t := st.toks[k]
		if d.stopTok(t) || d.x.lex.has("speech", t.text) {
			break
		}
		end = t.e
		if runeLen(st.s[i:end]) > 8 {
			return i
		}
	}
	if runeLen(st.s[i:end]) < 2 {
		return i
	}
	return end
}

// findPartyNames reads names that are not in the gazetteer and carry no
// legal form from the places a deal puts them: "X与Y签署…", "与A、B、C等公司".
func (d *docState) findPartyNames() {
	lx := d.x.lex
	for _, st := range d.sents {
		if st.role != "body" {
			continue
		}
		// lists closed by 等公司/等企业: every item is an organization
		for _, loc := range listRE.FindAllStringSubmatchIndex(st.s, -1) {
			items := st.s[loc[2]:loc[3]]
			pos := loc[2]
			for _, it := range splitItems(items) {
				s := pos + strings.Index(st.s[pos:], it)
				pos = s + len(it)
				d.partyName(st, s, s+len(it), "list")
			}
		}
		// 与A、B签约: unknown items of a list that names a known company
		for _, loc := range withListRE.FindAllStringSubmatchIndex(st.s, -1) {
			items := splitItems(st.s[loc[2]:loc[3]])
			known := 0
			pos := loc[2]
			var spans [][2]int
			for _, it := range items {
				s := pos + strings.Index(st.s[pos:], it)
				pos = s + len(it)
				spans = append(spans, [2]int{s, s + len(it)})
				if m := st.mentionAt(s); m != nil && m.ent.kind == Organization {
					known++
				}
			}
			if known == 0 || known == len(items) || !d.hasDealWord(st.s[loc[3]:sentClauseEnd(st.s, loc[3])]) {
				continue
			}
			for _, sp := range spans {
				d.partyName(st, sp[0], sp[1], "list")
			}
		}
		// 向日商东京威力科创采购: the seller of a purchase
		for _, loc := range fromSellerRE.FindAllStringSubmatchIndex(st.s, -1) {
			if st.mentionAt(loc[2]) == nil {
				d.partyName(st, loc[2], loc[3], "seller")
			}
		}
		// 收购美泰格: the object of a takeover verb is a company
		for _, w := range []string{"收购", "并购", "竞购", "兼并", "购买对手", "收购对手"} {
			for i := 0; ; {
				k := strings.Index(st.s[i:], w)
				if k < 0 {
					break
				}
				at := i + k + len(w)
				i = at
				if st.mentionAt(at) != nil || !st.start.has(at) {
					continue
				}
				if end := d.appositive(st, at); end > at && d.boundaryAt(st, end) && !startsWithNumber(st.s[end:]) &&
					d.x.lex.prefix("notparty", st.s[at:]) == "" {
					d.partyName(st, at, end, "takeover-object")
				}
			}
		}
		// X与Y… where Y is a known organization and the clause has a deal word
		for _, m := range append([]*mention(nil), st.ments...) {
			if m.ent.kind != Organization {
				continue
			}
			j := strings.LastIndexAny(st.s[:m.s], "与和同跟")
			if j < 0 || j+len("与") != m.s {
				continue
			}
			cs := sentClauseStart(st.s, j)
			for strings.HasPrefix(st.s[cs:], " ") {
				cs++
			}
			if cs >= j || !d.hasDealWord(st.s[m.e:sentClauseEnd(st.s, m.e)]) {
				continue
			}
			d.partyName(st, cs, j, "party-subject")
		}
		_ = lx
	}
}

// latinNameRE: a Latin name of one to six words.
var latinNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9&'.\-]*(?:\s+[A-Z][A-Za-z0-9&'.\-]*){0,5}`)

// latinMatches returns the spans of re's first group in s, run only on the
// stretches of s written in Latin script (no Chinese character) that have
// a capital letter: most sentences have none, and the pattern is costly.
func latinMatches(re *regexp.Regexp, s string) [][2]int {
	var out [][2]int
	start, upper := -1, false
	flush := func(end int) {
		if start >= 0 && upper {
			for _, m := range re.FindAllStringSubmatchIndex(s[start:end], -1) {
				out = append(out, [2]int{start + m[2], start + m[3]})
			}
		}
		start, upper = -1, false
	}
	for i, r := range s {
		if r >= 0x2000 {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		upper = upper || unicode.IsUpper(r)
	}
	flush(len(s))
	return out
}

// latinOrgRegexp builds the pattern of Latin names with a legal form:
// up to five capitalized words, then one of forms (the lexicon's
// orgsuffix_latin: Ltd., GmbH, S.A. de C.V., Sp. z o.o.), longest first. A
// form ending in a letter must end a word; one ending in a dot need not
// (Thornbury Plant Hire Ltd.与…).
func latinOrgRegexp(forms []string) *regexp.Regexp {
	fs := append([]string(nil), forms...)
	sort.Slice(fs, func(i, j int) bool {
		if len(fs[i]) != len(fs[j]) {
			return len(fs[i]) > len(fs[j])
		}
		return fs[i] < fs[j]
	})
	alts := make([]string, 0, len(fs))
	for _, f := range fs {
		if f == "" || hasHan(f) {
			continue
		}
		q := strings.ReplaceAll(regexp.QuoteMeta(f), " ", `\s+`)
		if r, _ := utf8.DecodeLastRuneInString(f); unicode.IsLetter(r) || unicode.IsDigit(r) {
			q += `\b`
		}
		alts = append(alts, q)
	}
	return regexp.MustCompile(`(?:^|[^A-Za-z0-9\x{00C0}-\x{024F}])((?:\p{Lu}[\p{L}\p{N}&'.\-]*\s+){0,5}(?:` + strings.Join(alts, "|") + `))`)
}

var fromSellerRE = regexp.MustCompile(`向([^，,。；;向的]{2,16}?)(?:采购|购买|订购|进口|购入|引进)`)

var withListRE = regexp.MustCompile(`与((?:[^，,。；;：:与和、]{2,12}、)+[^，,。；;：:与和、]{2,12}?)(?:签|达成|共同|合作|在|分别|就)`)

var listRE = regexp.MustCompile(`与((?:[^，,。；;：:与和、]{2,12}、)+[^，,。；;：:与和、]{2,12})(?:等)(?:\d+家)?(?:公司|企业|集团|供应商|厂商)`)

// splitItems splits "A、B和C" into its items.
func splitItems(s string) []string {
	var out []string
	for _, a := range strings.Split(s, "、") {
		for _, b := range strings.Split(a, "和") {
			if b = strings.TrimSpace(b); b != "" {
				out = append(out, b)
			}
		}
	}
	return out
}

// partyName records st.s[s:e] as an organization when it looks like a name.
// A country or trader word before it (日本久保田, 日商东京威力科创) gives its
// home country.
func (d *docState) partyName(st *sentence, s, e int, rule string) {
	if st.mentionAt(s) != nil || s >= e {
		return
	}
	var country *ent
	from := s // the mention keeps the country written before the name
	if c := st.countryAt(s); c != nil && c.e < e {
		country, s = c.ent, c.e
	} else if w := d.x.lex.prefix("foreigntrader", st.s[s:e]); w != "" && s+len(w) < e {
		country = d.countryByISO(d.x.lex.values["foreigntrader"][w])
		s += len(w)
	}
	if st.mentionAt(s) != nil {
		return
	}
	defer func() {
		if m := st.mentionAt(s); m != nil && country != nil && m.rule == rule {
			d.setCountry(m.ent, country, "country-prefix", 0.85, d.evidence(st))
		}
	}()
	lenient := rule == "list" // items of a list closed by 等公司 are companies
	name := st.s[s:e]
	n := runeLen(name)
	if n < 2 || n > 10 || strings.ContainsAny(name, "，,。；;：:“”\"的了") || startsWithNumber(name) {
		return
	}
	if c := d.x.countryIndex(name); c >= 0 {
		return
	}
	if d.x.lex.suffix("descriptor", name) != "" && d.x.lex.suffix("orgsuffix", name) == "" {
		return // 内地储能商: a description, not a name
	}
	if isLatin(name) {
		if !isLatinName(strings.ReplaceAll(name, " ", "")) || isDigits(name) {
			return
		}
	} else {
		if !st.start.has(s) || !st.end.has(e) || d.generic(st, s, e) {
			return
		}
		for _, t := range st.toks {
			if t.s >= s && t.e <= e && (d.stopTok(t) && !isLatinName(t.text) && !lenient || d.x.lex.has("descriptor", t.text)) {
				return
			}
		}
	}
	ent := d.orgByName(st.s[s:e])
	if m := d.note(st, ent, from, e, rule); m != nil && from < s {
		ent.addForm(st.s[s:e])
	}
}

func sentClauseStart(s string, i int) int {
	j := strings.LastIndexFunc(s[:i], clauseBreak)
	if j < 0 {
		return 0
	}
	_, n := utf8.DecodeRuneInString(s[j:])
	return j + n
}

func sentClauseEnd(s string, i int) int {
	j := strings.IndexFunc(s[i:], clauseBreak)
	if j < 0 {
		return len(s)
	}
	return i + j
}

func (d *docState) hasDealWord(s string) bool {
	for _, m := range d.x.triggers.FindAll(s) {
		if runeLen(s[m.Start:m.End]) >= 2 {
			return true
		}
	}
	return false
}

// shortForms derives the forms an article uses for a name after its first
// mention: without the legal form, the place prefix and the trade words
// (天津金泓基进出口贸易有限公司 → 金泓基).
func (d *docState) shortForms(e *ent) []string { return d.forms(e, true) }

// derivedForms are the short forms without abbreviations and prefixes:
// safe enough to merge two names read in one document.
func (d *docState) derivedForms(e *ent) []string { return d.forms(e, false) }

func (d *docState) forms(e *ent, abbreviations bool) []string {
	out := d.nameForms(e.name, e.kbOrg, abbreviations)
	if len(e.forms) == 0 {
		return out
	}
	out = append([]string(nil), out...)
	for _, f := range e.forms {
		out = append(out, d.nameForms(f, e.kbOrg, abbreviations)...)
	}
	return out
}

// formKey keys docState.formCache: the forms of one name depend on the
// name, the KB organization it belongs to and whether abbreviations count.
type formKey struct {
	name          string
	kbOrg         int
	abbreviations bool
}

// nameForms returns the forms derived from one name of an organization
// (its KB index kbOrg, or -1). Memoized per document: orgByName asks for
// the forms of every new name, fill for every entity's names again. The
// result is shared; callers must not modify it.
func (d *docState) nameForms(name string, kbOrg int, abbreviations bool) []string {
	k := formKey{name, kbOrg, abbreviations}
	if f, ok := d.formCache[k]; ok {
		return f
	}
	f := d.computeForms(name, kbOrg, abbreviations)
	d.formCache[k] = f
	return f
}

// formNone and formGeneric are formOrg values besides KB indexes.
const (
	formNone    = -1 // a possible form that names no KB organization
	formGeneric = -2 // never a form: a word, a place, a country...
)

// formOrg classifies a candidate short form s (memoized per document): the
// KB organization it names, formNone, or formGeneric.
func (d *docState) formOrg(s string) int {
	if v, ok := d.formClass[s]; ok {
		return v
	}
	v := d.classifyForm(s)
	d.formClass[s] = v
	return v
}

func (d *docState) classifyForm(s string) int {
	lx := d.x.lex
	if runeLen(s) < 2 || lx.has("industry", s) || lx.has("place", s) || lx.has("descriptor", s) ||
		lx.has("stop", s) || d.x.countryIndex(s) >= 0 || d.commonWord(s) {
		return formGeneric
	}
	// 中国能源 (a country and a trade) names nothing
	for _, c := range d.x.countries.FindAll(s) {
		if c.Start == 0 && lx.has("industry", s[c.End:]) {
			return formGeneric
		}
	}
	if i, ok := d.kbOrgIndex(s); ok {
		return i
	}
	return formNone
}

// stems returns what a name's core (the name without its legal form) gives
// when places are taken off its front and trade words off its end, in that
// order, starting with the core itself: 中山市好运来灯饰 → 好运来灯饰 →
// 好运来 (灯饰 a trade word). stem is the core without its places.
func (d *docState) stems(core string) (chain []string, stem string) {
	lx := d.x.lex
	c := core
	chain = append(chain, c)
	for {
		p := lx.prefix("place", c)
		if p == "" {
			break
		}
		c = strings.TrimPrefix(strings.TrimPrefix(c, p), "市")
		c = strings.TrimPrefix(strings.TrimPrefix(c, "省"), "区")
		chain = append(chain, c)
	}
	stem = c
	for {
		s := lx.suffix("industry", c)
		if s == "" && strings.HasSuffix(c, "企业") {
			s = "企业" // 鲁丰粮油企业 → 鲁丰粮油
		}
		if s == "" || runeLen(c)-runeLen(s) < 2 {
			break
		}
		c = strings.TrimSuffix(c, s)
		chain = append(chain, c)
	}
	return chain, stem
}

func (d *docState) computeForms(name string, kbOrg int, abbreviations bool) []string {
	lx := d.x.lex
	var out []string
	add := func(s string) {
		switch i := d.formOrg(s); {
		case i == formGeneric:
			return
		case i >= 0 && i != kbOrg:
			// 西门子 is not short for 西门子能源: it names another company
			return
		}
		out = append(out, s)
	}
	c := d.core(name)
	if c != name && runeLen(c) >= 2 && !lx.has("industry", c) && !lx.has("descriptor", c) && d.x.countryIndex(c) < 0 {
		out = append(out, c) // 空中客车公司 → 空中客车, even if it is a word
	}
	chain, stem := d.stems(c)
	for _, f := range chain {
		add(f)
	}
	// 申禾医疗 for 申禾医疗器械, 恒锐精机 for 恒锐精密机械: a name's
	// first word with the first characters of the next ones
	if abbreviations && kbOrg < 0 && runeLen(stem) >= 4 && !isLatin(stem) {
		words := d.cut(stem)
		if len(words) >= 2 && runeLen(words[0]) >= 2 {
			abbr := words[0]
			for _, w := range words[1:] {
				r, _ := utf8.DecodeRuneInString(w)
				abbr += string(r)
				add(abbr)
			}
			pre := words[0]
			for _, w := range words[1:] {
				pre += w
				if pre != stem {
					add(pre)
				}
			}
		}
	}
	return out
}

// cut segments a name's stem into words (memoized per document: the
// forms of one name share their stem).
func (d *docState) cut(stem string) []string {
	if w, ok := d.cutCache[stem]; ok {
		return w
	}
	w := d.x.seg.Cut(stem, false)
	d.cutCache[stem] = w
	return w
}

// commonWord reports whether s is an ordinary dictionary word, not a name.
func (d *docState) commonWord(s string) bool {
	freq, pos, ok := d.x.seg.Find(s)
	if !ok {
		return false
	}
	switch pos {
	case "nz", "nt", "nr", "nrt", "nrfg", "j":
		return false
	}
	return freq > 0
}

// scanForms finds every later mention of the organizations found so far,
// under any of their names and short forms.
func (d *docState) scanForms() {
	m := NewMatcher[*ent]()
	type form struct {
		s string
		e *ent
	}
	var forms []form
	runes := 0
	for _, e := range d.ents {
		if e.kind != Organization {
			continue
		}
		for _, f := range e.forms {
			forms = append(forms, form{f, e})
			runes += len(f)
		}
		for _, f := range d.shortForms(e) {
			forms = append(forms, form{f, e})
			runes += len(f)
			e.addForm(f)
		}
	}
	m.reserve(runes / 3) // (mostly Chinese: three bytes a rune)
	for _, f := range forms {
		m.Add(f.s, f.e)
	}
	weak := d.weakForms()
	for _, st := range d.sents {
		if st.role == "byline" {
			continue
		}
		for _, h := range m.FindAll(st.s) {
			if !st.start.has(h.Start) && !isLatin(st.s[h.Start:h.End]) {
				continue
			}
			if !st.end.has(h.End) && !d.nameEndOK(st, h.End) {
				continue
			}
			d.note(st, h.Value, h.Start, h.End, "form")
		}
		// 好运来总经理梁志斌, 中油董事长郭明哲: a short form that is also a
		// dictionary word names the company when a title or a speech verb
		// follows it
		for _, h := range weak.FindAll(st.s) {
			rest := st.s[h.End:]
			if !st.start.has(h.Start) || st.mentionAt(h.Start) != nil ||
				d.x.lex.prefix("title", rest) == "" && d.x.lex.prefix("speech", rest) == "" {
				continue
			}
			d.note(st, h.Value, h.Start, h.End, "weak-form")
		}
	}
}

// weakForms are the short forms of the document's companies that were left
// out only because they are also dictionary words (好运来 for 中山市好运来
// 灯饰有限公司, 中油 for 台湾中油公司): the name without its legal form, and
// without a place before it.
func (d *docState) weakForms() *Matcher[*ent] {
	m := NewMatcher[*ent]()
	lx := d.x.lex
	seen := map[string]*ent{}
	for _, e := range d.ents {
		if e.kind != Organization || !hasHan(e.name) {
			continue
		}
		cands, _ := d.stems(d.core(d.x.fold.Simplify(e.name)))
		// 好运来灯饰 → 好运来: the brand word before the trade words
		c := cands[len(cands)-1]
		if ws := d.cut(c); len(ws) >= 2 && runeLen(ws[0]) >= 2 && runeLen(c)-runeLen(ws[0]) >= 2 {
			cands = append(cands, ws[0])
		}
		for _, f := range cands {
			if runeLen(f) < 2 || f == e.name || lx.has("industry", f) || lx.has("place", f) || lx.has("descriptor", f) ||
				lx.has("stop", f) || lx.has("title", f) || d.x.countryIndex(f) >= 0 || !d.commonWord(f) {
				continue
			}
			if o, dup := seen[f]; dup && o != e {
				seen[f] = nil // two companies share it: not a form
				continue
			}
			seen[f] = e
		}
	}
	keys := make([]string, 0, len(seen))
	for f, e := range seen {
		if e != nil {
			keys = append(keys, f)
		}
	}
	sort.Strings(keys)
	for _, f := range keys {
		m.Add(f, seen[f])
	}
	return m
}

// nameEndOK reports whether a name may end at byte i although no token
// ends there: before a title, a legal form or a non-Chinese character.
func (d *docState) nameEndOK(st *sentence, i int) bool {
	if i >= len(st.s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(st.s[i:])
	if !isHan(r) {
		return true
	}
	rest := st.s[i:]
	lx := d.x.lex
	return lx.prefix("title", rest) != "" || lx.prefix("orgsuffix", rest) != "" || lx.prefix("speech", rest) != "" ||
		strings.HasPrefix(rest, "的") || strings.HasPrefix(rest, "与") || strings.HasPrefix(rest, "和")
}

var (
	inCountryRE = regexp.MustCompile(`在(\p{Han}{2,8}?)(?:拥有|设有|设立|成立|注册|收购)(?:了)?(?:一家)?(?:全资|控股)?(?:子公司|附属公司|分公司|工厂)$`)
	// 中国的青岛海尔公司
	countryOfRE = regexp.MustCompile(`^的$`)
	// 美泰格公司,是美国颇具规模的家用电器业者
	isCountryRE = regexp.MustCompile(`^(?:公司)?[，,]?(?:是|为|系)(?:一家)?$`)
)

// orgCountries reads the home countries the text states.
func (d *docState) orgCountries() {
	for _, st := range d.sents {
		for _, m := range st.ments {
			if m.ent.kind != Organization {
				continue
			}
			// <country>的<org>
			if c := st.countryEndingAt(m.s - len("的")); c != nil && strings.HasSuffix(st.s[:m.s], "的") {
				d.setCountry(m.ent, c.ent, "country-of", 0.8, d.evidence(st))
			}
			// 在意大利拥有全资子公司X: a subsidiary set up in a country
			if loc := inCountryRE.FindStringSubmatchIndex(st.s[:m.s]); loc != nil {
				if c := st.countryAt(loc[2]); c != nil && c.e == loc[3] {
					d.setCountry(m.ent, c.ent, "located-in", 0.8, d.evidence(st))
				}
			}
			// <org>(公司)?,是<country>…
			for _, c := range st.countries {
				if c.s > m.e && c.s-m.e <= 12 && isCountryRE.MatchString(st.s[m.e:c.s]) {
					rest := st.s[c.e:sentClauseEnd(st.s, c.e)]
					if d.x.lex.suffix("descriptor", strings.TrimSuffix(rest, "之一")) != "" || d.x.lex.suffix("orgsuffix", rest) != "" {
						d.setCountry(m.ent, c.ent, "is-country", 0.8, d.evidence(st))
					}
				}
			}
		}
	}
	d.shareCountry()
	d.dominantCountry()
	for _, e := range d.ents {
		// 道道全粮油股份有限公司: a PRC legal form, no foreign country named
		if e.kind == Organization && e.kbOrg < 0 && e.country == nil && hasHan(e.name) && d.x.lex.suffix("cnlegalform", e.name) != "" &&
			d.script == "Hans" {
			d.setCountry(e, d.countryByISO("CN"), "cn-legal-form", 0.6, "")
		}
		if e.kind == Organization && e.kbOrg >= 0 {
			o := d.x.kbOrgs[e.kbOrg]
			if len(o.Countries) > 0 {
				if c := d.countryByISO(o.Countries[0]); c != nil {
					d.setCountry(e, c, "kb", 0.95, "")
				}
			}
		}
	}
	_ = countryOfRE
}

var (
	parentRE = regexp.MustCompile(`^(?:所属|旗下|下属|全资子公司|控股子公司|子公司|(?:在华)?合资企业|(?:在华)?合资公司)(?:的)?(?:全资)?(?:附属)?(?:企业|公司|子公司)?$`)
	// 拟通过全资子公司X, 拥有全资子公司X, 旗下全资附属公司X
	subsidiaryRE = regexp.MustCompile(`(?:全资子公司|控股子公司|全资附属公司|附属公司|子公司)$`)
	// X将成为Y的间接全资子公司
	becomesRE     = regexp.MustCompile(`^(?:将|也将)?成为$`)
	becomesTailRE = regexp.MustCompile(`^的(?:间接)?(?:全资|控股)?(?:子公司|附属公司)`)
	// 由Y控股, 由Y全资持有, 由Y持股: the tail after the owner
	ownedByTailRE = regexp.MustCompile(`^(?:全资|绝对)?(?:控股|持有|拥有|持股)`)
)

// parents reads parent organizations: X所属Y, X旗下Y, X集团Y, X全资收购的Y.
func (d *docState) parents() {
	for _, st := range d.sents {
		for i, m := range st.ments {
			if m.ent.kind != Organization {
				continue
			}
			for _, n := range st.ments[i+1:] {
				if n.ent.kind != Organization || n.ent == m.ent {
					continue
				}
				gap := bracketRE.ReplaceAllString(st.s[m.e:n.s], "")
				switch {
				case gap == "" && (strings.HasSuffix(st.s[m.s:m.e], "集团") || strings.HasSuffix(st.s[m.s:m.e], "控股")):
					d.setParent(n.ent, m.ent, "group-prefix", d.evidence(st))
				case parentRE.MatchString(gap):
					d.setParent(n.ent, m.ent, "subsidiary", d.evidence(st))
				}
				break
			}
			// …全资子公司X: the owner is the company the clause is about
			if subsidiaryRE.MatchString(st.s[max(0, m.s-24):m.s]) {
				if owner := d.clauseOwner(st, m.s); owner != nil && owner != m.ent {
					d.setParent(m.ent, owner, "subsidiary", d.evidence(st))
				}
			}
			// X由Y控股, X由Y全资持有: Y owns X
			for _, n := range st.ments[i+1:] {
				if n.ent.kind == Organization && n.ent != m.ent && st.s[m.e:n.s] == "由" && ownedByTailRE.MatchString(st.s[n.e:]) {
					d.setParent(m.ent, n.ent, "owned-by", d.evidence(st))
				}
				break
			}
			// X将成为Y的全资子公司
			for j, n := range st.ments[i+1:] {
				if j > 3 || n.s-m.e > 24 {
					break
				}
				if n.ent.kind == Organization && becomesRE.MatchString(st.s[m.e:n.s]) && becomesTailRE.MatchString(st.s[n.e:]) {
					d.setParent(m.ent, n.ent, "becomes-subsidiary", d.evidence(st))
				}
			}
		}
	}
	d.bracketedSubsidiaries()
	for _, e := range d.ents {
		if e.kind == Organization && e.kbOrg >= 0 {
			if p := d.x.kbOrgs[e.kbOrg].Parent; p != "" {
				if i, ok := d.kbOrgIndex(p); ok {
					if pe := d.byKey[entKey{Organization, "kb:" + d.x.kbOrgs[i].Name}]; pe != nil {
						d.setParent(e, pe, "kb", "")
					}
				}
			}
		}
	}
}

// bracketedNameRE: a company name with a place or country in brackets
// after its brand (巴斯夫（中国）有限公司). Group 1 is the brand, 2 the place.
var bracketedNameRE = regexp.MustCompile(`^(\p{Han}{2,12}?)[（(](\p{Han}{2,8})[）)]`)

// bracketedSubsidiaries reads names like 巴斯夫（中国）有限公司: the
// company is based in the bracketed country, and it belongs to the
// company of the document that the brand names (巴斯夫集团), if one does.
func (d *docState) bracketedSubsidiaries() {
	for _, e := range d.ents {
		if e.kind != Organization || e.kbOrg >= 0 {
			continue
		}
		m := bracketedNameRE.FindStringSubmatch(d.x.fold.Simplify(e.name))
		if m == nil {
			continue
		}
		brand, place := m[1], m[2]
		// (a customs territory, 恒锐（香港）, names a place, not a home)
		if i := d.x.countryIndex(place); i >= 0 && !d.x.isTerritory(d.x.kbCtry[i].ISO2) {
			d.setCountry(e, d.countryEnt(i), "bracketed-country", 0.95, "")
		}
		var owner *ent
		for _, o := range d.ents {
			if o == e || o.kind != Organization {
				continue
			}
			name := d.x.fold.Simplify(o.name)
			if name == brand || d.core(name) == brand || strings.HasPrefix(name, brand) && d.x.lex.suffix("legalform", name) == name[len(brand):] {
				if owner != nil && owner != o {
					owner = nil // two candidates: no guess
					break
				}
				owner = o
			}
		}
		if owner != nil {
			d.setParent(e, owner, "bracketed-brand", "")
		}
	}
}

func (d *docState) setParent(child, parent *ent, rule, ev string) {
	if child == parent || child.parent != nil {
		return
	}
	child.parent, child.parentRule, child.parentEv = parent, rule, ev
}

// dominantCountry gives the organizations of an article about one foreign
// country (a national pavilion, a takeover battle abroad) that country,
// when nothing else tells theirs: the foreign country named at least three
// times and twice as often as any other.
func (d *docState) dominantCountry() {
	count := map[*ent]int{}
	for _, st := range d.sents {
		for _, c := range st.countries {
			if c.ent.iso != "CN" && st.mentionAt(c.s) == nil {
				count[c.ent]++
			}
		}
	}
	var best *ent
	first, second := 0, 0
	for c, n := range count {
		switch {
		case n > first:
			best, first, second = c, n, first
		case n > second:
			second = n
		}
	}
	if best == nil || first < 3 || first < 2*second {
		return
	}
	for _, e := range d.ents {
		if e.kind == Organization && e.country == nil && e.kbOrg < 0 && d.x.lex.prefix("place", e.name) == "" &&
			d.x.lex.suffix("cnlegalform", e.name) == "" {
			d.setCountry(e, best, "dominant-country", 0.5, "")
		}
	}
}

// startsWithNumber reports whether s begins with a digit or a Chinese numeral.
func startsWithNumber(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || strings.ContainsRune("零〇一二两三四五六七八九十百千万亿兩萬億", r)
}

// shareCountry gives coordinated names the country written before the
// first: 西班牙易安国际股份公司和盖飒工程技术股份公司.
func (d *docState) shareCountry() {
	for _, st := range d.sents {
		for i := 0; i+1 < len(st.ments); i++ {
			a, b := st.ments[i], st.ments[i+1]
			if a.ent.kind != Organization || b.ent.kind != Organization || a.ent.country == nil || b.ent.country != nil {
				continue
			}
			if a.ent.countryRule != "country-prefix" || st.countryAt(a.s) == nil || st.countryAt(b.s) != nil {
				continue
			}
			if gap := st.s[a.e:b.s]; gap == "和" || gap == "及" || gap == "、" || gap == "与" {
				d.setCountry(b.ent, a.ent.country, "shared-prefix", 0.6, d.evidence(st))
			}
		}
	}
}

// abbreviates reports whether short is an abbreviation of name: its
// characters appear in order in name, starting with name's first
// distinctive ones (宝钢股份 for 宝山钢铁股份有限公司, 浙能集团 for
// 浙江省能源集团有限公司).
func abbreviates(short, name string) bool {
	sr, nr := []rune(short), []rune(name)
	if len(sr) < 2 || len(sr) >= len(nr) {
		return false
	}
	j := 0
	for _, r := range nr {
		if j < len(sr) && r == sr[j] {
			j++
		}
	}
	if j < len(sr) {
		return false
	}
	// the first character must be among the name's first three
	for _, r := range nr[:min(3, len(nr))] {
		if r == sr[0] {
			return true
		}
	}
	return false
}

// quantified reports whether s ends with a quantifier that makes the next
// company name a description (一家, 这家, 多家, 某).
func quantified(s string) bool {
	for _, q := range []string{"一家", "这家", "那家", "该", "某", "多家", "几家", "两家", "各家", "其他", "另一家"} {
		if strings.HasSuffix(s, q) {
			return true
		}
	}
	return false
}

// clauseOwner returns the company a sentence is about before byte i: the
// last company named before i in the sentence, or, when the text says
// 公司/集团 instead, the subject of the latest sentence that names one.
func (d *docState) clauseOwner(st *sentence, i int) *ent {
	var last *ent
	for _, m := range st.ments {
		if m.e <= i && m.ent.kind == Organization {
			last = m.ent
		}
	}
	if last != nil {
		return last
	}
	return d.topicBefore(st)
}

// topicBefore returns the first company named in the latest sentence before
// st that names one (looking back three sentences at most).
func (d *docState) topicBefore(st *sentence) *ent {
	for k := st.i - 1; k >= 0 && k >= st.i-3; k-- {
		for _, m := range d.sents[k].ments {
			if m.ent.kind == Organization {
				return m.ent
			}
		}
	}
	return nil
}

// ownedSubsidiaryEnd reports whether s ends in X全资子公司, X控股子公司 or
// the like: a relation, no name.
func ownedSubsidiaryEnd(s string) bool { return endsWithAny(s, ownedSubsidiaryWords...) != "" }

// ownedSubsidiaryWords end X全资子公司, X控股子公司 and the like (not
// 控股公司: 新港能源控股公司 is a name).
var ownedSubsidiaryWords = []string{"全资子公司", "全资分公司", "控股子公司", "控股分公司", "附属公司"}

// latinNameAfter reports whether s opens with a bracketed Latin name
// (海峡航运集团（Straits Shipping Group）): the words before it name a
// company even when they read like a description.
func latinNameAfter(s string) bool {
	for _, open := range []string{"（", "("} {
		if rest, ok := strings.CutPrefix(s, open); ok {
			if i := strings.IndexAny(rest, "）)"); i >= 0 {
				inner := strings.ReplaceAll(rest[:i], " ", "")
				return runeLen(inner) >= 4 && isLatinName(inner) && !isDigits(inner)
			}
		}
	}
	return false
}

// endsWithConjunction reports whether s ends with 和, 与, 及 or 、: a name
// read from after it may be the second half of a longer one (沙特国际电力和
// 水务公司).
func endsWithConjunction(s string) bool { return endsWithAny(s, "和", "与", "及", "、") != "" }
