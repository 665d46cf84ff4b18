package queries

import (
	"context"
	"encoding/binary"
	"errors"
	"reflect"
	"unsafe"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"

	dg "github.com/dealgraph/dealgraph/graph"
)

// Reading Cayley's kv indexes directly.
//
// Cayley v0.7.7's kv store keeps, per index, one key per combination of the
// index's directions whose value is the varint list of the IDs of the quads
// having them (ascending; deleted quads stay listed and are marked Deleted
// in the log). With the default indexes, subject+predicate (SP) and
// object+predicate+subject (OPS):
//
//   - the distinct objects of (S, P, *): read the SP list; fetch its first
//     live quad, note its object O and skip every quad of the OPS list
//     (O, P, S); repeat. Each distinct object costs one quad fetch and one
//     list read, however many documents restate it (a country's name is
//     stated once per document that mentions the country: thousands of
//     quads, which Cayley's own iterator fetches one by one, in batches of
//     a hundred);
//   - the distinct subjects of (*, P, O): a prefix scan of OPS on O+P yields
//     one key per subject; a subject counts when one quad of its list is
//     live (the newest is tried first).
//
// The results, and their order, are those of Cayley's iterators (each quad
// in index order, first occurrence kept); only the reads differ. The store
// does not expose its kv database, so kvOf reads the unexported field, as
// script.go does for the Gizmo session, checking its type: if Cayley's
// layout ever changes, or the indexes are not the default ones, the helpers
// fall back to Cayley's iterators.

// kvIndex reads one kv quad store's SP and OPS indexes.
type kvIndex struct {
	db      hkv.KV
	sp, ops kv.QuadIndex
	// memo holds the objects of (subject, predicate) pairs read in this run.
	memo map[[2]uint64][]uint64
	// keys holds the index keys of subjects scanned by outLinksKept.
	keys map[uint64][]spEntry
}

// spEntry is one SP index key of a subject: a predicate and its quad list.
type spEntry struct {
	p   uint64
	raw []byte
}

// newKVIndex returns nil when qs is not a Cayley kv store with the default
// indexes.
func newKVIndex(qs cgraph.QuadStore) *kvIndex {
	kqs, ok := cgraph.Unwrap(qs).(*kv.QuadStore)
	if !ok {
		return nil
	}
	db := kvOf(kqs)
	if db == nil {
		return nil
	}
	sp, ok1 := indexFor(kqs, quad.Subject)
	ops, ok2 := indexFor(kqs, quad.Object)
	if !ok1 || !ok2 || len(sp.Dirs) != 2 || len(ops.Dirs) != 3 || ops.Dirs[2] != quad.Subject || sp.Unique || ops.Unique {
		return nil
	}
	return &kvIndex{db: db, sp: sp, ops: ops, memo: map[[2]uint64][]uint64{}, keys: map[uint64][]spEntry{}}
}

// kvOf returns the kv database under a kv quad store, or nil.
func kvOf(kqs *kv.QuadStore) hkv.KV {
	f := reflect.ValueOf(kqs).Elem().FieldByName("db")
	if !f.IsValid() || f.Type() != reflect.TypeOf((*hkv.KV)(nil)).Elem() || !f.CanAddr() {
		return nil
	}
	return *(*hkv.KV)(unsafe.Pointer(f.UnsafeAddr()))
}

// indexFor finds the store's index whose directions start with d and the
// predicate, asking the store's own planner which index it would scan for
// a filter on d, the predicate and (when needed) the third direction.
func indexFor(kqs *kv.QuadStore, d quad.Direction) (kv.QuadIndex, bool) {
	third := quad.Object
	if d == quad.Object {
		third = quad.Subject
	}
	probe := kv.Int64Value(1)
	for _, filter := range []map[quad.Direction]cgraph.Ref{
		{d: probe, quad.Predicate: probe},
		{d: probe, quad.Predicate: probe, third: probe},
	} {
		sh, ok := kqs.OptimizeShape(shape.QuadsAction{Result: third, Filter: filter})
		if !ok {
			continue
		}
		nf, ok := sh.(shape.NodesFrom)
		if !ok {
			continue
		}
		scan, ok := nf.Quads.(kv.IndexScan)
		if ok && len(scan.Index.Dirs) >= 2 && scan.Index.Dirs[0] == d && scan.Index.Dirs[1] == quad.Predicate {
			return scan.Index, true
		}
	}
	return kv.QuadIndex{}, false
}

