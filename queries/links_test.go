package queries

import (
	"context"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
)

// TestLinksExcept checks that links(node, dir, except) is links(node, dir)
// without the edges along except, on a kv store (where those quads are
// not read) and on memstore, for every organization and country and both
// directions.
func TestLinksExcept(t *testing.T) {
	const src = `
var bad = [];
var except = [dg("type"), dg("mentionedIn"), dg("name")];
var nodes = g.V(dg("Organization"), dg("Country")).In(dg("type")).Unique().ToArray();
nodes.forEach(function (n) {
  ["out", "in"].forEach(function (dir) {
    var want = links(n, dir).filter(function (e) { return except.indexOf(e.p) < 0; });
    var got = links(n, dir, except);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      bad.push(n + " " + dir + ": got " + JSON.stringify(got) + ", want " + JSON.stringify(want));
    }
  });
});
g.Emit({nodes: nodes.length, bad: bad});
`
	for _, tt := range []struct {
		name string
		qs   func(t *testing.T) cgraph.QuadStore
	}{
		{"memstore", func(t *testing.T) cgraph.QuadStore { return memstore.New(testQuads()...) }},
		{"bolt corpus", func(t *testing.T) cgraph.QuadStore { return corpusStore(t, "bolt") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := NewRunner().Run(context.Background(), tt.qs(t), src, Options{Timeout: -1})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != 1 {
				t.Fatalf("rows %v", res.Rows)
			}
			row := res.Rows[0]
			if n, _ := row["nodes"].(int64); n == 0 {
				if f, _ := row["nodes"].(float64); f == 0 {
					t.Fatalf("no nodes to check: %v", row)
				}
			}
			if bad, _ := row["bad"].([]any); len(bad) > 0 {
				t.Errorf("%d differences, first: %v", len(bad), bad[0])
			}
		})
	}
}
