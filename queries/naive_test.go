package queries

// The named queries start from the selective end through the prelude's Go
// helpers (native.go). Their first versions, plain Gizmo paths with the
// prelude of the time, are kept in testdata/naive as the specification:
// on the dev corpus and on generated graphs, each named query must give
// exactly the rows (or the error) of its naive version. testdata/naive holds
// only what differs: the five helpers the Go helpers replaced (appended
// after prelude.js, so they win) and the named queries that were rewritten;
// the others (neighbours) run as shipped on the naive helpers. The naive
// path is a breadth-first search from FROM; the shipped one searches from
// both ends (path.go) and must report the very same path, not merely one
// as short.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"

	"github.com/dealgraph/dealgraph/bench"
	"github.com/dealgraph/dealgraph/extract"
	dg "github.com/dealgraph/dealgraph/graph"
)

// naiveRunner runs the named queries, testdata/naive/named/*.js replacing
// the shipped ones of the same name, with prelude.js followed by
// testdata/naive/prelude.js (whose helpers replace the Go-backed ones).
func naiveRunner(t testing.TB) *Runner {
	t.Helper()
	naive, err := loadNamed(os.DirFS("testdata/naive"))
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]Named{}
	for k, n := range embeddedNamed {
		named[k] = n
	}
	for k, n := range naive {
		named[k] = n
	}
	helpers, err := os.ReadFile("testdata/naive/prelude.js")
	if err != nil {
		t.Fatal(err)
	}
	return &Runner{named: named, prelude: preludeJS + "\n" + string(helpers)}
}

// openBolt opens a bolt store in a temporary folder.
func openBolt(t testing.TB) *dg.Store { return openBackend(t, "bolt") }

// openBackend opens a store of the backend in a temporary folder.
func openBackend(t testing.TB, backend string) *dg.Store {
	t.Helper()
	s, err := dg.Open(context.Background(), dg.Options{Backend: backend, Path: filepath.Join(t.TempDir(), "g.db"), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// corpusStore loads the dev corpus (cmd/dealgraph/testdata/corpus) into a
// store of the backend.
func corpusStore(t testing.TB, backend string) cgraph.QuadStore {
	t.Helper()
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob("../cmd/dealgraph/testdata/corpus/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no dev corpus: %v", err)
	}
	var fs []extract.Facts
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := x.Extract(context.Background(), extract.Document{IRI: "https://dealgraph.dev/doc/" + filepath.Base(p), Name: filepath.Base(p), Raw: b})
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	s := openBackend(t, backend)
	if _, err := s.LoadBatch(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	return s.QuadStore()
}

// generatedStore loads a graph of about quads quads from bench's generator
// into a bolt store.
func generatedStore(t testing.TB, quads int) (cgraph.QuadStore, *bench.Graph) {
	t.Helper()
	gr := bench.NewGraph(quads, 3)
	s := openBolt(t)
	if _, _, err := gr.Build(context.Background(), s, quads, 256, nil); err != nil {
		t.Fatal(err)
	}
	return s.QuadStore(), gr
}

// namesOfType lists the canonical names of the nodes of a class, sorted,
// read with a plain Gizmo path.
func namesOfType(t testing.TB, qs cgraph.QuadStore, class string) []string {
	t.Helper()
	res, err := naiveRunner(t).Run(context.Background(), qs, `g.V(dg("`+class+`")).In(dg("type")).Out(dg("name")).Unique().ToArray().forEach(function (n) { g.Emit(lit(n)); })`, Options{Timeout: -1})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Rows {
		if s, ok := r["value"].(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// spread picks up to n items spread over list.
func spread(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, list[i*len(list)/n])
	}
	return out
}

// namedCases are the arguments each named query is run with on a store:
// organizations (given ones first, then some spread over the sorted list),
// people, countries by name and ISO code, pairs for path, and names that
// do not exist.
func namedCases(t testing.TB, qs cgraph.QuadStore, orgs []string) map[string][][]string {
	n := 8
	if raceEnabled {
		n = 3
	}
	orgs = append(orgs, spread(namesOfType(t, qs, "Organization"), n)...)
	people := spread(namesOfType(t, qs, "Person"), 3)
	countries := spread(namesOfType(t, qs, "Country"), 4)
	cases := map[string][][]string{"deals-by-country": {nil}}
	one := func(name string, args ...string) {
		for _, a := range args {
			cases[name] = append(cases[name], []string{a})
		}
	}
	for _, q := range []string{"deals", "partners", "people"} {
		one(q, orgs...)
		one(q, "没有这个名字")
	}
	one("companies", countries...)
	one("companies", "cn", "DE", "没有这个国家")
	one("neighbours", orgs[:3]...)
	one("neighbours", people...)
	one("neighbours", countries[:1]...)
	for _, o := range orgs[:2] {
		cases["neighbours"] = append(cases["neighbours"], []string{o, "2"})
	}
	cases["neighbours"] = append(cases["neighbours"], []string{orgs[len(orgs)-1], "3"}, []string{orgs[0], "9"})
	for i := 0; i+1 < len(orgs); i++ {
		cases["path"] = append(cases["path"], []string{orgs[i], orgs[i+1]})
	}
	for _, p := range people {
		cases["path"] = append(cases["path"], []string{p, orgs[0], "6"})
	}
	cases["path"] = append(cases["path"], []string{orgs[0], orgs[1], "1"}, []string{orgs[0], orgs[0]})
	return cases
}

var jsPosition = regexp.MustCompile(`\s+at (?:[\w$]+ \()?[\w-]+:\d+:\d+\(\d+\)\)?$`)

// outcome is a run's rows as JSON, or its error.
func outcome(res *Result, err error) string {
	if err != nil {
		// Where the error was thrown differs (line and column).
		return "error: " + jsPosition.ReplaceAllString(err.Error(), "")
	}
	b, _ := json.Marshal(res.Rows)
	return string(b)
}

func checkAgainstNaive(t *testing.T, qs cgraph.QuadStore, orgs []string) {
	fast, naive := NewRunner(), naiveRunner(t)
	cases := namedCases(t, qs, orgs)
	for _, n := range fast.List() {
		if len(cases[n.Name]) == 0 {
			t.Errorf("named query %s has no test arguments", n.Name)
		}
		for _, args := range cases[n.Name] {
			t.Run(n.Name+" "+strings.Join(args, " "), func(t *testing.T) {
				opts := Options{Timeout: -1}
				want := outcome(naive.RunNamed(context.Background(), qs, n.Name, args, opts))
				got := outcome(fast.RunNamed(context.Background(), qs, n.Name, args, opts))
				if got != want {
					t.Errorf("rows differ from the naive query's\n got: %.2000s\nwant: %.2000s", got, want)
				}
			})
		}
	}
}

func TestNamedMatchNaiveTestStore(t *testing.T) {
	checkAgainstNaive(t, memstore.New(testQuads()...), nil)
}

func TestNamedMatchNaiveCorpus(t *testing.T) {
	// bolt and leveldb are kv stores (the helpers read their indexes),
	// memstore is not.
	backends := []string{"bolt", "leveldb", "memstore"}
	if raceEnabled {
		backends = backends[:1]
	}
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			checkAgainstNaive(t, corpusStore(t, backend), nil)
		})
	}
}

func TestNamedMatchNaiveGenerated(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 20k-quad graph and runs the naive queries on it: too slow under -short or -race")
	}
	qs, gr := generatedStore(t, 20_000)
	// The pool's first companies are its hubs.
	checkAgainstNaive(t, qs, []string{gr.Company(0), gr.Company(1), gr.Company(5)})
}

