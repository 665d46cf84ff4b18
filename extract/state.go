package extract

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is one gse token; offsets are bytes into its sentence.
type tok struct {
	s, e int
	text string
	pos  string
}

// offsets is a set of byte offsets into a sentence, 0 to len(sentence).
type offsets []bool

// has reports whether i is in the set (false for any i out of range).
func (o offsets) has(i int) bool { return i >= 0 && i < len(o) && o[i] }

func (o offsets) set(i int) { o[i] = true }

// mention is a place in a sentence where an entity is named.
type mention struct {
	s, e int // bytes into the sentence
	ent  *ent
	rule string
}

// sentence is a Sentence with the working data of the rules.
type sentence struct {
	i     int
	off   int    // byte offset in docState.text
	s     string // simplified text
	role  string
	toks  []tok
	start offsets // token start offsets
	end   offsets // token end offsets
	ments []*mention
	// countries are country names found on token boundaries.
	countries []*mention
}

// ent is an entity while the document is read.
type ent struct {
	kind     Kind
	key      string
	name     string
	alts     []string
	spans    []Span
	kbOrg    int
	iso, wd  string
	forms    []string // simplified forms to look for in the text
	declared []string // abbreviations the text declares (下称“中国能建”)
	evidence string

	country     *ent
	countryRule string
	countryConf float64
	countryEv   string

	parent     *ent
	parentRule string
	parentEv   string

	worksFor *ent
	worksEv  string
	title    string
	role     string
}

// quote is a quoted passage of the document and who said it.
type quote struct {
	s, e    int // bytes into docState.text, the quote marks included
	speaker *ent
}

// entKey identifies an entity of a document: its kind and key.
type entKey struct {
	kind Kind
	key  string
}

// docState holds one document while the rules run.
type docState struct {
	x      *Extractor
	orig   string // decoded text as written
	text   string // the same text folded to simplified characters
	origAt []int  // byte offset in text → byte offset in orig (at rune starts)
	sents  []*sentence
	ents   []*ent
	byKey  map[entKey]*ent
	quotes []quote
	deals  []Deal
	// formCache memoizes nameForms and formClass formOrg (see orgs.go)
	formCache map[formKey][]string
	formClass map[string]int
	cutCache  map[string][]string // cut (orgs.go)
	// derived maps the derived forms of the names read so far to their
	// entity (orgByName)
	derived map[string]*ent
	script  string // "Hans" or "Hant"
}

func newDocState(x *Extractor, orig string) *docState {
	d := &docState{x: x, orig: orig, text: x.fold.Simplify(orig), byKey: map[entKey]*ent{}, formCache: map[formKey][]string{}, formClass: map[string]int{}, cutCache: map[string][]string{}, derived: map[string]*ent{}}
	d.script = x.fold.Script(orig)
	d.origAt = make([]int, len(d.text)+1)
	if d.text == d.orig { // nothing was folded
		for i := range d.origAt {
			d.origAt[i] = i
		}
		return d
	}
	j := 0
	for i := 0; i < len(d.text); {
		_, n := utf8.DecodeRuneInString(d.text[i:])
		_, m := utf8.DecodeRuneInString(d.orig[j:])
		for k := 0; k < n; k++ {
			d.origAt[i+k] = j
		}
		i += n
		j += m
	}
	d.origAt[len(d.text)] = len(d.orig)
	return d
}

// surface returns the text as written for a sentence-relative range.
func (d *docState) surface(st *sentence, s, e int) string {
	return d.orig[d.origAt[st.off+s]:d.origAt[st.off+e]]
}

func (d *docState) span(st *sentence, s, e int) Span {
	return Span{Start: d.origAt[st.off+s], End: d.origAt[st.off+e]}
}

func (d *docState) evidence(st *sentence) string {
	return strings.TrimSpace(d.orig[d.origAt[st.off]:d.origAt[st.off+len(st.s)]])
}

// maxSentence bounds the bytes the rules look at as one sentence: a text
// without punctuation (scraped pages, lists) is read in pieces of this size,
// which keeps the rules' per-sentence work bounded.
const maxSentence = 3000

// pieces cuts an overlong sentence at clause marks, or at a character
// boundary when it has none.
func pieces(s Sentence, text string) []Sentence {
	var out []Sentence
	start, end := s.Span.Start, s.Span.End
	for end-start > maxSentence {
		cut := start + maxSentence
		for !utf8.RuneStart(text[cut]) {
			cut--
		}
		if j := strings.LastIndexFunc(text[start:cut], clauseBreak); j > maxSentence/2 {
			_, n := utf8.DecodeRuneInString(text[start+j:])
			cut = start + j + n
		}
		out = append(out, Sentence{Span: Span{start, cut}, Paragraph: s.Paragraph, Role: s.Role})
		start = cut
	}
	return append(out, Sentence{Span: Span{start, end}, Paragraph: s.Paragraph, Role: s.Role})
}

