package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// trigger is a deal word in a sentence.
type trigger struct {
	s, e int
	kind DealKind
}

// triggers finds the deal words of a sentence, longest first.
func (d *docState) triggers(st *sentence) []trigger {
	m := d.x.triggers
	var out []trigger
	for _, h := range m.FindAll(st.s) {
		if st.mentionAt(h.Start) != nil || st.mentionAt(h.End-1) != nil {
			continue // 冠捷投资有限公司 is no investment
		}
		out = append(out, trigger{h.Start, h.End, h.Value})
	}
	// 将以约4200万美元取得泰国暹罗乳品公司51%股权: taking a stake is a
	// takeover, whatever the verb
	if strings.Contains(st.s, "股权") {
		for _, loc := range stakeRE.FindAllStringSubmatchIndex(st.s, -1) {
			if st.mentionAt(loc[2]) != nil || st.mentionAt(loc[3]-1) != nil {
				continue // the verb inside a name
			}
			obj := false
			for _, m := range st.ments {
				if m.ent.kind == Organization && m.s >= loc[3] && m.e <= loc[1] {
					obj = true
				}
			}
			if obj {
				out = append(out, trigger{loc[2], loc[3], Acquisition})
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].s < out[j].s })
	}
	return out
}

// stakeRE: a verb that takes a share of a company (取得X公司51%股权).
var stakeRE = regexp.MustCompile(`(取得|获得|购入|受让|认购)[^，,。；;]{2,40}?(?:[0-9.]+%|百分之[一二三四五六七八九十百]+|全部|多数|控股)(?:的)?股权`)

var (
	// 这笔订单, 该交易: a sentence that goes on about the previous deal
	dealAnaphoraRE = regexp.MustCompile(`(?:这笔|该笔|此笔|这一|该项|这项|此项|此次|本次|该|此)(?:订单|交易|协议|合同|采购|收购|并购|大单)|(?:交易|收购|并购)(?:总)?(?:对价|金额|总额|总价|价格)|总对价`)
	// 来自泰国、缅甸的: where the goods come from
	originRE = regexp.MustCompile(`(?:来自|产自|原产于|从)((?:[^，,。；;的从来自]{2,12}[、和及与]?){1,12}?)(?:等地|等国|等国家|等)?(?:的|进口)`)
	// 货源来自阿根廷和美国: where the goods come from, ending a clause
	sourceRE = regexp.MustCompile(`(?:货源|货物|原料)来自((?:[^，,。；;的]{2,12}[、和及与]?){1,12}?)(?:等地|等国|等国家|等)?(?:[，,。；;]|$)`)
	// 双方, 这两家公司: the two parties of the context
	pairWords = []string{"双方", "两家公司", "两家企业", "二者", "两者"}
	// weWithRE: the speaker's company signing with another
	weWithRE = regexp.MustCompile(`(?:我们|我司|本公司)(?:公司|集团)?(?:已|还|也|刚刚|今年|去年)?(?:与|和|同|跟)`)
	// 后者将采购, 为其提供: the party named second buys from the first
	otherBuysRE = regexp.MustCompile(`后者(?:将|将会|会|计划|拟|已|还将)?(?:采购|购买|订购|进口|引进|购入)|(?:为|向)其(?:提供|供应|供货|交付|出口|出售|销售)`)
	// 从后者采购: the party named first buys from the second
	fromLatterRE = regexp.MustCompile(`(?:从|向)后者(?:处)?(?:采购|购买|订购|进口|引进|购入)`)
	// 其重要的采购客户: the previous sentence's company
	itsRE = regexp.MustCompile(`其(?:[^，,。]{0,6})(?:客户|供应商|合作伙伴)`)
)

// dealBuilder collects one deal's parts.
type dealBuilder struct {
	kind     DealKind
	buyer    *ent
	partners []*ent
	amounts  []AmountMatch
	origins  []*ent
	products []string
	rule     string
	conf     float64
	st       *sentence
}

// findDeals reads deal frames sentence by sentence.
func (d *docState) findDeals() {
	var topic []*ent // companies the text is about, most recent last
	pushTopic := func(e *ent) {
		if e == nil {
			return
		}
		for i, t := range topic {
			if t == e {
				topic = append(topic[:i], topic[i+1:]...)
				break
			}
		}
		topic = append(topic, e)
	}
	lastDeal := -1
	for _, st := range d.sents {
		if st.role != "body" {
			continue
		}
		var recent *ent
		if len(topic) > 0 {
			recent = topic[len(topic)-1]
		}
		orgs := d.sentenceOrgs(st, recent)
		trig := d.triggers(st)
		amounts := d.amounts(st)
		var built []*dealBuilder
		if loans := d.loanFrames(st, orgs, trig, amounts); loans != nil {
			built = loans
		} else if len(amounts) > 0 && lastDeal >= 0 && d.deals[lastDeal].Amount == nil &&
			st.i-d.deals[lastDeal].Sentence <= 2 && dealAnaphoraRE.MatchString(st.s) {
			// 这笔订单总价值接近300亿欧元: the value of the deal just read
			a := amounts[0].Amount
			d.deals[lastDeal].Amount = &a
			for _, p := range d.products(st, d.triggers(st)) {
				d.deals[lastDeal].Products = appendUnique(d.deals[lastDeal].Products, entID(d.entity(Product, p, p)))
			}
		} else if len(trig) > 0 {
			built = d.frames(st, orgs, trig, amounts, topic)
		}
		for _, b := range built {
			if id := d.emit(b); id >= 0 {
				lastDeal = id
			}
		}
		// the sentence's topic: its first company, or the employer of the
		// first person it names
		for _, m := range st.ments {
			if m.ent.kind == Organization {
				pushTopic(m.ent)
				break
			}
			if m.ent.kind == Person && m.ent.worksFor != nil {
				pushTopic(m.ent.worksFor)
				break
			}
		}
		for _, b := range built {
			pushTopic(b.buyer)
		}
	}
}

