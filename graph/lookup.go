package graph

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// This file gives the resolver (resolve.go) index lookups on kv stores
// whose cost does not grow with the number of documents that mention a
// node. Every document restates the type, name and keys of each entity it
// mentions, under its own label, so a hub node like country/CN has a few
// quads per document that mentions it; reading them all (a QuadIterator on
// the node) made each load cost O(documents loaded so far).
//
// Cayley v0.7.7's kv store keeps, per index, one key per combination of the
// index's directions whose value is the varint list of the IDs of the
// quads having them (ascending, since IDs only grow; deleted quads stay
// listed and are marked Deleted in the log). With the default indexes
// (subject+predicate, object+predicate+subject):
//
//   - the distinct objects of (S, P, *): read the SP list, fetch one quad of
//     it, read the OPS list of its object: when that list is as long as the
//     SP list (the usual case: one name, one type per node), there is no
//     other object. Each further object costs one more quad fetch and OPS
//     read;
//   - the subjects of (*, P, O): a prefix scan of OPS on O+P yields one
//     key per distinct subject, whatever the number of documents;
//   - whether (S, P, O) is visible (some live quad with a label outside the
//     batch): fetch the quads of its OPS list, newest first, until one is.
//
// So a lookup costs a few kv reads; only the list lengths (varint bytes
// Cayley itself rewrites on every write) grow with the documents. The
// evidence of a merge (the smallest label stating a key of the node) needs
// every quad stating it: the Store remembers the smallest so far per key
// (evidenceMark), so a merge reads only the quads added since the last one
// (the first merge through a key after Open reads them all).
//
// Stores without those two indexes, and memstore, use the generic path: the
// quads of the node, read once per batch.

var (
	spIndex  = kv.QuadIndex{Dirs: []quad.Direction{quad.Subject, quad.Predicate}}
	opsIndex = kv.QuadIndex{Dirs: []quad.Direction{quad.Object, quad.Predicate, quad.Subject}}
)

// kvLookup reads the kv buckets of a Cayley v0.7.7 kv quad store directly.
// It caches what it reads: the store does not change while a batch is
// being resolved.
type kvLookup struct {
	ctx   context.Context
	s     *Store
	ids   map[string]uint64 // term string → value ID (0: absent)
	vals  map[uint64]quad.Value
	prims map[uint64]*proto.Primitive
	excl  map[uint64]bool // value IDs of the batch's labels
	// objs and subjs cache objects and subjects by (subject or object,
	// predicate): every document of a batch that mentions a hub node
	// (country/CN) asks for its type and name, whose index lists grow
	// with the documents.
	objs  map[[2]uint64][]quad.Value
	subjs map[[2]uint64][]quad.IRI
}

