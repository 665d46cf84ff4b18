package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"
	bolt "go.etcd.io/bbolt"

	"github.com/dealgraph/dealgraph/graph/internal/bboltkv"
)

// bulkAdd adds quads to a Cayley v0.7.7 kv store inside tx, writing the
// same keys and values as one call of Cayley's ApplyDeltas with only Add
// deltas and IgnoreDup (indexing.go: applyAddDeltas, flushMapBucket), bar
// the timestamps in the log, which Cayley also takes from the clock:
//
//   - every distinct value of the batch is a node, looked up by its hash in
//     the "v<h0><h1>" buckets; the new ones take the next IDs from
//     meta/horizon in the order of their hashes, and get a log entry (the
//     value as a proto.Primitive) and their hash→ID entry;
//   - every node's reference count in "n<h0><h1>" grows by the times the
//     batch names it (duplicate quads included, as in Cayley);
//   - each quad that is neither in the store nor earlier in the batch takes
//     the next ID after the new nodes, in batch order, gets a log entry, and
//     its ID is appended to the list of every index (meta/indexes) under its
//     key; meta/size grows by the quads added.
//
// It differs from ApplyDeltas in how, not what: values are hashed once,
// lists are gathered per index in fixed-size keys instead of a map of
// strings, each bucket is read and written in key order, and on bolt the
// buckets are used directly (kvRW) rather than through hidalgo's key
// paths. Profiled on the 1M-quad benchmark graph (cumulative, so the
// parts overlap), ApplyDeltas spent 25% of its CPU flushing the index
// lists (bolt reads and writes included), 20% in bolt's commit, 15% in
// bolt's Put, 15% in the GC, 7% in the map of maps of strings that
// gathers the lists, and 7% hashing and grouping the deltas. Cayley keeps no state between
// ApplyDeltas calls that this bypasses: its value cache only maps IRIs to
// IDs that stay valid (bulkAdd deletes nothing), and its bloom filters are
// off (openKV). bulk_test.go compares every bucket with what ApplyDeltas
// writes for the same batches.
func bulkAdd(ctx context.Context, htx hkv.Tx, qs []quad.Quad) (added int, err error) {
	if len(qs) == 0 {
		return 0, nil
	}
	tx := newKVRW(ctx, htx)
	inds, err := kvIndexes(tx)
	if err != nil {
		return 0, err
	}

	// Nodes, by hash, with how often the batch names them.
	type node struct {
		hash graph.ValueHash
		val  quad.Value
		ref  int
		id   uint64
		new  bool
	}
	byHash := make(map[graph.ValueHash]int32, len(qs))
	var nodes []node
	iriHash := make(map[quad.IRI]graph.ValueHash)
	refs := make([][4]int32, len(qs)) // node index + 1 per direction; 0 for none
	for i, q := range qs {
		for j, d := range quad.Directions {
			v := q.Get(d)
			if v == nil {
				continue
			}
			var h graph.ValueHash
			if iri, ok := v.(quad.IRI); ok {
				hh, ok := iriHash[iri]
				if !ok {
					hh = graph.HashOf(v)
					iriHash[iri] = hh
				}
				h = hh
			} else {
				h = graph.HashOf(v)
			}
			n, ok := byHash[h]
			if !ok {
				n = int32(len(nodes))
				byHash[h] = n
				nodes = append(nodes, node{hash: h, val: v})
			}
			nodes[n].ref++
			refs[i][j] = n + 1
		}
	}
	order := make([]int32, len(nodes))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return bytes.Compare(nodes[a].hash[:], nodes[b].hash[:]) })

	// Resolve the nodes the store has; the others are new, numbered in
	// hash order.
	var newNodes []int32
	for _, n := range order {
		b, k := valKey('v', nodes[n].hash)
		v, err := tx.get(b, k)
		if err != nil {
			return 0, err
		}
		if len(v) == 0 {
			nodes[n].new = true
			newNodes = append(newNodes, n)
			continue
		}
		id, _ := binary.Uvarint(v)
		nodes[n].id = id
	}
	now := time.Now().UnixNano()
	if len(newNodes) > 0 {
		start, err := incMeta(tx, "horizon", int64(len(newNodes)))
		if err != nil {
			return 0, err
		}
		for i, n := range newNodes {
			nd := &nodes[n]
			nd.id = uint64(start) + 1 + uint64(i)
			b, err := pquads.MarshalValue(nd.val)
			if err != nil {
				return 0, err
			}
			if err := putLog(tx, &proto.Primitive{ID: nd.id, Value: b, Timestamp: now}); err != nil {
				return 0, err
			}
			b, k := valKey('v', nd.hash)
			if err := tx.put(b, k, binary.AppendUvarint(nil, nd.id)); err != nil {
				return 0, err
			}
		}
	}

	// Reference counts.
	for _, n := range order {
		b, k := valKey('n', nodes[n].hash)
		sz := uint64(nodes[n].ref)
		if !nodes[n].new {
			v, err := tx.get(b, k)
			if err != nil {
				return 0, err
			}
			c, _ := binary.Uvarint(v)
			sz += c
		}
		if err := tx.put(b, k, binary.AppendUvarint(nil, sz)); err != nil {
			return 0, err
		}
	}

	// Quads: skip those in the store or earlier in the batch.
	links := make([]proto.Primitive, 0, len(qs))
	seen := make(map[[4]uint64]struct{}, len(qs))
	for i := range qs {
		var p proto.Primitive
		var k [4]uint64
		mustBeNew := false
		for j, d := range quad.Directions {
			if n := refs[i][j]; n != 0 {
				nd := &nodes[n-1]
				p.SetDirection(d, nd.id)
				k[j] = nd.id
				mustBeNew = mustBeNew || nd.new
			}
		}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		if !mustBeNew {
			ok, err := kvHasQuad(tx, inds, &p)
			if err != nil {
				return 0, err
			}
			if ok {
				continue
			}
		}
		links = append(links, p)
	}
	if len(links) == 0 {
		return 0, nil
	}
	start, err := incMeta(tx, "horizon", int64(len(links)))
	if err != nil {
		return 0, err
	}
	for i := range links {
		links[i].ID = uint64(start) + 1 + uint64(i)
		links[i].Timestamp = now
		if err := putLog(tx, &links[i]); err != nil {
			return 0, err
		}
	}

	// Index lists: each key's IDs, appended to what the store holds.
	for _, ind := range inds {
		if err := appendIndexLists(tx, ind, links); err != nil {
			return 0, err
		}
	}
	if _, err := incMeta(tx, "size", int64(len(links))); err != nil {
		return 0, err
	}
	return len(links), nil
}

