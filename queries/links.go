package queries

import (
	"context"
	"encoding/binary"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
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
	preds map[quad.Value]uint64 // predicate → its ID (0: not stored)
}

// NewLinkReader returns a LinkReader over qs for the work of ctx.
func NewLinkReader(ctx context.Context, qs cgraph.QuadStore) *LinkReader {
	return &LinkReader{ctx: ctx, qs: qs, kvx: newKVIndex(qs), names: map[uint64]quad.Value{}, preds: map[quad.Value]uint64{}}
}

// Reads is the number of quads read so far.
func (r *LinkReader) Reads() int { return r.reads }

// Links returns n's distinct edges, in store order: those where n is the
// subject (d = quad.Subject) or the object (d = quad.Object).
func (r *LinkReader) Links(n quad.Value, d quad.Direction) ([]Link, error) {
	return r.LinksExcept(n, d, nil)
}

// LinksExcept is Links without the edges whose predicate is one of except:
// on kv stores their quads are not read at all (a company's hundreds of
// dg:mentionedIn documents).
func (r *LinkReader) LinksExcept(n quad.Value, d quad.Direction, except []quad.Value) ([]Link, error) {
	ref := r.qs.ValueOf(n)
	if ref == nil {
		return nil, nil
	}
	var skip map[uint64]bool
	if len(except) > 0 {
		skip = map[uint64]bool{}
		for _, p := range except {
			if id := r.predID(p); id != 0 {
				skip[id] = true
			}
		}
	}
	if id, ok := ref.(kv.Int64Value); ok && r.kvx != nil {
		var out []Link
		var ids [][2]uint64
		err := r.kvx.view(r.ctx, &r.reads, func(t *kvTx) error {
			var err error
			if d == quad.Subject {
				err = t.outLinks(r.kvx, uint64(id), skip, func(p, o uint64) { ids = append(ids, [2]uint64{p, o}) })
			} else {
				err = t.subjects(r.kvx, uint64(id), 0, skip, func(p, s uint64) { ids = append(ids, [2]uint64{p, s}) })
			}
			if err != nil {
				return err
			}
			out, err = r.named(t, ids)
			return err
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
		pv := r.qs.NameOf(p)
		if contains(except, pv) {
			continue
		}
		out = append(out, Link{pv, r.qs.NameOf(o)})
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("reading the graph: %w", err)
	}
	return out, r.ctx.Err()
}

// named turns (predicate, node) ID pairs into links, reading the values
// in t (and remembering them for the reader's life).
func (r *LinkReader) named(t *kvTx, ids [][2]uint64) ([]Link, error) {
	out := make([]Link, 0, len(ids))
	for _, pair := range ids {
		p, err := r.name(t, pair[0])
		if err != nil {
			return nil, err
		}
		o, err := r.name(t, pair[1])
		if err != nil {
			return nil, err
		}
		out = append(out, Link{p, o})
	}
	return out, nil
}

func (r *LinkReader) name(t *kvTx, id uint64) (quad.Value, error) {
	if v, ok := r.names[id]; ok {
		return v, nil
	}
	v, err := t.value(id)
	if err != nil {
		return nil, err
	}
	r.names[id] = v
	return v, nil
}

// LinksBy returns n's distinct outgoing edges with one of preds: those of
// Links(n, quad.Subject) with these predicates, in the same order, at the
// cost of these predicates' quads only on kv stores (a country's name and
// type, not the thousands of documents it is mentioned in).
func (r *LinkReader) LinksBy(n quad.Value, preds []quad.Value) ([]Link, error) {
	ref := r.qs.ValueOf(n)
	if ref == nil {
		return nil, nil
	}
	id, ok := ref.(kv.Int64Value)
	if !ok || r.kvx == nil {
		all, err := r.Links(n, quad.Subject)
		if err != nil {
			return nil, err
		}
		want := map[quad.Value]bool{}
		for _, p := range preds {
			want[p] = true
		}
		out := all[:0:0]
		for _, l := range all {
			if want[l.Pred] {
				out = append(out, l)
			}
		}
		return out, nil
	}
	only := map[uint64]bool{}
	for _, p := range preds {
		if pr := r.predID(p); pr != 0 {
			only[pr] = true
		}
	}
	var out []Link
	err := r.kvx.view(r.ctx, &r.reads, func(t *kvTx) error {
		var ids [][2]uint64
		// One scan of the node's keys, in predicate ID order (that of
		// Links), keeping those of preds.
		if err := t.outLinksOf(r.kvx, uint64(id), nil, only, func(p, o uint64) { ids = append(ids, [2]uint64{p, o}) }); err != nil {
			return err
		}
		var err error
		out, err = r.named(t, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the graph: %w", err)
	}
	return out, r.ctx.Err()
}

// Stated is one live quad of a node: its predicate, the node (or literal)
// at the other end and its label (nil when it has none).
type Stated struct {
	Pred, Node, Label quad.Value
}

// Out returns every live quad whose subject is n (restatements included,
// for their labels) in store order, as the store's QuadIterator(Subject)
// lists them; ok is false when the store has no kv indexes, and the
// caller reads them through the iterator itself.
func (r *LinkReader) Out(n quad.Value) (out []Stated, ok bool, err error) {
	if r.kvx == nil {
		return nil, false, nil
	}
	ref := r.qs.ValueOf(n)
	if ref == nil {
		return nil, true, nil
	}
	id, isID := ref.(kv.Int64Value)
	if !isID {
		return nil, false, nil
	}
	err = r.kvx.view(r.ctx, &r.reads, func(t *kvTx) error {
		var qs [][3]uint64
		if err := t.outQuads(r.kvx, uint64(id), func(p, o, l uint64) { qs = append(qs, [3]uint64{p, o, l}) }); err != nil {
			return err
		}
		out = make([]Stated, 0, len(qs))
		for _, q := range qs {
			var st Stated
			var err error
			if st.Pred, err = r.name(t, q[0]); err != nil {
				return err
			}
			if st.Node, err = r.name(t, q[1]); err != nil {
				return err
			}
			if q[2] != 0 {
				if st.Label, err = r.name(t, q[2]); err != nil {
					return err
				}
			}
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, true, fmt.Errorf("reading the graph: %w", err)
	}
	return out, true, r.ctx.Err()
}

// ScanPredicates calls fn with the subject, predicate and object of every
// live quad whose predicate is one of preds, in the store's order (that of
// QuadIterator(quad.Predicate, p), which on Cayley's kv stores reads the
// whole quad log, one transaction per hundred quads and per quad value).
// It reads the log once, in one transaction, decoding only the quads with
// these predicates. ok is false, and nothing is read, when qs is not a kv
// store: the caller then uses the store's iterators.
func ScanPredicates(ctx context.Context, qs cgraph.QuadStore, preds []quad.Value, fn func(s, p, o quad.Value)) (ok bool, err error) {
	x := newKVIndex(qs)
	if x == nil {
		return false, nil
	}
	want := map[uint64]bool{}
	for _, p := range preds {
		if id, isID := qs.ValueOf(p).(kv.Int64Value); isID {
			want[uint64(id)] = true
		}
	}
	if len(want) == 0 {
		return true, nil
	}
	reads := 0
	err = x.view(ctx, &reads, func(t *kvTx) error {
		tx, err := t.tx()
		if err != nil {
			return err
		}
		values := map[uint64]quad.Value{}
		value := func(id uint64) (quad.Value, error) {
			if v, ok := values[id]; ok {
				return v, nil
			}
			v, err := t.value(id)
			values[id] = v
			return v, err
		}
		it := tx.Scan(dg.KVLogKey(nil))
		defer it.Close()
		n := 0
		for it.Next(ctx) {
			if n++; n&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			b := it.Val()
			if !want[primitivePredicate(b)] {
				continue
			}
			var q proto.Primitive
			if err := q.Unmarshal(b); err != nil {
				return err
			}
			if q.Deleted || q.IsNode() {
				continue
			}
			s, err := value(q.Subject)
			if err != nil {
				return err
			}
			p, err := value(q.Predicate)
			if err != nil {
				return err
			}
			o, err := value(q.Object)
			if err != nil {
				return err
			}
			fn(s, p, o)
		}
		return it.Err()
	})
	if err != nil {
		return true, fmt.Errorf("reading the graph: %w", err)
	}
	return true, nil
}

// primitivePredicate reads the Predicate field (3) of an encoded
// proto.Primitive without decoding the rest: the fields before it are the
// varints ID (1) and Subject (2). It is 0 for node primitives, which have
// none, and for anything it cannot read (the full decode then decides).
func primitivePredicate(b []byte) uint64 {
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 || tag&7 != 0 {
			return 0
		}
		b = b[n:]
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0
		}
		b = b[n:]
		switch tag >> 3 {
		case 1, 2:
		case 3:
			return v
		default:
			return 0
		}
	}
	return 0
}

// predID is the kv ID of predicate p, 0 when the store does not hold it or
// is not a kv store.
func (r *LinkReader) predID(p quad.Value) uint64 {
	pr, ok := r.preds[p]
	if !ok {
		v, _ := r.qs.ValueOf(p).(kv.Int64Value)
		pr = uint64(v)
		r.preds[p] = pr
	}
	return pr
}

func contains(vs []quad.Value, v quad.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
