package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
)

// ---- the name index -----------------------------------------------------------

// index maps folded names (traditional → simplified, lower case, no
// whitespace) to entities, for search and for resolving ?name=.
type index struct {
	entries []*entry
	byKey   map[string][]*entry
}

type entry struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Alts  []string `json:"altNames,omitempty"`
	Type  string   `json:"type"`
	names []string // Name then Alts
	keys  []string // folded names
}

// fold is the search key of a name: simplified script, lower case, no
// whitespace.
func (s *Server) key(name string) string {
	return strings.ToLower(graph.CleanName(s.fold.Simplify(name)))
}

// index returns the name index, building it when the store changed.
func (s *Server) index(ctx context.Context) (*index, error) {
	if ix := s.idx.Load(); ix != nil {
		return ix, nil
	}
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	if ix := s.idx.Load(); ix != nil {
		return ix, nil
	}
	ix, err := s.buildIndex(ctx)
	if err != nil {
		return nil, err
	}
	s.idx.Store(ix)
	return ix, nil
}

// buildIndex reads every name and alternate name, and the types of the
// nodes that have one: on kv stores in one scan of the quad log
// (queries.ScanPredicates), on others with two scans by predicate and one
// read by subject per named node.
func (s *Server) buildIndex(ctx context.Context) (*index, error) {
	qs := s.store.QuadStore()
	byID := map[string]*entry{}
	var order []*entry
	add := func(p quad.IRI, q quad.Quad) {
		subj, ok := q.Subject.(quad.IRI)
		if !ok {
			return
		}
		name := graph.Lexical(q.Object)
		if name == "" {
			return
		}
		e := byID[string(subj)]
		if e == nil {
			e = &entry{ID: string(subj)}
			byID[string(subj)] = e
			order = append(order, e)
		}
		if p == graph.Name && e.Name == "" {
			e.Name = name
		} else if name != e.Name {
			e.Alts = appendUnique(e.Alts, name)
		}
	}
	// The log scan gives the quads of both predicates mixed; the iterators
	// gave all names, then all alternate names.
	var alts []quad.Quad
	types := map[quad.IRI][]queries.Link{}
	scanned, err := queries.ScanPredicates(ctx, qs, []quad.Value{graph.Name, graph.AlternateName, graph.Type}, func(sv, pv, ov quad.Value) {
		switch pv {
		case graph.Name:
			add(graph.Name, quad.Quad{Subject: sv, Predicate: pv, Object: ov})
		case graph.AlternateName:
			alts = append(alts, quad.Quad{Subject: sv, Predicate: pv, Object: ov})
		case graph.Type:
			if iri, ok := sv.(quad.IRI); ok {
				types[iri] = append(types[iri], queries.Link{Pred: pv, Node: ov})
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if scanned {
		for _, q := range alts {
			add(graph.AlternateName, q)
		}
	}
	for _, p := range []quad.IRI{graph.Name, graph.AlternateName} {
		if scanned {
			break
		}
		ref := qs.ValueOf(p)
		if ref == nil {
			continue
		}
		it := qs.QuadIterator(quad.Predicate, ref)
		for it.Next(ctx) {
			q := qs.Quad(it.Result())
			if q.Predicate != p {
				continue
			}
			add(p, q)
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return nil, fmt.Errorf("reading names: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	w := newWalker(ctx, qs)
	ix := &index{byKey: map[string][]*entry{}}
	for _, e := range order {
		var f *facets
		if scanned {
			// liteFacets keeps each type once, at its first quad: the order
			// of the node's distinct types that the walker reads.
			f = liteFacets(types[quad.IRI(e.ID)])
		} else if f, err = w.some(quad.IRI(e.ID), typePreds); err != nil {
			return nil, err
		}
		e.Type = mainType(f)
		if e.Type == "Document" || e.Type == "Deal" {
			continue
		}
		if e.Name == "" && len(e.Alts) > 0 {
			e.Name, e.Alts = e.Alts[0], e.Alts[1:]
		}
		sort.Strings(e.Alts)
		e.names = append([]string{e.Name}, e.Alts...)
		for _, n := range e.names {
			k := s.key(n)
			if k == "" {
				continue
			}
			e.keys = append(e.keys, k)
			if list := ix.byKey[k]; len(list) == 0 || list[len(list)-1] != e {
				ix.byKey[k] = append(list, e)
			}
		}
		ix.entries = append(ix.entries, e)
	}
	sort.Slice(ix.entries, func(i, j int) bool { return ix.entries[i].Name < ix.entries[j].Name })
	return ix, nil
}

var typeRank = map[string]int{"Organization": 0, "Country": 1, "Person": 2, "Product": 3, "Event": 4}

func rankOf(t string) int {
	if r, ok := typeRank[t]; ok {
		return r
	}
	return 9
}

// Hit is one search result.
type Hit struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Matched is the name or alias that matched; Match is how: "exact",
	// "prefix" or "substring".
	Matched string `json:"matched"`
	Match   string `json:"match"`
}

// search finds entities whose name or alias equals, starts with or
// contains q (folded), best first.
func (ix *index) search(key string, limit int) []Hit {
	type scored struct {
		e     *entry
		score int
		name  string
	}
	var found []scored
	for _, e := range ix.entries {
		best, bestName := -1, ""
		for i, k := range e.keys {
			sc := -1
			switch {
			case k == key:
				sc = 0
			case strings.HasPrefix(k, key):
				sc = 1
			case strings.Contains(k, key):
				sc = 2
			}
			if sc >= 0 && (best < 0 || sc < best) {
				best, bestName = sc, e.names[i]
			}
		}
		if best >= 0 {
			found = append(found, scored{e, best, bestName})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.score != b.score {
			return a.score < b.score
		}
		if ra, rb := rankOf(a.e.Type), rankOf(b.e.Type); ra != rb {
			return ra < rb
		}
		if la, lb := utf8.RuneCountInString(a.e.Name), utf8.RuneCountInString(b.e.Name); la != lb {
			return la < lb
		}
		return a.e.Name < b.e.Name
	})
	if len(found) > limit {
		found = found[:limit]
	}
	hits := make([]Hit, len(found))
	for i, f := range found {
		hits[i] = Hit{ID: f.e.ID, Name: f.e.Name, Type: f.e.Type, Matched: f.name, Match: [...]string{"exact", "prefix", "substring"}[f.score]}
	}
	return hits
}

func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	key := s.key(q)
	if key == "" {
		writeError(w, http.StatusBadRequest, errors.New("give a name to search for: ?q=中粮"))
		return
	}
	limit, err := intParam(r, "limit", 20, 1, 200)
	if err != nil {
		fail(w, err)
		return
	}
	ix, err := s.index(r.Context())
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": q, "results": ix.search(key, limit)})
}

// intParam reads an integer parameter with a default and bounds.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, withStatus(http.StatusBadRequest, fmt.Errorf("%s must be an integer from %d to %d, not %q", name, lo, hi, v))
	}
	return n, nil
}

// resolve finds the entity a request names by ?<prefix>id=IRI or
// ?<prefix>name=NAME (canonical or alternate, either script). An entity
// that does not exist is a 404.
func (s *Server) resolve(ctx context.Context, r *http.Request, prefix string) (quad.IRI, error) {
	q := r.URL.Query()
	if id := strings.TrimSpace(q.Get(prefix + "id")); id != "" {
		id = strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
		if s.store.QuadStore().ValueOf(quad.IRI(id)) == nil {
			return "", withStatus(http.StatusNotFound, fmt.Errorf("no node %s in the graph", id))
		}
		return quad.IRI(id), nil
	}
	name := q.Get(prefix + "name")
	if strings.TrimSpace(name) == "" {
		return "", withStatus(http.StatusBadRequest, fmt.Errorf("name the entity with ?%sname=NAME or ?%sid=IRI", prefix, prefix))
	}
	ix, err := s.index(ctx)
	if err != nil {
		return "", err
	}
	es := ix.byKey[s.key(name)]
	if len(es) == 0 {
		return "", withStatus(http.StatusNotFound, fmt.Errorf("no entity is named %q (canonical or alternate name); search with /api/search?q=", name))
	}
	best := es[0]
	for _, e := range es[1:] {
		if rankOf(e.Type) < rankOf(best.Type) {
			best = e
		}
	}
	return quad.IRI(best.ID), nil
}

// exploreContext bounds an exploration request by the query time limit.
func (s *Server) exploreContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.cfg.QueryTimeout)
}

// ---- the entity card --------------------------------------------------------------

// Ref names another node.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

// PersonRef is a person on an organization's card.
type PersonRef struct {
	Ref
	JobTitles []string `json:"jobTitles,omitempty"`
}

// Amount is a deal's amount.
type Amount struct {
	Value      json.Number `json:"value"`
	Currency   string      `json:"currency,omitempty"`
	Qualifier  string      `json:"qualifier,omitempty"`
	Cumulative bool        `json:"cumulative,omitempty"`
	Expected   bool        `json:"expected,omitempty"`
	Text       string      `json:"text"`
}

// DealCard is a deal on an entity's card.
type DealCard struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind,omitempty"`
	Role      string   `json:"role"` // the entity's part: buyer, partner, country, product
	Buyers    []Ref    `json:"buyers"`
	Partners  []Ref    `json:"partners"`
	Countries []Ref    `json:"countries"`
	Products  []Ref    `json:"products"`
	Amount    *Amount  `json:"amount,omitempty"`
	Date      string   `json:"date,omitempty"`
	Event     string   `json:"event,omitempty"`
	Evidence  []string `json:"evidence"`
	Documents []string `json:"documents"`
}