// appendIndexLists appends the IDs of links to their keys' lists in index
// ind, key by key in key order.
func appendIndexLists(tx kvRW, ind kv.QuadIndex, links []proto.Primitive) error {
	if len(ind.Dirs) > 4 || len(ind.Dirs) == 0 {
		return fmt.Errorf("graph store index %v has %d directions: %w", ind.Dirs, len(ind.Dirs), ErrCorruptIndex)
	}
	type entry struct {
		key [4]uint64
		id  uint64
	}
	es := make([]entry, len(links))
	for i := range links {
		for j, d := range ind.Dirs {
			es[i].key[j] = links[i].GetDirection(d)
		}
		es[i].id = links[i].ID
	}
	// IDs in ascending order within a key, as Cayley appends them.
	slices.SortFunc(es, func(a, b entry) int {
		for j := range ind.Dirs {
			if c := cmp.Compare(a.key[j], b.key[j]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.id, b.id)
	})
	bucket := ind.Key(nil)[0]
	n := 8 * len(ind.Dirs)
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].key == es[i].key {
			j++
		}
		k := ind.Key(es[i].key[:len(ind.Dirs)])[1]
		if len(k) != n {
			return fmt.Errorf("graph store index %v: key of %d bytes: %w", ind.Dirs, len(k), ErrCorruptIndex)
		}
		old, err := tx.get(bucket, k)
		if err != nil {
			return err
		}
		buf := make([]byte, len(old), len(old)+binary.MaxVarintLen64*(j-i))
		copy(buf, old)
		for _, e := range es[i:j] {
			buf = binary.AppendUvarint(buf, e.id)
		}
		if err := tx.put(bucket, k, buf); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// kvHasQuad tells whether the store holds a live quad with p's nodes, as
// Cayley's hasPrimitive does without unique indexes: the intersection of
// p's lists in every index, newest first, checked against the log.
func kvHasQuad(tx kvRW, inds []kv.QuadIndex, p *proto.Primitive) (bool, error) {
	var cand []uint64
	for i, in := range inds {
		k := in.KeyFor(p)
		v, err := tx.get(k[0], k[1])
		if err != nil {
			return false, err
		}
		ids, err := KVDecodeIDs(v)
		if err != nil {
			return false, err
		}
		if i == 0 {
			cand = ids
		} else {
			cand = intersectSorted(cand, ids)
		}
		if len(cand) == 0 {
			return false, nil
		}
	}
	for i := len(cand) - 1; i >= 0; i-- {
		v, err := tx.get(kvLogBucket, logKey(cand[i]))
		if err != nil {
			return false, err
		}
		if v == nil {
			return false, fmt.Errorf("quad %d is indexed but not in the log: %w", cand[i], ErrCorruptIndex)
		}
		var q proto.Primitive
		if err := q.Unmarshal(v); err != nil {
			return false, err
		}
		if !q.Deleted && q.IsSameLink(p) {
			return true, nil
		}
	}
	return false, nil
}

// intersectSorted returns the IDs in both ascending lists.
func intersectSorted(a, b []uint64) []uint64 {
	var c []uint64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			c = append(c, a[i])
			i, j = i+1, j+1
		}
	}
	return c
}

