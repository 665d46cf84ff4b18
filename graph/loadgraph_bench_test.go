package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/dealgraph/dealgraph/bench"
	"github.com/dealgraph/dealgraph/bench/measure"
	"github.com/dealgraph/dealgraph/graph"
)

// BenchmarkLoadGraph loads the synthetic benchmark graph (bench.Graph, the
// one dgbench and the query benchmarks use) into a fresh store in batches
// and reports quads/s and bytes per quad on disk. The size is 100k quads,
// or $DEALGRAPH_LOAD_QUADS; $DEALGRAPH_LOAD_BATCH (documents) replaces
// the batch sizes of the table.
//
//	go test ./graph -run '^$' -bench LoadGraph -benchtime 1x
func BenchmarkLoadGraph(b *testing.B) {
	quads := 100_000
	if v, err := strconv.Atoi(os.Getenv("DEALGRAPH_LOAD_QUADS")); err == nil && v > 0 {
		quads = v
	}
	gr := bench.NewGraph(quads, 1)
	for _, tc := range []struct {
		backend string
		batch   int
		nosync  bool
	}{
		{"bolt", 256, true},
		{"bolt", 256, false},
		{"bolt", 32, false},
		{"leveldb", 256, true},
		{"leveldb", 256, false},
		{"leveldb", 32, false},
	} {
		if v, err := strconv.Atoi(os.Getenv("DEALGRAPH_LOAD_BATCH")); err == nil && v > 0 {
			tc.batch = v
		}
		b.Run(fmt.Sprintf("%s/batch=%d/nosync=%v", tc.backend, tc.batch, tc.nosync), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				if keep := os.Getenv("DEALGRAPH_BENCH_KEEP"); keep != "" {
					dir = filepath.Join(keep, tc.backend)
					os.RemoveAll(dir)
				}
				path := filepath.Join(dir, "db")
				s, err := graph.Open(ctx, graph.Options{Backend: tc.backend, Path: path, NoSync: tc.nosync})
				if err != nil {
					b.Fatal(err)
				}
				start, cpu0 := time.Now(), measure.CPUTime()
				_, added, err := gr.Build(ctx, s, quads, tc.batch, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				el, cpu := time.Since(start), measure.CPUTime()-cpu0
				b.ReportMetric(float64(added)/el.Seconds(), "quads/s")
				b.ReportMetric(float64(added)/cpu.Seconds(), "quads/cpu-s")
				b.ReportMetric(float64(measure.DirSize(path))/float64(added), "B/quad")
			}
		})
	}
}

// BenchmarkApplyDeltasCeiling measures what Cayley's kv ApplyDeltas alone
// sustains on the benchmark graph's quads: no resolution, no diff, the
// quads built beforehand, 256 documents a transaction, no fsync; and the
// same for bulkAdd, LoadBatch's writer (sub-benchmarks "-bulkAdd"). Load
// cannot be faster than the writer it uses.
//
//	go test ./graph -run '^$' -bench ApplyDeltasCeiling -benchtime 1x
func BenchmarkApplyDeltasCeiling(b *testing.B) {
	quads := 100_000
	if v, err := strconv.Atoi(os.Getenv("DEALGRAPH_LOAD_QUADS")); err == nil && v > 0 {
		quads = v
	}
	gr := bench.NewGraph(quads, 1)
	var batches [][]cgraph.Delta
	var quadBatches [][]quad.Quad
	for n, d := 0, 0; n < quads; {
		var ds []cgraph.Delta
		var qs []quad.Quad
		for j := 0; j < 256 && n < quads; j, d = j+1, d+1 {
			for _, q := range graph.Quads(gr.Facts(d)) {
				ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
				qs = append(qs, q)
				n++
			}
		}
		batches = append(batches, ds)
		quadBatches = append(quadBatches, qs)
	}
	for _, name := range []string{"bolt", "leveldb", "bolt-bulkAdd", "leveldb-bulkAdd"} {
		backend, bulk := strings.CutSuffix(name, "-bulkAdd")
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				path := filepath.Join(b.TempDir(), "db")
				s, err := graph.Open(ctx, graph.Options{Backend: backend, Path: path, NoSync: true})
				if err != nil {
					b.Fatal(err)
				}
				start, cpu0 := time.Now(), measure.CPUTime()
				n := 0
				for i, ds := range batches {
					var err error
					if bulk {
						err = graph.BulkAddForBench(ctx, s, quadBatches[i])
					} else {
						err = s.QuadStore().ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true})
					}
					if err != nil {
						b.Fatal(err)
					}
					n += len(ds)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				el, cpu := time.Since(start), measure.CPUTime()-cpu0
				b.ReportMetric(float64(n)/el.Seconds(), "quads/s")
				b.ReportMetric(float64(n)/cpu.Seconds(), "quads/cpu-s")
				b.ReportMetric(float64(measure.DirSize(path))/float64(n), "B/quad")
			}
		})
	}
}
