// Command dgbench runs dealgraph's benchmarks and prints a Markdown table.
// bench/run.sh builds and runs it; see bench/RESULTS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dealgraph/dealgraph/bench"
	"github.com/dealgraph/dealgraph/bench/corpus"
	"github.com/dealgraph/dealgraph/bench/measure"
	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
	"github.com/dealgraph/dealgraph/queries"
	"github.com/dealgraph/dealgraph/queries/httpapi"
)

var (
	corpusMB   = flag.Float64("corpus-mb", 1, "synthetic corpus size for extraction, MB (1, 10, 100)")
	loadQuads  = flag.Int("load-quads", 100_000, "quads per load benchmark")
	graphQuads = flag.Int("graph-quads", 1_000_000, "quads of the query benchmark graph (0: skip queries)")
	runs       = flag.Int("runs", 50, "runs per named query (fewer when a query is slow: at most -query-budget)")
	budget     = flag.Duration("query-budget", 10*time.Second, "time spent per named query at most")
	cache      = flag.String("cache", filepath.Join(os.TempDir(), "dealgraph-bench"), "folder for the corpus and the cached query graph")
	seed       = flag.Uint64("seed", 1, "generator seed")
	backends   = flag.String("backends", "bolt", "comma-separated backends for the query benchmark (bolt, leveldb, postgres)")
	pgURL      = flag.String("postgres", os.Getenv("DEALGRAPH_POSTGRES_URL"), "PostgreSQL URL for -backends postgres")
	skip       = flag.String("skip", "", "comma-separated sections to skip: extract, load, query")
)

func row(what, value, note string) { fmt.Printf("| %s | %s | %s |\n", what, value, note) }

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")), &kb)
			return fmt.Sprintf("%d MB", kb/1024)
		}
	}
	return "?"
}

func main() {
	flag.Parse()
	ctx := context.Background()
	skipped := map[string]bool{}
	for _, s := range strings.Split(*skip, ",") {
		skipped[s] = true
	}
	fmt.Println("| measure | value | note |")
	fmt.Println("|---|---|---|")
	if !skipped["extract"] {
		benchExtract(ctx)
	}
	if !skipped["load"] {
		benchLoad(ctx)
	}
	if !skipped["query"] && *graphQuads > 0 {
		for _, b := range strings.Split(*backends, ",") {
			benchQueries(ctx, b)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "dgbench:", err)
	os.Exit(1)
}

func benchExtract(ctx context.Context) {
	start := time.Now()
	x, err := extract.New(extract.Options{})
	if err != nil {
		fatal(err)
	}
	row("extract.New in process", ms(time.Since(start)), "segmenter dictionary + gazetteers")
	dir := filepath.Join(*cache, fmt.Sprintf("corpus-%gMB-seed%d", *corpusMB, *seed))
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		if paths, err = corpus.WriteCorpus(dir, int64(*corpusMB*(1<<20)), 2000, *seed); err != nil {
			fatal(err)
		}
	}
	var docs [][]byte
	var total int64
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			fatal(err)
		}
		docs = append(docs, b)
		total += int64(len(b))
	}
	run := func(workers int) (float64, int) {
		var wg sync.WaitGroup
		next := make(chan int)
		var mu sync.Mutex
		deals := 0
		t := time.Now()
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					f, err := x.Extract(ctx, extract.Document{IRI: bench.DocIRI(i), Name: paths[i], Raw: docs[i]})
					if err != nil {
						fatal(err)
					}
					_ = graph.Quads(f)
					mu.Lock()
					deals += len(f.Deals)
					mu.Unlock()
				}
			}()
		}
		for i := range docs {
			next <- i
		}
		close(next)
		wg.Wait()
		return float64(total) / (1 << 20) / time.Since(t).Seconds(), deals
	}
	one, deals := run(1)
	row("extraction, 1 worker", fmt.Sprintf("%.2f MB/s", one), fmt.Sprintf("%.1f MB synthetic corpus, %d articles, %d deals found; decode+segment+rules+quads", float64(total)/(1<<20), len(docs), deals))
	n := runtime.GOMAXPROCS(0)
	all, _ := run(n)
	row(fmt.Sprintf("extraction, %d workers", n), fmt.Sprintf("%.2f MB/s", all), fmt.Sprintf("%.2f× of 1 worker", all/one))
	row("peak RSS after extraction", peakRSS(), "dgbench process, VmHWM")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func benchLoad(ctx context.Context) {
	gr := bench.NewGraph(*loadQuads, *seed)
	for _, tc := range []struct {
		name, backend string
		batch         int
		nosync        bool
	}{
		{"bolt, Load per document (fsync)", "bolt", 0, false},
		{"bolt, LoadBatch 32 (dealgraph load default)", "bolt", 32, false},
		{"bolt, LoadBatch 256, NoSync", "bolt", 256, true},
		{"leveldb, LoadBatch 32", "leveldb", 32, false},
		{"leveldb, LoadBatch 256, NoSync", "leveldb", 256, true},
	} {
		dir, err := os.MkdirTemp(*cache, "load-")
		if err != nil {
			fatal(err)
		}
		path := filepath.Join(dir, "db")
		s, err := graph.Open(ctx, graph.Options{Backend: tc.backend, Path: path, NoSync: tc.nosync})
		if err != nil {
			fatal(err)
		}
		t := time.Now()
		added := 0
		docs := 0
		if tc.batch == 0 {
			for added < *loadQuads {
				st, err := s.Load(ctx, gr.Facts(docs))
				if err != nil {
					fatal(err)
				}
				docs++
				added += st.Added
			}
		} else {
			docs, added, err = gr.Build(ctx, s, *loadQuads, tc.batch, nil)
			if err != nil {
				fatal(err)
			}
		}
		el := time.Since(t)
		s.Close()
		size := measure.DirSize(path)
		row("load: "+tc.name, fmt.Sprintf("%.0f quads/s", float64(added)/el.Seconds()),
			fmt.Sprintf("%d quads, %d docs, %.0f bytes/quad on disk", added, docs, float64(size)/float64(added)))
		os.RemoveAll(dir)
	}
}

