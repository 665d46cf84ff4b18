package extract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealgraph/dealgraph/bench/corpus"
	"github.com/dealgraph/dealgraph/extract"
)

var goldenUpdate = flag.Bool("golden.update", false, "rewrite testdata/golden/*.json from the current extractor")

// TestGoldenSynthetic extracts synthetic articles of several sizes
// (corpus.Gen, fixed seeds) and compares the facts with the recorded ones:
// a speed-up must not change what is extracted. After an intended change
// of behaviour, rerun with -golden.update and review the diff.
func TestGoldenSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter")
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		seed uint64
		size int
	}{{1, 1500}, {2, 4000}, {3, 9000}} {
		name := fmt.Sprintf("synthetic-%d-%d", tc.seed, tc.size)
		t.Run(name, func(t *testing.T) {
			raw := corpus.NewGen(tc.seed).Article(tc.size)
			f, err := x.Extract(context.Background(), extract.Document{IRI: "urn:golden:" + name, Name: name, Raw: raw})
			if err != nil {
				t.Fatal(err)
			}
			f.Text = "" // the input itself; the generator is deterministic
			got, err := json.MarshalIndent(f, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *goldenUpdate {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (record it with go test ./extract -run TestGoldenSynthetic -golden.update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("facts of %s differ from %s (%d bytes, want %d); if the change is intended, rerun with -golden.update and review the diff",
					name, path, len(got), len(want))
			}
		})
	}
}
