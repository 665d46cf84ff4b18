package queries

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/dop251/goja"

	dg "github.com/dealgraph/dealgraph/graph"
)

// Shortest paths: a bidirectional breadth-first search over node IDs.
//
// The named query path (and the explorer's /api/path) look for a shortest
// path between two sets of nodes, over every edge but a few predicates,
// in either direction, through nodes only (literals are not walked
// through). Hubs (a country, shared by every company of the country) join
// most of the graph within three or four hops, so a breadth-first search
// from one end reads most of the store. Searching from both ends and
// always growing the side whose frontier is smaller meets in the middle
// after reading a few neighbourhoods instead.
//
// Which shortest path: the one-sided search of the original path.js
// (testdata/naive) reports the first goal it discovers, each node reached
// through the first edge that discovered it. That path is the smallest
// shortest path in lexicographic order of (index of its start in FROM,
// index of each edge in its node's edge list), edge lists as the prelude's
// edges() gives them (outgoing, then incoming, each in store order).
// Proof sketch: the search discovers the nodes of each level in the
// lexicographic order of their smallest paths, by induction on the level.
// So the search below first finds every node lying on some shortest path
// (the layers of the shortest-path DAG: the meeting nodes, and the
// discovery parents of both searches back to each end), then walks the DAG
// from the first start that lies on it, taking at each node its first edge
// into the next layer: the same path, found without the one-sided search.
//
// One difference is left on purpose: the prelude's isIRI also takes a
// string literal written like an IRI ("<x>") for a node, and edges() then
// reads the IRI <x> instead; the search walks IRIs only.
//
// Nodes are interned to small integers; the sets are maps of them. On
// Cayley's kv stores the edges are read from the indexes (kvindex.go) in
// one read transaction; on others through the store's iterators.

// pathEdge is a walkable edge of a node: its predicate, whether the node
// is its subject (out), and the node at the other end.
type pathEdge struct {
	pred, to int32
	out      bool
}

// walkGraph reads the walkable edges of nodes for one search.
type walkGraph struct {
	ctx context.Context
	qs  cgraph.QuadStore
	kvx *kvIndex
	t   *kvTx // kv stores: the search's read transaction
	// skip tells the predicates not walked.
	skip func(p quad.Value) bool
	// reads counts the quads read; past maxReads the search stops with
	// errBudget.
	reads     *int
	maxReads  int
	errBudget error

	kvIDs  map[uint64]int32
	anyIDs map[any]int32
	refs   []cgraph.Ref // nil for kv nodes: see ids
	ids    []uint64     // kv node IDs
	isNode []int8       // 0 unknown, 1 a node (IRI), 2 not
	skipP  map[int32]bool
	adj    map[int32][]pathEdge
	in     map[int32]inScan
	// cache keeps edges across searches (nil: none)
	cache *pathCacheView
}

func newWalkGraph(ctx context.Context, qs cgraph.QuadStore, kvx *kvIndex, t *kvTx, reads *int, maxReads int, errBudget error, skip func(quad.Value) bool) *walkGraph {
	return &walkGraph{ctx: ctx, qs: qs, kvx: kvx, t: t, skip: skip, reads: reads, maxReads: maxReads, errBudget: errBudget,
		kvIDs: map[uint64]int32{}, anyIDs: map[any]int32{}, skipP: map[int32]bool{}, adj: map[int32][]pathEdge{}, in: map[int32]inScan{}}
}

// intern returns the small ID of a store ref.
func (g *walkGraph) intern(r cgraph.Ref) int32 {
	if v, ok := r.(kv.Int64Value); ok && g.t != nil {
		return g.internKV(uint64(v))
	}
	k := cgraph.ToKey(r)
	if id, ok := g.anyIDs[k]; ok {
		return id
	}
	id := int32(len(g.refs))
	g.anyIDs[k] = id
	g.refs = append(g.refs, r)
	g.ids = append(g.ids, 0)
	g.isNode = append(g.isNode, 0)
	return id
}

