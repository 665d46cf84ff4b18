package graph

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

// dumpKV lists every key and value of a kv store, one line each in key
// order, with the timestamps of log entries zeroed: Cayley takes them from
// the clock, so they are the one thing two loads of the same data never
// share.
func dumpKV(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	tx, err := s.kv.KV.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	it := tx.Scan(nil)
	defer it.Close()
	var out []string
	for it.Next(ctx) {
		k, v := it.Key(), it.Val()
		if len(k) == 2 && bytes.Equal(k[0], kvLogBucket) {
			var p proto.Primitive
			if err := p.Unmarshal(v); err != nil {
				t.Fatalf("log entry %x: %v", k[1], err)
			}
			p.Timestamp = 0
			if v, err = p.Marshal(); err != nil {
				t.Fatal(err)
			}
		}
		parts := make([]string, len(k))
		for i, p := range k {
			parts[i] = fmt.Sprintf("%x", p)
		}
		out = append(out, strings.Join(parts, "/")+" = "+fmt.Sprintf("%x", v))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameKV fails the test unless a and b hold the same keys and values.
func sameKV(t *testing.T, what string, a, b *Store) {
	t.Helper()
	da, db := dumpKV(t, a), dumpKV(t, b)
	if len(da) == 0 {
		t.Fatalf("%s: empty dump", what)
	}
	for i := 0; i < len(da) || i < len(db); i++ {
		var x, y string
		if i < len(da) {
			x = da[i]
		}
		if i < len(db) {
			y = db[i]
		}
		if x != y {
			t.Fatalf("%s: stores differ at entry %d of %d/%d:\n  ApplyDeltas: %s\n  bulkAdd:     %s", what, i, len(da), len(db), x, y)
		}
	}
}

// exportOf is the store's N-Quads export.
func exportOf(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	if err := s.Export(context.Background(), &b, "nquads"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// applyBoth applies the same deltas with Cayley's ApplyDeltas to both
// stores (each in one transaction, removals before additions).
func applyBoth(t *testing.T, ss []*Store, dels, adds []quad.Quad) {
	t.Helper()
	for _, s := range ss {
		if _, _, err := s.ApplyQuads(context.Background(), adds, dels); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBulkAddMatchesApplyDeltas loads the same batches into two stores of
// each kv backend, one adding quads with Cayley's ApplyDeltas and one with
// bulkAdd (LoadBatch's writer), and requires the stores to be the same key
// for key and value for value (log timestamps aside): new documents sharing
// hub nodes, merges, changed documents (removals, nodes dropped and created
// again), unchanged ones, and then Cayley's own writes on top of what
// bulkAdd wrote (adds, duplicates, deletes, re-adds). Byte-equal buckets
// are what Cayley reads, so queries, exports and stats cannot differ; the
// test checks export and Stats anyway.
func TestBulkAddMatchesApplyDeltas(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			ref, bulk := openTest(t, backend), openTest(t, backend)
			ref.noBulk = true
			both := []*Store{ref, bulk}
			load := func(what string, fs []extract.Facts, wantAdded int) {
				t.Helper()
				var added [2]int
				for i, s := range both {
					st, err := s.LoadBatch(ctx, fs)
					if err != nil {
						t.Fatalf("%s: %v", what, err)
					}
					for _, x := range st {
						added[i] += x.Added
					}
				}
				if added[0] != added[1] {
					t.Fatalf("%s: ApplyDeltas added %d quads, bulkAdd %d", what, added[0], added[1])
				}
				if wantAdded >= 0 && added[0] != wantAdded {
					t.Fatalf("%s: added %d quads, want %d", what, added[0], wantAdded)
				}
				sameKV(t, what, ref, bulk)
			}
			batch := func(from, to int, f func(int) extract.Facts) []extract.Facts {
				var fs []extract.Facts
				for i := from; i < to; i++ {
					fs = append(fs, f(i))
				}
				return fs
			}
			grow := func(i int) extract.Facts { return growingFacts(i, true) }
			sample := func(v int) func(int) extract.Facts {
				return func(i int) extract.Facts { return sampleFacts(docIRI(i), v) }
			}

			load("first batch into an empty store", batch(0, 20, grow), -1)
			load("second batch, hubs already stored", batch(20, 50, grow), -1)
			load("one document", batch(50, 51, grow), -1)
			load("sample documents", batch(100, 110, sample(0)), -1)
			load("the same documents again", batch(100, 110, sample(0)), 0)
			load("changed documents (removals, a dropped node)", batch(100, 105, sample(1)), -1)
			load("changed back (the node comes again under a new ID)", batch(100, 105, sample(0)), -1)

			// Cayley's writes on top of bulkAdd's, and bulkAdd after them.
			doc := quad.IRI(docIRI(100))
			q1 := quad.Quad{Subject: quad.IRI("https://x.test/a"), Predicate: Name, Object: quad.String("甲"), Label: doc}
			q2 := quad.Quad{Subject: quad.IRI("https://x.test/a"), Predicate: Name, Object: quad.String("乙")}
			applyBoth(t, both, nil, []quad.Quad{q1, q2, q1})
			sameKV(t, "ApplyDeltas adds", ref, bulk)
			old, err := bulk.DocumentQuads(ctx, docIRI(101))
			if err != nil || len(old) == 0 {
				t.Fatalf("document quads: %d, %v", len(old), err)
			}
			applyBoth(t, both, append(old[:3:3], q2), nil)
			sameKV(t, "ApplyDeltas deletes", ref, bulk)
			applyBoth(t, both, nil, append(old[:3:3], q2))
			sameKV(t, "ApplyDeltas re-adds", ref, bulk)
			load("documents after Cayley's writes", append(batch(101, 103, sample(2)), batch(51, 60, grow)...), -1)

			if a, b := exportOf(t, ref), exportOf(t, bulk); a != b {
				t.Errorf("N-Quads exports differ:\n%s\n----\n%s", a, b)
			}
			sa, err := ref.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := bulk.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sa != sb || sa.Quads == 0 {
				t.Errorf("stats: ApplyDeltas %+v, bulkAdd %+v", sa, sb)
			}
		})
	}
}

// TestBulkAddDuplicates checks bulkAdd's handling of quads the store holds
// and of duplicates within one call against ApplyDeltas with IgnoreDup.
func TestBulkAddDuplicates(t *testing.T) {
	ctx := context.Background()
	ref, bulk := openTest(t, "bolt"), openTest(t, "bolt")
	a := quad.Quad{Subject: quad.IRI("https://x.test/a"), Predicate: Name, Object: quad.String("甲"), Label: quad.IRI("https://x.test/doc")}
	b := quad.Quad{Subject: quad.IRI("https://x.test/a"), Predicate: Name, Object: quad.String("乙")}
	c := quad.Quad{Subject: quad.IRI("https://x.test/b"), Predicate: Name, Object: quad.String("甲"), Label: quad.IRI("https://x.test/doc")}
	for _, batch := range [][]quad.Quad{{a, b, a}, {a, b}, {c, a, c, b}} {
		err := ref.atomic(ctx, func() error {
			var ds []cgraph.Delta
			for _, q := range batch {
				ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
			}
			return ref.qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true})
		})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		err = bulk.atomic(ctx, func() (err error) {
			n, err = bulkAdd(ctx, bulk.kv.shared(), batch)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sameKV(t, fmt.Sprint("batch of ", len(batch)), ref, bulk)
		_ = n
	}
	st, err := bulk.Stats(ctx)
	if err != nil || st.Quads != 3 {
		t.Fatalf("stats %+v, %v: want 3 quads", st, err)
	}
}
