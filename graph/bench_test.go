package graph

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dealgraph/dealgraph/extract"
)

// BenchmarkLoad1000 loads 1000 hand-built documents into a fresh store per
// iteration and reports quads/s and, for bolt, bytes on disk per quad.
//
//	go test ./graph -run '^$' -bench Load1000 -benchtime 1x
func BenchmarkLoad1000(b *testing.B) {
	for _, tc := range []struct {
		name    string
		backend string
		nosync  bool
	}{{"bolt-fsync", "bolt", false}, {"bolt-nosync", "bolt", true}, {"leveldb", "leveldb", false}, {"memstore", "memstore", false}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				o := Options{Backend: tc.backend, NoSync: tc.nosync, Path: filepath.Join(dir, "bench.db")}
				s, err := Open(ctx, o)
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				added := 0
				for d := 0; d < 1000; d++ {
					st, err := s.Load(ctx, sampleFacts(docIRI(d), 0))
					if err != nil {
						b.Fatal(err)
					}
					added += st.Added
				}
				el := time.Since(start)
				s.Close()
				b.ReportMetric(float64(added)/el.Seconds(), "quads/s")
				b.ReportMetric(el.Seconds(), "s/1000docs")
				if tc.backend == "bolt" {
					fi, _ := os.Stat(o.Path)
					b.ReportMetric(float64(fi.Size())/float64(added), "B/quad")
				}
			}
		})
	}
}

// BenchmarkLoadBatch1000 is BenchmarkLoad1000 for bolt with fsync, loading
// in batches of 50 documents per transaction.
func BenchmarkLoadBatch1000(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "bench.db")
		s, err := Open(ctx, Options{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		added := 0
		for d := 0; d < 1000; d += 50 {
			var fs []extract.Facts
			for j := d; j < d+50; j++ {
				fs = append(fs, sampleFacts(docIRI(j), 0))
			}
			st, err := s.LoadBatch(ctx, fs)
			if err != nil {
				b.Fatal(err)
			}
			for _, x := range st {
				added += x.Added
			}
		}
		el := time.Since(start)
		s.Close()
		fi, _ := os.Stat(path)
		b.ReportMetric(float64(added)/el.Seconds(), "quads/s")
		b.ReportMetric(el.Seconds(), "s/1000docs")
		b.ReportMetric(float64(fi.Size())/float64(added), "B/quad")
	}
}

// growingFacts is a document of BenchmarkLoadGrowing: every document
// mentions the same hub entities (org/中粮集团, country/CN, country/TH,
// product/大米) and a few of its own; with merges, every other document
// names 中粮集团 by its abbreviation 中粮 under another ID, which the
// resolver merges into the hub by strong key.
func growingFacts(i int, merges bool) extract.Facts {
	iri := docIRI(i)
	own := fmt.Sprintf("第%d贸易有限公司", i)
	buyer := extract.Entity{ID: "org/中粮集团", Kind: extract.Organization, Name: "中粮集团", Keys: []string{"中粮集团", "中粮"}, Wikidata: "Q1069520"}
	if merges && i%2 == 1 {
		buyer = extract.Entity{ID: "org/中粮", Kind: extract.Organization, Name: "中粮", Keys: []string{"中粮"}}
	}
	f := extract.Facts{
		Doc: extract.DocInfo{IRI: iri, Name: iri, Title: "进博会签约", Hash: fmt.Sprint("h", i)},
		Entities: []extract.Entity{
			buyer,
			{ID: "country/CN", Kind: extract.Country, Name: "中国", ISO: "CN", Keys: []string{"中国"}},
			{ID: "country/TH", Kind: extract.Country, Name: "泰国", ISO: "TH", Keys: []string{"泰国"}},
			{ID: "product/大米", Kind: extract.Product, Name: "大米", Keys: []string{"大米"}},
			{ID: "org/" + own, Kind: extract.Organization, Name: own, Keys: []string{own, fmt.Sprintf("第%d贸易", i)}, ShortForms: []string{fmt.Sprintf("第%d", i)}},
			{ID: fmt.Sprintf("person/记者%d", i), Kind: extract.Person, Name: fmt.Sprintf("记者%d", i), Role: "reporter"},
		},
		Relations: []extract.Relation{
			{From: buyer.ID, Predicate: extract.HomeCountry, To: "country/CN", Rule: "place-prefix", Confidence: 0.8},
			{From: "org/" + own, Predicate: extract.HomeCountry, To: "country/TH", Rule: "place-prefix", Confidence: 0.8},
		},
		Deals: []extract.Deal{{ID: "deal-1", Kind: extract.Purchase, Buyer: buyer.ID, Partners: []string{"org/" + own},
			Countries: []string{"country/TH"}, Products: []string{"product/大米"}, Evidence: "采购大米。", Rule: "buy-verb", Confidence: 0.75}},
	}
	return f
}

// BenchmarkLoadGrowing loads N documents (default 1000, or
// $DEALGRAPH_GROWING_DOCS) that all mention the same hub entities, one
// Load each, into a bolt store without fsync, and reports the mean load
// time of the first and of the last 100 documents: resolution must not get
// slower as the hubs gain documents.
//
//	go test ./graph -run '^$' -bench LoadGrowing -benchtime 1x
func BenchmarkLoadGrowing(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("DEALGRAPH_GROWING_DOCS")); err == nil && v >= 200 {
		n = v
	}
	for _, merges := range []bool{false, true} {
		b.Run(fmt.Sprintf("merges=%v", merges), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				s, err := Open(ctx, Options{Path: filepath.Join(b.TempDir(), "bench.db"), NoSync: true})
				if err != nil {
					b.Fatal(err)
				}
				var first, last time.Duration
				nmerges := 0
				for d := 0; d < n; d++ {
					start := time.Now()
					st, err := s.Load(ctx, growingFacts(d, merges))
					if err != nil {
						b.Fatal(err)
					}
					el := time.Since(start)
					nmerges += len(st.Merges)
					if d < 100 {
						first += el
					} else if d >= n-100 {
						last += el
					}
				}
				s.Close()
				if merges && nmerges != n/2 {
					b.Fatalf("%d merges, want %d", nmerges, n/2)
				}
				b.ReportMetric(float64(first.Microseconds())/100/1000, "ms/doc-first100")
				b.ReportMetric(float64(last.Microseconds())/100/1000, "ms/doc-last100")
				b.ReportMetric(float64(last)/float64(first), "last/first")
			}
		})
	}
}
