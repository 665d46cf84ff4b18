package graph

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/extract"
)

func quadCount(t testing.TB, s *Store) int64 {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Quads
}

func TestLoadIdempotentIncremental(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"bolt", "leveldb", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			s := openTest(t, backend)
			a, b := sampleFacts(docIRI(1), 0), sampleFacts(docIRI(2), 0)
			stA, err := s.Load(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if stA.Added != len(Quads(a)) || stA.Removed != 0 || stA.Entities != 7 || stA.Deals != 1 {
				t.Fatalf("first load stats %+v, want %d added", stA, len(Quads(a)))
			}
			if _, err := s.Load(ctx, b); err != nil {
				t.Fatal(err)
			}
			n := quadCount(t, s)
			if want := int64(len(Quads(a)) + len(Quads(b))); n != want {
				t.Fatalf("quads = %d, want %d", n, want)
			}

			// Loading the same document again changes nothing.
			st, err := s.Load(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			if st.Added != 0 || st.Removed != 0 || quadCount(t, s) != n {
				t.Fatalf("reload: %+v, quads %d → %d", st, n, quadCount(t, s))
			}

			// A changed version of A replaces A's quads only.
			bBefore, _ := s.DocumentQuads(ctx, docIRI(2))
			a2 := sampleFacts(docIRI(1), 1)
			st, err = s.Load(ctx, a2)
			if err != nil {
				t.Fatal(err)
			}
			if st.Added == 0 || st.Removed == 0 {
				t.Fatalf("changed doc: %+v", st)
			}
			gotA, _ := s.DocumentQuads(ctx, docIRI(1))
			if !sameQuads(gotA, Quads(a2)) {
				t.Fatalf("doc A has %d quads, want exactly the %d of the new version", len(gotA), len(Quads(a2)))
			}
			bAfter, _ := s.DocumentQuads(ctx, docIRI(2))
			if !sameQuads(bBefore, bAfter) {
				t.Fatal("doc B changed when doc A was reloaded")
			}
			if want := int64(len(Quads(a2)) + len(Quads(b))); quadCount(t, s) != want {
				t.Fatalf("quads = %d, want %d", quadCount(t, s), want)
			}

			// The shared entity is one node named once per document.
			org := EntityIRI("org/中粮集团")
			qs, err := s.quadsBy(ctx, quad.Subject, org)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, q := range qs {
				if q.Predicate == Name {
					names[termString(q.Object)] = true
				}
			}
			if len(names) != 1 {
				t.Errorf("shared entity has names %v", names)
			}
			docs, err := s.Documents(ctx)
			if err != nil || len(docs) != 2 || docs[0] != docIRI(1) {
				t.Errorf("Documents = %v, %v", docs, err)
			}
		})
	}
}

func sameQuads(a, b []quad.Quad) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, q := range a {
		m[quadKey(q)]++
	}
	for _, q := range b {
		m[quadKey(q)]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

func TestLoadKeepsLabelIndex(t *testing.T) {
	// The label index must survive close and reopen (it lives in the file).
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s, err := Open(ctx, Options{Path: path, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, sampleFacts(docIRI(1), 0)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, Options{Path: path, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	it := s.qs.QuadIterator(quad.Label, s.qs.ValueOf(quad.IRI(docIRI(1))))
	defer it.Close()
	if strings.Contains(it.String(), "All") {
		t.Errorf("label lookups scan the whole store: %s", it.String())
	}
	got, _ := s.DocumentQuads(ctx, docIRI(1))
	if len(got) != len(Quads(sampleFacts(docIRI(1), 0))) {
		t.Errorf("read-only reopen sees %d quads", len(got))
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	corrupt := filepath.Join(dir, "corrupt.db")
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	if err := os.WriteFile(corrupt, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.db")
	os.WriteFile(small, []byte("not a database"), 0o644)

	locked := filepath.Join(dir, "locked.db")
	first, err := Open(ctx, Options{Path: locked})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	notCayley := filepath.Join(dir, "plain")
	os.WriteFile(notCayley, nil, 0o644)

	tests := []struct {
		name string
		o    Options
		want []string
	}{
		{"corrupt bolt file", Options{Path: corrupt}, []string{corrupt, "corrupt", "move it away"}},
		{"tiny junk file", Options{Path: small}, []string{small, "move it away"}},
		{"locked bolt file", Options{Path: locked}, []string{locked, "locked by another process"}},
		{"missing read-only", Options{Path: filepath.Join(dir, "none.db"), ReadOnly: true}, []string{"none.db", "load documents first"}},
		{"directory for bolt", Options{Path: dir}, []string{dir, "directory"}},
		{"file for leveldb", Options{Backend: "leveldb", Path: corrupt}, []string{corrupt, "needs a directory"}},
		{"unknown backend", Options{Backend: "mongo"}, []string{"mongo", "bolt", "leveldb", "memstore"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			s, err := Open(ctx, tc.o)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	// The lock error wraps bolt's.
	_, err = Open(ctx, Options{Path: locked, LockTimeout: 100 * time.Millisecond})
	if errors.Unwrap(err) == nil {
		t.Error("lock error does not wrap the cause")
	}
}

func TestLoadBatch(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"bolt", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			s := openTest(t, backend)
			var fs []extract.Facts
			want := 0
			for i := 0; i < 5; i++ {
				fs = append(fs, sampleFacts(docIRI(i), 0))
				want += len(Quads(fs[i]))
			}
			st, err := s.LoadBatch(ctx, fs)
			if err != nil || len(st) != 5 || st[4].Added != len(Quads(fs[4])) {
				t.Fatalf("LoadBatch = %+v, %v", st, err)
			}
			// A batch that replaces some documents and repeats others.
			fs[0] = sampleFacts(docIRI(0), 3)
			want += len(Quads(fs[0])) - len(Quads(sampleFacts(docIRI(0), 0)))
			if _, err := s.LoadBatch(ctx, fs); err != nil {
				t.Fatal(err)
			}
			if n := quadCount(t, s); n != int64(want) {
				t.Errorf("quads = %d, want %d", n, want)
			}
			got, _ := s.DocumentQuads(ctx, docIRI(0))
			if !sameQuads(got, Quads(fs[0])) {
				t.Error("replaced document differs from its new quads")
			}
			if _, err := s.LoadBatch(ctx, []extract.Facts{fs[1], fs[1]}); err == nil {
				t.Error("want an error for a document twice in a batch")
			}
		})
	}
}