// internKV returns the small ID of a kv node ID. Its ref is not kept
// (refs holds nil): boxing an ID into an interface costs an allocation,
// and a hub brings tens of thousands.
func (g *walkGraph) internKV(v uint64) int32 {
	if id, ok := g.kvIDs[v]; ok {
		return id
	}
	id := int32(len(g.refs))
	g.kvIDs[v] = id
	g.refs = append(g.refs, nil)
	g.ids = append(g.ids, v)
	g.isNode = append(g.isNode, 0)
	return id
}

// kvOf returns u's kv ID (ok false when the search does not read kv
// indexes).
func (g *walkGraph) kvOf(u int32) (uint64, bool) {
	if g.t != nil && g.refs[u] == nil {
		return g.ids[u], true
	}
	return 0, false
}

// ref returns u's store ref.
func (g *walkGraph) ref(u int32) cgraph.Ref {
	if v, ok := g.kvOf(u); ok {
		return kv.Int64Value(v)
	}
	return g.refs[u]
}

// check stops the search when its context is done or it read too much.
func (g *walkGraph) check() error {
	if err := g.ctx.Err(); err != nil {
		return err
	}
	if *g.reads > g.maxReads {
		return g.errBudget
	}
	return nil
}

// value reads the value of u.
func (g *walkGraph) value(u int32) (quad.Value, error) {
	if v, ok := g.kvOf(u); ok {
		*g.reads++
		tx, err := g.t.tx()
		if err != nil {
			return nil, err
		}
		p, err := dg.KVPrimitive(g.ctx, tx, uint64(v))
		if err != nil || p == nil {
			return nil, err
		}
		return pquads.UnmarshalValue(p.Value)
	}
	return g.qs.NameOf(g.ref(u)), nil
}

// node tells whether u is a node the search walks through (an IRI).
func (g *walkGraph) node(u int32) (bool, error) {
	switch g.isNode[u] {
	case 1:
		return true, nil
	case 2:
		return false, nil
	}
	id, isKV := g.kvOf(u)
	if isKV && g.t != nil {
		if is, ok := g.cache.getIRI(uint64(id)); ok {
			g.isNode[u] = 2
			if is {
				g.isNode[u] = 1
			}
			return is, nil
		}
	}
	v, err := g.value(u)
	if err != nil {
		return false, err
	}
	_, ok := v.(quad.IRI)
	if isKV && g.t != nil {
		g.cache.putIRI(uint64(id), ok)
	}
	g.isNode[u] = 2
	if ok {
		g.isNode[u] = 1
	}
	return ok, nil
}

// skipped tells whether edges of predicate p are not walked.
func (g *walkGraph) skipped(p int32) (bool, error) {
	if s, ok := g.skipP[p]; ok {
		return s, nil
	}
	v, err := g.value(p)
	if err != nil {
		return false, err
	}
	s := v == nil || g.skip(v)
	g.skipP[p] = s
	return s, nil
}

