package graph

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

// Datatypes of typed literals.
var (
	XSDDecimal = quad.IRI(XSD + "decimal")
	XSDBoolean = quad.IRI(XSD + "boolean")
)

var kindClass = map[extract.Kind]quad.IRI{
	extract.Organization: Organization,
	extract.Country:      Country,
	extract.Person:       Person,
	extract.Product:      Product,
	extract.Event:        Event,
}

var relationPredicate = map[extract.Predicate]quad.IRI{
	extract.HomeCountry: CountryP,
	extract.ParentOrg:   ParentOrganization,
	extract.WorksFor:    WorksFor,
}

// decimalRE is the lexical space of xsd:decimal.
var decimalRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// DealIRI is the node IRI of a deal read from the document docIRI.
func DealIRI(docIRI, dealID string) quad.IRI {
	return quad.IRI(docIRI + "#" + escapeIRIPart(dealID))
}

// escapeIRIPart percent-encodes what may not appear in an IRI (and '#', '%',
// '?'), as EntityIRI does.
func escapeIRIPart(s string) string {
	return strings.TrimPrefix(string(EntityIRI(s)), IDBase)
}

// CleanName removes whitespace from a name (SCHEMA.md: `宋  宇` → `宋宇`).
func CleanName(s string) string {
	// White space goes (宋  宇 → 宋宇), except one space between two Latin
	// words (China Energy Engineering Corporation).
	var b strings.Builder
	pendingSpace := false
	var prev rune
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			pendingSpace = true
			continue
		}
		if pendingSpace && isLatinLetter(prev) && isLatinLetter(r) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func isLatinLetter(r rune) bool {
	return r < 0x250 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '&')
}

// Quads turns one document's facts into quads, in a deterministic order
// (document, entities, relations, deals, each in the order of f), without
// duplicates. Every quad is labelled with quad.IRI(f.Doc.IRI); facts with
// an empty Doc.IRI give no quads (Load and WriteNQuads report that as an
// error).
//
// Entities that share an ID are merged: the first one's name is the node's
// one schema:name and the others' names become alternate names. Relations
// and deals that refer to an entity ID absent from f.Entities drop that
// reference rather than create a node with no type and no name. Relations
// with a predicate other than the three in extract are skipped.
//
// Each entity's Keys and ShortForms become dg:matchKey and dg:shortForm
// literals (for the loader's resolver, RESOLUTION.md), and each relation
// is written both as its direct triple and as a dg:Statement node with its
// rule, confidence and evidence.
func Quads(f extract.Facts) []quad.Quad {
	if f.Doc.IRI == "" {
		return nil
	}
	doc := quad.IRI(f.Doc.IRI)
	b := quadBuilder{label: doc, seen: map[quad.Quad]bool{}}

	// Document node.
	b.add(doc, Type, Document)
	b.str(doc, ContentHash, f.Doc.Hash)
	b.str(doc, Title, strings.TrimSpace(f.Doc.Title))
	if f.Doc.URL != "" {
		b.add(doc, URL, quad.IRI(f.Doc.URL))
	}
	b.str(doc, Date, f.Doc.Date)

	// Entities, merged by ID.
	known := map[string]bool{}
	var order []string
	merged := map[string]*extract.Entity{}
	for _, e := range f.Entities {
		if e.ID == "" {
			continue
		}
		if m, ok := merged[e.ID]; ok {
			m.AltNames = append(m.AltNames, e.Name)
			m.AltNames = append(m.AltNames, e.AltNames...)
			fill(&m.ISO, e.ISO)
			fill(&m.Wikidata, e.Wikidata)
			fill(&m.JobTitle, e.JobTitle)
			fill(&m.Role, e.Role)
			fill(&m.Evidence, e.Evidence)
			m.Keys = append(m.Keys, e.Keys...)
			m.ShortForms = append(m.ShortForms, e.ShortForms...)
			continue
		}
		e := e
		e.AltNames = append([]string(nil), e.AltNames...)
		e.Keys = append([]string(nil), e.Keys...)
		e.ShortForms = append([]string(nil), e.ShortForms...)
		merged[e.ID] = &e
		order = append(order, e.ID)
		known[e.ID] = true
	}
	for _, id := range order {
		e := merged[id]
		n := EntityIRI(e.ID)
		if c, ok := kindClass[e.Kind]; ok {
			b.add(n, Type, c)
		}
		name := CleanName(e.Name)
		if name == "" {
			// A node must have exactly one name: fall back to the first
			// usable alternate name.
			for _, a := range e.AltNames {
				if name = CleanName(a); name != "" {
					break
				}
			}
		}
		b.str(n, Name, name)
		alts := map[string]bool{name: true}
		for _, a := range e.AltNames {
			a = CleanName(a)
			if a == "" || alts[a] {
				continue
			}
			alts[a] = true
			b.str(n, AlternateName, a)
		}
		if e.Kind == extract.Country {
			b.str(n, Identifier, strings.ToUpper(strings.TrimSpace(e.ISO)))
		}
		if wd := strings.TrimSpace(e.Wikidata); wd != "" {
			b.add(n, SameAs, quad.IRI(Wikidata+escapeIRIPart(wd)))
		}
		b.str(n, JobTitle, strings.TrimSpace(e.JobTitle))
		b.str(n, Role, e.Role)
		b.str(n, Evidence, e.Evidence)
		b.add(n, MentionedIn, doc)
		for _, k := range e.Keys {
			b.str(n, MatchKey, CleanName(k))
		}
		for _, k := range e.ShortForms {
			b.str(n, ShortForm, CleanName(k))
		}
	}

	// Relations between known entities: the triple itself, and a
	// dg:Statement node saying which rule read it, how sure it is and from
	// which sentence.
	for _, r := range f.Relations {
		p, ok := relationPredicate[r.Predicate]
		if !ok || !known[r.From] || !known[r.To] {
			continue
		}
		from, to := EntityIRI(r.From), EntityIRI(r.To)
		b.add(from, p, to)
		st := StatementIRI(f.Doc.IRI, from, p, to)
		if b.seen[quad.Quad{Subject: st, Predicate: Type, Object: Statement, Label: b.label}] {
			continue // the same triple read twice: the first statement stands
		}
		b.add(st, Type, Statement)
		b.add(st, RDFSubject, from)
		b.add(st, RDFPredicate, p)
		b.add(st, RDFObject, to)
		b.str(st, Rule, r.Rule)
		b.confidence(st, r.Confidence)
		b.str(st, Evidence, r.Evidence)
	}

	// Deals.
	for _, d := range f.Deals {
		if d.ID == "" {
			continue
		}
		n := DealIRI(f.Doc.IRI, d.ID)
		b.add(n, Type, Deal)
		b.ref(n, Buyer, d.Buyer, known)
		for _, id := range d.Partners {
			b.ref(n, Partner, id, known)
		}
		for _, id := range d.Countries {
			b.ref(n, CountryP, id, known)
		}
		for _, id := range d.Products {
			b.ref(n, ProductP, id, known)
		}
		b.str(n, DealKind, string(d.Kind))
		if a := d.Amount; a != nil {
			if v := strings.TrimSpace(a.Value); decimalRE.MatchString(v) {
				b.add(n, Amount, quad.TypedString{Value: quad.String(v), Type: XSDDecimal})
			}
			b.str(n, Currency, a.Currency)
			b.str(n, AmountQualifier, a.Qualifier)
			b.add(n, Cumulative, boolean(a.Cumulative))
			if a.Expected {
				b.add(n, Expected, boolean(true))
			}
		}
		b.str(n, EventP, d.Event)
		b.str(n, Date, d.Date)
		b.str(n, Evidence, d.Evidence)
		b.str(n, Rule, d.Rule)
		b.confidence(n, d.Confidence)
	}
	return b.quads
}