// openGraph opens (building on first use) the query benchmark graph.
func openGraph(ctx context.Context, backend string, gr *bench.Graph) *graph.Store {
	o := graph.Options{Backend: backend}
	switch backend {
	case "postgres":
		o.Path = *pgURL
	case "leveldb":
		o.Path = filepath.Join(*cache, fmt.Sprintf("graph-%d-seed%d.leveldb", *graphQuads, *seed))
	default:
		o.Path = filepath.Join(*cache, fmt.Sprintf("graph-%d-seed%d.bolt", *graphQuads, *seed))
	}
	s, err := graph.Open(ctx, o)
	if err != nil {
		fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil { // a new store has no buckets yet
		st.Quads = 0
	}
	if st.Quads < int64(*graphQuads) {
		fmt.Fprintf(os.Stderr, "building the %d-quad %s graph (once; cached in %s)\n", *graphQuads, backend, o.Path)
		s.Close()
		o.NoSync = true
		if s, err = graph.Open(ctx, o); err != nil {
			fatal(err)
		}
		t := time.Now()
		docs, added, err := gr.Build(ctx, s, *graphQuads, 256, os.Stderr)
		if err != nil {
			fatal(err)
		}
		el := time.Since(t)
		row("build "+backend+" query graph, LoadBatch 256 NoSync", fmt.Sprintf("%.0f quads/s", float64(added)/el.Seconds()),
			fmt.Sprintf("%d quads, %d docs, %.0f bytes/quad", added, docs, float64(measure.DirSize(o.Path))/float64(added)))
		s.Close()
		o.NoSync = false
		if s, err = graph.Open(ctx, o); err != nil {
			fatal(err)
		}
	}
	return s
}

// NamedArgs are the argument sets the benchmark gives each named query on
// a synthetic graph: a hub company (Company(0), among the most connected)
// and an ordinary one from the middle of the pool.
func NamedArgs(gr *bench.Graph) map[string][][]string {
	hub, ordinary := gr.Company(0), gr.Company(ordinaryCompany)
	return map[string][][]string{
		"companies":        {{"德国"}, {"泰国"}},
		"deals":            {{hub}, {ordinary}},
		"deals-by-country": {nil},
		"neighbours":       {{hub}, {ordinary}},
		"partners":         {{hub}, {ordinary}},
		"path":             {{hub, gr.Company(5)}, {ordinary, hub}},
		"people":           {{hub}, {ordinary}},
	}
}

// ordinaryCompany is the pool index of the benchmark's ordinary company.
const ordinaryCompany = 2000

// latencies runs fn up to *runs times within *budget (the first run warms
// caches and is not counted) and returns the sorted latencies, or the
// first error.
func latencies(fn func() error) ([]time.Duration, error) {
	var lat []time.Duration
	start := time.Now()
	for i := 0; i <= *runs && time.Since(start) < *budget; i++ {
		t := time.Now()
		if err := fn(); err != nil {
			return nil, err
		}
		if i > 0 {
			lat = append(lat, time.Since(t))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, nil
}

func pct(lat []time.Duration, q float64) time.Duration {
	return lat[min(len(lat)-1, int(q*float64(len(lat))))]
}

func benchQueries(ctx context.Context, backend string) {
	gr := bench.NewGraph(*graphQuads, *seed)
	s := openGraph(ctx, backend, gr)
	defer s.Close()
	r := queries.NewRunner()
	args := NamedArgs(gr)
	for _, n := range r.List() {
		sets, ok := args[n.Name]
		if !ok {
			row(fmt.Sprintf("query %s (%s)", n.Name, backend), "skipped", "no benchmark arguments for it")
			continue
		}
		for _, a := range sets {
			rows := 0
			lat, err := latencies(func() error {
				res, err := r.RunNamed(ctx, s.QuadStore(), n.Name, a, queries.Options{Timeout: *budget})
				if err == nil {
					rows = len(res.Rows)
				}
				return err
			})
			if err != nil {
				row(fmt.Sprintf("query %s (%s)", n.Name, backend), "error", fmt.Sprintf("args %q: %v", a, err))
				continue
			}
			if len(lat) == 0 {
				row(fmt.Sprintf("query %s (%s)", n.Name, backend), fmt.Sprintf("> %s", *budget), fmt.Sprintf("args %q: one run took the whole budget", a))
				continue
			}
			row(fmt.Sprintf("query %s (%s, %dk quads)", n.Name, backend, *graphQuads/1000), fmt.Sprintf("p50 %s, p99 %s", ms(pct(lat, 0.5)), ms(pct(lat, 0.99))),
				fmt.Sprintf("%d runs, %d rows, args %q", len(lat), rows, a))
		}
	}
	benchExplorer(ctx, s, gr, backend)
}

// benchExplorer measures the explorer's HTTP endpoints, served in process
// (no network), on the query graph.
func benchExplorer(ctx context.Context, s *graph.Store, gr *bench.Graph, backend string) {
	srv, err := httpapi.New(s, httpapi.Config{Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		fatal(err)
	}
	get := func(target string) (int, error) {
		req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return 0, fmt.Errorf("GET %s: %d %s", target, rec.Code, strings.TrimSpace(rec.Body.String()))
		}
		return rec.Body.Len(), nil
	}
	hub, ordinary := gr.Company(0), gr.Company(ordinaryCompany)
	q := url.QueryEscape
	// The first search builds the name index (once per store change).
	t := time.Now()
	if _, err := get("/api/search?q=" + q(hub)); err != nil {
		row(fmt.Sprintf("explorer (%s)", backend), "error", err.Error())
		return
	}
	row(fmt.Sprintf("explorer name index build (%s, %dk quads)", backend, *graphQuads/1000), ms(time.Since(t)), "first /api/search after start or a write")
	for _, target := range []string{
		"/api/search?q=" + q(hub),
		"/api/search?q=" + q(string([]rune(ordinary)[:2])),
		"/api/entity?name=" + q(hub),
		"/api/entity?name=" + q(ordinary),
		"/api/neighbours?name=" + q(hub),
		"/api/neighbours?name=" + q(ordinary) + "&depth=2",
		"/api/path?fromname=" + q(hub) + "&toname=" + q(gr.Company(5)),
		"/api/path?fromname=" + q(ordinary) + "&toname=" + q(hub),
		"/api/named/deals?arg=" + q(hub),
		"/api/named/partners?arg=" + q(ordinary),
	} {
		size := 0
		lat, err := latencies(func() error {
			n, err := get(target)
			size = n
			return err
		})
		name, _ := url.PathUnescape(target)
		if err != nil {
			row(fmt.Sprintf("explorer %s (%s)", name, backend), "error", err.Error())
			continue
		}
		if len(lat) == 0 {
			row(fmt.Sprintf("explorer %s (%s)", name, backend), fmt.Sprintf("> %s", *budget), "one request took the whole budget")
			continue
		}
		row(fmt.Sprintf("explorer %s (%s, %dk quads)", name, backend, *graphQuads/1000), fmt.Sprintf("p50 %s, p99 %s", ms(pct(lat, 0.5)), ms(pct(lat, 0.99))),
			fmt.Sprintf("%d requests, %d bytes", len(lat), size))
	}
}
