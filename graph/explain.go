package graph

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// Explanation is what the store knows about an entity or a fact, and why.
type Explanation struct {
	Query    string
	Entities []EntityExplanation
	// Facts holds the fact asked about, when the query named a deal or
	// statement node rather than an entity.
	Facts []FactExplanation
}

// EntityExplanation describes one entity node.
type EntityExplanation struct {
	Node      quad.IRI
	Types     []string // local names
	Names     []string // schema:name values (one in a sound store)
	AltNames  []string
	SameAs    []string
	Documents []string // documents that state something about the node
	Merges    []MergeRecord
	Facts     []FactExplanation
}

// MergeRecord is a dg:Merge node: the document's entity From was made
// part of the node.
type MergeRecord struct {
	MergeInfo
	Document string // the document whose entity was merged
}

// FactExplanation is one fact and where it comes from.
type FactExplanation struct {
	Node       quad.IRI // the dg:Statement or dg:Deal node
	Text       string   // the fact in words: subject predicate object
	Document   string
	Rule       string
	Confidence string
	Evidence   string
}

// FindEntities returns the entity nodes with name (after white space
// removal) as schema:name, alternateName or match key, or whose IRI is
// name; sorted.
func (s *Store) FindEntities(ctx context.Context, name string) ([]quad.IRI, error) {
	found := map[quad.IRI]bool{}
	if strings.HasPrefix(name, IDBase) {
		if qs, err := s.quadsBy(ctx, quad.Subject, quad.IRI(name)); err != nil {
			return nil, err
		} else if len(qs) > 0 {
			found[quad.IRI(name)] = true
		}
	}
	for _, lit := range uniq(CleanName(name), normName(name)) {
		qs, err := s.quadsBy(ctx, quad.Object, quad.String(lit))
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			n, ok := q.Subject.(quad.IRI)
			if !ok || !strings.HasPrefix(string(n), IDBase) {
				continue
			}
			switch q.Predicate {
			case Name, AlternateName, MatchKey:
				found[n] = true
			}
		}
	}
	out := make([]quad.IRI, 0, len(found))
	for n := range found {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && (len(out) == 0 || out[len(out)-1] != s) {
			out = append(out, s)
		}
	}
	return out
}

// Explain explains an entity (by any of its names, or its IRI) or a fact
// (a deal or statement IRI). It returns an Explanation with nothing in it
// when nothing matches.
func (s *Store) Explain(ctx context.Context, query string) (*Explanation, error) {
	ex := &Explanation{Query: query}
	ctxNames := map[quad.IRI]string{}
	if strings.Contains(query, "#") {
		f, ok, err := s.explainFact(ctx, quad.IRI(query), ctxNames)
		if err != nil {
			return nil, err
		}
		if ok {
			ex.Facts = append(ex.Facts, f)
			return ex, nil
		}
	}
	nodes, err := s.FindEntities(ctx, query)
	if err != nil {
		return nil, err
	}
	for _, n := range nodes {
		e, err := s.explainEntity(ctx, n, ctxNames)
		if err != nil {
			return nil, err
		}
		ex.Entities = append(ex.Entities, e)
	}
	return ex, nil
}

func (s *Store) explainEntity(ctx context.Context, n quad.IRI, names map[quad.IRI]string) (EntityExplanation, error) {
	e := EntityExplanation{Node: n}
	qs, err := s.quadsBy(ctx, quad.Subject, n)
	if err != nil {
		return e, err
	}
	docs := map[string]bool{}
	add := func(list *[]string, v string) {
		for _, x := range *list {
			if x == v {
				return
			}
		}
		*list = append(*list, v)
	}
	for _, q := range qs {
		docs[Lexical(q.Label)] = true
		switch q.Predicate {
		case Type:
			add(&e.Types, localName(Lexical(q.Object)))
		case Name:
			add(&e.Names, Lexical(q.Object))
		case AlternateName:
			add(&e.AltNames, Lexical(q.Object))
		case SameAs:
			add(&e.SameAs, Lexical(q.Object))
		}
	}
	for _, list := range [][]string{e.Types, e.Names, e.AltNames, e.SameAs} {
		sort.Strings(list)
	}
	delete(docs, string(AliasGraph))
	for d := range docs {
		e.Documents = append(e.Documents, d)
	}
	sort.Strings(e.Documents)

	in, err := s.quadsBy(ctx, quad.Object, n)
	if err != nil {
		return e, err
	}
	seen := map[quad.IRI]bool{}
	for _, q := range in {
		subj, ok := q.Subject.(quad.IRI)
		if !ok || seen[subj] {
			continue
		}
		switch q.Predicate {
		case MergedInto:
			seen[subj] = true
			m, err := s.mergeRecord(ctx, subj)
			if err != nil {
				return e, err
			}
			e.Merges = append(e.Merges, m)
		case RDFSubject, RDFObject, Buyer, Partner, CountryP, ProductP:
			f, ok, err := s.explainFact(ctx, subj, names)
			if err != nil {
				return e, err
			}
			if ok {
				seen[subj] = true
				e.Facts = append(e.Facts, f)
			}
		}
	}
	sort.Slice(e.Merges, func(i, j int) bool {
		if e.Merges[i].Document != e.Merges[j].Document {
			return e.Merges[i].Document < e.Merges[j].Document
		}
		return e.Merges[i].From < e.Merges[j].From
	})
	sort.Slice(e.Facts, func(i, j int) bool {
		if e.Facts[i].Document != e.Facts[j].Document {
			return e.Facts[i].Document < e.Facts[j].Document
		}
		return e.Facts[i].Node < e.Facts[j].Node
	})
	return e, nil
}