var kvMetaBucket = []byte("meta")

// kvIndexes reads the store's list of quad indexes (meta/indexes).
func kvIndexes(tx kvRW) ([]kv.QuadIndex, error) {
	b, err := tx.get(kvMetaBucket, []byte("indexes"))
	if err != nil {
		return nil, fmt.Errorf("reading the graph store's index list: %w", err)
	}
	var inds []kv.QuadIndex
	if err := json.Unmarshal(b, &inds); err != nil || len(inds) == 0 {
		return nil, fmt.Errorf("graph store's index list %q: %w", b, ErrCorruptIndex)
	}
	return inds, nil
}

// incMeta adds n to the little-endian counter meta/key and returns its
// value before.
func incMeta(tx kvRW, key string, n int64) (int64, error) {
	var v int64
	b, err := tx.get(kvMetaBucket, []byte(key))
	switch {
	case err != nil:
		return 0, err
	case b == nil:
	case len(b) != 8:
		return 0, fmt.Errorf("graph store meta/%s has %d bytes, not 8: %w", key, len(b), ErrCorruptIndex)
	default:
		v = int64(binary.LittleEndian.Uint64(b))
	}
	buf := make([]byte, 8)
	binary.LittleEndian.PutUint64(buf, uint64(v+n))
	return v, tx.put(kvMetaBucket, []byte(key), buf)
}

// valKey is a node's bucket and key in the hash→ID ('v') or reference
// count ('n') buckets.
func valKey(kind byte, h graph.ValueHash) (bucket, key []byte) {
	hb := make([]byte, len(h))
	copy(hb, h[:])
	return []byte{kind, h[0], h[1]}, hb
}

func logKey(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return k
}

// putLog writes p to the log under its ID.
func putLog(tx kvRW, p *proto.Primitive) error {
	b, err := p.Marshal()
	if err != nil {
		return err
	}
	return tx.put(kvLogBucket, logKey(p.ID), b)
}

// kvRW reads and writes keys of Cayley's two-level layout (a bucket, a key
// in it) in a write transaction.
type kvRW interface {
	// get returns the value, nil when there is none.
	get(bucket, key []byte) ([]byte, error)
	put(bucket, key, val []byte) error
}

// newKVRW goes to bolt directly when tx is a bolt transaction, sparing
// hidalgo's per-key bucket lookups and key slices.
func newKVRW(ctx context.Context, tx hkv.Tx) kvRW {
	if b, ok := tx.(*bboltkv.Tx); ok {
		return &boltRW{tx: b, buckets: map[string]*bolt.Bucket{}}
	}
	return hkvRW{ctx, tx}
}

type hkvRW struct {
	ctx context.Context
	tx  hkv.Tx
}

func (h hkvRW) get(bucket, key []byte) ([]byte, error) {
	v, err := h.tx.Get(h.ctx, hkv.Key{bucket, key})
	if errors.Is(err, hkv.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

func (h hkvRW) put(bucket, key, val []byte) error {
	return h.tx.Put(hkv.Key{bucket, key}, val)
}

type boltRW struct {
	tx      *bboltkv.Tx
	buckets map[string]*bolt.Bucket // opened or created in this transaction
}

func (r *boltRW) bucket(name []byte, create bool) (*bolt.Bucket, error) {
	if b := r.buckets[string(name)]; b != nil {
		return b, nil
	}
	b, err := r.tx.Bucket(name, create)
	if b != nil {
		r.buckets[string(name)] = b
	}
	return b, err
}

func (r *boltRW) get(bucket, key []byte) ([]byte, error) {
	b, err := r.bucket(bucket, false)
	if b == nil || err != nil {
		return nil, err
	}
	return b.Get(key), nil
}

func (r *boltRW) put(bucket, key, val []byte) error {
	b, err := r.bucket(bucket, true)
	if err != nil {
		return err
	}
	return b.Put(key, val)
}
