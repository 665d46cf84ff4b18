package queries

import (
	"context"
	"sync"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	dg "github.com/dealgraph/dealgraph/graph"
)

// TestPathCacheAfterWrites checks that path's kept edges (PathCache) are
// dropped when the store changes: an edge added between two entities, then
// deleted, changes the path at once, as the naive query sees it.
func TestPathCacheAfterWrites(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) { testPathCacheAfterWrites(t, backend) })
	}
}

func testPathCacheAfterWrites(t *testing.T, backend string) {
	qs := corpusStore(t, backend)
	orgs := spread(namesOfType(t, qs, "Organization"), 12)
	fast, naive := NewRunner(), naiveRunner(t)
	// a pair the corpus joins by a path of more than one hop
	var from, to string
	for i := 0; i < len(orgs) && from == ""; i++ {
		for j := len(orgs) - 1; j > i; j-- {
			res, err := naive.RunNamed(context.Background(), qs, "path", []string{orgs[i], orgs[j], "6"}, Options{Timeout: -1})
			if err == nil && len(res.Rows) > 1 {
				from, to = orgs[i], orgs[j]
				break
			}
		}
	}
	if from == "" {
		t.Fatal("no pair of the corpus's organizations is joined by a path of two or more hops")
	}
	run := func(step string) string {
		t.Helper()
		args := []string{from, to, "6"}
		want := outcome(naive.RunNamed(context.Background(), qs, "path", args, Options{Timeout: -1}))
		got := outcome(fast.RunNamed(context.Background(), qs, "path", args, Options{Timeout: -1}))
		if got != want {
			t.Errorf("%s: rows differ from the naive query's\n got: %.1500s\nwant: %.1500s", step, got, want)
		}
		return got
	}
	before := run("first call")
	if again := run("second call (edges kept)"); again != before {
		t.Errorf("the second call differs from the first:\n%s\n%s", again, before)
	}
	id := func(name string) quad.Value {
		res, err := fast.Run(context.Background(), qs, `g.Emit(need(`+quoteJS(name)+`)[0])`, Options{Timeout: -1})
		if err != nil || len(res.Rows) != 1 {
			t.Fatalf("need(%s): %v %v", name, res, err)
		}
		return quad.IRI(string(res.Rows[0]["value"].(IRI)))
	}
	edge := quad.Make(id(from), dg.Partner, id(to), quad.IRI("urn:test:doc"))
	if err := qs.ApplyDeltas([]cgraph.Delta{{Quad: edge, Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if got := run("after adding a direct edge"); got == before {
		t.Errorf("the path did not change after a direct edge was added: %s", got)
	}
	if err := qs.ApplyDeltas([]cgraph.Delta{{Quad: edge, Action: cgraph.Delete}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if got := run("after deleting it"); got != before {
		t.Errorf("after deleting the edge the path is\n%s\nnot as before\n%s", got, before)
	}
}

func quoteJS(s string) string {
	out := []rune{'"'}
	for _, r := range s {
		if r == '"' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(append(out, '"'))
}

// TestPathConcurrentRuns runs path on one Runner (one PathCache) from
// several goroutines (go test -race).
func TestPathConcurrentRuns(t *testing.T) {
	qs := corpusStore(t, "bolt")
	orgs := spread(namesOfType(t, qs, "Organization"), 8)
	r := NewRunner()
	want := map[int]string{}
	for i := 0; i+1 < len(orgs); i++ {
		want[i] = outcome(NewRunner().RunNamed(context.Background(), qs, "path", []string{orgs[i], orgs[i+1]}, Options{Timeout: -1}))
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i+1 < len(orgs); i++ {
				if got := outcome(r.RunNamed(context.Background(), qs, "path", []string{orgs[i], orgs[i+1]}, Options{Timeout: -1})); got != want[i] {
					t.Errorf("path %s %s with a shared cache: %s, want %s", orgs[i], orgs[i+1], got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}
