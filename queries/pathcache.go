package queries

import (
	"sync"

	hkv "github.com/hidal-go/hidalgo/kv"
)

// PathCache keeps, across path searches, the edges the searches read from
// a kv store, while the store is unchanged: a server answering path
// questions reads the same neighbourhoods (the hubs, the big companies'
// deals) again and again. Entries are the edges as the kv indexes give
// them (every predicate; the search filters), keyed by node ID, with the
// store's state (Cayley's horizon and size counters, see dealagg.go): the
// first search that sees another state empties the cache, and a search
// only reads and fills the cache of the state it validated. It holds at
// most maxCachedEdges edges; when full it starts over.
//
// It also keeps the nodes' degrees (walkable edges to nodes) as
// ShortestPaths counts them for ranking: they depend on the predicates
// skipped, so one PathCache must serve searches with one Skip only (the
// Runner's shortestPath, or the explorer's /api/path).
//
// The zero value is ready to use; a PathCache may be shared by goroutines.
type PathCache struct {
	mu      sync.Mutex
	gen     uint64 // bumped on every reset
	db      hkv.KV
	state   string // horizon and size
	edges   map[uint64][]rawEdge
	isIRI   map[uint64]bool
	degrees map[uint64]int
	entries int
}

// rawEdge is an edge as read: predicate, other end, direction.
type rawEdge struct {
	p, o uint64
	out  bool
}

// maxCachedEdges bounds a PathCache: about 24 bytes an edge, plus the
// maps (some 40 MB when full).
const maxCachedEdges = 1_000_000

// pathCacheView is one search's use of a PathCache.
type pathCacheView struct {
	c   *PathCache
	gen uint64
}

// validate reads the store's state in t and empties the cache if it
// changed; it returns the view to use (nil: no cache).
func (c *PathCache) validate(db hkv.KV, t *kvTx) (*pathCacheView, error) {
	if c == nil {
		return nil, nil
	}
	state, known, err := t.storeState()
	if err != nil || !known {
		// without the counters nothing would tell the store changed: no cache
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.edges == nil || c.db != db || c.state != state {
		c.reset()
		c.db, c.state = db, state
	}
	return &pathCacheView{c: c, gen: c.gen}, nil
}

func (c *PathCache) reset() {
	c.gen++
	c.edges = map[uint64][]rawEdge{}
	c.isIRI = map[uint64]bool{}
	c.degrees = map[uint64]int{}
	c.entries = 0
}

func (v *pathCacheView) getEdges(id uint64) ([]rawEdge, bool) {
	if v == nil {
		return nil, false
	}
	v.c.mu.Lock()
	defer v.c.mu.Unlock()
	if v.c.gen != v.gen {
		return nil, false
	}
	es, ok := v.c.edges[id]
	return es, ok
}

func (v *pathCacheView) putEdges(id uint64, es []rawEdge) {
	if v == nil {
		return
	}
	v.c.mu.Lock()
	defer v.c.mu.Unlock()
	if v.c.gen != v.gen {
		return
	}
	if v.c.entries+len(es)+1 > maxCachedEdges {
		db, state := v.c.db, v.c.state
		v.c.reset()
		v.c.db, v.c.state = db, state
		v.gen = v.c.gen
	}
	v.c.edges[id] = es
	v.c.entries += len(es) + 1
}

func (v *pathCacheView) getIRI(id uint64) (isIRI, ok bool) {
	return viewGet(v, func(c *PathCache) map[uint64]bool { return c.isIRI }, id)
}

func (v *pathCacheView) putIRI(id uint64, isIRI bool) {
	viewPut(v, func(c *PathCache) map[uint64]bool { return c.isIRI }, id, isIRI)
}

func (v *pathCacheView) getDegree(id uint64) (int, bool) {
	return viewGet(v, func(c *PathCache) map[uint64]int { return c.degrees }, id)
}

func (v *pathCacheView) putDegree(id uint64, d int) {
	viewPut(v, func(c *PathCache) map[uint64]int { return c.degrees }, id, d)
}

// viewGet reads id in the cache's map m, if the view is still current.
func viewGet[T any](v *pathCacheView, m func(*PathCache) map[uint64]T, id uint64) (T, bool) {
	var zero T
	if v == nil {
		return zero, false
	}
	v.c.mu.Lock()
	defer v.c.mu.Unlock()
	if v.c.gen != v.gen {
		return zero, false
	}
	x, ok := m(v.c)[id]
	return x, ok
}

// viewPut sets id in the cache's map m, if the view is still current and
// the cache has room for one more entry.
func viewPut[T any](v *pathCacheView, m func(*PathCache) map[uint64]T, id uint64, x T) {
	if v == nil {
		return
	}
	v.c.mu.Lock()
	defer v.c.mu.Unlock()
	if v.c.gen != v.gen || v.c.entries+1 > maxCachedEdges {
		return
	}
	m(v.c)[id] = x
	v.c.entries++
}
