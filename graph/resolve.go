package graph

import (
	"context"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

// This file is the cross-document entity resolver that Load runs on each
// document before it turns the facts into quads. RESOLUTION.md describes
// the rules for users; the comments here say how they are implemented.

// Merge rules, as recorded in dg:mergeRule.
const (
	// RuleAlias: the user's alias set says the two names are one entity.
	RuleAlias = "alias"
	// RuleStrongKey: the entity shares a strong key (a name the text used,
	// a declared abbreviation, the name without its legal form) with
	// exactly one existing node of its class.
	RuleStrongKey = "strong-key"
	// RuleShortForm: the entity's name is a short form of exactly one
	// existing node of its class, and no other node has that short form.
	RuleShortForm = "short-form"
	// RuleShortFormReverse: a short form of the entity is the name of
	// exactly one existing node of its class, which no other node shares.
	RuleShortFormReverse = "short-form-reverse"
)

// MergeInfo is one entity of a document that Load resolved to a node of
// another ID.
type MergeInfo struct {
	// From is the entity's ID as the extractor gave it; Name its name.
	From, Name string
	// Into is the node it became part of.
	Into quad.IRI
	// Rule is one of the Rule* constants; Key the shared key or name.
	Rule, Key string
	// Evidence is the document (or AliasGraph) that gave the node the key.
	Evidence string
}

// normName is the form names are compared in when the extractor did not
// normalize them: white space removed, Latin letters lower-cased.
func normName(s string) string { return strings.ToLower(CleanName(s)) }

// view is what the resolver sees while a batch loads: the store minus the
// quads of the batch's own documents (they are being replaced), plus the
// new quads of the batch's documents resolved so far. The store does not
// change until the batch commits, so store lookups are cached for the
// batch. On kv stores the lookups go through the indexes (lookup.go), so
// that their cost does not grow with the number of documents mentioning a
// node; otherwise (memstore) they read all quads of the node once.
type view struct {
	ctx     context.Context
	s       *Store
	ix      *kvLookup       // nil: the generic path
	exclude map[string]bool // term strings of the batch's labels
	subj    map[string][]quad.Quad
	obj     map[string][]quad.Quad
	cacheS  map[string][]quad.Quad
	cacheO  map[string][]quad.Quad
}

func newView(ctx context.Context, s *Store, batch []string) (*view, error) {
	v := &view{ctx: ctx, s: s, exclude: map[string]bool{},
		subj: map[string][]quad.Quad{}, obj: map[string][]quad.Quad{},
		cacheS: map[string][]quad.Quad{}, cacheO: map[string][]quad.Quad{}}
	for _, d := range batch {
		v.exclude[termString(quad.IRI(d))] = true
	}
	ix, err := newKVLookup(ctx, s, batch)
	if err != nil {
		return nil, err
	}
	v.ix = ix
	return v, nil
}

// viewPredicates are the predicates the resolver looks up (objects,
// nodesWith, evidence): the view keeps only the batch's quads with these.
var viewPredicates = map[quad.Value]bool{Type: true, Name: true, SameAs: true, CountryP: true,
	MatchKey: true, AlternateName: true, ShortForm: true}

// add makes a resolved document's quads visible to the next documents.
func (v *view) add(qs []quad.Quad) {
	for _, q := range qs {
		if !viewPredicates[q.Predicate] {
			continue
		}
		ks, ko := termString(q.Subject), termString(q.Object)
		v.subj[ks] = append(v.subj[ks], q)
		v.obj[ko] = append(v.obj[ko], q)
	}
}

// lookup returns the stored quads (minus the batch's) whose direction d
// is val, and those of the batch so far: the generic path.
func (v *view) lookup(d quad.Direction, val quad.Value) (stored, batch []quad.Quad, err error) {
	k := termString(val)
	cache, over := v.cacheS, v.subj
	if d == quad.Object {
		cache, over = v.cacheO, v.obj
	}
	stored, ok := cache[k]
	if !ok {
		qs, err := v.s.quadsBy(v.ctx, d, val)
		if err != nil {
			return nil, nil, err
		}
		for _, q := range qs {
			if q.Label != nil && !v.exclude[termString(q.Label)] {
				stored = append(stored, q)
			}
		}
		cache[k] = stored
	}
	return stored, over[k], nil
}

// objects returns the objects of the quads (s, p, *) the view holds, each
// once (by term string), in no particular order.
func (v *view) objects(s quad.Value, p quad.IRI) ([]quad.Value, error) {
	var out []quad.Value
	seen := map[string]bool{}
	add := func(o quad.Value) {
		if k := termString(o); !seen[k] {
			seen[k] = true
			out = append(out, o)
		}
	}
	var stored, batch []quad.Quad
	if v.ix != nil {
		os, err := v.ix.objects(s, p)
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			add(o)
		}
		batch = v.subj[termString(s)]
	} else {
		var err error
		if stored, batch, err = v.lookup(quad.Subject, s); err != nil {
			return nil, err
		}
	}
	for _, qs := range [][]quad.Quad{stored, batch} {
		for _, q := range qs {
			if q.Predicate == p {
				add(q.Object)
			}
		}
	}
	return out, nil
}