func (d *docState) run(ctx context.Context) error {
	var sents []Sentence
	for _, s := range Split(d.text) {
		sents = append(sents, pieces(s, d.text)...)
	}
	var segs []wordSeg // reused: each sentence's words become its toks
	for i, s := range sents {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		text := d.text[s.Span.Start:s.Span.End]
		segs = d.x.seg.Segment(segs[:0], text)
		bounds := make(offsets, 2*(len(text)+1))
		st := &sentence{i: i, off: s.Span.Start, s: text, role: s.Role, toks: make([]tok, 0, len(segs)),
			start: bounds[:len(text)+1], end: bounds[len(text)+1:]}
		for _, g := range segs {
			t := tok{s: g.Start(), e: g.End(), text: st.s[g.Start():g.End()], pos: g.Token().Pos()}
			st.toks = append(st.toks, t)
			st.start.set(t.s)
			st.end.set(t.e)
		}
		st.start.set(len(st.s))
		st.end.set(0)
		d.sents = append(d.sents, st)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d.findQuotes()
	d.readBylines()
	d.readCredits()
	for _, st := range d.sents {
		if st.role == "byline" {
			continue
		}
		d.findCountries(st)
		d.findOrgs(st)
	}
	d.findPartyNames()
	d.scanForms()
	d.orgCountries()
	d.parents()
	d.findPeople()
	d.attributeQuotes()
	if err := ctx.Err(); err != nil {
		return err
	}
	d.findDeals()
	return nil
}

// addMention records a mention unless it overlaps a longer one.
func (st *sentence) addMention(m *mention) bool {
	for i, o := range st.ments {
		if m.s < o.e && o.s < m.e {
			if m.e-m.s > o.e-o.s && m.s <= o.s && m.e >= o.e {
				st.ments = append(st.ments[:i], st.ments[i+1:]...)
				return st.addMention(m)
			}
			return false
		}
	}
	st.ments = append(st.ments, m)
	sort.Slice(st.ments, func(i, j int) bool { return st.ments[i].s < st.ments[j].s })
	return true
}

// mentionAt returns the mention covering byte i of the sentence.
func (st *sentence) mentionAt(i int) *mention {
	for _, m := range st.ments {
		if m.s <= i && i < m.e {
			return m
		}
	}
	return nil
}

// mentionEndingAt returns the mention that ends exactly at i.
func (st *sentence) mentionEndingAt(i int, kind Kind) *mention {
	for _, m := range st.ments {
		if m.e == i && (kind == "" || m.ent.kind == kind) {
			return m
		}
	}
	return nil
}

func (st *sentence) mentionStartingAt(i int, kind Kind) *mention {
	for _, m := range st.ments {
		if m.s == i && (kind == "" || m.ent.kind == kind) {
			return m
		}
	}
	return nil
}

// tokIndexEnding returns the index of the token that ends at byte i, or -1.
func (st *sentence) tokIndexEnding(i int) int {
	for k, t := range st.toks {
		if t.e == i {
			return k
		}
	}
	return -1
}

func (st *sentence) tokIndexStarting(i int) int {
	for k, t := range st.toks {
		if t.s == i {
			return k
		}
	}
	return -1
}

// entity returns the entity with key, creating it.
func (d *docState) entity(kind Kind, key, name string) *ent {
	k := entKey{kind, key}
	if e := d.byKey[k]; e != nil {
		return e
	}
	e := &ent{kind: kind, key: key, name: name, kbOrg: -1}
	d.byKey[k] = e
	d.ents = append(d.ents, e)
	return e
}

// note records that e is named by text[s:e] of st.
func (d *docState) note(st *sentence, e *ent, s, end int, rule string) *mention {
	m := &mention{s: s, e: end, ent: e, rule: rule}
	if !st.addMention(m) {
		return nil
	}
	e.spans = append(e.spans, d.span(st, s, end))
	if e.evidence == "" && st.role == "body" {
		e.evidence = d.evidence(st)
	}
	surf := stripSpace(d.surface(st, s, end))
	simp := stripSpace(st.s[s:end])
	for _, n := range []string{surf, simp} {
		e.addAlt(n)
	}
	if e.kind == Organization {
		e.addForm(simp)
	}
	return m
}

func (e *ent) addAlt(n string) {
	if n == "" || n == e.name {
		return
	}
	for _, a := range e.alts {
		if a == n {
			return
		}
	}
	e.alts = append(e.alts, n)
}

func (e *ent) addForm(f string) {
	if utf8.RuneCountInString(f) < 2 {
		return
	}
	for _, a := range e.forms {
		if a == f {
			return
		}
	}
	e.forms = append(e.forms, f)
}

func (d *docState) setCountry(o, c *ent, rule string, conf float64, ev string) {
	if o == nil || c == nil || o == c {
		return
	}
	if o.country != nil && o.countryConf >= conf {
		return
	}
	o.country, o.countryRule, o.countryConf, o.countryEv = c, rule, conf, ev
}

// countryEnt returns the Country entity of record i of the KB.
func (d *docState) countryEnt(i int) *ent {
	c := d.x.kbCtry[i]
	e := d.entity(Country, c.ISO2, c.Name)
	e.iso, e.wd = c.ISO2, c.Wikidata
	return e
}

func (d *docState) countryByISO(iso string) *ent {
	if i, ok := d.x.ctryIndex[iso]; ok {
		return d.countryEnt(i)
	}
	return nil
}

// isPunct reports whether s is punctuation or white space only.
func isPunct(s string) bool {
	for _, r := range s {
		if !unicode.IsPunct(r) && !unicode.IsSpace(r) && !unicode.IsSymbol(r) {
			return false
		}
	}
	return s != ""
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// clauseBreak reports whether r ends a clause.
func clauseBreak(r rune) bool {
	return strings.ContainsRune("，,；;。！？!?：:、“”「」『』\"()（）《》【】", r)
}
