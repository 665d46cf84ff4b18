package graph

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/cayleygraph/cayley/graph/proto"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// Cayley v0.7.7's kv layout, as read directly by the load-time resolver
// (lookup.go) and by the query helpers (queries/kvindex.go): an index key
// holds the IDs of its quads as concatenated uvarints, oldest first, and the
// "log" bucket holds each quad as a proto.Primitive under its big-endian ID.

// ErrCorruptIndex reports an index value that is not a list of uvarints.
var ErrCorruptIndex = errors.New("corrupt quad index in the store (run dealgraph check)")

// KVDecodeIDs decodes an index value into its quad IDs.
func KVDecodeIDs(list []byte) ([]uint64, error) {
	var out []uint64
	for len(list) > 0 {
		v, n := binary.Uvarint(list)
		if n <= 0 {
			return nil, ErrCorruptIndex
		}
		out = append(out, v)
		list = list[n:]
	}
	return out, nil
}

// KVCountIDs counts the quad IDs of an index value without decoding them.
func KVCountIDs(list []byte) int {
	n := 0
	for _, c := range list {
		if c < 0x80 {
			n++
		}
	}
	return n
}

// kvLogBucket is the bucket of the quad log.
var kvLogBucket = []byte("log")

// KVLogKey is the key of quad id in the log; with a nil id, the prefix of
// the whole log (for a scan in ID order).
func KVLogKey(id []byte) hkv.Key {
	if id == nil {
		id = []byte{}
	}
	return hkv.Key{kvLogBucket, id}
}

// KVPrimitive reads quad id from the log in tx (nil when it is not there).
func KVPrimitive(ctx context.Context, tx hkv.Tx, id uint64) (*proto.Primitive, error) {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	b, err := tx.Get(ctx, hkv.Key{kvLogBucket, k})
	if errors.Is(err, hkv.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	p := new(proto.Primitive)
	if err := p.Unmarshal(b); err != nil {
		return nil, err
	}
	return p, nil
}