// edges returns u's distinct walkable edges: outgoing, then incoming, each
// in store order (as the prelude's links and edges give them). The other
// ends may be literals: callers check node() when it matters.
func (g *walkGraph) edges(u int32) ([]pathEdge, error) {
	if es, ok := g.adj[u]; ok {
		return es, nil
	}
	if err := g.check(); err != nil {
		return nil, err
	}
	es := []pathEdge{}
	var ferr error
	add := func(p, o int32, out bool) {
		if ferr != nil {
			return
		}
		s, err := g.skipped(p)
		if err != nil {
			ferr = err
			return
		}
		if !s {
			es = append(es, pathEdge{pred: p, to: o, out: out})
		}
	}
	if v, ok := g.kvOf(u); ok {
		if raw, ok := g.cache.getEdges(uint64(v)); ok {
			for _, e := range raw {
				add(g.internKV(e.p), g.internKV(e.o), e.out)
			}
			if ferr != nil {
				return nil, ferr
			}
			g.adj[u] = es
			return es, g.check()
		}
		var raw []rawEdge
		if g.cache != nil {
			add0 := add
			add = func(p, o int32, out bool) {
				raw = append(raw, rawEdge{p: g.kvID(p), o: g.kvID(o), out: out})
				add0(p, o, out)
			}
			defer func() {
				if _, done := g.adj[u]; done {
					g.cache.putEdges(uint64(v), raw)
				}
			}()
		}
		if err := g.t.outLinks(g.kvx, uint64(v), nil, func(p, o uint64) { add(g.internKV(p), g.internKV(o), true) }); err != nil {
			return nil, err
		}
		// The live subjects, as kvTx.subjects gives them, from the keys
		// the cost estimate read.
		keys, _, err := g.inKeys(u, math.MaxInt)
		if err != nil {
			return nil, err
		}
		delete(g.in, u)
		for _, k := range keys {
			ids, err := dg.KVDecodeIDs(k.ids)
			if err != nil {
				return nil, err
			}
			live, err := g.t.anyLive(ids)
			if err != nil {
				return nil, err
			}
			if live {
				add(g.internKV(k.p), g.internKV(k.s), false)
			}
		}
	} else {
		for _, d := range []quad.Direction{quad.Subject, quad.Object} {
			if err := g.iterate(u, d, add); err != nil {
				return nil, err
			}
		}
	}
	if ferr != nil {
		return nil, ferr
	}
	g.adj[u] = es
	return es, g.check()
}

// iterate reads u's quads in direction d through the store's iterator
// (stores without the kv indexes), calling add once per distinct
// (predicate, other end).
func (g *walkGraph) iterate(u int32, d quad.Direction, add func(p, o int32, out bool)) error {
	other := quad.Object
	if d == quad.Object {
		other = quad.Subject
	}
	ref := g.ref(u)
	key := cgraph.ToKey(ref)
	type pair struct{ p, o int32 }
	seen := map[pair]bool{}
	it := g.qs.QuadIterator(d, ref)
	defer it.Close()
	for it.Next(g.ctx) {
		if *g.reads++; *g.reads&1023 == 0 {
			if err := g.check(); err != nil {
				return err
			}
		}
		q := it.Result()
		if cgraph.ToKey(g.qs.QuadDirection(q, d)) != key {
			continue
		}
		k := pair{g.intern(g.qs.QuadDirection(q, quad.Predicate)), g.intern(g.qs.QuadDirection(q, other))}
		if seen[k] {
			continue
		}
		seen[k] = true
		add(k.p, k.o, d == quad.Subject)
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("reading the graph: %w", err)
	}
	return g.ctx.Err()
}

// edgesInto returns u's edges to the nodes of next, in the order of
// edges(u). When u's edges were not read (a hub where the two searches
// met, reached but not expanded), they are found from the other end: every
// node of next was expanded, and u's edge to v is v's edge to u reversed.
// On the kv stores edges(u) lists the outgoing edges by predicate ID, each
// predicate's objects in the order objects() gives them, then the incoming
// ones by predicate ID and subject ID (the index order); the reversed edges
// are sorted the same way, so a hub's thousands of edges are not read.
func (g *walkGraph) edgesInto(u int32, next map[int32]bool) ([]pathEdge, error) {
	if _, ok := g.adj[u]; ok || g.t == nil {
		return g.edges(u)
	}
	if raw, ok := g.cache.getEdges(g.kvID(u)); ok {
		// Kept edges (a hub's thousands): only those into next are
		// interned, in their order.
		var out []pathEdge
		for _, e := range raw {
			to, ok := g.kvIDs[e.o]
			if !ok || !next[to] {
				continue
			}
			p := g.internKV(e.p)
			s, err := g.skipped(p)
			if err != nil {
				return nil, err
			}
			if !s {
				out = append(out, pathEdge{pred: p, to: to, out: e.out})
			}
		}
		return out, g.check()
	}
	type keyed struct {
		e             pathEdge
		in            bool
		pred, rank, v uint64
	}
	var found []keyed
	for v := range next {
		es, ok := g.adj[v]
		if !ok {
			return g.edges(u)
		}
		for _, e := range es {
			if e.to != u {
				continue
			}
			k := keyed{e: pathEdge{pred: e.pred, to: v, out: !e.out}, in: e.out, pred: g.kvID(e.pred), v: g.kvID(v)}
			found = append(found, k)
		}
	}
	// The rank of each object among u's objects of the predicate.
	ranks := map[[2]uint64]uint64{}
	for i, k := range found {
		if k.in {
			continue
		}
		key := [2]uint64{k.pred, k.v}
		if _, ok := ranks[key]; !ok {
			n := uint64(0)
			if err := g.t.objects(g.kvx, g.kvID(u), k.pred, func(o uint64) {
				if _, ok := ranks[[2]uint64{k.pred, o}]; !ok {
					ranks[[2]uint64{k.pred, o}] = n
				}
				n++
			}); err != nil {
				return nil, err
			}
		}
		found[i].rank = ranks[key]
	}
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.in != b.in {
			return !a.in
		}
		if a.pred != b.pred {
			return a.pred < b.pred
		}
		if a.in {
			return a.v < b.v
		}
		return a.rank < b.rank
	})
	out := make([]pathEdge, len(found))
	for i, k := range found {
		out[i] = k.e
	}
	return out, g.check()
}