// kvTx is one read transaction, begun on first use, with a cache of the
// quads it fetched.
type kvTx struct {
	ctx   context.Context
	db    hkv.KV
	rtx   hkv.Tx
	prims map[uint64]*proto.Primitive
	reads *int
}

var (
	metaHorizon = hkv.Key{[]byte("meta"), []byte("horizon")}
	metaSize    = hkv.Key{[]byte("meta"), []byte("size")}
)

// storeState returns the store's state as Cayley's two counters tell it
// (the horizon moves on every add, the size on every delete), and whether
// the store has them: the key under which answers may be kept.
func (t *kvTx) storeState() (state string, known bool, err error) {
	tx, err := t.tx()
	if err != nil {
		return "", false, err
	}
	h, err1 := tx.Get(t.ctx, metaHorizon)
	s, err2 := tx.Get(t.ctx, metaSize)
	if err := errors.Join(err1, err2); err != nil && !errors.Is(err, hkv.ErrNotFound) {
		return "", false, err
	}
	if h == nil || s == nil {
		return "", false, nil
	}
	return string(h) + "\x00" + string(s), true, nil
}

func (x *kvIndex) view(ctx context.Context, reads *int, fn func(*kvTx) error) error {
	t := &kvTx{ctx: ctx, db: x.db, prims: map[uint64]*proto.Primitive{}, reads: reads}
	defer func() {
		if t.rtx != nil {
			t.rtx.Close()
		}
	}()
	return fn(t)
}

// tx begins the transaction if needed.
func (t *kvTx) tx() (hkv.Tx, error) {
	if t.rtx == nil {
		tx, err := t.db.Tx(false)
		if err != nil {
			return nil, err
		}
		t.rtx = tx
	}
	return t.rtx, nil
}

