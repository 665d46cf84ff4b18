package bench

import (
	"bytes"
	"context"
	"testing"

	"github.com/dealgraph/dealgraph/bench/corpus"
	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(corpus.NewGen(7).Article(3000), corpus.NewGen(7).Article(3000)) {
		t.Error("Article differs for the same seed")
	}
	g := NewGraph(10_000, 7)
	if len(graph.Quads(g.Facts(3))) == 0 || g.Facts(3).Deals[0].Evidence != NewGraph(10_000, 7).Facts(3).Deals[0].Evidence {
		t.Error("graph facts are empty or differ for the same seed")
	}
}

// BenchmarkExtract reports MB/s of extraction on synthetic 2 KB articles
// (go test ./bench -run '^$' -bench Extract).
func BenchmarkExtract(b *testing.B) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	g := corpus.NewGen(1)
	docs := make([][]byte, 32)
	for i := range docs {
		docs[i] = g.Article(2000)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := docs[i%len(docs)]
		b.SetBytes(int64(len(d)))
		if _, err := x.Extract(context.Background(), extract.Document{IRI: DocIRI(i), Raw: d}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew reports the in-process cost of extract.New.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := extract.New(extract.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBatch reports quads/s of LoadBatch (256 docs, NoSync) into bolt.
func BenchmarkLoadBatch(b *testing.B) {
	gr := NewGraph(20_000, 1)
	for i := 0; i < b.N; i++ {
		s, err := graph.Open(context.Background(), graph.Options{Path: b.TempDir() + "/b.db", NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		_, added, err := gr.Build(context.Background(), s, 20_000, 256, nil)
		s.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(added), "quads/op")
	}
}
