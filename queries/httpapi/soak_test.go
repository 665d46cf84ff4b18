package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealgraph/dealgraph/extract"
	"github.com/dealgraph/dealgraph/graph"
)

// TestSoak runs many concurrent clients against a writable server (bolt
// store, the real http.Server with its timeouts, on loopback) for a while:
// entity cards, searches, neighbourhoods, a two-hop Gizmo query, unknown
// entities, unauthorized writes, and ingests of small synthetic articles
// with the token, all at once. Every answer must have the status expected
// of its request, nothing may panic, every ingested document must be in
// the store afterwards, and the heap after a GC must be within 2× + 50 MB
// of the heap before. Under -race it is also the concurrency test of the
// server.
//
// The mix is weighted: 25 entity cards, 20 searches, 20 neighbourhoods, 20
// Gizmo queries, 3 unknown entities, 2 unauthorized writes and 4 ingests
// in 94. Ingests wait for the reads in flight (see Server.storeMu), so
// under load their latency, not the reads', is what grows.
//
// By default it runs 64 clients for 3 s with a stand-in extractor. With
// DEALGRAPH_SOAK=1 (.ci/soak) it runs 64 clients for 60 s with the real
// extractor. DEALGRAPH_SOAK_CLIENTS, DEALGRAPH_SOAK_DURATION (a Go
// duration) and DEALGRAPH_SOAK_EXTRACTOR=real|fake override either.
func TestSoak(t *testing.T) {
	long := os.Getenv("DEALGRAPH_SOAK") == "1"
	clients, dur, realX := 64, 3*time.Second, long
	if testing.Short() && !long {
		dur = time.Second
	}
	if long {
		dur = time.Minute
	}
	if v := os.Getenv("DEALGRAPH_SOAK_CLIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("DEALGRAPH_SOAK_CLIENTS=%q", v)
		}
		clients = n
	}
	if v := os.Getenv("DEALGRAPH_SOAK_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("DEALGRAPH_SOAK_DURATION=%q", v)
		}
		dur = d
	}
	switch v := os.Getenv("DEALGRAPH_SOAK_EXTRACTOR"); v {
	case "":
	case "real", "fake":
		realX = v == "real"
	default:
		t.Fatalf("DEALGRAPH_SOAK_EXTRACTOR=%q: real or fake", v)
	}

	// The store: bolt, as dealgraph serve uses by default, with the fixture.
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Options{Backend: "bolt", Path: filepath.Join(t.TempDir(), "soak.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.LoadBatch(ctx, fixtureFacts()); err != nil {
		t.Fatal(err)
	}
	var x Extractor = soakExtractor{}
	xName := "stand-in"
	if realX {
		start := time.Now()
		rx, err := extract.New(extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		x, xName = rx, "real"
		t.Logf("extractor loaded in %v", time.Since(start).Round(time.Millisecond))
	}
	panics := &panicWatch{}
	s, err := New(st, Config{
		Writable: true, Token: testToken,
		Logger:       panics.logger(),
		NewExtractor: func() (Extractor, error) { return x, nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + serveReal(t, s)
	// The clients wait longer than the server's own limit on an ingest (a
	// minute), so that a slow answer counts as slow, and only the
	// server's own errors count as errors.
	client := &http.Client{
		Timeout:   90 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute},
	}
	defer client.CloseIdleConnections()

	var ingestSeq, ingested atomic.Int64
	ops := soakOps(base, &ingestSeq, &ingested)
	var weights []int
	for i, op := range ops {
		weights = append(weights, slices.Repeat([]int{i}, op.weight)...)
	}

	// Warm up (search index, extractor, connections), then measure the heap.
	for _, op := range ops {
		if err := op.do(client, rand.New(rand.NewPCG(0, 0))); err != nil {
			t.Fatalf("warm-up %s: %v", op.name, err)
		}
	}
	client.CloseIdleConnections()
	heapBefore, goroutinesBefore := settledHeap()

	type result struct {
		lat    [][]time.Duration // per op
		errs   []int
		sample []string
	}
	results := make([]result, clients)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(dur)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 42))
			r := result{lat: make([][]time.Duration, len(ops)), errs: make([]int, len(ops))}
			for time.Now().Before(deadline) {
				i := weights[rng.IntN(len(weights))]
				t0 := time.Now()
				err := ops[i].do(client, rng)
				r.lat[i] = append(r.lat[i], time.Since(t0))
				if err != nil {
					r.errs[i]++
					if len(r.sample) < 3 {
						r.sample = append(r.sample, ops[i].name+": "+err.Error())
					}
				}
			}
			results[c] = r
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	client.CloseIdleConnections()
	heapAfter, goroutinesAfter := settledHeap()

	// Summary.
	var all []time.Duration
	total, errCount := 0, 0
	var samples []string
	for i, op := range ops {
		var lat []time.Duration
		n := 0
		for _, r := range results {
			lat = append(lat, r.lat[i]...)
			n += r.errs[i]
			samples = append(samples, r.sample...)
		}
		all = append(all, lat...)
		total += len(lat)
		errCount += n
		p50, p99, pmax := percentiles(lat)
		t.Logf("  %-22s %7d requests %4d errors  p50 %-9v p99 %-9v max %v", op.name, len(lat), n, p50, p99, pmax)
	}
	p50, p99, pmax := percentiles(all)
	t.Logf("soak: %d clients, %v, %s extractor, race detector %v: %d requests (%.0f/s), %d errors, %d documents ingested; latency p50 %v p99 %v max %v; heap %.1f MB before, %.1f MB after GC; goroutines %d before, %d after",
		clients, elapsed.Round(time.Millisecond), xName, raceEnabled, total, float64(total)/elapsed.Seconds(), errCount, ingested.Load(),
		p50, p99, pmax, mb(heapBefore), mb(heapAfter), goroutinesBefore, goroutinesAfter)

	if errCount > 0 {
		slices.Sort(samples)
		t.Errorf("%d requests failed; some of them:\n  %s", errCount, strings.Join(slices.Compact(samples)[:min(10, len(slices.Compact(samples)))], "\n  "))
	}
	if total < clients {
		t.Errorf("only %d requests in %v", total, elapsed)
	}
	if p := panics.count.Load(); p > 0 {
		t.Errorf("%d panics in the server log; the first:\n%s", p, panics.first())
	}
	if limit := 2*heapBefore + 50<<20; heapAfter > limit {
		t.Errorf("the heap grew from %.1f MB to %.1f MB (limit %.1f MB)", mb(heapBefore), mb(heapAfter), mb(limit))
	}
	if goroutinesAfter > goroutinesBefore+10 {
		t.Errorf("goroutines: %d before, %d after the run", goroutinesBefore, goroutinesAfter)
	}
	// Every ingested article is in the store: the fixture's 2 documents,
	// the warm-up's and every successful ingest (a failed one, if the test
	// is failing anyway, may or may not have been loaded).
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 + int(ingested.Load()); stats.Documents < want || errCount == 0 && stats.Documents != want {
		t.Errorf("the store holds %d documents after %d successful ingests, want %d", stats.Documents, ingested.Load(), want)
	}
}

// soakOp is one kind of request of the soak, with its share of the mix.
type soakOp struct {
	name   string
	weight int
	do     func(c *http.Client, rng *rand.Rand) error
}

func soakOps(base string, ingestSeq, ingested *atomic.Int64) []soakOp {
	// req sends a request and checks the status and that the body holds want.
	req := func(c *http.Client, method, path, body string, wantCode int, want string, header ...string) error {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		r, err := http.NewRequest(method, base+path, rd)
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		resp, err := c.Do(r)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return fmt.Errorf("reading the answer: %w", err)
		}
		if resp.StatusCode != wantCode {
			return fmt.Errorf("status %d, want %d: %.200s", resp.StatusCode, wantCode, b)
		}
		if !bytes.Contains(b, []byte(want)) {
			return fmt.Errorf("the answer lacks %q: %.200s", want, b)
		}
		return nil
	}
	entities := []string{"中粮集团", "飞利浦", "天津金泓基进出口贸易有限公司", "泰国"}
	pick := func(rng *rand.Rand) string { return entities[rng.IntN(len(entities))] }
	q := url.QueryEscape
	return []soakOp{
		{"entity card", 25, func(c *http.Client, rng *rand.Rand) error {
			e := pick(rng)
			return req(c, "GET", "/api/entity?name="+q(e), "", 200, `"name":"`+e+`"`)
		}},
		{"search", 20, func(c *http.Client, rng *rand.Rand) error {
			return req(c, "GET", "/api/search?q="+q([]string{"中粮", "飞利", "COFCO", "泰", "天津"}[rng.IntN(5)]), "", 200, `"name"`)
		}},
		{"neighbours depth 2", 20, func(c *http.Client, rng *rand.Rand) error {
			return req(c, "GET", "/api/neighbours?depth=2&name="+q(pick(rng)), "", 200, `"nodes"`)
		}},
		{"gizmo 2 hops", 20, func(c *http.Client, rng *rand.Rand) error {
			return req(c, "POST", "/api/v1/query/gizmo", `entity("中粮集团").In(dg("buyer")).Out(dg("country")).Out(dg("name")).All()`, 200, "泰国")
		}},
		{"unknown entity (404)", 3, func(c *http.Client, rng *rand.Rand) error {
			return req(c, "GET", "/api/entity?name="+q(fmt.Sprintf("无此公司%d", rng.IntN(1000))), "", 404, `"error"`)
		}},
		{"write without token (401)", 2, func(c *http.Client, rng *rand.Rand) error {
			return req(c, "POST", "/api/v2/write", newCompanyNQ, 401, `"error"`)
		}},
		{"ingest", 4, func(c *http.Client, rng *rand.Rand) error {
			n := ingestSeq.Add(1)
			iri := fmt.Sprintf("https://soak.example/%d", n)
			err := req(c, "POST", "/api/ingest?iri="+q(iri), syntheticArticle(n), 200, `"document":"`+iri+`"`, auth...)
			if err == nil {
				ingested.Add(1)
			}
			return err
		}},
	}
}