// kvID is the kv ID of u (kv stores only).
func (g *walkGraph) kvID(u int32) uint64 {
	v, _ := g.kvOf(u)
	return v
}

// pathDAG holds the nodes on the shortest paths between two sets: layer k
// has those at distance k from the start set and hops-k from the goals.
type pathDAG struct {
	hops   int
	layers []map[int32]bool
}

// shortestDAG searches from both ends for the shortest paths of at most
// maxHops edges from a node of from to a node of to. It returns nil when
// there is none. Only nodes are walked through (node()); the start nodes
// need not be nodes themselves, the goals must.
func (g *walkGraph) shortestDAG(from, to []int32, maxHops int) (*pathDAG, error) {
	goalRaw := map[int32]bool{}
	for _, t := range to {
		goalRaw[t] = true
	}
	for _, f := range from {
		if goalRaw[f] {
			return &pathDAG{hops: 0, layers: []map[int32]bool{{f: true}}}, nil
		}
	}
	type side struct {
		dist     map[int32]int
		parents  map[int32][]int32
		slab     []int32 // backs the parent lists of one node
		frontier []int32
		depth    int
	}
	fw := &side{dist: map[int32]int{}, parents: map[int32][]int32{}}
	bw := &side{dist: map[int32]int{}, parents: map[int32][]int32{}}
	for _, f := range from {
		if _, ok := fw.dist[f]; !ok {
			fw.dist[f] = 0
			fw.frontier = append(fw.frontier, f)
		}
	}
	for _, t := range to {
		if _, ok := bw.dist[t]; ok {
			continue
		}
		ok, err := g.node(t)
		if err != nil {
			return nil, err
		}
		if ok {
			bw.dist[t] = 0
			bw.frontier = append(bw.frontier, t)
		}
	}
	dead := map[int32]bool{}
	for fw.depth+bw.depth < maxHops && len(fw.frontier) > 0 && len(bw.frontier) > 0 {
		s, o := fw, bw
		if g.cheaper(bw.frontier, fw.frontier) {
			s, o = bw, fw
		}
		var next []int32
		for _, u := range s.frontier {
			if s.depth > 0 || s == bw {
				// Nodes reached are checked when expanded (or when
				// they meet the other side), not when reached: a hub
				// reaches thousands that are never expanded.
				ok, err := g.node(u)
				if err != nil {
					return nil, err
				}
				if !ok {
					dead[u] = true
					continue
				}
			}
			es, err := g.edges(u)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				v := e.to
				if dead[v] {
					continue
				}
				if d, ok := s.dist[v]; ok {
					if d == s.depth+1 && !containsLast(s.parents[v], u) {
						s.parents[v] = append(s.parents[v], u)
					}
					continue
				}
				s.dist[v] = s.depth + 1
				// one allocation per thousand nodes, not per node
				if len(s.slab) == cap(s.slab) {
					s.slab = make([]int32, 0, 1024)
				}
				s.slab = append(s.slab, u)
				s.parents[v] = s.slab[len(s.slab)-1 : len(s.slab) : len(s.slab)]
				next = append(next, v)
			}
		}
		s.depth++
		s.frontier = next
		meet := map[int32]bool{}
		for _, v := range next {
			if _, ok := o.dist[v]; !ok {
				continue
			}
			if fw.dist[v] != 0 {
				ok, err := g.node(v)
				if err != nil {
					return nil, err
				}
				if !ok {
					dead[v] = true
					continue
				}
			}
			meet[v] = true
		}
		if len(meet) == 0 {
			continue
		}
		hops := fw.depth + bw.depth
		dag := &pathDAG{hops: hops, layers: make([]map[int32]bool, hops+1)}
		dag.layers[fw.depth] = meet
		for k := fw.depth - 1; k >= 0; k-- {
			dag.layers[k] = map[int32]bool{}
			for v := range dag.layers[k+1] {
				for _, u := range fw.parents[v] {
					dag.layers[k][u] = true
				}
			}
		}
		for k := fw.depth + 1; k <= hops; k++ {
			dag.layers[k] = map[int32]bool{}
			for v := range dag.layers[k-1] {
				for _, u := range bw.parents[v] {
					dag.layers[k][u] = true
				}
			}
		}
		return dag, nil
	}
	return nil, nil
}

