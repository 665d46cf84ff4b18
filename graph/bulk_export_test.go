package graph

import (
	"context"

	"github.com/cayleygraph/quad"
)

// BulkAddForBench adds qs with bulkAdd in one transaction of s, for the
// benchmarks of package graph_test (BenchmarkApplyDeltasCeiling).
func BulkAddForBench(ctx context.Context, s *Store, qs []quad.Quad) error {
	return s.atomic(ctx, func() error {
		_, err := bulkAdd(ctx, s.kv.shared(), qs)
		return err
	})
}
