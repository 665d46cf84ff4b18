package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// postgresCase is a named query, with arguments that have answers on the dev
// corpus copies in testdata/corpus, and what its answer determines.
type postgresCase struct {
	args []string
	// order lists the columns the query sorts its rows by. The two stores
	// must give the same rows (as a multiset) and the same sequence of these
	// columns; rows that tie on them may come in any order, as each store
	// lists a node's edges in its own order.
	order []string
	// path: the answer is one shortest path, and there may be several; the
	// stores must agree on its length, and each path must be a chain of
	// edges of the graph from FROM to TO.
	path bool
}

var postgresCases = []postgresCase{
	{args: []string{"companies", "美国"}, order: []string{"deals", "company"}},
	{args: []string{"companies", "德国"}, order: []string{"deals", "company"}},
	{args: []string{"deals", "中国能建"}, order: []string{"amount", "buyer"}},
	{args: []string{"deals", "中粮集团"}, order: []string{"amount", "buyer"}},
	{args: []string{"deals-by-country"}, order: []string{"deals", "country"}},
	{args: []string{"neighbours", "中国能建"}, order: []string{"depth"}},
	{args: []string{"neighbours", "中国能建", "2"}, order: []string{"depth"}},
	{args: []string{"partners", "中国能建"}, order: []string{"deals", "partner"}},
	{args: []string{"path", "宋海良", "西门子"}, path: true},
	{args: []string{"path", "中粮集团", "通用电气", "6"}, path: true},
	{args: []string{"people", "中国能建"}, order: []string{"person"}},
}

// edgesQuery lists every edge between two nodes of the graph the way the
// path query labels its hops (out-edges only; a hop "← p" from A to B is the
// edge "p →" from B to A).
const edgesQuery = `g.V().Unique().ToArray().forEach(function (n) {
  if (!isIRI(n)) { return; }
  var from = nameOf(n);
  edges(n).forEach(function (e) {
    if (e.dir === "out" && isIRI(e.node)) { g.Emit({ from: from, edge: edgeLabel(e), to: nameOf(e.node) }); }
  });
});`

// TestPostgresMatchesBolt loads the dev corpus copies into PostgreSQL
// (Cayley's SQL backend) and into bolt, checks that both stores hold the same
// quads and that every named query answers the same on both. It needs an
// empty database:
// DEALGRAPH_POSTGRES_URL=postgres://USER@127.0.0.1:PORT/DB?sslmode=disable
// (.ci/postgres starts one). Without the variable the test skips; with it,
// an unreachable server fails the test.
func TestPostgresMatchesBolt(t *testing.T) {
	url := os.Getenv("DEALGRAPH_POSTGRES_URL")
	if url == "" {
		t.Skip("DEALGRAPH_POSTGRES_URL is not set (.ci/postgres sets it)")
	}
	db := filepath.Join(t.TempDir(), "news.db")
	corpus := filepath.Join("testdata", "corpus")
	bolt := []string{"--db", db}
	pg := []string{"--backend", "postgres", "--db", url}
	for _, args := range [][]string{
		append([]string{"load"}, append(bolt, corpus)...),
		append([]string{"load"}, append(pg, corpus)...),
		append([]string{"load"}, append(pg, corpus)...), // idempotent
	} {
		if r := run(t, nil, args...); r.code != 0 {
			t.Fatalf("%v exited %d: %s\n%s", args, r.code, r.stderr, r.stdout)
		}
	}

	// The same quads, in export's deterministic order.
	be := run(t, nil, append([]string{"export"}, bolt...)...)
	pe := run(t, nil, append([]string{"export"}, pg...)...)
	if be.code != 0 || pe.code != 0 {
		t.Fatalf("export: bolt exited %d (%s), postgres %d (%s)", be.code, be.stderr, pe.code, pe.stderr)
	}
	if n := strings.Count(be.stdout, "\n"); n < 1000 {
		t.Fatalf("bolt export has %d quads; the dev corpus gives more than 1000", n)
	}
	if be.stdout != pe.stdout {
		t.Errorf("export differs: bolt %d lines, postgres %d lines; first difference:\n%s",
			strings.Count(be.stdout, "\n"), strings.Count(pe.stdout, "\n"), firstDiff(be.stdout, pe.stdout, "bolt", "postgres"))
	}

	graphEdges := map[[3]string]bool{}
	for _, e := range queryRows(t, bolt, "--limit", "0", "--timeout", "2m", edgesQuery) {
		graphEdges[[3]string{str(e["from"]), str(e["edge"]), str(e["to"])}] = true
	}
	if len(graphEdges) < 100 {
		t.Fatalf("edge listing of bolt gave %d edges; the dev corpus has more than 100", len(graphEdges))
	}

	for _, c := range postgresCases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			// --limit 0: all rows (the default of 100 cuts the answer
			// at a point that depends on the order)
			b := queryRows(t, bolt, append([]string{"--limit", "0"}, c.args...)...)
			p := queryRows(t, pg, append([]string{"--limit", "0"}, c.args...)...)
			if len(b) == 0 {
				t.Fatalf("no answer on bolt, so the comparison says nothing")
			}
			if c.path {
				if len(p) != len(b) {
					t.Errorf("postgres finds a path of %d hops, bolt of %d", len(p), len(b))
				}
				from, to := names(t, bolt, c.args[1]), names(t, bolt, c.args[2])
				for store, rows := range map[string][]map[string]any{"bolt": b, "postgres": p} {
					for _, problem := range pathProblems(rows, from, to, graphEdges) {
						t.Errorf("%s: %s", store, problem)
					}
				}
				return
			}
			if bs, ps := canonical(b), canonical(p); !reflect.DeepEqual(bs, ps) {
				t.Errorf("different rows:\npostgres only:\n%s\nbolt only:\n%s",
					strings.Join(minus(ps, bs), "\n"), strings.Join(minus(bs, ps), "\n"))
			}
			if bo, po := project(b, c.order), project(p, c.order); !reflect.DeepEqual(bo, po) {
				t.Errorf("rows sorted differently by %v:\npostgres %v\nbolt     %v", c.order, po, bo)
			}
		})
	}
}