// cheaper tells whether expanding the nodes of a reads less than
// expanding those of b (ties go to b). On kv stores the cost of a node is
// estimated from its index keys, counted without reading the quads they
// list (a hub's key scan costs a small part of reading its edges), and
// counted only as far as needed to tell which side is cheaper; elsewhere
// each node counts one.
func (g *walkGraph) cheaper(a, b []int32) bool {
	if g.t == nil {
		return len(a) < len(b)
	}
	for limit := 1024; ; limit *= 4 {
		ca, doneA := g.frontierCost(a, limit)
		cb, doneB := g.frontierCost(b, limit)
		switch {
		case doneA && doneB:
			return ca < cb
		case doneA:
			return true
		case doneB:
			return false
		}
	}
}

// frontierCost adds up the estimated costs of expanding the nodes, up to
// limit (done false when it got there).
func (g *walkGraph) frontierCost(nodes []int32, limit int) (int, bool) {
	sum := 0
	for _, u := range nodes {
		sum += g.estimate(u, limit-sum)
		if sum >= limit {
			return sum, false
		}
	}
	return sum, true
}

// estimate is the cost of reading u's edges: its incoming index keys
// (one quad read each, to tell whether one of the quads is live) plus a
// few for its outgoing predicates, counted up to limit; 0 when its edges
// were read already. The keys read are kept for edges().
func (g *walkGraph) estimate(u int32, limit int) int {
	const outCost = 8
	if _, ok := g.adj[u]; ok {
		return 0
	}
	id, ok := g.kvOf(u)
	if !ok {
		return 1
	}
	if es, ok := g.cache.getEdges(uint64(id)); ok {
		return 1 + len(es)/16 // interned, not read
	}
	keys, complete, err := g.inKeys(u, limit)
	if err != nil {
		return limit // edges() will meet the error
	}
	if !complete {
		return limit
	}
	return len(keys) + outCost
}

// inKey is one key of the object index: a (predicate, subject) pair of
// quads whose object is the node, with the IDs of those quads.
type inKey struct {
	p, s uint64
	ids  []byte
}