func (s *Store) mergeRecord(ctx context.Context, n quad.IRI) (MergeRecord, error) {
	var m MergeRecord
	qs, err := s.quadsBy(ctx, quad.Subject, n)
	if err != nil {
		return m, err
	}
	for _, q := range qs {
		m.Document = Lexical(q.Label)
		switch q.Predicate {
		case MergedInto:
			m.Into, _ = q.Object.(quad.IRI)
		case MergedFrom:
			if iri, ok := q.Object.(quad.IRI); ok {
				m.From, _ = idFromIRI(iri)
			}
		case MergeRule:
			m.Rule = Lexical(q.Object)
		case MergeKey:
			m.Key = Lexical(q.Object)
		case MergeEvidence:
			m.Evidence = Lexical(q.Object)
		case OriginalName:
			m.Name = Lexical(q.Object)
		}
	}
	return m, nil
}

// nodeName is a node's schema:name, or its IRI.
func (s *Store) nodeName(ctx context.Context, v quad.Value, cache map[quad.IRI]string) string {
	iri, ok := v.(quad.IRI)
	if !ok {
		return Lexical(v)
	}
	if n, ok := cache[iri]; ok {
		return n
	}
	name := localName(string(iri))
	if qs, err := s.quadsBy(ctx, quad.Subject, iri); err == nil {
		for _, q := range qs {
			if q.Predicate == Name {
				name = Lexical(q.Object)
				break
			}
		}
	}
	cache[iri] = name
	return name
}

// explainFact describes a dg:Statement or dg:Deal node; ok is false for
// other nodes.
func (s *Store) explainFact(ctx context.Context, n quad.IRI, names map[quad.IRI]string) (FactExplanation, bool, error) {
	f := FactExplanation{Node: n}
	qs, err := s.quadsBy(ctx, quad.Subject, n)
	if err != nil {
		return f, false, err
	}
	var kind string
	var subj, pred, obj quad.Value
	var buyer string
	var partners, countries, products []string
	var dealKind, amount, currency string
	for _, q := range qs {
		f.Document = Lexical(q.Label)
		switch q.Predicate {
		case Type:
			switch q.Object {
			case Statement:
				kind = "statement"
			case Deal:
				kind = "deal"
			}
		case RDFSubject:
			subj = q.Object
		case RDFPredicate:
			pred = q.Object
		case RDFObject:
			obj = q.Object
		case Rule:
			f.Rule = Lexical(q.Object)
		case Confidence:
			f.Confidence = Lexical(q.Object)
		case Evidence:
			f.Evidence = strings.TrimSpace(Lexical(q.Object))
		case Buyer:
			buyer = s.nodeName(ctx, q.Object, names)
		case Partner:
			partners = append(partners, s.nodeName(ctx, q.Object, names))
		case CountryP:
			countries = append(countries, s.nodeName(ctx, q.Object, names))
		case ProductP:
			products = append(products, s.nodeName(ctx, q.Object, names))
		case DealKind:
			dealKind = Lexical(q.Object)
		case Amount:
			amount = Lexical(q.Object)
		case Currency:
			currency = Lexical(q.Object)
		}
	}
	switch kind {
	case "statement":
		if subj == nil || pred == nil || obj == nil {
			return f, false, nil
		}
		f.Text = fmt.Sprintf("%s %s %s", s.nodeName(ctx, subj, names), localName(Lexical(pred)), s.nodeName(ctx, obj, names))
	case "deal":
		for _, l := range [][]string{partners, countries, products} {
			sort.Strings(l)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "deal (%s): buyer %s", dealKind, buyer)
		if len(partners) > 0 {
			fmt.Fprintf(&b, "; partner %s", strings.Join(partners, ", "))
		}
		if len(countries) > 0 {
			fmt.Fprintf(&b, "; country %s", strings.Join(countries, ", "))
		}
		if len(products) > 0 {
			fmt.Fprintf(&b, "; product %s", strings.Join(products, ", "))
		}
		if amount != "" {
			fmt.Fprintf(&b, "; amount %s %s", amount, currency)
		}
		f.Text = b.String()
	default:
		return f, false, nil
	}
	return f, true, nil
}

