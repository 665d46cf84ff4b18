package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Options configure an Extractor. The zero value is ready to use.
type Options struct {
	// MaxBytes refuses documents larger than this (default DefaultMaxBytes).
	MaxBytes int
}

// DefaultMaxBytes is the largest document read by default: news articles
// are tens of kilobytes; a bigger file is most likely not one article.
const DefaultMaxBytes = 2 << 20

// ErrTooLarge is returned for a document over Options.MaxBytes.
var ErrTooLarge = errors.New("document too large")

// Extractor reads documents into Facts. Build one with New (it loads the
// gazetteers and the segmentation dictionary, tens of milliseconds) and
// reuse it: Extract is safe for concurrent use.
type Extractor struct {
	kb        *KB
	kbOrgs    []OrgRecord     // kb.Orgs(), copied once
	kbCtry    []CountryRecord // kb.Countries(), copied once
	orgIndex  map[string]int  // OrgRecord.Name → index in kbOrgs
	ctryIndex map[string]int  // ISO2 → index in kbCtry
	triggers  *Matcher[DealKind]
	maxBytes  int
	fold      *Folder
	lex       *lexicon
	seg       segmenter
	orgs      *Matcher[int] // KB organization names → index in kb.Orgs()
	countries *Matcher[int] // country names → index in kb.Countries()
	titles    *Matcher[string]
	translit  map[rune]bool
	latinOrg  *regexp.Regexp // Latin names with a legal form (orgs.go)
}

// New loads the gazetteers and the embedded gse dictionary.
func New(o Options) (*Extractor, error) {
	x := &Extractor{maxBytes: o.MaxBytes}
	if x.maxBytes <= 0 {
		x.maxBytes = DefaultMaxBytes
	}
	var err error
	if x.kb, err = LoadKB(); err != nil {
		return nil, fmt.Errorf("loading the knowledge base: %w", err)
	}
	x.kbOrgs, x.kbCtry = x.kb.Orgs(), x.kb.Countries()
	x.orgIndex, x.ctryIndex = map[string]int{}, map[string]int{}
	for i, o := range x.kbOrgs {
		x.orgIndex[o.Name] = i
	}
	for i, c := range x.kbCtry {
		x.ctryIndex[c.ISO2] = i
	}
	if x.fold, err = NewFolder(); err != nil {
		return nil, fmt.Errorf("loading the script tables: %w", err)
	}
	if x.lex, err = loadLexicon(); err != nil {
		return nil, err
	}
	x.orgs = NewMatcher[int]()
	for i, o := range x.kbOrgs {
		for _, n := range o.Names() {
			if n == "" {
				continue
			}
			n = x.fold.Simplify(n)
			x.orgs.Add(n, i)
			// 力拓集团 is also written 力拓
			if c := x.core(n); c != n && !isLatin(c) && runeLen(c) >= 2 && !x.lex.has("place", c) &&
				!x.lex.has("industry", c) && x.countryIndex(c) < 0 {
				if _, taken := x.kb.OrgByName(c); !taken {
					x.orgs.Add(c, i)
				}
			}
		}
	}
	x.countries = NewMatcher[int]()
	for i, c := range x.kbCtry {
		for _, n := range c.Names() {
			if utf8.RuneCountInString(n) >= 2 {
				x.countries.Add(x.fold.Simplify(n), i)
			}
		}
	}
	x.triggers = NewMatcher[DealKind]()
	for _, k := range []DealKind{Purchase, Cooperation, Investment, Intent, JointVenture, Acquisition} {
		for _, w := range x.lex.lists["dealword_"+string(k)] {
			x.triggers.Add(w, k)
		}
	}
	x.titles = NewMatcher[string]()
	for _, t := range x.lex.lists["title"] {
		x.titles.Add(t, t)
	}
	x.latinOrg = latinOrgRegexp(x.lex.lists["orgsuffix_latin"])
	x.translit = map[rune]bool{}
	for _, w := range x.lex.lists["translit"] {
		for _, r := range w {
			x.translit[r] = true
		}
	}
	// gse's zh_s dictionary, prebuilt (segdict.go), taught the gazetteer's
	// names so that they come out as single tokens.
	if x.seg, _, err = newSegmenter(x.segWords()); err != nil {
		return nil, fmt.Errorf("loading the gse dictionary: %w", err)
	}
	return x, nil
}