// TestPathMatchesNaiveManyPairs runs path between many pairs of a
// generated graph, where hubs (countries, the reification statements'
// predicates) give most pairs several shortest paths: the shipped query
// must report the one the naive breadth-first search reports.
func TestPathMatchesNaiveManyPairs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 20k-quad graph and runs the naive path on it: too slow under -short or -race")
	}
	qs, _ := generatedStore(t, 20_000)
	names := append(spread(namesOfType(t, qs, "Organization"), 30), spread(namesOfType(t, qs, "Person"), 6)...)
	fast, naive := NewRunner(), naiveRunner(t)
	found := 0
	for i := range names {
		for _, hops := range []string{"2", "3", "4"} {
			args := []string{names[i], names[(i*7+3)%len(names)], hops}
			want := outcome(naive.RunNamed(context.Background(), qs, "path", args, Options{Timeout: -1}))
			got := outcome(fast.RunNamed(context.Background(), qs, "path", args, Options{Timeout: -1}))
			if got != want {
				t.Errorf("path %q: rows differ from the naive query's\n got: %.2000s\nwant: %.2000s", args, got, want)
			}
			if !strings.HasPrefix(want, "error") {
				found++
			}
		}
	}
	// Both outcomes must be exercised: paths found and not found.
	if found < 10 || found > 3*len(names)-10 {
		t.Errorf("%d of %d searches found a path: the test graph does not exercise both outcomes", found, 3*len(names))
	}
}

// TestKVIndexFound checks that the helpers read the kv indexes directly on
// the kv backends (a change of Cayley's layout would silently fall back to
// its slower iterators) and not on memstore.
func TestKVIndexFound(t *testing.T) {
	for _, tt := range []struct {
		backend string
		want    bool
	}{{"bolt", true}, {"leveldb", true}, {"memstore", false}} {
		s := openBackend(t, tt.backend)
		if got := newKVIndex(s.QuadStore()) != nil; got != tt.want {
			t.Errorf("%s: kv index reader found = %v, want %v", tt.backend, got, tt.want)
		}
	}
}