// localName is the part of an IRI after the last '#' or '/'.
func localName(iri string) string {
	if i := strings.LastIndexAny(iri, "#/"); i >= 0 && i < len(iri)-1 {
		return iri[i+1:]
	}
	return iri
}

// WriteText writes the explanation for people.
func (ex *Explanation) WriteText(w io.Writer) error {
	var b strings.Builder
	if len(ex.Entities) == 0 && len(ex.Facts) == 0 {
		fmt.Fprintf(&b, "nothing in the store is named %q\n", ex.Query)
	}
	for i, e := range ex.Entities {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s\n", string(e.Node))
		fmt.Fprintf(&b, "  type:      %s\n", strings.Join(e.Types, ", "))
		fmt.Fprintf(&b, "  name:      %s\n", strings.Join(e.Names, " | "))
		if len(e.AltNames) > 0 {
			fmt.Fprintf(&b, "  also:      %s\n", strings.Join(e.AltNames, ", "))
		}
		for _, sa := range e.SameAs {
			fmt.Fprintf(&b, "  sameAs:    %s\n", sa)
		}
		fmt.Fprintf(&b, "  documents: %d\n", len(e.Documents))
		for _, d := range e.Documents {
			fmt.Fprintf(&b, "    %s\n", d)
		}
		if len(e.Merges) == 0 {
			b.WriteString("  merges:    none (every document gave it this ID)\n")
		} else {
			fmt.Fprintf(&b, "  merges:    %d\n", len(e.Merges))
		}
		for _, m := range e.Merges {
			fmt.Fprintf(&b, "    %s (%s) in %s: rule %s, key %q, evidence %s\n", m.From, m.Name, m.Document, m.Rule, m.Key, m.Evidence)
		}
		fmt.Fprintf(&b, "  facts:     %d\n", len(e.Facts))
		for _, f := range e.Facts {
			writeFact(&b, f, "    ")
		}
	}
	for _, f := range ex.Facts {
		writeFact(&b, f, "")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFact(b *strings.Builder, f FactExplanation, indent string) {
	fmt.Fprintf(b, "%s%s\n", indent, f.Text)
	fmt.Fprintf(b, "%s  rule %s, confidence %s, node %s\n", indent, orDash(f.Rule), orDash(f.Confidence), string(f.Node))
	fmt.Fprintf(b, "%s  document %s\n", indent, f.Document)
	if f.Evidence != "" {
		fmt.Fprintf(b, "%s  evidence %s\n", indent, f.Evidence)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// EntitySummary is one entity node, for listings.
type EntitySummary struct {
	Node      quad.IRI
	Type      string
	Name      string
	AltNames  int
	Documents int
	Merges    int
}

// Entities lists the Organization, Country and Person nodes (and, with
// all, Product and Event nodes too), sorted by type and name. It scans the
// store once.
func (s *Store) Entities(ctx context.Context, all bool) ([]EntitySummary, error) {
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	type acc struct {
		EntitySummary
		docs map[string]bool
		alts map[string]bool
	}
	nodes := map[quad.IRI]*acc{}
	get := func(n quad.IRI) *acc {
		a := nodes[n]
		if a == nil {
			a = &acc{EntitySummary: EntitySummary{Node: n}, docs: map[string]bool{}, alts: map[string]bool{}}
			nodes[n] = a
		}
		return a
	}
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		n, ok := q.Subject.(quad.IRI)
		if !ok {
			continue
		}
		switch q.Predicate {
		case MergedInto:
			if into, ok := q.Object.(quad.IRI); ok {
				get(into).Merges++
			}
			continue
		}
		if !strings.HasPrefix(string(n), IDBase) {
			continue
		}
		a := get(n)
		a.docs[Lexical(q.Label)] = true
		switch q.Predicate {
		case Type:
			a.Type = localName(Lexical(q.Object))
		case Name:
			if nm := Lexical(q.Object); a.Name == "" || nm < a.Name {
				a.Name = nm
			}
		case AlternateName:
			a.alts[Lexical(q.Object)] = true
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("reading graph store %s: %w", s.opts.Path, err)
	}
	var out []EntitySummary
	for _, a := range nodes {
		switch a.Type {
		case "Organization", "Country", "Person":
		case "":
			continue
		default:
			if !all {
				continue
			}
		}
		a.Documents, a.AltNames = len(a.docs), len(a.alts)
		out = append(out, a.EntitySummary)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Node < out[j].Node
	})
	return out, nil
}
