package extract

import (
	"regexp"
	"strings"
)

// Loans: a bank lends, a company borrows. The scorer's convention (and the
// blind corpora's) makes the borrower the buyer and each lender a partner,
// with the loan's amount on the borrower.
//
//	中国银行向宏图公司提供15亿元并购贷款
//	由A银行牵头，B、C参与的银团，与X公司签署贷款协议，向后者提供3.6亿美元的项目贷款
//	由A银行牵头的银团日前向X公司提供…贷款，支持其收购Y公司

var (
	// lendToRE: 向X提供, 向后者提供, 为其提供 (the borrower's slot)
	lendToRE = regexp.MustCompile(`(?:向|为)(后者|其)?`)
)

// loanFrames reads the loans of a sentence: the lenders before 向, the
// borrower after it, the amount of the 提供 clause. A takeover the loan
// pays for (支持其收购Y) is a deal of the borrower. nil when the sentence
// tells of no loan.
func (d *docState) loanFrames(st *sentence, orgs []orgRef, trig []trigger, amounts []AmountMatch) []*dealBuilder {
	if !d.hasLoanWord(st.s) {
		return nil
	}
	for _, loc := range lendToRE.FindAllStringSubmatchIndex(st.s, -1) {
		at, after := loc[0], loc[1]
		give := strings.Index(st.s[after:], "提供")
		if give < 0 || runeLen(st.s[after:after+give]) > 30 || strings.ContainsFunc(st.s[after:after+give], clauseBreak) {
			continue
		}
		clauseEnd := sentClauseEnd(st.s, after+give)
		if !d.hasLoanWord(st.s[after+give : clauseEnd]) {
			continue // 向客户提供设备: no loan
		}
		var borrower *ent
		switch {
		case loc[2] >= 0 && st.s[loc[2]:loc[3]] == "后者":
			// 与X签署贷款协议，向后者提供: the party after 与
			for _, o := range orgs {
				if o.s >= at {
					break
				}
				if d.withAt(st, o) >= 0 {
					borrower = o.ent
				}
			}
		case loc[2] >= 0:
			continue // 为其提供: whose 其 is not read here
		default:
			for _, o := range orgs {
				if o.s >= after && o.e <= after+give {
					gap := st.s[after:o.s]
					if gap == "" || d.x.countryIndex(gap) >= 0 {
						borrower = o.ent
					}
					break
				}
			}
		}
		if borrower == nil {
			continue
		}
		lenders := d.lendersBefore(st, orgs, at, borrower)
		if len(lenders) == 0 {
			continue
		}
		loan := &dealBuilder{kind: Purchase, st: st, buyer: borrower, partners: lenders, rule: "loan", conf: 0.7,
			amounts: amountsIn(amounts, after, clauseEnd)}
		out := []*dealBuilder{loan}
		// 支持其收购Y: what the loan pays for
		for _, t := range trig {
			if t.s < clauseEnd || t.kind != Acquisition {
				continue
			}
			if obj := d.objectAfter(st, orgs, t.e); obj != nil {
				out = append(out, &dealBuilder{kind: Acquisition, st: st, buyer: borrower, partners: obj, rule: "loan-purpose", conf: 0.6,
					origins: d.origins(st), amounts: amountsIn(amounts, t.e, len(st.s))})
			}
			break
		}
		return out
	}
	// 由A牵头…的银团与X签署15亿元银团贷款协议: lenders 与 a borrower
	for _, o := range orgs {
		w := d.withAt(st, o)
		if w < 0 || d.lends(st, o) {
			continue
		}
		clauseEnd := sentClauseEnd(st.s, o.e)
		if !d.hasLoanWord(st.s[o.e:clauseEnd]) {
			continue
		}
		lenders := d.lendersBefore(st, orgs, w, o.ent)
		if len(lenders) == 0 || !strings.Contains(st.s[:w], "银团") {
			continue
		}
		return []*dealBuilder{{kind: Purchase, st: st, buyer: o.ent, partners: lenders, rule: "loan", conf: 0.7,
			amounts: amountsIn(amounts, o.e, clauseEnd)}}
	}
	return nil
}

// withAt returns where the 与 that introduces o stands (与X, 与印度尼西亚X),
// or -1.
func (d *docState) withAt(st *sentence, o orgRef) int {
	w := strings.LastIndex(st.s[:o.s], "与")
	if w < 0 {
		return -1
	}
	if gap := st.s[w+len("与") : o.s]; gap != "" && d.x.countryIndex(gap) < 0 {
		return -1
	}
	return w
}

// lendersBefore lists the distinct lenders named before byte end, but
// borrower.
func (d *docState) lendersBefore(st *sentence, orgs []orgRef, end int, borrower *ent) []*ent {
	var out []*ent
	for _, o := range orgs {
		if o.e <= end && o.ent != borrower && !containsEnt(out, o.ent) && d.lends(st, o) {
			out = append(out, o.ent)
		}
	}
	return out
}

// lends reports whether o's name, or the words naming it here, say it
// lends: a bank, a fund, a trust or an insurer (the lexicon's lenderword).
func (d *docState) lends(st *sentence, o orgRef) bool {
	words := d.x.lex.lists["lenderword"]
	return containsAny(o.ent.name, words...) || containsAny(st.s[o.s:o.e], words...)
}

func containsEnt(es []*ent, e *ent) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// hasLoanWord reports whether s holds a word for lending money (the
// lexicon's loanword: 贷款, 授信, 银团 …).
func (d *docState) hasLoanWord(s string) bool { return containsAny(s, d.x.lex.lists["loanword"]...) }
