package queries

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
)

// Link is one distinct edge of a node: its predicate and the node (or
// literal) at the other end.
type Link struct {
	Pred, Node quad.Value
}

// LinkReader reads nodes' distinct edges for Go callers (the explorer), as
// the prelude's links() does for queries: through the kv indexes, at the
// cost of the distinct edges rather than of every document restating them
// (kvindex.go), or by scanning the node's quads on other stores. It caches
// what it reads; use one per request.
type LinkReader struct {
	ctx   context.Context
	qs    cgraph.QuadStore
	kvx   *kvIndex
	reads int
	names map[uint64]quad.Value
}

// NewLinkReader returns a LinkReader over qs for the work of ctx.
func NewLinkReader(ctx context.Context, qs cgraph.QuadStore) *LinkReader {
	return &LinkReader{ctx: ctx, qs: qs, kvx: newKVIndex(qs), names: map[uint64]quad.Value{}}
}

// Reads is the number of quads read so far.
func (r *LinkReader) Reads() int { return r.reads }

// Links returns n's distinct edges, in store order: those where n is the
// subject (d = quad.Subject) or the object (d = quad.Object).
func (r *LinkReader) Links(n quad.Value, d quad.Direction) ([]Link, error) {
	ref := r.qs.ValueOf(n)
	if ref == nil {
		return nil, nil
	}
	if id, ok := ref.(kv.Int64Value); ok && r.kvx != nil {
		var out []Link
		err := r.kvx.view(r.ctx, &r.reads, func(t *kvTx) error {
			if d == quad.Subject {
				return t.outLinks(r.kvx, uint64(id), func(p, o uint64) { out = append(out, Link{r.name(p), r.name(o)}) })
			}
			return t.subjects(r.kvx, uint64(id), 0, func(p, s uint64) { out = append(out, Link{r.name(p), r.name(s)}) })
		})
		if err != nil {
			return nil, fmt.Errorf("reading the graph: %w", err)
		}
		return out, r.ctx.Err()
	}
	other := quad.Object
	if d == quad.Object {
		other = quad.Subject
	}
	key := cgraph.ToKey(ref)
	type pair struct{ p, o any }
	seen := map[pair]bool{}
	var out []Link
	it := r.qs.QuadIterator(d, ref)
	defer it.Close()
	for it.Next(r.ctx) {
		r.reads++
		q := it.Result()
		if cgraph.ToKey(r.qs.QuadDirection(q, d)) != key {
			continue
		}
		p, o := r.qs.QuadDirection(q, quad.Predicate), r.qs.QuadDirection(q, other)
		k := pair{cgraph.ToKey(p), cgraph.ToKey(o)}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Link{r.qs.NameOf(p), r.qs.NameOf(o)})
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("reading the graph: %w", err)
	}
	return out, r.ctx.Err()
}

func (r *LinkReader) name(id uint64) quad.Value {
	if v, ok := r.names[id]; ok {
		return v
	}
	v := r.qs.NameOf(kv.Int64Value(id))
	r.names[id] = v
	return v
}