// nodeInfo is what the resolver needs to know of an existing node.
type nodeInfo struct {
	iri       quad.IRI
	classes   map[quad.IRI]bool
	names     []string        // schema:name values, sorted
	wikidata  map[string]bool // owl:sameAs objects (term strings)
	countries map[string]bool // dg:country objects (term strings)
}

func (n *nodeInfo) exists() bool { return len(n.classes) > 0 || len(n.names) > 0 }

// node reads the classes and names of a node and, when full, its Wikidata
// items and home countries.
func (v *view) node(iri quad.IRI, full bool) (*nodeInfo, error) {
	n := &nodeInfo{iri: iri, classes: map[quad.IRI]bool{}, wikidata: map[string]bool{}, countries: map[string]bool{}}
	os, err := v.objects(iri, Type)
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		if c, ok := o.(quad.IRI); ok {
			n.classes[c] = true
		}
	}
	if os, err = v.objects(iri, Name); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, o := range os {
		if s := Lexical(o); !seen[s] {
			seen[s] = true
			n.names = append(n.names, s)
		}
	}
	sort.Strings(n.names)
	if !full {
		return n, nil
	}
	for _, x := range []struct {
		p   quad.IRI
		set map[string]bool
	}{{SameAs, n.wikidata}, {CountryP, n.countries}} {
		if os, err = v.objects(iri, x.p); err != nil {
			return nil, err
		}
		for _, o := range os {
			x.set[termString(o)] = true
		}
	}
	return n, nil
}

// nodesWith returns the nodes that are the subject of (node, p, lit).
func (v *view) nodesWith(p quad.IRI, lit string) (map[quad.IRI]bool, error) {
	out := map[quad.IRI]bool{}
	o := quad.String(lit)
	var stored, batch []quad.Quad
	if v.ix != nil {
		ns, err := v.ix.subjects(p, o)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			out[n] = true
		}
		batch = v.obj[termString(o)]
	} else {
		var err error
		if stored, batch, err = v.lookup(quad.Object, o); err != nil {
			return nil, err
		}
	}
	for _, qs := range [][]quad.Quad{stored, batch} {
		for _, q := range qs {
			if n, ok := q.Subject.(quad.IRI); ok && q.Predicate == p {
				out[n] = true
			}
		}
	}
	return out, nil
}

// evidence returns the smallest label of the quads (node, p, lit) the view
// holds: the document that gave the node that key.
func (v *view) evidence(node quad.IRI, p quad.IRI, lit string) (string, error) {
	o := quad.String(lit)
	best, found := "", false
	consider := func(l string) {
		if !found || l < best {
			best, found = l, true
		}
	}
	var stored, batch []quad.Quad
	if v.ix != nil {
		l, ok, err := v.ix.minLabel(node, p, o)
		if err != nil {
			return "", err
		}
		if ok {
			consider(l)
		}
		batch = v.obj[termString(o)]
	} else {
		var err error
		if stored, batch, err = v.lookup(quad.Object, o); err != nil {
			return "", err
		}
	}
	for _, qs := range [][]quad.Quad{stored, batch} {
		for _, q := range qs {
			if n, ok := q.Subject.(quad.IRI); !ok || n != node || q.Predicate != p {
				continue
			}
			l := ""
			if q.Label != nil {
				l = Lexical(q.Label)
			}
			consider(l)
		}
	}
	return best, nil
}