// syntheticArticle is a short news item about a purchase by a company
// whose name depends on n.
func syntheticArticle(n int64) string {
	syl := []string{"华", "泰", "金", "鑫", "恒", "达", "盛", "隆", "丰", "瑞", "宏", "源"}
	name := "天津" + syl[n%12] + syl[(n/12)%12] + syl[(n/144)%12] + "进出口贸易有限公司"
	return fmt.Sprintf("【新华社上海11月%d日电】11月%d日，%s与泰国正大集团签署大米采购协议，金额约%d亿美元。",
		n%28+1, n%28+1, name, n%90+1)
}

// soakExtractor stands for the extractor: the buyer is the company before
// 与, the country Thailand.
type soakExtractor struct{}

func (soakExtractor) Extract(_ context.Context, d extract.Document) (extract.Facts, error) {
	text := string(d.Raw)
	_, after, _ := strings.Cut(text, "日，")
	buyer, _, ok := strings.Cut(after, "与")
	if !ok || buyer == "" {
		return extract.Facts{}, fmt.Errorf("no buyer in %q", text)
	}
	id := "org/" + buyer
	return extract.Facts{
		Doc: extract.DocInfo{IRI: d.IRI, Name: d.Name, Hash: d.IRI},
		Entities: []extract.Entity{
			{ID: id, Kind: extract.Organization, Name: buyer},
			{ID: "country/TH", Kind: extract.Country, Name: "泰国", ISO: "TH"},
		},
		Deals: []extract.Deal{{ID: "deal-1", Kind: extract.Purchase, Buyer: id, Countries: []string{"country/TH"}, Evidence: text, Rule: "soak", Confidence: 1}},
	}, nil
}