// StatementIRI is the node IRI of the dg:Statement that reifies the triple
// (from, p, to) read from the document docIRI.
func StatementIRI(docIRI string, from quad.IRI, p quad.IRI, to quad.IRI) quad.IRI {
	h := sha256.Sum256([]byte(string(from) + "\x00" + string(p) + "\x00" + string(to)))
	return quad.IRI(docIRI + "#stmt-" + hex.EncodeToString(h[:8]))
}

// confidence adds a dg:confidence as an xsd:decimal, skipping NaN and ±Inf.
func (b *quadBuilder) confidence(n quad.Value, c float64) {
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return
	}
	b.add(n, Confidence, quad.TypedString{Value: quad.String(strconv.FormatFloat(c, 'f', -1, 64)), Type: XSDDecimal})
}

func fill(dst *string, src string) {
	if *dst == "" {
		*dst = src
	}
}

func boolean(v bool) quad.TypedString {
	return quad.TypedString{Value: quad.String(strconv.FormatBool(v)), Type: XSDBoolean}
}

type quadBuilder struct {
	label quad.Value
	quads []quad.Quad
	seen  map[quad.Quad]bool
}

func (b *quadBuilder) add(s quad.Value, p quad.IRI, o quad.Value) {
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: b.label}
	if b.seen[q] {
		return
	}
	b.seen[q] = true
	b.quads = append(b.quads, q)
}

// str adds a plain literal, skipping empty ones.
func (b *quadBuilder) str(s quad.Value, p quad.IRI, v string) {
	if v == "" {
		return
	}
	b.add(s, p, quad.String(v))
}

// ref adds a link to an entity when the entity is known.
func (b *quadBuilder) ref(s quad.Value, p quad.IRI, id string, known map[string]bool) {
	if !known[id] {
		return
	}
	b.add(s, p, EntityIRI(id))
}

// ErrNoDocumentIRI is returned for facts whose Doc.IRI is empty.
var ErrNoDocumentIRI = errors.New("facts have no document IRI (extract.Document.IRI was empty)")

// WriteNQuads writes the quads of one document's facts as N-Quads, in the
// order of Quads.
func WriteNQuads(w io.Writer, f extract.Facts) error {
	if f.Doc.IRI == "" {
		return fmt.Errorf("%s: %w", f.Doc.Name, ErrNoDocumentIRI)
	}
	bw := bufio.NewWriter(w)
	var buf []byte
	for _, q := range Quads(f) {
		var err error
		if buf, err = appendQuad(buf[:0], q, true); err != nil {
			return err
		}
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("writing N-Quads: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing N-Quads: %w", err)
	}
	return nil
}