// inKeys reads up to limit keys of u's object index prefix (complete
// false when there are more); complete reads are kept.
func (g *walkGraph) inKeys(u int32, limit int) ([]inKey, bool, error) {
	if e, ok := g.in[u]; ok && (e.complete || len(e.keys) >= limit) {
		return e.keys, e.complete, nil
	}
	tx, err := g.t.tx()
	if err != nil {
		return nil, false, err
	}
	var keys []inKey
	complete := true
	it := tx.Scan(g.kvx.ops.Key([]uint64{g.kvID(u)}))
	for it.Next(g.ctx) {
		if len(keys) >= limit {
			complete = false
			break
		}
		k := it.Key()
		last := k[len(k)-1]
		if len(last) < 24 {
			continue
		}
		keys = append(keys, inKey{p: binary.BigEndian.Uint64(last[len(last)-16:]), s: binary.BigEndian.Uint64(last[len(last)-8:]), ids: append([]byte(nil), it.Val()...)})
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return nil, false, err
	}
	g.in[u] = inScan{keys: keys, complete: complete}
	return keys, complete, nil
}

type inScan struct {
	keys     []inKey
	complete bool
}

func containsLast(s []int32, u int32) bool { return len(s) > 0 && s[len(s)-1] == u }

// pathStep is one edge of a path: from --pred--> to when out, else
// to --pred--> from.
type pathStep struct {
	from int32
	edge pathEdge
}

// first returns the first path of the DAG in the order of the one-sided
// search: from the first start in from order on the DAG, through each
// node's first edge into the next layer.
func (g *walkGraph) first(dag *pathDAG, from []int32) ([]pathStep, error) {
	cur := int32(-1)
	for _, f := range from {
		if dag.layers[0][f] {
			cur = f
			break
		}
	}
	if cur < 0 {
		return nil, errors.New("queries: shortest path: no start on the path DAG (a bug in dealgraph)")
	}
	var steps []pathStep
	for k := 0; k < dag.hops; k++ {
		es, err := g.edgesInto(cur, dag.layers[k+1])
		if err != nil {
			return nil, err
		}
		found := false
		for _, e := range es {
			if dag.layers[k+1][e.to] {
				steps = append(steps, pathStep{from: cur, edge: e})
				cur = e.to
				found = true
				break
			}
		}
		if !found {
			return nil, errors.New("queries: shortest path: the path DAG is broken (a bug in dealgraph)")
		}
	}
	return steps, nil
}