// aliasIndex is the user's decisions, by normalized name.
type aliasIndex struct {
	same  map[string][]string // name → names declared the same entity
	split map[string]bool     // names that are never merged
}

func newAliasIndex(rules []AliasRule) aliasIndex {
	ix := aliasIndex{same: map[string][]string{}, split: map[string]bool{}}
	for _, r := range rules {
		switch r.Op {
		case "merge":
			for i, a := range r.Names {
				for j, b := range r.Names {
					if i != j {
						ix.same[normName(a)] = append(ix.same[normName(a)], normName(b))
					}
				}
			}
		case "split":
			for _, n := range r.Names {
				ix.split[normName(n)] = true
			}
		}
	}
	return ix
}

// resolver resolves one document against the view.
type resolver struct {
	v       *view
	aliases aliasIndex
}

// idFromIRI inverts EntityIRI.
func idFromIRI(iri quad.IRI) (string, bool) {
	s, ok := strings.CutPrefix(string(iri), IDBase)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if c, ok := unhex2(s[i+1], s[i+2]); ok {
				b.WriteByte(c)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}

func unhex2(a, b byte) (byte, bool) {
	h := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c >= 'a' && c <= 'f':
			return c - 'a' + 10, true
		case c >= 'A' && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	x, ok1 := h(a)
	y, ok2 := h(b)
	return x<<4 | y, ok1 && ok2
}

// entityNames is every normalized name of e: its keys, name and alternate
// names.
func entityNames(e *extract.Entity) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s = normName(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, k := range e.Keys {
		add(k)
	}
	add(e.Name)
	for _, a := range e.AltNames {
		add(a)
	}
	return out
}

// resolve rewrites the entity IDs of f to the existing nodes they are
// resolved to, gives merged entities the node's canonical name, and
// returns the rewritten copy with the merges it made. f is not modified.
func (r *resolver) resolve(f extract.Facts) (extract.Facts, []MergeInfo, error) {
	out := f
	out.Entities = make([]extract.Entity, len(f.Entities))
	for i, e := range f.Entities {
		e.AltNames = append([]string(nil), e.AltNames...)
		out.Entities[i] = e
	}
	// Home countries the document states, for the short-form veto.
	homes := map[string]map[string]bool{}
	for _, rel := range f.Relations {
		if rel.Predicate == extract.HomeCountry {
			if homes[rel.From] == nil {
				homes[rel.From] = map[string]bool{}
			}
			homes[rel.From][termString(EntityIRI(rel.To))] = true
		}
	}
	// A node takes at most one entity of a document: the extractor keeps
	// entities apart within a document, the resolver does not undo that.
	// The document's own IDs are claimed first.
	claimed := map[quad.IRI]bool{}
	for _, e := range out.Entities {
		if e.ID != "" {
			claimed[EntityIRI(e.ID)] = true
		}
	}
	// Keys used by several entities of this document are not evidence.
	docKeys := map[string]int{}
	for i := range out.Entities {
		for _, k := range entityNames(&out.Entities[i]) {
			docKeys[k]++
		}
	}

	idMap := map[string]string{}
	var merges []MergeInfo
	done := map[string]bool{}
	for i := range out.Entities {
		e := &out.Entities[i]
		if e.ID == "" {
			continue
		}
		if to, ok := idMap[e.ID]; ok { // a second entity with the same ID
			e.ID = to
			continue
		}
		if done[e.ID] {
			continue
		}
		done[e.ID] = true
		own := EntityIRI(e.ID)
		info, err := r.v.node(own, false)
		if err != nil {
			return f, nil, err
		}
		target := info
		if !info.exists() {
			m, err := r.candidate(e, homes[e.ID], claimed, docKeys)
			if err != nil {
				return f, nil, err
			}
			if m != nil {
				id, _ := idFromIRI(m.Into)
				claimed[m.Into] = true
				idMap[e.ID] = id
				m.From, m.Name = e.ID, CleanName(e.Name)
				merges = append(merges, *m)
				e.ID = id
				if target, err = r.v.node(m.Into, false); err != nil {
					return f, nil, err
				}
			}
		}
		// The node keeps the name it was first given.
		if len(target.names) > 0 {
			if canon := target.names[0]; CleanName(e.Name) != canon {
				e.AltNames = append([]string{e.Name}, e.AltNames...)
				e.Name = canon
			}
		}
	}
	if len(idMap) == 0 {
		return out, nil, nil
	}
	mapID := func(id string) string {
		if to, ok := idMap[id]; ok {
			return to
		}
		return id
	}
	out.Relations = make([]extract.Relation, len(f.Relations))
	for i, rel := range f.Relations {
		rel.From, rel.To = mapID(rel.From), mapID(rel.To)
		out.Relations[i] = rel
	}
	out.Deals = make([]extract.Deal, len(f.Deals))
	for i, d := range f.Deals {
		d.Buyer = mapID(d.Buyer)
		d.Partners = mapIDs(d.Partners, mapID)
		d.Countries = mapIDs(d.Countries, mapID)
		d.Products = mapIDs(d.Products, mapID)
		out.Deals[i] = d
	}
	return out, merges, nil
}

func mapIDs(ids []string, f func(string) string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = f(id)
	}
	return out
}