// DocRef is a source document.
type DocRef struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
	Date  string `json:"date,omitempty"`
}

// Card is everything the graph says about one entity.
type Card struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	AltNames      []string    `json:"altNames"`
	Type          string      `json:"type"`
	Types         []string    `json:"types"`
	Identifiers   []string    `json:"identifiers,omitempty"`
	JobTitles     []string    `json:"jobTitles,omitempty"`
	Countries     []Ref       `json:"countries"`
	Parents       []Ref       `json:"parents"`
	Subsidiaries  []Ref       `json:"subsidiaries"`
	WorksFor      []Ref       `json:"worksFor"`
	People        []PersonRef `json:"people"`
	Organizations []Ref       `json:"organizations"` // based in this country
	Deals         []DealCard  `json:"deals"`
	Evidence      []string    `json:"evidence"`
	Documents     []DocRef    `json:"documents"`
}

func (w *walker) ref(n quad.Value) (Ref, error) {
	iri, ok := n.(quad.IRI)
	if !ok {
		return Ref{Name: graph.Lexical(n)}, nil
	}
	nd, err := w.node(iri)
	if err != nil {
		return Ref{}, err
	}
	return Ref{ID: nd.ID, Name: nd.Label, Type: nd.Type}, nil
}

// refField is a card's list of references and the values it shows.
type refField struct {
	dst *[]Ref
	vs  []quad.Value
}