// panicWatch is the server log of the soak: it keeps nothing but the
// panics (and the http.Server's own errors).
type panicWatch struct {
	count atomic.Int64
	mu    sync.Mutex
	lines []string
}

func (p *panicWatch) Write(b []byte) (int, error) {
	if bytes.Contains(b, []byte("panic")) || bytes.HasPrefix(b, []byte("http: ")) {
		p.count.Add(1)
		p.mu.Lock()
		if len(p.lines) < 3 {
			p.lines = append(p.lines, string(b))
		}
		p.mu.Unlock()
	}
	return len(b), nil
}

func (p *panicWatch) first() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

func (p *panicWatch) logger() *log.Logger { return log.New(p, "", 0) }

// settledHeap returns the live heap after garbage collection, and the
// number of goroutines once the connections closed have wound down.
func settledHeap() (heap uint64, goroutines int) {
	var ms runtime.MemStats
	for range 3 {
		time.Sleep(100 * time.Millisecond)
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, runtime.NumGoroutine()
}

func percentiles(d []time.Duration) (p50, p99, pmax time.Duration) {
	if len(d) == 0 {
		return 0, 0, 0
	}
	slices.Sort(d)
	at := func(q float64) time.Duration {
		return d[min(len(d)-1, int(q*float64(len(d))))].Round(10 * time.Microsecond)
	}
	return at(0.50), at(0.99), d[len(d)-1].Round(10 * time.Microsecond)
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }
