package graph

import (
	"context"
	"fmt"
	"strconv"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
)

// Filtered returns a read-only in-memory copy of the store without the facts
// whose dg:confidence is below min:
//
//   - a dg:Deal below min loses all its quads;
//   - a dg:Statement below min loses its quads, and so does the direct
//     triple it reifies in the same document (the copy stated by another
//     document, with a confidence of at least min, stays).
//
// Nodes, names and facts that carry no confidence are kept. The copy costs
// one scan of the store and memory for all its quads (a memstore), so it
// suits export and one-off queries over stores of up to a few million
// quads; the store itself is not changed. Close the copy when done.
func (s *Store) Filtered(ctx context.Context, min float64) (*Store, error) {
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	var all []quad.Quad
	low := map[string]bool{}   // subjects (deals, statements) below min
	stmts := map[string]bool{} // statement subjects
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		all = append(all, q)
		switch q.Predicate {
		case Confidence:
			c, err := strconv.ParseFloat(Lexical(q.Object), 64)
			if err == nil && c < min {
				low[termString(q.Subject)] = true
			}
		case Type:
			if q.Object == Statement {
				stmts[termString(q.Subject)] = true
			}
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("reading graph store %s: %w", s.opts.Path, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The direct triples of low statements, per document.
	type spo struct{ s, p, o quad.Value }
	parts := map[string]*spo{}
	for _, q := range all {
		k := termString(q.Subject)
		if !low[k] || !stmts[k] {
			continue
		}
		k += " " + termString(q.Label)
		if parts[k] == nil {
			parts[k] = &spo{}
		}
		switch q.Predicate {
		case RDFSubject:
			parts[k].s = q.Object
		case RDFPredicate:
			parts[k].p = q.Object
		case RDFObject:
			parts[k].o = q.Object
		}
	}
	drop := map[string]bool{}
	for k, t := range parts {
		if t.s == nil || t.p == nil || t.o == nil {
			continue
		}
		_, label, _ := cutLast(k)
		drop[termString(t.s)+" "+termString(t.p)+" "+termString(t.o)+" "+label] = true
	}
	kept := all[:0]
	for _, q := range all {
		if low[termString(q.Subject)] {
			continue
		}
		if len(drop) > 0 && drop[termString(q.Subject)+" "+termString(q.Predicate)+" "+termString(q.Object)+" "+termString(q.Label)] {
			continue
		}
		kept = append(kept, q)
	}
	o := s.opts
	o.Backend, o.ReadOnly = "memstore", true
	return &Store{qs: memstore.New(kept...), opts: o}, nil
}

// cutLast splits "subject label" at the last space (labels are IRIs, which
// hold no space in their N-Quads form).
func cutLast(k string) (before, after string, ok bool) {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == ' ' {
			return k[:i], k[i+1:], true
		}
	}
	return k, "", false
}