// fillRefs sets each field to the references of its values.
func (w *walker) fillRefs(fields ...refField) error {
	for _, f := range fields {
		rs, err := w.refs(f.vs)
		if err != nil {
			return err
		}
		*f.dst = rs
	}
	return nil
}

func (w *walker) refs(vs []quad.Value) ([]Ref, error) {
	out := []Ref{}
	for _, v := range vs {
		r, err := w.ref(v)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// card builds n's card: its own quads, the quads pointing at it, and one
// step further for deals and people. Nothing scans the store.
func (w *walker) card(n quad.IRI) (*Card, error) {
	o, err := w.outOf(n)
	if err != nil {
		return nil, err
	}
	in, err := w.liteInOf(n)
	if err != nil {
		return nil, err
	}
	nd, err := w.node(n)
	if err != nil {
		return nil, err
	}
	c := &Card{
		ID: string(n), Name: nd.Label, Type: nd.Type, Types: typeNames(o),
		AltNames: o.strs(graph.AlternateName), Identifiers: o.strs(graph.Identifier),
		JobTitles: o.strs(graph.JobTitle), Evidence: o.strs(graph.Evidence),
		People: []PersonRef{}, Deals: []DealCard{}, Documents: []DocRef{},
	}
	if c.AltNames == nil {
		c.AltNames = []string{}
	}
	if c.Evidence == nil {
		c.Evidence = []string{}
	}
	if err := w.fillRefs(refField{&c.Countries, o.all(graph.CountryP)}, refField{&c.Parents, o.all(graph.ParentOrganization)},
		refField{&c.Subsidiaries, in.all(graph.ParentOrganization)}, refField{&c.WorksFor, o.all(graph.WorksFor)}); err != nil {
		return nil, err
	}
	for _, p := range in.all(graph.WorksFor) {
		r, err := w.ref(p)
		if err != nil {
			return nil, err
		}
		pf, err := w.some(quad.IRI(r.ID), []quad.Value{graph.JobTitle})
		if err != nil {
			return nil, err
		}
		c.People = append(c.People, PersonRef{Ref: r, JobTitles: pf.strs(graph.JobTitle)})
	}
	sort.SliceStable(c.People, func(i, j int) bool { return c.People[i].Name < c.People[j].Name })

	// Deals the entity takes part in, and organizations based in it.
	var orgs []quad.Value
	roles := []struct {
		pred quad.IRI
		role string
	}{{graph.Buyer, "buyer"}, {graph.Partner, "partner"}, {graph.CountryP, "country"}, {graph.ProductP, "product"}}
	seenDeal := map[quad.IRI]bool{}
	for _, rl := range roles {
		for _, v := range in.all(rl.pred) {
			d, ok := v.(quad.IRI)
			if !ok {
				continue
			}
			lf, err := w.some(d, typePreds)
			if err != nil {
				return nil, err
			}
			if mainType(lf) != "Deal" {
				if rl.pred == graph.CountryP {
					orgs = append(orgs, d)
				}
				continue
			}
			if seenDeal[d] {
				continue
			}
			seenDeal[d] = true
			// The deal card lists the documents of the deal's facts.
			df, err := w.outOf(d)
			if err != nil {
				return nil, err
			}
			dc, err := w.dealCard(d, df, rl.role)
			if err != nil {
				return nil, err
			}
			c.Deals = append(c.Deals, dc)
		}
	}
	if c.Organizations, err = w.refs(orgs); err != nil {
		return nil, err
	}

	docs := map[string]bool{}
	for _, d := range o.all(graph.MentionedIn) {
		docs[graph.Lexical(d)] = true
	}
	for _, d := range o.docsOf() {
		docs[d] = true
	}
	for _, d := range sortedKeys(docs) {
		df, err := w.some(quad.IRI(d), []quad.Value{graph.Title, graph.URL, graph.Date})
		if err != nil {
			return nil, err
		}
		c.Documents = append(c.Documents, DocRef{ID: d, Title: df.str(graph.Title), URL: df.str(graph.URL), Date: df.str(graph.Date)})
	}
	return c, nil
}

func (w *walker) dealCard(d quad.IRI, f *facets, role string) (DealCard, error) {
	dc := DealCard{ID: string(d), Kind: f.str(graph.DealKind), Role: role, Date: f.str(graph.Date), Event: f.str(graph.EventP), Evidence: f.strs(graph.Evidence), Documents: f.docsOf()}
	if dc.Evidence == nil {
		dc.Evidence = []string{}
	}
	if err := w.fillRefs(refField{&dc.Buyers, f.all(graph.Buyer)}, refField{&dc.Partners, f.all(graph.Partner)},
		refField{&dc.Countries, f.all(graph.CountryP)}, refField{&dc.Products, f.all(graph.ProductP)}); err != nil {
		return dc, err
	}
	if v := f.str(graph.Amount); v != "" {
		dc.Amount = &Amount{
			Value: json.Number(v), Currency: f.str(graph.Currency), Qualifier: f.str(graph.AmountQualifier),
			Cumulative: f.str(graph.Cumulative) == "true", Expected: f.str(graph.Expected) == "true",
			Text: amountText(f),
		}
	}
	return dc, nil
}

func (s *Server) serveEntity(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.exploreContext(r)
	defer cancel()
	n, err := s.resolve(ctx, r, "")
	if err != nil {
		fail(w, err)
		return
	}
	c, err := newWalker(ctx, s.store.QuadStore()).card(n)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// ---- neighbours ---------------------------------------------------------------------

// Subgraph is what the neighbours and path endpoints answer.
type Subgraph struct {
	Root      string  `json:"root,omitempty"`
	Nodes     []Node  `json:"nodes"`
	Edges     []Edge  `json:"edges"`
	Truncated bool    `json:"truncated"`
	Paths     [][]int `json:"paths,omitempty"` // for /api/path: indexes into Edges, per path
}

// hubDegree is the degree from which a node reached by a walk is drawn but
// not walked through; countries, shared by every company of the country,
// are never walked through either. Expanding such a node from the page
// makes it the root.
const hubDegree = 25

// neighbours walks breadth-first from root to depth, both directions,
// over entity-to-entity edges, drawing at most limit nodes.
func (w *walker) neighbours(root quad.IRI, depth, limit int) (*Subgraph, error) {
	sg := &Subgraph{Root: string(root), Nodes: []Node{}, Edges: []Edge{}}
	seen := map[quad.IRI]bool{root: true}
	edgeSeen := map[string]bool{}
	nd, err := w.node(root)
	if err != nil {
		return nil, err
	}
	rs, err := w.steps(root)
	if err != nil {
		return nil, err
	}
	nd.Degree = len(rs)
	sg.Nodes = append(sg.Nodes, nd)
	frontier := []quad.IRI{root}
	for d := 0; d < depth && len(frontier) > 0; d++ {
		var next []quad.IRI
		for _, n := range frontier {
			if n != root {
				// Hubs are drawn, not walked through: their degree (cached
				// across requests) tells them without reading their steps.
				deg, err := w.degree(n)
				if err != nil {
					return nil, err
				}
				if deg > hubDegree || w.isCountry(n) {
					continue
				}
			}
			ss, err := w.steps(n)
			if err != nil {
				return nil, err
			}
			for _, st := range ss {
				if !seen[st.to] {
					if len(sg.Nodes) >= limit {
						sg.Truncated = true
						continue
					}
					seen[st.to] = true
					nd, err := w.node(st.to)
					if err != nil {
						return nil, err
					}
					if nd.Type == "Document" {
						continue
					}
					if nd.Degree, err = w.degree(st.to); err != nil {
						return nil, err
					}
					sg.Nodes = append(sg.Nodes, nd)
					next = append(next, st.to)
				}
				e, err := w.edgeOf(n, st)
				if err != nil {
					return nil, err
				}
				if !edgeSeen[e.ID] {
					edgeSeen[e.ID] = true
					sg.Edges = append(sg.Edges, e)
				}
			}
		}
		frontier = next
	}
	// Edges among the drawn nodes only.
	drawn := map[string]bool{}
	for _, n := range sg.Nodes {
		drawn[n.ID] = true
	}
	kept := sg.Edges[:0]
	for _, e := range sg.Edges {
		if drawn[e.Source] && drawn[e.Target] {
			kept = append(kept, e)
		}
	}
	sg.Edges = kept
	return sg, nil
}

func (s *Server) serveNeighbours(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.exploreContext(r)
	defer cancel()
	n, err := s.resolve(ctx, r, "")
	if err != nil {
		fail(w, err)
		return
	}
	depth, err := intParam(r, "depth", 1, 1, 4)
	if err != nil {
		fail(w, err)
		return
	}
	limit, err := intParam(r, "limit", min(200, s.cfg.MaxResults), 1, s.cfg.MaxResults)
	if err != nil {
		fail(w, err)
		return
	}
	wk := newWalker(ctx, s.store.QuadStore())
	wk.degrees = s.degreeCache()
	sg, err := wk.neighbours(n, depth, limit)
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sg)
}

// ---- paths ----------------------------------------------------------------------------

// maxPathCandidates bounds the shortest paths ranked for /api/path.
const maxPathCandidates = 200

// paths finds the shortest paths (by hops, up to maxHops) from a to b,
// treating edges as undirected, and returns at most k of them, preferring
// paths through less connected nodes (a deal between two companies over
// "both are Chinese"). The search (queries.ShortestPaths) runs from both
// ends, so hubs near either end cost what they have, not the graph they
// join; it reads at most the walker's budget.
func (w *walker) paths(a, b quad.IRI, maxHops, k int, cache *queries.PathCache) (*Subgraph, error) {
	found, err := queries.ShortestPaths(w.ctx, w.qs, a, b, queries.PathOptions{
		MaxHops:   maxHops,
		Max:       maxPathCandidates,
		Skip:      func(p quad.Value) bool { iri, ok := p.(quad.IRI); return !ok || skipPred(iri) },
		MaxReads:  w.maxReads,
		ErrBudget: errTooMuch,
		Cache:     cache,
		// through the least connected nodes first
		Cost: func(degree []int) float64 {
			c := 0.0
			for i := 1; i < len(degree)-1; i++ {
				c += math.Log1p(float64(degree[i]))
			}
			return c
		},
		Keep: k,
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, withStatus(http.StatusNotFound, fmt.Errorf("no path of at most %d hops", maxHops))
	}
	sg := &Subgraph{Root: string(a), Nodes: []Node{}, Edges: []Edge{}, Paths: [][]int{}}
	nodeSeen := map[quad.IRI]bool{}
	edgeIndex := map[string]int{}
	addNode := func(n quad.IRI, degree int) error {
		if nodeSeen[n] {
			return nil
		}
		nodeSeen[n] = true
		if err := w.labelsOf(n); err != nil {
			return err
		}
		nd, err := w.node(n)
		if err != nil {
			return err
		}
		nd.Degree = degree
		sg.Nodes = append(sg.Nodes, nd)
		return nil
	}
	for _, p := range found {
		path := []int{}
		for i, st := range p.Steps {
			from, ok1 := st.From.(quad.IRI)
			to, ok2 := st.To.(quad.IRI)
			pred, ok3 := st.Pred.(quad.IRI)
			if !ok1 || !ok2 || !ok3 {
				return nil, fmt.Errorf("path search: a step from %v to %v over %v is not between nodes (a bug in dealgraph)", st.From, st.To, st.Pred)
			}
			if i == 0 {
				if err := addNode(from, p.Degree[0]); err != nil {
					return nil, err
				}
			}
			if err := addNode(to, p.Degree[i+1]); err != nil {
				return nil, err
			}
			src := from
			if !st.Out {
				src = to
			}
			if err := w.labelsOf(src); err != nil {
				return nil, err
			}
			e, err := w.edgeOf(from, step{pred: pred, out: st.Out, to: to})
			if err != nil {
				return nil, err
			}
			idx, ok := edgeIndex[e.ID]
			if !ok {
				idx = len(sg.Edges)
				edgeIndex[e.ID] = idx
				sg.Edges = append(sg.Edges, e)
			}
			path = append(path, idx)
		}
		sg.Paths = append(sg.Paths, path)
	}
	if len(sg.Nodes) == 0 {
		if err := addNode(a, 0); err != nil {
			return nil, err
		}
	}
	return sg, nil
}

// labelPreds are the predicates drawing a node or an edge reads (node,
// dealLabel, edgeOf).
var labelPreds = []quad.Value{graph.Type, graph.Name, graph.Title, graph.DealKind, graph.Amount, graph.Currency, graph.AmountQualifier}

// labelsOf reads only n's labelPreds into the walker's cache of its
// outgoing edges, for drawing a path: a hub on it (a country) has
// thousands of other edges (one mentionedIn per document). Only paths
// uses it, once its search is over: the cache then holds those edges
// only.
func (w *walker) labelsOf(n quad.IRI) error {
	if _, ok := w.liteOut[n]; ok {
		return nil
	}
	ls, err := w.links.LinksBy(n, labelPreds)
	if err != nil {
		return err
	}
	if w.reads+w.links.Reads() > w.maxReads {
		return errTooMuch
	}
	w.liteOut[n] = liteFacets(ls)
	return nil
}

func (s *Server) servePath(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.exploreContext(r)
	defer cancel()
	a, err := s.resolve(ctx, r, "from")
	if err != nil {
		fail(w, err)
		return
	}
	b, err := s.resolve(ctx, r, "to")
	if err != nil {
		fail(w, err)
		return
	}
	maxHops, err := intParam(r, "maxHops", 6, 1, 8)
	if err != nil {
		fail(w, err)
		return
	}
	k, err := intParam(r, "k", 3, 1, 20)
	if err != nil {
		fail(w, err)
		return
	}
	sg, err := newWalker(ctx, s.store.QuadStore()).paths(a, b, maxHops, k, &s.paths)
	if err != nil {
		var se *statusError
		if errors.As(err, &se) && se.code == http.StatusNotFound {
			err = withStatus(http.StatusNotFound, fmt.Errorf("between %s and %s: %w", displayArg(r, "from"), displayArg(r, "to"), se.err))
		}
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sg)
}

func displayArg(r *http.Request, prefix string) string {
	if n := r.URL.Query().Get(prefix + "name"); n != "" {
		return strconv.Quote(n)
	}
	return "<" + r.URL.Query().Get(prefix+"id") + ">"
}

// ---- named queries -----------------------------------------------------------------

func (s *Server) serveNamedList(w http.ResponseWriter, r *http.Request) {
	type named struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Args        []string `json:"args"`
		Columns     []string `json:"columns"`
		Usage       string   `json:"usage"`
	}
	out := []named{}
	for _, n := range s.runner.List() {
		args := n.Args
		if args == nil {
			args = []string{}
		}
		out = append(out, named{n.Name, n.Description, args, n.Columns, n.Usage()})
	}
	writeJSON(w, http.StatusOK, out)
}

// NamedResult is the answer of /api/named/{name}.
type NamedResult struct {
	Name      string        `json:"name"`
	Args      []string      `json:"args"`
	Columns   []string      `json:"columns"`
	Rows      []queries.Row `json:"rows"`
	Truncated bool          `json:"truncated"`
	Notes     []string      `json:"notes,omitempty"`
}

// serveNamed runs a named query: arguments as ?arg=A&arg=B, or a JSON body
// {"args": ["A", "B"], "limit": N}.
func (s *Server) serveNamed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	args := r.URL.Query()["arg"]
	limit, err := limitParam(r)
	if err != nil {
		fail(w, err)
		return
	}
	if r.Method == http.MethodPost {
		body, err := readBody(w, r, s.cfg.MaxBodyBytes)
		if err != nil {
			fail(w, err)
			return
		}
		var req struct {
			Args  []string `json:"args"`
			Limit int      `json:"limit"`
		}
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("bad JSON (want {\"args\": [\"...\"], \"limit\": N}): %w", err))
			return
		}
		args = req.Args
		if req.Limit > 0 {
			limit = req.Limit
		}
	}
	if _, ok := s.runner.Lookup(name); !ok {
		fail(w, &queries.UnknownQueryError{Name: name, Available: namedNames(s.runner)})
		return
	}
	release, err := s.acquire(r.Context())
	if err != nil {
		fail(w, err)
		return
	}
	defer release()
	res, err := s.runner.RunNamed(r.Context(), s.store.QuadStore(), name, args, s.queryOptions(limit))
	if err != nil {
		fail(w, err)
		return
	}
	if args == nil {
		args = []string{}
	}
	rows := res.Rows
	if rows == nil {
		rows = []queries.Row{}
	}
	writeJSON(w, http.StatusOK, NamedResult{Name: name, Args: args, Columns: res.Columns, Rows: rows, Truncated: res.Truncated, Notes: res.Notes})
}