// all lists up to max paths of the DAG from the nodes of from, in the
// order of first() (depth first, edges in their order).
func (g *walkGraph) all(dag *pathDAG, from []int32, max int) ([][]pathStep, error) {
	var out [][]pathStep
	var walk func(u int32, k int, acc []pathStep) error
	walk = func(u int32, k int, acc []pathStep) error {
		if len(out) >= max {
			return nil
		}
		if k == dag.hops {
			out = append(out, append([]pathStep(nil), acc...))
			return nil
		}
		es, err := g.edgesInto(u, dag.layers[k+1])
		if err != nil {
			return err
		}
		for _, e := range es {
			if dag.layers[k+1][e.to] {
				if err := walk(e.to, k+1, append(acc, pathStep{from: u, edge: e})); err != nil {
					return err
				}
			}
		}
		return nil
	}
	seen := map[int32]bool{}
	for _, f := range from {
		if dag.layers[0][f] && !seen[f] {
			seen[f] = true
			if err := walk(f, 0, nil); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// degree is the number of u's walkable edges to nodes.
func (g *walkGraph) degree(u int32) (int, error) {
	id, isKV := g.kvOf(u)
	if isKV && g.t != nil {
		if d, ok := g.cache.getDegree(uint64(id)); ok {
			return d, nil
		}
	}
	d, err := g.countDegree(u)
	if err == nil && isKV && g.t != nil {
		g.cache.putDegree(uint64(id), d)
	}
	return d, err
}

func (g *walkGraph) countDegree(u int32) (int, error) {
	es, err := g.edges(u)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range es {
		ok, err := g.node(e.to)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// withGraph runs fn with a walkGraph over qs: on kv stores inside one read
// transaction.
func withGraph(ctx context.Context, qs cgraph.QuadStore, kvx *kvIndex, cache *PathCache, reads *int, maxReads int, errBudget error, skip func(quad.Value) bool, fn func(*walkGraph) error) error {
	if kvx == nil {
		return fn(newWalkGraph(ctx, qs, nil, nil, reads, maxReads, errBudget, skip))
	}
	return kvx.view(ctx, reads, func(t *kvTx) error {
		g := newWalkGraph(ctx, qs, kvx, t, reads, maxReads, errBudget, skip)
		view, err := cache.validate(kvx.db, t)
		if err != nil {
			return err
		}
		g.cache = view
		return fn(g)
	})
}

// PathStep is one edge of a path found by ShortestPaths, as stored:
// Subject --Pred--> Object; From is the end the path comes from.
type PathStep struct {
	From, To quad.Value
	Pred     quad.Value
	Out      bool // From is the subject
}

// Path is a path with the degrees of its nodes (walkable edges to nodes).
type Path struct {
	Steps []PathStep
	// Degree holds the degree of each node of the path (len(Steps)+1).
	Degree []int
}

// PathOptions tell ShortestPaths what to walk and how much to read.
type PathOptions struct {
	// MaxHops bounds the length of the paths.
	MaxHops int
	// Max is how many shortest paths to list at most.
	Max int
	// Skip tells the predicates not walked.
	Skip func(p quad.Value) bool
	// MaxReads bounds the quads read; past it ShortestPaths fails with
	// ErrBudget.
	MaxReads  int
	ErrBudget error
	// Cache keeps edges across searches (nil: none).
	Cache *PathCache
	// Cost, when set, orders the paths found (cheapest first, equal ones
	// in search order) by the degrees of their nodes; Keep, when above
	// zero, keeps that many of them. Only the kept paths are named.
	Cost func(degrees []int) float64
	Keep int
}

// ShortestPaths lists up to opts.Max shortest paths from a to b (nil when
// there is none of at most opts.MaxHops edges), walking edges in both
// directions through IRIs only, in the order of a depth-first walk of the
// shortest-path DAG (the first is the one the named query path reports),
// or ordered by opts.Cost and cut to opts.Keep. Node degrees are read for
// the nodes of the listed paths.
func ShortestPaths(ctx context.Context, qs cgraph.QuadStore, a, b quad.Value, opts PathOptions) ([]Path, error) {
	ra, rb := qs.ValueOf(a), qs.ValueOf(b)
	if ra == nil || rb == nil {
		return nil, nil
	}
	reads := 0
	var out []Path
	err := withGraph(ctx, qs, newKVIndex(qs), opts.Cache, &reads, opts.MaxReads, opts.ErrBudget, opts.Skip, func(g *walkGraph) error {
		from, to := []int32{g.intern(ra)}, []int32{g.intern(rb)}
		dag, err := g.shortestDAG(from, to, opts.MaxHops)
		if err != nil || dag == nil {
			return err
		}
		paths, err := g.all(dag, from, opts.Max)
		if err != nil {
			return err
		}
		degrees := make([][]int, len(paths))
		for i, p := range paths {
			for j, s := range p {
				if j == 0 {
					d, err := g.degree(s.from)
					if err != nil {
						return err
					}
					degrees[i] = append(degrees[i], d)
				}
				d, err := g.degree(s.edge.to)
				if err != nil {
					return err
				}
				degrees[i] = append(degrees[i], d)
			}
		}
		order := make([]int, len(paths))
		for i := range order {
			order[i] = i
		}
		if opts.Cost != nil {
			cost := make([]float64, len(paths))
			for i := range paths {
				cost[i] = opts.Cost(degrees[i])
			}
			sort.SliceStable(order, func(i, j int) bool { return cost[order[i]] < cost[order[j]] })
		}
		if opts.Keep > 0 && len(order) > opts.Keep {
			order = order[:opts.Keep]
		}
		names := map[int32]quad.Value{}
		name := func(u int32) (quad.Value, error) {
			if v, ok := names[u]; ok {
				return v, nil
			}
			v, err := g.value(u)
			names[u] = v
			return v, err
		}
		for _, i := range order {
			path := Path{Degree: degrees[i]}
			for _, s := range paths[i] {
				f, err1 := name(s.from)
				t, err2 := name(s.edge.to)
				pr, err3 := name(s.edge.pred)
				if err := errors.Join(err1, err2, err3); err != nil {
					return err
				}
				path.Steps = append(path.Steps, PathStep{From: f, To: t, Pred: pr, Out: s.edge.out})
			}
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, nil
	}
	return out, nil
}

// maxPathHops bounds shortestPath's hops argument.
const maxPathHops = 16

// jsEdgeSkipped is the prelude's edges() filter: rdf:type, dg:mentionedIn
// and the index predicates (matchKey, shortForm) are not walked.
func jsEdgeSkipped(p quad.Value) bool {
	iri, ok := p.(quad.IRI)
	if !ok {
		// edges() compares predicates as Gizmo hands them over; a literal
		// predicate is walked unless its text ends in one of the names.
		s, ok := jsNative(p).(string)
		if !ok {
			return false
		}
		return localNameOf(s) == "matchKey" || localNameOf(s) == "shortForm"
	}
	if iri == dg.Type || iri == dg.MentionedIn {
		return true
	}
	l := localNameOf(string(iri))
	return l == "matchKey" || l == "shortForm"
}

// localNameOf is the prelude's localName for an IRI's text: the part after
// its last '#' or '/'.
func localNameOf(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '#' || s[i] == '/' {
			return s[i+1:]
		}
	}
	return s
}

// shortestPath(from, to, maxHops) returns the shortest path of at most
// maxHops edges from a node of from to a node of to (a node or an array
// each), over the edges the prelude's edges() lists, through nodes only:
// an array of steps {from, to, pred, dir} ("out": from is the subject),
// empty when from and to share a node, or null when there is none. It is
// the path the breadth-first search of the original path.js finds (see
// above), read from both ends.
func (n *natives) shortestPath(call goja.FunctionCall) goja.Value {
	fromVs, _ := n.jsValues(call.Argument(0))
	toVs, _ := n.jsValues(call.Argument(1))
	hv := call.Argument(2)
	if _, ok := hv.Export().(int64); !ok {
		n.throw(fmt.Errorf("shortestPath: maxHops must be a whole number from 0 to %d, got %s", maxPathHops, hv.String()))
	}
	hops := hv.ToInteger()
	if hops < 0 || hops > maxPathHops {
		n.throw(fmt.Errorf("shortestPath: maxHops must be a whole number from 0 to %d, got %d", maxPathHops, hops))
	}
	fromRefs, toRefs := n.refs(fromVs), n.refs(toVs)
	var steps []pathStep
	var g *walkGraph
	found := false
	err := withGraph(n.ctx, n.qs, n.kvx, n.paths, &n.reads, maxNativeReads, errNativeBudget, jsEdgeSkipped, func(wg *walkGraph) error {
		g = wg
		from := make([]int32, len(fromRefs))
		for i, r := range fromRefs {
			from[i] = g.intern(r)
		}
		to := make([]int32, len(toRefs))
		for i, r := range toRefs {
			to[i] = g.intern(r)
		}
		dag, err := g.shortestDAG(from, to, int(hops))
		if err != nil || dag == nil {
			return err
		}
		found = true
		steps, err = g.first(dag, from)
		return err
	})
	if err != nil {
		n.check()
		if errors.Is(err, errNativeBudget) {
			n.throw(err)
		}
		n.throw(fmt.Errorf("reading the graph: %w", err))
	}
	n.check()
	if !found {
		return goja.Null()
	}
	out := make([]any, 0, len(steps))
	for _, s := range steps {
		e := n.vm.NewObject()
		e.Set("from", n.native(g.ref(s.from)))
		e.Set("to", n.native(g.ref(s.edge.to)))
		e.Set("pred", n.native(g.ref(s.edge.pred)))
		dir := "in"
		if s.edge.out {
			dir = "out"
		}
		e.Set("dir", dir)
		out = append(out, e)
	}
	return n.vm.NewArray(out...)
}
