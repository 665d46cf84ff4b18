package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dealgraph/dealgraph/bench/corpus"
	"github.com/dealgraph/dealgraph/graph"
)

// loadExport runs the load command's loader into a new bolt store and
// returns the store's N-Quads export and load's summary line about the
// store.
func loadExport(t *testing.T, cfg loadConfig, args []string) (nq, summary string) {
	t.Helper()
	ctx := context.Background()
	cfg.store = storeFlags{backend: "bolt", db: filepath.Join(t.TempDir(), "g.db")}
	var out, errOut bytes.Buffer
	if err := runLoad(ctx, &out, &errOut, cfg, args); err != nil {
		t.Fatalf("load with %d workers, batch %d: %v\n%s", cfg.workers, cfg.batch, err, errOut.String())
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.Contains(l, "store now holds") {
			summary = strings.TrimSpace(l)
		}
	}
	s, err := graph.Open(ctx, graph.Options{Path: cfg.store.db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b bytes.Buffer
	if err := s.Export(ctx, &b, "nquads"); err != nil {
		t.Fatal(err)
	}
	return b.String(), summary
}

// TestLoadWorkersSameStore loads the same corpus with one and with several
// extraction workers, and with batches of several sizes, and requires the
// same quads in the store: workers only extract, and the documents are
// loaded in argument order.
func TestLoadWorkersSameStore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the extractor on a corpus several times")
	}
	dir := t.TempDir()
	if _, err := corpus.WriteCorpus(filepath.Join(dir, "synthetic"), 8<<10, 1200, 7); err != nil {
		t.Fatal(err)
	}
	// The script test documents name the same companies in simplified
	// and traditional script, full and short: the resolver merges them,
	// and which document comes first decides the node's name and where
	// the merges are recorded, so a loader that reordered documents would
	// change the store.
	scripts, err := filepath.Glob("../../graph/testdata/scripts/*.txt")
	if err != nil || len(scripts) < 2 {
		t.Fatalf("no script test documents: %v", err)
	}
	real, err := filepath.Glob("testdata/corpus/*.txt")
	if err != nil || len(real) == 0 {
		t.Fatalf("no test corpus: %v", err)
	}
	args := append(append(scripts, filepath.Join(dir, "synthetic")), real...)
	want, wantSum := loadExport(t, loadConfig{batch: 4, workers: 1}, args)
	if n := strings.Count(want, "\n"); n < 500 {
		t.Fatalf("reference load wrote %d quads; the corpus should give hundreds", n)
	}
	if !strings.Contains(want, "mergedInto") {
		t.Fatal("the reference load recorded no merge: the corpus no longer tests order")
	}
	rev := append([]string(nil), args...)
	slices.Reverse(rev)
	if got, _ := loadExport(t, loadConfig{batch: 4, workers: 1}, rev); got == want {
		t.Fatal("loading the documents in reverse order gives the same store: the corpus no longer tests order")
	}
	for _, cfg := range []loadConfig{
		{batch: 4, workers: 2},
		{batch: 4, workers: 5},
		{batch: 256, workers: 3},
		{batch: 1, workers: 2},
	} {
		got, sum := loadExport(t, cfg, args)
		if got != want {
			t.Errorf("%d workers, batch %d: the store differs from 1 worker's:\n%s", cfg.workers, cfg.batch, firstDiff(want, got, "1 worker", "n workers"))
		}
		if sum != wantSum {
			t.Errorf("%d workers, batch %d: summary %q, want %q", cfg.workers, cfg.batch, sum, wantSum)
		}
	}
}
