// Copyright 2016 The Cayley Authors. All rights reserved.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Package bboltkv adapts go.etcd.io/bbolt to hidalgo's hierarchical kv
// interface, which Cayley's kv quad store runs on.
//
// It is hidalgo's kv/bolt adapter (Apache License 2.0, copyright The Cayley
// Authors, header above) with the unmaintained github.com/boltdb/bolt
// replaced by its maintained fork bbolt: boltdb/bolt v1.3.1 breaks Go's
// unsafe.Pointer rules and aborts under the race detector's checkptr.
// Registration and open-by-path helpers were dropped; graph opens the file
// itself.
package bboltkv

import (
	"bytes"
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/hidal-go/hidalgo/kv"
)

const root = "/"

var _ kv.KV = (*DB)(nil)

// New wraps an open bbolt database.
func New(d *bolt.DB) *DB {
	return &DB{db: d}
}

// DB is a bbolt database seen as a hierarchical kv store.
type DB struct {
	db   *bolt.DB
	fill float64
	// fills overrides fill for some top-level buckets, by name.
	fills map[string]float64
}

// SetFillPercent sets the fill percent of the buckets written to (see
// bolt.Bucket.FillPercent; 0 keeps bolt's default, 0.5). Keys that are
// mostly appended in ascending order, as Cayley's log and index keys are,
// pack denser with a higher value.
func (db *DB) SetFillPercent(f float64) { db.fill = f }

// SetBucketFillPercent sets the fill percent of the top-level bucket name
// and the buckets under it, overriding SetFillPercent: 1.0 suits a bucket
// whose keys only ever grow, since no insert lands in a page once it is
// written.
func (db *DB) SetBucketFillPercent(name string, f float64) {
	if db.fills == nil {
		db.fills = map[string]float64{}
	}
	db.fills[name] = f
}

func (db *DB) DB() *bolt.DB {
	return db.db
}

func (db *DB) Close() error {
	return db.db.Close()
}

func (db *DB) Tx(rw bool) (kv.Tx, error) {
	tx, err := db.db.Begin(rw)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, fill: db.fill, fills: db.fills}, nil
}

type Tx struct {
	tx    *bolt.Tx
	fill  float64
	fills map[string]float64
	// tops caches the top-level buckets of a read-only transaction (a
	// lookup in the root costs about a third of a Get); a writable one may
	// create and delete buckets, and looks them up each time.
	tops map[string]*bolt.Bucket
}

// Bucket returns the top-level bucket name (nil if it does not exist,
// unless create), set to fill its pages as Put does, for writers that go
// to bolt directly.
func (tx *Tx) Bucket(name []byte, create bool) (*bolt.Bucket, error) {
	var b *bolt.Bucket
	if create {
		var err error
		if b, err = tx.tx.CreateBucketIfNotExists(name); err != nil {
			return nil, err
		}
	} else if b = tx.tx.Bucket(name); b == nil {
		return nil, nil
	}
	fill := tx.fill
	if f, ok := tx.fills[string(name)]; ok {
		fill = f
	}
	if fill > 0 {
		b.FillPercent = fill
	}
	return b, nil
}

// topBucket is tx.tx.Bucket(name), cached for read-only transactions
// (their buckets cannot appear, vanish or move).
func (tx *Tx) topBucket(name []byte) *bolt.Bucket {
	if tx.tx.Writable() {
		return tx.tx.Bucket(name)
	}
	if b, ok := tx.tops[string(name)]; ok {
		return b
	}
	b := tx.tx.Bucket(name)
	if tx.tops == nil {
		tx.tops = map[string]*bolt.Bucket{}
	}
	tx.tops[string(name)] = b
	return b
}

func (tx *Tx) root() *bolt.Bucket {
	// a hack to get the root bucket
	c := tx.tx.Cursor()
	return c.Bucket()
}

func (tx *Tx) bucket(key kv.Key) (*bolt.Bucket, kv.Key) {
	if len(key) <= 1 {
		return tx.root(), key
	}
	b := tx.topBucket(key[0])
	key = key[1:]
	for b != nil && len(key) > 1 {
		b = b.Bucket(key[0])
		key = key[1:]
	}
	return b, key
}

