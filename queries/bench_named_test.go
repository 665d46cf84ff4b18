package queries

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dealgraph/dealgraph/bench/measure"
	dg "github.com/dealgraph/dealgraph/graph"
)

// BenchmarkNamed runs each named query against the bolt store named by
// DEALGRAPH_BENCH_DB (for example the 1M-quad graph dgbench builds), with
// the arguments of DEALGRAPH_BENCH_ARGS_<QUERY> (a "|"-separated list; the
// query is skipped when unset):
//
//	DEALGRAPH_BENCH_DB=/tmp/dealgraph-bench/graph-1000000-seed1.bolt \
//	DEALGRAPH_BENCH_ARGS_DEALS=玛顿玛诺航空公司 go test ./queries -run '^$' -bench Named
func BenchmarkNamed(b *testing.B) {
	path := os.Getenv("DEALGRAPH_BENCH_DB")
	if path == "" {
		b.Skip("set DEALGRAPH_BENCH_DB to a bolt store")
	}
	s, err := dg.Open(context.Background(), dg.Options{Path: path, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r := NewRunner()
	if os.Getenv("DEALGRAPH_BENCH_NAIVE") != "" {
		r = naiveRunner(b)
	}
	for _, n := range r.List() {
		env := "DEALGRAPH_BENCH_ARGS_" + strings.ToUpper(strings.ReplaceAll(n.Name, "-", "_"))
		v, ok := os.LookupEnv(env)
		if !ok {
			continue
		}
		var args []string
		if v != "" {
			args = strings.Split(v, "|")
		}
		b.Run(n.Name, func(b *testing.B) {
			cpu := measure.CPUTime()
			for i := 0; i < b.N; i++ {
				if _, err := r.RunNamed(context.Background(), s.QuadStore(), n.Name, args, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time (user+sys) per run: wall time is noisy on a shared
			// machine.
			b.ReportMetric(float64(measure.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