// orgRef is an organization named or referred to in a sentence.
type orgRef struct {
	s, e int
	ent  *ent
}

// sentenceOrgs lists the organizations of a sentence, with 我们 in a quote
// resolved to the speaker's employer and 该集团 to the last company named.
func (d *docState) sentenceOrgs(st *sentence, recent *ent) []orgRef {
	var out []orgRef
	for _, m := range st.ments {
		if m.ent.kind == Organization {
			out = append(out, orgRef{m.s, m.e, m.ent})
		}
	}
	for i := 0; i < len(st.s); i++ {
		if n := thatAt(st.s[i:]); n > 0 && pronounStart(st.s, i) && st.mentionAt(i) == nil && (len(out) == 0 || out[0].s > i) {
			// 今年3月，该公司与荷兰阿斯麦公司签署…: the company the text is about
			// (the buyer of the deal just read, else the first company of
			// the sentences before)
			o := recent
			if o == nil {
				o = d.topicBefore(st)
			}
			if o != nil {
				out = insertRef(out, orgRef{i, i + n, o})
				i += n - 1
				continue
			}
		}
		if n := weAt(st.s[i:]); n > 0 && st.mentionAt(i) == nil {
			if o := d.speakerOrg(st.off + i); o != nil {
				out = insertRef(out, orgRef{i, i + n, o})
				i += n - 1
			} else if pronounStart(st.s, i) && len(out) == 0 {
				// 公司拟…, 公司已与…签约: the company the text is about
				if o := d.topicBefore(st); o != nil && st.s[i:i+n] != "我们" {
					out = insertRef(out, orgRef{i, i + n, o})
					i += n - 1
				}
			}
		}
	}
	// 中国宝武旗下宝山钢铁: the subsidiary acts; 通过全资子公司X: X is a vehicle;
	// 沙特阿拉伯国家石油公司（沙特阿美）names one company once
	var kept []orgRef
	for k, o := range out {
		if k > 0 && out[k-1].ent == o.ent && strings.TrimSpace(st.s[out[k-1].e:o.s]) != "" &&
			strings.Trim(st.s[out[k-1].e:o.s], "（( ") == "" {
			continue
		}
		if k+1 < len(out) && viaRE.MatchString(st.s[o.e:out[k+1].s]) {
			continue
		}
		if k > 0 && vehicleRE.MatchString(st.s[out[k-1].e:o.s]) {
			continue
		}
		kept = append(kept, o)
	}
	return kept
}

var (
	bracketRE = regexp.MustCompile(`[（(][^()（）]{1,12}[)）]`)
	viaRE     = regexp.MustCompile(`^(?:旗下|所属|下属|(?:在华)?合资企业|(?:在华)?合资公司)(?:的)?(?:全资)?(?:附属)?(?:公司)?$`)
	vehicleRE = regexp.MustCompile(`通过(?:其)?(?:全资|控股)?(?:子公司|附属公司)$`)
)

// weWords are the words for the speaker's company inside a quote (我们,
// 本公司) or, at a clause start, for the company the text is about (公司),
// longer ones before their prefixes.
var weWords = []string{"我们公司", "我们集团", "我们", "本公司", "我司", "公司"}

// thatWords refer to the company named last (该公司, 该集团).
var thatWords = []string{"该集团", "该公司", "这家公司", "这家企业", "该企业", "它"}

