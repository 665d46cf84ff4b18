package httpapi

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

// walker reads nodes straight from the quad store's iterators, starting
// from a node (the selective end), with per-request caches. It is the Go
// counterpart of the Gizmo prelude's edges() and nameOf().
type walker struct {
	ctx context.Context
	qs  cgraph.QuadStore
	out map[quad.IRI]*facets // subject → its outgoing quads
	in  map[quad.IRI]*facets // object → its incoming quads
	// links reads distinct edges without their documents (lite): on kv
	// stores at the cost of the distinct edges, not of every document
	// restating them (a country's name is restated by thousands).
	links           *queries.LinkReader
	liteOut, liteIn map[quad.IRI]*facets
	// nodeOut holds the facets node() reads (nodePreds only), for nodes
	// whose liteOut was not read.
	nodeOut map[quad.IRI]*facets
	// stepOut and stepIn hold the facets steps() reads (without stepPreds).
	stepOut, stepIn map[quad.IRI]*facets
	// degrees, when set, keeps the degrees counted across requests.
	degrees *degreeCache
	// reads counts quads read, to bound a request's work.
	reads, maxReads int
}

func newWalker(ctx context.Context, qs cgraph.QuadStore) *walker {
	return &walker{ctx: ctx, qs: qs, out: map[quad.IRI]*facets{}, in: map[quad.IRI]*facets{}, maxReads: 2_000_000,
		links: queries.NewLinkReader(ctx, qs), liteOut: map[quad.IRI]*facets{}, liteIn: map[quad.IRI]*facets{}, nodeOut: map[quad.IRI]*facets{},
		stepOut: map[quad.IRI]*facets{}, stepIn: map[quad.IRI]*facets{}}
}

// lite returns n's distinct quads in direction d like read, but without
// the documents stating each (facts' docs are empty): for labels, types,
// degrees and steps.
func (w *walker) lite(d quad.Direction, n quad.IRI) (*facets, error) {
	full, cache := w.out, w.liteOut
	if d == quad.Object {
		full, cache = w.in, w.liteIn
	}
	if f, ok := full[n]; ok {
		return f, nil
	}
	if f, ok := cache[n]; ok {
		return f, nil
	}
	f, err := w.liteRead(w.links.Links(n, d))
	if err != nil {
		return nil, err
	}
	cache[n] = f
	return f, nil
}

// liteRead files the links just read as facets, once the walk's read
// budget is checked.
func (w *walker) liteRead(ls []queries.Link, err error) (*facets, error) {
	if err != nil {
		return nil, err
	}
	if w.reads+w.links.Reads() > w.maxReads {
		return nil, errTooMuch
	}
	return liteFacets(ls), nil
}

// liteFacets are the facets of distinct edges, without documents.
func liteFacets(ls []queries.Link) *facets {
	f := &facets{byPred: map[quad.IRI][]quad.Value{}, seen: map[string]int{}}
	for _, l := range ls {
		p, ok := l.Pred.(quad.IRI)
		if !ok || l.Node == nil {
			continue
		}
		key := string(p) + "\x00" + quad.StringOf(l.Node)
		if _, ok := f.seen[key]; ok {
			continue
		}
		f.seen[key] = len(f.order)
		f.order = append(f.order, fact{pred: p, val: l.Node, index: len(f.order)})
		f.byPred[p] = append(f.byPred[p], l.Node)
	}
	return f
}

func (w *walker) liteOutOf(n quad.IRI) (*facets, error) { return w.lite(quad.Subject, n) }

// nodePreds are the properties node(), mainType and amountText read.
var nodePreds = []quad.Value{graph.Type, graph.Name, graph.Title, graph.DealKind, graph.Amount, graph.AmountQualifier, graph.Currency}

// typePreds is rdf:type alone, for mainType.
var typePreds = []quad.Value{graph.Type}

