package graph

import (
	"bytes"
	"context"
	"testing"

	"github.com/dealgraph/dealgraph/extract"
)

// TestLoadBatchSameAsOneByOne loads rounds of documents once as batches
// (one ApplyDeltas pair for the whole batch) and once document by
// document, and requires the same N-Quads export after each round. The
// rounds replace documents that share nodes (a shared node loses one
// document's quads while another document adds quads about it), drop
// a document's own node (its event), and merge entities across documents
// of one batch.
func TestLoadBatchSameAsOneByOne(t *testing.T) {
	ctx := context.Background()
	rounds := [][]extract.Facts{
		{sampleFacts(docIRI(0), 0), sampleFacts(docIRI(1), 0), sampleFacts(docIRI(2), 0), sampleFacts(docIRI(3), 0)},
		{sampleFacts(docIRI(1), 2), sampleFacts(docIRI(0), 1), sampleFacts(docIRI(4), 0), sampleFacts(docIRI(2), 0)},
		{sampleFacts(docIRI(0), 0), sampleFacts(docIRI(3), 5), sampleFacts(docIRI(1), 2)},
	}
	var merging []extract.Facts
	for i := 10; i < 20; i++ {
		merging = append(merging, growingFacts(i, true))
	}
	rounds = append(rounds, merging)
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			batched, single := openTest(t, backend), openTest(t, backend)
			for r, fs := range rounds {
				bst, err := batched.LoadBatch(ctx, fs)
				if err != nil {
					t.Fatalf("round %d: LoadBatch: %v", r, err)
				}
				for i, f := range fs {
					st, err := single.Load(ctx, f)
					if err != nil {
						t.Fatalf("round %d: Load %s: %v", r, f.Doc.IRI, err)
					}
					if st.Added != bst[i].Added || st.Removed != bst[i].Removed || len(st.Merges) != len(bst[i].Merges) {
						t.Errorf("round %d, %s: batch stats %+v, one by one %+v", r, f.Doc.IRI, bst[i], st)
					}
				}
				if r == len(rounds)-1 {
					merges := 0
					for _, st := range bst {
						merges += len(st.Merges)
					}
					if merges == 0 {
						t.Errorf("round %d merged nothing: the test no longer covers merges in a batch", r)
					}
				}
				var a, b bytes.Buffer
				if err := batched.Export(ctx, &a, "nquads"); err != nil {
					t.Fatal(err)
				}
				if err := single.Export(ctx, &b, "nquads"); err != nil {
					t.Fatal(err)
				}
				if a.Len() == 0 || a.String() != b.String() {
					t.Fatalf("round %d: batched store differs from one-by-one store:\nbatched:\n%s\none by one:\n%s", r, a.String(), b.String())
				}
			}
			for _, s := range []*Store{batched, single} {
				rep, err := s.Check(ctx)
				if err != nil || len(rep.Problems) > 0 {
					t.Errorf("check: %v %v", rep, err)
				}
			}
		})
	}
}