// cand is a node an entity may be merged into: key is the shared key or
// name; the evidence is AliasGraph for an alias, else the smallest label of
// the quads (node, p, lit) that found it (read only for the node picked).
type cand struct {
	key   string
	alias bool
	p     quad.IRI
	lit   string
}

// candidate finds the node e is to be merged into, or nil.
func (r *resolver) candidate(e *extract.Entity, homes map[string]bool, claimed map[quad.IRI]bool, docKeys map[string]int) (*MergeInfo, error) {
	class, ok := kindClass[e.Kind]
	if !ok {
		return nil, nil
	}
	names := entityNames(e)
	ownName := normName(e.Name)
	infos := map[quad.IRI]*nodeInfo{}
	info := func(n quad.IRI) (*nodeInfo, error) {
		if i, ok := infos[n]; ok {
			return i, nil
		}
		i, err := r.v.node(n, true)
		infos[n] = i
		return i, err
	}
	// usable filters the nodes found under a key: same class, not taken by
	// another entity of the document, no conflicting Wikidata item, no
	// split decision in the way (unless force: an explicit merge).
	usable := func(found map[quad.IRI]bool, c cand, force bool, into map[quad.IRI]cand) error {
		key := c.key
		for n := range found {
			if claimed[n] {
				continue
			}
			ni, err := info(n)
			if err != nil {
				return err
			}
			if !ni.classes[class] {
				continue
			}
			if wd := strings.TrimSpace(e.Wikidata); wd != "" && len(ni.wikidata) > 0 &&
				!ni.wikidata[termString(quad.IRI(Wikidata+escapeIRIPart(wd)))] {
				continue
			}
			if !force && r.blocked(key, ownName, ni) {
				continue
			}
			if _, dup := into[n]; !dup {
				into[n] = c
			}
		}
		return nil
	}
	pick := func(rule string, cs map[quad.IRI]cand) (*MergeInfo, error) {
		if len(cs) != 1 {
			return nil, nil
		}
		for n, c := range cs {
			ev := string(AliasGraph)
			if !c.alias {
				var err error
				if ev, err = r.v.evidence(n, c.p, c.lit); err != nil {
					return nil, err
				}
			}
			return &MergeInfo{Into: n, Rule: rule, Key: c.key, Evidence: ev}, nil
		}
		return nil, nil
	}

	// 1. The user's merge decisions.
	cs := map[quad.IRI]cand{}
	for _, n := range names {
		for _, other := range r.aliases.same[n] {
			for _, p := range []quad.IRI{MatchKey, Name, AlternateName} {
				found, err := r.v.nodesWith(p, other)
				if err != nil {
					return nil, err
				}
				if err := usable(found, cand{key: n + " = " + other, alias: true}, true, cs); err != nil {
					return nil, err
				}
			}
		}
	}
	if m, err := pick(RuleAlias, cs); m != nil || err != nil {
		return m, err
	}

	// 2. Strong keys.
	cs = map[quad.IRI]cand{}
	for _, k := range e.Keys {
		k = CleanName(k)
		if k == "" {
			continue
		}
		found, err := r.v.nodesWith(MatchKey, k)
		if err != nil {
			return nil, err
		}
		if err := usable(found, cand{key: k, p: MatchKey, lit: k}, false, cs); err != nil {
			return nil, err
		}
	}
	if len(cs) > 1 && e.Wikidata != "" {
		// Competing nodes: the one linked to the same Wikidata item wins.
		wd := termString(quad.IRI(Wikidata + escapeIRIPart(strings.TrimSpace(e.Wikidata))))
		linked := map[quad.IRI]cand{}
		for n, c := range cs {
			if infos[n].wikidata[wd] {
				linked[n] = c
			}
		}
		cs = linked
	}
	if m, err := pick(RuleStrongKey, cs); m != nil || err != nil {
		return m, err
	}
	if len(cs) > 1 {
		return nil, nil // competing candidates: no merge
	}

	// 3. Weak keys, with evidence: exactly one node of the class has the
	// entity's name as a short form (and no other node has it at all), or
	// exactly one node is named by one of the entity's short forms (and no
	// other node has that short form); no home country contradicts.
	cs = map[quad.IRI]cand{}
	competing := false
	for _, k := range names {
		if docKeys[k] > 1 {
			continue
		}
		found, err := r.v.nodesWith(ShortForm, k)
		if err != nil {
			return nil, err
		}
		if len(found) > 1 {
			competing = true
		}
		if err := usable(found, cand{key: k, p: ShortForm, lit: k}, false, cs); err != nil {
			return nil, err
		}
	}
	rule := RuleShortForm
	if len(cs) == 0 && !competing {
		rule = RuleShortFormReverse
		for _, sf := range e.ShortForms {
			sf = CleanName(sf)
			if sf == "" || docKeys[normName(sf)] > 1 {
				continue
			}
			others, err := r.v.nodesWith(ShortForm, sf)
			if err != nil {
				return nil, err
			}
			if len(others) > 0 {
				competing = true
				continue
			}
			found, err := r.v.nodesWith(MatchKey, sf)
			if err != nil {
				return nil, err
			}
			if len(found) > 1 {
				competing = true
			}
			named := map[quad.IRI]bool{}
			for n := range found {
				ni, err := info(n)
				if err != nil {
					return nil, err
				}
				if len(ni.names) > 0 && normName(ni.names[0]) == normName(sf) {
					named[n] = true
				}
			}
			if err := usable(named, cand{key: sf, p: MatchKey, lit: sf}, false, cs); err != nil {
				return nil, err
			}
		}
	}
	if competing || len(cs) != 1 {
		return nil, nil
	}
	for n := range cs {
		if ni := infos[n]; len(homes) > 0 && len(ni.countries) > 0 {
			agree := false
			for c := range homes {
				agree = agree || ni.countries[c]
			}
			if !agree {
				return nil, nil // 中国银行 vs a bank of another country
			}
		}
	}
	return pick(rule, cs)
}