// some returns n's outgoing facets for (at least) the predicates preds:
// those of outOf or liteOutOf when they were read, else only these
// predicates' quads, which on kv stores costs a few reads where all of a
// country's or a product's quads (one per document mentioning it) cost
// thousands. Only the facets of nodePreds are kept (they serve typePreds
// too).
func (w *walker) some(n quad.IRI, preds []quad.Value) (*facets, error) {
	if f, ok := w.out[n]; ok {
		return f, nil
	}
	if f, ok := w.liteOut[n]; ok {
		return f, nil
	}
	isNode := len(preds) > 0 && &preds[0] == &nodePreds[0]
	ofNode := isNode || len(preds) == 1 && preds[0] == graph.Type
	if f, ok := w.nodeOut[n]; ok && ofNode {
		return f, nil
	}
	f, err := w.liteRead(w.links.LinksBy(n, preds))
	if err != nil {
		return nil, err
	}
	if isNode {
		w.nodeOut[n] = f
	}
	return f, nil
}

// nodeFacets are n's facets for node(), mainType and amountText.
func (w *walker) nodeFacets(n quad.IRI) (*facets, error) { return w.some(n, nodePreds) }
func (w *walker) liteInOf(n quad.IRI) (*facets, error)   { return w.lite(quad.Object, n) }

// facets are a node's distinct quads in one direction, by predicate, with
// the documents (labels) that state each.
type facets struct {
	byPred map[quad.IRI][]quad.Value
	seen   map[string]int // pred+value → index in order
	order  []fact
}

type fact struct {
	pred  quad.IRI
	val   quad.Value
	docs  []string
	index int
}

func (f *facets) all(p quad.IRI) []quad.Value { return f.byPred[p] }

func (f *facets) first(p quad.IRI) quad.Value {
	if vs := f.byPred[p]; len(vs) > 0 {
		return vs[0]
	}
	return nil
}

func (f *facets) str(p quad.IRI) string {
	if v := f.first(p); v != nil {
		return graph.Lexical(v)
	}
	return ""
}