// queryRows runs dealgraph query --format json on a store and decodes its rows.
func queryRows(t *testing.T, store []string, args ...string) []map[string]any {
	t.Helper()
	r := run(t, nil, append(append([]string{"query", "--format", "json"}, store...), args...)...)
	if r.code != 0 {
		t.Fatalf("query %v on %v exited %d: %s", args, store, r.code, r.stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("query %v on %v: output is not a JSON array of rows: %v\n%s", args, store, err, r.stdout)
	}
	return rows
}

// names are the canonical names of the entities called name.
func names(t *testing.T, store []string, name string) map[string]bool {
	t.Helper()
	q := fmt.Sprintf(`need(%q).forEach(function (n) { g.Emit({ name: nameOf(n) }); });`, name)
	out := map[string]bool{}
	for _, r := range queryRows(t, store, q) {
		out[str(r["name"])] = true
	}
	return out
}

// pathProblems lists what keeps rows from being hops 1..n of a chain of
// graph edges from an entity in from to one in to.
func pathProblems(rows []map[string]any, from, to map[string]bool, graphEdges map[[3]string]bool) []string {
	var out []string
	for i, r := range rows {
		hopFrom, edge, hopTo := str(r["from"]), str(r["edge"]), str(r["to"])
		if hop, _ := r["hop"].(float64); int(hop) != i+1 {
			out = append(out, fmt.Sprintf("row %d is hop %v", i+1, r["hop"]))
		}
		if i == 0 && !from[hopFrom] {
			out = append(out, fmt.Sprintf("the path starts at %q, not at one of %v", hopFrom, from))
		}
		if i > 0 && hopFrom != str(rows[i-1]["to"]) {
			out = append(out, fmt.Sprintf("hop %d starts at %q, hop %d ended at %q", i+1, hopFrom, i, str(rows[i-1]["to"])))
		}
		if i == len(rows)-1 && !to[hopTo] {
			out = append(out, fmt.Sprintf("the path ends at %q, not at one of %v", hopTo, to))
		}
		key := [3]string{hopFrom, edge, hopTo}
		if p, ok := strings.CutPrefix(edge, "← "); ok {
			key = [3]string{hopTo, p + " →", hopFrom}
		}
		if !graphEdges[key] {
			out = append(out, fmt.Sprintf("hop %d (%s %s %s) is no edge of the graph", i+1, hopFrom, edge, hopTo))
		}
	}
	return out
}

// TestPathProblems: the path check of TestPostgresMatchesBolt accepts a
// chain of edges and catches each way a path can be wrong.
func TestPathProblems(t *testing.T) {
	edges := map[[3]string]bool{{"A", "worksFor →", "B"}: true, {"D", "buyer →", "B"}: true, {"D", "partner →", "C"}: true}
	hop := func(n int, from, edge, to string) map[string]any {
		return map[string]any{"hop": float64(n), "from": from, "edge": edge, "to": to}
	}
	from, to := map[string]bool{"A": true}, map[string]bool{"C": true}
	for _, tt := range []struct {
		name string
		rows []map[string]any
		want int
	}{
		{"valid, with an edge walked backwards", []map[string]any{hop(1, "A", "worksFor →", "B"), hop(2, "B", "← buyer", "D"), hop(3, "D", "partner →", "C")}, 0},
		{"broken chain", []map[string]any{hop(1, "A", "worksFor →", "B"), hop(2, "D", "partner →", "C")}, 1},
		{"wrong start", []map[string]any{hop(1, "D", "partner →", "C")}, 1},
		{"wrong end", []map[string]any{hop(1, "A", "worksFor →", "B")}, 1},
		{"no such edge", []map[string]any{hop(1, "A", "partner →", "C")}, 1},
		{"edge walked the wrong way", []map[string]any{hop(1, "A", "worksFor →", "B"), hop(2, "B", "buyer →", "D"), hop(3, "D", "partner →", "C")}, 1},
		{"hops misnumbered", []map[string]any{hop(1, "A", "worksFor →", "B"), hop(3, "B", "← buyer", "D"), hop(2, "D", "partner →", "C")}, 2},
	} {
		if got := pathProblems(tt.rows, from, to, edges); len(got) != tt.want {
			t.Errorf("%s: %d problems %q, want %d", tt.name, len(got), got, tt.want)
		}
	}
}

// canonical writes each row as JSON (keys sorted) and sorts the rows.
func canonical(rows []map[string]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		b, _ := json.Marshal(r) // decoded JSON encodes again
		out[i] = string(b)
	}
	slices.Sort(out)
	return out
}

// project lists the values of the given columns, row by row.
func project(rows []map[string]any, cols []string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		vals := make([]string, len(cols))
		for j, c := range cols {
			vals[j] = fmt.Sprint(r[c])
		}
		out[i] = strings.Join(vals, "|")
	}
	return out
}

// minus lists the elements of a (sorted) that b (sorted) lacks, with multiplicity.
func minus(a, b []string) []string {
	var out []string
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}

// firstDiff shows the first line where two outputs, a named nameA and b
// named nameB, differ.
func firstDiff(a, b, nameA, nameB string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n%s: %s\n%s: %s", i+1, nameA, al[i], nameB, bl[i])
		}
	}
	return "one is a prefix of the other"
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