func (tx *Tx) Get(ctx context.Context, key kv.Key) (kv.Value, error) {
	b, k := tx.bucket(key)
	if b == nil || len(k) != 1 {
		return nil, kv.ErrNotFound
	}
	v := b.Get(k[0])
	if v == nil {
		return nil, kv.ErrNotFound
	}
	return v, nil
}

func (tx *Tx) GetBatch(ctx context.Context, keys []kv.Key) ([]kv.Value, error) {
	vals := make([]kv.Value, len(keys))
	for i, k := range keys {
		if b, k := tx.bucket(k); b != nil && len(k) == 1 {
			vals[i] = b.Get(k[0])
		}
	}
	return vals, nil
}

func (tx *Tx) Commit(ctx context.Context) error {
	return tx.tx.Commit()
}

func (tx *Tx) Close() error {
	return tx.tx.Rollback()
}

func (tx *Tx) Put(k kv.Key, v kv.Value) error {
	var (
		b   *bolt.Bucket
		err error
	)
	fill := tx.fill
	if f, ok := tx.fills[string(k[0])]; ok && len(k) > 1 {
		fill = f
	}
	if len(k) <= 1 {
		b = tx.root()
	} else {
		b, err = tx.tx.CreateBucketIfNotExists(k[0])
		k = k[1:]
	}
	for err == nil && b != nil && len(k) > 1 {
		b, err = b.CreateBucketIfNotExists(k[0])
		k = k[1:]
	}
	if err != nil {
		return err
	} else if len(k[0]) == 0 && len(v) == 0 {
		return nil // bucket creation, no need to put value
	}
	if fill > 0 {
		b.FillPercent = fill
	}
	return b.Put(k[0], v)
}

func (tx *Tx) Del(k kv.Key) error {
	b, k := tx.bucket(k)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Delete(k[0])
}

func (tx *Tx) Scan(pref kv.Key) kv.Iterator {
	kpref := pref
	b, p := tx.bucket(pref)
	if b == nil || len(p) > 1 {
		// if the prefix key is still longer than 1, it means that
		// a bucket mentioned in the prefix does not exists and
		// we can safely return an empty iterator
		return &Iterator{}
	}
	// the key for bucket we iterate
	kpref = kpref[:len(kpref)-len(p)]
	return &Iterator{
		b:    []*bolt.Bucket{b},
		pref: p,
		root: kpref.Clone(), // we will append to it
	}
}

type Iterator struct {
	root kv.Key // used to reconstruct a full key
	pref kv.Key // prefix to check all keys against
	b    []*bolt.Bucket
	c    []*bolt.Cursor
	k, v []byte
}

func (it *Iterator) Next(ctx context.Context) bool {
	for len(it.b) > 0 {
		i := len(it.b) - 1
		cb := it.b[i]
		if len(it.c) < len(it.b) {
			c := cb.Cursor()
			it.c = append(it.c, c)
			if i >= len(it.pref) {
				it.k, it.v = c.First()
			} else {
				it.k, it.v = c.Seek(it.pref[i])
			}
		} else {
			c := it.c[i]
			it.k, it.v = c.Next()
		}
		if it.k != nil {
			// found a key, check prefix
			if i >= len(it.pref) || bytes.HasPrefix(it.k, it.pref[i]) {
				// prefix matches, or is not specified
				if it.v == nil {
					// it's a bucket
					cb := it.b[len(it.b)-1]
					if b := cb.Bucket(it.k); b != nil {
						it.b = append(it.b, b)
						it.root = append(it.root, it.k)
						continue
					}
					// or maybe it's a key after all
				}
				// return this value
				return true
			}
		}
		// iterator is ended, or we reached the end of the prefix
		// return to top-level bucket
		it.c = it.c[:len(it.c)-1]
		it.b = it.b[:len(it.b)-1]
		if len(it.root) > 0 { // since we hide top-level bucket it can be smaller
			it.root = it.root[:len(it.root)-1]
		}
	}
	return false
}

func (it *Iterator) Key() kv.Key {
	if len(it.b) == 0 {
		return nil
	}
	k := it.root.Clone()
	k = append(k, append([]byte{}, it.k...))
	return k
}

func (it *Iterator) Val() kv.Value {
	return it.v
}

func (it *Iterator) Err() error {
	return nil
}

func (it *Iterator) Close() error {
	*it = Iterator{}
	return nil
}