func namedNames(r *queries.Runner) []string {
	var out []string
	for _, n := range r.List() {
		out = append(out, n.Name)
	}
	return out
}

// maxNodeLookup bounds the IDs of one /api/nodes request.
const maxNodeLookup = 1000

// serveNodes describes nodes for drawing (label, type): POST {"ids":
// ["IRI", ...]}. The Gizmo console uses it to name the nodes of a result.
// IDs that are not nodes of the graph are left out.
func (s *Server) serveNodes(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		fail(w, err)
		return
	}
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("bad JSON (want {\"ids\": [\"IRI\", ...]}): %w", err))
		return
	}
	if len(req.IDs) > maxNodeLookup {
		writeError(w, http.StatusBadRequest, fmt.Errorf("at most %d ids per request, got %d", maxNodeLookup, len(req.IDs)))
		return
	}
	ctx, cancel := s.exploreContext(r)
	defer cancel()
	qs := s.store.QuadStore()
	wk := newWalker(ctx, qs)
	out := []Node{}
	for _, id := range req.IDs {
		iri := quad.IRI(strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">"))
		if qs.ValueOf(iri) == nil {
			continue
		}
		nd, err := wk.node(iri)
		if err != nil {
			fail(w, err)
			return
		}
		out = append(out, nd)
	}
	writeJSON(w, http.StatusOK, out)
}