func (f *facets) strs(p quad.IRI) []string {
	var out []string
	for _, v := range f.byPred[p] {
		if s := graph.Lexical(v); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// docsOf lists the documents stating any of the node's quads.
func (f *facets) docsOf() []string {
	set := map[string]bool{}
	for _, x := range f.order {
		for _, d := range x.docs {
			set[d] = true
		}
	}
	return sortedKeys(set)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// errTooMuch stops a walk that read more quads than its budget.
var errTooMuch = fmt.Errorf("the request reads too much of the graph; narrow it (smaller depth or limit)")

// read collects the quads whose direction d is n.
func (w *walker) read(d quad.Direction, n quad.IRI) (*facets, error) {
	cache := w.out
	if d == quad.Object {
		cache = w.in
	}
	if f, ok := cache[n]; ok {
		return f, nil
	}
	f := &facets{byPred: map[quad.IRI][]quad.Value{}, seen: map[string]int{}}
	add := func(p quad.IRI, v, label quad.Value) {
		key := string(p) + "\x00" + quad.StringOf(v)
		i, ok := f.seen[key]
		if !ok {
			i = len(f.order)
			f.seen[key] = i
			f.order = append(f.order, fact{pred: p, val: v, index: i})
			f.byPred[p] = append(f.byPred[p], v)
		}
		if l, ok := label.(quad.IRI); ok {
			f.order[i].docs = appendUnique(f.order[i].docs, string(l))
		}
	}
	if d == quad.Subject {
		// On kv stores, straight from the index and the log in one
		// transaction.
		qs, ok, err := w.links.Out(n)
		if err != nil {
			return nil, err
		}
		if ok {
			if w.reads+w.links.Reads() > w.maxReads {
				return nil, errTooMuch
			}
			for _, q := range qs {
				if p, ok := q.Pred.(quad.IRI); ok && q.Node != nil {
					add(p, q.Node, q.Label)
				}
			}
			cache[n] = f
			return f, nil
		}
	}
	ref := w.qs.ValueOf(n)
	if ref != nil {
		it := w.qs.QuadIterator(d, ref)
		defer it.Close()
		want := n.String()
		other := quad.Object
		if d == quad.Object {
			other = quad.Subject
		}
		for it.Next(w.ctx) {
			w.reads++
			if w.reads > w.maxReads {
				return nil, errTooMuch
			}
			q := w.qs.Quad(it.Result())
			if v := q.Get(d); v == nil || v.String() != want {
				continue
			}
			p, ok := q.Predicate.(quad.IRI)
			if !ok {
				continue
			}
			add(p, q.Get(other), q.Label)
		}
		if err := it.Err(); err != nil {
			return nil, fmt.Errorf("reading the graph: %w", err)
		}
		if err := w.ctx.Err(); err != nil {
			return nil, err
		}
	}
	cache[n] = f
	return f, nil
}

func (w *walker) outOf(n quad.IRI) (*facets, error) { return w.read(quad.Subject, n) }
func (w *walker) inOf(n quad.IRI) (*facets, error)  { return w.read(quad.Object, n) }

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// typeOrder ranks classes for display: a node's main type is the first
// of these it has.
var typeOrder = []quad.IRI{graph.Organization, graph.Country, graph.Person, graph.Deal, graph.Product, graph.Event, graph.Document}

func localName(iri string) string { return iri[strings.LastIndexAny(iri, "#/")+1:] }

// mainType is the display type of a node: Organization, Country, Person,
// Deal, Product, Event, Document, or "" when it has none of them.
func mainType(f *facets) string {
	types := f.all(graph.Type)
	for _, t := range typeOrder {
		for _, v := range types {
			if v == t || v.String() == t.String() {
				return localName(string(t))
			}
		}
	}
	if len(types) > 0 {
		return localName(graph.Lexical(types[0]))
	}
	return ""
}

func typeNames(f *facets) []string {
	var out []string
	for _, v := range f.all(graph.Type) {
		out = append(out, localName(graph.Lexical(v)))
	}
	sort.Strings(out)
	return out
}

// Node is a node as the page draws it.
type Node struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Type  string `json:"type"`
	// Degree is the number of distinct edges the node has (walkable ones).
	Degree int `json:"degree,omitempty"`
}

// Edge is an edge as the page draws it: source → target labelled with
// the predicate's local name (and, for a deal's buyer, the amount).
type Edge struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Target string `json:"target"`
	Label  string `json:"label"`
	Pred   string `json:"pred"`
}

// skipPred are predicates not walked: rdf:type and mentionedIn would join
// every two nodes of a class or a document.
func skipPred(p quad.IRI) bool {
	return p == graph.Type || p == graph.MentionedIn || p == graph.SameAs || p == graph.URL
}

// step is one walkable edge of a node.
type step struct {
	pred quad.IRI
	out  bool // n --pred--> other
	to   quad.IRI
}

// stepPreds are the predicates skipPred leaves out.
var stepPreds = []quad.Value{graph.Type, graph.MentionedIn, graph.SameAs, graph.URL}

// stepsFacets are n's facets in direction d without the predicates steps
// leaves out: those of lite when read, else read without them (on kv stores
// a company's hundreds of documents are then not read).
func (w *walker) stepsFacets(d quad.Direction, n quad.IRI) (*facets, error) {
	full, lite, cache := w.out, w.liteOut, w.stepOut
	if d == quad.Object {
		full, lite, cache = w.in, w.liteIn, w.stepIn
	}
	if f, ok := full[n]; ok {
		return f, nil
	}
	if f, ok := lite[n]; ok {
		return f, nil
	}
	if f, ok := cache[n]; ok {
		return f, nil
	}
	ls, err := w.links.LinksExcept(n, d, stepPreds)
	if err != nil {
		return nil, err
	}
	if w.reads+w.links.Reads() > w.maxReads {
		return nil, errTooMuch
	}
	f := liteFacets(ls)
	cache[n] = f
	return f, nil
}

// steps lists a node's walkable edges, both directions, in store order.
func (w *walker) steps(n quad.IRI) ([]step, error) {
	o, err := w.stepsFacets(quad.Subject, n)
	if err != nil {
		return nil, err
	}
	in, err := w.stepsFacets(quad.Object, n)
	if err != nil {
		return nil, err
	}
	var out []step
	for _, x := range o.order {
		if to, ok := x.val.(quad.IRI); ok && !skipPred(x.pred) {
			out = append(out, step{pred: x.pred, out: true, to: to})
		}
	}
	for _, x := range in.order {
		if from, ok := x.val.(quad.IRI); ok && !skipPred(x.pred) {
			out = append(out, step{pred: x.pred, out: false, to: from})
		}
	}
	return out, nil
}

// node describes n for drawing.
func (w *walker) node(n quad.IRI) (Node, error) {
	f, err := w.nodeFacets(n)
	if err != nil {
		return Node{}, err
	}
	nd := Node{ID: string(n), Type: mainType(f)}
	switch {
	case f.str(graph.Name) != "":
		nd.Label = f.str(graph.Name)
	case nd.Type == "Deal":
		nd.Label = dealLabel(f)
	case f.str(graph.Title) != "":
		nd.Label = f.str(graph.Title)
	default:
		nd.Label = shortIRI(string(n))
	}
	return nd, nil
}

// dealLabel is "purchase 超100亿 USD".
func dealLabel(f *facets) string {
	kind := f.str(graph.DealKind)
	if kind == "" {
		kind = "deal"
	}
	if a := amountText(f); a != "" {
		return kind + " " + a
	}
	return kind
}

// amountText writes a deal's amount shortly: "超100亿 USD", "约1510万 USD".
func amountText(f *facets) string {
	v := f.str(graph.Amount)
	if v == "" {
		return ""
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		return v + " " + f.str(graph.Currency)
	}
	text := v
	for _, u := range []struct {
		n    int64
		name string
	}{{100000000, "亿"}, {10000, "万"}} {
		unit := new(big.Rat).SetInt64(u.n)
		if r.Cmp(unit) >= 0 {
			q := new(big.Rat).Quo(r, unit)
			text = strings.TrimRight(strings.TrimRight(q.FloatString(2), "0"), ".") + u.name
			break
		}
	}
	switch f.str(graph.AmountQualifier) {
	case "over":
		text = "超" + text
	case "about":
		text = "约" + text
	}
	if c := f.str(graph.Currency); c != "" {
		text += " " + c
	}
	return text
}

// edgeOf describes the step from n for drawing, oriented as stored.
func (w *walker) edgeOf(n quad.IRI, s step) (Edge, error) {
	src, dst := n, s.to
	if !s.out {
		src, dst = s.to, n
	}
	e := Edge{Source: string(src), Target: string(dst), Pred: localName(string(s.pred)), Label: localName(string(s.pred))}
	e.ID = e.Source + " " + e.Pred + " " + e.Target
	if s.pred == graph.Buyer {
		f, err := w.nodeFacets(src)
		if err != nil {
			return Edge{}, err
		}
		if a := amountText(f); a != "" {
			e.Label += " · " + a
		}
	}
	return e, nil
}

// shortIRI abbreviates with graph.Prefixes.
func shortIRI(s string) string {
	best, bestNS := "", ""
	for p, ns := range graph.Prefixes {
		if strings.HasPrefix(s, ns) && len(ns) > len(bestNS) {
			best, bestNS = p, ns
		}
	}
	if best == "" {
		return s
	}
	return best + ":" + s[len(bestNS):]
}

// isCountry tells whether n is a Country node.
func (w *walker) isCountry(n quad.IRI) bool {
	f, err := w.nodeFacets(n)
	return err == nil && mainType(f) == "Country"
}

// degreeCache holds node degrees (the number of steps) across requests,
// until the store changes. A country's degree counts its thousands of
// companies and deals, each read from the store: the neighbours of any
// company draw its country, and give its degree.
type degreeCache struct {
	mu sync.Mutex
	m  map[quad.IRI]int
}

// maxCachedDegrees bounds the degrees kept; the cache starts over when full.
const maxCachedDegrees = 200_000

// degree is the number of n's steps.
func (w *walker) degree(n quad.IRI) (int, error) {
	if c := w.degrees; c != nil {
		c.mu.Lock()
		d, ok := c.m[n]
		c.mu.Unlock()
		if ok {
			return d, nil
		}
	}
	ss, err := w.steps(n)
	if err != nil {
		return 0, err
	}
	if c := w.degrees; c != nil {
		c.mu.Lock()
		if len(c.m) >= maxCachedDegrees {
			c.m = map[quad.IRI]int{}
		}
		c.m[n] = len(ss)
		c.mu.Unlock()
	}
	return len(ss), nil
}

// degreeCache returns the cache of node degrees for the store as it is.
func (s *Server) degreeCache() *degreeCache {
	for {
		if c := s.degrees.Load(); c != nil {
			return c
		}
		s.degrees.CompareAndSwap(nil, &degreeCache{m: map[quad.IRI]int{}})
	}
}