// newKVLookup returns nil when the store is not a kv store with the
// subject+predicate and object+predicate+subject indexes.
func newKVLookup(ctx context.Context, s *Store, exclude []string) (*kvLookup, error) {
	if s.kv == nil || forceGenericLookup {
		return nil, nil
	}
	var inds []kv.QuadIndex
	err := hkv.View(s.kv.KV, func(tx hkv.Tx) error {
		b, err := tx.Get(ctx, hkv.Key{[]byte("meta"), []byte("indexes")})
		if errors.Is(err, hkv.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		return json.Unmarshal(b, &inds)
	})
	if err != nil {
		return nil, err
	}
	has := func(want kv.QuadIndex) bool {
		for _, ind := range inds {
			if len(ind.Dirs) == len(want.Dirs) {
				same := true
				for i, d := range ind.Dirs {
					same = same && d == want.Dirs[i]
				}
				if same {
					return true
				}
			}
		}
		return false
	}
	if !has(spIndex) || !has(opsIndex) {
		return nil, nil
	}
	l := &kvLookup{ctx: ctx, s: s, ids: map[string]uint64{}, vals: map[uint64]quad.Value{},
		prims: map[uint64]*proto.Primitive{}, excl: map[uint64]bool{},
		objs: map[[2]uint64][]quad.Value{}, subjs: map[[2]uint64][]quad.IRI{}}
	for _, d := range exclude {
		if id := l.id(quad.IRI(d)); id != 0 {
			l.excl[id] = true
		}
	}
	return l, nil
}

// forceGenericLookup makes the resolver use the generic path everywhere
// (tests compare both).
var forceGenericLookup = false

func (l *kvLookup) id(v quad.Value) uint64 {
	k := termString(v)
	if id, ok := l.ids[k]; ok {
		return id
	}
	var id uint64
	if r, ok := l.s.qs.ValueOf(v).(kv.Int64Value); ok {
		id = uint64(r)
	}
	l.ids[k] = id
	return id
}

func (l *kvLookup) value(id uint64) quad.Value {
	if v, ok := l.vals[id]; ok {
		return v
	}
	v := l.s.qs.NameOf(kv.Int64Value(id))
	l.vals[id] = v
	return v
}

// list reads the quad ID list of an index key (nil when absent).
func (l *kvLookup) list(ind kv.QuadIndex, vals ...uint64) ([]byte, error) {
	var out []byte
	err := hkv.View(l.s.kv.KV, func(tx hkv.Tx) error {
		b, err := tx.Get(l.ctx, ind.Key(vals))
		if errors.Is(err, hkv.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		out = append([]byte(nil), b...)
		return nil
	})
	return out, err
}

// prim fetches a quad from the log (nil when missing).
func (l *kvLookup) prim(id uint64) (*proto.Primitive, error) {
	if p, ok := l.prims[id]; ok {
		return p, nil
	}
	var p *proto.Primitive
	err := hkv.View(l.s.kv.KV, func(tx hkv.Tx) (err error) {
		p, err = KVPrimitive(l.ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.prims[id] = p
	return p, nil
}

// live tells whether a quad counts for the view: not deleted, labelled,
// and not labelled with one of the batch's documents.
func (l *kvLookup) live(p *proto.Primitive) bool {
	return p != nil && !p.Deleted && p.Label != 0 && !l.excl[p.Label]
}

// visible tells whether one quad of the ID list is live, trying the
// newest first.
func (l *kvLookup) visible(list []byte) (bool, error) {
	for end := len(list); end > 0; {
		start := end - 1
		for start > 0 && list[start-1] >= 0x80 {
			start--
		}
		id, n := binary.Uvarint(list[start:end])
		if n <= 0 {
			return false, errors.New("corrupt quad index")
		}
		p, err := l.prim(id)
		if err != nil {
			return false, err
		}
		if l.live(p) {
			return true, nil
		}
		end = start
	}
	return false, nil
}

// objects returns the distinct objects of the stored live quads (s, p, *).
// Callers must not modify the result.
func (l *kvLookup) objects(s quad.Value, p quad.IRI) ([]quad.Value, error) {
	sid, pid := l.id(s), l.id(p)
	if sid == 0 || pid == 0 {
		return nil, nil
	}
	if out, ok := l.objs[[2]uint64{sid, pid}]; ok {
		return out, nil
	}
	out, err := l.readObjects(sid, pid)
	if err == nil {
		l.objs[[2]uint64{sid, pid}] = out
	}
	return out, err
}

func (l *kvLookup) readObjects(sid, pid uint64) ([]quad.Value, error) {
	all, err := l.list(spIndex, sid, pid)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	total := KVCountIDs(all)
	var out []quad.Value
	// object adds the object of quad id, if visible, and returns how many
	// quads (s, p, that object) there are, with their IDs.
	object := func(id uint64) (int, []byte, error) {
		q, err := l.prim(id)
		if err != nil || q == nil {
			return 0, nil, err
		}
		same, err := l.list(opsIndex, q.Object, pid, sid)
		if err != nil {
			return 0, nil, err
		}
		ok, err := l.visible(same)
		if err != nil {
			return 0, nil, err
		}
		if ok {
			out = append(out, l.value(q.Object))
		}
		return KVCountIDs(same), same, nil
	}
	first, n := binary.Uvarint(all)
	if n <= 0 {
		return nil, errors.New("corrupt quad index")
	}
	c, _, err := object(first)
	if err != nil {
		return nil, err
	}
	if c == total {
		return out, nil // the usual case: one object
	}
	// Several objects: walk the list, skipping the quads of the objects
	// already seen.
	out = out[:0]
	ids, err := KVDecodeIDs(all)
	if err != nil {
		return nil, err
	}
	done := map[uint64]bool{}
	for _, id := range ids {
		if done[id] {
			continue
		}
		done[id] = true
		_, same, err := object(id)
		if err != nil {
			return nil, err
		}
		more, err := KVDecodeIDs(same)
		if err != nil {
			return nil, err
		}
		for _, m := range more {
			done[m] = true
		}
	}
	return out, nil
}

// subjects returns the IRI subjects of the stored live quads (*, p, o).
// Callers must not modify the result.
func (l *kvLookup) subjects(p quad.IRI, o quad.Value) ([]quad.IRI, error) {
	oid, pid := l.id(o), l.id(p)
	if oid == 0 || pid == 0 {
		return nil, nil
	}
	if out, ok := l.subjs[[2]uint64{oid, pid}]; ok {
		return out, nil
	}
	out, err := l.readSubjects(oid, pid)
	if err == nil {
		l.subjs[[2]uint64{oid, pid}] = out
	}
	return out, err
}

func (l *kvLookup) readSubjects(oid, pid uint64) ([]quad.IRI, error) {
	type entry struct {
		sid  uint64
		list []byte
	}
	var ents []entry
	err := hkv.View(l.s.kv.KV, func(tx hkv.Tx) error {
		it := tx.Scan(opsIndex.Key([]uint64{oid, pid}))
		defer it.Close()
		for it.Next(l.ctx) {
			k := it.Key()
			if len(k) == 0 || len(k[len(k)-1]) < 8 {
				continue
			}
			last := k[len(k)-1]
			ents = append(ents, entry{binary.BigEndian.Uint64(last[len(last)-8:]), append([]byte(nil), it.Val()...)})
		}
		return it.Err()
	})
	if err != nil {
		return nil, err
	}
	var out []quad.IRI
	for _, e := range ents {
		ok, err := l.visible(e.list)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if iri, isIRI := l.value(e.sid).(quad.IRI); isIRI {
			out = append(out, iri)
		}
	}
	return out, nil
}

// evidenceMark remembers, for one OPS key, the smallest label of its live
// quads among the first off bytes of its ID list. Lists only grow (Cayley
// appends new quad IDs and marks deleted quads dead in the log), so a later
// lookup reads only the IDs appended since, plus the quad of the mark to
// see that it is still live. Store.evidence keeps the marks while the
// store is open (it is the only writer: the backends lock the files).
type evidenceMark struct {
	off   int
	found bool
	id    uint64
	label string
}

// minLabel returns the smallest label (lexical form) of the stored live
// quads (s, p, o) outside the batch, and whether there is one.
func (l *kvLookup) minLabel(s quad.Value, p quad.IRI, o quad.Value) (string, bool, error) {
	sid, pid, oid := l.id(s), l.id(p), l.id(o)
	if sid == 0 || pid == 0 || oid == 0 {
		return "", false, nil
	}
	same, err := l.list(opsIndex, oid, pid, sid)
	if err != nil {
		return "", false, err
	}
	key := [3]uint64{oid, pid, sid}
	// all: live quads, for the mark; view: live quads outside the batch.
	var all, view evidenceMark
	from := 0
	if m, ok := l.s.evidence[key]; ok && m.off <= len(same) {
		q, err := l.prim(m.id)
		if err != nil {
			return "", false, err
		}
		if !m.found || l.live(q) {
			all, view, from = m, m, m.off
		}
	}
	consider := func(m *evidenceMark, id uint64, label string) {
		if !m.found || label < m.label {
			m.found, m.id, m.label = true, id, label
		}
	}
	ids, err := KVDecodeIDs(same[from:])
	if err != nil {
		return "", false, err
	}
	for _, id := range ids {
		q, err := l.prim(id)
		if err != nil {
			return "", false, err
		}
		if q == nil || q.Deleted || q.Label == 0 {
			continue
		}
		lb := Lexical(l.value(q.Label))
		consider(&all, id, lb)
		if !l.excl[q.Label] {
			consider(&view, id, lb)
		}
	}
	all.off = len(same)
	if l.s.evidence == nil {
		l.s.evidence = map[[3]uint64]evidenceMark{}
	}
	l.s.evidence[key] = all
	return view.label, view.found, nil
}