// thatAt returns the byte length of the thatWords word s starts with, or 0.
func thatAt(s string) int {
	if !strings.HasPrefix(s, "该") && !strings.HasPrefix(s, "这") && !strings.HasPrefix(s, "它") {
		return 0
	}
	for _, w := range thatWords {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

// weAt returns the byte length of the weWords word s starts with, or 0.
// sentenceOrgs asks at every byte, so this is no regexp.
func weAt(s string) int {
	if s == "" {
		return 0
	}
	for _, w := range weWords {
		if w[0] == s[0] && strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

// pronounStart reports whether byte i of s begins a clause (公司 standing
// for a company named before, not part of a longer word).
func pronounStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return clauseBreak(r) || r == ' '
}

func insertRef(refs []orgRef, r orgRef) []orgRef {
	for k, o := range refs {
		if r.s < o.s {
			return append(refs[:k], append([]orgRef{r}, refs[k:]...)...)
		}
		if r.s < o.e {
			return refs
		}
	}
	return append(refs, r)
}

// amounts returns the deal values of a sentence (not per-unit prices).
func (d *docState) amounts(st *sentence) []AmountMatch {
	var out []AmountMatch
	for _, a := range FindAmounts(st.s) {
		if a.PerUnit {
			continue
		}
		// 注册资本10亿元, 营业收入1.9亿欧元: a company's figures, no deal's
		before := st.s[sentClauseStart(st.s, a.Start):a.Start]
		skip := false
		for _, w := range d.x.lex.lists["notdealamount"] {
			if strings.Contains(before, w) {
				skip = true
			}
		}
		if !skip {
			out = append(out, a)
		}
	}
	return out
}

// frames builds the deals of one sentence.
func (d *docState) frames(st *sentence, orgs []orgRef, trig []trigger, amounts []AmountMatch, topic []*ent) []*dealBuilder {
	kind := dealKind(trig)
	origins := d.origins(st)
	products := d.products(st, trig)
	var out []*dealBuilder

	// 1. several clauses "与Y…签署…" sharing one subject: one deal each
	if cl := d.withClauses(st, orgs); len(cl) >= 2 {
		subj := d.before(orgs, cl[0].s)
		for _, c := range cl {
			b := &dealBuilder{kind: kind, st: st, rule: "with-clauses", conf: 0.8}
			b.amounts = amountsIn(amounts, c.s, sentClauseEnd(st.s, c.e))
			d.orient(b, subj, []*ent{c.ent}, true)
			out = append(out, b)
		}
		return out
	}

	b := &dealBuilder{kind: kind, st: st, origins: origins, products: products, amounts: amounts, conf: 0.7}
	var subj *ent
	var partners []*ent
	// 2. X与A、B、C…: the parties of a "with" list (unless a deal verb
	// comes first and takes the list as its object: 全资收购的A和B)
	if w := d.withList(st, orgs); len(w) > 0 && !(len(trig) > 0 && trig[0].s < d.withStart(st, orgs) && trig[0].kind != Cooperation && d.objectAfter(st, orgs, trig[0].e) != nil) {
		partners = w
		subj = d.before(orgs, d.withStart(st, orgs))
		b.rule = "with-list"
		// 公司决定终止收购德国巴登精密轴承有限公司的交易，并已与卖方巴登控股集团签署…:
		// the company before 与 is what is bought; the buyer is the subject
		// of the takeover verb
		for _, t := range trig {
			if t.kind != Acquisition || t.s >= d.withStart(st, orgs) {
				continue
			}
			obj := d.objectAfter(st, orgs, t.e)
			if len(obj) == 0 || obj[0] != subj {
				continue
			}
			if acq := d.subjectBefore(st, orgs, t.s, subj); acq != nil {
				partners = append([]*ent{subj}, w...)
				subj = acq
				b.kind = Acquisition
				b.rule = "takeover-with"
			}
			break
		}
	}
	// 3a. 向X采购: X sells to the company the sentence is about
	if subj == nil {
		for _, t := range trig {
			if t.kind != Purchase {
				continue
			}
			for _, o := range orgs {
				if o.e <= t.s && strings.HasSuffix(st.s[:o.s], "向") || o.e <= t.s && d.sellerBefore(st, o, t) {
					partners = []*ent{o.ent}
					subj = d.subjectBefore(st, orgs, o.s, o.ent)
					if subj == nil {
						subj = d.topicBefore(st)
					}
					b.rule = "from-seller"
					break
				}
			}
			if subj != nil {
				break
			}
		}
	}
	// 3a'. X向其采购: X buys from the company named before it
	if subj == nil {
		for _, t := range trig {
			if t.kind != Purchase {
				continue
			}
			pre := st.s[:t.s]
			if !strings.HasSuffix(pre, "向其") {
				continue
			}
			at := len(pre) - len("向其")
			var buyer, seller *ent
			for _, o := range orgs {
				if o.e <= at {
					seller, buyer = buyer, o.ent
				}
			}
			if seller == nil {
				seller = d.topicBefore(st)
			}
			if buyer != nil && seller != nil && buyer != seller {
				subj, partners = buyer, []*ent{seller}
				b.rule = "from-it"
			}
			break
		}
	}
	// 3b. 向X投资, 对X进行投资: X receives the investment of the company
	// the sentence is about
	if subj == nil {
		for _, t := range trig {
			if t.kind != Investment {
				continue
			}
			for _, o := range orgs {
				if o.e <= t.s && d.investeeBefore(st, o, t) {
					partners = []*ent{o.ent}
					subj = d.subjectBefore(st, orgs, o.s, o.ent)
					if subj == nil {
						subj = d.topicBefore(st)
					}
					b.rule = "investee"
					break
				}
			}
			if subj != nil {
				break
			}
		}
	}
	// 3. a deal verb and its object: 收购Y, 购买对手Y, 引进Y
	if subj == nil {
		for _, t := range trig {
			if t.kind == Cooperation {
				continue
			}
			obj := d.objectAfter(st, orgs, t.e)
			if obj == nil && t.kind == Acquisition {
				// 已完成对荷兰代尔夫特精测有限公司60%股权的收购
				if o := d.targetBefore(st, orgs, t); o != nil {
					obj = []*ent{o}
				}
			}
			if obj == nil && t.kind == Acquisition || obj == nil && strings.HasPrefix(st.s[t.e:], "它") {
				// 莱茵智控是做…的，我们花了1850万欧元买下它80%的股权: 它 is
				// the company named before
				if it := d.itBefore(st, orgs, t); it != nil {
					obj = []*ent{it}
				}
			}
			if obj == nil {
				continue
			}
			partners = append(partners, obj...)
			subj = d.subjectBefore(st, orgs, t.s, obj[0])
			b.rule = "verb-object"
			if t.kind == Acquisition {
				b.kind = Acquisition
				// 收购Y全部股权，并已与卖方Z签署协议: Z is a party too
				if ws := d.withStart(st, orgs); ws > t.e {
					for _, p := range d.withList(st, orgs) {
						if p != subj && !containsEnt(partners, p) {
							partners = append(partners, p)
						}
					}
				}
			}
			if strings.Contains(st.s[t.s:t.e], "全资收购") {
				for _, p := range obj {
					d.setParent(p, subj, "wholly-acquired", d.evidence(st))
				}
			}
			break
		}
	}
	// 4. 双方: the company named here and the one the text is about
	if subj == nil && containsAny(st.s, pairWords...) {
		var named *ent
		for _, o := range orgs {
			if named != nil && o.ent != named {
				// both parties named here: 贾宝军和…傅里代表双方
				subj, partners = named, []*ent{o.ent}
				b.rule = "pair"
				break
			}
			named = o.ent
		}
		if subj == nil && named != nil {
			for k := len(topic) - 1; k >= 0; k-- {
				if topic[k] != named {
					subj, partners = topic[k], []*ent{named}
					b.rule = "pair"
					break
				}
			}
		}
	}
	// 5. 其重要的采购客户: a relation to the previous sentence's company
	if subj == nil && len(orgs) > 0 && itsRE.MatchString(st.s) && len(topic) > 0 {
		for k := len(topic) - 1; k >= 0; k-- {
			if topic[k] != orgs[0].ent {
				subj, partners = orgs[0].ent, []*ent{topic[k]}
				b.rule = "its-partner"
				break
			}
		}
	}
	// 6. only a buyer: the first company of the sentence, or the company
	// being talked about
	if subj == nil {
		// a company right after a deal verb is what is bought, not the buyer
		var free []orgRef
		objects := map[*ent]bool{}
		for _, o := range orgs {
			for _, t := range trig {
				if o.s >= t.e && t.kind == Acquisition && runeLen(st.s[t.e:o.s]) <= 2 {
					objects[o.ent] = true
				}
			}
		}
		for _, o := range orgs {
			obj := objects[o.ent]
			for _, t := range trig {
				if o.s < t.e {
					continue
				}
				if gap := st.s[t.e:o.s]; runeLen(gap) <= 2 && !strings.ContainsFunc(gap, clauseBreak) && gap != "商" && !strings.HasPrefix(gap, "商") {
					obj = true
				}
			}
			if !obj {
				free = append(free, o)
			}
		}
		orgs = free
		if len(orgs) > 0 {
			subj = d.actor(st, orgs, trig[0].s)
			b.rule = "subject"
			b.conf = 0.6
		} else if len(origins) > 0 || len(amounts) > 0 {
			if o := d.speakerOrg(st.off); o != nil {
				subj = o
				b.rule = "speaker"
				b.conf = 0.5
			}
		}
	}
	if subj == nil {
		return nil
	}
	d.orient(b, subj, partners, b.rule == "with-list" || b.rule == "pair")
	return append(out, b)
}

func dealKind(trig []trigger) DealKind {
	rank := map[DealKind]int{Acquisition: 6, JointVenture: 5, Investment: 4, Intent: 3, Purchase: 2, Cooperation: 1}
	best := Purchase
	if len(trig) > 0 {
		best = trig[0].kind
	}
	for _, t := range trig {
		if rank[t.kind] > rank[best] {
			best = t.kind
		}
	}
	return best
}

// orient decides who buys: in "X与Y" the Chinese party buys from the
// foreign one, and a party introduced as 参展企业/供应商 sells.
func (d *docState) orient(b *dealBuilder, subj *ent, partners []*ent, symmetric bool) {
	b.buyer = subj
	var ps []*ent
	for _, p := range partners {
		if p != subj && p != nil {
			ps = append(ps, p)
		}
	}
	b.partners = ps
	if len(ps) == 1 && d.sells(subj, ps[0]) {
		// 宁德时代…向北极光供应: the text says who sells
		b.buyer, b.partners = ps[0], []*ent{subj}
		return
	}
	// the rules below tell a sale between two parties, not a takeover
	trade := len(ps) == 1 && b.kind != Acquisition && b.kind != Investment
	var text string
	if b.st != nil {
		text = b.st.s
	}
	flip := func() { b.buyer, b.partners = ps[0], []*ent{subj} }
	switch {
	case trade && d.buyerRole(b.st, ps[0]) && !d.buyerRole(b.st, subj):
		// 美的集团与波兰家电零售商Dom-Tech签署供货协议: the retailer buys
		flip()
		return
	case trade && strings.Contains(text, "后者") && fromLatterRE.MatchString(text):
		// X与Y签订采购合同，从后者采购…: X buys, whatever its country
		return
	case trade && containsAny(text, "后者", "其") && otherBuysRE.MatchString(text):
		// X与Y签约，为其提供40台机车 / 后者将采购X的起重机: Y buys
		flip()
		return
	case trade && d.sellContract(b.st):
		// 我们与德国X签下一份供货合同: the other side buys
		flip()
		return
	}
	if !symmetric || len(ps) == 0 || b.kind == Acquisition {
		return
	}
	if len(ps) == 1 && d.subjectBuysAfter(b.st) {
		// 尼日利亚丹巴塔建筑集团与三一重工签约，订购挖掘机120台: the
		// sentence's subject orders
		return
	}
	if d.isChinese(subj) || len(ps) == 1 && d.sells(ps[0], subj) {
		return
	}
	for i, p := range ps {
		if d.isChinese(p) {
			rest := append([]*ent{subj}, append(append([]*ent(nil), ps[:i]...), ps[i+1:]...)...)
			b.buyer, b.partners = p, rest
			return
		}
	}
}

// buyerRole reports whether the sentence introduces e with a buyer's role
// word right before its name (采购商X, 经销商X: the lexicon's buyerrole).
func (d *docState) buyerRole(st *sentence, e *ent) bool {
	if st == nil || e == nil {
		return false
	}
	for _, m := range st.ments {
		if m.ent == e && d.x.lex.suffix("buyerrole", st.s[:m.s]) != "" {
			return true
		}
	}
	return false
}

// sellContract reports whether the sentence names a contract to sell or
// supply (供货合同, 分销协议; the lexicon's sellcontract) and no buying verb
// (the lexicon's buyverb: 采购, 进口).
func (d *docState) sellContract(st *sentence) bool {
	// 宝武与福特斯克签署铁矿石供货协议 does not say who supplies; a speaker
	// telling of their own company's contract (我们与X签下供货合同) does
	if st == nil || !weWithRE.MatchString(st.s) {
		return false
	}
	found := false
	for _, w := range d.x.lex.lists["sellcontract"] {
		found = found || strings.Contains(st.s, w)
	}
	if !found {
		return false
	}
	for _, w := range d.x.lex.lists["buyverb"] {
		if strings.Contains(st.s, w) {
			return false
		}
	}
	return true
}

func (d *docState) isChinese(e *ent) bool {
	return e != nil && e.country != nil && e.country.iso == "CN"
}

// before returns the organization closest before byte i.
func (d *docState) before(orgs []orgRef, i int) *ent {
	var out *ent
	for _, o := range orgs {
		if o.e <= i {
			out = o.ent
		}
	}
	return out
}

// actor returns the company that acts in a sentence: the last one named
// before the deal word (a subsidiary after its group: 国家电投集团上海电力),
// else the first one.
func (d *docState) actor(st *sentence, orgs []orgRef, at int) *ent {
	var out *ent
	for _, o := range orgs {
		if o.s < at {
			out = o.ent
		}
	}
	if out == nil {
		return orgs[0].ent
	}
	// a clause before: 中国能建所属葛洲坝国际公司 → the subsidiary
	return out
}

// subjectBefore returns the buyer of a verb-object frame: the closest
// company before the verb that is not the object.
func (d *docState) subjectBefore(st *sentence, orgs []orgRef, at int, obj *ent) *ent {
	var out *ent
	for _, o := range orgs {
		if o.e <= at && o.ent != obj {
			out = o.ent
		}
	}
	return out
}

// objectAfter returns the companies a deal verb at byte i takes as object,
// within its clause: 收购美泰格, 购买对手美泰格, 全资收购的A和B.
func (d *docState) objectAfter(st *sentence, orgs []orgRef, i int) []*ent {
	end := sentClauseEnd(st.s, i)
	var out []*ent
	last := -1
	for _, o := range orgs {
		if o.s < i || o.s >= end {
			continue
		}
		gap := st.s[i:o.s]
		if last >= 0 {
			gap = st.s[last:o.s]
			if gap != "和" && gap != "、" && gap != "及" && gap != "与" {
				break
			}
		} else if runeLen(gap) > 24 || strings.ContainsAny(gap, "与和同跟") && last < 0 && runeLen(gap) <= 1 {
			break
		} else if gap != "" && d.x.lex.prefix("notparty", gap) != "" && strings.ContainsAny(gap, "于为是") {
			break // 收购代价相当于瀚德去年盈利的11倍: no company is bought
		}
		out = append(out, o.ent)
		last = o.e
	}
	return out
}

type withClause struct {
	s, e int
	ent  *ent
}

// withClauses finds clauses that begin "与Y" (or contain it after the first
// subject) and hold a deal word: 恒通资源与A签署…，与B签署…
func (d *docState) withClauses(st *sentence, orgs []orgRef) []withClause {
	var out []withClause
	for _, o := range orgs {
		if !strings.HasSuffix(st.s[:o.s], "与") {
			continue
		}
		cs := sentClauseStart(st.s, o.s)
		ce := sentClauseEnd(st.s, o.e)
		if !d.hasDealWord(st.s[o.e:ce]) {
			continue
		}
		pre := st.s[cs : o.s-len("与")]
		if len(out) > 0 && pre != "" {
			continue
		}
		out = append(out, withClause{o.s, o.e, o.ent})
	}
	return out
}

// withStart returns where "与…" begins in the sentence, or -1.
func (d *docState) withStart(st *sentence, orgs []orgRef) int {
	for _, o := range orgs {
		if i := d.withWord(st, o.s); i >= 0 {
			return i
		}
	}
	return -1
}

// withWord returns where 与/和/同/跟 stands before a company named at byte
// i, across a country and descriptors between them (与纽西兰乳业巨头恒天然,
// 与参展企业X), or -1.
func (d *docState) withWord(st *sentence, i int) int {
	pre := st.s[:i]
	for n := 0; n < 4; n++ {
		trimmed := pre
		if c := st.countryEndingAt(len(pre)); c != nil {
			trimmed = pre[:c.s]
		} else if w := d.x.lex.suffix("descriptor", pre); w != "" {
			trimmed = strings.TrimSuffix(pre, w)
		} else if w := d.x.lex.suffix("industry", pre); w != "" && n > 0 {
			trimmed = strings.TrimSuffix(pre, w)
		} else if w := traderWord(pre); w != "" {
			trimmed = strings.TrimSuffix(pre, w) // 与美国谷物商邦吉
		} else if q := strings.TrimRight(pre, "「“\"《"); q != pre {
			trimmed = q // 与…开发商「德州蓝星能源公司」
		}
		for _, w := range []string{"与", "和", "同", "跟"} {
			if strings.HasSuffix(trimmed, w) {
				return len(trimmed) - len(w)
			}
		}
		if trimmed == pre {
			break
		}
		pre = trimmed
	}
	return -1
}

// traderWord returns the word ending in 商 (a trader or maker: 谷物商,
// 液化天然气开发商) that pre ends with, of at most seven characters and
// without a 与/和/同/跟 in it, or "".
func traderWord(pre string) string {
	if !strings.HasSuffix(pre, "商") {
		return ""
	}
	rs := []rune(pre)
	i := len(rs) - 1
	for i > 0 && len(rs)-i < 7 && isHan(rs[i-1]) && !strings.ContainsRune("与和同跟的、", rs[i-1]) {
		i--
	}
	if len(rs)-i < 2 {
		return ""
	}
	return string(rs[i:])
}

// withList returns the companies listed after 与/和 in a sentence that has
// a company before the list: 与西门子、阿特斯、通用电气、瓦锡兰等公司.
func (d *docState) withList(st *sentence, orgs []orgRef) []*ent {
	start := -1
	for k, o := range orgs {
		if k > 0 && d.withWord(st, o.s) >= 0 {
			start = k
			break
		}
	}
	if start < 0 {
		return nil
	}
	out := []*ent{orgs[start].ent}
	last := orgs[start].e
	for _, o := range orgs[start+1:] {
		gap := bracketRE.ReplaceAllString(st.s[last:o.s], "")
		if gap != "、" && gap != "和" && gap != "及" && gap != "与" && gap != "，" {
			break
		}
		out = append(out, o.ent)
		last = o.e
	}
	return out
}

// amountsIn returns the amounts inside [s, e).
func amountsIn(as []AmountMatch, s, e int) []AmountMatch {
	var out []AmountMatch
	for _, a := range as {
		if a.Start >= s && a.End <= e {
			out = append(out, a)
		}
	}
	return out
}

// origins returns the countries goods come from: 来自泰国、缅甸的大米.
func (d *docState) origins(st *sentence) []*ent {
	var out []*ent
	if !strings.ContainsAny(st.s, "来产从") { // originRE needs one of them
		return nil
	}
	locs := originRE.FindAllStringSubmatchIndex(st.s, -1)
	if strings.Contains(st.s, "源来自") || strings.Contains(st.s, "物来自") || strings.Contains(st.s, "料来自") {
		// 货源来自阿根廷和美国。: the goods' origin, ending the clause
		locs = append(locs, sourceRE.FindAllStringSubmatchIndex(st.s, -1)...)
	}
	for _, loc := range locs {
		// 来自墨西哥、沙特阿拉伯和波兰的采购商: the people come from there,
		// not the goods
		if rest := st.s[loc[1]:]; d.x.lex.prefix("buyerrole", rest) != "" || d.x.lex.prefix("descriptor", rest) != "" ||
			d.x.lex.prefix("visitor", rest) != "" {
			continue
		}
		for _, c := range st.countries {
			if c.s >= loc[2] && c.e <= loc[3] {
				out = append(out, c.ent)
			}
		}
	}
	return out
}

var (
	originGoodsRE  = regexp.MustCompile(`来自[^，,。；;]{2,40}?(?:等地|等国)?的([^，,。；;的]{2,16})`)
	involvesRE     = regexp.MustCompile(`(?:涉及|包括|主要为|主要是)(?:到)?((?:[^，,。；;、的]{2,14}、)+[^，,。；;、的]{2,14}?)(?:等|[，,。；;])`)
	countedRE      = regexp.MustCompile(`[0-9０-９一二两三四五六七八九十百千万]+(?:架|台|套|辆|艘|列|万吨|吨)([A-Za-z0-9\x{4e00}-\x{9fff}]{2,14}?)(?:的|以及|和|、|，|,|。|机型)`)
	leadListRE     = regexp.MustCompile(`(?:^|[，,：:])((?:[^，,。；;、…]{2,14}、)+[^，,。；;、…]{2,14})(?:……|…)`)
	seaListRE      = regexp.MustCompile(`以及(?:海外|国外|全球)?的?((?:[^，,。；;、的]{2,8}、)+[^，,。；;、的]{2,8})等`)
	signRE         = regexp.MustCompile(`签署了?|签订了?|签下了?|达成了?|签约`)
	quantityUnits  = []string{"吨", "公吨", "架", "台", "辆", "艘", "桶", "立方米", "件", "套", "头", "箱", "批"}
	quantityTailRE = regexp.MustCompile(`(?:共|总|合计)?(?:约|近|超过|逾)?[0-9０-９.,，]+(?:多|余)?(?:万|亿)?(?:` + strings.Join(quantityUnits, "|") + `)$`)
	productTails   = []string{"品质商品", "优质商品", "商品", "原材料", "产品"}
	productTailRE  = regexp.MustCompile(`(?:等)?(?:` + strings.Join(productTails, "|") + `)$`)
	// 214辆, 约40台, 10艘: a count before the goods
	quantityHeadRE = regexp.MustCompile(`^(?:了)?(?:约|近|超过|逾)?[0-9０-９.,，]+(?:多|余)?(?:万|亿)?(?:` + strings.Join(quantityUnits, "|") + `|列|座|部)`)
)

// goodsREs find goods named in a sentence; maybe is a cheap test that
// fails only where the regexp cannot match (each is run on every sentence
// with a purchase word).
var goodsREs = []struct {
	re    *regexp.Regexp
	maybe func(string) bool
}{
	{originGoodsRE, func(s string) bool { return strings.Contains(s, "来自") }},
	{involvesRE, func(s string) bool { return strings.Contains(s, "、") }},
	{countedRE, func(s string) bool { return strings.ContainsAny(s, "架台套辆艘列吨") }},
}

// listJoiners turns 及, 以及 and 和 in a list of goods into 、.
var listJoiners = strings.NewReplacer("及", "、", "以及", "、", "和", "、")

var (
	productTrimWords = []string{"了", "过", "的", "一批", "一系列", "大量", "多款", "各种", "各类", "先进的", "优质的", "优质", "先进", "高端", "新型", "智能化的", "品质"}
	productTrimRE    = regexp.MustCompile(`^(?:` + strings.Join(productTrimWords, "|") + `)+`)
)

// The regexps of products match only strings that begin or end with one
// of their words (or hold a bracket): these test that first, as most
// candidates have nothing to trim.

func trimQuantityTail(s string) string {
	if endsWithAny(s, quantityUnits...) == "" {
		return s
	}
	return quantityTailRE.ReplaceAllString(s, "")
}

func trimProductTail(s string) string {
	if endsWithAny(s, productTails...) == "" {
		return s
	}
	return productTailRE.ReplaceAllString(s, "")
}

func trimProductWords(s string) string {
	if hasPrefixAny(s, productTrimWords...) == "" {
		return s
	}
	return productTrimRE.ReplaceAllString(s, "")
}

func dropBrackets(s string) string {
	if !strings.ContainsAny(s, "（(") {
		return s
	}
	return bracketRE.ReplaceAllString(s, "")
}

// products reads what a purchase verb takes: 采购了先进的半导体封测设备.
func (d *docState) products(st *sentence, trig []trigger) []string {
	var out []string
	add := func(np string) {
		// 超百亿美元农产品: the goods come after the amount
		if as := FindAmounts(np); len(as) > 0 {
			np = np[as[len(as)-1].End:]
		}
		np = trimQuantityTail(np)
		np = trimProductWords(np)
		np = strings.TrimRight(np, "…. ")
		if t := trimProductTail(np); runeLen(t) >= 2 {
			np = t // 智能设备等产品 → 智能设备, but 农产品 stays
		}
		for _, p := range splitItems(listJoiners.Replace(np)) {
			p = trimProductWords(p)
			p = trimQuantityTail(dropBrackets(p))
			if n := runeLen(p); n >= 2 && n <= 14 && !d.hasDealWord(p) && !strings.ContainsAny(p, "的了是在将更，,") &&
				d.x.lex.suffix("notproduct", p) == "" && d.x.countryIndex(p) < 0 && !isDigits(p[:1]) && !d.namesTitle(p) &&
				!strings.HasPrefix(p, "来自") && !strings.HasPrefix(p, "从") {
				out = appendUnique(out, d.surfaceOf(st, p))
			}
		}
	}
	for _, t := range trig {
		w := st.s[t.s:t.e]
		verb := false
		for _, v := range []string{"采购", "购买", "引进", "订购", "进口", "购置"} {
			verb = verb || strings.HasPrefix(w, v)
		}
		if !verb {
			continue
		}
		end := sentClauseEnd(st.s, t.e)
		if strings.HasSuffix(st.s[:t.s], "的") || st.mentionAt(t.e) != nil && st.mentionAt(t.e).e >= end {
			continue
		}
		from := t.e
		if m := st.mentionAt(t.e); m != nil {
			from = m.e // 采购徐工全地面起重机: the maker's name, then the goods
		}
		np := st.s[from:end]
		if i := strings.LastIndex(np, "为"); i >= 0 {
			np = np[i+len("为"):]
		}
		if i := strings.LastIndex(np, "的"); i >= 0 {
			np = np[i+len("的"):]
		}
		if i := strings.Index(np, "等"); i >= 0 {
			np = np[:i]
		}
		// 订购214辆纯电动公交车, 采购起重机共150台: a count before the
		// goods is dropped, and the goods end where a number starts
		if loc := quantityHeadRE.FindStringIndex(np); loc != nil {
			np = np[loc[1]:]
		}
		if i := strings.IndexAny(np, "0123456789０１２３４５６７８９"); i >= 0 {
			if quantityHeadRE.MatchString(np[i:]) {
				np = strings.TrimRight(np[:i], "共约近逾超总合计")
			} else {
				np = "" // GT36型燃气轮机, 波音787: a model number, not read here
			}
		}
		if np != "" {
			add(np)
		}
		// 签署工业机器人及自动化控制系统采购合同: the goods between the
		// signing verb and 采购
		if loc := signRE.FindAllStringIndex(st.s[:t.s], -1); len(loc) > 0 {
			from := loc[len(loc)-1][1]
			if np := st.s[from:t.s]; !strings.ContainsFunc(np, clauseBreak) && runeLen(np) <= 24 {
				if i := strings.LastIndex(np, "的"); i >= 0 {
					np = np[i+len("的"):]
				}
				add(np)
			}
		}
		// 超百亿美元农产品采购大单: the goods between the amount and the verb
		if k := strings.LastIndexAny(st.s[:t.s], "元币镑郎"); k >= 0 && t.s-k <= 24 {
			_, n := utf8.DecodeRuneInString(st.s[k:])
			if np := st.s[k+n : t.s]; !strings.ContainsFunc(np, clauseBreak) {
				add(np)
			}
		}
	}
	// 来自泰国、缅甸的优质大米; 涉及原油、化工品等; 300架飞机, 290架A320系列
	for _, g := range goodsREs {
		if !g.maybe(st.s) {
			continue
		}
		for _, m := range g.re.FindAllStringSubmatch(st.s, -1) {
			add(m[1])
		}
	}
	// 风力发电机、汽轮机组……进入了X的“购物车”: a list of goods the sentence
	// puts in a buyer's cart
	if strings.Contains(st.s, "购物车") {
		if m := leadListRE.FindStringSubmatch(st.s); m != nil {
			add(m[1])
		}
		// the list may stand as a sentence of its own before: 技术装备、…管道……
		if st.i > 0 {
			if prev := d.sents[st.i-1]; prev.role == "body" {
				if m := leadListRE.FindStringSubmatch(strings.TrimSpace(prev.s)); m != nil {
					add(m[1])
				}
			}
		}
		for _, m := range seaListRE.FindAllStringSubmatch(st.s, -1) {
			add(m[1])
		}
	}
	return out
}

// emit turns a builder into Deals; extra amounts make extra deals with the
// same parties. It returns the index of the first deal, or -1.
func (d *docState) emit(b *dealBuilder) int {
	if b.buyer == nil {
		return -1
	}
	if len(b.partners) == 0 && len(b.amounts) == 0 && len(b.origins) == 0 && len(b.products) == 0 {
		return -1
	}
	first := -1
	n := len(b.amounts)
	if n == 0 {
		n = 1
	}
	for k := 0; k < n; k++ {
		dl := Deal{
			ID:         fmt.Sprintf("deal-%d", len(d.deals)+1),
			Kind:       b.kind,
			Buyer:      entID(b.buyer),
			Sentence:   b.st.i,
			Evidence:   d.evidence(b.st),
			Rule:       b.rule,
			Confidence: b.conf,
			Event:      eventRE.FindString(b.st.s),
		}
		for _, p := range b.partners {
			dl.Partners = appendUnique(dl.Partners, entID(p))
		}
		for _, c := range b.origins {
			dl.Countries = appendUnique(dl.Countries, entID(c))
			c.key = c.iso
		}
		if k < len(b.amounts) {
			a := b.amounts[k].Amount
			dl.Amount = &a
			if k > 0 {
				dl.Rule = "extra-amount"
			}
		}
		if k == 0 {
			for _, p := range b.products {
				pe := d.entity(Product, p, p)
				dl.Products = appendUnique(dl.Products, entID(pe))
			}
		}
		d.deals = append(d.deals, dl)
		if first < 0 {
			first = len(d.deals) - 1
		}
	}
	return first
}

var eventRE = regexp.MustCompile(`第[一二三四五六七八九十\d]+届(?:中国国际进口博览会|进博会|[^，,。]{0,12}(?:博览会|展览会|交易会|广交会))|首届进博会|进博会`)

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// sellerBefore reports whether o is the 向- or 从-object of the purchase verb t,
// with only a country, a trader word or nothing between 向 and the name.
func (d *docState) sellerBefore(st *sentence, o orgRef, t trigger) bool {
	// 向X采购, 从X订购
	i, w := strings.LastIndex(st.s[:o.s], "向"), len("向")
	if j := strings.LastIndex(st.s[:o.s], "从"); j > i {
		i, w = j, len("从")
	}
	if i < 0 {
		return false
	}
	gap := st.s[i+w : o.s]
	if m := st.mentionAt(i + w); gap != "" && m != nil && m.ent.kind == Organization && m.e <= o.s {
		// 向中国船舶集团旗下的江南造船有限责任公司订造: a group, then 旗下
		// or 所属, then the company that sells
		rest := strings.TrimSuffix(st.s[m.e:o.s], "的")
		if rest == "旗下" || rest == "所属" || rest == "下属" {
			gap = ""
		}
	}
	if runeLen(gap) > 5 || gap != "" && d.x.countryIndex(gap) < 0 && !d.x.lex.has("foreigntrader", gap) {
		return false
	}
	mid := st.s[o.e:t.s]
	return runeLen(mid) <= 2 && !strings.ContainsFunc(mid, clauseBreak)
}

// investeeBefore reports whether o is the object of 向 or 对 right before
// the investment verb t (向X投资, 对X进行战略投资, 向X增资).
func (d *docState) investeeBefore(st *sentence, o orgRef, t trigger) bool {
	pre := st.s[:o.s]
	if !strings.HasSuffix(pre, "向") && !strings.HasSuffix(pre, "对") {
		return false
	}
	mid := st.s[o.e:t.s]
	mid = strings.TrimPrefix(mid, "进行")
	mid = strings.TrimPrefix(mid, "追加")
	mid = strings.TrimPrefix(mid, "战略")
	return runeLen(mid) <= 1 && !strings.ContainsFunc(mid, clauseBreak)
}

// surfaceOf returns p (a phrase of the simplified sentence) as the article
// writes it: 曝光机 → 曝光機 in a traditional text.
func (d *docState) surfaceOf(st *sentence, p string) string {
	if i := strings.Index(st.s, p); i >= 0 {
		return d.surface(st, i, i+len(p))
	}
	return p
}

// sells reports whether the article says seller supplies buyer anywhere:
// 宁德时代将在2025年至2028年间向北极光供应…, 中锂新材将向LG化学…供货.
func (d *docState) sells(seller, buyer *ent) bool {
	if seller == nil || buyer == nil {
		return false
	}
	for _, st := range d.sents {
		var si, bi *mention
		for _, m := range st.ments {
			switch m.ent {
			case seller:
				if si == nil {
					si = m
				}
			case buyer:
				if si != nil && bi == nil && m.s > si.e {
					bi = m
				}
			}
		}
		if si == nil || bi == nil || !strings.HasSuffix(strings.TrimSpace(st.s[:bi.s]), "向") &&
			!strings.Contains(st.s[si.e:bi.s], "向") {
			continue
		}
		rest := st.s[bi.e:sentClauseEnd(st.s, bi.e)]
		for _, v := range d.x.lex.lists["sellverb"] {
			if strings.Contains(rest, v) || strings.Contains(st.s[si.e:bi.s], v) {
				return true
			}
		}
	}
	return false
}

// itBefore returns the company 它 or 其 right after the deal verb t stands
// for: the last company named before the verb that is not the verb's
// subject (我们 in a quote stands for the speaker's).
func (d *docState) itBefore(st *sentence, orgs []orgRef, t trigger) *ent {
	rest := st.s[t.e:]
	if !strings.HasPrefix(rest, "它") && !(strings.HasPrefix(rest, "其") && !strings.HasPrefix(rest, "其他") && !strings.HasPrefix(rest, "其中")) {
		return nil
	}
	var before []*ent
	for _, o := range orgs {
		if o.e <= t.s {
			before = append(before, o.ent)
		}
	}
	if len(before) < 2 {
		return nil
	}
	subj := before[len(before)-1]
	for i := len(before) - 2; i >= 0; i-- {
		if before[i] != subj {
			return before[i]
		}
	}
	return nil
}

// subjectBuysAfter reports whether a later clause of the sentence opens
// with a buying verb and no subject of its own (X与Y签约，订购…): the
// subject of the sentence buys.
func (d *docState) subjectBuysAfter(st *sentence) bool {
	if st == nil {
		return false
	}
	for i := 0; i < len(st.s); {
		j := strings.IndexAny(st.s[i:], "，,")
		if j < 0 {
			return false
		}
		_, n := utf8.DecodeRuneInString(st.s[i+j:])
		at := i + j + n
		rest := strings.TrimPrefix(strings.TrimPrefix(st.s[at:], "并"), "将")
		rest = strings.TrimPrefix(rest, "已")
		if v := d.x.lex.prefix("buyverb", rest); v != "" && hasPrefixAny(rest[len(v):], "金额", "额", "量", "总", "规模") == "" {
			return true // not 采购金额约50亿元, a noun
		}
		i = at
	}
	return false
}

// namesTitle reports whether s holds a job title (采购部部长高建军说 is a
// person's words, not goods).
func (d *docState) namesTitle(s string) bool {
	for _, h := range d.x.titles.FindAll(s) {
		if runeLen(s[h.Start:h.End]) >= 2 {
			return true
		}
	}
	return false
}

// targetBefore returns X of 对X…的收购: the company 对 introduces, when
// only a stake (60%股权) and 的 stand between it and the takeover word t.
func (d *docState) targetBefore(st *sentence, orgs []orgRef, t trigger) *ent {
	pre := st.s[:t.s]
	if !strings.HasSuffix(pre, "的") {
		return nil
	}
	i := strings.LastIndex(pre, "对")
	if i < 0 || strings.ContainsFunc(pre[i:], clauseBreak) {
		return nil
	}
	for _, o := range orgs {
		if o.s < i+len("对") || o.e > t.s {
			continue
		}
		if gap := st.s[i+len("对") : o.s]; gap != "" && d.x.countryIndex(gap) < 0 {
			return nil
		}
		if runeLen(st.s[o.e:t.s]) > 12 {
			return nil
		}
		return o.ent
	}
	return nil
}
