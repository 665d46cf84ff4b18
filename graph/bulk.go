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
// strings, and each bucket is read and written in key order, which keeps
// bolt's cursor on the pages it just touched. Cayley keeps no state between
// ApplyDeltas calls that this bypasses: its value cache only maps IRIs to
// IDs that stay valid (bulkAdd deletes nothing), and its bloom filters are
// off (openKV). bulk_test.go compares every bucket with what ApplyDeltas
// writes for the same batches.
func bulkAdd(ctx context.Context, tx hkv.Tx, qs []quad.Quad) (added int, err error) {
	if len(qs) == 0 {
		return 0, nil
	}
	inds, err := kvIndexes(ctx, tx)
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
	keys := make([]hkv.Key, len(order))
	for i, n := range order {
		keys[i] = valKey('v', nodes[n].hash)
	}
	vals, err := tx.GetBatch(ctx, keys)
	if err != nil {
		return 0, err
	}
	var newNodes []int32
	for i, n := range order {
		if len(vals[i]) == 0 {
			nodes[n].new = true
			newNodes = append(newNodes, n)
			continue
		}
		id, _ := binary.Uvarint(vals[i])
		nodes[n].id = id
	}
	now := time.Now().UnixNano()
	if len(newNodes) > 0 {
		start, err := incMeta(ctx, tx, "horizon", int64(len(newNodes)))
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
			if err := tx.Put(valKey('v', nd.hash), binary.AppendUvarint(nil, nd.id)); err != nil {
				return 0, err
			}
		}
	}

	// Reference counts.
	for i, n := range order {
		keys[i] = valKey('n', nodes[n].hash)
	}
	var old []hkv.Value
	if len(newNodes) < len(order) {
		if old, err = tx.GetBatch(ctx, keys); err != nil {
			return 0, err
		}
	}
	for i, n := range order {
		sz := uint64(nodes[n].ref)
		if !nodes[n].new && len(old[i]) > 0 {
			c, _ := binary.Uvarint(old[i])
			sz += c
		}
		if err := tx.Put(keys[i], binary.AppendUvarint(nil, sz)); err != nil {
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
			ok, err := kvHasQuad(ctx, tx, inds, &p)
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
	start, err := incMeta(ctx, tx, "horizon", int64(len(links)))
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
		if err := appendIndexLists(ctx, tx, ind, links); err != nil {
			return 0, err
		}
	}
	if _, err := incMeta(ctx, tx, "size", int64(len(links))); err != nil {
		return 0, err
	}
	return len(links), nil
}

// appendIndexLists appends the IDs of links to their keys' lists in index
// ind, key by key in key order.
func appendIndexLists(ctx context.Context, tx hkv.Tx, ind kv.QuadIndex, links []proto.Primitive) error {
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
	var keys []hkv.Key
	var firsts []int
	for i := range es {
		if i == 0 || es[i].key != es[i-1].key {
			keys = append(keys, ind.Key(es[i].key[:len(ind.Dirs)]))
			firsts = append(firsts, i)
		}
	}
	vals, err := tx.GetBatch(ctx, keys)
	if err != nil {
		return err
	}
	firsts = append(firsts, len(es))
	for i, k := range keys {
		group := es[firsts[i]:firsts[i+1]]
		buf := make([]byte, len(vals[i]), len(vals[i])+binary.MaxVarintLen64*len(group))
		copy(buf, vals[i])
		for _, e := range group {
			buf = binary.AppendUvarint(buf, e.id)
		}
		if err := tx.Put(k, buf); err != nil {
			return err
		}
	}
	return nil
}

// kvHasQuad tells whether the store holds a live quad with p's nodes, as
// Cayley's hasPrimitive does without unique indexes: the intersection of
// p's lists in every index, newest first, checked against the log.
func kvHasQuad(ctx context.Context, tx hkv.Tx, inds []kv.QuadIndex, p *proto.Primitive) (bool, error) {
	keys := make([]hkv.Key, len(inds))
	for i, in := range inds {
		keys[i] = in.KeyFor(p)
	}
	vals, err := tx.GetBatch(ctx, keys)
	if err != nil {
		return false, err
	}
	var cand []uint64
	for i, v := range vals {
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
		q, err := KVPrimitive(ctx, tx, cand[i])
		if err != nil {
			return false, err
		}
		if q == nil {
			return false, fmt.Errorf("quad %d is indexed but not in the log: %w", cand[i], ErrCorruptIndex)
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
func kvIndexes(ctx context.Context, tx hkv.Tx) ([]kv.QuadIndex, error) {
	b, err := tx.Get(ctx, hkv.Key{kvMetaBucket, []byte("indexes")})
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
func incMeta(ctx context.Context, tx hkv.Tx, key string, n int64) (int64, error) {
	k := hkv.Key{kvMetaBucket, []byte(key)}
	var v int64
	b, err := tx.Get(ctx, k)
	switch {
	case errors.Is(err, hkv.ErrNotFound):
	case err != nil:
		return 0, err
	case len(b) != 8:
		return 0, fmt.Errorf("graph store meta/%s has %d bytes, not 8: %w", key, len(b), ErrCorruptIndex)
	default:
		v = int64(binary.LittleEndian.Uint64(b))
	}
	buf := make([]byte, 8)
	binary.LittleEndian.PutUint64(buf, uint64(v+n))
	return v, tx.Put(k, buf)
}

// valKey is a node's key in the hash→ID ('v') or reference count ('n')
// buckets.
func valKey(kind byte, h graph.ValueHash) hkv.Key {
	hb := make([]byte, len(h))
	copy(hb, h[:])
	return hkv.Key{{kind, h[0], h[1]}, hb}
}

// putLog writes p to the log under its ID.
func putLog(tx hkv.Tx, p *proto.Primitive) error {
	b, err := p.Marshal()
	if err != nil {
		return err
	}
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, p.ID)
	return tx.Put(hkv.Key{kvLogBucket, k}, b)
}
