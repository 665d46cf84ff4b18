package graph

import (
	"context"
	"os"
	"path/filepath"
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