// blocked tells whether a split decision forbids merging an entity named
// ownName into node n through key.
func (r *resolver) blocked(key, ownName string, n *nodeInfo) bool {
	if len(r.aliases.split) == 0 {
		return false
	}
	if r.aliases.split[normName(key)] || r.aliases.split[ownName] {
		return true
	}
	for _, nm := range n.names {
		if r.aliases.split[normName(nm)] {
			return true
		}
	}
	return false
}

// mergeQuads records merges as dg:Merge nodes labelled with the document.
func mergeQuads(docIRI string, merges []MergeInfo) []quad.Quad {
	b := quadBuilder{label: quad.IRI(docIRI), seen: map[quad.Quad]bool{}}
	for _, m := range merges {
		n := MergeIRI(docIRI, m.From)
		b.add(n, Type, Merge)
		b.add(n, MergedInto, m.Into)
		b.add(n, MergedFrom, EntityIRI(m.From))
		b.str(n, MergeRule, m.Rule)
		b.str(n, MergeKey, m.Key)
		b.str(n, OriginalName, m.Name)
		if m.Evidence != "" {
			b.add(n, MergeEvidence, quad.IRI(m.Evidence))
		}
	}
	return b.quads
}

// MergeIRI is the node recording that the entity fromID of the document
// docIRI was merged into another node.
func MergeIRI(docIRI, fromID string) quad.IRI {
	return quad.IRI(docIRI + "#merge-" + escapeIRIPart(fromID))
}

// Lexical is the lexical form of a literal, or the IRI or blank node id:
// the plain text of any value read from the store.
func Lexical(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.IRI:
		return string(v)
	case quad.BNode:
		return string(v)
	case nil:
		return ""
	}
	if s, ok := v.Native().(string); ok {
		return s
	}
	return quad.StringOf(v)
}
