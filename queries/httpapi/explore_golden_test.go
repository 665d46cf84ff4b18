package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealgraph/dealgraph/bench"
	"github.com/dealgraph/dealgraph/bench/measure"
	"github.com/dealgraph/dealgraph/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/explore")

// exploreTargets are the explorer requests the golden test and the
// benchmark make on a generated graph: a hub company (Company(0)), an
// ordinary one, a person, a country, at depths 1 and 2.
func exploreTargets(gr *bench.Graph) []string {
	q := url.QueryEscape
	hub, ordinary := gr.Company(0), gr.Company(200)
	return []string{
		"/api/search?q=" + q(hub),
		"/api/search?q=" + q(string([]rune(ordinary)[:2])),
		"/api/entity?name=" + q(hub),
		"/api/entity?name=" + q(ordinary),
		"/api/entity?name=" + q(gr.Person(3)),
		"/api/entity?name=" + q("德国"),
		"/api/neighbours?name=" + q(hub),
		"/api/neighbours?name=" + q(ordinary),
		"/api/neighbours?name=" + q(ordinary) + "&depth=2",
		"/api/neighbours?name=" + q(gr.Person(3)) + "&depth=2",
		"/api/neighbours?name=" + q("德国"),
		"/api/named/deals?arg=" + q(hub),
		"/api/named/partners?arg=" + q(hub),
		"/api/named/neighbours?arg=" + q(hub),
		"/api/named/people?arg=" + q(hub),
	}
}

// serveGet answers one GET in process.
func serveGet(s *Server, target string) (int, []byte) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// TestExploreGolden answers the explorer requests on a generated graph
// in bolt, leveldb and memstore: the answers must be the golden ones, written by
// the explorer before its kv fast paths (-update rewrites them). They differ
// between backends only in order (each lists a node's quads in its own
// store order).
func TestExploreGolden(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 20k-quad graph twice")
	}
	gr := bench.NewGraph(20_000, 3)
	for _, backend := range []string{"bolt", "leveldb", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			o := graph.Options{Backend: backend, NoSync: true}
			if backend != "memstore" {
				o.Path = filepath.Join(t.TempDir(), "g.db")
			}
			st, err := graph.Open(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, _, err := gr.Build(context.Background(), st, 20_000, 256, nil); err != nil {
				t.Fatal(err)
			}
			s, err := New(st, Config{Logger: log.New(io.Discard, "", 0)})
			if err != nil {
				t.Fatal(err)
			}
			for i, target := range exploreTargets(gr) {
				code, body := serveGet(s, target)
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, body, "", " "); err != nil {
					t.Fatalf("%s: bad JSON: %v", target, err)
				}
				got := fmt.Sprintf("GET %s\n%d\n%s\n", target, code, pretty.Bytes())
				// leveldb is a kv store like bolt: the same answers.
				dir := backend
				if backend == "leveldb" {
					dir = "bolt"
				}
				path := filepath.Join("testdata", "explore", dir, fmt.Sprintf("%02d.txt", i))
				if *update && backend != "leveldb" {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to write it)", err)
				}
				if got != string(want) {
					t.Errorf("%s: answer differs from %s\n got: %.1500s\nwant: %.1500s", target, path, got, want)
				}
			}
		})
	}
}

// BenchmarkExplore answers the explorer's requests on the bolt store named
// by DEALGRAPH_BENCH_DB (the 1M-quad graph dgbench builds, seed 1):
//
//	DEALGRAPH_BENCH_DB=/tmp/dealgraph-bench/graph-1000000-seed1.bolt \
//	go test ./queries/httpapi -run '^$' -bench Explore
func BenchmarkExplore(b *testing.B) {
	path := os.Getenv("DEALGRAPH_BENCH_DB")
	if path == "" {
		b.Skip("set DEALGRAPH_BENCH_DB to a bolt store of the 1M-quad benchmark graph")
	}
	st, err := graph.Open(context.Background(), graph.Options{Path: path, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	gr := bench.NewGraph(1_000_000, 1)
	q := url.QueryEscape
	hub, ordinary := gr.Company(0), gr.Company(2000)
	b.Run("index", func(b *testing.B) {
		cpu := measure.CPUTime()
		for i := 0; i < b.N; i++ {
			s, err := New(st, Config{Logger: log.New(io.Discard, "", 0)})
			if err != nil {
				b.Fatal(err)
			}
			if code, body := serveGet(s, "/api/search?q="+q(hub)); code != http.StatusOK {
				b.Fatalf("%d %s", code, body)
			}
		}
		b.ReportMetric(float64(measure.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	})
	s, err := New(st, Config{Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, target string }{
		{"search-hub", "/api/search?q=" + q(hub)},
		{"entity-hub", "/api/entity?name=" + q(hub)},
		{"entity-ordinary", "/api/entity?name=" + q(ordinary)},
		{"neighbours-hub", "/api/neighbours?name=" + q(hub)},
		{"neighbours-ordinary-2", "/api/neighbours?name=" + q(ordinary) + "&depth=2"},
		{"named-deals-hub", "/api/named/deals?arg=" + q(hub)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			serveGet(s, tc.target) // builds the name index
			cpu := measure.CPUTime()
			for i := 0; i < b.N; i++ {
				if code, body := serveGet(s, tc.target); code != http.StatusOK {
					b.Fatalf("%d %s", code, body)
				}
			}
			b.ReportMetric(float64(measure.CPUTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
