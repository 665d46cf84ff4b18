package queries

import (
	"context"
	"os"
	"testing"

	"github.com/dealgraph/dealgraph/bench"
	dg "github.com/dealgraph/dealgraph/graph"
)

func BenchmarkScratchSrc(b *testing.B) {
	path := os.Getenv("DEALGRAPH_BENCH_DB")
	src := os.Getenv("SCRATCH_SRC")
	if path == "" || src == "" {
		b.Skip()
	}
	s, err := dg.Open(context.Background(), dg.Options{Path: path, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := NewRunner()
	res, err := r.Run(context.Background(), s.QuadStore(), src, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d rows", len(res.Rows))
	b.ResetTimer()
	cpu := bench.CPUTime()
	for i := 0; i < b.N; i++ {
		if _, err := r.Run(context.Background(), s.QuadStore(), src, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bench.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}
