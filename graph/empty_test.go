package graph

import (
	"context"
	"path/filepath"
	"testing"
)

// A store initialized by a load that was killed before its first commit
// reads as empty, and passes check.
func TestEmptyStoreReadsAsEmpty(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "e.db")
	s, err := Open(ctx, Options{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := Open(ctx, Options{Path: p, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	st, err := r.Stats(ctx)
	t.Logf("%+v %v", st, err)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Check(ctx); err != nil {
		t.Fatal(err)
	}
}
