package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// ApplyQuads removes dels and then adds adds, in one transaction, under the
// same lock as Load: it is for writers other than Load (the HTTP API's
// /api/v2/write and /api/v2/delete). Quads already present are not added
// twice and missing ones are not an error. The removals and the additions
// are two ApplyDeltas calls sharing the transaction (see batchKV for why a
// mixed call is unsafe). It returns how many quads it was asked to add and
// remove.
func (s *Store) ApplyQuads(ctx context.Context, adds, dels []quad.Quad) (added, removed int, err error) {
	if len(adds)+len(dels) == 0 {
		return 0, 0, nil
	}
	deltas := func(qs []quad.Quad, a graph.Procedure) []graph.Delta {
		out := make([]graph.Delta, 0, len(qs))
		for _, q := range qs {
			out = append(out, graph.Delta{Quad: q, Action: a})
		}
		return out
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	ignore := graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	err = s.atomic(ctx, func() error {
		if len(dels) > 0 {
			if err := s.qs.ApplyDeltas(deltas(dels, graph.Delete), ignore); err != nil {
				return err
			}
		}
		if len(adds) > 0 {
			if err := s.qs.ApplyDeltas(deltas(adds, graph.Add), ignore); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("writing to graph store %s: %w", s.opts.Path, err)
	}
	return len(adds), len(dels), nil
}