// list reads an index key's quad IDs (nil when absent).
func (t *kvTx) list(key hkv.Key) ([]uint64, error) {
	tx, err := t.tx()
	if err != nil {
		return nil, err
	}
	b, err := tx.Get(t.ctx, key)
	if errors.Is(err, hkv.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return dg.KVDecodeIDs(b)
}

// live fetches a quad and tells whether it is live (listed, not deleted).
func (t *kvTx) live(id uint64) (*proto.Primitive, error) {
	p, ok := t.prims[id]
	if !ok {
		if *t.reads++; *t.reads&1023 == 0 {
			if err := t.ctx.Err(); err != nil {
				return nil, err
			}
			if *t.reads > maxNativeReads {
				return nil, errNativeBudget
			}
		}
		tx, err := t.tx()
		if err != nil {
			return nil, err
		}
		if p, err = dg.KVPrimitive(t.ctx, tx, id); err != nil {
			return nil, err
		}
		t.prims[id] = p
	}
	if p == nil || p.Deleted {
		return nil, nil
	}
	return p, nil
}

// value reads the value of node id (nil when the log has no node there),
// as the store's NameOf does, in this transaction: NameOf begins one per
// call, which cost more than the read itself.
func (t *kvTx) value(id uint64) (quad.Value, error) {
	tx, err := t.tx()
	if err != nil {
		return nil, err
	}
	p, err := dg.KVPrimitive(t.ctx, tx, id)
	if err != nil || p == nil || !p.IsNode() {
		return nil, err
	}
	return pquads.UnmarshalValue(p.Value)
}

// objects calls fn with the distinct objects of the live quads (s, p, *),
// in the order of their first live quad. Results are remembered for the
// run (x.memo): names and types of hub nodes are asked for again and again.
func (t *kvTx) objects(x *kvIndex, s, p uint64, fn func(o uint64)) error {
	key := [2]uint64{s, p}
	if os, ok := x.memo[key]; ok {
		for _, o := range os {
			fn(o)
		}
		return nil
	}
	raw, err := t.raw(x.sp.Key([]uint64{s, p}))
	if err != nil {
		return err
	}
	return t.objectsOf(x, s, p, raw, fn)
}

// firstObject is the first of objects(x, s, p): the object of the first
// live quad of the SP list, without reading the OPS lists that tell the
// other objects apart. ok is false when there is none.
func (t *kvTx) firstObject(x *kvIndex, s, p uint64) (o uint64, ok bool, err error) {
	if os, done := x.memo[[2]uint64{s, p}]; done {
		if len(os) == 0 {
			return 0, false, nil
		}
		return os[0], true, nil
	}
	raw, err := t.raw(x.sp.Key([]uint64{s, p}))
	if err != nil {
		return 0, false, err
	}
	for off := 0; off < len(raw); {
		id, k := binary.Uvarint(raw[off:])
		if k <= 0 {
			return 0, false, dg.ErrCorruptIndex
		}
		off += k
		q, err := t.live(id)
		if err != nil {
			return 0, false, err
		}
		if q != nil {
			return q.Object, true, nil
		}
	}
	return 0, false, nil
}

// objectsOf is objects given the SP list raw of (s, p).
func (t *kvTx) objectsOf(x *kvIndex, s, p uint64, raw []byte, fn func(o uint64)) error {
	key := [2]uint64{s, p}
	if os, ok := x.memo[key]; ok {
		for _, o := range os {
			fn(o)
		}
		return nil
	}
	total := dg.KVCountIDs(raw)
	covered := 0
	var done map[uint64]bool
	var found []uint64
	for off := 0; off < len(raw) && covered < total; {
		id, k := binary.Uvarint(raw[off:])
		if k <= 0 {
			return dg.ErrCorruptIndex
		}
		off += k
		if done[id] {
			continue
		}
		q, err := t.live(id)
		if err != nil {
			return err
		}
		if q == nil {
			continue
		}
		found = append(found, q.Object)
		if total == 1 {
			break
		}
		same, err := t.raw(x.ops.Key([]uint64{q.Object, p, s}))
		if err != nil {
			return err
		}
		// The quads of (s, p, that object) are all in the SP list: when
		// they are all of it, there is no other object.
		if covered += dg.KVCountIDs(same); covered >= total {
			break
		}
		ids, err := dg.KVDecodeIDs(same)
		if err != nil {
			return err
		}
		if done == nil {
			done = map[uint64]bool{}
		}
		for _, m := range ids {
			done[m] = true
		}
	}
	x.memo[key] = found
	for _, o := range found {
		fn(o)
	}
	return nil
}

// raw reads an index key's value (nil when absent), valid during the
// transaction.
func (t *kvTx) raw(key hkv.Key) ([]byte, error) {
	tx, err := t.tx()
	if err != nil {
		return nil, err
	}
	b, err := tx.Get(t.ctx, key)
	if errors.Is(err, hkv.ErrNotFound) {
		return nil, nil
	}
	return b, err
}

// anyLive tells whether one quad of ids is live, trying the newest first.
func (t *kvTx) anyLive(ids []uint64) (bool, error) {
	for i := len(ids) - 1; i >= 0; i-- {
		q, err := t.live(ids[i])
		if err != nil {
			return false, err
		}
		if q != nil {
			return true, nil
		}
	}
	return false, nil
}

// subjects calls fn with the distinct subjects of the live quads (*, p, o)
// in index order (p == 0: any predicate, fn then also gets it, and the
// predicates of skip are left out without reading their quads).
func (t *kvTx) subjects(x *kvIndex, o, p uint64, skip map[uint64]bool, fn func(p, s uint64)) error {
	prefix := []uint64{o}
	if p != 0 {
		prefix = append(prefix, p)
	}
	type entry struct {
		p, s uint64
		ids  []uint64
	}
	var ents []entry
	tx, err := t.tx()
	if err != nil {
		return err
	}
	it := tx.Scan(x.ops.Key(prefix))
	for it.Next(t.ctx) {
		k := it.Key()
		last := k[len(k)-1]
		if len(last) < 24 {
			continue
		}
		pred := binary.BigEndian.Uint64(last[len(last)-16:])
		if skip[pred] {
			continue
		}
		ids, err := dg.KVDecodeIDs(it.Val())
		if err != nil {
			it.Close()
			return err
		}
		ents = append(ents, entry{pred, binary.BigEndian.Uint64(last[len(last)-8:]), ids})
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return err
	}
	for _, e := range ents {
		ok, err := t.anyLive(e.ids)
		if err != nil {
			return err
		}
		if ok {
			fn(e.p, e.s)
		}
	}
	return nil
}

// outLinks calls fn with the distinct (predicate, object) pairs of the live
// quads of s, in index order, leaving out the predicates of skip without
// reading their quads.
func (t *kvTx) outLinks(x *kvIndex, s uint64, skip map[uint64]bool, fn func(p, o uint64)) error {
	return t.outLinksOf(x, s, skip, nil, fn)
}

// outLinksOf is outLinks for the predicates of only (nil: all of them):
// one scan of the node's index keys, where a read per predicate would
// seek the index for each.
func (t *kvTx) outLinksOf(x *kvIndex, s uint64, skip, only map[uint64]bool, fn func(p, o uint64)) error {
	ents, err := t.spEntries(x, s, func(p uint64) bool { return !skip[p] && (only == nil || only[p]) })
	if err != nil {
		return err
	}
	return t.objectsOfEntries(x, s, ents, nil, fn)
}

// outLinksKept is outLinksOf(x, s, nil, only, fn) with the node's index
// keys remembered for the run: valuesOf reads the same nodes' predicates
// in several calls.
func (t *kvTx) outLinksKept(x *kvIndex, s uint64, only map[uint64]bool, fn func(p, o uint64)) error {
	ents, ok := x.keys[s]
	if !ok {
		var err error
		if ents, err = t.spEntries(x, s, nil); err != nil {
			return err
		}
		x.keys[s] = ents
	}
	return t.objectsOfEntries(x, s, ents, only, fn)
}

// spEntries reads the subject index keys of node s, in predicate order,
// keeping those whose predicate keep accepts (nil: all), with a copy of
// each ID list.
func (t *kvTx) spEntries(x *kvIndex, s uint64, keep func(p uint64) bool) ([]spEntry, error) {
	tx, err := t.tx()
	if err != nil {
		return nil, err
	}
	var ents []spEntry
	it := tx.Scan(x.sp.Key([]uint64{s}))
	for it.Next(t.ctx) {
		k := it.Key()
		last := k[len(k)-1]
		if len(last) < 16 {
			continue
		}
		pred := binary.BigEndian.Uint64(last[len(last)-8:])
		if keep != nil && !keep(pred) {
			continue
		}
		ents = append(ents, spEntry{pred, append([]byte(nil), it.Val()...)})
	}
	err = it.Err()
	it.Close()
	return ents, err
}

// objectsOfEntries calls fn with the live objects of each entry whose
// predicate is in only (nil: all).
func (t *kvTx) objectsOfEntries(x *kvIndex, s uint64, ents []spEntry, only map[uint64]bool, fn func(p, o uint64)) error {
	for _, e := range ents {
		if only != nil && !only[e.p] {
			continue
		}
		if err := t.objectsOf(x, s, e.p, e.raw, func(o uint64) { fn(e.p, o) }); err != nil {
			return err
		}
	}
	return nil
}

// outQuads calls fn with the predicate, object and label (0: none) of
// every live quad of subject s, in index order.
func (t *kvTx) outQuads(x *kvIndex, s uint64, fn func(p, o, l uint64)) error {
	ents, err := t.spEntries(x, s, nil)
	if err != nil {
		return err
	}
	for _, e := range ents {
		ids, err := dg.KVDecodeIDs(e.raw)
		if err != nil {
			return err
		}
		for _, id := range ids {
			q, err := t.live(id)
			if err != nil {
				return err
			}
			if q != nil && q.Subject == s {
				fn(q.Predicate, q.Object, q.Label)
			}
		}
	}
	return nil
}