// segWords are the words New adds to the segmenter's dictionary: the
// gazetteer's organization and country names and the titles.
func (x *Extractor) segWords() []segWord {
	var words []segWord
	for _, o := range x.kbOrgs {
		for _, n := range o.Names() {
			if n != "" && !isLatin(n) {
				words = append(words, segWord{x.fold.Simplify(n), 1000, "nt"})
			}
		}
	}
	for _, c := range x.kbCtry {
		for _, n := range c.Names() {
			if utf8.RuneCountInString(n) >= 2 {
				words = append(words, segWord{x.fold.Simplify(n), 1000, "ns"})
			}
		}
	}
	for _, t := range x.lex.lists["title"] {
		words = append(words, segWord{t, 500, "n"})
	}
	return words
}

// ErrNoText is returned for a document that decodes to no Chinese text.
var ErrNoText = errors.New("no Chinese text")

// Extract reads one document. The error names doc.Name and says what is
// wrong with the input; facts are only returned for readable documents.
func (x *Extractor) Extract(ctx context.Context, doc Document) (Facts, error) {
	name := doc.Name
	if name == "" {
		name = doc.IRI
	}
	if len(doc.Raw) > x.maxBytes {
		return Facts{}, fmt.Errorf("%s: %w: %d bytes, more than the %d an article may have (split the file into articles)",
			name, ErrTooLarge, len(doc.Raw), x.maxBytes)
	}
	text, enc, err := Decode(doc.Raw)
	if err != nil {
		return Facts{}, fmt.Errorf("%s: %w", name, err)
	}
	if !hasHan(text) {
		return Facts{}, fmt.Errorf("%s: %w (the extractor reads Chinese news articles)", name, ErrNoText)
	}
	if err := ctx.Err(); err != nil {
		return Facts{}, err
	}
	sum := sha256.Sum256(doc.Raw)
	d := newDocState(x, text)
	f := Facts{
		Doc: DocInfo{
			IRI: doc.IRI, Name: doc.Name, URL: doc.URL, Date: doc.Date,
			Encoding: enc, Script: d.script, Hash: hex.EncodeToString(sum[:]),
		},
		Text: text,
	}
	if err := d.run(ctx); err != nil {
		return Facts{}, fmt.Errorf("%s: %w", name, err)
	}
	d.fill(&f)
	return f, nil
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x2FA1F
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x7F {
			return false
		}
	}
	return true
}

// stripSpace removes all white space (宋  宇 → 宋宇).
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
			return -1
		}
		return r
	}, s)
}

// countryIndex returns the KB index of the country named s, or -1.
func (x *Extractor) countryIndex(s string) int {
	c, ok := x.kb.CountryByName(s)
	if !ok {
		return -1
	}
	if i, ok := x.ctryIndex[c.ISO2]; ok {
		return i
	}
	return -1
}

// core is a name without its legal form (丹佛斯公司 → 丹佛斯).
func (x *Extractor) core(name string) string {
	c := name
	if !hasHan(c) {
		// Grupo Comercial Vega S.A. de C.V. → Grupo Comercial Vega
		best := ""
		for _, f := range x.lex.lists["orgsuffix_latin"] {
			if len(f) > len(best) && strings.HasSuffix(c, " "+f) {
				best = f
			}
		}
		if rest := strings.TrimRight(strings.TrimSuffix(c, best), " ,"); best != "" && len(rest) >= 4 {
			return rest
		}
		return c
	}
	for {
		suf := x.lex.suffix("legalform", c)
		if suf == "" || runeLen(c)-runeLen(suf) < 2 {
			return c
		}
		c = strings.TrimSuffix(c, suf)
	}
}

// isTerritory reports whether iso is a customs territory (HK, MO, TW),
// whose name stays part of a company name (台湾中油, 香港电讯).
func (x *Extractor) isTerritory(iso string) bool {
	c, ok := x.kb.CountryByISO(iso)
	return ok && c.Kind == "customs_territory"
}
